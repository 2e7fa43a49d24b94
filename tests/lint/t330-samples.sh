#!/usr/bin/env bash
# What each major ships and writes lints clean on that major: its
# postgresql.conf.sample, its pg_hba.conf.sample filled as initdb fills it
# (the default trust, and peer with scram-sha-256), and the data
# directories initdb makes with both.  Clean means no finding at all: no
# error (the server takes these files) and no warning (nothing in them is
# a mistake an expert would fix; initdb's own local and loopback
# replication lines with trust were hba-replication-everywhere once).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/pg.sh
. "$here/../lib/pg.sh"
pgpair=${PGPAIR:?}
pg_require 12 13 14 15 16 17 18

fail=0
w=$(pg_tmpdir)

# clean WHAT PGPAIR-ARGS...: lint prints nothing and exits 0.
clean() {
	local what=$1 out status=0
	shift
	out=$("$pgpair" lint "$@" 2>&1) || status=$?
	if [ "$status" != 0 ] || [ -n "$out" ]; then
		echo "FAIL $what: lint exited $status:"
		echo "$out" | sed "s|$w/||g; s/^/    /"
		fail=1
	else
		echo "ok $what"
	fi
}

for m in 12 13 14 15 16 17 18; do
	bin=$(pg_bindir "$m")
	share=$(pg_as_user "$bin/pg_config" --sharedir 2>/dev/null) || share=
	[ -f "$share/postgresql.conf.sample" ] ||
	    share=$(cd "$bin/../share/postgresql" 2>/dev/null && pwd) ||
	    share=/usr/share/postgresql/$m
	if [ ! -f "$share/postgresql.conf.sample" ]; then
		echo "FAIL $m: no postgresql.conf.sample near $bin"
		fail=1
		continue
	fi
	clean "$m postgresql.conf.sample" --pg-version "$m" --type conf \
	    "$share/postgresql.conf.sample"
	# initdb's replacements: the comment, the local lines (kept on a
	# system with Unix sockets) and the methods
	for methods in "trust trust" "peer scram-sha-256"; do
		set -- $methods
		sed -e 's/@authcomment@//' \
		    -e 's/@remove-line-for-nolocal@//' \
		    -e "s/@authmethodlocal@/$1/" -e "s/@authmethodhost@/$2/" \
		    "$share/pg_hba.conf.sample" >"$w/pg_hba-$m-$1.conf"
		clean "$m pg_hba.conf.sample ($1, $2)" --pg-version "$m" \
		    --type hba "$w/pg_hba-$m-$1.conf"
	done
	pg_initdb "$w/trust$m" "$m" || { fail=1; continue; }
	clean "$m initdb -A trust" "$w/trust$m"
	pg_as_user "$bin/initdb" -D "$w/scram$m" --no-sync --auth-local=peer \
	    --auth-host=scram-sha-256 >/dev/null 2>&1 ||
	    { echo "FAIL $m: initdb --auth-host=scram-sha-256"; fail=1; continue; }
	clean "$m initdb peer, scram-sha-256" "$w/scram$m"
done
exit "$fail"

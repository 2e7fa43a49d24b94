#!/bin/bash
# t006: the initdb: key against the real initdb of every major installed
# (12 to 18; under CI all must be).
#
# Options: two clusters per major are made by initdb with exactly the
# options pgpair gives (plus -A trust --no-sync), one with checksums on,
# UTF8 and two locales, one with checksums off and LATIN1: the server
# itself (postgres --single) must report that checksum state, encoding,
# lc_collate and lc_ctype.  On 18 the second needs --no-data-checksums,
# before 18 no option at all.
#
# Encodings: each name the server knows (pg_encoding_to_char), and a few
# spellings users write, goes into a description; pgpair's verdict
# (tests/unit/initdb-cli, which prints model_initdb_options()) must be
# initdb's, and the --encoding= it passes must be one initdb takes.  initdb
# judges the encoding before it touches its target, so a target that is
# not empty makes it stop right after: "not a valid server encoding", or
# "exists but is not empty" for a valid one.
set -euo pipefail

: "${top_srcdir:?}" "${top_builddir:?}"
# shellcheck source=../lib/pg.sh
. "$top_srcdir/tests/lib/pg.sh"

cli=$top_builddir/tests/unit/initdb-cli
[ -x "$cli" ] || { echo "FAIL: $cli not built" >&2; exit 1; }

majors=()
for m in 12 13 14 15 16 17 18; do
	if pg_bindir "$m" >/dev/null; then
		majors+=("$m")
	elif [ -n "${CI:-}" ]; then
		echo "FAIL (CI): no PostgreSQL $m binaries" >&2
		exit 1
	fi
done
[ "${#majors[@]}" -gt 0 ] || pg_skip "no PostgreSQL binaries"

t=$(pg_tmpdir)
fail=0
bad() {
	echo "FAIL $*" >&2
	fail=1
}

# describe FILE INITDB-FLOW-MAPPING: a valid description with that initdb:.
describe() {
	cat >"$1" <<YAML
cluster: t006
postgres: {version: $major}
platform: generic
replication: {user: replica, password: {env: PW}}
initdb: $2
nodes:
  - {name: pg1, role: primary, address: 127.0.0.1}
YAML
}

# single DIR SQL: one value from a stand-alone backend on DIR's cluster.
single() {
	echo "$2" | pg_as_user "$bin/postgres" --single -D "$1" -j template1 \
	    2>/dev/null | sed -n 's/^[[:space:]]*1: r = "\(.*\)"[[:space:]].*/\1/p'
}

# initdb_takes ENCODING: 0 when initdb takes it as a server encoding.
initdb_takes() {
	local out
	out=$(pg_as_user "$bin/initdb" -D "$t/full" -E "$1" --locale=C 2>&1) &&
	    { bad "$major: initdb wrote into a full directory"; return 2; }
	case $out in
	*"exists but is not empty"*) return 0 ;;
	*"is not a valid server encoding name"*) return 1 ;;
	*) bad "$major: initdb -E $1: $out"; return 2 ;;
	esac
}

pg_as_user mkdir "$t/full"
pg_as_user touch "$t/full/keep"
nenc=0
for major in "${majors[@]}"; do
	bin=$(pg_bindir "$major")
	cd "$t"

	# --- two real clusters with pgpair's options -------------------------
	names_dir=
	for spec in \
	    "{data_checksums: true, encoding: UTF8, locale: C.UTF-8, lc_collate: C}|on|UTF8|C|C.UTF-8" \
	    "{data_checksums: false, encoding: latin1, locale: C}|off|LATIN1|C|C"; do
		IFS='|' read -r mapping want_sum want_enc want_coll want_ctype \
		    <<<"$spec"
		describe "$t/opt.yaml" "$mapping"
		out=$("$cli" "$t/opt.yaml") ||
		    { bad "$major: initdb-cli on $mapping"; continue; }
		mapfile -t opts <<<"$out"
		case $want_sum/$major in
		off/18) want_opt=--no-data-checksums ;;
		off/*) want_opt= ;;
		on/*) want_opt=--data-checksums ;;
		esac
		if [ -n "$want_opt" ]; then
			[ "${opts[0]:-}" = "$want_opt" ] ||
			    bad "$major: $mapping gives ${opts[*]}"
		else
			case " ${opts[*]} " in
			*checksums*) bad "$major: $mapping gives ${opts[*]}" ;;
			esac
		fi
		d=$t/c$major-$want_sum
		if ! pg_as_user "$bin/initdb" -D "$d" -A trust --no-sync \
		    "${opts[@]}" >"$d.log" 2>&1; then
			bad "$major: initdb ${opts[*]}: $(cat "$d.log")"
			continue
		fi
		got=$(single "$d" "SELECT current_setting('data_checksums')
		    || '|' || pg_encoding_to_char(encoding) || '|' ||
		    datcollate || '|' || datctype AS r
		    FROM pg_database WHERE datname = 'template1'")
		want="$want_sum|$want_enc|$want_coll|$want_ctype"
		[ "$got" = "$want" ] ||
		    bad "$major: initdb ${opts[*]} made \"$got\", not \"$want\""
		if [ "$want_sum" = on ]; then
			names_dir=$d
		else
			rm -rf "$d"
		fi
	done
	# --- the encodings' names, from the first cluster --------------------
	[ -n "$names_dir" ] || continue
	names=$(single "$names_dir" "SELECT string_agg(
	    pg_encoding_to_char(i), ' ' ORDER BY i) AS r
	    FROM generate_series(0, 63) AS i WHERE pg_encoding_to_char(i) <> ''")
	rm -rf "$names_dir"
	[ "$(wc -w <<<"$names")" -ge 40 ] ||
	    { bad "$major: the server names few encodings: $names"; continue; }
	for name in $names utf-8 Latin1 iso-8859-5 sql-ascii Win_1252; do
		nenc=$((nenc + 1))
		describe "$t/enc.yaml" "{encoding: $name}"
		if out=$("$cli" "$t/enc.yaml" 2>/dev/null); then
			opt=${out#--encoding=}
			[ "$out" = "--encoding=$opt" ] ||
			    { bad "$major: $name gives \"$out\""; continue; }
			initdb_takes "$name" ||
			    bad "$major: pgpair takes $name, initdb does not"
			[ "$opt" = "$name" ] || initdb_takes "$opt" ||
			    bad "$major: pgpair passes --encoding=$opt for" \
			    "$name, initdb refuses it"
		else
			rc=0
			initdb_takes "$name" || rc=$?
			[ "$rc" != 0 ] ||
			    bad "$major: initdb takes $name, pgpair refuses it"
		fi
	done
done

[ "$fail" = 0 ] || exit 1
echo "ok: majors ${majors[*]}: $nenc encoding names agree with initdb;" \
    "checksums, encoding and locales are in effect"

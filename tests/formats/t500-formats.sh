#!/bin/bash
# tests/formats/t500-formats.sh: the output formats of check and lint
# (text, json, sarif, github) on the same findings, checked against each
# other by formats-check.py: the SARIF log against the official SARIF
# 2.1.0 schema with a real validator (Python's jsonschema) and against the
# rule table and pgpair explain, the GitHub workflow commands and the text
# against the JSON document.  The inputs include files whose names and
# contents hold bytes that are not UTF-8, terminal escape sequences,
# control and bidi characters, commas, colons and percent signs: every
# format must stay valid and escape them as src/escape.h says, and the
# exact text and GitHub output of that case is escape.out_text and
# escape.out_github.  REGEN=1 rewrites those two (review the diff).
#
# The schema is $SARIF_SCHEMA, else ../shared/sarif/sarif-schema-2.1.0.json
# beside the source tree.  Without it the SARIF log is still checked, but
# not against the schema, except when CI is set: there that is a failure.
# Without a python3 that has jsonschema the test is skipped (77), except
# under CI.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
PGPAIR=${PGPAIR:-$top_builddir/src/pgpair}
here=$top_srcdir/tests/formats
fails=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

[ -x "$PGPAIR" ] || { echo "FAIL: no program at $PGPAIR" >&2; exit 99; }
python=
for p in ${PYTHON:-} /usr/bin/python3 python3; do
	if "$p" -c 'import jsonschema; jsonschema.Draft4Validator' \
	    >/dev/null 2>&1; then
		python=$p
		break
	fi
done
if [ -z "$python" ]; then
	[ -n "${CI:-}" ] && { echo "FAIL (CI): no python3 with jsonschema" >&2; exit 1; }
	echo "SKIP: no python3 with jsonschema (Debian: python3-jsonschema)" >&2
	exit 77
fi
schema=${SARIF_SCHEMA:-$top_srcdir/../shared/sarif/sarif-schema-2.1.0.json}
if [ ! -r "$schema" ]; then
	if [ -n "${CI:-}" ]; then
		fail "no SARIF schema at $schema"
	else
		echo "note: no SARIF schema at $schema: SARIF not validated" \
		    "against it" >&2
	fi
	schema=
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/t500.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/ref/explain" "$tmp/w/db" || exit 99

# What every run is checked against: the rule table, its explanations,
# the version.
"$PGPAIR" rules --format json >"$tmp/ref/rules.json" || exit 99
"$PGPAIR" --version >"$tmp/ref/version" || exit 99
for id in $("$PGPAIR" rules | awk '{ print $1 }'); do
	"$PGPAIR" explain "$id" >"$tmp/ref/explain/$id" || exit 99
done

# --- the inputs ------------------------------------------------------------
cd "$tmp/w" || exit 99
printf 'host all all all md5\nhost all all 127.0.0.1/33 md4\nhost all all all md5\n' \
    >pg_hba.conf
printf 'shared_buffers = 1gb\nport = 5432\nport = 5433\n' >postgresql.conf
: >empty-hba.conf
cp "$top_srcdir/tests/check/weak-auth.yaml" db/weak-auth.yaml || exit 99
# Names and contents that no format may pass on raw: an invalid byte,
# ESC sequences (colour, window title, clear screen), BEL, a bidi
# override, an overlong '/', and , : % which GitHub properties escape.
conf=$'bad\xffname\x1b[31m,50%:x.conf'
hba=$'hba\xfe\xe2\x80\xae.conf'
printf "cluster_name = '\033[31mred\033]0;title\a \303( \342\200\256'\nwork_mem = \377x\302\233\n" \
    >"$conf"
printf 'host all all all md5 # \342\200\256 note\nhost \033[2Jdb all all m\033[31md\3775\nhost all \300\257 all tr\tust\n' \
    >"$hba"

# formats NAME ARGS...: each format of one run into $tmp/NAME, then the
# cross-check.
formats() {
	local name=$1 f rc want=
	shift
	mkdir -p "$tmp/$name" || exit 99
	cp -r "$tmp/ref/." "$tmp/$name/" || exit 99
	for f in text json sarif github; do
		"$PGPAIR" "$@" --format "$f" >"$tmp/$name/out.$f" \
		    2>"$tmp/$name/err.$f"
		rc=$?
		# check's text goes to stderr, the rest to stdout
		if [ "$f" = text ] && [ "$1" = check ]; then
			mv "$tmp/$name/err.$f" "$tmp/$name/out.$f"
		elif [ -s "$tmp/$name/err.$f" ]; then
			fail "$name --format $f wrote on stderr:" \
			    "$(cat "$tmp/$name/err.$f")"
		fi
		[ -z "$want" ] && want=$rc
		[ "$rc" = "$want" ] ||
		    fail "$name: exit $rc with --format $f, $want with text"
		[ "$rc" = 0 ] || [ "$rc" = 1 ] || [ "$rc" = 2 ] ||
		    fail "$name --format $f: exit $rc"
	done
	pwd >"$tmp/$name/cwd"
	if ! "$python" "$here/formats-check.py" "$tmp/$name" $schema \
	    >"$tmp/$name/check" 2>&1; then
		fail "$name:"
		cat "$tmp/$name/check" >&2
	else
		echo "ok $name: $(cat "$tmp/$name/check")"
	fi
}

formats lint-files lint pg_hba.conf postgresql.conf "$PWD/postgresql.conf" \
    empty-hba.conf db/weak-auth.yaml ./pg_hba.conf
formats lint-escape lint "$conf" "$hba"
formats lint-missing lint --pg-version 16 pg_hba.conf no-such.conf
formats check check db/weak-auth.yaml
formats check-clean check "$top_srcdir/examples/shop.yaml"

# The exit statuses the formats agreed on are the ones wanted.
"$PGPAIR" lint "$conf" "$hba" >/dev/null; rc=$?
[ "$rc" = 1 ] || fail "lint of the escape case exited $rc, not 1"
"$PGPAIR" lint pg_hba.conf no-such.conf >/dev/null; rc=$?
[ "$rc" = 2 ] || fail "lint of a missing file exited $rc, not 2"

# The escape case, exactly.
for f in text github; do
	"$PGPAIR" lint --format "$f" "$conf" "$hba" >"$tmp/escape.$f"
	if [ "${REGEN:-}" = 1 ]; then
		cp "$tmp/escape.$f" "$here/escape.out_$f"
	elif ! diff -u "$here/escape.out_$f" "$tmp/escape.$f"; then
		fail "the $f output of the escape case is not escape.out_$f"
	fi
done

if [ "$fails" -gt 0 ]; then
	echo "$fails failure(s)" >&2
	exit 1
fi
exit 0

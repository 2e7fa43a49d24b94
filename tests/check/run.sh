#!/bin/bash
# Script test for `pgpair check`: every tests/check/<case>.yaml is checked
# from inside tests/check (so that file names in the output are relative and
# stable), and "exit: STATUS" followed by the exact stderr must equal
# <case>.out; stdout must stay empty.  With REGEN=1 the .out files are
# rewritten instead: review that diff like code.
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${top_srcdir:+$top_srcdir/tests/check}
srcdir=${srcdir:-$here}
pgpair=${PGPAIR:-${top_builddir:-$here/../..}/src/pgpair}

if [ ! -x "$pgpair" ]; then
	echo "run.sh: no pgpair binary at $pgpair" >&2
	exit 99
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

cd "$srcdir" || exit 99
fail=0
n=0
for yaml in *.yaml; do
	[ -e "$yaml" ] || continue
	case=${yaml%.yaml}
	n=$((n + 1))
	"$pgpair" check "$yaml" >"$tmp/stdout" 2>"$tmp/stderr"
	status=$?
	{
		echo "exit: $status"
		cat "$tmp/stderr"
	} >"$tmp/actual"
	if [ "${REGEN:-}" = 1 ]; then
		cp "$tmp/actual" "$case.out" || exit 99
		continue
	fi
	if [ ! -f "$case.out" ]; then
		echo "FAIL $case: no $case.out (run with REGEN=1 and review)"
		fail=1
	elif ! diff -u "$case.out" "$tmp/actual"; then
		echo "FAIL $case"
		fail=1
	elif [ -s "$tmp/stdout" ]; then
		echo "FAIL $case: unexpected output on stdout:"
		cat "$tmp/stdout"
		fail=1
	else
		echo "ok $case"
	fi
done
if [ "$n" -eq 0 ]; then
	echo "run.sh: no cases in $srcdir" >&2
	exit 99
fi
exit "$fail"

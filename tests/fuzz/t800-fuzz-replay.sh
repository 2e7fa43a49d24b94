#!/usr/bin/env bash
# The fuzz targets without libFuzzer (tests/fuzz/replay.c as their main):
# every regression input of tests/fuzz/regress/NAME, each a file that once
# crashed, hung or blew up, and the seed corpus built from the test suite,
# through target NAME.  In the normal build this proves the findings stay
# fixed; in the sanitizer build (configure --enable-sanitizers) it runs
# every reader under AddressSanitizer and UBSan on those inputs.
set -eu
: "${top_srcdir:?}" "${top_builddir:?}"
bin=$top_builddir/tests/fuzz
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pgpair-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

bash "$top_srcdir/tests/fuzz/seeds.sh" "$top_srcdir" "$tmp/seeds"
fail=0
for t in conf hba ident quote tmpl yaml; do
	set -- "$tmp/seeds/$t"
	[ -d "$top_srcdir/tests/fuzz/regress/$t" ] &&
	    set -- "$top_srcdir/tests/fuzz/regress/$t" "$@"
	n=$(find "$@" -type f | wc -l)
	if "$bin/replay-$t" "$@"; then
		echo "ok: $t, $n inputs"
	else
		echo "FAIL: $t (status $?)"
		fail=1
	fi
done
exit "$fail"

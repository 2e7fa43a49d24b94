#!/usr/bin/env bash
# pgpair under valgrind (memcheck): no invalid read or write, no use of an
# uninitialised value, no leak of any kind, on what users run most:
# check, generate (with the password at hand and without), diff and lint
# --cluster of examples/shop.yaml and of every golden description; check
# of every tests/check description; lint of every tests/lint case, in one
# run per kind and major, in each format, and from standard input; lint
# of a generated tree; and lint of a 1 MiB pg_hba.conf (a large file,
# read and checked as it is read).
#
# Skipped without valgrind, except under CI; skipped in the sanitizer
# build (configure --enable-sanitizers), whose programs valgrind cannot
# run.
set -euo pipefail
: "${top_srcdir:?}" "${PGPAIR:?}"

skip() {
	if [ -n "${CI:-}" ] && [ -z "${PGPAIR_SANITIZED:-}" ]; then
		echo "FAIL (CI): $*" >&2
		exit 1
	fi
	echo "SKIP: $*" >&2
	exit 77
}
[ -z "${PGPAIR_SANITIZED:-}" ] || skip "sanitizer build: valgrind cannot run it"
command -v valgrind >/dev/null 2>&1 || skip "no valgrind"

t=$(mktemp -d "${TMPDIR:-/tmp}/pgpair-vg.XXXXXX")
trap 'rm -rf "$t"' EXIT
fail=0
runs=0

# vg WANT_STATUS ARGS...: pgpair ARGS under valgrind; its status must be
# WANT_STATUS (0, 1 or 2: what pgpair says), and valgrind must say nothing.
# Status 86 is valgrind's: an error or a leak.  A failing run is run again
# with --track-origins, which doubles the time, for the report.
valgrind=(valgrind -q --error-exitcode=86 --leak-check=full
    --show-leak-kinds=all --errors-for-leak-kinds=all)
vg() {
	local want=$1 rc=0
	shift
	runs=$((runs + 1))
	"${valgrind[@]}" --log-file="$t/vg.log" "$PGPAIR" "$@" \
	    >"$t/out" 2>"$t/err" || rc=$?
	if [ "$rc" != "$want" ] || [ -s "$t/vg.log" ]; then
		echo "FAIL: pgpair $* (in $(pwd)): exit $rc, wanted $want"
		"${valgrind[@]}" --track-origins=yes --log-file="$t/vg.log" \
		    "$PGPAIR" "$@" >"$t/out" 2>"$t/err" || true
		cat "$t/vg.log" "$t/err"
		fail=1
	fi
}

PGPAIR_TEST_PW=correct-horse-battery
descs=("$top_srcdir/examples/shop.yaml" "$top_srcdir"/tests/golden/*/cluster.yaml)
for d in "${descs[@]}"; do
	n=$(basename "$(dirname "$d")")-$(basename "$d" .yaml)
	vg 0 check "$d"
	# Without the password, then with it (the SCRAM verifier), then
	# diff (the verifier kept) and lint of the trees.
	unset PGPAIR_REPLICATION_PASSWORD LEDGER_REPLICATION_PASSWORD
	vg 0 generate "$d" -o "$t/$n"
	export PGPAIR_REPLICATION_PASSWORD=$PGPAIR_TEST_PW \
	    LEDGER_REPLICATION_PASSWORD=$PGPAIR_TEST_PW
	vg 0 generate "$d" -o "$t/$n.pw"
	vg 0 diff "$d" "$t/$n.pw"
	vg 0 diff --format json "$d" "$t/$n.pw"
	vg 0 lint --cluster "$d" "$t/$n.pw"
	vg 0 lint --format json "$t/$n"
	unset PGPAIR_REPLICATION_PASSWORD LEDGER_REPLICATION_PASSWORD
done

cd "$top_srcdir/tests/check"
for y in *.yaml; do
	want=$(sed -n '1s/^exit: //p' "${y%.yaml}.out")
	vg "$want" check --format json "$y"
done

# lint: every case, one run per kind and major (the .args of hba-rules
# say 16); the status is 1 when any case has an error (hba-rules have
# warnings only).
cd "$top_srcdir/tests/lint/conf"
vg 1 lint --type conf ./*.conf
vg 1 lint --type conf --format json ./*.conf
vg 1 lint --type conf --format sarif ./*.conf
vg 1 lint --type conf --format github ./*.conf
vg 1 lint --type conf - <syntax-several-errors.conf
cd "$top_srcdir/tests/lint/hba"
for m in 12 13 14 15 16 17 18; do
	mapfile -t cases < <(grep -l "^# pg-version: $m\$" ./*.conf || true)
	[ "${#cases[@]}" -gt 0 ] || continue
	vg 1 lint --type hba --pg-version "$m" "${cases[@]}"
done
cd "$top_srcdir/tests/lint/hba-rules"
vg 0 lint --type hba --pg-version 16 ./*.conf
vg 0 lint --type hba --pg-version 16 --format sarif ./*.conf

# A pg_hba.conf of 1 MiB and more.
{
	echo "local all postgres peer"
	for i in $(seq 0 24999); do
		echo "host db$i user$i 10.$((i / 256 % 256)).$((i % 256)).0/24 scram-sha-256"
	done
	echo "host all all 0.0.0.0/0 md5"
} >"$t/big_hba.conf"
[ "$(stat -c %s "$t/big_hba.conf")" -ge 1048576 ] ||
    { echo "FAIL: big_hba.conf is under 1 MiB"; fail=1; }
vg 0 lint --type hba --pg-version 17 "$t/big_hba.conf"

[ "$fail" = 0 ] && echo "ok: $runs runs under valgrind, no error and no leak"
exit "$fail"

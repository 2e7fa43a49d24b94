#!/usr/bin/env bash
# t340: no input makes pgpair hang or grow.  Each run is bounded by
# timeout(1), so that a regression fails instead of hanging make check,
# and its peak memory is measured with /usr/bin/time where there is one
# (not in the sanitizer build, whose shadow memory would swamp it).
#   - include '/dev/zero', of a FIFO, of /dev/stdin (stdin a pipe that
#     never ends), include_if_exists of a FIFO; pg_hba include /dev/zero
#     (16+) and @/dev/zero; pgpair lint /dev/zero and lint of a FIFO
#     (exit 2); check of a FIFO description: errors naming the file;
#   - two 5-line postgresql.conf (or pg_hba.conf) files that include each
#     other four times: the server would read a million files; pgpair
#     reports the four failing includes once each and stays small;
#   - an include_dir of 100,000 empty files (5,000 without a tmpfs):
#     refused, quickly, in little memory;
#   - 10,005 findings: 10,000 shown, then "N more" (text) and "more"
#     (JSON), with the exit status of the worst of them.
set -euo pipefail

: "${top_srcdir:?}" "${top_builddir:?}"
PGPAIR=${PGPAIR:-$top_builddir/src/pgpair}

t=$(mktemp -d "${TMPDIR:-/tmp}/pgpair-t340.XXXXXX")
trap 'rm -rf "$t"' EXIT
cd "$t"
fail=0
failed() {
	echo "FAIL: $*" >&2
	fail=1
}

# Peak memory is checked only with GNU time, and not under the sanitizers.
measure=
if [ -x /usr/bin/time ] && [ -z "${PGPAIR_SANITIZED:-}" ] &&
    /usr/bin/time -f %M true 2>/dev/null; then
	measure=1
fi

# run NAME WANT_STATUS MAX_KB ARGS...: pgpair ARGS with stdin from
# /dev/null, at most 20 seconds; stdout in NAME.out, stderr in NAME.err,
# peak RSS (KiB) checked against MAX_KB when it can be measured.
run() {
	local name=$1 want=$2 maxkb=$3 rc=0 kb
	shift 3
	if [ -n "$measure" ]; then
		timeout 20 /usr/bin/time -o "$name.rss" -f %M "$PGPAIR" "$@" \
		    </dev/null >"$name.out" 2>"$name.err" || rc=$?
	else
		timeout 20 "$PGPAIR" "$@" </dev/null >"$name.out" \
		    2>"$name.err" || rc=$?
	fi
	if [ "$rc" = 124 ]; then
		failed "$name: still running after 20 s"
		return
	fi
	[ "$rc" = "$want" ] || failed "$name: exit $rc, expected $want"
	if [ -n "$measure" ]; then
		kb=$(tail -n 1 "$name.rss")
		[ "$kb" -le "$maxkb" ] ||
		    failed "$name: peak RSS $kb KiB, more than $maxkb"
	fi
}

# expect NAME LINE: stdout of NAME holds LINE exactly.
expect() {
	grep -qxF -- "$2" "$1.out" || {
		failed "$1: no line \"$2\" in:"
		head -n 20 "$1.out" >&2
	}
}

# expect_lines NAME N: stdout of NAME has N lines, not counting the
# quoted source lines and carets under each diagnostic.
expect_lines() {
	local n
	n=$(grep -Evc '^ +([0-9]+ )?\| ' "$1.out")
	[ "$n" = "$2" ] || {
		failed "$1: $n lines, expected $2:"
		head -n 20 "$1.out" >&2
	}
}

mkfifo fifo.conf

# --- files that are not regular files ---
echo "include '/dev/zero'" >zero.conf
run zero 1 20000 lint zero.conf
expect zero "zero.conf:1:9: error: could not open configuration file \"/dev/zero\": not a regular file but a device [conf-include]"

echo "include 'fifo.conf'" >fifo-inc.conf
run fifo-inc 1 20000 lint fifo-inc.conf
expect fifo-inc "fifo-inc.conf:1:9: error: could not open configuration file \"fifo.conf\": not a regular file but a FIFO [conf-include]"

# include_if_exists skips a missing file only: the server opens a FIFO
echo "include_if_exists 'fifo.conf'" >fifo-ifx.conf
run fifo-ifx 1 20000 lint fifo-ifx.conf
expect fifo-ifx "fifo-ifx.conf:1:19: error: could not open configuration file \"fifo.conf\": not a regular file but a FIFO [conf-include]"

# /dev/stdin, stdin a FIFO that stays open (this shell holds its writing
# end): nothing may wait for it
echo "include '/dev/stdin'" >stdin.conf
mkfifo open.fifo
exec 3<>open.fifo
rc=0
timeout 20 "$PGPAIR" lint stdin.conf <&3 >stdin.out 2>&1 || rc=$?
exec 3>&-
[ "$rc" = 1 ] || failed "stdin: exit $rc, expected 1"
expect stdin "stdin.conf:1:9: error: could not open configuration file \"/dev/stdin\": not a regular file but a FIFO [conf-include]"

printf 'local all all peer\ninclude /dev/zero\n' >zero_hba.conf
run zero-hba 1 20000 lint --pg-version 16 zero_hba.conf
expect zero-hba "zero_hba.conf:2:9: error: could not open file \"/dev/zero\": not a regular file but a device [hba-include]"

printf 'local @/dev/zero all peer\n' >at_hba.conf
run at-hba 1 20000 lint --pg-version 15 at_hba.conf
expect at-hba "at_hba.conf:1:7: error: could not open secondary authentication file \"@/dev/zero\" as \"/dev/zero\": not a regular file but a device [hba-include]"
run at-hba-18 1 20000 lint --pg-version 18 at_hba.conf
expect at-hba-18 "at_hba.conf:1:7: error: could not open file \"/dev/zero\": not a regular file but a device [hba-include]"

# command-line arguments: exit 2
run lint-zero 2 20000 lint /dev/zero
expect lint-zero "/dev/zero: error: cannot open \"/dev/zero\": not a regular file but a device"
run lint-fifo 2 20000 lint --type hba fifo.conf
expect lint-fifo "fifo.conf: error: cannot read: not a regular file but a FIFO"
mkfifo fifo.yaml
run check-fifo 2 20000 check fifo.yaml
grep -qxF 'fifo.yaml: error: cannot open "fifo.yaml": not a regular file but a FIFO' \
    check-fifo.err || failed "check-fifo: $(cat check-fifo.err)"

# --- two files that include each other ---
for f in a b; do
	o=$([ "$f" = a ] && echo b || echo a)
	for i in 1 2 3 4; do
		echo "include '$o.conf'"
	done >"$f.conf"
	echo "work_mem = 1MB" >>"$f.conf"
done
run cycle 1 20000 lint a.conf
# a.conf is read at depths 0, 2, ... 10: its includes fail at 10
for i in 1 2 3 4; do
	expect cycle "a.conf:$i:9: error: could not open configuration file \"b.conf\": maximum nesting depth exceeded [conf-include]"
done
expect cycle "b.conf:5:1: warning: parameter \"work_mem\" is set again in \"a.conf\" line 5; the last setting wins [conf-duplicate]"
expect_lines cycle 5

for f in a b; do
	o=$([ "$f" = a ] && echo b || echo a)
	for i in 1 2 3 4; do
		echo "include ${o}_hba.conf"
	done >"${f}_hba.conf"
	echo "local all all peer" >>"${f}_hba.conf"
done
run cycle-hba 1 20000 lint --pg-version 16 a_hba.conf
for i in 1 2 3 4; do
	expect cycle-hba "a_hba.conf:$i:9: error: could not open file \"b_hba.conf\": maximum nesting depth exceeded [hba-include]"
done
# b_hba.conf's line, read first (at depth 1), is the one that applies
expect cycle-hba "a_hba.conf:5:1: warning: line 5 of \"b_hba.conf\" matches every connection this line matches, so this line never applies [hba-shadowed]"
expect_lines cycle-hba 5

# --- an include_dir of 100,000 empty files ---
# Made in a tmpfs when there is one: on a busy disk they take a minute.
# Elsewhere 5,000 show the same (the limit is 1,000).
nmany=5000
if many=$(mktemp -d /dev/shm/pgpair-t340.XXXXXX 2>/dev/null); then
	nmany=100000
else
	many=$(mktemp -d "${TMPDIR:-/tmp}/pgpair-t340m.XXXXXX")
fi
trap 'rm -rf "$t" "$many"' EXIT
(cd "$many" && seq 1 "$nmany" | sed 's/$/.conf/' | xargs touch)
echo "include_dir '$many'" >many.conf
run many 1 20000 lint many.conf
expect many "many.conf:1:13: error: could not open configuration directory \"$many\": more than 1000 files (pgpair's limit) [conf-include]"
echo "include_dir $many" >many_hba.conf
run many-hba 1 20000 lint --pg-version 16 many_hba.conf
expect many-hba "many_hba.conf:1:13: error: could not open directory \"$many\": more than 1000 files (pgpair's limit) [hba-include]"
rm -rf "$many"

# --- more findings than are kept ---
{
	echo "port = 1x"
	for i in $(seq 1 10005); do
		echo "work_mem = ${i}kB"
	done
} >findings.conf
run findings 1 60000 lint findings.conf
expect_lines findings 10001
expect findings "pgpair: error: 5 more diagnostics not shown: 1 error, 4 warnings (pgpair keeps the first 10000)"
run findings-json 1 60000 lint --format json findings.conf
grep -q ',"more":{"count":5,"error":1,"warning":4,"info":0}}$' \
    findings-json.out || failed "findings-json: no \"more\" member"

exit "$fail"

#!/usr/bin/env bash
# pgpair diff, and what generate says it wrote, on a tree generated from
# tests/golden/generic-sync/cluster.yaml:
#   - a fresh tree: diff exits 0 and prints nothing; a second generate
#     reports every file unchanged and leaves them alone (inode, mtime);
#   - a hand-edited pg_hba.conf line: exit 1, and the diff is exactly
#     hba-edit.out (and what GNU diff -u prints, when it is installed);
#   - a deleted file is shown as added from /dev/null, then created again;
#   - a setting changed in a copy of the description: the diff is exactly
#     setting.out, and generate then reports exactly the files diff named;
#   - a node removed from the description: its files shown as deleted,
#     then removed by generate, its runbook.log kept;
#   - a mode, an extra file, a folder left by hand, patch -p1, errors;
#   - with the password in the environment the verifier in roles.sql is
#     kept: diff exits 0 with no output at all.
#
#   tests/diff/run.sh           compare (make check)
#   tests/diff/run.sh --regen   rewrite hba-edit.out and setting.out
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
top_builddir=${top_builddir:-$(pwd)}
PGPAIR=${PGPAIR:-$top_builddir/src/pgpair}
regen=0
if [ "${1:-}" = --regen ]; then
	regen=1
fi
PW_VAR=LEDGER_REPLICATION_PASSWORD

t=$(mktemp -d "${TMPDIR:-/tmp}/pgpair-diff.XXXXXX")
trap 'rm -rf "$t"' EXIT
fail=0
failed() {
	echo "FAIL: $*" >&2
	fail=1
}

# gen DESC DIR [VAR=VALUE...]: generate, stderr into gen.err.
gen() {
	local desc=$1 out=$2 rc=0
	shift 2
	env -u "$PW_VAR" "$@" "$PGPAIR" generate "$desc" -o "$out" \
	    2>gen.err || rc=$?
	[ "$rc" = 0 ] || { cat gen.err >&2; failed "generate $desc: exit $rc"; }
}

# dif DESC DIR [VAR=VALUE...]: diff into diff.out and diff.err; its exit
# status in $rc.
dif() {
	local desc=$1 out=$2
	shift 2
	rc=0
	env -u "$PW_VAR" "$@" "$PGPAIR" diff "$desc" "$out" >diff.out \
	    2>diff.err || rc=$?
}

# expect_out NAME: diff.out is tests/diff/NAME (or becomes it with --regen).
expect_out() {
	if [ "$regen" = 1 ]; then
		cp diff.out "$here/$1"
		echo "regenerated $1"
	elif ! cmp -s "$here/$1" diff.out; then
		failed "the diff is not $1:"
		diff -u "$here/$1" diff.out >&2 || true
	fi
}

# state: "path inode mtime mode" of every file under out.
state() {
	(cd out && find . -type f -printf '%P %i %T@ %m\n' | sort)
}

cd "$t"
cp "$here/../golden/generic-sync/cluster.yaml" cluster.yaml

# --- a fresh tree --------------------------------------------------------
gen cluster.yaml out
nfiles=$(find out -type f | wc -l)
[ "$(grep -c '^pgpair: created out/' gen.err)" = "$nfiles" ] ||
    failed "generate did not name each of the $nfiles files it created"
grep -qx "pgpair: $nfiles created, 0 changed, 0 unchanged in out" gen.err ||
    failed "generate: no count \"$nfiles created\": $(cat gen.err)"
grep -qx 'pgpair: created out/.pgpair/description.yaml' gen.err ||
    failed "generate did not create .pgpair/description.yaml"
cmp -s cluster.yaml out/.pgpair/description.yaml ||
    failed ".pgpair/description.yaml is not the description, byte for byte"
cp -R out pristine

dif cluster.yaml out
[ "$rc" = 0 ] || failed "diff of a fresh tree: exit $rc"
[ ! -s diff.out ] || failed "diff of a fresh tree printed: $(cat diff.out)"
# Only the note that the password is not at hand.
if grep -v "^pgpair: info: $PW_VAR is not set" diff.err >&2; then
	failed "diff of a fresh tree: more than the password note on stderr"
fi

# --- a second generate leaves every file alone ---------------------------
find out -type f -exec touch -d '2001-02-03 04:05:06' {} +
state >before
gen cluster.yaml out
state >after
cmp -s before after || failed "a second generate touched files:" \
    "$(diff before after)"
grep -qx "pgpair: 0 created, 0 changed, $nfiles unchanged in out" gen.err ||
    failed "second generate: $(cat gen.err)"
if grep -E '^pgpair: (created|changed) ' gen.err >&2; then
	failed "second generate named files as written"
fi

# --- one line of a pg_hba.conf edited by hand ----------------------------
sed -i '16s/scram-sha-256$/md5/' out/pg-b/pg_hba.conf
dif cluster.yaml out
[ "$rc" = 1 ] || failed "diff after a hand edit: exit $rc, wanted 1"
expect_out hba-edit.out
[ "$(grep -c '^-[^-]' diff.out)" = 1 ] && [ "$(grep -c '^+[^+]' diff.out)" = 1 ] ||
    failed "the diff of a one-line edit changes more than one line"
if command -v diff >/dev/null && diff --version 2>/dev/null | grep -q GNU; then
	diff -u --label a/pg-b/pg_hba.conf --label b/pg-b/pg_hba.conf \
	    out/pg-b/pg_hba.conf pristine/pg-b/pg_hba.conf >gnu.out || true
	cmp -s gnu.out diff.out ||
	    failed "pgpair diff and diff -u differ: $(diff gnu.out diff.out)"
fi
"$PGPAIR" diff --format json cluster.yaml out >json.out 2>/dev/null || true
grep -q '^{"directory":"out","equal":false,"files":\[' json.out &&
    grep -q '{"path":"pg-b/pg_hba.conf","state":"changed","diff":"--- a/pg-b' json.out &&
    [ "$(grep -o '"state":"unchanged"' json.out | wc -l)" = $((nfiles - 1)) ] ||
    failed "diff --format json: $(cat json.out)"
gen cluster.yaml out
grep -qx 'pgpair: changed out/pg-b/pg_hba.conf' gen.err &&
    grep -qx "pgpair: 0 created, 1 changed, $((nfiles - 1)) unchanged in out" gen.err ||
    failed "generate after a hand edit: $(cat gen.err)"

# --- a deleted file -----------------------------------------------------
rm out/pg-c/runbook.sh
dif cluster.yaml out
[ "$rc" = 1 ] || failed "diff after a deletion: exit $rc, wanted 1"
head -n 3 diff.out >head.out
printf -- '--- /dev/null\n+++ b/pg-c/runbook.sh\n@@ -0,0 +1,%d @@\n' \
    "$(wc -l <pristine/pg-c/runbook.sh)" | cmp -s - head.out ||
    failed "a deleted file is not shown as added: $(cat head.out)"
[ "$(grep -c '^+' diff.out)" = $(($(wc -l <pristine/pg-c/runbook.sh) + 1)) ] ||
    failed "the deleted file is not shown whole"
gen cluster.yaml out
grep -qx 'pgpair: created out/pg-c/runbook.sh' gen.err &&
    grep -qx "pgpair: 1 created, 0 changed, $((nfiles - 1)) unchanged in out" gen.err ||
    failed "generate after a deletion: $(cat gen.err)"

# --- a setting changed in the description --------------------------------
# The same name: the files' first lines name the description's file.
mkdir new
sed 's/^  max_wal_senders: 6$/  max_wal_senders: 7/' cluster.yaml >new/cluster.yaml
cmp -s cluster.yaml new/cluster.yaml && failed "new/cluster.yaml: the setting was not changed"
dif new/cluster.yaml out
[ "$rc" = 1 ] || failed "diff after a description change: exit $rc, wanted 1"
expect_out setting.out
grep -qx "+max_wal_senders = '7'" diff.out ||
    failed "the diff does not show the fragment's new line"
# What diff says would change is what generate then changes.
sed -n 's/^+++ b\///p' diff.out | sort >predicted
gen new/cluster.yaml out
sed -n 's/^pgpair: changed out\///p' gen.err | sort >written
cmp -s predicted written ||
    failed "diff predicted $(cat predicted), generate changed $(cat written)"
[ "$(wc -l <written)" = 4 ] ||
    failed "a cluster-wide setting changed $(wc -l <written) files, not 4"
dif new/cluster.yaml out
[ "$rc" = 0 ] && [ ! -s diff.out ] || failed "diff after generate: exit $rc"
rm -rf out
cp -R pristine out

# --- a node removed from the description ----------------------------------
# Its files, which the manifest lists, are shown as deleted; generate
# removes them and keeps the runbook.log a runbook left in its folder.
mkdir gone
sed -e 's/standbys: \[pg-b, pg-c\]/standbys: [pg-b]/' -e '/^  - name: pg-c$/,$d' \
    cluster.yaml >gone/cluster.yaml
echo "a transcript" >out/pg-c/runbook.log
dif gone/cluster.yaml out
[ "$rc" = 1 ] || failed "diff after a node's removal: exit $rc, wanted 1"
grep -B1 '^+++ /dev/null$' diff.out | sed -n 's/^--- a\///p' | sort >predicted
printf 'pg-c/conf.d/50-pgpair.conf\npg-c/pg_hba.conf\npg-c/runbook.sh\n' |
    cmp -s - predicted || failed "diff did not delete the removed node's files: $(cat predicted)"
grep -qx 'Only in out/pg-c: runbook.log' diff.out ||
    failed "diff did not list the removed node's runbook.log as kept"
"$PGPAIR" diff --format json gone/cluster.yaml out >json.out 2>/dev/null || true
grep -q '{"path":"pg-c/runbook.sh","state":"removed","diff":"--- a/pg-c/runbook.sh\\n+++ /dev/null\\n@@ ' json.out ||
    failed "diff --format json: no removed pg-c/runbook.sh"
if command -v patch >/dev/null; then
	cp -R out patched
	(cd patched && patch -s -p1 <../diff.out) || failed "patch -p1 refused the deletions"
fi
gen gone/cluster.yaml out
grep -qx 'pgpair: info: removed the files of pgpair from "out/pg-c", not in the description any more, and kept the folder for the files pgpair did not write' gen.err ||
    failed "generate after a node's removal: $(cat gen.err)"
[ "$(ls -A out/pg-c)" = runbook.log ] || failed "out/pg-c holds $(ls -A out/pg-c)"
dif gone/cluster.yaml out
[ "$rc" = 0 ] && [ ! -s diff.out ] || failed "diff after the removal: exit $rc, $(cat diff.out)"
if [ -d patched ]; then
	dif gone/cluster.yaml patched
	[ "$rc" = 0 ] && [ ! -s diff.out ] ||
	    failed "the patched tree differs from generate's: $(cat diff.out)"
fi
rm -rf out patched
cp -R pristine out

# --- a mode, files pgpair does not write, patch -p1 -----------------------
chmod 0644 out/pg-a/runbook.sh
dif cluster.yaml out
[ "$rc" = 1 ] &&
    printf 'old mode 0644\nnew mode 0755\n--- a/pg-a/runbook.sh\n+++ b/pg-a/runbook.sh\n' |
    cmp -s - diff.out || failed "a mode change: exit $rc, $(cat diff.out)"
chmod 0755 out/pg-a/runbook.sh
touch out/pg-a/conf.d/99-local.conf out/notes.txt
mkdir out/pg-old
touch out/pg-old/runbook.sh
dif cluster.yaml out
[ "$rc" = 0 ] || failed "files pgpair does not write made the tree differ"
printf 'Only in out/pg-a/conf.d: 99-local.conf\nOnly in out: pg-old\n' |
    cmp -s - diff.out || failed "extra files: $(cat diff.out)"
rm -r out/pg-a/conf.d/99-local.conf out/notes.txt out/pg-old
if command -v patch >/dev/null; then
	sed -i '3d' out/summary.md
	printf 'a hand-made last line' >>out/pg-a/pg_hba.conf
	rm out/pg-b/conf.d/50-pgpair.conf
	dif cluster.yaml out
	grep -qx '\\ No newline at end of file' diff.out ||
	    failed "no \"No newline\" mark: $(cat diff.out)"
	(cd out && patch -s -p1 <../diff.out) || failed "patch -p1 refused the diff"
	dif cluster.yaml out
	[ "$rc" = 0 ] || failed "the patched tree still differs: $(cat diff.out)"
fi

# --- errors ---------------------------------------------------------------
dif cluster.yaml missing
[ "$rc" = 2 ] && [ ! -s diff.out ] || failed "diff into a missing folder: exit $rc"
printf 'cluster: [\n' >bad.yaml
dif bad.yaml out
[ "$rc" = 1 ] && [ ! -s diff.out ] && grep -q '^bad.yaml:2:1: error: ' diff.err ||
    failed "an invalid description: exit $rc, $(cat diff.out diff.err)"
rc=0
"$PGPAIR" diff cluster.yaml 2>/dev/null || rc=$?
[ "$rc" = 2 ] || failed "diff with one argument: exit $rc"

# --- the password at hand: the verifier is kept ---------------------------
gen cluster.yaml pw "$PW_VAR=s3cret:pw"
grep -q 'SCRAM-SHA-256\$4096:' pw/pg-a/roles.sql || failed "no verifier in roles.sql"
dif cluster.yaml pw "$PW_VAR=s3cret:pw"
[ "$rc" = 0 ] && [ ! -s diff.out ] && [ ! -s diff.err ] ||
    failed "diff with the password: exit $rc, $(cat diff.out diff.err)"
dif cluster.yaml pw
[ "$rc" = 1 ] && grep -q '^-.*SCRAM-SHA-256\$4096:' diff.out ||
    failed "diff without the password: exit $rc, the verifier stays"
dif cluster.yaml pw "$PW_VAR=another"
[ "$rc" = 1 ] && grep -q '^+.*SCRAM-SHA-256\$4096:' diff.out ||
    failed "diff with another password: exit $rc, no new verifier"

[ "$fail" = 0 ] && [ "$regen" = 0 ] && echo "ok: pgpair diff and generate's report"
exit "$fail"

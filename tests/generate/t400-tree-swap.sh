#!/usr/bin/env bash
# t400: generate replaces its output directory whole or not at all.
#
# A tree of 120 nodes ("old") is regenerated from another description:
# "new" (a setting changed, nodes removed, nodes added: most files change)
# or "small" (a setting of the primary: most files stay).  The old tree
# also holds files pgpair did not write: notes, a runbook.log and a
# .runbook.lock, a local conf.d file, a folder with a symbolic link, the
# runbook.log of a node that goes away, a temporary of an older pgpair.
#
# generate builds the new tree beside DIR, hard-linking what it keeps, and
# swaps it in with renameat2(RENAME_EXCHANGE): its steps are the openat()
# of each file it reads or writes, the linkat() of each file it keeps, the
# mkdirat() of each folder, the one renameat2(), syncfs() and fsync(), and
# the unlinkat() of each old file once the swap is done.  strace kills it
# (SIGKILL, injected) at the 1st, 2nd, 50th and 300th of each kind, and
# each time DIR must be exactly the old tree or exactly the new one, and
# the next run must finish the job and leave nothing beside DIR.  Also: a
# failing exchange (EIO) exits 2 with DIR untouched; a file system that
# cannot exchange (EINVAL) gets two renames, and a kill between them is
# repaired by the next run; SIGTERM removes what was built; a read-only
# parent, DIR/NODE a symbolic link and a mount point are refused; a link
# at a file's place is replaced, not followed; DIR may be a link, ".", or
# end in "/"; the runbook's lock stays held across a regenerate; two runs
# at once are serialised; the whole tree costs two syncs, and a regenerate
# that changes nothing none.
set -euo pipefail

: "${top_srcdir:?}" "${top_builddir:?}"
PGPAIR=${PGPAIR:-$top_builddir/src/pgpair}
# shellcheck source=../lib/pg.sh
. "$top_srcdir/tests/lib/pg.sh"	# pg_skip, PG_TEST_USER; no server here

command -v strace >/dev/null || pg_skip "no strace: the kill tests need it"
# LeakSanitizer cannot run under ptrace: in the sanitizer build, the runs
# of this test (most of them under strace) check memory errors but not leaks.
if [ -n "${PGPAIR_SANITIZED:-}" ]; then
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
fi
t=$(mktemp -d "${TMPDIR:-/tmp}/pgpair-t400.XXXXXX")
chmod 755 "$t"
_pg_tmpdirs+=("$t")	# removed by pg.sh's exit trap
fail=0
failed() {
	echo "FAIL: $*" >&2
	fail=1
}
cd "$t"

# describe TIMEOUT N0SETTINGS NAME...: a description of a primary n0 and
# standbys NAME..., each a letter and a number: n7 is at 10.0.1.7, m2 at
# 10.0.2.2.
describe() {
	local timeout=$1 n0=$2 name
	shift 2
	cat <<YAML
cluster: t400
postgres: {version: 16}
platform: debian
replication:
  user: replica
  password: {env: T400_PASSWORD}
settings:
  wal_sender_timeout: $timeout
  max_wal_senders: 200
nodes:
  - {name: n0, role: primary, address: 10.0.0.10, settings: {$n0}}
YAML
	for name in "$@"; do
		printf '  - {name: %s, role: standby, address: 10.0.%d.%d}\n' \
		    "$name" "$([ "${name%%[0-9]*}" = n ] && echo 1 || echo 2)" \
		    "${name#?}"
	done
}
old_nodes=() new_nodes=()
for i in $(seq 1 119); do
	old_nodes+=("n$i")
	[ "$i" -le 110 ] && new_nodes+=("n$i")
done
new_nodes+=(m1 m2 m3 m4 m5)
# One file name for all: the generated files name the description's.
mkdir old new small
describe 60s 'work_mem: 4MB' "${old_nodes[@]}" >old/cluster.yaml
describe 61s 'work_mem: 4MB' "${new_nodes[@]}" >new/cluster.yaml
describe 60s 'work_mem: 8MB' "${old_nodes[@]}" >small/cluster.yaml

# gen DESC DIR [strace options...]: generate (under strace when options
# are given); exit status in $rc, stderr in gen.err (and there the shell's
# note of a kill).
gen() {
	local desc=$1 out=$2
	shift 2
	rc=0
	if [ $# -gt 0 ]; then
		{ env -u T400_PASSWORD strace -f -o /dev/null "$@" "$PGPAIR" \
		    generate "$desc" -o "$out" || rc=$?; } 2>gen.err
	else
		{ env -u T400_PASSWORD "$PGPAIR" generate "$desc" -o "$out" ||
		    rc=$?; } 2>gen.err
	fi
}

# fingerprint DIR: every entry with its type, mode, link target and, for
# a file, its bytes' hash; not times or inodes.
fingerprint() {
	(cd "$1" && find . -printf '%y %m %p -> %l\n' | sort &&
	    find . -type f -exec sha256sum {} + | sort -k 2)
}

# leftovers: what a run left beside "out" in the current folder.
leftovers() {
	find . -maxdepth 1 -name '.out.pgpair-*'
}

# --- the reference trees -------------------------------------------------
gen old/cluster.yaml ref-old
[ "$rc" = 0 ] || { cat gen.err >&2; failed "generate old.yaml: exit $rc"; exit 1; }
echo "the operator's notes" >ref-old/notes.txt
echo "2001-02-03T04:05:06+0000 ==> apply" >ref-old/n1/runbook.log
: >ref-old/n1/.runbook.lock
echo "work_mem = '8MB'" >ref-old/n2/conf.d/99-local.conf
mkdir -p ref-old/mine/sub
ln -s ../../notes.txt ref-old/mine/sub/link
echo "the last apply of n115" >ref-old/n115/runbook.log
echo leftover >ref-old/n3/.pg_hba.conf.pgpair-Ab12Cd
fingerprint ref-old >old.fp
cp -a ref-old ref-new
gen new/cluster.yaml ref-new
[ "$rc" = 0 ] || { cat gen.err >&2; failed "generate new: exit $rc"; exit 1; }
fingerprint ref-new >new.fp
cmp -s old.fp new.fp && failed "the old and the new tree are the same"
cp gen.err ref-new.err
cp -a ref-old ref-small
gen small/cluster.yaml ref-small
[ "$rc" = 0 ] || { cat gen.err >&2; failed "generate small: exit $rc"; exit 1; }
fingerprint ref-small >small.fp
cmp -s old.fp small.fp && failed "the old and the small tree are the same"
grep -q ' 3[0-9][0-9] unchanged in ref-small$' gen.err ||
    failed "the small change is not small: $(tail -n 1 gen.err)"
for want in \
    'pgpair: info: removed "ref-new/n111": not in the description any more' \
    'pgpair: info: removed "ref-new/n119": not in the description any more' \
    'pgpair: info: removed the files of pgpair from "ref-new/n115", not in the description any more, and kept the folder for the files pgpair did not write' \
    'pgpair: info: removed 1 temporary file of an earlier pgpair from "ref-new"' \
    'pgpair: created ref-new/m1/runbook.sh'; do
	grep -qxF "$want" ref-new.err || failed "regenerate: no \"$want\": $(head -20 ref-new.err)"
done
[ ! -e ref-new/n119 ] || failed "the folder of a removed node stayed"
[ "$(ls -A ref-new/n115)" = runbook.log ] ||
    failed "n115 holds $(ls -A ref-new/n115), not just its runbook.log"
for f in notes.txt n1/runbook.log n1/.runbook.lock n2/conf.d/99-local.conf; do
	cmp -s "ref-old/$f" "ref-new/$f" || failed "$f was not carried over"
done
[ "$(readlink ref-new/mine/sub/link)" = ../../notes.txt ] ||
    failed "the operator's link was not carried over as a link"
[ ! -e ref-new/n3/.pg_hba.conf.pgpair-Ab12Cd ] ||
    failed "an old temporary was carried over"
grep -qx 'm1/runbook.sh' ref-new/.pgpair/manifest &&
    ! grep -q '^n119/' ref-new/.pgpair/manifest &&
    ! grep -q 'notes.txt' ref-new/.pgpair/manifest ||
    failed "the manifest does not list exactly what pgpair wrote"

# The steps of a regenerate, counted: SCENARIO.count for old -> SCENARIO.
steps=openat,linkat,mkdirat,unlinkat,renameat2,syncfs,fsync,fdatasync
for sc in new small; do
	rm -rf out
	cp -a ref-old out
	env -u T400_PASSWORD strace -f -c -o "$sc.count" -e "trace=$steps" \
	    "$PGPAIR" generate "$sc/cluster.yaml" -o out 2>/dev/null
done
# count SCENARIO SYSCALL: how many calls.
count() {
	awk -v s="$2" '$NF == s { print $4; n++ } END { if (!n) print 0 }' \
	    "$1.count" | head -n 1
}
syncs=$(( $(count new fsync) + $(count new syncfs) + $(count new fdatasync) ))
[ "$syncs" -le 2 ] || failed "$syncs syncs for a tree of 120 nodes, wanted 2"
for c in new:openat new:unlinkat small:linkat; do
	n=$(count "${c%%:*}" "${c#*:}")
	[ "$n" -gt 300 ] || failed "$c: $n calls, the description is too small"
done

# Nothing to change: DIR stays the very folder, and nothing is synced.
rm -rf out
cp -a ref-new out
ino=$(stat -c %i out)
env -u T400_PASSWORD strace -f -c -o same.count -e "trace=$steps" \
    "$PGPAIR" generate new/cluster.yaml -o out 2>/dev/null
[ "$(count same syncfs)" = 0 ] && [ "$(count same fsync)" = 0 ] &&
    [ "$(count same renameat2)" = 0 ] && [ "$(stat -c %i out)" = "$ino" ] ||
    failed "a regenerate that changes nothing swapped or synced"

# --- killed at every kind of step ----------------------------------------
# killed SCENARIO SYSCALL N: regenerate old -> SCENARIO, killed at the Nth
# SYSCALL.  (strace 6.1 injects nothing with --seccomp-bpf.)
killed() {
	local sc=$2 n=$3 what
	what="$1, killed at $sc #$n"
	rm -rf out
	cp -a ref-old out
	gen "$1/cluster.yaml" out -e "trace=$sc" \
	    -e "inject=$sc:signal=SIGKILL:when=$n"
	[ "$rc" = 137 ] || failed "$what: exit $rc, it was not killed"
	fingerprint out >now.fp
	if cmp -s now.fp old.fp; then
		state=old
	elif cmp -s now.fp "$1.fp"; then
		state=new
	else
		failed "$what: DIR is neither the old tree nor the new one:"
		diff old.fp now.fp | head -n 10 >&2
		state=mixed
	fi
	gen "$1/cluster.yaml" out
	[ "$rc" = 0 ] || failed "$what: the next run exits $rc: $(cat gen.err)"
	fingerprint out | cmp -s - "$1.fp" ||
	    failed "$what: the next run did not write the new tree"
	[ -z "$(leftovers)" ] || failed "$what: left $(leftovers)"
	echo "ok: $what: DIR was $state"
}
for n in 1 2 50 300; do
	killed new openat "$n"
	killed new unlinkat "$n"
	killed small linkat "$n"
done
for n in 1 2 50; do
	killed new mkdirat "$n"
done
killed new renameat2 1
killed new syncfs 1
killed new fsync 1
killed new openat "$(( $(count new openat) - 1 ))"

# Killed in the first run: no DIR, or the whole tree.
rm -rf first
gen new/cluster.yaml first -e trace=openat \
    -e 'inject=openat:signal=SIGKILL:when=200'
[ "$rc" = 137 ] && [ ! -e first ] ||
    failed "a first run killed: exit $rc, $(ls -d first 2>&1)"
[ -n "$(find . -maxdepth 1 -name '.first.pgpair-new-*')" ] ||
    failed "a first run killed left nothing to clean: the test missed its mark"
gen new/cluster.yaml first
[ "$rc" = 0 ] && [ -z "$(find . -maxdepth 1 -name '.first.pgpair-*')" ] ||
    failed "after a killed first run: exit $rc, $(find . -maxdepth 1 -name '.first.pgpair-*')"

# --- a failing exchange, and a file system that cannot exchange -----------
rm -rf out
cp -a ref-old out
ls -i out/summary.md >inode.before
gen new/cluster.yaml out -e 'inject=renameat2:error=EIO'
[ "$rc" = 2 ] && grep -qF 'pgpair: error: cannot put the new tree in the place of "out": Input/output error' gen.err ||
    failed "an EIO exchange: exit $rc, $(cat gen.err)"
fingerprint out | cmp -s - old.fp && ls -i out/summary.md | cmp -s - inode.before ||
    failed "an EIO exchange changed DIR"
[ -z "$(leftovers)" ] || failed "an EIO exchange left $(leftovers)"
grep -q '^pgpair: \(created\|changed\) ' gen.err &&
    failed "a failed run named files as written"

gen new/cluster.yaml out -e 'inject=renameat2:error=EINVAL'
[ "$rc" = 0 ] && fingerprint out | cmp -s - new.fp && [ -z "$(leftovers)" ] ||
    failed "two renames instead of an exchange: exit $rc, $(cat gen.err) $(leftovers)"
rm -rf out
cp -a ref-old out
gen new/cluster.yaml out -e 'inject=renameat2:error=EINVAL' \
    -e 'inject=renameat:signal=SIGKILL:when=2'
[ "$rc" = 137 ] && [ ! -e out ] ||
    failed "killed between the two renames: exit $rc"
aside=$(find . -maxdepth 1 -name '.out.pgpair-old-*')
[ -n "$aside" ] && fingerprint "$aside" | cmp -s - old.fp ||
    failed "killed between the two renames: the old tree is not beside DIR"
gen new/cluster.yaml out
[ "$rc" = 0 ] && grep -q "^pgpair: info: restored \"out\" from " gen.err &&
    fingerprint out | cmp -s - new.fp && [ -z "$(leftovers)" ] ||
    failed "the run after a kill between the two renames: exit $rc, $(cat gen.err)"

# --- SIGTERM: what was built is removed, then it dies of the signal ------
rm -rf out
cp -a ref-old out
gen new/cluster.yaml out -e trace=openat \
    -e 'inject=openat:signal=SIGTERM:when=300'
[ "$rc" = 143 ] && fingerprint out | cmp -s - old.fp && [ -z "$(leftovers)" ] ||
    failed "SIGTERM: exit $rc, leftovers: $(leftovers)"

# --- refusals --------------------------------------------------------------
# A read-only parent: the new tree cannot be built beside DIR.
mkdir ro
cp -a ref-old ro/out
if [ "$(id -u)" = 0 ]; then
	if id "$PG_TEST_USER" >/dev/null 2>&1; then
		chown -R "$PG_TEST_USER" ro
		chmod 555 ro
		rc=0
		setpriv --reuid="$PG_TEST_USER" --regid="$PG_TEST_USER" \
		    --clear-groups -- env -u T400_PASSWORD "$PGPAIR" generate \
		    new/cluster.yaml -o ro/out 2>gen.err || rc=$?
		ro_tested=1
	fi
else
	chmod 555 ro
	gen new/cluster.yaml ro/out
	ro_tested=1
fi
if [ -n "${ro_tested:-}" ]; then
	[ "$rc" = 2 ] && grep -qF "pgpair: error: cannot create a folder beside \"ro/out\" in \"$t/ro\": Permission denied" gen.err ||
	    failed "a read-only parent: exit $rc, $(cat gen.err)"
	fingerprint ro/out | cmp -s - old.fp || failed "a read-only parent: DIR changed"
fi
chmod 755 ro

# DIR/NODE a symbolic link: refused, nothing written there or in DIR.
rm -rf out elsewhere
cp -a ref-old out
mv out/n3 elsewhere
ln -s ../elsewhere out/n3
fingerprint elsewhere >elsewhere.fp
fingerprint out >linked.fp
gen new/cluster.yaml out
[ "$rc" = 2 ] && grep -qxF 'pgpair: error: "out/n3" is a symbolic link, where pgpair writes a folder (it follows no link below the output directory): remove it' gen.err ||
    failed "DIR/NODE a link: exit $rc, $(cat gen.err)"
fingerprint elsewhere | cmp -s - elsewhere.fp || failed "files were written through DIR/NODE"
fingerprint out | cmp -s - linked.fp || failed "DIR changed though DIR/NODE was refused"
[ -z "$(leftovers)" ] || failed "DIR/NODE a link: left $(leftovers)"

# A link where pgpair writes a file is replaced; its target stays.
rm -rf out
cp -a ref-old out
echo target >target
ln -sf ../../target out/n4/pg_hba.conf
gen new/cluster.yaml out
[ "$rc" = 0 ] && [ -f out/n4/pg_hba.conf ] && [ ! -L out/n4/pg_hba.conf ] &&
    [ "$(cat target)" = target ] && fingerprint out | cmp -s - new.fp ||
    failed "a link at a file's place: exit $rc, $(cat target)"

# A mount point cannot be renamed: refused, and nothing written in it.
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	mkdir -p mnt bindsrc
	rc=0
	unshare -m bash -c '
		mount -t tmpfs none mnt && "$1" generate new/cluster.yaml -o mnt
	' sh "$PGPAIR" 2>gen.err || rc=$?
	[ "$rc" = 2 ] && grep -qxF 'pgpair: error: "mnt" is a mount point: pgpair replaces the output directory as a whole, and cannot rename a mount point' gen.err ||
	    failed "a mount point: exit $rc, $(cat gen.err)"
	rc=0
	unshare -m bash -c '
		mount --bind bindsrc mnt && "$1" generate new/cluster.yaml -o mnt
	' sh "$PGPAIR" 2>gen.err || rc=$?
	[ "$rc" = 2 ] && grep -qF '"mnt" is a mount point' gen.err &&
	    [ -z "$(ls -A bindsrc)" ] && [ -z "$(ls -A mnt)" ] ||
	    failed "a bind mount: exit $rc, $(cat gen.err)"
else
	echo "note: not root, or no mount namespace: mount points not tested" >&2
fi

# --- DIR given as a link, as ".", with a "/" ------------------------------
rm -rf out real
cp -a ref-old real
ln -s real out
gen new/cluster.yaml out
[ "$rc" = 0 ] && [ -L out ] && fingerprint real | cmp -s - new.fp &&
    [ -z "$(find . -maxdepth 1 -name '.real.pgpair-*')" ] ||
    failed "DIR a link: exit $rc, $(cat gen.err)"
rm -rf out real
cp -a ref-old out
(cd out && env -u T400_PASSWORD "$PGPAIR" generate ../new/cluster.yaml -o .) 2>gen.err &&
    fingerprint out | cmp -s - new.fp && [ -z "$(leftovers)" ] ||
    failed "-o .: $(cat gen.err)"
rm -rf out
cp -a ref-old out
gen new/cluster.yaml out/
[ "$rc" = 0 ] && fingerprint out | cmp -s - new.fp || failed "-o out/: $(cat gen.err)"

# --- the runbook's lock and transcript survive a regenerate ---------------
rm -rf out
cp -a ref-old out
ino=$(stat -c %i out/n1/runbook.log)
flock out/n1/.runbook.lock sleep 30 &
holder=$!
sleep 0.3
gen new/cluster.yaml out
if flock -n out/n1/.runbook.lock true; then
	failed "the runbook's lock was free after a regenerate"
fi
kill "$holder" 2>/dev/null || true
wait "$holder" 2>/dev/null || true
[ "$(stat -c %i out/n1/runbook.log)" = "$ino" ] ||
    failed "runbook.log is another file after a regenerate"

# --- two runs at once: one after the other, and nothing left -------------
rm -rf out
cp -a ref-old out
(env -u T400_PASSWORD "$PGPAIR" generate new/cluster.yaml -o out 2>/dev/null) &
a=$!
(env -u T400_PASSWORD "$PGPAIR" generate new/cluster.yaml -o out 2>/dev/null) &
b=$!
wait "$a" && wait "$b" || failed "two runs at once: one failed"
fingerprint out | cmp -s - new.fp && [ -z "$(leftovers)" ] ||
    failed "two runs at once left another tree or leftovers"

[ "$fail" = 0 ] && echo "ok: the output tree, all or nothing"
exit "$fail"

#!/usr/bin/env bash
# t410: the replication password at generate time and at run time.
#   - {file: P}: a FIFO, a device, a directory, a file of more than 1024
#     bytes, two lines, an empty file, a NUL byte, a non-ASCII or control
#     character, and an unreadable file are errors at the position of the
#     key (exit 2, nothing written, no hang); a file that does not exist
#     leaves the password to the runbooks, with an info; "pw\n" and
#     "pw\r\n" give a verifier of "pw";
#   - {env: X}: set but empty, a line break, a control character or a
#     non-ASCII character are errors; not set leaves it to the runbooks;
#   - the runbooks' read_password refuses non-ASCII as generate does, and
#     reads from the same file the password generate hashed: a real
#     PostgreSQL 15 logs the role in with it (skipped without a server).
set -euo pipefail

: "${top_srcdir:?}" "${top_builddir:?}"
PGPAIR=${PGPAIR:-$top_builddir/src/pgpair}
# shellcheck source=../lib/pg.sh
. "$top_srcdir/tests/lib/pg.sh"

t=$(mktemp -d "${TMPDIR:-/tmp}/pgpair-t410.XXXXXX")
_pg_tmpdirs+=("$t")	# removed by pg.sh's exit trap, with the servers
fail=0
failed() {
	echo "FAIL: $*" >&2
	fail=1
}
cd "$t"
seed=$top_srcdir/tests/golden/seed/cluster.yaml
VAR=T410_PASSWORD
sed "s|{env: PGPAIR_REPLICATION_PASSWORD}|{env: $VAR}|" "$seed" >env.yaml
sed "s|{env: PGPAIR_REPLICATION_PASSWORD}|{file: $t/pw}|" "$seed" >file.yaml
# Where the errors point: the value of env: or file:.
pos_env=$(awk -v k="{env: $VAR}" 'i = index($0, k) { print NR ":" i + 6 }' env.yaml)
pos_file=$(awk -v k="{file: " 'i = index($0, k) { print NR ":" i + 7 }' file.yaml)

# gen DESC OUT [VAR=VALUE...]: generate without the variable but as given;
# exit status in $rc, stderr in gen.err; never more than 10 s.
gen() {
	local desc=$1 out=$2
	shift 2
	rc=0
	env -u "$VAR" "$@" timeout 10 "$PGPAIR" generate "$desc" -o "$out" \
	    2>gen.err || rc=$?
}

# refused WHAT DESC POS MESSAGE [VAR=VALUE...]: exit 2, the error at POS
# saying MESSAGE, nothing written.
refused() {
	local what=$1 desc=$2 pos=$3 msg=$4
	shift 4
	rm -rf out
	gen "$desc" out "$@"
	if [ "$rc" != 2 ]; then
		failed "$what: exit $rc, wanted 2: $(cat gen.err)"
	elif ! grep -qF "$desc:$pos: error: $msg" gen.err; then
		failed "$what: no \"$desc:$pos: error: $msg\": $(cat gen.err)"
	elif [ -e out ]; then
		failed "$what: something was written"
	fi
}

# --- {file: P} -----------------------------------------------------------
fmsg="cannot use the password file \"$t/pw\": "
mkfifo pw
refused "a fifo" file.yaml "$pos_file" "${fmsg}it is a fifo, not a regular file"
rm pw
ln -s /dev/zero pw
refused "/dev/zero" file.yaml "$pos_file" "${fmsg}it is a device or a socket, not a regular file"
rm pw
mkdir pw
refused "a directory" file.yaml "$pos_file" "${fmsg}it is a directory, not a regular file"
rmdir pw
head -c 1025 /dev/zero | tr '\0' x >pw
refused "1025 bytes" file.yaml "$pos_file" "${fmsg}it is larger than 1024 bytes"
printf 'first\nsecond\n' >pw
refused "two lines" file.yaml "$pos_file" "${fmsg}it holds more than one line"
printf 'first\n\n' >pw
refused "an empty second line" file.yaml "$pos_file" "${fmsg}it holds more than one line"
: >pw
refused "an empty file" file.yaml "$pos_file" "${fmsg}the password is empty"
printf '\n' >pw
refused "an empty line" file.yaml "$pos_file" "${fmsg}the password is empty"
printf 'a\0b\n' >pw
refused "a NUL byte" file.yaml "$pos_file" "${fmsg}the password holds a NUL byte"
printf 'p\xc3\xa4ss\n' >pw
refused "non-ASCII" file.yaml "$pos_file" "${fmsg}the password holds a character that is not ASCII"
printf 'a\tb\n' >pw
refused "a tab" file.yaml "$pos_file" "${fmsg}the password holds a control character"
sed "s|{file: $t/pw}|{file: /etc/hostname/pw}|" file.yaml >under-file.yaml
refused "below a file" under-file.yaml "$pos_file" "cannot use the password file \"/etc/hostname/pw\": Not a directory"
if [ "$(id -u)" = 0 ] && id "$PG_TEST_USER" >/dev/null 2>&1; then
	# Unreadable: the file is root's, generate runs as the test user.
	printf 'secret\n' >pw
	chmod 600 pw
	chmod 755 "$t"
	rc=0
	(cd / && setpriv --reuid="$PG_TEST_USER" --regid="$PG_TEST_USER" \
	    --clear-groups -- env -u "$VAR" "$PGPAIR" generate "$t/file.yaml" \
	    -o "$t/u-out") 2>gen.err || rc=$?
	[ "$rc" = 2 ] && grep -qF "$t/file.yaml:$pos_file: error: ${fmsg}Permission denied" gen.err &&
	    [ ! -e u-out ] || failed "an unreadable file: exit $rc, $(cat gen.err)"
elif [ "$(id -u)" != 0 ]; then
	printf 'secret\n' >pw
	chmod 000 pw
	refused "an unreadable file" file.yaml "$pos_file" "${fmsg}Permission denied"
	chmod 600 pw
fi

rm -f pw
rm -rf out
gen file.yaml out
[ "$rc" = 0 ] && grep -qx "pgpair: info: \"$t/pw\" does not exist: roles.sql creates the role without a password, and the primary's runbook sets it at run time" gen.err &&
    ! grep -q 'SCRAM-SHA-256\$' out/pg1/roles.sql ||
    failed "an absent file: exit $rc, $(cat gen.err)"

# verifier: the verifier in out/pg1/roles.sql.
verifier() {
	grep -o 'SCRAM-SHA-256\$4096:[^'"'"']*' out/pg1/roles.sql || true
}
# "pw\r\n" is the password "pw": regenerating from {env:} with "pw" keeps
# the verifier (it matches), with "pw " it does not.
printf 'good pw\r\n' >pw
rm -rf out
gen file.yaml out
v=$(verifier)
[ "$rc" = 0 ] && [ -n "$v" ] || failed "a CRLF file: exit $rc, $(cat gen.err)"
printf 'good pw\n' >pw
gen file.yaml out
[ "$(verifier)" = "$v" ] ||
    failed "\"good pw\\n\" and \"good pw\\r\\n\" are not the same password"
gen env.yaml out "$VAR=good pw"
[ "$(verifier)" = "$v" ] || failed "the file's password and the variable's differ"
gen env.yaml out "$VAR=good pw "
[ "$(verifier)" != "$v" ] || failed "another password kept the verifier"

# --- {env: X} ------------------------------------------------------------
emsg="cannot use the password in $VAR: it "
refused "an empty variable" env.yaml "$pos_env" "${emsg}is empty" "$VAR="
refused "a line break" env.yaml "$pos_env" "${emsg}holds a line break" "$VAR=a
b"
refused "a carriage return" env.yaml "$pos_env" "${emsg}holds a line break" "$VAR=ab$(printf '\r')"
refused "non-ASCII" env.yaml "$pos_env" "${emsg}holds a character that is not ASCII" "$VAR=pässword"
refused "an escape" env.yaml "$pos_env" "${emsg}holds a control character" "$VAR=a$(printf '\033')b"
rm -rf out
gen env.yaml out
[ "$rc" = 0 ] && grep -qx "pgpair: info: $VAR is not set: roles.sql creates the role without a password, and the primary's runbook sets it at run time" gen.err ||
    failed "an unset variable: exit $rc, $(cat gen.err)"

# --- the runbooks' read_password ---------------------------------------
# rb_read RUNBOOK [VAR=VALUE...]: run the runbook's read_password; prints
# the password read, or the runbook's error.
rb_read() {
	local rb=$1
	shift
	env -u "$VAR" "$@" LC_ALL=C.UTF-8 bash -c '
		set -euo pipefail
		eval "$(grep -E "^readonly PASSWORD_(ENV|FILE)=" "$1")"
		eval "$(sed -n "/^read_password() {/,/^}/p" "$1")"
		die() { printf "error: %s\n" "$1"; exit 1; }
		REPL_PASSWORD=
		read_password
		printf "password: %s\n" "$REPL_PASSWORD"' rb "$rb" 2>&1 || true
}
rm -rf out fout
gen env.yaml out
gen file.yaml fout
printf 'p\xc3\xa4ss\n' >pw
[ "$(rb_read fout/pg2/runbook.sh)" = "error: the replication password holds a character that is not printable ASCII" ] ||
    failed "runbook, non-ASCII file: $(rb_read fout/pg2/runbook.sh)"
[ "$(rb_read out/pg2/runbook.sh "$VAR=pässword")" = "error: the replication password holds a character that is not printable ASCII" ] ||
    failed "runbook, non-ASCII variable: $(rb_read out/pg2/runbook.sh "$VAR=pässword")"
printf 'good pw\r\n' >pw
[ "$(rb_read fout/pg2/runbook.sh)" = "password: good pw" ] ||
    failed "runbook, a CRLF file: $(rb_read fout/pg2/runbook.sh)"
[ "$(rb_read out/pg2/runbook.sh "$VAR=~ok pw!")" = "password: ~ok pw!" ] ||
    failed "runbook, an ASCII variable: $(rb_read out/pg2/runbook.sh "$VAR=~ok pw!")"

# --- a real server: the file's verifier logs in with what the runbook reads
if [ "$fail" = 0 ] && pg_bindir 15 >/dev/null && [ -x "$PG_CLIENT_BIN/psql" ]; then
	pgt=$(pg_tmpdir)
	port=$(pg_free_port)
	pg_initdb "$pgt/data" 15
	printf 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n' \
	    >"$pgt/data/pg_hba.conf"
	pg_start "$pgt/data" 15 "$port" "$pgt" || {
		cat "$pgt/data.log" >&2
		exit 1
	}
	printf 'a:b \\ "c"\r\n' >pw
	rm -rf fout
	gen file.yaml fout
	cp fout/pg1/roles.sql "$pgt/roles.sql"
	chmod 644 "$pgt/roles.sql"
	pg_as_user timeout 30 "$PG_CLIENT_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
	    -h "$pgt" -p "$port" -d postgres -f "$pgt/roles.sql" >/dev/null ||
	    failed "roles.sql did not apply"
	read_pw=$(rb_read fout/pg2/runbook.sh)
	read_pw=${read_pw#password: }
	login() {
		env PGPASSFILE=/dev/null PGPASSWORD="$1" PGSSLMODE=disable \
		    PGCONNECT_TIMEOUT=10 timeout 30 "$PG_CLIENT_BIN/psql" -X -A \
		    -t -q -h 127.0.0.1 -p "$port" -U replica -d postgres \
		    -c 'SELECT current_user' 2>/dev/null
	}
	[ "$(login "$read_pw")" = replica ] ||
	    failed "the runbook's password does not log in with generate's verifier"
	[ -z "$(login "$read_pw"$'\r')" ] ||
	    failed "the password with its CR logged in too"
	pg_stop "$pgt/data" 15
else
	echo "note: no PostgreSQL 15, no login proof" >&2
fi

[ "$fail" = 0 ] && echo "ok: password sources"
exit "$fail"

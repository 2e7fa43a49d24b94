#!/usr/bin/env bash
# cluster-standby-params and cluster-standby-params-upstream against real
# servers, 12 and 15 (the server's words changed in 14): a cascade pg1
# (max_connections 100) -> pg2 (200) -> pg3 (150).  pg3 starts and
# streams, as it compares with the primary's 100, which the WAL carries;
# a standby of pg2 with 50 refuses to start; when pg2 is promoted, pg3
# stops replaying (14 and later pause, 12 and 13 shut down).  Then
# pgpair check says exactly that of the same description: a warning for
# pg3, an error for the 50.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/pg.sh
. "$here/../lib/pg.sh"
pgpair=${PGPAIR:?}
pg_require 12 15

fail=0
failed() {
	echo "FAIL: $*" >&2
	fail=1
}

# log_has DIR PATTERN [SECONDS]: wait until the server log of DIR shows it.
log_has() {
	local i
	for i in $(seq 1 $(( ${3:-30} * 5 ))); do
		grep -q -- "$2" "$1.log" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}

# basebackup FROM-PORT SOCK DIR: a standby of the server at FROM-PORT.
# primary_conninfo is written here: pg_basebackup 15 -R adds
# channel_binding, which the libpq of 12 does not know.
basebackup() {
	pg_as_user "$PG_CLIENT_BIN/pg_basebackup" -h "$2" -p "$1" -D "$3" -R \
	    -X stream >/dev/null 2>&1 || return 1
	printf "primary_conninfo = 'host=%s port=%s'\n" "$2" "$1" |
	    pg_as_user tee "$3/postgresql.auto.conf" >/dev/null
}

cascade() {
	local major=$1 w p1 p2 p3 p4 sock
	w=$(pg_tmpdir)
	sock=$w
	p1=$(pg_free_port)
	p2=$(pg_free_port)
	p3=$(pg_free_port)
	p4=$(pg_free_port)
	pg_initdb "$w/pg1" "$major" || { failed "$major: initdb"; return; }
	pg_start "$w/pg1" "$major" "$p1" "$sock" -c max_connections=100 ||
	    { failed "$major: pg1 does not start"; return; }
	basebackup "$p1" "$sock" "$w/pg2" ||
	    { failed "$major: base backup of pg1"; return; }
	pg_start "$w/pg2" "$major" "$p2" "$sock" -c max_connections=200 \
	    -c hot_standby=on || { failed "$major: pg2 does not start"; return; }
	for n in pg3 pg4; do
		basebackup "$p2" "$sock" "$w/$n" ||
		    { failed "$major: base backup of pg2"; return; }
	done
	# below the primary: refused at start
	if pg_start "$w/pg4" "$major" "$p4" "$sock" -c max_connections=50 \
	    -c hot_standby=on; then
		failed "$major: pg4 (50 < the primary's 100) started"
	elif ! log_has "$w/pg4" "max_connections = 50 is a lower setting" 5; then
		failed "$major: pg4's log does not say why it stopped:" \
		    "$(tail -n 5 "$w/pg4.log")"
	fi
	# below its upstream, not below the primary: runs
	pg_start "$w/pg3" "$major" "$p3" "$sock" -c max_connections=150 \
	    -c hot_standby=on ||
	    { failed "$major: pg3 (150 < pg2's 200) does not start:" \
	    "$(tail -n 5 "$w/pg3.log")"; return; }
	pg_psql "$p1" "$sock" postgres "CREATE TABLE t190 (x int)" ||
	    failed "$major: write on pg1"
	pg_wait_for "$p3" "$sock" postgres \
	    "SELECT count(*) FROM pg_class WHERE relname = 't190'" 1 ||
	    failed "$major: pg3 does not replay what pg1 writes"
	# pg2 promoted: its 200 goes into the WAL
	pg_as_user "$(pg_bindir "$major")/pg_ctl" -D "$w/pg2" -w promote \
	    >/dev/null 2>&1 || failed "$major: promote pg2"
	pg_psql "$p2" "$sock" postgres "CREATE TABLE t190b (x int)" \
	    >/dev/null 2>&1 || true
	if [ "$major" -ge 14 ]; then
		log_has "$w/pg3" "hot standby is not possible because of insufficient parameter settings" ||
		    failed "$major: pg3 goes on replaying after pg2's promotion:" \
		    "$(tail -n 5 "$w/pg3.log")"
		log_has "$w/pg3" "recovery has paused" 5 ||
		    failed "$major: pg3 does not pause"
	else
		log_has "$w/pg3" "max_connections = 150 is a lower setting than on the master server (its value was 200)" ||
		    failed "$major: pg3 goes on after pg2's promotion:" \
		    "$(tail -n 5 "$w/pg3.log")"
	fi
	for n in pg4 pg3 pg2 pg1; do
		pg_stop "$w/$n" "$major"
	done
}

cascade 15
cascade 12

# what check says of it
t=$(mktemp -d)
trap 'rm -rf "$t"; _pg_cleanup' EXIT
for v in 12 15; do
	sed "s/{version: 15}/{version: $v}/" \
	    "$here/../check/standby-params-cascade.yaml" >"$t/c$v.yaml"
	"$pgpair" check "$t/c$v.yaml" >"$t/out" 2>&1
	grep -q 'warning: max_connections on standby "pg3" is 150, lower than 200 on its upstream "pg2" \[cluster-standby-params-upstream\]' \
	    "$t/out" || failed "check $v: no warning for pg3: $(cat "$t/out")"
	grep -q 'error: max_connections on standby "pg4" is 50, lower than 100 on the primary "pg1" \[cluster-standby-params\]' \
	    "$t/out" || failed "check $v: no error for pg4: $(cat "$t/out")"
done
[ "$fail" = 0 ] && echo "ok: a cascade on 12 and 15 behaves as check says"
exit "$fail"

#!/usr/bin/env bash
# Day 2 safety of the runbooks, on a cascade p1 -> s1 -> s2 built by them:
# - rerunning every runbook restarts nothing (pg_postmaster_start_time()
#   unchanged), copies nothing (a file placed in each standby's data
#   directory stays) and writes no new backup;
# - a standby's runbook run with a wrong password fails before it changes
#   anything: the standby still streams, and after a restart it still
#   streams (its passfile still works);
# - a runbook run on the wrong node (a primary's runbook on a standby's
#   data directory, a standby's on the primary's) refuses and changes
#   nothing;
# - after s1 is promoted and written to, s1's runbook exits non-zero even
#   with --yes, and s1 is still a primary with its rows and its data
#   directory where it was; --rebuild refuses too (s1 went past p1).
set -euo pipefail
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/integration/t1-lib.sh"

pg_require 15
bin=$(pg_bindir 15)
t=$(pg_tmpdir)
read -r pp p1 p2 <<<"$(free_ports 3)"
pg_as_user mkdir "$t/p1" "$t/s1" "$t/s2"

describe() {
	cat <<YAML
cluster: t150
postgres: {version: 15}
platform: generic
replication:
  user: replica
  password: {env: $PW_VAR}
settings:
  max_wal_senders: 5
nodes:
YAML
	node_yaml p1 primary "$pp"
	node_yaml s1 standby "$p1"
	node_yaml s2 standby "$p2" s1
}
describe >"$t/cluster.yaml"
gen "$t/cluster.yaml" "$t/out" "$PW_VAR=$TEST_PASSWORD"
_pg_started+=("$t/p1/data|$bin" "$t/s1/data|$bin" "$t/s2/data|$bin")
for n in p1 s1 s2; do
	runbook "$t/out" "$n" --yes
done
pg_wait_for "$pp" "$t/p1" postgres \
    "SELECT application_name || ' ' || state FROM pg_stat_replication" \
    "s1 streaming" 30 || fail "s1 does not stream"

q() {	# q NODE SQL
	local port
	case $1 in p1) port=$pp ;; s1) port=$p1 ;; s2) port=$p2 ;; esac
	pg_psql "$port" "$t/$1" postgres "$2"
}
started() {
	q "$1" 'SELECT pg_postmaster_start_time()'
}
backups() {
	find "$t/$1" -name '*.pgpair-old-*' | wc -l
}

# --- rerun: nothing restarts, nothing is copied ---------------------------
for n in s1 s2; do
	pg_as_user touch "$t/$n/data/pgpair-t150-marker"
done
for n in p1 s1 s2; do
	eval "start_$n=\$(started $n)"
	eval "backups_$n=\$(backups $n)"
done
for n in p1 s1 s2; do
	runbook "$t/out" "$n" --yes
	grep -q 'already as described' "$t/out/$n.runbook.log" ||
	    fail "the rerun of $n's runbook does not say what it found"
	grep -qE '^\+ ' "$t/out/$n.runbook.log" &&
	    fail "the rerun of $n's runbook ran a command: $(grep -E '^\+ ' "$t/out/$n.runbook.log" | head -n 1)"
done
for n in p1 s1 s2; do
	eval "want=\$start_$n"
	[ "$(started $n)" = "$want" ] || fail "the rerun restarted $n"
	eval "want=\$backups_$n"
	[ "$(backups $n)" = "$want" ] || fail "the rerun left a new backup file on $n"
done
for n in s1 s2; do
	[ -f "$t/$n/data/pgpair-t150-marker" ] || fail "the rerun re-copied $n"
	ls -d "$t/$n/data".pgpair-* 2>/dev/null && fail "the rerun moved $n's data aside"
done
[ "$(wc -l <"$t/out/s1/runbook.log")" -gt 20 ] ||
    fail "the transcript of s1's runs is missing"

# --- a wrong password changes nothing -----------------------------------
passfile=$t/s1/pgpair-t150.pgpass
sum=$(md5sum <"$passfile")
if pg_as_user env "$PW_VAR=wrong-$TEST_PASSWORD" bash "$t/out/s1/runbook.sh" --yes \
    </dev/null >"$t/out/s1.wrong.log" 2>&1; then
	fail "s1's runbook succeeded with a wrong password"
fi
grep -q 'password authentication failed' "$t/out/s1.wrong.log" ||
    fail "the refusal does not say the password is wrong: $(cat "$t/out/s1.wrong.log")"
grep -q 'nothing was changed' "$t/out/s1.wrong.log" ||
    fail "the refusal does not say that nothing changed"
[ "$(md5sum <"$passfile")" = "$sum" ] || fail "the wrong password reached $passfile"
[ "$(started s1)" = "$start_s1" ] || fail "the wrong password restarted s1"
[ -f "$t/s1/data/pgpair-t150-marker" ] || fail "the wrong password re-copied s1"
pg_as_user "$bin/pg_ctl" -D "$t/s1/data" -m fast -w restart >/dev/null
pg_wait_for "$pp" "$t/p1" postgres \
    "SELECT application_name || ' ' || state FROM pg_stat_replication" \
    "s1 streaming" 30 || fail "s1 does not stream after a restart"

# --- the wrong node -------------------------------------------------------
# p1's runbook as if run on s2's machine: p1's paths and port are s2's.
sed -e "s|$t/p1|$t/s2|g" -e "s/port: $pp\$/port: $p2/" "$t/cluster.yaml" |
    awk '/name: s2/ { skip = 1 } /name: / && !/name: s2/ { skip = 0 } !skip' \
    >"$t/wrong-p1.yaml"
gen "$t/wrong-p1.yaml" "$t/wrong" "$PW_VAR=$TEST_PASSWORD"
if runbook_status "$t/wrong" p1 --yes; then
	fail "p1's runbook ran on s2's data directory"
fi
grep -q 'holds a standby' "$t/wrong/p1.runbook.log" ||
    fail "p1's runbook on s2 does not say why it refuses: $(cat "$t/wrong/p1.runbook.log")"
[ "$(q s2 'SELECT pg_is_in_recovery()')" = t ] || fail "s2 is no longer a standby"
[ "$(started s2)" = "$start_s2" ] || fail "p1's runbook restarted s2"

# --- after a failover ------------------------------------------------------
q s1 'SELECT pg_promote()' >/dev/null
pg_wait_for "$p1" "$t/s1" postgres 'SELECT pg_is_in_recovery()' f 30 ||
    fail "s1 was not promoted"
q s1 "CREATE TABLE after_failover (x text); INSERT INTO after_failover VALUES ('kept')" >/dev/null
for args in "--yes" "--yes --rebuild"; do
	# shellcheck disable=SC2086
	if runbook_status "$t/out" s1 $args; then
		fail "s1's runbook ($args) succeeded on a promoted s1"
	fi
	[ "$(q s1 'SELECT pg_is_in_recovery()')" = f ] ||
	    fail "s1 is no longer a primary after its runbook ($args)"
	[ "$(q s1 'SELECT x FROM after_failover')" = kept ] ||
	    fail "s1 lost its rows after its runbook ($args)"
	[ -f "$t/s1/data/pgpair-t150-marker" ] ||
	    fail "s1's data directory moved ($args)"
	ls -d "$t/s1/data".pgpair-* 2>/dev/null &&
	    fail "s1's runbook ($args) left a copy beside its data directory"
done
grep -q 'went past its upstream' "$t/out/s1.runbook.log" ||
    fail "--rebuild on a promoted s1 does not say why it refuses"

echo "ok: reruns change nothing; wrong password, wrong node and failover refused"

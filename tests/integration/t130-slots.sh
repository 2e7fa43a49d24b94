#!/usr/bin/env bash
# Physical replication slots through a cascade pg1 -> pg2 -> pg3: roles.sql
# creates pg2's slot on pg1, pg2's runbook creates pg3's slot on pg2, and
# each standby streams through its slot (active in pg_replication_slots).
set -euo pipefail
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/integration/t1-lib.sh"

pg_require 15
bin=$(pg_bindir 15)
t=$(pg_tmpdir)
read -r p1 p2 p3 <<<"$(free_ports 3)"
pg_as_user mkdir "$t/pg1" "$t/pg2" "$t/pg3"

{
	cat <<YAML
cluster: t130
postgres: {version: 15}
platform: generic
replication:
  user: replica
  password: {env: $PW_VAR}
  slots: true
settings:
  max_wal_senders: 5
  max_replication_slots: 5
nodes:
YAML
	node_yaml pg1 primary "$p1"
	node_yaml pg2 standby "$p2"
	node_yaml pg3 standby "$p3" pg2
} >"$t/cluster.yaml"

gen "$t/cluster.yaml" "$t/out" "$PW_VAR=$TEST_PASSWORD"
shellcheck_runbooks "$t/out"
_pg_started+=("$t/pg1/data|$bin" "$t/pg2/data|$bin" "$t/pg3/data|$bin")
for n in pg1 pg2 pg3; do
	runbook "$t/out" "$n" --yes
done

slot2=$(sed -n "s/^primary_slot_name = '\(.*\)'.*/\1/p" "$t/pg2/data/conf.d/50-pgpair.conf")
slot3=$(sed -n "s/^primary_slot_name = '\(.*\)'.*/\1/p" "$t/pg3/data/conf.d/50-pgpair.conf")
[ -n "$slot2" ] || fail "pg2 has no primary_slot_name"
[ -n "$slot3" ] || fail "pg3 has no primary_slot_name"
pg_wait_for "$p1" "$t/pg1" postgres \
    "SELECT slot_type || ' ' || active FROM pg_replication_slots WHERE slot_name = '$slot2'" \
    "physical true" 30 || fail "slot $slot2 is not active on pg1"
pg_wait_for "$p2" "$t/pg2" postgres \
    "SELECT slot_type || ' ' || active FROM pg_replication_slots WHERE slot_name = '$slot3'" \
    "physical true" 30 || fail "slot $slot3 is not active on pg2"

pg_psql "$p1" "$t/pg1" postgres \
    "CREATE TABLE t130 (x text); INSERT INTO t130 VALUES ('row-$p1')" >/dev/null
pg_wait_for "$p3" "$t/pg3" postgres "SELECT x FROM t130" "row-$p1" 30 ||
    fail "the row did not reach pg3"

echo "ok: slots $slot2 on pg1 and $slot3 on pg2 are active"

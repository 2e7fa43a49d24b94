#!/usr/bin/env bash
# A synchronous pair: the generated primary names the standby in
# synchronous_standby_names, and once both runbooks ran, pg2 is the
# synchronous standby (sync_state = sync) and commits go through.
set -euo pipefail
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/integration/t1-lib.sh"

pg_require 15
bin=$(pg_bindir 15)
t=$(pg_tmpdir)
read -r p1 p2 <<<"$(free_ports 2)"
pg_as_user mkdir "$t/pg1" "$t/pg2"

{
	cat <<YAML
cluster: t120
postgres: {version: 15}
platform: generic
replication:
  user: replica
  password: {env: $PW_VAR}
synchronous: {standbys: [pg2], count: 1, method: first}
settings:
  max_wal_senders: 5
nodes:
YAML
	node_yaml pg1 primary "$p1"
	node_yaml pg2 standby "$p2"
} >"$t/cluster.yaml"

gen "$t/cluster.yaml" "$t/out" "$PW_VAR=$TEST_PASSWORD"
grep -q "^synchronous_standby_names = 'FIRST 1 (pg2)'" \
    "$t/out/pg1/conf.d/50-pgpair.conf" ||
    fail "pg1's fragment does not name pg2 as synchronous standby"
shellcheck_runbooks "$t/out"

_pg_started+=("$t/pg1/data|$bin" "$t/pg2/data|$bin")
# The primary's runbook must not hang on its own commits before pg2 exists.
runbook "$t/out" pg1 --yes
runbook "$t/out" pg2 --yes

pg_wait_for "$p1" "$t/pg1" postgres \
    "SELECT application_name || ' ' || state || ' ' || sync_state FROM pg_stat_replication" \
    "pg2 streaming sync" 30 || fail "pg2 is not the synchronous standby"
# A commit waits for pg2 and comes back (bounded: a lost standby hangs it).
pg_psql "$p1" "$t/pg1" postgres \
    "CREATE TABLE t120 (x text); INSERT INTO t120 VALUES ('row-$p1')" >/dev/null ||
    fail "a synchronous commit did not complete"
[ "$(pg_psql "$p2" "$t/pg2" postgres 'SELECT x FROM t120')" = "row-$p1" ] ||
    fail "the committed row is not on pg2 right after the commit"

echo "ok: synchronous pair"

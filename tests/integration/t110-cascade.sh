#!/usr/bin/env bash
# A cascade pg1 -> pg2 -> pg3 rolled out with the generated runbooks, in
# the order of summary.md: pg3 streams from pg2 under its node name, and a
# row inserted on pg1 reaches pg3.
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
cluster: t110
postgres: {version: 15}
platform: generic
replication:
  user: replica
  password: {env: $PW_VAR}
settings:
  max_wal_senders: 5
nodes:
YAML
	node_yaml pg1 primary "$p1"
	node_yaml pg2 standby "$p2"
	node_yaml pg3 standby "$p3" pg2
} >"$t/cluster.yaml"

gen "$t/cluster.yaml" "$t/out" "$PW_VAR=$TEST_PASSWORD"
shellcheck_runbooks "$t/out"
# summary.md lists the runbooks in the order to run them.
order=$(sed -n 's/^| [0-9] | `\([a-z0-9]*\)`.*/\1/p' "$t/out/summary.md" | tr '\n' ' ')
[ "$order" = "pg1 pg2 pg3 " ] || fail "summary.md order: \"$order\""

_pg_started+=("$t/pg1/data|$bin" "$t/pg2/data|$bin" "$t/pg3/data|$bin")
for n in $order; do
	runbook "$t/out" "$n" --yes
done

got=$(pg_psql "$p2" "$t/pg2" postgres \
    "SELECT application_name || ' ' || state FROM pg_stat_replication")
[ "$got" = "pg3 streaming" ] ||
    fail "pg_stat_replication on pg2: \"$got\", wanted \"pg3 streaming\""
got=$(pg_psql "$p1" "$t/pg1" postgres \
    "SELECT application_name || ' ' || state FROM pg_stat_replication")
[ "$got" = "pg2 streaming" ] ||
    fail "pg_stat_replication on pg1: \"$got\", wanted \"pg2 streaming\""
[ "$(pg_psql "$p3" "$t/pg3" postgres 'SELECT pg_is_in_recovery()')" = t ] ||
    fail "pg3 is not in recovery"

pg_psql "$p1" "$t/pg1" postgres \
    "CREATE TABLE t110 (x text); INSERT INTO t110 VALUES ('row-$p1')" >/dev/null
pg_wait_for "$p3" "$t/pg3" postgres "SELECT x FROM t110" "row-$p1" 30 ||
    fail "the row did not reach pg3"
grep -q "^primary_conninfo = .*port=$p2" "$t/pg3/data/conf.d/50-pgpair.conf" ||
    fail "pg3's primary_conninfo does not point at pg2"
no_password_in "$t/pg3/data/postgresql.auto.conf" "$t/pg2/data/postgresql.auto.conf" \
    "$t/pg3/data/conf.d" "$t/out"

echo "ok: cascade pg1 -> pg2 -> pg3"

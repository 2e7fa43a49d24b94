#!/usr/bin/env bash
# The password is not at hand at generate time: roles.sql creates the role
# without one, and the primary's runbook sets it with psql's \password.
# Replication must work, the role must hold a SCRAM verifier, and with
# log_statement = all no server log may show the password.
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
cluster: t140
postgres: {version: 15}
platform: generic
replication:
  user: replica
  password: {env: $PW_VAR}
settings:
  max_wal_senders: 5
  log_statement: all
  log_min_duration_statement: 0
  log_connections: on
nodes:
YAML
	node_yaml pg1 primary "$p1"
	node_yaml pg2 standby "$p2"
} >"$t/cluster.yaml"

gen "$t/cluster.yaml" "$t/out"		# no password in the environment
grep -qF 'SCRAM-SHA-256$' "$t/out/pg1/roles.sql" &&
    fail "roles.sql has a verifier though no password was given"
grep -q 'do_password' "$t/out/pg1/runbook.sh" ||
    fail "the primary's runbook has no password step"
shellcheck_runbooks "$t/out"

_pg_started+=("$t/pg1/data|$bin" "$t/pg2/data|$bin")
runbook "$t/out" pg1 --yes
[ "$(pg_psql "$p1" "$t/pg1" postgres \
    "SELECT rolpassword LIKE 'SCRAM-SHA-256\$4096:%' FROM pg_authid WHERE rolname = 'replica'")" = t ] ||
    fail "the role has no SCRAM verifier after the primary's runbook"
runbook "$t/out" pg2 --yes
# A second run keeps the password the role has.
runbook "$t/out" pg1 --yes
grep -q 'has a SCRAM-SHA-256 password (--set-password replaces it)' \
    "$t/out/pg1.runbook.log" || fail "a second run of pg1 set the password again"

pg_wait_for "$p1" "$t/pg1" postgres \
    "SELECT application_name || ' ' || state FROM pg_stat_replication" \
    "pg2 streaming" 30 || fail "pg2 does not stream"
pg_psql "$p1" "$t/pg1" postgres \
    "CREATE TABLE t140 (x text); INSERT INTO t140 VALUES ('row-$p1')" >/dev/null
pg_wait_for "$p2" "$t/pg2" postgres "SELECT x FROM t140" "row-$p1" 30 ||
    fail "the row did not reach pg2"

# The ALTER ROLE that \password sent is in the log, with a verifier only.
grep -q 'ALTER USER replica PASSWORD' "$t/pg1/data.log" ||
    fail "log_statement = all did not log the ALTER USER (test not effective)"
no_password_in "$t/pg1/data.log" "$t/pg2/data.log" \
    "$t/pg2/data/postgresql.auto.conf" "$t/out"

echo "ok: password set at run time, in no log"

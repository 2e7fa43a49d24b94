#!/usr/bin/env bash
# A two-node generic cluster on 127.0.0.1: pgpair generate, then the
# primary's runbook and the standby's, as the non-root test user.  The
# standby must stream under its node name, replay a row, stay in recovery,
# and no file (nor the standby's postgresql.auto.conf) may hold the
# password.  --dry-run on a fresh tree must change nothing.
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
cluster: t100
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
} >"$t/cluster.yaml"

# The password is at hand: roles.sql carries a SCRAM verifier.
gen "$t/cluster.yaml" "$t/out" "$PW_VAR=$TEST_PASSWORD"
grep -qF 'SCRAM-SHA-256$4096:' "$t/out/pg1/roles.sql" ||
    fail "roles.sql has no SCRAM verifier"
shellcheck_runbooks "$t/out"

# --dry-run changes nothing: no data directory, no server, no transcript.
# pg2's dry run says what its real run would do now: refuse, because its
# upstream does not answer yet.
runbook "$t/out" pg1 --dry-run
[ ! -e "$t/pg1/data" ] || fail "--dry-run of pg1 created $t/pg1/data"
grep -q 'initdb' "$t/out/pg1.runbook.log" || fail "dry run shows no initdb"
[ ! -e "$t/out/pg1/runbook.log" ] || fail "a dry run wrote a transcript"
if runbook_status "$t/out" pg2 --dry-run; then
	fail "pg2's dry run did not refuse while pg1 is down"
fi
grep -q 'does not admit replica.*nothing was changed' \
    <(tr '\n' ' ' <"$t/out/pg2.runbook.log") ||
    fail "pg2's dry run does not say why it refuses"
[ ! -e "$t/pg2/data" ] || fail "--dry-run of pg2 created $t/pg2/data"

_pg_started+=("$t/pg1/data|$bin" "$t/pg2/data|$bin")
runbook "$t/out" pg1 --yes
grep -q 'initdb' "$t/out/pg1/runbook.log" || fail "no transcript of pg1's run"
runbook "$t/out" pg2 --dry-run
grep -q 'pg_basebackup' "$t/out/pg2.runbook.log" ||
    fail "dry run shows no pg_basebackup"
[ ! -e "$t/pg2/data" ] || fail "--dry-run of pg2 created $t/pg2/data"
runbook "$t/out" pg2 --yes

s1=$t/pg1 s2=$t/pg2
got=$(pg_psql "$p1" "$s1" postgres \
    "SELECT application_name || ' ' || state FROM pg_stat_replication")
[ "$got" = "pg2 streaming" ] ||
    fail "pg_stat_replication on pg1: \"$got\", wanted \"pg2 streaming\""
[ "$(pg_psql "$p2" "$s2" postgres 'SELECT pg_is_in_recovery()')" = t ] ||
    fail "pg2 is not in recovery"

pg_psql "$p1" "$s1" postgres \
    "CREATE TABLE t100 (x text); INSERT INTO t100 VALUES ('row-$p1')" >/dev/null
pg_wait_for "$p2" "$s2" postgres \
    "SELECT x FROM t100" "row-$p1" 30 || fail "the row did not reach pg2"

frag=$t/pg2/data/conf.d/50-pgpair.conf
grep -q "^primary_conninfo = .*passfile=" "$frag" ||
    fail "primary_conninfo names no passfile"
grep -q "^primary_conninfo = .*application_name=pg2" "$frag" ||
    fail "primary_conninfo has no application_name=pg2"
grep -q "password=" "$frag" && fail "primary_conninfo holds a password"
[ -f "$t/pg2/data/standby.signal" ] || fail "pg2 has no standby.signal"
grep -q primary_conninfo "$t/pg2/data/postgresql.auto.conf" &&
    fail "postgresql.auto.conf sets primary_conninfo"
no_password_in "$t/pg2/data/postgresql.auto.conf" "$frag" "$t/out"
# The .pgpass the runbook wrote is the one place the password lives.
passfile=$t/pg2/pgpair-t100.pgpass
[ "$(stat -c %a "$passfile")" = 600 ] || fail "$passfile is not 0600"

# The primary's runbook runs again without harm and without a terminal or
# --yes (it has nothing to ask): nothing re-initialised, the row still
# there, and pg2 streams again.
runbook "$t/out" pg1
grep -q 'initdb' "$t/out/pg1.runbook.log" &&
    fail "the second run of pg1's runbook ran initdb"
grep -q 'pg_hba.conf (already as described)' "$t/out/pg1.runbook.log" ||
    fail "the second run of pg1's runbook replaced an identical pg_hba.conf"
[ "$(pg_psql "$p1" "$s1" postgres 'SELECT x FROM t100')" = "row-$p1" ] ||
    fail "the row is gone after the second run"
pg_wait_for "$p1" "$s1" postgres \
    "SELECT application_name || ' ' || state FROM pg_stat_replication" \
    "pg2 streaming" 30 || fail "pg2 does not stream after pg1's second run"

echo "ok: two-node rollout"

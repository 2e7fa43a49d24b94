#!/usr/bin/env bash
# A change plan run step by step on a live cascade p1 -> s1 -> s2 built by
# its runbooks.  First change: max_connections raised on every node, s1
# made synchronous, and a standby s3 added; second change: max_connections
# lowered again.  Each plan comes from `pgpair plan --from OLD NEW
# --format json`, and its steps are run as they say (argv in the node's
# folder).  Throughout, every standby's pg_get_wal_replay_pause_state() is
# sampled, and their logs read at the end: it must never be "paused"
# (PostgreSQL pauses a standby whose max_connections falls below the
# primary's).  At the end of each change
# no existing standby was copied again, every value is in effect, s1 is
# sync, s2 streams from s1, s3 streams, and a commit on the primary
# completes and reaches every standby.
set -euo pipefail
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/integration/t1-lib.sh"

pg_require 15
command -v python3 >/dev/null || pg_skip "no python3 to read the plan's JSON"
bin=$(pg_bindir 15)
t=$(pg_tmpdir)
read -r pp p1 p2 p3 <<<"$(free_ports 4)"
pg_as_user mkdir "$t/p1" "$t/s1" "$t/s2" "$t/s3"

# describe MAX_CONNECTIONS SYNC(0|1) S3(0|1)
describe() {
	cat <<YAML
cluster: t170
postgres: {version: 15}
platform: generic
replication:
  user: replica
  password: {env: $PW_VAR}
settings:
  max_wal_senders: 8
  max_connections: $1
nodes:
YAML
	node_yaml p1 primary "$pp"
	node_yaml s1 standby "$p1"
	node_yaml s2 standby "$p2" s1
	[ "$3" = 0 ] || node_yaml s3 standby "$p3"
	[ "$2" = 0 ] || printf 'synchronous:\n  standbys: [s1]\n'
}
describe 100 0 0 >"$t/v1.yaml"
describe 150 1 1 >"$t/v2.yaml"
describe 100 1 1 >"$t/v3.yaml"

port_of() {
	case $1 in p1) echo "$pp" ;; s1) echo "$p1" ;; s2) echo "$p2" ;; s3) echo "$p3" ;; esac
}
q() {	# q NODE SQL
	pg_psql "$(port_of "$1")" "$t/$1" postgres "$2"
}

gen "$t/v1.yaml" "$t/out1" "$PW_VAR=$TEST_PASSWORD"
_pg_started+=("$t/p1/data|$bin" "$t/s1/data|$bin" "$t/s2/data|$bin" "$t/s3/data|$bin")
for n in p1 s1 s2; do
	runbook "$t/out1" "$n" --yes
done
for n in s1 s2; do
	pg_as_user touch "$t/$n/data/pgpair-t170-marker"
done

# The sampler: every standby's replay pause state, a few times a second,
# into $t/pauses (a standby that is restarting does not answer: skipped).
sampler() {
	local n state
	while :; do
		for n in s1 s2 s3; do
			[ -d "$t/$n/data" ] || continue
			state=$(pg_psql "$(port_of "$n")" "$t/$n" postgres \
			    "SELECT pg_get_wal_replay_pause_state()" 2>/dev/null) || continue
			echo "$(date +%T.%N) $n $state" >>"$t/samples"
			case $state in
			*pause*) [ "$state" = "not paused" ] || echo "$n $state" >>"$t/pauses" ;;
			esac
		done
		sleep 0.2
	done
}

# run_plan OLD NEW OUTDIR: plan the change, then run its steps in order.
run_plan() {
	local old=$1 new=$2 out=$3 i node argv
	env "$PW_VAR=$TEST_PASSWORD" "$PGPAIR" plan --from "$old" "$new" -o "$out" \
	    --format json >"$t/plan.json" 2>"$t/plan.err" ||
	    { cat "$t/plan.err" "$t/plan.json" >&2; fail "pgpair plan --from $old $new"; }
	chown -R "$(pg_user)" "$out"
	[ -f "$out/plan.md" ] || fail "plan wrote no plan.md"
	python3 - "$t/plan.json" >"$t/steps" <<'PY'
import json, shlex, sys
doc = json.load(open(sys.argv[1]))
for s in doc["steps"]:
    print(s["node"], " ".join(shlex.quote(a) for a in s["argv"]))
PY
	[ -s "$t/steps" ] || fail "the plan has no steps"
	echo "plan $old -> $new:" >&2
	cat "$t/steps" >&2
	i=0
	while read -r node argv; do
		i=$((i + 1))
		[ -d "$out/$node" ] || fail "step $i: no folder $out/$node"
		# shellcheck disable=SC2086
		eval "set -- $argv"
		if ! (cd "$out/$node" && pg_as_user env "$PW_VAR=$TEST_PASSWORD" "$@" \
		    </dev/null >"$t/step-$i.log" 2>&1); then
			cat "$t/step-$i.log" >&2
			fail "step $i ($node: $argv) failed"
		fi
	done <"$t/steps"
}

# check_state MAX_CONNECTIONS: the cluster as the new description says.
check_state() {
	local n
	for n in p1 s1 s2 s3; do
		[ "$(q "$n" 'SHOW max_connections')" = "$1" ] ||
		    fail "max_connections on $n is $(q "$n" 'SHOW max_connections'), not $1"
	done
	for n in s1 s2; do
		[ -f "$t/$n/data/pgpair-t170-marker" ] || fail "$n was copied again"
	done
	pg_wait_for "$pp" "$t/p1" postgres \
	    "SELECT string_agg(application_name || ' ' || state || ' ' || sync_state, ', ' ORDER BY application_name) FROM pg_stat_replication" \
	    "s1 streaming sync, s3 streaming async" 30 ||
	    fail "p1's standbys: $(q p1 "SELECT string_agg(application_name || ' ' || state || ' ' || sync_state, ', ') FROM pg_stat_replication")"
	pg_wait_for "$p1" "$t/s1" postgres \
	    "SELECT application_name || ' ' || state FROM pg_stat_replication" \
	    "s2 streaming" 30 || fail "s2 does not stream from s1"
	# A commit completes (s1 is synchronous: bounded) and reaches everyone.
	q p1 "CREATE TABLE IF NOT EXISTS t170 (x text); INSERT INTO t170 VALUES ('row-$1')" >/dev/null ||
	    fail "a commit on p1 did not complete"
	for n in s1 s2 s3; do
		pg_wait_for "$(port_of "$n")" "$t/$n" postgres \
		    "SELECT count(*) FROM t170 WHERE x = 'row-$1'" 1 30 ||
		    fail "the row of the commit did not reach $n"
	done
	if [ -s "$t/pauses" ]; then
		fail "a standby's replay paused: $(sort -u "$t/pauses" | tr '\n' ' ')"
	fi
	# What the sampler may miss between two samples, the servers log.
	for n in s1 s2 s3; do
		if grep -E 'insufficient parameter settings|recovery has paused' "$t/$n/data.log"; then
			fail "$n's replay paused (its log says so)"
		fi
	done
	[ "$(grep -c . "$t/samples")" -gt 20 ] ||
	    fail "the sampler saw too little to mean anything"
}

: >"$t/pauses"
: >"$t/samples"
sampler &
sampler_pid=$!
trap 'kill "$sampler_pid" 2>/dev/null || :; _pg_cleanup' EXIT

run_plan "$t/v1.yaml" "$t/v2.yaml" "$t/out2"
# The order that keeps the cluster serving: the standbys raise before the
# primary, s3 is admitted before its copy, and s1 is named synchronous
# only after s3 exists.
order=$(awk '{ printf "%s%s ", $1, ($3 == "" ? "" : ":" $3) }' "$t/steps")
case $order in
*p1:configure*s1:configure* | *p1:configure*s2:configure*)
	fail "the primary is configured before a standby raises: $order" ;;
esac
check_state 150

# The second change, planned from the tree the first one wrote.
run_plan "$t/out2" "$t/v3.yaml" "$t/out3"
order=$(awk '{ printf "%s%s ", $1, ($3 == "" ? "" : ":" $3) }' "$t/steps")
case $order in
*s1:configure*p1:configure* | *s2:configure*p1:configure*)
	fail "a standby lowers before the primary: $order" ;;
esac
check_state 100

kill "$sampler_pid" 2>/dev/null || :
echo "ok: two planned changes run step by step; no standby paused; $(grep -c . "$t/samples") samples"

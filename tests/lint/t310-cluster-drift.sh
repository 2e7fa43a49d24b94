#!/usr/bin/env bash
# lint --cluster: the files of a tree written by generate, checked against
# their description.  Untouched, they pass; a hand edit that lowers a
# standby's max_connections, or drops a replication line, is reported at
# the edited file and line.
set -euo pipefail

pgpair=${PGPAIR:?}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0

cat >"$t/c.yaml" <<'YAML'
cluster: drift
postgres: {version: 16}
platform: debian
replication:
  user: replica
  password: {env: PGPAIR_TEST_UNSET}
nodes:
  - name: pg1
    role: primary
    address: 10.1.0.10
    settings: {max_connections: 200}
  - name: pg2
    role: standby
    address: 10.1.0.11
    settings: {max_connections: 200}
YAML
"$pgpair" generate "$t/c.yaml" -o "$t/out" 2>/dev/null

expect() {	# DESCRIPTION STATUS PATTERN
	local status=0
	"$pgpair" lint --cluster "$t/c.yaml" "$t/out" >"$t/lint.out" 2>&1 ||
	    status=$?
	if [ "$status" != "$2" ] || ! grep -Eq -- "$3" "$t/lint.out"; then
		echo "FAIL $1: exit $status, wanted $2 and /$3/:"
		cat "$t/lint.out"
		fail=1
	else
		echo "ok $1"
	fi
}

# Untouched: nothing at all.
status=0
"$pgpair" lint --cluster "$t/c.yaml" "$t/out" >"$t/lint.out" 2>&1 || status=$?
if [ "$status" != 0 ] || [ -s "$t/lint.out" ]; then
	echo "FAIL untouched tree: exit $status"
	cat "$t/lint.out"
	fail=1
else
	echo "ok untouched tree"
fi

# A standby's max_connections lowered by hand in its fragment.
frag=$t/out/pg2/conf.d/50-pgpair.conf
line=$(grep -n '^max_connections' "$frag" | cut -d: -f1)
sed -i "s/^max_connections = .*/max_connections = '100'/" "$frag"
expect "standby below the primary" 1 \
    "^$frag:$line:[0-9]+: error: max_connections on standby \"pg2\" is 100, lower than 200 on the primary \"pg1\" \[cluster-standby-params\]"
sed -i "s/^max_connections = .*/max_connections = '200'/" "$frag"

# The primary's replication line for pg2 removed by hand.
hba=$t/out/pg1/pg_hba.conf
grep -v '^host *replication *replica *10.1.0.11/32' "$hba" >"$t/hba" && cp "$t/hba" "$hba"
expect "replication line gone" 1 "\[cluster-hba-replication\]"

exit "$fail"

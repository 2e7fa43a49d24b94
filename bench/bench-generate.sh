#!/usr/bin/env bash
# Benchmark: pgpair generate on a description of N nodes (default 200):
# one primary, 19 standbys streaming from it, and 180 cascaded standbys,
# 10 under each of 18 of the direct standbys.  Prints the median wall time
# over R runs (default 20) into fresh folders, the best and worst, the peak
# resident memory, and the size of what was written.
#
# usage: bench/bench-generate.sh [PGPAIR] [N] [R]
# Not a test: run it by hand and copy the figures into README.md.
set -euo pipefail

pgpair=${1:-src/pgpair}
n=${2:-200}
runs=${3:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

{
	cat <<YAML
cluster: bench
postgres: {version: 17}
platform: debian
replication:
  user: replica
  password: {env: PGPAIR_BENCH_PASSWORD}
  slots: true
settings:
  wal_sender_timeout: 60s
synchronous: {standbys: [n1, n2, n3], count: 2, method: any}
nodes:
  - name: n0
    role: primary
    address: 10.0.0.10
    settings: {max_wal_senders: 30, max_replication_slots: 30}
YAML
	for i in $(seq 1 $((n - 1))); do
		if [ "$i" -le 19 ]; then
			up=n0
		else
			up=n$(( (i - 20) / 10 + 1 ))
		fi
		printf '  - name: n%d\n    role: standby\n    address: 10.0.%d.%d\n' \
		    "$i" $((i / 200)) $((i % 200 + 11))
		printf '    upstream: %s\n    settings: {max_wal_senders: 30, max_replication_slots: 30}\n' "$up"
	done
} >"$work/cluster.yaml"

times=()
for r in $(seq 1 "$runs"); do
	out=$work/out$r
	start=$(date +%s%N)
	PGPAIR_BENCH_PASSWORD=bench-password "$pgpair" generate \
	    "$work/cluster.yaml" -o "$out" 2>/dev/null
	end=$(date +%s%N)
	times+=($(( (end - start) / 1000 )))
	[ "$r" -gt 1 ] && rm -rf "$out"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
best=$(echo "$sorted" | head -n 1)
worst=$(echo "$sorted" | tail -n 1)
rss=$( { PGPAIR_BENCH_PASSWORD=bench-password /usr/bin/time -f '%M' \
    "$pgpair" generate "$work/cluster.yaml" -o "$work/rss" 2>&1 >/dev/null; } | tail -n 1)
files=$(find "$work/out1" -type f | wc -l)
bytes=$(du -sb "$work/out1" | cut -f1)
lines=$(wc -l <"$work/cluster.yaml")
printf 'nodes: %d (description: %d lines)\n' "$n" "$lines"
printf 'generate: median %.1f ms, best %.1f ms, worst %.1f ms over %d runs\n' \
    "$(echo "$median / 1000" | bc -l)" "$(echo "$best / 1000" | bc -l)" \
    "$(echo "$worst / 1000" | bc -l)" "$runs"
printf 'peak RSS: %s KiB\n' "$rss"
printf 'written: %d files, %d bytes\n' "$files" "$bytes"

#!/usr/bin/env bash
# Benchmark: pgpair generate on a description of N nodes (default 200):
# one primary, 19 standbys streaming from it, and 180 cascaded standbys,
# 10 under each of 18 of the direct standbys.  Prints the median wall time
# over R runs (default 20) into fresh folders, the best and worst, the
# same for regenerating into the folder of the first run when nothing
# changes and when a setting of every node changes (the 200 fragments and
# the description), the peak resident memory, the size of what was
# written, and (with strace) the calls that wait on the disk, fsync,
# fdatasync and syncfs, of each kind of run.
#
# Then, for each size of SIZES (default 50 100 200 400 800 nodes, the
# same shape), pgpair check and generate: the median CPU time (user +
# system) over R2 runs (default 5), peak RSS, and what generate wrote,
# with the ratio of each size's CPU time to that of 200 nodes (what a
# cluster writes grows with the square of its nodes: every pg_hba.conf
# names every other node).
#
# usage: bench/bench-generate.sh [PGPAIR] [N] [R]
# Not a test: run it by hand and copy the figures into README.md.
set -euo pipefail

pgpair=${1:-src/pgpair}
n=${2:-200}
runs=${3:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# describe N: the description of N nodes, on stdout.
describe() {
	local n=$1 i up
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
}
describe "$n" >"$work/cluster.yaml"
# The same with another wal_sender_timeout: every node's fragment changes.
mkdir "$work/b"
sed 's/^  wal_sender_timeout: 60s$/  wal_sender_timeout: 61s/' \
    "$work/cluster.yaml" >"$work/b/cluster.yaml"

# run OUT [DESC]: one generate into OUT; prints its wall time in
# microseconds.
run() {
	local start end
	start=$(date +%s%N)
	PGPAIR_BENCH_PASSWORD=bench-password "$pgpair" generate \
	    "${2:-$work/cluster.yaml}" -o "$1" 2>/dev/null
	end=$(date +%s%N)
	echo $(( (end - start) / 1000 ))
}

# stats TIME...: "median best worst" of the times.
stats() {
	local sorted
	sorted=$(printf '%s\n' "$@" | sort -n)
	echo "$(echo "$sorted" | sed -n "$(( ($# + 1) / 2 ))p")" \
	    "$(echo "$sorted" | head -n 1)" "$(echo "$sorted" | tail -n 1)"
}

# syncs OUT [DESC]: the fsync, fdatasync and syncfs calls of one generate.
syncs() {
	PGPAIR_BENCH_PASSWORD=bench-password strace -f -c -o "$work/strace" \
	    -e trace=fsync,fdatasync,syncfs "$pgpair" generate \
	    "${2:-$work/cluster.yaml}" -o "$1" 2>/dev/null
	awk '$NF ~ /^(fsync|fdatasync|syncfs)$/ { n += $4; s = s " " $NF "=" $4 }
	    END { printf "%d (%s)\n", n, s == "" ? "none" : substr(s, 2) }' \
	    "$work/strace"
}

times=()
for r in $(seq 1 "$runs"); do
	times+=("$(run "$work/out$r")")
	[ "$r" -gt 1 ] && rm -rf "$work/out$r"
done
read -r median best worst <<<"$(stats "${times[@]}")"
again=()
for r in $(seq 1 "$runs"); do
	again+=("$(run "$work/out1")")
done
read -r amedian abest aworst <<<"$(stats "${again[@]}")"
changed=()
for r in $(seq 1 "$runs"); do
	if [ $((r % 2)) = 1 ]; then
		changed+=("$(run "$work/out1" "$work/b/cluster.yaml")")
	else
		changed+=("$(run "$work/out1")")
	fi
done
read -r cmedian cbest cworst <<<"$(stats "${changed[@]}")"
rss=$( { PGPAIR_BENCH_PASSWORD=bench-password /usr/bin/time -f '%M' \
    "$pgpair" generate "$work/cluster.yaml" -o "$work/rss" 2>&1 >/dev/null; } | tail -n 1)
files=$(find "$work/out1" -type f | wc -l)
bytes=$(du -sb "$work/out1" | cut -f1)
lines=$(wc -l <"$work/cluster.yaml")
printf 'nodes: %d (description: %d lines)\n' "$n" "$lines"
printf 'generate: median %.1f ms, best %.1f ms, worst %.1f ms over %d runs\n' \
    "$(echo "$median / 1000" | bc -l)" "$(echo "$best / 1000" | bc -l)" \
    "$(echo "$worst / 1000" | bc -l)" "$runs"
printf 'regenerate, nothing changes: median %.1f ms, best %.1f ms, worst %.1f ms\n' \
    "$(echo "$amedian / 1000" | bc -l)" "$(echo "$abest / 1000" | bc -l)" \
    "$(echo "$aworst / 1000" | bc -l)"
printf 'regenerate, a setting of every node changes: median %.1f ms, best %.1f ms, worst %.1f ms\n' \
    "$(echo "$cmedian / 1000" | bc -l)" "$(echo "$cbest / 1000" | bc -l)" \
    "$(echo "$cworst / 1000" | bc -l)"
printf 'peak RSS: %s KiB\n' "$rss"
printf 'written: %d files, %d bytes\n' "$files" "$bytes"
if command -v strace >/dev/null; then
	printf 'syncs, fresh generate: %s\n' "$(syncs "$work/syncs")"
	printf 'syncs, regenerate, nothing changes: %s\n' "$(syncs "$work/syncs")"
	printf 'syncs, regenerate, a setting changes: %s\n' \
	    "$(syncs "$work/syncs" "$work/b/cluster.yaml")"
fi

# --- how check and generate grow with the cluster ---
# cpu CMD...: "CPU-ms RSS-KiB" of one run (/usr/bin/time).
cpu() {
	PGPAIR_BENCH_PASSWORD=bench-password /usr/bin/time -f '%U %S %M' \
	    "$@" 2>&1 >/dev/null | tail -n 1 |
	    awk '{ printf "%d %d\n", ($1 + $2) * 1000, $3 }'
}
sizes=${SIZES:-50 100 200 400 800}
runs2=${R2:-5}
printf '\n%6s %12s %10s %12s %10s %12s %s\n' nodes "check CPU" "RSS" \
    "generate CPU" "RSS" written "CPU / CPU of 200 (check, generate)"
declare -A cbase gbase
for s in $sizes; do
	describe "$s" >"$work/s$s.yaml"
	ct=() gt=()
	for r in $(seq 1 "$runs2"); do
		read -r c crss <<<"$(cpu "$pgpair" check "$work/s$s.yaml")"
		ct+=("$c")
		rm -rf "$work/g$s"
		read -r g grss <<<"$(cpu "$pgpair" generate "$work/s$s.yaml" \
		    -o "$work/g$s")"
		gt+=("$g")
	done
	read -r c _ _ <<<"$(stats "${ct[@]}")"
	read -r g _ _ <<<"$(stats "${gt[@]}")"
	cbase[$s]=$c
	gbase[$s]=$g
	bytes=$(du -sb "$work/g$s" | cut -f1)
	rm -rf "$work/g$s"
	printf '%6d %9d ms %7d KiB %9d ms %7d KiB %9.1f MB' "$s" "$c" "$crss" \
	    "$g" "$grss" "$(echo "$bytes / 1000000" | bc -l)"
	if [ -n "${cbase[200]:-}" ] && [ "${cbase[200]}" -gt 0 ]; then
		printf '  %.1f, %.1f' "$(echo "$c / ${cbase[200]}" | bc -l)" \
		    "$(echo "$g / ${gbase[200]}" | bc -l)"
	fi
	printf '\n'
done

#!/usr/bin/env bash
# Benchmark: pgpair lint on small and large files, and against PostgreSQL
# reading the same large files in the same run.  It prints:
#   - a pre-commit run: pgpair lint of a realistic 20-line pg_hba.conf and
#     a 20-setting postgresql.conf, against /bin/true (a process that does
#     nothing), as process wall time, the two in turns (SMALL_RUNS each,
#     201), and with hyperfine when installed;
#   - large files of several shapes, each at two sizes (NHBA and NHBA / 4
#     lines of pg_hba.conf, NCONF and NCONF / 4 setting lines of
#     postgresql.conf), the two sizes timed in turns: medians, the ratio
#     of the two (4 times the lines should take at most 5 times the time)
#     and peak RSS (/usr/bin/time %M).  The pg_hba.conf shapes:
#       synthetic   the shapes generated files have: a /32 line per client
#                   and user, /24 lines per application, IPv6 clients,
#                   replication lines, a few lines for all users, some
#                   shadowed lines;
#       realistic   the 20-line pg_hba.conf above, repeated (every copy
#                   after the first is shadowed: one finding per line);
#       distinct    a network of its own on every line, prefix lengths
#                   from /20 to /32, 1,000 users and 100 databases;
#       few-nets    8 networks, a user of its own on every line;
#     and the postgresql.conf shapes:
#       synthetic   every parameter of PostgreSQL 15's sample, set over
#                   and over (the case that costs the server: it marks
#                   duplicates by walking every earlier setting);
#       realistic   the 20-setting postgresql.conf above, repeated;
#   - PostgreSQL 15 reading each large file (the larger size): SELECT
#     count(*) FROM pg_hba_file_rules or FROM pg_file_settings, which read
#     and parse the files at query time, timed by psql's \timing on a
#     scratch server, in one psql session; a pgpair run and a query take
#     turns, so that both are measured in the same minutes.
#
# usage: bench/bench-lint.sh [PGPAIR] [RUNS]
# NHBA and NCONF set the larger sizes (100000, 20000), HBA_SHAPES and
# CONF_SHAPES the shapes (all of them; set to nothing, none).
# Not a test: run it by hand (as root or any user; the server runs as the
# test user of tests/lib/pg.sh) and copy the figures into README.md.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
pgpair=$(realpath "${1:-src/pgpair}")
runs=${2:-11}
small_runs=${SMALL_RUNS:-201}
nhba=${NHBA:-100000}
nconf=${NCONF:-20000}
[ -x "$pgpair" ] || { echo "bench-lint: no pgpair at $pgpair" >&2; exit 2; }

# shellcheck source=../tests/lib/pg.sh
. "$top/tests/lib/pg.sh"
work=$(pg_tmpdir)

# --- inputs ---
mkdir -p "$work/small"
cat >"$work/small/pg_hba.conf" <<'HBA'
# TYPE  DATABASE        USER            ADDRESS                 METHOD
local   all             postgres                                peer
local   all             all                                     peer
host    all             all             127.0.0.1/32            scram-sha-256
host    all             all             ::1/128                 scram-sha-256
local   replication     all                                     peer
host    replication     all             127.0.0.1/32            scram-sha-256
host    replication     all             ::1/128                 scram-sha-256
host    replication     replicator      10.0.1.11/32            scram-sha-256
host    replication     replicator      10.0.1.12/32            scram-sha-256
hostssl shop            shop_app        10.0.2.0/24             scram-sha-256
hostssl shop            shop_ro         10.0.3.0/24             scram-sha-256
hostssl analytics       +analysts       10.0.4.0/24             scram-sha-256
hostssl analytics       etl             10.0.5.17/32            scram-sha-256
hostssl all             monitoring      10.0.6.10/32            scram-sha-256
host    shop            backup          10.0.7.5/32             scram-sha-256
hostssl all             +dba            10.0.8.0/24             cert clientcert=verify-full
host    shop,analytics  migrator        10.0.9.0/28             scram-sha-256
hostnossl all           all             10.0.0.0/8              reject
hostssl all             all             10.0.0.0/8              scram-sha-256
host    all             all             all                     reject
HBA
cat >"$work/small/postgresql.conf" <<'CONF'
listen_addresses = '*'
port = 5432
max_connections = 200
shared_buffers = 4GB
effective_cache_size = 12GB
work_mem = 16MB
maintenance_work_mem = 512MB
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
max_wal_size = 4GB
min_wal_size = 1GB
checkpoint_completion_target = 0.9
random_page_cost = 1.1
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = 500ms
log_checkpoints = on
timezone = 'UTC'
shared_preload_libraries = 'pg_stat_statements'
CONF

# hba_shape SHAPE N: N lines of pg_hba.conf of that shape.  The first
# line lets the benchmark's own psql in over the local socket.
hba_shape() {
	local shape=$1 n=$2
	echo "local all all trust"
	case $shape in
	synthetic)
		awk -v n="$n" 'BEGIN {
		print "local all postgres peer"
		print "host all all 127.0.0.1/32 scram-sha-256"
		for (i = 4; i <= n - 1; i++) {
			a = int(i / 65536) % 256; b = int(i / 256) % 256
			c = i % 256
			if (i % 25000 == 0)
				print "host all all 172.16.0.0/12 scram-sha-256"
			else if (i % 25000 == 1)
				print "host all all 172.20." b ".0/24 scram-sha-256"
			else if (i % 1000 == 1)
				printf "host all app%d 10.%d.%d.0/24 " \
				    "scram-sha-256\n", i % 50, a + 100, b
			else if (i % 100 == 7)
				printf "host replication replicator " \
				    "10.%d.%d.%d/32 scram-sha-256\n", a, b, c
			else if (i % 10 == 3)
				printf "host all u%d fd00::%x:%x/128 " \
				    "scram-sha-256\n", i % 2000, \
				    int(i / 65536), i % 65536
			else if (i % 1000 == 5)
				printf "hostnossl db%d u%d 10.%d.%d.%d/32 md5\n", \
				    i % 500, i % 2000, a, b, c
			else
				printf "host db%d u%d 10.%d.%d.%d/32 " \
				    "scram-sha-256\n", i % 500, i % 2000, a, b, c
		}
		print "host all all all reject" }'
		;;
	realistic)
		awk -v n="$n" '{ v[NR] = $0 }
		    END { for (i = 1; i < n; i++) print v[(i - 1) % NR + 1] }' \
		    "$work/small/pg_hba.conf"
		;;
	distinct)
		awk -v n="$n" 'BEGIN {
		for (i = 1; i < n; i++) {
			q = 20 + i % 13
			x = i * 2 ^ (32 - q) % 2 ^ 24
			printf "host db%d u%d 10.%d.%d.%d/%d scram-sha-256\n", \
			    i % 100, i % 1000, int(x / 65536), \
			    int(x / 256) % 256, x % 256, q
		} }'
		;;
	few-nets)
		awk -v n="$n" 'BEGIN {
		for (i = 1; i < n; i++)
			printf "host db%d u%d 10.%d.0.0/16 scram-sha-256\n", \
			    i % 20, i, i % 8 }'
		;;
	esac
}

# conf_shape SHAPE N: postgresql.conf of N setting lines, each parameter
# set to a value PostgreSQL 15 accepts.
sample=/usr/share/postgresql/15/postgresql.conf.sample
conf_shape() {
	local shape=$1 n=$2
	echo "# generated by bench/bench-lint.sh: $n setting lines ($shape)"
	case $shape in
	synthetic)
		awk -v n="$n" '{ v[NR] = $0 }
		    END { for (i = 0; i < n; i++) print v[i % NR + 1] }' \
		    "$work/settings"
		;;
	realistic)
		awk -v n="$n" '{ v[NR] = $0 }
		    END { for (i = 0; i < n; i++) print v[i % NR + 1] }' \
		    "$work/small/postgresql.conf"
		;;
	esac
}

[ -f "$sample" ] || { echo "bench-lint: no $sample" >&2; exit 2; }
# the parameters of the sample, uncommented, with their default values
sed -n 's/^#\([a-z_][a-z_0-9]* = \)/\1/p' "$sample" | grep -Ev \
    '^(data_directory|hba_file|ident_file|external_pid_file|include)' \
    >"$work/settings"
read -r -a hba_shapes <<<"${HBA_SHAPES-synthetic realistic distinct few-nets}"
read -r -a conf_shapes <<<"${CONF_SHAPES-synthetic realistic}"
for s in "${hba_shapes[@]}"; do
	hba_shape "$s" "$nhba" >"$work/hba-$s-big.conf"
	hba_shape "$s" $((nhba / 4)) >"$work/hba-$s-small.conf"
done
for s in "${conf_shapes[@]}"; do
	conf_shape "$s" "$nconf" >"$work/conf-$s-big.conf"
	conf_shape "$s" $((nconf / 4)) >"$work/conf-$s-small.conf"
done

# --- timing helpers ---
# usec CMD...: the wall time of one run of CMD in microseconds (output
# discarded).  The clock is bash's own $EPOCHREALTIME (no process is
# started to read it), so a figure is the command's fork, exec and run,
# as for any command a hook starts.
usec() {
	local t0 t1
	t0=$EPOCHREALTIME
	"$@" >/dev/null 2>&1 || true
	t1=$EPOCHREALTIME
	echo $(( ${t1/[.,]/} - ${t0/[.,]/} ))
}

# med3 < numbers (microseconds): "median best worst" in milliseconds.
med3() {
	sort -n | awk '{ v[NR] = $1 }
	    END { printf "%.1f %.1f %.1f\n", v[int((NR + 1) / 2)] / 1000,
	        v[1] / 1000, v[NR] / 1000 }'
}

# with_true CMD...: $small_runs runs of CMD and of /bin/true, taking turns
# (a run takes milliseconds: the machine's state changes between two
# series); "median best worst" of CMD, then of /bin/true.
with_true() {
	local -a c=() t=()
	for _ in $(seq 1 "$small_runs"); do
		c+=("$(usec "$@")")
		t+=("$(usec /bin/true)")
	done
	echo "$(printf '%s\n' "${c[@]}" | med3) $(printf '%s\n' "${t[@]}" | med3)"
}

rss_kib() {
	/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1
}

# turns TYPE SMALL BIG: $runs rounds of pgpair on SMALL then on BIG, so
# that both sizes are timed in the same minutes; prints the two medians
# (ms) and the ratio of the big one to the small one.
turns() {
	local type=$1 small=$2 big=$3
	local -a s=() b=()
	for _ in $(seq 1 "$runs"); do
		s+=("$(usec "$pgpair" lint --type "$type" --pg-version 15 "$small")")
		b+=("$(usec "$pgpair" lint --type "$type" --pg-version 15 "$big")")
	done
	read -r sm _ < <(printf '%s\n' "${s[@]}" | med3)
	read -r bm _ < <(printf '%s\n' "${b[@]}" | med3)
	echo "$sm $bm $(awk -v a="$sm" -v b="$bm" 'BEGIN { printf "%.2f", b / a }')"
}

# paired SQL CMD...: $runs rounds of CMD, then SQL in one psql session
# kept open (a coprocess), one after the other, so that both are timed
# while the machine is in the same state (these shared machines change
# speed from one minute to the next).  Prints the medians, bests and
# worsts of CMD and of SQL (as psql's \timing measures it: server time
# plus the round trip on a Unix socket), in milliseconds.
paired() {
	local sql=$1 line
	local -a v=() q=()
	shift
	coproc PSQL { pg_as_user timeout 900 "$PG_CLIENT_BIN/psql" -X -q \
	    -h "$sock" -p "$port" -d postgres 2>&1; }
	printf '%s\n' '\timing on' >&"${PSQL[1]}"
	for _ in $(seq 1 "$runs"); do
		# each side alone on the machine: the server's backend may
		# still be freeing the last query's memory when psql has its
		# answer
		sleep 0.2
		v+=("$(usec "$@")")
		sleep 0.2
		echo "$sql;" >&"${PSQL[1]}"
		while read -r line <&"${PSQL[0]}"; do
			case $line in
			Time:*)
				line=${line#Time: }
				q+=("$(awk -v t="${line%% *}" \
				    'BEGIN { printf "%d", t * 1000 }')")
				break
				;;
			esac
		done
	done
	echo '\q' >&"${PSQL[1]}"
	wait "$PSQL_PID" 2>/dev/null || true
	echo "$(printf '%s\n' "${v[@]}" | med3) $(printf '%s\n' "${q[@]}" | med3)"
}

echo "$runs runs of each measurement ($small_runs of the pre-commit run and of /bin/true, in turns); times are medians (best, worst)"

# --- a pre-commit run ---
small=("$work/small/pg_hba.conf" "$work/small/postgresql.conf")
"$pgpair" lint --pg-version 16 "${small[@]}" || true
read -r pmed pbest pworst tmed tbest tworst < <(with_true "$pgpair" lint \
    --pg-version 16 "${small[@]}")
prss=$(rss_kib "$pgpair" lint --pg-version 16 "${small[@]}")
printf 'pre-commit (20-line pg_hba.conf, 20-setting postgresql.conf): %s ms (%s, %s), peak RSS %s KiB; /bin/true %s ms (%s, %s): %.2f times\n' \
    "$pmed" "$pbest" "$pworst" "$prss" "$tmed" "$tbest" "$tworst" \
    "$(awk -v a="$pmed" -v b="$tmed" 'BEGIN { print a / b }')"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 20 --runs 500 --style basic \
	    "$pgpair lint --pg-version 16 ${small[*]}" /bin/true 2>&1 |
	    grep -E 'Time|±|faster|slower|true|lint' || true
fi

# --- sizes and shapes ---
printf '%-22s %9s %8s %9s %8s %6s %10s %10s\n' file lines "time" lines \
    "time" ratio "RSS small" "RSS big"
for kind in hba conf; do
	if [ "$kind" = hba ]; then
		shapes=("${hba_shapes[@]}")
	else
		shapes=("${conf_shapes[@]}")
	fi
	for s in "${shapes[@]}"; do
		f=$work/$kind-$s
		read -r sm bm ratio < <(turns "$kind" "$f-small.conf" \
		    "$f-big.conf")
		printf '%-22s %9d %8s %9d %8s %6s %10s %10s\n' "$kind $s" \
		    "$(wc -l <"$f-small.conf")" "$sm" \
		    "$(wc -l <"$f-big.conf")" "$bm" "$ratio" \
		    "$(rss_kib "$pgpair" lint --type "$kind" --pg-version 15 \
		    "$f-small.conf")" \
		    "$(rss_kib "$pgpair" lint --type "$kind" --pg-version 15 \
		    "$f-big.conf")"
	done
done

# --- pgpair and PostgreSQL 15 reading the same large files, in turns ---
if ! bin=$(pg_bindir 15) || [ ! -x "$PG_CLIENT_BIN/psql" ]; then
	echo "PostgreSQL 15: not installed, server figures skipped"
	exit 0
fi
data=$work/data
sock=$(pg_tmpdir)
port=$(pg_free_port)
mkdir "$data"
chown "$(pg_user)" "$data" 2>/dev/null || true
pg_initdb "$data" 15
# the server reads these two files again at each query; each shape is
# copied there in its turn (its first line, as this one, lets psql in)
hba=$work/pg_hba.conf
echo "local all all trust" >"$hba"
chown "$(pg_user)" "$hba" 2>/dev/null || true
pg_start "$data" 15 "$port" "$sock" "-c hba_file=$hba" ||
    { cat "$data.log" >&2; exit 1; }
echo "PostgreSQL $("$bin/postgres" --version | awk '{ print $3 }'):"
printf '%-22s %9s %14s %14s %8s %8s\n' file lines pgpair server ratio rows
for kind in hba conf; do
	if [ "$kind" = hba ]; then
		shapes=("${hba_shapes[@]}")
		target=$hba
		sql="SELECT count(*) FROM pg_hba_file_rules"
	else
		shapes=("${conf_shapes[@]}")
		target=$data/postgresql.conf
		sql="SELECT count(*) FROM pg_file_settings"
	fi
	for s in "${shapes[@]}"; do
		cp "$work/$kind-$s-big.conf" "$target"
		chown "$(pg_user)" "$target" 2>/dev/null || true
		rows=$(pg_psql "$port" "$sock" postgres "$sql")
		read -r med _ _ pg _ _ < <(paired "$sql" \
		    "$pgpair" lint --type "$kind" --pg-version 15 "$target")
		printf '%-22s %9d %11s ms %11s ms %7.1fx %8s\n' "$kind $s" \
		    "$(wc -l <"$target")" "$med" "$pg" \
		    "$(awk -v a="$pg" -v b="$med" 'BEGIN { print a / b }')" \
		    "$rows"
	done
done
pg_stop "$data" 15

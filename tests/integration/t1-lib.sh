# shellcheck shell=bash
# tests/integration/t1-lib.sh: helpers for the rollout tests (t1NN-*.sh),
# which generate a generic cluster on 127.0.0.1 and run its runbooks as the
# non-root test user, the way an operator would.  Sourced after pg.sh.

PW_VAR=PGPAIR_REPLICATION_PASSWORD
# A password with the characters .pgpass and SQL quoting must get right.
TEST_PASSWORD=${TEST_PASSWORD:-"s3cr:et\\pw'$RANDOM$RANDOM"}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# gen YAML OUTDIR [VAR=VALUE...]: pgpair generate, then give the output to
# the test user, the operator who runs the runbooks from it (a runbook keeps
# its lock and transcript in its folder).
gen() {
	local yaml=$1 out=$2
	shift 2
	env -u "$PW_VAR" "$@" "$PGPAIR" generate "$yaml" -o "$out" \
	    2>"$out.err" || {
		cat "$out.err" >&2
		fail "pgpair generate $yaml"
	}
	chown -R "$(pg_user)" "$out"
}

# with_password CMD...: CMD as the test user with the password in its
# environment.  The password goes through a 0600 file the test user reads,
# never through arguments: setpriv and env would show it to ps(1) for as
# long as they take to exec the next program (t180 samples ps the whole
# time a runbook runs, and once caught this harness, not a runbook).
with_password() {
	local pwfile
	pwfile=$(pg_tmpdir)/password
	(umask 077 && printf '%s' "$TEST_PASSWORD" >"$pwfile")
	[ "$(id -u)" != 0 ] || chown "$(pg_user)" "$pwfile"
	# shellcheck disable=SC2016
	pg_as_user bash -c 'IFS= read -r -d "" v <"$2"; export "$1=$v"; '\
'shift 2; exec "$@"' _ "$PW_VAR" "$pwfile" "$@"
}

# runbook OUTDIR NODE [args...]: run NODE's runbook as the test user with
# the password in its environment (and nothing on standard input).
runbook() {
	local out=$1 node=$2 log
	shift 2
	log="$out/$node.runbook.log"
	if ! with_password bash "$out/$node/runbook.sh" "$@" </dev/null \
	    >"$log" 2>&1; then
		cat "$log" >&2
		fail "runbook of $node ($*)"
	fi
}

# runbook_status OUTDIR NODE [args...]: the same, its exit status returned
# (for the runs that must fail).
runbook_status() {
	local out=$1 node=$2
	shift 2
	with_password bash "$out/$node/runbook.sh" "$@" </dev/null \
	    >"$out/$node.runbook.log" 2>&1
}

# no_password_in FILE|DIR...: the password appears in none of the files
# (folders are searched whole).
no_password_in() {
	local f
	for f in "$@"; do
		if grep -rqF -- "$TEST_PASSWORD" "$f"; then
			fail "the password appears in $f"
		fi
	done
}

# Every runbook under OUTDIR (argument 1) must be shellcheck-clean.
shellcheck_runbooks() {
	local f
	if ! command -v shellcheck >/dev/null 2>&1; then
		[ -z "${CI:-}" ] || fail "shellcheck is missing"
		echo "note: no shellcheck, runbooks not checked" >&2
		return 0
	fi
	for f in "$1"/*/runbook.sh; do
		shellcheck "$f" || fail "shellcheck $f"
	done
}

# node_yaml NAME ROLE PORT [UPSTREAM]: one node of a generic cluster on
# 127.0.0.1, with its data directory and unix socket under $t and the
# binaries of $bin (both set by the test).
# shellcheck disable=SC2154
node_yaml() {
	cat <<YAML
  - name: $1
    role: $2
    address: 127.0.0.1
    port: $3
YAML
	[ -z "${4:-}" ] || echo "    upstream: $4"
	cat <<YAML
    data_directory: $t/$1/data
    bin_directory: $bin
    settings: {unix_socket_directories: "$t/$1"}
YAML
}

# free_ports N: N distinct free ports on one line.
free_ports() {
	local ports=() p
	while [ "${#ports[@]}" -lt "$1" ]; do
		p=$(pg_free_port)
		case " ${ports[*]} " in
		*" $p "*) ;;
		*) ports+=("$p") ;;
		esac
	done
	echo "${ports[*]}"
}

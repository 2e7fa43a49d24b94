#!/bin/bash
# t003: SCRAM-SHA-256 verifiers from scram.c against a real PostgreSQL 15.
# tests/unit/scram-cli prints a verifier for a password; a role created
# with it must be stored verbatim (not hashed again as a plain password)
# and log in over TCP on 127.0.0.1 under a scram-sha-256 hba line with
# that password, and only with that password.
set -euo pipefail

: "${top_srcdir:?}" "${top_builddir:?}"
# shellcheck source=../lib/pg.sh
. "$top_srcdir/tests/lib/pg.sh"

cli=$top_builddir/tests/unit/scram-cli
[ -x "$cli" ] || { echo "FAIL: $cli not built" >&2; exit 1; }
pg_require 15

tmp=$(pg_tmpdir)
port=$(pg_free_port)
pg_initdb "$tmp/data" 15
cat >"$tmp/data/pg_hba.conf" <<'HBA'
local	all	all			trust
host	all	all	127.0.0.1/32	scram-sha-256
HBA
pg_start "$tmp/data" 15 "$port" "$tmp" || {
	cat "$tmp/data.log" >&2
	exit 1
}

fail=0

# login PASSWORD ROLE: psql over TCP as ROLE; prints current_user.
login() {
	env -u PGSERVICE -u PGSERVICEFILE PGPASSFILE=/dev/null \
	    PGPASSWORD="$1" PGSSLMODE=disable PGCONNECT_TIMEOUT=10 \
	    timeout "$PG_TIMEOUT" "$PG_CLIENT_BIN/psql" -X -A -t -q \
	    -h 127.0.0.1 -p "$port" -U "$2" -d postgres \
	    -c 'SELECT current_user'
}

# Passwords: plain, every ASCII punctuation mark and blank, long.
passwords=(
	'replica'
	"it's \"quoted\" \$(id) \`id\` a;b c&d \\ back\\slash :colon: #hash"
	' leading and trailing blanks '
	"$(printf 'x%.0s' $(seq 1 200))"
	'!#$%&()*+,-./:;<=>?@[\]^_{|}~'
)
b64='[A-Za-z0-9+/=]'
shape="^SCRAM-SHA-256[\$]4096:$b64{24}[\$]$b64{44}:$b64{44}\$"
i=0
for pw in "${passwords[@]}"; do
	i=$((i + 1))
	role=scram_t$i
	verifier=$(printf '%s' "$pw" | "$cli")
	if ! [[ $verifier =~ $shape ]]; then
		echo "FAIL: password $i: malformed verifier \"$verifier\"" >&2
		fail=1
		continue
	fi
	# The verifier holds no quote or backslash (checked just above).
	pg_psql "$port" "$tmp" postgres \
	    "CREATE ROLE $role LOGIN PASSWORD '$verifier'" >/dev/null
	stored=$(pg_psql "$port" "$tmp" postgres \
	    "SELECT rolpassword FROM pg_authid WHERE rolname = '$role'")
	if [ "$stored" != "$verifier" ]; then
		echo "FAIL: password $i: stored \"$stored\"," \
		    "sent \"$verifier\"" >&2
		fail=1
	fi

	if ! out=$(login "$pw" "$role" 2>&1) || [ "$out" != "$role" ]; then
		echo "FAIL: password $i: login refused: $out" >&2
		fail=1
	fi
	want="password authentication failed for user \"$role\""
	for wrong in "${pw}x" "${pw%?}" "WRONG"; do
		if out=$(login "$wrong" "$role" 2>&1); then
			echo "FAIL: password $i: wrong password" \
			    "\"$wrong\" accepted" >&2
			fail=1
		elif [[ $out != *"$want"* ]]; then
			echo "FAIL: password $i: unexpected error: $out" >&2
			fail=1
		fi
	done
done

# A non-ASCII password is refused rather than prepared unlike the server.
if printf 'p\303\244ss' | "$cli" >/dev/null 2>&1; then
	echo "FAIL: scram-cli accepted a non-ASCII password" >&2
	fail=1
fi

[ "$fail" = 0 ] &&
    echo "ok: ${#passwords[@]} verifiers log in, wrong passwords fail"
exit "$fail"

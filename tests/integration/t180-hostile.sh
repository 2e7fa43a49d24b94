#!/usr/bin/env bash
# Hostile values in a description: names, paths, addresses, users, settings
# and the password, holding quotes, backslashes, $(...), backticks,
# newlines, #, ;, blanks, look-alike letters and other non-ASCII.  For each,
# pgpair either refuses it with an error at the value's line and column, or
# the output means exactly what was written:
# - every runbook parses (bash -n, shellcheck) and its --dry-run runs no
#   injected command;
# - a primary and a standby rolled out with hostile settings and a hostile
#   password: the server reads the fragment as exactly the intended values
#   (pg_file_settings) and pg_hba.conf with no error (pg_hba_file_rules),
#   roles.sql creates exactly the intended role, and the standby logs in;
# - the password is in no generated file, in no --dry-run output, in no
#   process's arguments while the runbooks run, and in no server log with
#   log_statement = all.
set -euo pipefail
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/integration/t1-lib.sh"

command -v python3 >/dev/null || pg_skip "no python3 to write the hostile descriptions"
t=$(pg_tmpdir)
# (short: cluster_name and application_name keep 63 bytes)
canary=/tmp/t180c$$
rm -f "$canary"
# Each hostile string tries to create the canary file when evaluated.
export CANARY=$canary

# --- refused, with a position -------------------------------------------
python3 - "$t" <<'PY'
import json, os, sys
t = sys.argv[1]
canary = os.environ["CANARY"]
hostile = [
    "a; touch %s" % canary,
    "$(touch %s)" % canary,
    "`touch %s`" % canary,
    "a'b", 'a"b', "a\\b", "a\nb", "a#b", "a b", "p\u0261",  # look-alike g
    "caf\u00e9", "\u0440g1",   # Cyrillic r
]
# key path -> template of the description; VALUE is replaced.
base = {
    "cluster": "c",
    "postgres": {"version": 15},
    "platform": "generic",
    "replication": {"user": "replica", "password": {"env": "PGPAIR_T180_PW"}},
    "nodes": [
        {"name": "pg1", "role": "primary", "address": "127.0.0.1",
         "data_directory": "/srv/a/data"},
        {"name": "pg2", "role": "standby", "address": "127.0.0.2",
         "data_directory": "/srv/b/data"},
    ],
    "access": [{"type": "host", "database": "all", "user": "all",
                "address": "10.0.0.0/8", "method": "scram-sha-256"}],
}
places = [
    ("cluster", lambda d, v: d.__setitem__("cluster", v)),
    ("node name", lambda d, v: d["nodes"][1].__setitem__("name", v)),
    ("replication user", lambda d, v: d["replication"].__setitem__("user", v)),
    ("password env", lambda d, v: d["replication"]["password"].__setitem__("env", v)),
    ("password file", lambda d, v: d["replication"].__setitem__("password", {"file": "/etc/" + v})),
    ("data_directory", lambda d, v: d["nodes"][1].__setitem__("data_directory", "/srv/" + v)),
    ("bin_directory", lambda d, v: d["nodes"][1].__setitem__("bin_directory", "/opt/" + v)),
    ("passfile", lambda d, v: d["nodes"][1].__setitem__("passfile", "/srv/" + v)),
    ("os_user", lambda d, v: d["nodes"][1].__setitem__("os_user", v)),
    ("address", lambda d, v: d["nodes"][1].__setitem__("address", v)),
    ("access database", lambda d, v: d["access"][0].__setitem__("database", v)),
    ("access user", lambda d, v: d["access"][0].__setitem__("user", v)),
    ("access options", lambda d, v: d["access"][0].__setitem__("options", "clientcert=" + v)),
    ("setting name", lambda d, v: d.__setitem__("settings", {v: "1"})),
]
n = 0
with open(os.path.join(t, "refuse.list"), "w") as out:
    for where, put in places:
        for v in hostile:
            d = json.loads(json.dumps(base))
            put(d, v)
            n += 1
            path = os.path.join(t, "refuse-%03d.yaml" % n)
            # One JSON document is YAML; one key per line, so that the
            # hostile value's line can be found.
            text = json.dumps(d, indent=1, ensure_ascii=False)
            with open(path, "w") as f:
                f.write(text + "\n")
            enc = json.dumps(v, ensure_ascii=False)
            line = next(i + 1 for i, l in enumerate(text.split("\n")) if enc[1:-1] in l)
            out.write("%s\t%d\t%s\t%s\n" % (path, line, where, enc))
PY

refused=0 accepted=0
while IFS=$'\t' read -r file line where value; do
	if "$PGPAIR" check "$file" >"$file.out" 2>&1; then
		# Accepted: it must then mean exactly what was written, which only
		# a hostile-looking but harmless value can (none of these should).
		fail "pgpair check accepted $where = $value ($file)"
	fi
	grep -q "^$file:$line:[0-9]*: error: " "$file.out" ||
	    fail "no error at $file:$line for $where = $value: $(cat "$file.out")"
	refused=$((refused + 1))
done <"$t/refuse.list"
[ ! -e "$canary" ] || fail "a refused value ran a command"

# --- accepted, meaning exactly what was written --------------------------
pg_require 15
bin=$(pg_bindir 15)
read -r p1 p2 <<<"$(free_ports 2)"
pg_as_user mkdir "$t/pg1" "$t/pg2"
# The password: every character the shell, SQL, conninfo and .pgpass care
# about (ASCII: the runbooks refuse what SASLprep would change).
PW="p a's\"s\\w\$(touch $canary)\`touch $canary\`;#:*|&<>%{}~!"
export PW
python3 - "$t" "$bin" "$p1" "$p2" <<'PY' >"$t/hostile.yaml"
import json, os, sys
t, bindir, p1, p2 = sys.argv[1:5]
canary = os.environ["CANARY"]
evil = "'$(touch %s)' `touch %s` \\\\ \"; #" % (canary, canary)
settings = {
    "max_wal_senders": 5,
    "log_statement": "all",
    "log_line_prefix": "%m " + evil + " ",
    "application_name": "app " + evil,
    "search_path": '"$user", public',
    "log_min_duration_statement": 0,
}
def node(name, role, port, up=None):
    n = {"name": name, "role": role, "address": "127.0.0.1", "port": int(port),
         "data_directory": "%s/%s/data" % (t, name), "bin_directory": bindir,
         "settings": {"unix_socket_directories": "%s/%s" % (t, name),
                      "cluster_name": name + " " + evil}}
    if up:
        n["upstream"] = up
    return n
d = {"cluster": "t180", "postgres": {"version": 15}, "platform": "generic",
     "replication": {"user": "replica", "password": {"env": "PGPAIR_REPLICATION_PASSWORD"}},
     "settings": settings,
     "nodes": [node("pg1", "primary", p1), node("pg2", "standby", p2)]}
print(json.dumps(d, indent=1, ensure_ascii=False))
json.dump(settings, open(os.path.join(t, "settings.json"), "w"))
json.dump({n["name"]: n["settings"]["cluster_name"] for n in d["nodes"]},
    open(os.path.join(t, "names.json"), "w"))
PY
TEST_PASSWORD=$PW
gen "$t/hostile.yaml" "$t/out" "$PW_VAR=$PW"
for f in "$t"/out/*/runbook.sh; do
	bash -n "$f" || fail "bash -n $f"
done
shellcheck_runbooks "$t/out"
no_password_in "$t/out"

# While the runbooks run, nothing may show the password in its arguments.
: >"$t/ps"
( while :; do ps -eo args >>"$t/ps" 2>/dev/null; sleep 0.05; done ) &
ps_pid=$!
trap 'kill "$ps_pid" 2>/dev/null || :; rm -f "$canary"; _pg_cleanup' EXIT

_pg_started+=("$t/pg1/data|$bin" "$t/pg2/data|$bin")
runbook "$t/out" pg1 --dry-run
no_password_in "$t/out/pg1.runbook.log"
runbook "$t/out" pg1 --yes
runbook "$t/out" pg2 --dry-run
no_password_in "$t/out/pg2.runbook.log"
runbook "$t/out" pg2 --yes
kill "$ps_pid" 2>/dev/null || :
[ "$(wc -l <"$t/ps")" -gt 100 ] || fail "the process sampler saw too little"
if grep -qF -- "$PW" "$t/ps"; then
	fail "the password appeared in a process's arguments"
fi
[ ! -e "$canary" ] || fail "a hostile value ran a command"

# The server reads exactly the intended values.
python3 - "$t/settings.json" >"$t/want" <<'PY'
import json, sys
for k, v in sorted(json.load(open(sys.argv[1])).items()):
    print("%s=%s" % (k, v))
PY
for n in 1 2; do
	eval "port=\$p$n"
	pg_psql "$port" "$t/pg$n" postgres \
	    "SELECT name || '=' || setting FROM pg_file_settings WHERE sourcefile LIKE '%/conf.d/50-pgpair.conf' AND name IN ('max_wal_senders', 'log_statement', 'log_line_prefix', 'application_name', 'search_path', 'log_min_duration_statement') ORDER BY name" \
	    >"$t/got$n"
	diff -u "$t/want" "$t/got$n" || fail "pg$n reads other settings than written"
	[ "$(pg_psql "$port" "$t/pg$n" postgres "SELECT count(*) FROM pg_file_settings WHERE error IS NOT NULL")" = 0 ] ||
	    fail "pg$n rejects a setting"
	[ "$(pg_psql "$port" "$t/pg$n" postgres "SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL")" = 0 ] ||
	    fail "pg$n rejects a pg_hba.conf line"
	want=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' \
	    "$t/names.json" "pg$n")
	[ "$(pg_psql "$port" "$t/pg$n" postgres 'SHOW cluster_name')" = "$want" ] ||
	    fail "pg$n's cluster_name is not what was written"
done
# roles.sql made exactly one role with replication, and the standby logs in.
[ "$(pg_psql "$p1" "$t/pg1" postgres "SELECT string_agg(rolname || ' ' || rolreplication || ' ' || rolcanlogin, ',') FROM pg_roles WHERE rolname !~ '^pg_' AND rolname <> current_user")" = "replica true true" ] ||
    fail "roles.sql did not make exactly the role replica"
pg_wait_for "$p1" "$t/pg1" postgres \
    "SELECT application_name || ' ' || state FROM pg_stat_replication" \
    "pg2 streaming" 30 || fail "pg2 does not stream with the hostile password"
grep -q 'log_statement' "$t/pg1/data/conf.d/50-pgpair.conf" || fail "no logging"
no_password_in "$t/pg1/data.log" "$t/pg2/data.log" "$t/pg1/data" "$t/out"

echo "ok: $refused hostile values refused at their position; the accepted ones mean what they say"

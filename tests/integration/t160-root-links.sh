#!/usr/bin/env bash
# The root runbooks of platform debian never write through a symbolic link
# that the server's OS user can plant in the folders it owns.  A primary
# and a standby are rolled out as root with Debian's postgresql-common
# (pg_createcluster, pg_ctlcluster), systemctl being a stand-in that maps
# to pg_ctlcluster (there is no systemd here).  Then, as the OS user,
# links to root's files are planted at the passfile, conf.d,
# postgresql.conf and pg_hba.conf; every runbook run must refuse and leave
# the files the links point to untouched.  roles.sql is 0600.
set -euo pipefail
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/integration/t1-lib.sh"

if [ "$(id -u)" != 0 ]; then
	pg_skip "the root runbooks need root"
fi
pg_require 15
command -v pg_createcluster >/dev/null || pg_skip "no pg_createcluster (postgresql-common)"
t=$(pg_tmpdir)
u=$(pg_user)
read -r pp ps <<<"$(free_ports 2)"
# Debian cluster names unique to this run: /etc/postgresql/15/NAME.
c1=t160p$pp
c2=t160s$ps
pg_as_user mkdir "$t/p1" "$t/s1"

cleanup_clusters() {
	local c
	for c in "$c1" "$c2"; do
		if [ -d "/etc/postgresql/15/$c" ]; then
			pg_dropcluster --stop 15 "$c" >/dev/null 2>&1 || :
			rm -rf "/etc/postgresql/15/$c"
		fi
	done
}
trap 'cleanup_clusters; _pg_cleanup' EXIT

# systemctl, as far as the runbooks use it, on pg_ctlcluster.
mkdir "$t/bin"
cat >"$t/bin/systemctl" <<'SH'
#!/bin/bash
# A stand-in for systemctl: postgresql@V-NAME units on pg_ctlcluster.
action=$1
shift
[ "${1:-}" = --quiet ] && shift
case $action in
daemon-reload | enable | disable) exit 0 ;;
show)
	# show -p MainPID --value UNIT
	unit=${!#}
	;;
*) unit=$1 ;;
esac
unit=${unit%.service}
vc=${unit#postgresql@}
v=${vc%%-*}
c=${vc#*-}
case $action in
start | stop | restart | reload)
	exec pg_ctlcluster --skip-systemctl-redirect "$v" "$c" "$action"
	;;
is-active)
	if pg_ctlcluster "$v" "$c" status >/dev/null 2>&1; then
		echo active
		exit 0
	fi
	echo inactive
	exit 3
	;;
show)
	data=$(pg_conftool -s "$v" "$c" show data_directory 2>/dev/null)
	if pg_ctlcluster "$v" "$c" status >/dev/null 2>&1; then
		head -n 1 "$data/postmaster.pid"
	else
		echo 0
	fi
	;;
*) echo "systemctl stand-in: $action not supported" >&2; exit 1 ;;
esac
SH
chmod 755 "$t/bin/systemctl"
export PATH="$t/bin:$PATH"

{
	cat <<YAML
cluster: t160
postgres: {version: 15}
platform: debian
replication:
  user: replica
  password: {env: $PW_VAR}
settings:
  max_wal_senders: 5
nodes:
  - name: p1
    role: primary
    address: 127.0.0.1
    port: $pp
    data_directory: $t/p1/data
    config_directory: /etc/postgresql/15/$c1
    service: postgresql@15-$c1
    os_user: $u
    settings: {unix_socket_directories: "$t/p1"}
  - name: s1
    role: standby
    address: 127.0.0.1
    port: $ps
    data_directory: $t/s1/data
    config_directory: /etc/postgresql/15/$c2
    service: postgresql@15-$c2
    os_user: $u
    settings: {unix_socket_directories: "$t/s1"}
YAML
} >"$t/cluster.yaml"

# As root, in a folder of root's.
env "$PW_VAR=$TEST_PASSWORD" "$PGPAIR" generate "$t/cluster.yaml" -o "$t/out" \
    2>"$t/gen.err" || { cat "$t/gen.err" >&2; fail "generate"; }
[ "$(stat -c %a "$t/out/p1/roles.sql")" = 600 ] || fail "roles.sql is not 0600"
shellcheck_runbooks "$t/out"

rb() {	# rb NODE ARGS...: the runbook as root; its output in out/NODE.log
	local node=$1
	shift
	env "$PW_VAR=$TEST_PASSWORD" bash "$t/out/$node/runbook.sh" "$@" \
	    </dev/null >"$t/out/$node.log" 2>&1
}
rb p1 --yes || { cat "$t/out/p1.log" >&2; fail "p1's runbook"; }
rb s1 --yes || { cat "$t/out/s1.log" >&2; fail "s1's runbook"; }
pg_wait_for "$pp" "$t/p1" postgres \
    "SELECT application_name || ' ' || state FROM pg_stat_replication" \
    "s1 streaming" 30 || fail "s1 does not stream"
[ "$(stat -c %U "$t/s1/pgpair-t160.pgpass")" = "$u" ] ||
    fail "the passfile is not the OS user's"
# Both clusters are postgresql-common's, with no throwaway cluster.
pg_lsclusters -h | awk '{ print $2 }' | grep -qx "$c1" || fail "no cluster $c1"
pg_lsclusters -h | awk '{ print $2 }' | grep -qx "$c2" || fail "no cluster $c2"
rb s1 --yes || { cat "$t/out/s1.log" >&2; fail "s1's second run"; }
grep -qE '^\+ ' "$t/out/s1.log" && fail "s1's second run ran a command"

# Root's files that the links point to: they must never change.
mkdir -m 0700 /root/t160-$$
trap 'rm -rf /root/t160-$$; cleanup_clusters; _pg_cleanup' EXIT
target=/root/t160-$$/target
echo "root's file" >"$target"
chmod 0644 "$target"
mkdir -m 0755 "$target.d"
sum=$(md5sum <"$target")

# plant PATH: as the OS user, PATH becomes a link to root's file (or folder).
plant() {
	pg_as_user mv "$1" "$1.t160-real"
	pg_as_user ln -s "$2" "$1"
}
unplant() {
	pg_as_user rm -f "$1"
	pg_as_user mv "$1.t160-real" "$1"
}
untouched() {
	[ "$(md5sum <"$target")" = "$sum" ] || fail "root's file changed through $1"
	[ -z "$(ls -A "$target.d")" ] || fail "root's folder got files through $1"
	[ "$(stat -c %U:%a "$target")" = root:644 ] || fail "root's file changed owner or mode through $1"
}

# A new setting, so that the runbooks have files to write.
sed -i 's/  max_wal_senders: 5/  max_wal_senders: 5\n  work_mem: 8MB/' "$t/cluster.yaml"
env "$PW_VAR=$TEST_PASSWORD" "$PGPAIR" generate "$t/cluster.yaml" -o "$t/out" \
    2>"$t/gen.err" || { cat "$t/gen.err" >&2; fail "generate"; }

# NODE PATH TARGET COMMANDS: each command of NODE's runbook that writes PATH.
for case in "s1 $t/s1/pgpair-t160.pgpass $target apply,configure" \
    "s1 /etc/postgresql/15/$c2/conf.d $target.d apply,configure" \
    "p1 /etc/postgresql/15/$c1/conf.d $target.d apply,configure" \
    "p1 /etc/postgresql/15/$c1/postgresql.conf $target apply,configure" \
    "p1 /etc/postgresql/15/$c1/pg_hba.conf $target apply,configure,hba" \
    "s1 /etc/postgresql/15/$c2/pg_hba.conf $target apply,configure,hba"; do
	read -r node path to cmds <<<"$case"
	plant "$path" "$to"
	for cmd in ${cmds//,/ }; do
		if rb "$node" --yes "$cmd"; then
			fail "$node's runbook ($cmd) ran with a link at $path"
		fi
		grep -q 'symbolic link' "$t/out/$node.log" ||
		    fail "$node's runbook ($cmd) does not name the link at $path: $(cat "$t/out/$node.log")"
		untouched "$path ($node $cmd)"
	done
	unplant "$path"
done

# Without links, the change goes through, written by the OS user.
rb s1 --yes configure || { cat "$t/out/s1.log" >&2; fail "s1's configure"; }
rb p1 --yes configure || { cat "$t/out/p1.log" >&2; fail "p1's configure"; }
for f in "/etc/postgresql/15/$c1/conf.d/50-pgpair.conf" "/etc/postgresql/15/$c2/conf.d/50-pgpair.conf"; do
	[ "$(stat -c %U "$f")" = "$u" ] || fail "$f is not the OS user's"
	grep -q "^work_mem = '8MB'" "$f" || fail "$f lacks the new setting"
done
[ "$(pg_psql "$pp" "$t/p1" postgres 'SHOW work_mem')" = 8MB ] ||
    fail "work_mem is not in effect on p1"

echo "ok: no root runbook wrote through a planted link"

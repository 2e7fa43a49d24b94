#!/usr/bin/env bash
# For every major 12 to 18: generate a two-node cluster for that version,
# and start real servers of that version with each node's generated
# pg_hba.conf and conf fragment (the standby from a cold copy of the
# primary, with standby.signal).  Both must start, pg_hba_file_rules and
# pg_file_settings must show no error, and the standby must be in recovery.
set -euo pipefail
. "$top_srcdir/tests/lib/pg.sh"

majors=${PGPAIR_TEST_MAJORS:-"12 13 14 15 16 17 18"}
# shellcheck disable=SC2086
pg_require $majors
fail=0

for major in $majors; do
	bin=$(pg_bindir "$major")
	t=$(pg_tmpdir)
	p1=$(pg_free_port)
	p2=$(pg_free_port)
	while [ "$p2" = "$p1" ]; do p2=$(pg_free_port); done
	cat >"$t/cluster.yaml" <<YAML
cluster: v$major
postgres: {version: $major}
platform: generic
replication:
  user: replica
  password: {env: PGPAIR_TEST_UNSET_PASSWORD}
settings:
  wal_sender_timeout: 60s
  max_wal_senders: 5
  hot_standby_feedback: on
nodes:
  - name: pg1
    role: primary
    address: 127.0.0.1
    port: $p1
    data_directory: $t/pg1
    bin_directory: $bin
    settings: {unix_socket_directories: "$t", max_connections: 40}
  - name: pg2
    role: standby
    address: 127.0.0.1
    port: $p2
    data_directory: $t/pg2
    bin_directory: $bin
    settings: {unix_socket_directories: "$t", max_connections: 50}
access:
  - {type: host, database: all, user: all, address: 127.0.0.0/8, method: scram-sha-256}
YAML
	"$PGPAIR" generate "$t/cluster.yaml" -o "$t/out" 2>"$t/generate.err" || {
		cat "$t/generate.err" >&2
		echo "FAIL $major: generate" >&2
		fail=1
		continue
	}
	chmod -R a+rX "$t/out"

	install_files() {	# NODE DATADIR
		pg_as_user mkdir -p "$2/conf.d"
		pg_as_user cp "$t/out/$1/pg_hba.conf" "$2/pg_hba.conf"
		pg_as_user cp "$t/out/$1/conf.d/50-pgpair.conf" "$2/conf.d/"
		pg_as_user sh -c "echo \"include_dir = 'conf.d'\" >>'$2/postgresql.conf'"
	}

	check_views() {		# NODE PORT
		local errs
		errs=$(pg_psql "$2" "$t" postgres \
		    "SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL")
		[ "$errs" = 0 ] || { echo "FAIL $major $1: pg_hba_file_rules errors:" >&2
			pg_psql "$2" "$t" postgres "SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL" >&2
			fail=1; }
		errs=$(pg_psql "$2" "$t" postgres \
		    "SELECT count(*) FROM pg_file_settings WHERE error IS NOT NULL")
		[ "$errs" = 0 ] || { echo "FAIL $major $1: pg_file_settings errors:" >&2
			pg_psql "$2" "$t" postgres "SELECT sourcefile, sourceline, name, error FROM pg_file_settings WHERE error IS NOT NULL" >&2
			fail=1; }
	}

	pg_initdb "$t/pg1" "$major"
	install_files pg1 "$t/pg1"
	if ! pg_start_conf "$t/pg1" "$major"; then
		echo "FAIL $major: primary did not start" >&2
		cat "$t/pg1.log" >&2
		fail=1
		continue
	fi
	check_views pg1 "$p1"
	got=$(pg_psql "$p1" "$t" postgres "SHOW port")
	[ "$got" = "$p1" ] || { echo "FAIL $major: port $got, not $p1" >&2; fail=1; }

	# A cold copy becomes the standby: pg_basebackup 15 cannot copy 16+.
	pg_stop "$t/pg1" "$major"
	pg_as_user cp -a "$t/pg1" "$t/pg2"
	pg_as_user rm -f "$t/pg2/postmaster.pid"
	install_files pg2 "$t/pg2"
	# The copy carries pg1's fragment and include line already: keep one.
	pg_as_user sh -c "grep -v \"^include_dir = 'conf.d'\" '$t/pg2/postgresql.conf' >'$t/pg2/pc' && mv '$t/pg2/pc' '$t/pg2/postgresql.conf' && echo \"include_dir = 'conf.d'\" >>'$t/pg2/postgresql.conf'"
	pg_as_user touch "$t/pg2/standby.signal"
	pg_start_conf "$t/pg1" "$major"
	if ! pg_start_conf "$t/pg2" "$major"; then
		echo "FAIL $major: standby did not start" >&2
		cat "$t/pg2.log" >&2
		fail=1
		continue
	fi
	check_views pg2 "$p2"
	got=$(pg_psql "$p2" "$t" postgres "SELECT pg_is_in_recovery()")
	[ "$got" = t ] || { echo "FAIL $major: standby not in recovery" >&2; fail=1; }
	got=$(pg_psql "$p2" "$t" postgres "SHOW cluster_name")
	[ "$got" = pg2 ] || { echo "FAIL $major: cluster_name $got" >&2; fail=1; }
	pg_stop "$t/pg2" "$major"
	pg_stop "$t/pg1" "$major"
	[ "$fail" = 0 ] && echo "ok $major"
done
exit "$fail"

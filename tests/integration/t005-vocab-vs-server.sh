#!/bin/bash
# t005: pgvocab_check_value() against the real servers.  For every major
# installed (12 to 18; under CI all must be), each (parameter, value) pair
# below goes alone into an include file at the end of a scratch cluster's
# postgresql.conf, and "postgres -C name" reads the configuration as the
# server does at start: it prints the value (in the base unit) or logs the
# complaint and stops.  tests/unit/vocab-cli judges the same pairs offline.
# The verdicts must agree on every pair; so must the messages and hints of
# errors, and the values of accepted integers, reals and booleans.
# String pairs cover the check hooks; values whose verdict depends on the
# build's time zone database (posix/, right/, localtime), or that only a
# real start checks (listen_addresses), are left to the unit tests.
set -euo pipefail

: "${top_srcdir:?}" "${top_builddir:?}"
# shellcheck source=../lib/pg.sh
. "$top_srcdir/tests/lib/pg.sh"

cli=$top_builddir/tests/unit/vocab-cli
[ -x "$cli" ] || { echo "FAIL: $cli not built" >&2; exit 1; }

# name<TAB>value; values hold no quote or backslash (written as '...').
pairs=$(cat <<'PAIRS'
hot_standby	on
hot_standby	of
hot_standby	o
hot_standby	TRUE
hot_standby	tr
hot_standby	1
hot_standby	2
hot_standby	on 
max_connections	100
max_connections	1.5
max_connections	0
deadlock_timeout	2147483647
deadlock_timeout	2147483648
deadlock_timeout	-inf
max_connections	262144
max_connections	0x10
max_connections	010
max_connections	08
max_connections	1e2
max_connections	 7 
max_connections	-.5
max_connections	12abc
max_connections	2147483648
max_connections	10 MB
shared_buffers	1GB
shared_buffers	1gb
shared_buffers	100 MB
shared_buffers	1.5GB
shared_buffers	8192B
shared_buffers	100
shared_buffers	16TB
shared_buffers	1 GB x
shared_buffers	10Mb
work_mem	63kB
work_mem	1B
work_mem	64kB
checkpoint_timeout	1.5min
checkpoint_timeout	29s
checkpoint_timeout	1d
checkpoint_timeout	2d
checkpoint_timeout	500ms
checkpoint_timeout	5m
statement_timeout	1500us
statement_timeout	1.5s
statement_timeout	-1
random_page_cost	1.5
random_page_cost	-1
random_page_cost	1e3
random_page_cost	inf
random_page_cost	nan
random_page_cost	1 kB
vacuum_cost_delay	0.5ms
vacuum_cost_delay	1s
vacuum_cost_delay	100us
cursor_tuple_fraction	1.01
wal_level	REPLICA
wal_level	archive
wal_level	hot_standby
wal_level	minimal2
synchronous_commit	true
synchronous_commit	remote_write
password_encryption	on
password_encryption	scram-sha-256
wal_compression	on
wal_compression	zstd
log_min_messages	debug
block_size	8192
application_name	any thing
sort_mem	4MB
wal_keep_segments	64
wal_keep_size	1GB
DateStyle	iso, nonsense
DateStyle	ISO, DMY
DateStyle	Postgres, European
DateStyle	"ISO" , "dmy"
DateStyle	default, dmy
DateStyle	NonEuropean, Postgres
DateStyle	German
DateStyle	iso, sql
DateStyle	euro, mdy
DateStyle	ISO,
DateStyle	"iso , dmy"
log_destination	stderr,nowhere
log_destination	stderr, csvlog, syslog
log_destination	jsonlog
log_destination	"stderr"
log_destination	stderr,
primary_slot_name	Bad-Slot
primary_slot_name	good_slot_1
primary_slot_name	aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
primary_slot_name	aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
recovery_target	immediate
recovery_target	IMMEDIATE
recovery_target_lsn	not-an-lsn
recovery_target_lsn	0/3000000
recovery_target_lsn	FFFFFFFF/FFFFFFFF
recovery_target_lsn	123456789/0
recovery_target_lsn	0/
recovery_target_lsn	 0/1
recovery_target_xid	12345
recovery_target_xid	abc
recovery_target_xid	18446744073709551615
recovery_target_xid	18446744073709551616
recovery_target_timeline	latest
recovery_target_timeline	current
recovery_target_timeline	0x10
recovery_target_timeline	18446744073709551616
recovery_target_time	2024-01-01 12:00:00+00
recovery_target_time	TODAY
recovery_target_time	today
recovery_target_time	epoch
recovery_target_time	not-a-time
recovery_target_name	aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
recovery_target_name	aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
search_path	"$user", public
search_path	"unclosed, public
search_path	"a""b" , c
search_path	"a"b
search_path	a,,b
search_path	a b
temp_tablespaces	a, "B c"
temp_tablespaces	a b
synchronous_standby_names	FIRST 2 (s1, s2
synchronous_standby_names	ANY 2 (a, "b c", *)
synchronous_standby_names	2 (s1, s2)
synchronous_standby_names	s1, s2
synchronous_standby_names	*
synchronous_standby_names	2
synchronous_standby_names	anyx, firsty
synchronous_standby_names	FIRST 1 ("a""b", 3)
synchronous_standby_names	0 (s1)
synchronous_standby_names	99999999999 (a)
synchronous_standby_names	2147483648 (a)
synchronous_standby_names	first
synchronous_standby_names	s1 s2
synchronous_standby_names	s-1
synchronous_standby_names	ANY (s1)
synchronous_standby_names	1 (a))
synchronous_standby_names	"a" "b"
synchronous_standby_names	"abc
synchronous_standby_names	12abc
TimeZone	Nowhere/Atlantis
TimeZone	Europe/Paris
TimeZone	europe/PARIS
TimeZone	:Europe/Paris
TimeZone	UTC
TimeZone	+3
TimeZone	-167.5
TimeZone	168
TimeZone	nan
TimeZone	EST5EDT
TimeZone	XYZ-3
TimeZone	<+03>-3
TimeZone	abc3def,M3.2.0,M11.1.0
TimeZone	abc3def,M3.2.0
TimeZone	abc168
TimeZone	Europe
TimeZone	Europe/../Europe/Paris
TimeZone	zone.tab
log_timezone	Nowhere/Atlantis
log_timezone	Europe/Paris
log_timezone	+3
log_timezone	3.5
log_timezone	168
log_connections	on
log_connections	of
log_connections	TRUE
log_connections	tr
log_connections	0
log_connections	all
log_connections	receipt, Authentication
log_connections	"setup_durations",authorization
log_connections	on,receipt
log_connections	receipt,on
log_connections	receipt,,all
log_connections	bogus
log_connections	
ssl_renegotiation_limit	0
ssl_renegotiation_limit	1
ssl_renegotiation_limit	0kB
seed	2
seed	x
seed	-1.5
default_with_oids	off
default_with_oids	of
default_with_oids	on
default_with_oids	maybe
is_superuser	off
role	none
role	NONE
role	nobody
session_authorization	postgres
session_authorization	
vacuum_mem	64MB
ssl_ecdh_curve	prime256v1
sort_mem	1gb
Hot_Standby	x
MAX_Connections	0
Wal_Level	x
IS_SUPERUSER	on
Search_Path	a,,b
PAIRS
)

# Values only a server built with a library has (pgvocab.c build_values):
# NAME=VALUE:LIB, compared only where postgres links libLIB.
build_pairs="wal_compression=zstd:zstd"

# built_without BIN NAME VALUE: the pair needs a library BIN's postgres lacks.
built_without() {
	local p lib
	for p in $build_pairs; do
		[ "${p%%:*}" = "$2=$3" ] || continue
		lib=${p##*:}
		LD_LIBRARY_PATH=$1/../lib ldd "$1/postgres" 2>/dev/null |
		    grep -q "lib$lib\\.so" || return 0
	done
	return 1
}

ran=0
failures=0
for major in 12 13 14 15 16 17 18; do
	if ! bin=$(pg_bindir "$major"); then
		[ -z "${CI:-}" ] || { echo "FAIL (CI): no PostgreSQL $major" >&2; exit 1; }
		echo "# PostgreSQL $major not installed: skipped"
		continue
	fi
	tmp=$(pg_tmpdir)
	data=$tmp/data
	pg_initdb "$data" "$major"
	echo "include = 'pgpair_t005.conf'" >>"$data/postgresql.conf"

	printf '%s\n' "$pairs" | "$cli" "$major" >"$tmp/ours"
	n=0
	agree=0
	skipped=0
	while IFS=$'\t' read -r name value; do
		n=$((n + 1))
		ours=$(sed -n "${n}p" "$tmp/ours")
		if built_without "$bin" "$name" "$value"; then
			echo "# $major: $name = '$value': server built without it: skipped"
			skipped=$((skipped + 1))
			continue
		fi
		printf "%s = '%s'\n" "$name" "$value" >"$data/pgpair_t005.conf"
		chmod 644 "$data/pgpair_t005.conf"
		if out=$(pg_as_user timeout 30 "$bin/postgres" -D "$data" \
		    -C "$name" 2>"$tmp/err"); then
			server="ok"$'\t'"$out"
		else
			# The first LOG line is the complaint; a DETAIL and a
			# HINT may follow, which pgvocab joins as its hint.
			msg=$(sed -n 's/^.* LOG:  //p' "$tmp/err" | head -n 1)
			detail=$(sed -n 's/^.* DETAIL:  //p' "$tmp/err" | head -n 1)
			hint=$(sed -n 's/^.* HINT:  //p' "$tmp/err" | head -n 1)
			if [ -n "$detail" ] && [ -n "$hint" ]; then
				case $detail in
				*.) hint="$detail $hint" ;;
				*) hint="$detail. $hint" ;;
				esac
			elif [ -n "$detail" ]; then
				hint=$detail
			fi
			if [ -z "$msg" ]; then
				echo "FAIL: $major: $name = '$value': server failed:" >&2
				cat "$tmp/err" >&2
				exit 1
			fi
			server="error"$'\t'"$msg"$'\t'"$hint"
		fi
		case $ours in
		unknown)
			[[ $server == error$'\t'"unrecognized configuration parameter"* ]]
			;;
		ok$'\t'integer$'\t'* | ok$'\t'real$'\t'* | ok$'\t'bool$'\t'*)
			[ "$server" = "ok"$'\t'"${ours##*$'\t'}" ]
			;;
		ok*)
			[ "${server%%$'\t'*}" = ok ]
			;;
		*)
			[ "$server" = "$ours" ]
			;;
		esac && rc=0 || rc=1
		if [ "$rc" = 0 ]; then
			agree=$((agree + 1))
		else
			failures=$((failures + 1))
			echo "FAIL: $major: $name = '$value'" >&2
			echo "  server: $server" >&2
			echo "  pgvocab: $ours" >&2
		fi
	done <<<"$pairs"
	echo "# PostgreSQL $major: $agree of $((n - skipped)) pairs agree"
	ran=$((ran + 1))
done

[ "$ran" -gt 0 ] || pg_skip "no PostgreSQL server installed"
[ "$failures" = 0 ] || { echo "FAIL: $failures disagreements" >&2; exit 1; }
echo "PASS: $ran majors"

#!/usr/bin/env bash
# pgpair lint: the kind of each PATH, from the table of cmd_lint.c.  Each
# file below holds a line that only its own reader refuses, with a rule of
# its own (conf-syntax, hba-syntax, ident-syntax, yaml or cluster rules),
# so the rule lint reports tells which reader it used: by name first, then
# by content, then postgresql.conf; --type overrides both.
set -euo pipefail

pgpair=${PGPAIR:?}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0

# kind FILE [ARGS...]: the reader lint chose for FILE, from its rules.
kind() {
	local f=$1 out
	shift
	out=$("$pgpair" lint "$@" "$f" 2>&1 || true)
	case $out in
	*'[ident-'*) echo ident ;;
	*'[hba-'*) echo hba ;;
	*'[conf-'*) echo conf ;;
	*'[cluster-'* | *'[yaml-'*) echo cluster ;;
	'') echo none ;;
	*) echo "other: $out" ;;
	esac
}

# expect FILE WANT [ARGS...]
expect() {
	local f=$1 want=$2 got
	shift 2
	got=$(kind "$t/$f" "$@")
	if [ "$got" = "$want" ]; then
		echo "ok: $f $* -> $want"
	else
		echo "FAIL: $f $*: read as $got, not $want" >&2
		fail=1
	fi
}

ident='# MAPNAME SYSTEM-USER PG-USER
shop  alice  alice
shop  bob,carol  bob
'
hba='# TYPE DATABASE USER ADDRESS METHOD
local all all peer
host  all all 10.0.0.0/8 md4
host  all all 127.0.0.1/32 scram-sha-256
'
conf="shared_buffers = 128MB
max_connections 100
work_mem = 1gb
"
yaml='cluster: shop
postgres: {version: 16}
nodes:
  - name: pg1
'

# By name.
mkdir -p "$t/etc"
printf '%s' "$ident" >"$t/pg_ident.conf"
printf '%s' "$hba" >"$t/pg_hba.conf"
printf '%s' "$conf" >"$t/postgresql.conf"
printf '%s' "$yaml" >"$t/shop.yaml"
printf '%s' "$ident" >"$t/etc/prod-ident.conf"
printf '%s' "$hba" >"$t/etc/hba-prod"
expect pg_ident.conf ident
expect pg_hba.conf hba
expect postgresql.conf conf
expect shop.yaml cluster
expect etc/prod-ident.conf ident
expect etc/hba-prod hba

# By content, whatever the name says nothing about.
printf '%s' "$ident" >"$t/users.map"
printf '%s' "$hba" >"$t/access.conf"
printf '%s' "$conf" >"$t/10-memory.conf"
printf '%s' "$yaml" >"$t/shop.desc"
expect users.map ident
printf '%s' "$ident" >"$t/ident.map"
expect ident.map ident
expect access.conf hba
expect 10-memory.conf conf
expect shop.desc cluster

# A name wins over the content; nothing to go by is a postgresql.conf.
printf '%s' "$hba" >"$t/postgresql.auto.conf"
expect postgresql.auto.conf conf
printf '%s' "$conf" >"$t/etc/ident-prod.conf"
expect etc/ident-prod.conf ident
printf '# only a comment\n' >"$t/empty.conf"
printf 'include_dir conf.d\n' >"$t/includes.conf"
expect empty.conf none
expect includes.conf conf

# --type overrides name and content.
expect postgresql.conf ident --type ident
expect pg_hba.conf conf --type conf
expect users.map hba --type hba

# An unknown type is a usage error that lists the types.
rc=0
out=$("$pgpair" lint --type passwd "$t/users.map" 2>&1) || rc=$?
if [ "$rc" != 2 ] || [[ $out != *"conf, hba, ident or cluster"* ]]; then
	echo "FAIL: --type passwd: exit $rc: $out" >&2
	fail=1
else
	echo "ok: --type passwd is a usage error"
fi
exit "$fail"

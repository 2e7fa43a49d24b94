#!/usr/bin/env bash
# Script test for `pgpair lint`, in the manner of mandoc's regress: every
# tests/lint/<kind>/<case>.conf is linted from inside its folder (so file
# names in the output are relative and stable) and the exact stdout must
# equal <case>.out_text.  The exit status must be 1 exactly when an error
# is reported, else 0.  <kind> is conf, hba or ident (a folder hba-rules
# holds hba cases too); <case>.args, when present, holds extra arguments (such as
# --pg-version 13); a first line "# pg-version: N" does the same.  With REGEN=1 the .out_text files are rewritten instead:
# review that diff like code.
set -u

srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lint
pgpair=${PGPAIR:-${top_builddir:-$srcdir/../..}/src/pgpair}
[ -x "$pgpair" ] || { echo "run.sh: no pgpair at $pgpair" >&2; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

fail=0
n=0
for dir in conf hba hba-rules ident; do
	[ -d "$srcdir/$dir" ] || continue
	case $dir in
	conf) type=conf ;;
	ident) type=ident ;;
	*) type=hba ;;
	esac
	cd "$srcdir/$dir" || exit 99
	for f in *.conf; do
		[ -e "$f" ] || continue
		c=${f%.conf}
		args=()
		if [ -f "$c.args" ]; then
			read -r -a args <"$c.args"
		fi
		# A first line "# pg-version: N" picks the major.
		v=$(sed -n '1s/^# pg-version: *\([0-9][0-9]*\).*/\1/p' "$f")
		[ -n "$v" ] && args+=(--pg-version "$v")
		n=$((n + 1))
		"$pgpair" lint --type "$type" "${args[@]}" "$f" >"$tmp/out" 2>"$tmp/err"
		status=$?
		if [ "${REGEN:-}" = 1 ]; then
			cp "$tmp/out" "$c.out_text"
			continue
		fi
		want=0
		grep -q ': error: ' "$tmp/out" && want=1
		if [ ! -f "$c.out_text" ]; then
			echo "FAIL $dir/$c: no $c.out_text (REGEN=1 and review)"
			fail=1
		elif ! diff -u "$c.out_text" "$tmp/out"; then
			echo "FAIL $dir/$c"
			fail=1
		elif [ "$status" != "$want" ]; then
			echo "FAIL $dir/$c: exit $status, expected $want"
			cat "$tmp/err"
			fail=1
		else
			echo "ok $dir/$c"
		fi
	done
done
echo "$n lint cases"
[ "$n" -gt 0 ] || exit 99
exit "$fail"

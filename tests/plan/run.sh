#!/bin/bash
# Script test for `pgpair plan`, run from inside tests/plan so that file
# names in the output are relative and stable.  Every <case>.yaml is the
# new description; <case>.old.yaml, when there is one, is given with
# --from.  Each case runs twice:
#   text: "exit: STATUS", stderr, "--- stdout", stdout must equal <case>.out;
#   json: "exit: STATUS", stdout must equal <case>.json, stdout must be
#         JSON (python3 -m json.tool) of the shape {"steps","diagnostics"},
#         and stderr must stay empty.
# Then, on the case raise-sync-add: -o DIR writes what generate writes plus
# plan.md (the text plan), --from a generated tree plans as --from its
# description, and a refused plan writes nothing.  With REGEN=1 the
# expected files are rewritten instead: review that diff like code.
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${top_srcdir:+$top_srcdir/tests/plan}
srcdir=${srcdir:-$here}
pgpair=${PGPAIR:-${top_builddir:-$here/../..}/src/pgpair}

if [ ! -x "$pgpair" ]; then
	echo "run.sh: no pgpair binary at $pgpair" >&2
	exit 99
fi
command -v python3 >/dev/null 2>&1 || { echo "run.sh: no python3" >&2; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
# The descriptions name this variable; unset, no password is read.
unset PGPAIR_PLAN_TEST_PASSWORD

cd "$srcdir" || exit 99
fail=0
n=0

# compare EXPECTED ACTUAL NAME: diff, or copy under REGEN=1.
compare() {
	if [ "${REGEN:-}" = 1 ]; then
		cp "$2" "$1" || exit 99
	elif [ ! -f "$1" ]; then
		echo "FAIL $3: no $1 (run with REGEN=1 and review)"
		fail=1
	elif ! diff -u "$1" "$2"; then
		echo "FAIL $3"
		fail=1
	else
		echo "ok $3"
	fi
}

for yaml in *.yaml; do
	case $yaml in *.old.yaml) continue ;; esac
	[ -e "$yaml" ] || continue
	case=${yaml%.yaml}
	n=$((n + 1))
	from=()
	[ -f "$case.old.yaml" ] && from=(--from "$case.old.yaml")

	"$pgpair" plan "${from[@]}" "$yaml" >"$tmp/stdout" 2>"$tmp/stderr"
	status=$?
	{
		echo "exit: $status"
		cat "$tmp/stderr"
		echo "--- stdout"
		cat "$tmp/stdout"
	} >"$tmp/actual"
	compare "$case.out" "$tmp/actual" "$case (text)"

	"$pgpair" plan --format json "${from[@]}" "$yaml" >"$tmp/stdout" \
	    2>"$tmp/stderr"
	status=$?
	{
		echo "exit: $status"
		cat "$tmp/stdout"
	} >"$tmp/actual"
	compare "$case.json" "$tmp/actual" "$case (json)"
	if ! python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
assert sorted(doc) == ["diagnostics", "steps"], sorted(doc)
for s in doc["steps"]:
    assert sorted(s) == ["argv", "node", "why"], sorted(s)
    assert all(isinstance(a, str) for a in s["argv"]) and s["argv"]
' "$tmp/stdout" || ! python3 -m json.tool "$tmp/stdout" >/dev/null; then
		echo "FAIL $case (json): not a plan document"
		fail=1
	fi
	if [ -s "$tmp/stderr" ]; then
		echo "FAIL $case (json): output on stderr:"
		cat "$tmp/stderr"
		fail=1
	fi
done
if [ "$n" -eq 0 ]; then
	echo "run.sh: no cases in $srcdir" >&2
	exit 99
fi
[ "${REGEN:-}" = 1 ] && exit 0

# -o DIR: generate's files and plan.md, which is the text plan.
"$pgpair" plan --from raise-sync-add.old.yaml -o "$tmp/planned" \
    raise-sync-add.yaml >"$tmp/stdout" 2>"$tmp/stderr"
status=$?
"$pgpair" generate -o "$tmp/generated" raise-sync-add.yaml 2>/dev/null
"$pgpair" plan --from raise-sync-add.old.yaml raise-sync-add.yaml \
    >"$tmp/plan.md" 2>/dev/null
if [ "$status" != 0 ] || [ -s "$tmp/stdout" ]; then
	echo "FAIL -o: exit $status, stdout: $(cat "$tmp/stdout")"
	fail=1
elif ! cmp -s "$tmp/plan.md" "$tmp/planned/plan.md"; then
	echo "FAIL -o: plan.md is not the text plan"
	diff -u "$tmp/plan.md" "$tmp/planned/plan.md"
	fail=1
elif ! diff -r -x plan.md "$tmp/generated" "$tmp/planned"; then
	echo "FAIL -o: the files differ from what generate writes"
	fail=1
else
	echo "ok -o DIR"
fi

# --from a generated tree: the same steps as --from its description.
"$pgpair" generate -o "$tmp/tree" raise-sync-add.old.yaml 2>/dev/null
if [ ! -f "$tmp/tree/.pgpair/description.yaml" ]; then
	# generate of this branch does not keep it yet: as it will.
	mkdir -p "$tmp/tree/.pgpair" &&
	    cp raise-sync-add.old.yaml "$tmp/tree/.pgpair/description.yaml" ||
	    exit 99
fi
"$pgpair" plan --format json --from "$tmp/tree" raise-sync-add.yaml \
    >"$tmp/stdout" 2>&1
status=$?
{ echo "exit: $status"; cat "$tmp/stdout"; } >"$tmp/actual"
if ! cmp -s raise-sync-add.json "$tmp/actual"; then
	echo "FAIL --from DIR: not the plan from the description"
	diff -u raise-sync-add.json "$tmp/actual"
	fail=1
else
	echo "ok --from DIR"
fi

# A refused plan writes nothing.
"$pgpair" plan --from cycle.old.yaml -o "$tmp/refused" cycle.yaml \
    >/dev/null 2>&1
status=$?
if [ "$status" != 1 ] || [ -e "$tmp/refused" ]; then
	echo "FAIL refused -o: exit $status, $(ls -A "$tmp/refused" 2>&1)"
	fail=1
else
	echo "ok refused -o writes nothing"
fi
exit "$fail"

#!/usr/bin/env bash
# check and lint are one judge: for every valid description in tests/ and
# examples/ (check exits 0), lint of the tree generate writes from it
# reports nothing that check did not.  Each rule lint reports on the tree
# check reports too, and at least as often as lint flags distinct lines
# with it (an access line is on every node's file, and check names it
# once, at the entry).  Needs python3 for the JSON.
set -uo pipefail

pgpair=${PGPAIR:?}
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

fail=0
nvalid=0
nall=0
for f in "$top"/tests/check/*.yaml "$top"/tests/golden/*/cluster.yaml \
    "$top"/tests/plan/*.yaml "$top"/tests/schema/cases/*.yaml \
    "$top"/examples/*.yaml; do
	[ -f "$f" ] || continue
	nall=$((nall + 1))
	d=$(dirname "$f")
	b=$(basename "$f")
	# from the file's folder, as a user runs it (relative names)
	(cd "$d" && "$pgpair" check --format json "$b") >"$t/check.json" \
	    2>/dev/null || continue
	nvalid=$((nvalid + 1))
	rm -rf "$t/out"
	if ! (cd "$d" && "$pgpair" generate "$b" -o "$t/out") \
	    >"$t/gen.err" 2>&1; then
		echo "FAIL ${f#"$top"/}: check passes but generate fails:"
		cat "$t/gen.err"
		fail=1
		continue
	fi
	"$pgpair" lint --format json "$t/out" >"$t/lint.json" 2>/dev/null
	if ! python3 - "$t/check.json" "$t/lint.json" "$t/out" \
	    "${f#"$top"/}" <<'PY'
import collections, json, sys

check = json.load(open(sys.argv[1]))["diagnostics"]
lint = json.load(open(sys.argv[2]))["diagnostics"]
out, name = sys.argv[3], sys.argv[4]
in_check = collections.Counter(d["rule"] for d in check)
# lint's findings by rule: the distinct lines (by their text) they flag
flagged = collections.defaultdict(set)
for d in lint:
    text = ""
    if d.get("line"):
        with open(d["file"] if d["file"].startswith("/") else
                  out + "/" + d["file"]) as fp:
            text = fp.read().split("\n")[d["line"] - 1].split()
    flagged[d["rule"]].add((" ".join(text), d["message"]))
bad = 0
for rule, lines in sorted(flagged.items()):
    if in_check[rule] < len({l for l, m in lines}):
        print(f"FAIL {name}: lint of the generated tree reports {rule} "
              f"on {len(lines)} line(s), check {in_check[rule]} time(s):")
        for l, m in sorted(lines):
            print(f"    {l}: {m}")
        bad = 1
sys.exit(bad)
PY
	then
		fail=1
	fi
done
echo "$nvalid valid descriptions of $nall, generated and linted"
[ "$nvalid" -ge 40 ] || { echo "FAIL: too few valid descriptions"; fail=1; }
exit "$fail"

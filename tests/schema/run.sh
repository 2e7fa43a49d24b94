#!/bin/bash
# tests/schema/run.sh: schemas/cluster.schema.json, the JSON Schema editors
# check descriptions with, against pgpair check (schema-check.py says how):
# every bundled example, every test description (tests/check, tests/golden,
# tests/diff, tests/plan), the checked examples of pgpair-cluster(5) and
# the cases of tests/schema/cases, each of which names what it shows.  The
# examples must carry the yaml-language-server line that points at the
# schema.
#
# It needs a Python 3 with PyYAML and jsonschema 4 or later (Debian:
# python3-yaml, python3-jsonschema); without them the test is skipped
# (77), except when CI is set: there it fails.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
PGPAIR=${PGPAIR:-$top_builddir/src/pgpair}
schema=$top_srcdir/schemas/cluster.schema.json

[ -x "$PGPAIR" ] || { echo "FAIL: no program at $PGPAIR" >&2; exit 99; }

# Debian's python3 first: tools/install-deps.sh --test installs the
# modules there, and a python3 earlier on PATH may lack them.
python=
for p in ${PYTHON:-} /usr/bin/python3 python3; do
	if "$p" -c 'import yaml, jsonschema; jsonschema.Draft202012Validator' \
	    >/dev/null 2>&1; then
		python=$p
		break
	fi
done
if [ -z "$python" ]; then
	if [ -n "${CI:-}" ]; then
		echo "FAIL (CI): no python3 with yaml and jsonschema >= 4" \
		    "(Debian: python3-yaml python3-jsonschema)" >&2
		exit 1
	fi
	echo "SKIP: no python3 with yaml and jsonschema >= 4" \
	    "(Debian: python3-yaml python3-jsonschema)" >&2
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/schema.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
fails=0

# The examples point editors at the schema, by a path relative to them.
for ex in "$top_srcdir"/examples/*.yaml; do
	line=$(grep -m 1 '^# yaml-language-server: \$schema=' "$ex")
	target=${line#*\$schema=}
	if [ -z "$line" ]; then
		echo "FAIL ${ex##*/}: no \"# yaml-language-server: \$schema=\" line"
		fails=$((fails + 1))
	elif ! cmp -s "$(dirname "$ex")/$target" "$schema"; then
		echo "FAIL ${ex##*/}: \$schema=$target is not schemas/cluster.schema.json"
		fails=$((fails + 1))
	fi
done

# The examples of pgpair-cluster(5) that t900-man.sh checks.
awk -v dir="$tmp" '
    /^\.\\" pgpair-check: valid/ { want = 1; next }
    want && /^\.Bd -literal/ { n++; out = dir "/pgpair-cluster.5-example" n ".yaml";
	printf "" >out; inblock = 1; want = 0; next }
    inblock && /^\.Ed/ { inblock = 0; close(out); next }
    inblock { gsub(/\\&/, ""); gsub(/\\e/, "\\"); print >>out }
' "$top_srcdir/man/pgpair-cluster.5"

files=()
for f in "$top_srcdir"/examples/*.yaml "$top_srcdir"/tests/check/*.yaml \
    "$top_srcdir"/tests/golden/*/cluster.yaml "$top_srcdir"/tests/diff/*.yaml \
    "$top_srcdir"/tests/schema/cases/*.yaml "$tmp"/*.yaml; do
	[ -f "$f" ] && files+=("$f")
done
if [ -d "$top_srcdir/tests/plan" ]; then
	while IFS= read -r f; do
		files+=("$f")
	done < <(find "$top_srcdir/tests/plan" -name '*.yaml' | sort)
fi

# Relative names in the output: run from the source tree.
cd "$top_srcdir" || exit 99
"$python" "$top_srcdir/tests/schema/schema-check.py" --schema "$schema" \
    --pgpair "$PGPAIR" --srcdir "$top_srcdir" "${files[@]}"
rc=$?
[ "$rc" = 0 ] && [ "$fails" = 0 ] || exit 1
exit 0

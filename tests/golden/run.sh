#!/usr/bin/env bash
# Golden tests of pgpair generate: each tests/golden/CASE/cluster.yaml is
# generated into a fresh temporary folder (no password at hand, so the
# output is deterministic) and compared with CASE/expect/ by diff -r.
# Also: two runs into fresh folders are byte-identical; with the password
# at hand, regenerating into the same folder changes nothing; --templates
# overrides a template and a partial; every runbook is shellcheck-clean.
#
#   tests/golden/run.sh           compare (make check)
#   tests/golden/run.sh --regen   rewrite every CASE/expect/ (review the diff)
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
top_builddir=${top_builddir:-$(pwd)}
PGPAIR=${PGPAIR:-$top_builddir/src/pgpair}
regen=0
if [ "${1:-}" = --regen ]; then
	regen=1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pgpair-golden.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
failed() {
	echo "FAIL: $*" >&2
	fail=1
}

# generate CASE DIR [VAR=VALUE...]: no password variable but the ones given.
generate() {
	local c=$1 out=$2
	shift 2
	(cd "$here/$c" && env -u PGPAIR_REPLICATION_PASSWORD \
	    -u LEDGER_REPLICATION_PASSWORD "$@" "$PGPAIR" generate cluster.yaml \
	    -o "$out") 2>"$out.err" || {
		cat "$out.err" >&2
		return 1
	}
}

have_shellcheck=1
if ! command -v shellcheck >/dev/null 2>&1; then
	if [ -n "${CI:-}" ]; then
		failed "shellcheck is missing"
	fi
	echo "note: no shellcheck, runbooks not checked" >&2
	have_shellcheck=0
fi

cases=0
for dir in "$here"/*/; do
	c=$(basename "$dir")
	[ -f "$here/$c/cluster.yaml" ] || continue
	cases=$((cases + 1))
	if ! generate "$c" "$tmp/$c.1"; then
		failed "$c: generate"
		continue
	fi
	if [ "$regen" = 1 ]; then
		rm -rf "$here/$c/expect"
		cp -R "$tmp/$c.1" "$here/$c/expect"
		echo "regenerated $c/expect"
		continue
	fi
	diff -r "$here/$c/expect" "$tmp/$c.1" || failed "$c: output differs from expect/"
	generate "$c" "$tmp/$c.2" && diff -r "$tmp/$c.1" "$tmp/$c.2" >/dev/null ||
	    failed "$c: two runs into fresh folders differ"
	for f in "$tmp/$c.1"/*/runbook.sh; do
		[ -x "$f" ] || failed "$c: ${f#"$tmp/"} is not executable"
		if [ "$have_shellcheck" = 1 ]; then
			shellcheck "$f" || failed "$c: shellcheck ${f#"$tmp/"}"
		fi
		bash -n "$f" || failed "$c: bash -n ${f#"$tmp/"}"
	done
done
[ "$cases" -gt 0 ] || failed "no golden cases in $here"
if [ "$regen" = 1 ]; then
	exit "$fail"
fi

# With the password at hand: a SCRAM verifier, no password, and a second
# run into the same folder keeps the verifier (nothing changes).
pw="golden:pw\\'$$"
out=$tmp/pw
if generate seed "$out" "PGPAIR_REPLICATION_PASSWORD=$pw"; then
	grep -qF 'SCRAM-SHA-256$4096:' "$out/pg1/roles.sql" ||
	    failed "seed with password: roles.sql has no verifier"
	if grep -rqF -- "$pw" "$out"; then
		failed "seed with password: the password is in a generated file"
	fi
	cp -R "$out" "$tmp/pw.before"
	generate seed "$out" "PGPAIR_REPLICATION_PASSWORD=$pw" &&
	    diff -r "$tmp/pw.before" "$out" >/dev/null ||
	    failed "seed with password: regenerating into the same folder changed files"
	# Another password: the old verifier no longer matches, a new one comes.
	generate seed "$out" "PGPAIR_REPLICATION_PASSWORD=other$pw" &&
	    ! diff -q "$tmp/pw.before/pg1/roles.sql" "$out/pg1/roles.sql" >/dev/null ||
	    failed "seed with a new password: roles.sql kept the old verifier"
else
	failed "seed with password: generate"
fi

# --templates: a file there overrides a template, and a partial too.
mkdir "$tmp/tpl"
printf '# custom fragment for {{{node_comment}}}\n' >"$tmp/tpl/pgpair.conf.mustache"
sed 's/^set -euo pipefail$/set -euo pipefail\n# custom head/' \
    "$here/../../templates/runbook-head.sh.mustache" >"$tmp/tpl/runbook-head.sh.mustache"
if (cd "$here/seed" && env -u PGPAIR_REPLICATION_PASSWORD "$PGPAIR" generate \
    --templates "$tmp/tpl" cluster.yaml -o "$tmp/tplout") 2>"$tmp/tplout.err"; then
	[ "$(cat "$tmp/tplout/pg1/conf.d/50-pgpair.conf")" = "# custom fragment for pg1" ] ||
	    failed "--templates did not override pgpair.conf.mustache"
	grep -qx '# custom head' "$tmp/tplout/pg2/runbook.sh" ||
	    failed "--templates did not override the partial runbook-head.sh"
	diff -q "$here/seed/expect/pg1/roles.sql" "$tmp/tplout/pg1/roles.sql" >/dev/null ||
	    failed "--templates changed a template it does not override"
else
	cat "$tmp/tplout.err" >&2
	failed "generate --templates"
fi

# Whole or not at all: when one file cannot be written (pg1 is a file, not
# a folder), generate fails with status 2, the old files stay as they were
# and no temporary is left behind.
mkdir "$tmp/busy"
echo old >"$tmp/busy/summary.md"
echo in-the-way >"$tmp/busy/pg1"
rc=0
(cd "$here/seed" && env -u PGPAIR_REPLICATION_PASSWORD "$PGPAIR" generate \
    cluster.yaml -o "$tmp/busy") 2>/dev/null || rc=$?
[ "$rc" = 2 ] || failed "generate into a blocked folder: status $rc, wanted 2"
[ "$(cat "$tmp/busy/summary.md")" = old ] ||
    failed "generate into a blocked folder replaced summary.md"
leftover=$(find "$tmp/busy" -name '.*pgpair-*')
[ -z "$leftover" ] || failed "generate left temporaries: $leftover"
[ ! -e "$tmp/busy/pg2" ] || failed "generate left a folder pg2 behind"

[ "$fail" = 0 ] && echo "ok: $cases golden cases"
exit "$fail"

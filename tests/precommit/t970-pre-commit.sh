#!/bin/bash
# tests/precommit/t970-pre-commit.sh: the hooks of .pre-commit-hooks.yaml
# through the real pre-commit framework, offline: "pre-commit try-repo"
# against a git repository holding the manifest, in a repository of
# generate's files, a description, a postgresql.conf and a pg_ident.conf.
# Good files pass; a bad pg_hba.conf line, a bad pg_ident.conf line and a
# misspelt key fail, and the output points at their line.  Files the patterns leave out are not linted.  Then the
# example .pre-commit-config.yaml of README.md, with its repo and rev
# pointing at that repository, does what README.md says.
#
# HOME and PRE_COMMIT_HOME live in a temporary folder; where unshare(1)
# can take the network away, the hooks run without one.  Without
# pre-commit or git the test is skipped (77), except when CI is set: there
# it fails.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
PGPAIR=${PGPAIR:-$top_builddir/src/pgpair}
fails=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

[ -x "$PGPAIR" ] || { echo "FAIL: no program at $PGPAIR" >&2; exit 99; }
for tool in pre-commit git; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		if [ -n "${CI:-}" ]; then
			echo "FAIL (CI): $tool is not installed" >&2
			exit 1
		fi
		echo "SKIP: $tool is not installed" >&2
		exit 77
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/t970.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" || exit 99
export HOME=$tmp/home PRE_COMMIT_HOME=$tmp/home/pre-commit
export XDG_CACHE_HOME=$tmp/home/cache GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t970 GIT_AUTHOR_EMAIL=t970@localhost
export GIT_COMMITTER_NAME=t970 GIT_COMMITTER_EMAIL=t970@localhost
# The hooks run "pgpair": the one just built.
PATH=$(cd "$(dirname "$PGPAIR")" && pwd):$PATH
export PATH
# No network, where the system lets us take it away.
offline=
if unshare -rn true 2>/dev/null; then
	offline="unshare -rn"
fi

# The hook repository: the manifest, committed.
mkdir -p "$tmp/hooks" && cd "$tmp/hooks" && git init -q &&
    cp "$top_srcdir/.pre-commit-hooks.yaml" . && git add . &&
    git commit -q -m hooks || exit 99
rev=$(git rev-parse HEAD) || exit 99

# The repository under test: what generate writes for the example, its
# description under clusters/, a postgresql.conf, a pg_ident.conf, and
# files the patterns leave out, which lint would refuse.
mkdir -p "$tmp/work/clusters" && cd "$tmp/work" && git init -q || exit 99
cp "$top_srcdir/examples/shop.yaml" clusters/shop.yaml || exit 99
"$PGPAIR" generate -o out clusters/shop.yaml 2>/dev/null || exit 99
printf "max_connections = 100\ninclude_dir 'conf.d'\n" >postgresql.conf
mkdir -p conf.d && printf "work_mem = '4MB'\n" >conf.d/10-memory.conf
printf 'sales  alice  alice_rw\n' >pg_ident.conf
printf 'notes: [a list, not a description]\n' >notes.yaml
git add . || exit 99

# run NAME WANT-STATUS pre-commit ARGS...: output in $tmp/NAME.out
run() {
	local name=$1 want=$2
	shift 2
	$offline "$@" >"$tmp/$name.out" 2>&1
	local rc=$?
	if [ "$rc" != "$want" ]; then
		fail "$name: \"$*\" exited $rc, not $want:"
		sed 's/^/    /' "$tmp/$name.out" >&2
		return 1
	fi
	return 0
}
# has NAME TEXT: the output of NAME holds the line TEXT (fixed string)
has() {
	grep -qF -- "$2" "$tmp/$1.out" ||
	    fail "$1: the output lacks \"$2\": $(cat "$tmp/$1.out")"
}

# --- good files pass, and the patterns pick the right ones -----------------
run good 0 pre-commit try-repo "$tmp/hooks" --all-files --verbose
has good "pgpair lint"
has good "pgpair check"
[ "$(grep -c '\.Passed$' "$tmp/good.out")" = 2 ] ||
    fail "good: two hooks did not pass: $(cat "$tmp/good.out")"
# The manifest's pattern (a Python regular expression that is also an
# extended one) on the names pre-commit would match it against.
python_re=$(sed -n "/id: pgpair-lint/,/^- id/s/^  files: '\(.*\)'$/\1/p" \
    "$top_srcdir/.pre-commit-hooks.yaml")
[ -n "$python_re" ] || fail "no files: pattern for pgpair-lint"
for f in postgresql.conf conf.d/10-memory.conf out/pg1/pg_hba.conf \
    out/pg2/pg_hba.conf out/pg1/conf.d/50-pgpair.conf clusters/shop.yaml \
    pg_ident.conf; do
	printf '%s\n' "$f" | grep -qE "$python_re" ||
	    fail "the pgpair-lint pattern leaves out $f"
done
for f in notes.yaml out/summary.md out/pg1/roles.sql \
    out/.pgpair/description.yaml .pgpair.yaml; do
	printf '%s\n' "$f" | grep -qE "$python_re" &&
	    fail "the pgpair-lint pattern takes $f"
done

# --- a bad pg_hba.conf line fails, at its line -----------------------------
cp out/pg1/pg_hba.conf "$tmp/pg_hba.conf.good" || exit 99
sed -i 's/^\(host *replication *replica *192\.168\.0\.0\/24 *\)scram-sha-256/\1scram-sha-257/' \
    out/pg1/pg_hba.conf
line=$(grep -n 'scram-sha-257' out/pg1/pg_hba.conf | cut -d: -f1)
[ -n "$line" ] || { fail "could not break out/pg1/pg_hba.conf"; line=0; }
git add . || exit 99
if run bad-hba 1 pre-commit try-repo "$tmp/hooks" pgpair-lint --all-files; then
	has bad-hba "out/pg1/pg_hba.conf:$line:"
	has bad-hba 'invalid authentication method "scram-sha-257" [hba-syntax]'
	has bad-hba "Failed"
fi
cp "$tmp/pg_hba.conf.good" out/pg1/pg_hba.conf && git add . || exit 99

# --- a bad pg_ident.conf line fails, at its line ---------------------------
printf 'sales  bob,carol  sales_ro\n' >>pg_ident.conf
git add . || exit 99
if run bad-ident 1 pre-commit try-repo "$tmp/hooks" pgpair-lint --all-files; then
	has bad-ident 'pg_ident.conf:2:8: error: multiple values in ident field [ident-syntax]'
	has bad-ident "Failed"
fi
printf 'sales  alice  alice_rw\n' >pg_ident.conf && git add . || exit 99

# --- a misspelt key of a description fails both hooks, at its line --------
sed -i 's/^  - name: pg2$/&\n    upstram: pg1/' clusters/shop.yaml
line=$(grep -n 'upstram' clusters/shop.yaml | cut -d: -f1)
git add . || exit 99
for hook in pgpair-check pgpair-lint; do
	if run "bad-$hook" 1 pre-commit try-repo "$tmp/hooks" "$hook" --all-files
	then
		has "bad-$hook" "clusters/shop.yaml:$line:5: error: unknown key \"upstram\""
	fi
done

# --- README's .pre-commit-config.yaml -------------------------------------
# The block after "<!-- t970: pre-commit-config -->", its repo and rev
# pointed at the hook repository.  It checks descriptions under db/.
awk '/<!-- t970: pre-commit-config -->/ { on = 1; next }
    on && /^```/ { if (inb) exit; inb = 1; next }
    inb { print }' "$top_srcdir/README.md" >"$tmp/config.yaml"
grep -q 'id: pgpair-lint' "$tmp/config.yaml" ||
    fail "README.md has no pre-commit config after \"<!-- t970: pre-commit-config -->\""
sed -e "s|^\( *- repo: \).*|\1$tmp/hooks|" -e "s|^\( *rev: \).*|\1$rev|" \
    "$tmp/config.yaml" >.pre-commit-config.yaml
mkdir -p db && cp "$top_srcdir/examples/shop.yaml" db/shop.yaml
git rm -q -r --cached clusters && rm -rf clusters
git add . || exit 99
run readme-good 0 pre-commit run --all-files
sed -i 's/^  - name: pg2$/&\n    upstram: pg1/' db/shop.yaml
git add . || exit 99
if run readme-bad 1 pre-commit run --all-files; then
	has readme-bad "db/shop.yaml:$line:5: error: unknown key \"upstram\""
fi

if [ "$fails" -gt 0 ]; then
	echo "$fails failure(s)" >&2
	exit 1
fi
echo "ok: pre-commit ${offline:+(offline) }ran pgpair-lint and pgpair-check:" \
    "good files pass, bad ones fail at their line, README's config works"
exit 0

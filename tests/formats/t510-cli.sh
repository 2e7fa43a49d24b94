#!/bin/bash
# tests/formats/t510-cli.sh: the command line around the formats: the one
# option parser (usage errors name the command; every option of --help is
# taken), --version, --fail-on, the repository configuration .pgpair.yaml
# (found from the working directory up to the repository's root, its rule
# levels, exclusions, pg-version and fail-on, its mistakes), lint - with
# --stdin-filename, and colour: on a terminal only (a pseudo-terminal from
# script(1)), never with NO_COLOR.  Without script(1) the colour cases are
# skipped, except when CI is set: there that is a failure.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
PGPAIR=${PGPAIR:-$top_builddir/src/pgpair}
PGPAIR=$(cd "$(dirname "$PGPAIR")" && pwd)/$(basename "$PGPAIR")
fails=0
n=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

[ -x "$PGPAIR" ] || { echo "FAIL: no program at $PGPAIR" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/t510.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

# expect STATUS NAME COMMAND...: run it (stdout in $tmp/out, stderr in
# $tmp/err) and check its exit status.
expect() {
	local want=$1 name=$2 rc
	shift 2
	n=$((n + 1))
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		fail "$name: exit $rc, not $want"
		sed 's/^/    /' "$tmp/out" "$tmp/err" >&2
		return 1
	fi
	return 0
}
# has FILE NAME PATTERN: FILE holds a line matching the ERE.
has() {
	grep -Eq -- "$3" "$1" || { fail "$2: no line matches \"$3\":"; \
	    sed 's/^/    /' "$1" >&2; }
}
hasnt() {
	! grep -Eq -- "$3" "$1" || { fail "$2: a line matches \"$3\":"; \
	    sed 's/^/    /' "$1" >&2; }
}

# --- --version ---------------------------------------------------------
expect 0 version "$PGPAIR" --version
majors=$(cd "$top_srcdir/schemas" && ls pg*.tsv | sed 's/pg\([0-9]*\)\.tsv/\1/' |
    sort -n | tr '\n' ' ' | sed 's/ $//')
[ "$(sed -n 1p "$tmp/out")" = "pgpair $(sed -n 's/^AC_INIT(\[pgpair\], \[\([^]]*\)\].*/\1/p' \
    "$top_srcdir/configure.ac")" ] || fail "--version: first line $(sed -n 1p "$tmp/out")"
[ "$(sed -n 2p "$tmp/out")" = "PostgreSQL majors: $majors" ] ||
    fail "--version: second line \"$(sed -n 2p "$tmp/out")\", not the majors" \
    "of schemas/ ($majors)"

# --- one parser: usage errors say the command, --help's options work -----
mapfile -t cmds < <("$PGPAIR" --help | awk '/^Commands:/ { on = 1; next }
    on && NF == 0 { exit } on { print $1 }')
[ "${#cmds[@]}" -ge 7 ] || fail "pgpair --help lists ${#cmds[@]} commands"
for c in "${cmds[@]}"; do
	expect 2 "$c --no-such-option" "$PGPAIR" "$c" --no-such-option x
	has "$tmp/err" "$c --no-such-option" \
	    "^pgpair $c: unknown option \"--no-such-option\"$"
	has "$tmp/err" "$c --no-such-option" "^usage: pgpair $c( |$)"
	[ -s "$tmp/out" ] && fail "$c --no-such-option wrote on stdout"
	"$PGPAIR" "$c" --help >"$tmp/help" 2>&1 || fail "$c --help failed"
	# each option that takes an argument says so when it has none
	for o in $(sed -n '/^Options:/,/^$/p' "$tmp/help" |
	    sed -n 's/^  \(-., \)\{0,1\}\(--[a-z-]*\) [A-Z].*/\2/p'); do
		expect 2 "$c $o" "$PGPAIR" "$c" "$o"
		has "$tmp/err" "$c $o" "^pgpair $c: option \"$o\" needs an argument$"
	done
done
expect 2 "lint --format" "$PGPAIR" lint --format yaml x
has "$tmp/err" "lint --format" \
    '^pgpair lint: --format must be text, json, sarif or github, not "yaml"$'
expect 2 "generate --format sarif" "$PGPAIR" generate --format sarif -o x y
has "$tmp/err" "generate --format sarif" \
    '^pgpair generate: --format must be text or json, not "sarif"$'
expect 2 "generate without -o" "$PGPAIR" generate x.yaml
has "$tmp/err" "generate without -o" '^pgpair generate: -o DIR is required$'
expect 2 "check, two files" "$PGPAIR" check a.yaml b.yaml
has "$tmp/err" "check, two files" '^pgpair check: too many arguments: "b.yaml"$'
expect 2 "lint, no PATH" "$PGPAIR" lint
has "$tmp/err" "lint, no PATH" '^pgpair lint: missing PATH$'
expect 2 "explain, unknown rule" "$PGPAIR" explain no-such-rule
has "$tmp/err" "explain, unknown rule" '^pgpair explain: unknown rule "no-such-rule"'
# --format's values in the usage line are the formats the command takes
for c in check lint; do
	"$PGPAIR" "$c" --help | grep -q -- '--format text|json|sarif|github]' ||
	    fail "$c --help: --format's values are not text|json|sarif|github"
done

# --- --fail-on -----------------------------------------------------------
mkdir -p "$tmp/w" && cd "$tmp/w" || exit 99
printf 'host all all all md5\n' >warn-hba.conf
printf 'host all all all md4\n' >err-hba.conf
for c in "error warn-hba.conf 0" "warning warn-hba.conf 1" "none err-hba.conf 0" \
    "error err-hba.conf 1" "info warn-hba.conf 1"; do
	set -- $c
	expect "$3" "lint --fail-on $1 $2" "$PGPAIR" lint --no-config \
	    --fail-on "$1" "$2"
done
cp "$top_srcdir/tests/check/weak-auth.yaml" . || exit 99
expect 0 "check, warnings" "$PGPAIR" check --no-config weak-auth.yaml
expect 1 "check --fail-on warning" "$PGPAIR" check --no-config \
    --fail-on warning weak-auth.yaml
# an I/O error is 2 whatever --fail-on says
expect 2 "lint --fail-on none, missing file" "$PGPAIR" lint --fail-on none \
    no-such.conf

# --- .pgpair.yaml ----------------------------------------------------------
# repo/.pgpair.yaml applies in repo/a/b, not above repo (whose .git ends
# the search), and top/.pgpair.yaml above it is never read from inside.
mkdir -p "$tmp/top/repo/.git" "$tmp/top/repo/a/b" "$tmp/top/repo/vendor/x" \
    "$tmp/top/repo/a/b/gen" || exit 99
cat >"$tmp/top/.pgpair.yaml" <<'EOF'
fail-on: none
rules:
  hba-syntax: off
EOF
cat >"$tmp/top/repo/.pgpair.yaml" <<'EOF'
# the team's settings
pg-version: 13
fail-on: warning
rules:
  hba-weak-auth: info
  hba-shadowed: off
exclude:
  - vendor/
  - "*.sample"
  - /a/b/gen
EOF
hba='host all all all md5\nhost all all all md5\nhost all all all md4\n'
for f in a/b/pg_hba.conf vendor/x/pg_hba.conf a/b/pg_hba.conf.sample \
    a/b/gen/pg_hba.conf; do
	printf "$hba" >"$tmp/top/repo/$f"
done
cd "$tmp/top/repo/a/b" || exit 99
expect 1 "config: found two folders up" "$PGPAIR" lint pg_hba.conf
has "$tmp/out" "config: rule level" \
    '^pg_hba\.conf:1:18: info: md5 from "all": use scram-sha-256.* \[hba-weak-auth\]$'
hasnt "$tmp/out" "config: rule off" 'hba-shadowed'
has "$tmp/out" "config: rules not named keep theirs" \
    '^pg_hba\.conf:3:18: error: .*\[hba-syntax\]$'
# pg-version 13: md5 is not yet deprecated there (18 says it is)
hasnt "$tmp/out" "config: pg-version" 'deprecated'
expect 0 "config: excluded paths" "$PGPAIR" lint ../../vendor/x/pg_hba.conf \
    pg_hba.conf.sample gen gen/pg_hba.conf "$tmp/top/repo/vendor"
[ -s "$tmp/out" ] && fail "config: excluded paths were linted: $(cat "$tmp/out")"
: >"$tmp/empty.yaml" || exit 99
expect 1 "config: an empty one" "$PGPAIR" lint --config "$tmp/empty.yaml" \
    pg_hba.conf
has "$tmp/out" "config: an empty one" 'warning: .*\[hba-shadowed\]$'
# the command line wins over the file
expect 0 "config: --fail-on none wins" "$PGPAIR" lint --fail-on none pg_hba.conf
expect 1 "config: --pg-version wins" "$PGPAIR" lint --pg-version 18 pg_hba.conf
has "$tmp/out" "config: --pg-version wins" 'deprecated'
expect 1 "--no-config" "$PGPAIR" lint --no-config pg_hba.conf
has "$tmp/out" "--no-config" 'warning: .*\[hba-shadowed\]$'
# JSON and SARIF carry the configured level
expect 1 "config: SARIF level" "$PGPAIR" lint --format sarif pg_hba.conf
grep -q '"ruleId":"hba-weak-auth","ruleIndex":[0-9]*,"level":"note"' "$tmp/out" ||
    fail "config: the SARIF result of hba-weak-auth is not a note"
expect 2 "--config and --no-config" "$PGPAIR" lint --config x --no-config \
    pg_hba.conf
has "$tmp/err" "--config and --no-config" \
    '^pgpair lint: --config and --no-config exclude each other$'
# --config FILE, relative to the working directory; exclude globs are
# relative to its folder
printf 'exclude: [/err-hba.conf]\n' >"$tmp/w/other.yaml"
expect 1 "--config FILE" "$PGPAIR" lint --config "$tmp/w/other.yaml" \
    "$tmp/w/err-hba.conf" pg_hba.conf
has "$tmp/out" "--config FILE: a glob of another folder" '^pg_hba\.conf:'
hasnt "$tmp/out" "--config FILE: excluded" 'err-hba'
# check reads it too
cp "$top_srcdir/tests/check/weak-auth.yaml" . || exit 99
# its findings are the hba rules', at the level the file gives them
expect 0 "config: check's levels" "$PGPAIR" check weak-auth.yaml
has "$tmp/err" "config: check's levels" ' info: .*\[hba-weak-auth\]$'
expect 1 "config: check's fail-on" "$PGPAIR" check --fail-on info \
    weak-auth.yaml
# mistakes: exit 2, each at its place, on stderr, whatever the format
cat >"$tmp/w/bad.yaml" <<'EOF'
pg-versoin: 13
pg-version: 11
fail-on: sometimes
rules:
  hba-weak-aut: info
  hba-shadowed: loud
exclude: {a: b}
EOF
expect 2 "config mistakes" "$PGPAIR" lint --format json --config \
    "$tmp/w/bad.yaml" pg_hba.conf
[ -s "$tmp/out" ] && fail "config mistakes: stdout: $(cat "$tmp/out")"
for want in \
    ':1:1: error: unknown key "pg-versoin"; did you mean "pg-version"\?$' \
    ':2:13: error: pg-version must be a major version from 12 to 18, not "11"$' \
    ':3:10: error: fail-on must be error, warning, info or none, not "sometimes"$' \
    ':5:3: error: unknown rule "hba-weak-aut"; did you mean "hba-weak-auth"\?$' \
    ':6:17: error: the level of "hba-shadowed" must be off, info, warning or error, not "loud"$' \
    ':7:10: error: "exclude" takes a glob or a list of globs, not a mapping$'; do
	has "$tmp/err" "config mistakes" "^$tmp/w/bad\\.yaml$want"
done
has "$tmp/err" "config mistakes: quoted line" '^    6 \|   hba-shadowed: loud$'
printf 'rules: [\n' >"$tmp/w/broken.yaml"
expect 2 "config: bad YAML" "$PGPAIR" check --config "$tmp/w/broken.yaml" \
    weak-auth.yaml
has "$tmp/err" "config: bad YAML" 'broken\.yaml:2:1: error: .*\[yaml-syntax\]$'
expect 2 "config: no such file" "$PGPAIR" lint --config "$tmp/w/none.yaml" \
    pg_hba.conf
has "$tmp/err" "config: no such file" 'cannot open .*none\.yaml'
# outside the repository, the folder above it: its .pgpair.yaml applies
cd "$tmp/top" || exit 99
expect 0 "config: the folder's own" "$PGPAIR" lint repo/a/b/pg_hba.conf
hasnt "$tmp/out" "config: the folder's own, hba-syntax off" 'hba-syntax'

# --- lint - and --stdin-filename -------------------------------------------
cd "$tmp/w" || exit 99
mkdir -p conf.d && printf 'work_mem = 1gb\n' >conf.d/inc.conf
printf "include 'conf.d/inc.conf'\nport = 5432 # pgpair: disable=conf-duplicate\nport = 5433\n" \
    >in.conf
expect 1 "lint -, conf" "$PGPAIR" lint --no-config --stdin-filename \
    postgresql.conf - <in.conf
has "$tmp/out" "lint -: included file, relative" \
    '^conf\.d/inc\.conf:1:12: error: invalid value for parameter "work_mem"'
hasnt "$tmp/out" "lint -: suppression comment" 'conf-duplicate'
expect 1 "lint -, hba by name" "$PGPAIR" lint --no-config --stdin-filename \
    sub/pg_hba.conf - <err-hba.conf
has "$tmp/out" "lint -, hba by name" '^sub/pg_hba\.conf:1:18: error: invalid authentication method "md4" \[hba-syntax\]$'
has "$tmp/out" "lint -: the line quoted" '^    1 \| host all all all md4$'
expect 0 "lint -, description by name" "$PGPAIR" lint --no-config \
    --stdin-filename db/weak-auth.yaml - <weak-auth.yaml
has "$tmp/out" "lint -, description" '^db/weak-auth\.yaml:10:74: warning: .*\[hba-weak-auth\]$'
expect 1 "lint -, no name: a conf" "$PGPAIR" lint --no-config - <in.conf
has "$tmp/out" "lint -, no name" '^conf\.d/inc\.conf:1:12: error: '
expect 1 "lint -, --type hba" "$PGPAIR" lint --no-config --type hba - \
    <err-hba.conf
has "$tmp/out" "lint -, --type hba" '^<stdin>:1:18: error: '
expect 2 "lint - -" "$PGPAIR" lint - - </dev/null
has "$tmp/err" "lint - -" '^pgpair lint: standard input \(-\) can be read once$'
printf 'exclude: [vendor]\n' >"$tmp/w/ex.yaml"
expect 0 "lint -, excluded name" "$PGPAIR" lint --config "$tmp/w/ex.yaml" \
    --stdin-filename vendor/pg_hba.conf - <err-hba.conf
[ -s "$tmp/out" ] && fail "lint -, excluded name: $(cat "$tmp/out")"

# --- colour ------------------------------------------------------------------
esc=$(printf '\033')
if command -v script >/dev/null 2>&1; then
	# on a terminal: colour
	TERM=xterm script -qec "$PGPAIR lint --no-config err-hba.conf" /dev/null \
	    >"$tmp/tty" 2>&1
	grep -q "${esc}\[1;31merror:${esc}\[m" "$tmp/tty" ||
	    fail "no colour on a terminal: $(cat -v "$tmp/tty")"
	grep -q "${esc}\[1;32m^${esc}\[m" "$tmp/tty" ||
	    fail "no coloured caret on a terminal: $(cat -v "$tmp/tty")"
	for env in NO_COLOR=1 TERM=dumb; do
		env TERM=xterm "$env" script -qec \
		    "$PGPAIR lint --no-config err-hba.conf" /dev/null >"$tmp/tty" 2>&1
		grep -q "$esc" "$tmp/tty" &&
		    fail "colour on a terminal with $env: $(cat -v "$tmp/tty")"
		grep -q 'error: invalid authentication method' "$tmp/tty" ||
		    fail "no diagnostic on a terminal with $env"
	done
	# check writes on stderr: its terminal is the one that counts
	TERM=xterm script -qec "$PGPAIR check --no-config weak-auth.yaml 2>&1 >/dev/null" \
	    /dev/null >"$tmp/tty" 2>&1
	grep -q "${esc}\[1;35mwarning:" "$tmp/tty" ||
	    fail "check: no colour on a terminal's stderr: $(cat -v "$tmp/tty")"
elif [ -n "${CI:-}" ]; then
	fail "no script(1) for the colour cases"
else
	echo "note: no script(1): colour not tested" >&2
fi
# not a terminal: no colour, NO_COLOR or not
TERM=xterm "$PGPAIR" lint --no-config err-hba.conf >"$tmp/pipe" 2>&1
grep -q "$esc" "$tmp/pipe" && fail "colour on a pipe"

if [ "$fails" -gt 0 ]; then
	echo "$fails failure(s) in $n runs" >&2
	exit 1
fi
echo "ok: $n runs"
exit 0

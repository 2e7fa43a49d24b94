#!/bin/bash
# tests/docs/t900-man.sh: the manual is code.  Lint every page with
# mandoc -Tlint -Wstyle, and catch drift between the pages and the program:
# the rules of `pgpair rules`, the commands and options of `pgpair --help`,
# the keys and words src/model.c accepts, and the examples of
# pgpair-cluster(5), which must pass `pgpair check`.
#
# Without mandoc the drift checks still run, and the test is then skipped
# (77), except when CI is set: there a missing mandoc is a failure.

[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
PGPAIR=${PGPAIR:-$top_builddir/src/pgpair}

man1=$top_srcdir/man/pgpair.1
man5=$top_srcdir/man/pgpair-cluster.5
model=$top_srcdir/src/model.c
fails=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/t900.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

for f in "$man1" "$man5" "$model"; do
	[ -r "$f" ] || { echo "FAIL: cannot read $f" >&2; exit 1; }
done
[ -x "$PGPAIR" ] || { echo "FAIL: no program at $PGPAIR" >&2; exit 1; }

# The pages: man/*.[157] of the source tree, and a generated
# pgpair-rules.7 in the build tree when it is not in the source tree.
pages=()
for f in "$top_srcdir"/man/*.1 "$top_srcdir"/man/*.5 "$top_srcdir"/man/*.7 \
    "$top_builddir"/man/*.7; do
	[ -f "$f" ] || continue
	b=${f##*/}
	dup=0
	for p in "${pages[@]}"; do
		[ "${p##*/}" = "$b" ] && dup=1
	done
	[ "$dup" = 1 ] || pages+=("$f")
done

# --- rules: every rule of `pgpair rules` is documented at its level ------
# The rules a description can trigger (scope YAML or CLUSTER in rules.def,
# or reported by the model builder or the YAML loader) belong in
# pgpair-cluster.5; every rule belongs in pgpair-rules.7, the catalogue
# generated from the rule table, once that page exists.
{ tr '\n' ' ' <"$top_srcdir/src/rules.def"; echo; } |
    sed 's/RULE(/\nRULE(/g' |
    sed -n 's/^RULE(\([A-Z0-9_]*\), *"\([a-z0-9-]*\)", *[A-Z_]*, *\(SCOPE_[A-Z]*\).*/\1 \2 \3/p' \
    >"$tmp/rules.def.tab"
[ -s "$tmp/rules.def.tab" ] || fail "no RULE() entry found in src/rules.def"
grep -oh 'RULE_[A-Z0-9_]*' "$top_srcdir/src/model.c" \
    "$top_srcdir/src/yaml_load.c" 2>/dev/null | sort -u >"$tmp/rules.used"
awk 'NR == FNR { used[$1] = 1; next }
    $3 == "SCOPE_YAML" || $3 == "SCOPE_CLUSTER" || used["RULE_" $1] {
	print $2 }' "$tmp/rules.used" "$tmp/rules.def.tab" >"$tmp/rules.desc"
rules7=
for p in "${pages[@]}"; do
	case ${p##*/} in
	pgpair-rules.7) rules7=$p ;;
	esac
done
"$PGPAIR" rules >"$tmp/rules" 2>"$tmp/rules.err"
rc=$?
[ "$rc" = 0 ] || fail "pgpair rules exited $rc: $(cat "$tmp/rules.err")"
nrules=0
undocumented=
while read -r id level _; do
	[ -n "$id" ] || continue
	nrules=$((nrules + 1))
	entry=".It Sy $id Pq $level"
	desc=0
	grep -qxF "$id" "$tmp/rules.desc" && desc=1
	if [ "$desc" = 1 ] && ! grep -qxF "$entry" "$man5"; then
		fail "rule $id ($level) is not documented as \"$entry\"" \
		    "in pgpair-cluster.5"
	fi
	if [ -n "$rules7" ]; then
		grep -qxF "$entry" "$rules7" ||
		    fail "rule $id ($level) is not documented as \"$entry\"" \
		    "in pgpair-rules.7"
	elif [ "$desc" = 0 ] && ! grep -qxF "$entry" "$man5"; then
		undocumented="$undocumented $id"
	fi
done <"$tmp/rules"
[ "$nrules" -gt 0 ] || fail "pgpair rules listed no rule"
[ "$(wc -l <"$tmp/rules.def.tab")" = "$nrules" ] ||
    fail "src/rules.def has $(wc -l <"$tmp/rules.def.tab") rules," \
    "pgpair rules lists $nrules"
[ -z "$undocumented" ] ||
    echo "NOTE: no man page yet for the rules$undocumented:" \
    "they go into pgpair-rules.7 (pgpair rules -f mdoc)" >&2
# ... and every rule the page documents exists.
sed -n 's/^\.It Sy \([a-z0-9-]*\) Pq \(error\|warning\|info\)$/\1/p' \
    "$man5" | while read -r id; do
	if ! awk -v id="$id" '$1 == id { found = 1 } END { exit !found }' \
	    "$tmp/rules"; then
		echo "FAIL: pgpair-cluster.5 documents rule $id," \
		    "which pgpair rules does not list" >&2
		echo x
	fi
done >"$tmp/stale"
[ -s "$tmp/stale" ] && fails=$((fails + $(wc -l <"$tmp/stale")))

# --- commands: each command of --help is in the SYNOPSIS of pgpair.1 ------
"$PGPAIR" --help >"$tmp/help" 2>&1
rc=$?
[ "$rc" = 0 ] || fail "pgpair --help exited $rc"
sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$man1" >"$tmp/synopsis"
mapfile -t cmds < <(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' \
    "$tmp/help")
[ "${#cmds[@]}" -gt 0 ] || fail "pgpair --help lists no command"
for c in "${cmds[@]}"; do
	grep -qxF ".Cm $c" "$tmp/synopsis" ||
	    fail "command $c is not in the SYNOPSIS of pgpair.1"
	"$PGPAIR" "$c" --help >"$tmp/help-$c" 2>&1
	rc=$?
	[ "$rc" = 0 ] || fail "pgpair $c --help exited $rc"
	# Every long option of the command is documented.
	mapfile -t opts < <(grep -o -- '--[a-z][a-z-]*' "$tmp/help-$c" | sort -u)
	for o in "${opts[@]}"; do
		grep -qE "^\.(It|Op) .*Fl -${o#--}( |$)" "$man1" ||
		    fail "option $o of $c is not in pgpair.1"
	done
done
# ... and every command of the SYNOPSIS exists.
while read -r c; do
	printf '%s\n' "${cmds[@]}" | grep -qxF "$c" ||
	    fail "the SYNOPSIS of pgpair.1 names $c, which pgpair lacks"
done < <(awk 'prev == ".Nm" && $1 == ".Cm" { print $2 } { prev = $0 }' \
    "$tmp/synopsis")

# --- keys: every key and word src/model.c accepts is in pgpair-cluster.5 ---
# The words of "static const char *const NAME[] = { ... };" arrays.
array_words() {
	awk -v name="$1" '
	    $0 ~ "^static const char \\*const " name "\\[\\] = \\{" { on = 1 }
	    on {
		s = $0
		while (match(s, /"[^"]*"/)) {
			print substr(s, RSTART + 1, RLENGTH - 2)
			s = substr(s, RSTART + RLENGTH)
		}
		if ($0 ~ /};/)
			on = 0
	    }' "$model"
}
# Words after ".It Ic" in the page, up to a Pq: the documented keys.
sed -n 's/^\.It Ic \(.*\)/\1/p' "$man5" | sed 's/ Pq .*//' |
    tr ' ,' '\n' | grep -v '^$' | sort -u >"$tmp/keys5"
mapfile -t arrays < <(grep -o '^static const char \*const [a-z_]*_keys\[\]' \
    "$model" | sed 's/.* \([a-z_]*_keys\)\[\]/\1/')
[ "${#arrays[@]}" -gt 0 ] || fail "no *_keys array found in src/model.c"
for want in top_keys node_keys access_keys; do
	printf '%s\n' "${arrays[@]}" | grep -qxF "$want" ||
	    fail "src/model.c has no $want array"
done
for arr in "${arrays[@]}"; do
	words=$(array_words "$arr")
	[ -n "$words" ] || fail "the array $arr of src/model.c is empty"
	for k in $words; do
		grep -qxF "$k" "$tmp/keys5" ||
		    fail "key $k ($arr) is not an \".It Ic\" entry of" \
		    "pgpair-cluster.5"
	done
done
# The connection types and methods of access entries.
for arr in hba_types hba_methods; do
	words=$(array_words "$arr")
	[ -n "$words" ] || fail "no $arr array in src/model.c"
	for w in $words; do
		grep -qE "^\.Cm $w( |$)" "$man5" ||
		    fail "$w ($arr) is not in pgpair-cluster.5"
	done
done

# --- examples: each one marked "pgpair-check: valid" passes check ---------
awk -v dir="$tmp" '
    /^\.\\" pgpair-check: valid/ { want = 1; next }
    want && /^\.Bd -literal/ { n++; out = dir "/example" n ".yaml";
	printf "" >out; inblock = 1; want = 0; next }
    inblock && /^\.Ed/ { inblock = 0; close(out); next }
    inblock { gsub(/\\&/, ""); gsub(/\\e/, "\\"); print >>out }
' "$man5"
nex=0
for ex in "$tmp"/example*.yaml; do
	[ -f "$ex" ] || continue
	nex=$((nex + 1))
	"$PGPAIR" check "$ex" >"$ex.out" 2>&1
	rc=$?
	if [ "$rc" != 0 ] || [ -s "$ex.out" ]; then
		fail "example ${ex##*/} of pgpair-cluster.5: check exited $rc:"
		sed "s/^/    /" "$ex.out" >&2
	fi
done
[ "$nex" -ge 3 ] || fail "pgpair-cluster.5 has $nex checked examples, not 3"
# The first is the bundled example, without its opening comment.
if [ -f "$tmp/example1.yaml" ] && [ -r "$top_srcdir/examples/shop.yaml" ]; then
	grep -v '^#' "$top_srcdir/examples/shop.yaml" >"$tmp/shop.yaml"
	cmp -s "$tmp/shop.yaml" "$tmp/example1.yaml" ||
	    fail "the first example of pgpair-cluster.5 differs from" \
	    "examples/shop.yaml: $(diff "$tmp/shop.yaml" "$tmp/example1.yaml")"
fi

# The example of DIAGNOSTICS in pgpair.1 is what pgpair prints: the bundled
# example whose standby misspells "upstream".
if [ -r "$top_srcdir/examples/shop.yaml" ]; then
	mkdir -p "$tmp/diag" || exit 2
	sed 's/^  - name: pg2$/&\n    upstram: pg1/' \
	    "$top_srcdir/examples/shop.yaml" >"$tmp/diag/shop.yaml"
	for fmt in text json; do
		# The page's line: the text one, or the JSON one with \e for \.
		case $fmt in
		text) want=$(grep '^shop\.yaml:[0-9]*:[0-9]*: ' "$man1") ;;
		json) want=$(grep '^{"diagnostics":\[{"file":"shop\.yaml"' "$man1" |
		    sed 's/\\e/\\/g') ;;
		esac
		got=$(cd "$tmp/diag" && "$PGPAIR" check --format "$fmt" shop.yaml 2>&1)
		[ -n "$want" ] || fail "pgpair.1 has no $fmt example in DIAGNOSTICS"
		[ "$got" = "$want" ] ||
		    fail "the $fmt example of DIAGNOSTICS in pgpair.1 is not what" \
		    "pgpair prints: \"$got\""
	done
fi

# --- lint ------------------------------------------------------------------
if ! command -v mandoc >/dev/null 2>&1; then
	if [ "$fails" -gt 0 ]; then
		echo "$fails failure(s)" >&2
		exit 1
	fi
	if [ -n "${CI:-}" ]; then
		echo "FAIL (CI): mandoc is not installed" >&2
		exit 1
	fi
	echo "SKIP: mandoc is not installed" >&2
	exit 77
fi

# A private manual tree, so that "referenced manual not found" depends on
# neither the host's manuals nor their database: our pages, and stubs for
# the pages of other projects we may refer to.  A reference to anything
# else, a typo included, is reported.
for s in 1 5 7; do
	mkdir -p "$tmp/mp/man$s" || exit 2
done
for p in "${pages[@]}"; do
	b=${p##*/}
	cp "$p" "$tmp/mp/man${b##*.}/$b" || exit 2
done
for x in bash.1 initdb.1 pg_basebackup.1 pg_ctl.1 pg_ctlcluster.1 psql.1 \
    postgres.1 systemctl.1 shellcheck.1; do
	n=${x%.*}
	printf '.Dd November 26, 2026\n.Dt %s %s\n.Os\n.Sh NAME\n.Nm %s\n.Nd stub\n' \
	    "$n" "${x##*.}" "$n" >"$tmp/mp/man${x##*.}/$x"
done
if command -v makewhatis >/dev/null 2>&1; then
	makewhatis "$tmp/mp" || fail "makewhatis failed"
fi
for p in "${pages[@]}"; do
	mandoc -Tlint -Wstyle -M "$tmp/mp" "$p" >"$tmp/lint" 2>&1
	rc=$?
	# Without makewhatis, mandoc notes that the tree has no database.
	grep -v 'outdated mandoc.db' "$tmp/lint" >"$tmp/lint.f"
	if [ "$rc" != 0 ] || [ -s "$tmp/lint.f" ]; then
		fail "mandoc -Tlint -Wstyle ${p##*/} exited $rc:"
		cat "$tmp/lint.f" >&2
	fi
done

# The SYNOPSIS, rendered, says exactly what each command's usage says.
mandoc -T ascii -O width=1000 "$man1" 2>/dev/null | sed 's/.\x08//g' |
    sed -n '/^SYNOPSIS/,/^[A-Z]/p' | sed 's/^ *//; s/  */ /g' \
    >"$tmp/synopsis.txt"
for c in "${cmds[@]}"; do
	u=$(sed -n 's/^usage: //p' "$tmp/help-$c" | head -n 1 | sed 's/  */ /g')
	[ -n "$u" ] || { fail "pgpair $c --help prints no usage line"; continue; }
	grep -qxF "$u" "$tmp/synopsis.txt" ||
	    fail "the SYNOPSIS of pgpair.1 does not say \"$u\""
done

if [ "$fails" -gt 0 ]; then
	echo "$fails failure(s)" >&2
	exit 1
fi
echo "ok: ${#pages[@]} page(s) lint clean; $nrules rules, commands (${cmds[*]})," \
    "keys and $nex examples match"
exit 0

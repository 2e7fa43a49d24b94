#!/bin/bash
# tests/docs/t900-man.sh: the manual is code.  Lint every page with
# mandoc -Tlint -Wstyle, and catch drift between the pages and the program:
# pgpair-rules.7 must be what `pgpair rules --format mdoc` prints, and say
# what `pgpair explain` says; the rules of `pgpair rules`, the commands and
# options of `pgpair --help` and `pgpair lint --help`, the keys and words
# src/model.c accepts, the examples of pgpair-cluster(5), which must pass
# `pgpair check`, and the DIAGNOSTICS examples of pgpair.1 and
# pgpair-lint.1, which must be what pgpair prints.
#
# Without mandoc the drift checks still run, and the test is then skipped
# (77), except when CI is set: there a missing mandoc is a failure.

[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
PGPAIR=${PGPAIR:-$top_builddir/src/pgpair}

man1=$top_srcdir/man/pgpair.1
man1lint=$top_srcdir/man/pgpair-lint.1
man1plan=$top_srcdir/man/pgpair-plan.1
man5=$top_srcdir/man/pgpair-cluster.5
man7=$top_srcdir/man/pgpair-rules.7
model=$top_srcdir/src/model.c
fails=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/t900.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

for f in "$man1" "$man1lint" "$man1plan" "$man5" "$man7" "$model"; do
	[ -r "$f" ] || { echo "FAIL: cannot read $f" >&2; exit 1; }
done
[ -x "$PGPAIR" ] || { echo "FAIL: no program at $PGPAIR" >&2; exit 1; }

# The pages: man/*.[157] of the source tree.  pgpair-rules.7 is generated
# but committed, so that a tarball installs it without running pgpair.
pages=()
for f in "$top_srcdir"/man/*.1 "$top_srcdir"/man/*.5 "$top_srcdir"/man/*.7; do
	[ -f "$f" ] && pages+=("$f")
done

# --- pgpair-rules.7 is what `pgpair rules --format mdoc` prints ------------
"$PGPAIR" rules --format mdoc >"$tmp/rules.7" 2>"$tmp/rules.7.err"
rc=$?
[ "$rc" = 0 ] && [ ! -s "$tmp/rules.7.err" ] ||
    fail "pgpair rules --format mdoc exited $rc: $(cat "$tmp/rules.7.err")"
[ -s "$tmp/rules.7" ] || fail "pgpair rules --format mdoc printed nothing"
if ! diff -u "$man7" "$tmp/rules.7" >"$tmp/rules.7.diff"; then
	fail "man/pgpair-rules.7 differs from \"pgpair rules --format mdoc\";" \
	    "the rule table changed: regenerate the page with \"make man-rules\"" \
	    "and commit it"
	head -n 40 "$tmp/rules.7.diff" >&2
fi

# --- pgpair explain says what pgpair-rules.7 says -------------------------
# Both come from the rule table; for three rules of different scopes, every
# sentence of the explanation (after its "id (level)" line) must appear in
# the rule's entry of the page, once that entry is read as text: macro
# lines dropped, lines joined, the escapes \& and \e undone.
for id in cluster-standby-params conf-syntax hba-syntax; do
	"$PGPAIR" explain "$id" >"$tmp/explain" 2>&1
	rc=$?
	[ "$rc" = 0 ] || { fail "pgpair explain $id exited $rc"; continue; }
	head -n 1 "$tmp/explain" >"$tmp/explain.head"
	level=$(sed -n 's/^[a-z0-9-]* (\([a-z]*\))$/\1/p' "$tmp/explain.head")
	[ -n "$level" ] ||
	    { fail "pgpair explain $id: bad first line: $(cat "$tmp/explain.head")"; continue; }
	page=$(awk -v it=".It Sy $id Pq $level" '
	    $0 == it { on = 1; next }
	    on && (/^\.It / || /^\.El/) { exit }
	    on && !/^\./ { print }' "$man7" |
	    sed 's/\\&//g; s/\\e/\\/g' | tr '\n' ' ')
	[ -n "$page" ] ||
	    { fail "pgpair-rules.7 has no entry \".It Sy $id Pq $level\""; continue; }
	nsent=0
	while IFS= read -r sent; do
		sent=${sent%.}
		sent=${sent#"${sent%%[! ]*}"}
		sent=${sent%"${sent##*[! ]}"}
		[ -n "$sent" ] || continue
		nsent=$((nsent + 1))
		[[ $page == *"$sent"* ]] ||
		    fail "pgpair explain $id says \"$sent\", pgpair-rules.7 does not"
	done < <(tail -n +2 "$tmp/explain" | tr '\n' ' ' | sed 's/\. /.\n/g')
	[ "$nsent" -ge 2 ] || fail "pgpair explain $id printed $nsent sentence(s)"
done

# --- rules: every rule of `pgpair rules` is documented at its level ------
# The rules a description can trigger (scope YAML or CLUSTER in rules.def,
# or reported by the model builder or the YAML loader) belong in
# pgpair-cluster.5; every rule belongs in pgpair-rules.7, the catalogue
# generated from the rule table.
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
"$PGPAIR" rules >"$tmp/rules" 2>"$tmp/rules.err"
rc=$?
[ "$rc" = 0 ] || fail "pgpair rules exited $rc: $(cat "$tmp/rules.err")"
nrules=0
while read -r id level _; do
	[ -n "$id" ] || continue
	nrules=$((nrules + 1))
	entry=".It Sy $id Pq $level"
	if grep -qxF "$id" "$tmp/rules.desc" && ! grep -qxF "$entry" "$man5"
	then
		fail "rule $id ($level) is not documented as \"$entry\"" \
		    "in pgpair-cluster.5"
	fi
	grep -qxF "$entry" "$man7" ||
	    fail "rule $id ($level) is not documented as \"$entry\"" \
	    "in pgpair-rules.7 (regenerate it: make man-rules)"
done <"$tmp/rules"
[ "$nrules" -gt 0 ] || fail "pgpair rules listed no rule"
[ "$(wc -l <"$tmp/rules.def.tab")" = "$nrules" ] ||
    fail "src/rules.def has $(wc -l <"$tmp/rules.def.tab") rules," \
    "pgpair rules lists $nrules"
# ... and every rule the pages document exists.
for m in "$man5" "$man7"; do
	sed -n 's/^\.It Sy \([a-z0-9-]*\) Pq \(error\|warning\|info\)$/\1/p' \
	    "$m" | while read -r id; do
		if ! awk -v id="$id" '$1 == id { found = 1 } END { exit !found }' \
		    "$tmp/rules"; then
			echo "FAIL: ${m##*/} documents rule $id," \
			    "which pgpair rules does not list" >&2
			echo x
		fi
	done
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
# The connection types and methods of access entries: the tables of
# src/hba_vocab.c (the methods a Linux server can have).
vocab=$top_srcdir/src/hba_vocab.c
words=$(awk -F'"' '
    /^static const char \*const conntype_names\[\]/ { t = 1 }
    /^static const struct hba_method_def methods\[\]/ { m = 1 }
    /^};/ { t = m = 0 }
    t && /\[HBA_[A-Z]+\] = "/ { print $2 }
    m && /AUTH_/ && !/HBA_FEAT_NEVER/ { print $2 }' "$vocab")
[ "$(echo "$words" | wc -w)" -ge 18 ] ||
    fail "no connection types and methods in src/hba_vocab.c"
for w in $words; do
	grep -qE "^\.Cm $w( |$)" "$man5" ||
	    fail "$w (src/hba_vocab.c) is not in pgpair-cluster.5"
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

# The examples of DIAGNOSTICS in pgpair.1 are what pgpair prints, in text,
# JSON and GitHub commands: the bundled example whose standby misspells
# "upstream".
if [ -r "$top_srcdir/examples/shop.yaml" ]; then
	mkdir -p "$tmp/diag" || exit 2
	sed 's/^  - name: pg2$/&\n    upstram: pg1/' \
	    "$top_srcdir/examples/shop.yaml" >"$tmp/diag/shop.yaml"
	for fmt in text json github; do
		# The page's lines: the text ones (the diagnostic, the quoted
		# line and the caret, up to the end of the display), the JSON
		# or GitHub one, with \e for \.
		case $fmt in
		text) want=$(awk '/^shop\.yaml:[0-9]*:[0-9]*: / { on = 1 }
		    on && /^\.Ed/ { exit } on' "$man1") ;;
		json) want=$(grep '^{"diagnostics":\[{"file":"shop\.yaml"' "$man1" |
		    sed 's/\\e/\\/g') ;;
		github) want=$(grep '^::error file=shop\.yaml,' "$man1" |
		    sed 's/\\e/\\/g') ;;
		esac
		got=$(cd "$tmp/diag" && "$PGPAIR" check --format "$fmt" shop.yaml 2>&1)
		[ -n "$want" ] || fail "pgpair.1 has no $fmt example in DIAGNOSTICS"
		[ "$got" = "$want" ] ||
		    fail "the $fmt example of DIAGNOSTICS in pgpair.1 is not what" \
		    "pgpair prints: \"$got\""
	done
fi

# --- pgpair-lint.1: its options, and its DIAGNOSTICS example -------------
"$PGPAIR" lint --help >"$tmp/help-lint1" 2>&1
rc=$?
[ "$rc" = 0 ] || fail "pgpair lint --help exited $rc"
mapfile -t opts < <(grep -o -- '--[a-z][a-z-]*' "$tmp/help-lint1" | sort -u)
[ "${#opts[@]}" -ge 5 ] || fail "pgpair lint --help lists ${#opts[@]} options"
for o in "${opts[@]}"; do
	grep -qE "^\.It .*Fl -${o#--}( |$)" "$man1lint" ||
	    fail "option $o of lint is not an \".It\" entry of pgpair-lint.1"
done
# The blocks after '.\" t900: input NAME', '.\" t900: output text' and
# '.\" t900: output json': NAME is linted in an empty directory, with each
# format, and pgpair must print exactly the page's output.
mkdir -p "$tmp/lintex" || exit 2
awk -v dir="$tmp/lintex" '
    /^\.\\" t900: / { want = $3 == "input" ? "in-" $4 : "out-" $4; next }
    want != "" && /^\.Bd -literal/ { out = dir "/" want; printf "" >out;
	inblock = 1; want = ""; next }
    inblock && /^\.Ed/ { inblock = 0; close(out); next }
    inblock { print >>out }
' "$man1lint"
for f in "$tmp"/lintex/in-* "$tmp"/lintex/out-*; do
	[ -f "$f" ] || continue
	sed 's/\\&//g; s/\\e/\\/g' "$f" >"$f.u" && mv "$f.u" "$f" || exit 2
done
nin=0
for f in "$tmp"/lintex/in-*; do
	[ -f "$f" ] || continue
	nin=$((nin + 1))
	name=${f##*/in-}
	mkdir -p "$tmp/lintex/run" && cp "$f" "$tmp/lintex/run/$name" || exit 2
	for fmt in text json; do
		if [ ! -f "$tmp/lintex/out-$fmt" ]; then
			fail "pgpair-lint.1 has no \"t900: output $fmt\" block"
			continue
		fi
		(cd "$tmp/lintex/run" && "$PGPAIR" lint --format "$fmt" "$name") \
		    >"$tmp/lintex/got-$fmt" 2>&1
		rc=$?
		[ "$rc" = 0 ] || [ "$rc" = 1 ] ||
		    fail "pgpair lint --format $fmt $name exited $rc"
		cmp -s "$tmp/lintex/out-$fmt" "$tmp/lintex/got-$fmt" ||
		    fail "the $fmt example of DIAGNOSTICS in pgpair-lint.1 is" \
		    "not what pgpair prints:" \
		    "$(diff "$tmp/lintex/out-$fmt" "$tmp/lintex/got-$fmt")"
	done
done
[ "$nin" = 1 ] || fail "pgpair-lint.1 has $nin \"t900: input\" blocks, not 1"

# --- pgpair-plan.1: its options, and the kinds of step it names ---------
"$PGPAIR" plan --help >"$tmp/help-plan1" 2>&1
rc=$?
[ "$rc" = 0 ] || fail "pgpair plan --help exited $rc"
mapfile -t opts < <(grep -o -- '--[a-z][a-z-]*' "$tmp/help-plan1" | sort -u)
[ "${#opts[@]}" -ge 4 ] || fail "pgpair plan --help lists ${#opts[@]} options"
for o in "${opts[@]}"; do
	grep -qE "^\.It .*Fl -${o#--}( |$)" "$man1plan" ||
	    fail "option $o of plan is not an \".It\" entry of pgpair-plan.1"
done
# Every runbook command a step runs is documented (src/plan.c step_names).
for k in $(sed -n 's/^\t\[STEP_[A-Z_]*\] = "\([a-z-]*\)",$/\1/p' \
    "$top_srcdir/src/plan.c"); do
	case $k in
	stop) grep -qx '\.It stop' "$man1plan" ;;
	*) grep -qE "^\.It Cm $k( |$)" "$man1plan" ;;
	esac || fail "step $k of src/plan.c is not an \".It\" entry of pgpair-plan.1"
done
[ "$(sed -n 's/^\t\[STEP_[A-Z_]*\] = "\([a-z-]*\)",$/\1/p' \
    "$top_srcdir/src/plan.c" | wc -l)" = 6 ] ||
    fail "src/plan.c step_names: not the 6 kinds of step pgpair-plan.1 lists"

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
for s in 1 5 7 8; do
	mkdir -p "$tmp/mp/man$s" || exit 2
done
for p in "${pages[@]}"; do
	b=${p##*/}
	cp "$p" "$tmp/mp/man${b##*.}/$b" || exit 2
done
for x in bash.1 diff.1 git.1 initdb.1 mktemp.1 patch.1 pg_basebackup.1 \
    pg_controldata.1 pg_ctl.1 pg_ctlcluster.1 psql.1 postgres.1 systemctl.1 \
    shellcheck.1 mdoc.7 pg_createcluster.8 restorecon.8; do
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
# ... and so does the SYNOPSIS of a command's own page, pgpair-COMMAND.1
# (lint, diff), whose options are each an ".It" entry of it.
npages=0
for c in "${cmds[@]}"; do
	page=$top_srcdir/man/pgpair-$c.1
	[ -f "$page" ] || continue
	npages=$((npages + 1))
	mandoc -T ascii -O width=1000 "$page" 2>/dev/null | sed 's/.\x08//g' |
	    sed -n '/^SYNOPSIS/,/^[A-Z]/p' | sed 's/^ *//; s/  */ /g' \
	    >"$tmp/synopsis-$c.txt"
	u=$(sed -n 's/^usage: //p' "$tmp/help-$c" | head -n 1 | sed 's/  */ /g')
	if [ -z "$u" ]; then
		fail "pgpair $c --help prints no usage line"
	elif [ "$(grep -c . "$tmp/synopsis-$c.txt")" != 3 ] ||
	    ! grep -qxF "$u" "$tmp/synopsis-$c.txt"; then
		fail "the SYNOPSIS of pgpair-$c.1 is not \"$u\":" \
		    "$(cat "$tmp/synopsis-$c.txt")"
	fi
	mapfile -t opts < <(grep -o -- '--[a-z][a-z-]*' "$tmp/help-$c" | sort -u)
	for o in "${opts[@]}"; do
		grep -qE "^\.It .*Fl -${o#--}( |$)" "$page" ||
		    fail "option $o of $c is not an \".It\" entry of pgpair-$c.1"
	done
done
[ "$npages" -ge 2 ] || fail "found $npages pgpair-COMMAND.1 pages, not 2"

# ... and so does the SYNOPSIS of pgpair-plan.1, for pgpair plan.
mandoc -T ascii -O width=1000 "$man1plan" 2>/dev/null | sed 's/.\x08//g' |
    sed -n '/^SYNOPSIS/,/^[A-Z]/p' | sed 's/^ *//; s/  */ /g' \
    >"$tmp/synopsis-plan.txt"
u=$(sed -n 's/^usage: //p' "$tmp/help-plan1" | head -n 1 | sed 's/  */ /g')
if [ -z "$u" ]; then
	fail "pgpair plan --help prints no usage line"
elif [ "$(grep -c . "$tmp/synopsis-plan.txt")" != 3 ] ||
    ! grep -qxF "$u" "$tmp/synopsis-plan.txt"; then
	fail "the SYNOPSIS of pgpair-plan.1 is not \"$u\":" \
	    "$(cat "$tmp/synopsis-plan.txt")"
fi

# --- majors: the range the pages name is that of the catalogs ------------
# schemas/pgN.tsv are the supported majors (tools/catalog2c.sh --majors
# makes PG_MAJOR_MIN and PG_MAJOR_MAX of them); the manuals, the README,
# the JSON Schema and the help texts say the same range.
majors=$(cd "$top_srcdir/schemas" && ls pg*.tsv | sed 's/^pg//; s/\.tsv$//' |
    sort -n)
lo=$(echo "$majors" | head -n 1)
hi=$(echo "$majors" | tail -n 1)
"$PGPAIR" lint --help >"$tmp/help-lint-majors" 2>&1 || true
for f in "$top_srcdir"/man/*.[157] "$top_srcdir/README.md" \
    "$top_srcdir/schemas/cluster.schema.json" "$tmp/help-lint-majors"; do
	# "N to M" or "N-M" of PostgreSQL majors, on lines about versions
	grep -nE '(PostgreSQL|[Mm]ajor|version|servers|PG)[^.]*\b1[0-9]( to |-)[1-3][0-9]\b' \
	    "$f" | grep -oE '\b1[0-9]( to |-)[1-3][0-9]\b' | sort -u |
	    while read -r range; do
		case $range in
		"$lo to $hi"|"$lo-$hi")
			;;
		*)
			echo "FAIL: ${f##*/} names the majors \"$range\"," \
			    "the catalogs are $lo to $hi" >&2
			echo x >>"$tmp/majors-failed"
			;;
		esac
	done
done
[ -f "$tmp/majors-failed" ] &&
    fails=$((fails + $(wc -l <"$tmp/majors-failed")))

if [ "$fails" -gt 0 ]; then
	echo "$fails failure(s)" >&2
	exit 1
fi
echo "ok: ${#pages[@]} page(s) lint clean; $nrules rules, commands (${cmds[*]})," \
    "keys and $nex examples match"
exit 0

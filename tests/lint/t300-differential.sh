#!/bin/bash
# t300: pgpair lint against the real servers, case by case.
#
# For every major 12 to 18 installed (under CI all must be) and every case
# of tests/lint/corpus (conf/, hba/ and ident/, see server-verdict.sh),
# the server's verdict is compared with
#	pgpair lint --pg-version N --type conf|hba|ident --format json CASE
# counting only its diagnostics of severity error.  They agree when
# - the server accepts the file and pgpair reports no error; or
# - the server refuses it without naming a line (a check at start, an
#   empty pg_hba.conf) and pgpair reports at least one error; or
# - the server refuses it and names lines: pgpair's error lines are
#   exactly those (file and line; for conf and ident, when the server also
#   logs a complaint it could not place, they need only include them).
# A case whose first lines hold "# server-needs: lz4 zstd" is compared
# only on the servers built with those libraries (see needs_met).
# The server's verdicts are cached in $top_builddir/tests/lint/verdicts,
# keyed by the server's version and the case's bytes.
#
# Usage (make check runs it with no argument):
#	t300-differential.sh [--table FILE] [--majors "12 13 ..."]
# --table FILE also writes the server verdicts of every case for every
# major to FILE; without pgpair lint only that table is made.
set -euo pipefail

: "${top_srcdir:?}" "${top_builddir:?}"
# shellcheck source=../lib/pg.sh
. "$top_srcdir/tests/lib/pg.sh"
# shellcheck source=server-verdict.sh
. "$top_srcdir/tests/lint/server-verdict.sh"

table=
majors="12 13 14 15 16 17 18"
while [ $# -gt 0 ]; do
	case $1 in
	--table) table=$2; shift 2 ;;
	--majors) majors=$2; shift 2 ;;
	*) echo "usage: $0 [--table FILE] [--majors LIST]" >&2; exit 2 ;;
	esac
done

corpus=$top_srcdir/tests/lint/corpus
cache=$top_builddir/tests/lint/verdicts
PGPAIR=${PGPAIR:-$top_builddir/src/pgpair}
start=$(date +%s)

[ -x "$PG_CLIENT_BIN/psql" ] || pg_skip "no psql at $PG_CLIENT_BIN"
present=()
for m in $majors; do
	if pg_bindir "$m" >/dev/null; then
		present+=("$m")
	elif [ -n "${CI:-}" ]; then
		echo "FAIL (CI): no PostgreSQL $m" >&2
		exit 1
	else
		echo "# PostgreSQL $m not installed: skipped"
	fi
done
[ ${#present[@]} -gt 0 ] || pg_skip "no PostgreSQL server installed"

have_lint=1
"$PGPAIR" lint --help >/dev/null 2>&1 || have_lint=0
if [ "$have_lint" = 0 ] && [ -z "$table" ]; then
	# The command is the thing under test: its absence is a failure.
	echo "FAIL: $PGPAIR has no lint command" >&2
	exit 1
fi

# Server verdicts, two majors at a time (this is most of the run time).
mkdir -p "$cache"
pids=()
logs=()
for m in "${present[@]}"; do
	if [ ${#pids[@]} -ge 2 ]; then
		wait "${pids[0]}" || { cat "${logs[0]}" >&2; echo "FAIL: server verdicts" >&2; exit 1; }
		cat "${logs[0]}"
		pids=("${pids[@]:1}")
		logs=("${logs[@]:1}")
	fi
	log=$cache/run-$m.log
	(
		pg_scope
		sv_run "$m" "$corpus" "$cache"
	) >"$log" 2>&1 &
	pids+=("$!")
	logs+=("$log")
done
for i in "${!pids[@]}"; do
	wait "${pids[$i]}" || { cat "${logs[$i]}" >&2; echo "FAIL: server verdicts" >&2; exit 1; }
	cat "${logs[$i]}"
done
echo "# server verdicts: $(( $(date +%s) - start )) s"

# cell MAJOR KIND NAME: a short form of the server's verdict.
cell() {
	awk -F'\t' '
	$1 == "refused" { r = $2 }
	$1 == "error" { e = e (e == "" ? "" : ",") ($2 == "." ? "" : $2 ":") $3 }
	$1 == "viewonly" { v = v (v == "" ? "" : ",") ($2 == "." ? "" : $2 ":") $3 }
	END {
		s = (r == 1) ? ((e == "") ? "REFUSED" : "E:" e) : "ok"
		if (v != "")
			s = s "(view:" v ")"
		print s
	}' "$cache/$1/$2/$3.verdict"
}

if [ -n "$table" ]; then
	{
		printf '# Server verdicts on tests/lint/corpus. ok = accepted; E:LINES = refused,\n'
		printf '# these lines marked; REFUSED = refused, no line named; (view:L) = hba\n'
		printf '# lines pg_hba_file_rules marks although the reload accepts the file.\n'
		printf '%-48s' case
		for m in "${present[@]}"; do printf ' %-14s' "$m"; done
		printf ' differs\n'
		for kind in $(sv_kinds); do
			while IFS= read -r name; do
				printf '%-48s' "$kind/$name"
				first=
				diff=
				for m in "${present[@]}"; do
					c=$(cell "$m" "$kind" "$name")
					printf ' %-14s' "$c"
					[ -z "$first" ] && first=$c
					[ "$c" = "$first" ] || diff='*'
				done
				printf ' %s\n' "$diff"
			done < <(sv_cases "$kind" "$corpus")
		done
		printf '\n# Messages, first major where each case is refused:\n'
		for kind in $(sv_kinds); do
			while IFS= read -r name; do
				for m in "${present[@]}"; do
					v=$cache/$m/$kind/$name.verdict
					grep -q '^refused	1' "$v" || continue
					printf '%s/%s (%s):\n' "$kind" "$name" "$m"
					sed -n 's/^\(error\|note\)\t/  \1\t/p' "$v" | sed "s|${TMPDIR:-/tmp}/pgpair-test\.[A-Za-z0-9]*/[a-z]*/||g"
					break
				done
			done < <(sv_cases "$kind" "$corpus")
		done
	} >"$table"
	echo "# verdict table written to $table"
fi
[ "$have_lint" = 1 ] || exit 0

# lint_errors JSON: "FILE<TAB>LINE" of each error diagnostic of pgpair's
# JSON output (a small tokenizer: strings, numbers, punctuation).
lint_errors() {
	awk '
	BEGIN { RS = "\001" }
	{
		s = $0; n = length(s); i = 1; depth = 0; key = ""; expect = 0
		while (i <= n) {
			c = substr(s, i, 1)
			if (c == "\"") {
				v = ""; i++
				while (i <= n && (c = substr(s, i, 1)) != "\"") {
					if (c == "\\") {
						i++; c = substr(s, i, 1)
						if (c == "n") c = "\n"
						else if (c == "t") c = "\t"
						else if (c == "u") { c = "?"; i += 4 }
					}
					v = v c; i++
				}
				i++
				if (expect) { val[key] = v; expect = 0 } else key = v
				continue
			}
			if (c == ":") { expect = 1; i++; continue }
			if (c == "{" || c == "[") { expect = 0; depth++; if (depth == 3) split("", val); i++; continue }
			if (c == "}" || c == "]") {
				if (depth == 3 && c == "}" && val["severity"] == "error")
					printf "%s\t%s\n", val["file"], val["line"]
				depth--; i++; continue
			}
			if (c == ",") { expect = 0; i++; continue }
			if (c ~ /[-0-9a-z]/) {
				v = ""
				while (i <= n && (c = substr(s, i, 1)) ~ /[-+.0-9a-zA-Z]/) { v = v c; i++ }
				if (expect) { val[key] = v; expect = 0 }
				continue
			}
			i++
		}
	}'
}

# needs_met MAJOR CASEFILE: whether MAJOR's server was built with the
# libraries a first-lines comment "# server-needs: lz4 zstd" names.  Values
# such as wal_compression = zstd exist only in such builds (PGDG's and
# Debian's are; the npm builds of 12-14 and 16-18 are not): the case is
# compared on the servers that have them, and skipped on the others.
needs_met() {
	local bin lib
	for lib in $(sed -n '1,5s/^# server-needs: *//p' "$2"); do
		bin=$(pg_bindir "$1") || return 1
		LD_LIBRARY_PATH=$bin/../lib ldd "$bin/postgres" 2>/dev/null |
		    grep -q "lib$lib\\.so" || return 1
	done
	return 0
}

tmp=$(mktemp -d)
trap '_pg_cleanup; rm -rf "$tmp"' EXIT
declare -A n_cases n_agree
disagreements=0
: >"$tmp/report"
for m in "${present[@]}"; do
	n_cases[$m]=0
	n_agree[$m]=0
	for kind in $(sv_kinds); do
		while IFS= read -r name; do
			path=$(sv_case_path "$kind" "$corpus" "$name")
			dir=$(dirname "$path")
			base=$(basename "$path")
			if [ -f "$path" ] && ! needs_met "$m" "$path"; then
				echo "# $m $kind/$name: server built without $(sed -n '1,5s/^# server-needs: *//p' "$path"): skipped"
				continue
			fi
			rc=0
			(cd "$dir" && "$PGPAIR" lint --pg-version "$m" --type "$kind" \
			    --format json "$base") >"$tmp/out" 2>"$tmp/err" || rc=$?
			# pgpair's lines, the file relative to the case's folder.
			lint_errors <"$tmp/out" | awk -F'\t' -v dir="$dir/" -v base="$base" '{
				f = $1
				if (index(f, dir) == 1) f = substr(f, length(dir) + 1)
				sub(/^\.\//, "", f)
				if (f == base) f = "."
				print f ":" $2
			}' | LC_ALL=C sort -u >"$tmp/ours"
			v=$cache/$m/$kind/$name.verdict
			refused=$(sed -n 's/^refused\t//p' "$v")
			awk -F'\t' '$1 == "error" { print $2 ":" $3 }' "$v" |
			    LC_ALL=C sort -u >"$tmp/theirs"
			notes=$(grep -c '^note' "$v" || true)
			why=
			if [ "$rc" -gt 1 ]; then
				why="pgpair exit status $rc"
			elif [ "$rc" = 1 ] && [ ! -s "$tmp/ours" ] ||
			    { [ "$rc" = 0 ] && [ -s "$tmp/ours" ]; }; then
				why="pgpair exit status $rc does not match its diagnostics"
			elif [ "$refused" = 0 ]; then
				[ ! -s "$tmp/ours" ] || why="server accepts, pgpair reports errors"
			elif [ ! -s "$tmp/theirs" ]; then
				[ -s "$tmp/ours" ] || why="server refuses, pgpair reports no error"
			elif [ ! -s "$tmp/ours" ]; then
				why="server refuses, pgpair reports no error"
			elif [ "$kind" != hba ] && [ "$notes" -gt 0 ]; then
				[ -z "$(comm -23 "$tmp/theirs" "$tmp/ours")" ] ||
				    why="error lines differ"
			elif ! cmp -s "$tmp/theirs" "$tmp/ours"; then
				why="error lines differ"
			fi
			n_cases[$m]=$(( ${n_cases[$m]} + 1 ))
			if [ -z "$why" ]; then
				n_agree[$m]=$(( ${n_agree[$m]} + 1 ))
				continue
			fi
			disagreements=$((disagreements + 1))
			{
				echo "DISAGREE $m $kind/$name: $why"
				echo "  server: refused=$refused lines: $(tr '\n' ' ' <"$tmp/theirs")"
				sed -n 's/^\(error\|note\|viewonly\)\t/    \1 /p' "$v" | sed "s|${TMPDIR:-/tmp}/pgpair-test\.[A-Za-z0-9]*/[a-z]*/||g"
				echo "  pgpair: exit $rc, error lines: $(tr '\n' ' ' <"$tmp/ours")"
				sed 's/^/    /' "$tmp/out" "$tmp/err" | head -n 20
			} >>"$tmp/report"
		done < <(sv_cases "$kind" "$corpus")
	done
done

printf '%-8s %6s %6s %9s\n' major cases agree disagree
for m in "${present[@]}"; do
	printf '%-8s %6s %6s %9s\n' "$m" "${n_cases[$m]}" "${n_agree[$m]}" \
	    "$(( ${n_cases[$m]} - ${n_agree[$m]} ))"
done
cat "$tmp/report"
echo "# total time: $(( $(date +%s) - start )) s"
if [ "$disagreements" -gt 0 ]; then
	echo "FAIL: $disagreements disagreements" >&2
	exit 1
fi
echo "PASS: ${#present[@]} majors agree on every case"

#!/bin/bash
# tests/install/t960-completions.sh: the bash and zsh completions, run on
# words as a shell hands them over, against what the program says by other
# routes: the commands of "pgpair --help", the options of each command's
# Options, the values of its usage line, the majors of schemas/pg*.tsv, the
# rule ids of "pgpair rules --format json", and the files of a folder.
#
# bash: the completion is sourced and _pgpair called with COMP_WORDS and
# COMP_CWORD set.  zsh: _pgpair is autoloaded in "zsh -f" and called with
# words and CURRENT set, the completion system's functions (compadd,
# _describe, _files, _directories, compset) standing in as recorders.  The
# zsh part needs zsh; without it that part is skipped, except when CI is
# set: there it fails.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
PGPAIR=${PGPAIR:-$top_builddir/src/pgpair}
bashcomp=$top_srcdir/completions/bash/pgpair
zshcomp=$top_srcdir/completions/zsh/_pgpair
fails=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

[ -x "$PGPAIR" ] || { echo "FAIL: no program at $PGPAIR" >&2; exit 99; }
for f in "$bashcomp" "$zshcomp"; do
	[ -r "$f" ] || { echo "FAIL: cannot read $f" >&2; exit 99; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/t960.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
bindir=$(cd "$(dirname "$PGPAIR")" && pwd)

# The two files read a command's help with the same awk program.
parser() {
	sed -n "/^_pgpair_parser='/,/^'\$/p" "$1"
}
[ -n "$(parser "$bashcomp")" ] || fail "no _pgpair_parser in $bashcomp"
[ "$(parser "$bashcomp")" = "$(parser "$zshcomp")" ] ||
    fail "the _pgpair_parser of the bash and zsh completions differ"

# --- what the program says, by other routes ------------------------------
mapfile -t cmds < <("$PGPAIR" --help | awk '/^Commands:/ { on = 1; next }
    on && NF == 0 { exit } on { print $1 }')
[ "${#cmds[@]}" -ge 5 ] || fail "pgpair --help lists ${#cmds[@]} commands"
rules=$("$PGPAIR" rules --format json | grep -o '"id":"[^"]*"' |
    sed 's/"id":"\(.*\)"/\1/' | sort | tr '\n' ' ')
[ -n "$rules" ] || fail "pgpair rules --format json lists no rule"
hba_rules=$(tr ' ' '\n' <<<"$rules" | grep '^hba-' | tr '\n' ' ')
majors=$(cd "$top_srcdir/schemas" && ls pg*.tsv | sed 's/pg\([0-9]*\)\.tsv/\1/' |
    sort -n | tr '\n' ' ')
# long_options CMD: the --long options of the Options of "pgpair CMD --help"
long_options() {
	"$PGPAIR" "$1" --help | sed -n '/^Options:/,/^$/p' |
	    grep -o -- '--[a-z][a-z-]*' | sort -u | tr '\n' ' '
}
# usage_values CMD OPTION: the a|b|c after OPTION in the usage line
usage_values() {
	"$PGPAIR" "$1" --help | sed -n 's/^usage: //p' |
	    grep -o -- "$2 [a-z0-9|]*|[a-z0-9|]*" | cut -d' ' -f2 | tr '|' '\n' |
	    sort | tr '\n' ' '
}
# A folder to complete file names in.
mkdir -p "$tmp/files/sub.d" "$tmp/files/out" || exit 99
touch "$tmp/files/a.yaml" "$tmp/files/b.yml" "$tmp/files/c.conf" \
    "$tmp/files/sub.d/x.yaml"

# The cases, one a line: EXPECTED (sorted, space-separated) | WORDS ...;
# the last word is the one being completed (here written _ when empty).
cases() {
	echo "${cmds[*]} |" _
	echo "$(printf '%s\n' "${cmds[@]}" | grep '^ch' | tr '\n' ' ')| ch"
	echo "--help --version | --"
	echo "$rules| explain _"
	echo "$hba_rules| explain hba-"
	for c in "${cmds[@]}"; do
		echo "$(long_options "$c")| $c --"
	done
	echo "$(usage_values lint --format)| lint --format _"
	echo "$(usage_values lint --format)| lint -f _"
	echo "$(usage_values rules --format)| rules --format _"
	echo "$(usage_values lint --type)| lint --type _"
	echo "$majors| lint --pg-version _"
	echo "$(tr ' ' '\n' <<<"$majors" | grep '^1' | tr '\n' ' ')| lint -p 1"
	echo "out sub.d | generate -o _"
	echo "out sub.d | generate --templates _"
	echo "a.yaml b.yml out sub.d | generate -o out _"
	echo "a.yaml b.yml out sub.d | check _"
	echo " | check a.yaml _"
	echo "out sub.d | diff a.yaml _"
	echo "a.yaml b.yml c.conf out sub.d | lint _"
	echo "a.yaml b.yml c.conf out sub.d | lint --type conf a.yaml _"
	echo "a.yaml b.yml out sub.d | lint --cluster _"
	echo "sub.d/x.yaml | check sub.d/"
}

# --- bash ------------------------------------------------------------------
cases >"$tmp/cases"
# The "--format=json" form, as bash splits it at "=".
echo "$(usage_values lint --format)| lint --format = _" >>"$tmp/cases"
(
	cd "$tmp/files" || exit 99
	PATH=$bindir:$PATH
	# shellcheck disable=SC1090
	. "$bashcomp" || exit 99
	complete -p pgpair >/dev/null || { echo "FAIL: no complete -F for pgpair"; exit 1; }
	n=0
	while IFS='|' read -r want words; do
		read -r -a COMP_WORDS <<<"pgpair $words"
		[ "${COMP_WORDS[-1]}" = _ ] && COMP_WORDS[-1]=
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMPREPLY=()
		_pgpair
		got=$(printf '%s\n' "${COMPREPLY[@]}" | grep -v '^$' | sort | tr '\n' ' ')
		want=$(tr ' ' '\n' <<<"$want" | grep -v '^$' | sort | tr '\n' ' ')
		n=$((n + 1))
		[ "$got" = "$want" ] ||
		    echo "FAIL: bash: pgpair $words: got \"$got\", want \"$want\""
	done <"$tmp/cases"
	echo "ran $n"
) >"$tmp/bash.out" 2>&1
grep -v '^ran ' "$tmp/bash.out" >&2
grep -q '^FAIL' "$tmp/bash.out" &&
    fails=$((fails + $(grep -c '^FAIL' "$tmp/bash.out")))
nbash=$(sed -n 's/^ran //p' "$tmp/bash.out")
[ "${nbash:-0}" -ge 20 ] || fail "bash: ran ${nbash:-0} cases"

# --- zsh -------------------------------------------------------------------
nzsh=skipped
if command -v zsh >/dev/null 2>&1; then
	cases >"$tmp/zcases"
	echo "$(usage_values lint --format)| lint --format=_" >>"$tmp/zcases"
	cat >"$tmp/run.zsh" <<-'ZSH'
	# Recorders for what the completion hands to the completion system,
	# which keeps the matches that start with PREFIX; _files and
	# _directories complete as the bash test expects.
	got=()
	match() { got+=(${(M)@:#${(b)PREFIX}*}) }
	_describe() { local -a a; a=("${(@P)${@[-1]}}"); match ${a%%:*} }
	compadd() {
		while [[ $1 == -* && $1 != -- ]]; do shift; done
		[[ $1 == -- ]] && shift
		match $@
	}
	_files() {
		local f
		if [[ $1 == -g ]]; then
			for f in ${PREFIX}*(N); do
				[[ -d $f || $f == *.(yaml|yml) ]] && got+=($f)
			done
		else
			got+=(${PREFIX}*(N))
		fi
	}
	_directories() { got+=(${PREFIX}*(N/)) }
	compset() {
		[[ $1 == -P && $PREFIX == ${~2}* ]] || return 1
		PREFIX=${PREFIX#${~2}}
	}
	autoload -Uz _pgpair
	n=0
	while IFS='|' read -r want line; do
		words=(pgpair ${=line})
		[[ $words[-1] == _ ]] && words[-1]=
		[[ $words[-1] == *=_ ]] && words[-1]=${words[-1]%_}
		CURRENT=$#words
		PREFIX=$words[-1]
		got=()
		_pgpair
		g=${(j: :)${(o)got}}
		w=${(j: :)${(o)${=want}}}
		(( n++ ))
		[[ $g == $w ]] || print -r -- "FAIL: zsh: pgpair $line: got \"$g\", want \"$w\""
	done <"$CASES"
	print "ran $n"
	ZSH
	(
		cd "$tmp/files" || exit 99
		PATH=$bindir:$PATH CASES=$tmp/zcases \
		    zsh -f -c "fpath=('${zshcomp%/*}' \$fpath); . '$tmp/run.zsh'"
	) >"$tmp/zsh.out" 2>&1
	grep -v '^ran ' "$tmp/zsh.out" >&2
	grep -q '^FAIL' "$tmp/zsh.out" &&
	    fails=$((fails + $(grep -c '^FAIL' "$tmp/zsh.out")))
	nzsh=$(sed -n 's/^ran //p' "$tmp/zsh.out")
	[ "${nzsh:-0}" -ge 20 ] || fail "zsh: ran ${nzsh:-0} cases"
elif [ -n "${CI:-}" ]; then
	fail "(CI) zsh is not installed"
else
	echo "SKIP (zsh part): zsh is not installed" >&2
fi

if [ "$fails" -gt 0 ]; then
	echo "$fails failure(s)" >&2
	exit 1
fi
echo "ok: completions: bash $nbash cases, zsh $nzsh"
exit 0

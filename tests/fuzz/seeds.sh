#!/usr/bin/env bash
# tests/fuzz/seeds.sh SRCDIR OUTDIR: the seed corpus of each fuzz target,
# from the test suite's own inputs, into OUTDIR/<target>/ (made anew).
#   yaml   tests/check/*.yaml, the golden descriptions, examples/
#   conf   tests/lint/conf cases and the differential corpus, each with
#          the files it includes (a byte for the major first: see fuzz_conf.c)
#   hba    tests/lint/hba, hba-rules and the corpus, each as the major its
#          case names, with its @files and included files
#   ident  tests/lint/ident and the corpus, the same way
#   tmpl   each template of templates/ with a view that sets every name it
#          uses, and every template as a partial
#   quote  tests/fuzz/quote-seeds: one hostile string a line
# A file an input includes follows it after a line "%%file NAME" (fuzz.h).
set -eu
src=${1:?usage: seeds.sh SRCDIR OUTDIR}
out=${2:?usage: seeds.sh SRCDIR OUTDIR}

rm -rf "$out"
mkdir -p "$out/yaml" "$out/conf" "$out/hba" "$out/ident" "$out/tmpl" \
    "$out/quote"

# byte N: the character whose code is N, for the first byte of an input.
byte() { printf '%b' "\\$(printf %03o "$1")"; }

# append_files DIR [SKIP]: every file under DIR but SKIP, as "%%file REL".
append_files() {
	local dir=$1 skip=${2:-} f
	(cd "$dir" && find . -type f ! -name '*.out*' ! -name '*.args' |
	    LC_ALL=C sort) | while IFS= read -r f; do
		f=${f#./}
		[ "$f" = "$skip" ] && continue
		printf '\n%%%%file %s\n' "$f"
		cat "$dir/$f"
	done
}

# The major of a lint case: "# pg-version: N" on its first line, else 18.
major_of() {
	local m
	m=$(sed -n '1s/^# pg-version: *\([0-9][0-9]*\).*/\1/p' "$1")
	echo "${m:-18}"
}

# yaml
for f in "$src"/tests/check/*.yaml "$src"/tests/golden/*/cluster.yaml \
    "$src"/examples/*.yaml; do
	n=${f#"$src"/}
	cp "$f" "$out/yaml/${n//\//_}"
done

# conf: 18 for the lint cases (their expected output is 18's), every major
# for the corpus (checked against 12 to 18).
for f in "$src"/tests/lint/conf/*.conf; do
	n=$(basename "$f" .conf)
	{
		byte 6
		cat "$f"
		if grep -q include "$f"; then
			append_files "$src/tests/lint/conf/include-data" |
			    sed 's/^%%file /%%file include-data\//'
		fi
	} >"$out/conf/lint-$n"
done
i=0
for f in "$src"/tests/lint/corpus/conf/*; do
	n=$(basename "$f" .conf)
	{
		byte $((i % 7))
		if [ -d "$f" ]; then
			cat "$f/postgresql.conf"
			append_files "$f" postgresql.conf
		else
			cat "$f"
		fi
	} >"$out/conf/corpus-$n"
	i=$((i + 1))
done

# hba
for f in "$src"/tests/lint/hba/*.conf "$src"/tests/lint/hba-rules/*.conf; do
	n=$(basename "$f" .conf)
	d=$(basename "$(dirname "$f")")
	{
		byte $(( $(major_of "$f") - 12 ))
		cat "$f"
		if [ -d "${f%.conf}.d" ]; then
			append_files "${f%.conf}.d" | sed "s/^%%file /%%file $n.d\\//"
		fi
	} >"$out/hba/$d-$n"
done
i=0
for f in "$src"/tests/lint/corpus/hba/*; do
	n=$(basename "$f" .conf)
	{
		byte $((i % 7))
		if [ -d "$f" ]; then
			cat "$f/pg_hba.conf"
			append_files "$f" pg_hba.conf
		else
			cat "$f"
		fi
	} >"$out/hba/corpus-$n"
	i=$((i + 1))
done

# ident
for f in "$src"/tests/lint/ident/*.conf; do
	[ -e "$f" ] || continue
	n=$(basename "$f" .conf)
	{
		byte $(( $(major_of "$f") - 12 ))
		cat "$f"
	} >"$out/ident/lint-$n"
done
i=0
for f in "$src"/tests/lint/corpus/ident/*; do
	n=$(basename "$f" .conf)
	{
		byte $((i % 7))
		if [ -d "$f" ]; then
			cat "$f/pg_ident.conf"
			append_files "$f" pg_ident.conf
		else
			cat "$f"
		fi
	} >"$out/ident/corpus-$n"
	i=$((i + 1))
done

# tmpl: the view names each tag of the template with a string (so that
# sections and inverted sections are taken once each way across seeds).
for f in "$src"/templates/*.mustache; do
	n=$(basename "$f")
	names=$(grep -o '{{[#^/&{]\?[ ]*[A-Za-z0-9_.-]*' "$src"/templates/*.mustache |
	    sed 's/.*{{[#^/&{]\{0,1\} *//' | grep -v '^$' | LC_ALL=C sort -u)
	{
		for k in $names; do
			printf '%s: "%s value"\n' "$k" "$k"
		done
		printf '%%%%file %s\n' "$n"
		cat "$f"
		for p in "$src"/templates/*.mustache; do
			[ "$p" = "$f" ] && continue
			printf '\n%%%%file %s\n' "$(basename "$p")"
			cat "$p"
		done
	} >"$out/tmpl/$n"
	cp "$f" "$out/tmpl/bare-$n"
done

# quote
i=0
while IFS= read -r line; do
	printf '%b' "$line" >"$out/quote/$i"
	i=$((i + 1))
done <"$src/tests/fuzz/quote-seeds"

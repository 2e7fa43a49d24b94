#!/bin/bash
# Regenerate schemas/pg<major>.tsv, the parameter catalogs compiled into
# pgpair, from real servers: for each major 12..18 initdb a scratch cluster,
# start it on 127.0.0.1 and a unix socket in a temporary folder, and dump
# pg_settings with Debian's psql 15.  PostgreSQL 15 is Debian's, the others
# come from tools/pg-install.sh.  The output is committed; building needs
# neither this script nor a server.
#
# Each file: a comment line with the server version, a header line, then one
# tab-separated line per parameter sorted by lower-case name (bytewise), in
# COPY text format (\N is NULL; \t, \n and \\ are escaped):
#   name vartype context unit min_val max_val enumvals boot_val hidden
#   listed alias
# enumvals is pg_settings.enumvals joined with ",".  hidden lists, comma
# joined, the enum values the server accepts but pg_settings does not list
# (config_enum_lookup_by_name() also matches "hidden" table entries, such
# as wal_level's "archive").  They are found by asking the server: every
# candidate below is tried with ALTER SYSTEM SET, which parses and checks
# the value without applying it; ALTER SYSTEM RESET ALL undoes it.
#
# listed is t for the rows of pg_settings and f for the parameters it does
# not show but the server accepts (GUC_NO_SHOW_ALL: ssl_renegotiation_limit,
# seed, role ...).  Those are found by trying every word of the postgres
# binary, and every tail of one (the linker merges a name into the end of
# a longer string), with current_setting(name, true); probe_unlisted()
# then asks the server what each is.  alias names the parameter an old
# name stands for (guc.c map_old_guc_names: sort_mem is work_mem), else
# \N; an alias row has its parameter's vartype and context and no more.
#
# usage: tools/gen-catalog.sh [OUTDIR] [MAJOR...]   (default: schemas, 12..18)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
outdir=${1:-$top/schemas}
shift || true
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(12 13 14 15 16 17 18)

# A missing server is an error here, not a skip.
export CI=1
# shellcheck source=../tests/lib/pg.sh
. "$top/tests/lib/pg.sh"

# Values tried on every enum parameter, on top of every value any enum
# lists.  From the hidden entries of guc_tables.c (guc.c before 16): the
# boolean spellings of bool-like enums, wal_level's pre-9.6 names, the
# message levels' "debug", password_encryption's boolean forms (12, 13).
extra_candidates=(on off true false yes no 1 0 archive hot_standby debug
    info notice warning error log fatal panic md5 none default auto regress
    partition safe_encoding local remote_write remote_apply always)

psql_as() {
	local port=$1 sock=$2
	shift 2
	pg_as_user timeout 300 "$PG_CLIENT_BIN/psql" -X -q -h "$sock" \
	    -p "$port" -d postgres "$@"
}

# conf_probe BIN DATA TMP NAME VALUE: "postgres -C NAME" on a configuration
# file that holds only NAME = 'VALUE', as a starting server reads it.
# Prints "ok<TAB>value shown" or "error<TAB>message<TAB>hint" (the first
# LOG line and its HINT); VALUE holds no quote or backslash.
conf_probe() {
	local bin=$1 data=$2 tmp=$3 name=$4 value=$5 out
	if [ -n "$value" ]; then
		printf "%s = '%s'\n" "$name" "$value" >"$tmp/probe.conf"
	else
		: >"$tmp/probe.conf"
	fi
	chmod 644 "$tmp/probe.conf"
	if out=$(pg_as_user timeout 30 "$bin/postgres" -D "$data" \
	    -c config_file="$tmp/probe.conf" -C "$name" 2>"$tmp/probe.err")
	then
		printf 'ok\t%s\n' "$out"
	else
		printf 'error\t%s\t%s\n' \
		    "$(sed -n 's/^.* LOG:  //p' "$tmp/probe.err" | head -n 1)" \
		    "$(sed -n 's/^.* HINT:  //p' "$tmp/probe.err" | head -n 1)"
	fi
}

# range_of PROBE: "min<TAB>max<TAB>unit" from guc.c's complaint
# "V [UNIT] is outside the valid range for parameter "N" (MIN [U] .. MAX
# [U])" (17 repeats the unit after the bounds), or nothing.
range_of() {
	printf '%s\n' "$1" | sed -n 's/^error\t[^ ]*\( \([^ ]*\)\)\{0,1\} is outside the valid range for parameter "[^"]*" (\([^ ]*\)\( [^ .]*\)\{0,1\} \.\. \([^ ]*\)\( [^)]*\)\{0,1\}).*$/\3\t\5\t\2/p'
}

# base_unit BIN DATA TMP NAME KIND: the unit NAME's numbers are in, from
# what -C shows for 1GB (memory) or 1d (time).
base_unit() {
	local r
	case $5 in
	memory)
		r=$(conf_probe "$1" "$2" "$3" "$4" 1GB)
		case ${r#ok$'\t'} in
		1073741824) echo B ;; 1048576) echo kB ;; 1024) echo MB ;;
		131072) echo 8kB ;; *) return 1 ;;
		esac ;;
	time)
		r=$(conf_probe "$1" "$2" "$3" "$4" 1d)
		case ${r#ok$'\t'} in
		86400000) echo ms ;; 86400) echo s ;; 1440) echo min ;;
		*) return 1 ;;
		esac ;;
	esac
}

# unit_kind BIN DATA TMP NAME: memory, time or nothing, from whether the
# parameter takes "1kB" or which units guc.c's hint offers.
unit_kind() {
	local r
	r=$(conf_probe "$1" "$2" "$3" "$4" 1kB)
	case $r in
	ok*|*'"kB"'*) echo memory ;;
	*'"ms"'*) echo time ;;
	esac
}

# probe_unlisted MAJOR BIN DATA TMP PORT SOCK: the rows of the parameters
# the server accepts but pg_settings does not list, on stdout.
probe_unlisted() {
	local major=$1 bin=$2 data=$3 tmp=$4 port=$5 sock=$6 name target \
	    ctx r r2 type unit min max enumvals boot kind range lo hi
	strings -n 3 "$bin/postgres" | grep -oE '[A-Za-z_][A-Za-z0-9_]*' |
	    awk 'length($0) >= 3 { for (i = 1; i <= length($0) - 2; i++)
		print substr($0, i) }' | LC_ALL=C sort -u >"$tmp/words"
	{
		echo "CREATE TEMP TABLE w (n text);"
		echo "COPY w FROM STDIN;"
		cat "$tmp/words"
		echo '\.'
		echo "SELECT DISTINCT lower(n) FROM w"
		echo "    WHERE current_setting(n, true) IS NOT NULL"
		echo "    AND lower(n) NOT IN (SELECT lower(name) FROM pg_settings)"
		echo "    ORDER BY 1;"
	} >"$tmp/words.sql"
	chmod 644 "$tmp/words.sql"
	psql_as "$port" "$sock" -A -t -v ON_ERROR_STOP=1 -f "$tmp/words.sql" \
	    >"$tmp/unlisted"

	# SHOW heads its column with the parameter's own name, which for an
	# old name is the parameter it stands for.  What set_config() says
	# gives the context: the checks of set_config_option() come before
	# the value's, and a parameter a plain role may not set is a
	# superuser one.
	{
		echo "CREATE ROLE pgpair_probe_user;"
		while IFS= read -r name; do
			printf '\\echo @@show %s\nSHOW "%s";\n' "$name" "$name"
			printf "SELECT set_config('%s', current_setting('%s'), false);\n" \
			    "$name" "$name"
			printf '\\echo @@ %s :ERROR :LAST_ERROR_MESSAGE\n' "$name"
			echo "SET ROLE pgpair_probe_user;"
			printf "SELECT set_config('%s', current_setting('%s'), false);\n" \
			    "$name" "$name"
			printf '\\echo @@ %s :ERROR :LAST_ERROR_MESSAGE\n' "$name"
			echo "RESET ROLE;"
		done <"$tmp/unlisted"
		echo "DROP ROLE pgpair_probe_user;"
	} >"$tmp/unlisted.sql"
	chmod 644 "$tmp/unlisted.sql"
	psql_as "$port" "$sock" -A -P footer=off -v ON_ERROR_STOP=0 \
	    -f "$tmp/unlisted.sql" >"$tmp/unlisted.out" 2>/dev/null

	while IFS= read -r name; do
		# The two @@ lines of name: error flag and message.
		awk -v n="$name" '$1 == "@@" && $2 == n { k++;
		    e = $3; m = $0; sub(/^@@ [^ ]* [^ ]* ?/, "", m)
		    print k "\t" e "\t" m }' "$tmp/unlisted.out" >"$tmp/answers"
		target=$(awk -v n="$name" 'show { if (tolower($0) != n)
		    print $0; exit } $0 == "@@show " n { show = 1 }' \
		    "$tmp/unlisted.out")
		if [ -n "$target" ]; then
			awk -F'\t' -v OFS='\t' -v n="$name" -v t="$target" \
			    '$1 == t { print n, $2, $3, "\\N", "\\N", "\\N",
			    "\\N", "\\N", "\\N", "f", t }' "$tmp/settings.tsv"
			continue
		fi
		r=$(awk -F'\t' 'NR == 1 { print ($2 == "true") ? $3 : "" }' \
		    "$tmp/answers")
		case $r in
		*'cannot be changed') ctx=internal ;;
		*'without restarting the server'*) ctx=postmaster ;;
		*'cannot be changed now'*) ctx=sighup ;;
		# superuser-backend is not told from backend (none is unlisted).
		*'cannot be set after connection start'*) ctx=backend ;;
		*)
			if awk -F'\t' 'NR == 2 { exit !($2 == "true" &&
			    $3 ~ /permission denied to set parameter/) }' \
			    "$tmp/answers"; then
				ctx=superuser
			else
				ctx=user
			fi ;;
		esac

		# The type, bounds and unit, from the file as a starting
		# server reads it.
		boot=$(conf_probe "$bin" "$data" "$tmp" "$name" "")
		boot=${boot#ok$'\t'}
		unit='\N' min='\N' max='\N' enumvals='\N'
		r=$(conf_probe "$bin" "$data" "$tmp" "$name" pgpair_probe)
		case $r in
		ok*)
			type=string ;;
		*'cannot be changed'$'\t'*)
			# Never set from a file: the type only names the value.
			case $boot in
			on|off) type=bool ;;
			*) type=string ;;
			esac ;;
		*'requires a Boolean value'*)
			type=bool ;;
		*$'\t'Available\ values:\ *)
			type=enum
			enumvals=$(printf '%s\n' "${r##*$'\t'Available values: }" |
			    sed 's/\.$//; s/, /,/g') ;;
		*)
			r2=$(conf_probe "$bin" "$data" "$tmp" "$name" 1e300)
			case $r2 in
			*'Value exceeds integer range.'*) type=integer ;;
			ok*|*'is outside the valid range'*) type=real ;;
			*) type=string ;;
			esac ;;
		esac
		if [ "$type" = integer ] || [ "$type" = real ]; then
			if [ "$type" = integer ]; then
				lo=-2147483648 hi=2147483647
			else
				lo=-1e300 hi=1e300
			fi
			min=$lo max=$hi
			for v in "$hi" "$lo"; do
				range=$(range_of "$(conf_probe "$bin" "$data" \
				    "$tmp" "$name" "$v")")
				[ -n "$range" ] || continue
				min=$(printf '%s' "$range" | cut -f1)
				max=$(printf '%s' "$range" | cut -f2)
				[ -z "$(printf '%s' "$range" | cut -f3)" ] ||
				    unit=$(printf '%s' "$range" | cut -f3)
			done
			# What a real bound of +-DBL_MAX shows as in pg_settings.
			[ "$min" != -1e300 ] || min=-1.79769e+308
			[ "$max" != 1e300 ] || max=1.79769e+308
			if [ "$unit" = '\N' ]; then
				kind=$(unit_kind "$bin" "$data" "$tmp" "$name")
				[ -z "$kind" ] || unit=$(base_unit "$bin" "$data" \
				    "$tmp" "$name" "$kind") || {
					echo "gen-catalog.sh: PostgreSQL $major:" \
					    "no unit for $name" >&2
					return 1
				}
			fi
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\\N\tf\t\\N\n' \
		    "$name" "$type" "$ctx" "$unit" "$min" "$max" "$enumvals" \
		    "$boot"
	done <"$tmp/unlisted"
}

gen_one() {
	local major=$1 tmp data sock port out raw cands vnum version
	tmp=$(pg_tmpdir)
	data=$tmp/data
	sock=$tmp
	port=$(pg_free_port)
	out=$outdir/pg$major.tsv
	pg_initdb "$data" "$major"
	# fsync=off: ALTER SYSTEM rewrites postgresql.auto.conf per candidate.
	pg_start "$data" "$major" "$port" "$sock" -c fsync=off || {
		cat "$data.log" >&2
		return 1
	}

	vnum=$(psql_as "$port" "$sock" -A -t -v ON_ERROR_STOP=1 \
	    -c 'SHOW server_version_num')
	version=$(psql_as "$port" "$sock" -A -t -v ON_ERROR_STOP=1 \
	    -c 'SHOW server_version')

	# A fresh session: no extension (plpgsql) has defined its GUCs yet.
	raw=$tmp/settings.tsv
	psql_as "$port" "$sock" -v ON_ERROR_STOP=1 -c "COPY (
	    SELECT name, vartype, context, unit, min_val, max_val,
	        array_to_string(enumvals, ','), boot_val
	    FROM pg_settings ORDER BY lower(name) COLLATE \"C\")
	    TO STDOUT" >"$raw"

	# The candidates: every listed enum value of this catalog plus the
	# extra list, lower-cased and unique.
	cands=$tmp/cands
	{
		awk -F '\t' '$2 == "enum" { n = split($7, v, ",");
		    for (i = 1; i <= n; i++) print tolower(v[i]) }' "$raw"
		printf '%s\n' "${extra_candidates[@]}"
	} | grep -v '^$' | sort -u >"$cands"

	# One ALTER SYSTEM per (enum parameter, candidate not listed); psql's
	# ERROR variable tells whether the server accepted it.
	awk -F '\t' -v cands="$cands" '
	    BEGIN { while ((getline c < cands) > 0) cand[++nc] = c }
	    $2 == "enum" {
		delete listed
		n = split(tolower($7), v, ",")
		for (i = 1; i <= n; i++) listed[v[i]] = 1
		for (i = 1; i <= nc; i++) {
			if (cand[i] in listed)
				continue
			printf "ALTER SYSTEM SET \"%s\" = '\''%s'\'';\n", $1, cand[i]
			printf "\\echo %s %s :ERROR\n", $1, cand[i]
		}
	    }
	    END { print "ALTER SYSTEM RESET ALL;" }' "$raw" >"$tmp/probe.sql"
	chmod 644 "$tmp/probe.sql"
	psql_as "$port" "$sock" -v ON_ERROR_STOP=0 -f "$tmp/probe.sql" \
	    2>/dev/null >"$tmp/probe.out"
	# \echo joins its words with spaces: name, the candidate (which may
	# hold spaces), then ERROR.
	awk '$NF == "false" { c = $0; sub(/^[^ ]+ /, "", c);
	    sub(/ [^ ]+$/, "", c); print $1 "\t" c }' "$tmp/probe.out" \
	    >"$tmp/hidden"
	# Every candidate must have been judged, or the probe went wrong.
	if [ "$(grep -c '^ALTER' "$tmp/probe.sql")" -ne \
	    "$(($(wc -l <"$tmp/probe.out") + 1))" ]; then
		echo "gen-catalog.sh: PostgreSQL $major: probe incomplete" >&2
		return 1
	fi
	probe_unlisted "$major" "$(pg_bindir "$major")" "$data" "$tmp" "$port" \
	    "$sock" >"$tmp/unlisted.tsv"
	pg_stop "$data" "$major"

	{
		printf '# PostgreSQL %s (server_version_num=%s), pg_settings;' \
		    "$version" "$vnum"
		printf ' generated by tools/gen-catalog.sh\n'
		printf 'name\tvartype\tcontext\tunit\tmin_val\tmax_val\tenumvals'
		printf '\tboot_val\thidden\tlisted\talias\n'
		{
			awk -F '\t' -v OFS='\t' -v hf="$tmp/hidden" '
			    BEGIN { while ((getline l < hf) > 0) {
				split(l, p, "\t")
				if (p[1] in h)
					h[p[1]] = h[p[1]] "," p[2]
				else
					h[p[1]] = p[2] } }
			    { print $0, ($1 in h) ? h[$1] : "\\N", "t", "\\N" }' \
			    "$raw"
			cat "$tmp/unlisted.tsv"
		} | awk -F '\t' '{ print tolower($1) "\t" $0 }' |
		    LC_ALL=C sort -t "$(printf '\t')" -k1,1 | cut -f2-
	} >"$out.tmp"
	mv "$out.tmp" "$out"
	echo "gen-catalog.sh: $out: PostgreSQL $version," \
	    "$(($(wc -l <"$out") - 2)) parameters"
}

pg_require "${majors[@]}"
mkdir -p "$outdir"
for m in "${majors[@]}"; do
	gen_one "$m"
done

# tests/lint/server-verdict.sh: the real server's verdict on the lint
# corpus (tests/lint/corpus), for the differential test t300.
#
# Source it after tests/lib/pg.sh.  sv_run MAJOR CORPUS CACHE computes, for
# every case of CORPUS that CACHE does not hold yet, what PostgreSQL MAJOR
# says of it, and writes CACHE/MAJOR/KIND/CASE.verdict:
#
#	refused	0|1		the server refuses the file
#	error	FILE	LINE	MSG	a line the server marks as wrong
#	note	MSG		a message with no line (start checks,
#				an empty pg_hba.conf, ...)
#	msg	MSG		everything the server logged, for the report
#
# FILE is "." for the case's own file, else the path relative to the case's
# folder.  A case is KIND/NAME.conf, or a folder KIND/NAME holding
# postgresql.conf (conf), pg_hba.conf (hba) or pg_ident.conf (ident) and
# the files it includes.
#
# How, per major (one scratch cluster, one server, one psql session):
# - hba: the case replaces the file hba_file names; pg_hba_file_rules (read
#   afresh on every query) gives the lines; then a real reload (SIGHUP, the
#   log read up to a second SIGHUP that restores the base file) says
#   whether the server refuses the file as a whole, which the view does not
#   show for every cause (an empty file, for one).
# - ident: the same with the file ident_file names; the view is
#   pg_ident_file_mappings, from 15 only, so for 12 to 14 the reload's log
#   alone says which lines fail ("missing entry in file F at end of line
#   N", or a CONTEXT line), and a bad regular expression names none.
# - conf: the case becomes the file config_file names; "postgres -C" reads
#   and checks it as a starting server does and says whether it refuses;
#   its messages name the line only for syntax errors and unknown names, so
#   pg_file_settings on the running server locates the bad values (a row
#   "setting could not be applied" counts only when -C complained about
#   that parameter: on a running server it also means "needs a restart").
# - conf cases whose first lines hold "# server-check: start" are also
#   started for real when -C accepts them: some checks (wal_level against
#   max_wal_senders and archive_mode, superuser_reserved_connections,
#   min/max_wal_size against the segment size) run only at a real start.
# The server runs as the test user on a unix socket only.

# shellcheck shell=bash
# Bump when the way verdicts are computed changes: it is part of the key.
SV_VERSION=6

# sv_kinds: the kinds of case, in the order they are run.
sv_kinds() {
	echo conf hba ident
}

# sv_main KIND: the main file of a folder case.
sv_main() {
	case $1 in
	conf) echo postgresql.conf ;;
	ident) echo pg_ident.conf ;;
	*) echo pg_hba.conf ;;
	esac
}

# sv_cases KIND CORPUS: the case names of CORPUS/KIND, sorted.
sv_cases() {
	local kind=$1 corpus=$2 f main
	main=$(sv_main "$kind")
	for f in "$corpus/$kind"/*; do
		if [ -d "$f" ]; then
			[ -f "$f/$main" ] && basename "$f"
		elif [ -f "$f" ] && [ "${f%.conf}" != "$f" ]; then
			basename "$f" .conf
		fi
	done | LC_ALL=C sort
}

# sv_case_path KIND CORPUS NAME: the file to lint for a case.
sv_case_path() {
	local kind=$1 corpus=$2 name=$3
	if [ -d "$corpus/$kind/$name" ]; then
		echo "$corpus/$kind/$name/$(sv_main "$kind")"
	else
		echo "$corpus/$kind/$name.conf"
	fi
}

# sv_case_hashes CORPUS: "KIND/NAME<TAB>HASH" for every case, HASH
# covering every byte of the case (all files of a folder case).
sv_case_hashes() {
	local corpus=$1
	# shellcheck disable=SC2046
	(cd "$corpus" && find $(sv_kinds) -type f -print0 | LC_ALL=C sort -z |
	    xargs -0 sha256sum) | awk '{
		path = $2
		for (i = 3; i <= NF; i++)
			path = path " " $i
		n = split(path, p, "/")
		name = p[2]
		if (n == 2)
			sub(/\.conf$/, "", name)
		k = p[1] "/" name
		h[k] = h[k] substr($1, 1, 16) ":" path ";"
	}
	END { for (k in h) printf "%s\t%s\n", k, h[k] }' | sha_each
}

# sha_each: hash the second field of each line ("KEY<TAB>TEXT").
sha_each() {
	local k t
	while IFS=$'\t' read -r k t; do
		printf '%s\t%s\n' "$k" "$(printf '%s' "$t" | sha256sum | cut -c1-32)"
	done
}

# sv_is_start_case CORPUS NAME: does a conf case ask for a real start?
# SV_START_ALL=1 starts every case -C accepts (to check the tags).
sv_is_start_case() {
	local p
	[ -z "${SV_START_ALL:-}" ] || return 0
	p=$(sv_case_path conf "$1" "$2")
	head -n 5 "$p" | grep -q '^# server-check: start'
}

# The step script psql runs (\!) as the test user between its queries.
_sv_write_step() {
	local w=$1 bin=$2
	cat >"$w/step.sh" <<'STEP'
#!/bin/sh
# step.sh W BIN ACTION KIND CASE
w=$1 bin=$2 action=$3 kind=$4 name=$5
out=$w/out/$kind/$name
put() {	# put KIND NAME DEST MAIN: install a case as DEST/MAIN
	rm -rf "$3" && mkdir "$3" || exit 1
	if [ -d "$w/corpus/$1/$2" ]; then
		cp -R "$w/corpus/$1/$2/." "$3/"
	else
		cp "$w/corpus/$1/$2.conf" "$3/$4"
	fi
}
sighups() { grep -c 'received SIGHUP, reloading configuration files' "$w/data.log"; }
wait_sighups() {	# wait until the log shows $1 reloads
	i=0
	while [ "$(sighups)" -lt "$1" ]; do
		i=$((i + 1))
		[ "$i" -lt 3000 ] || { echo "step: no reload" >&2; exit 1; }
		sleep 0.01
	done
}
case $action in
hba-put)
	put hba "$name" "$w/hba" pg_hba.conf
	;;
ident-put)
	put ident "$name" "$w/ident" pg_ident.conf
	;;
ident-base)
	rm -rf "$w/ident" && mkdir "$w/ident" && : >"$w/ident/pg_ident.conf"
	;;
reload)
	# Two reloads of the same file: the second one's "received SIGHUP"
	# line shows that the first one is over (the postmaster handles
	# them one at a time), so its messages all lie between the two.
	pid=$(head -n 1 "$w/data/postmaster.pid")
	n=$(sighups)
	kill -HUP "$pid"
	wait_sighups $((n + 1))
	kill -HUP "$pid"
	wait_sighups $((n + 2))
	awk -v n="$n" '/received SIGHUP, reloading configuration files/ { k++; next }
	    k == n + 1' "$w/data.log" >"$out.reload"
	;;
conf)
	put conf "$name" "$w/conf" postgresql.conf
	"$bin/postgres" -D "$w/data" -c config_file="$w/conf/postgresql.conf" \
	    -C max_connections >"$out.C" 2>&1
	echo $? >"$out.rc"
	;;
esac
STEP
}

# _sv_msgs FILE: the log lines of FILE with the prefix cut, "LEVEL: text".
_sv_msgs() {
	sed -n 's/^.*\(LOG\|FATAL\|ERROR\|WARNING\|DETAIL\|HINT\|CONTEXT\|PANIC\):  /\1: /p' "$1"
}

# _sv_conf_verdict W NAME START: the verdict of a conf case from -C's
# output, pg_file_settings (W/out/conf/NAME.fs) and the real start log.
_sv_conf_verdict() {
	local w=$1 name=$2 out rc
	out=$w/out/conf/$name
	rc=$(cat "$out.rc")
	_sv_msgs "$out.C" >"$out.msgs"
	if [ "$rc" = 0 ] && [ -f "$out.start.rc" ]; then
		rc=$(cat "$out.start.rc")
		_sv_msgs "$out.start.log" | grep -v '^LOG:  *\(database system\|starting PostgreSQL\|listening on\|redirecting\)' \
		    >"$out.msgs" || true
		printf 'refused\t%s\n' "$([ "$rc" = 0 ] && echo 0 || echo 1)"
		if [ "$rc" != 0 ]; then
			if grep -q '^\(FATAL\|ERROR\|PANIC\): ' "$out.msgs"; then
				sed -n 's/^\(FATAL\|ERROR\|PANIC\): /note\t/p' "$out.msgs"
			else
				# Some checks write to stderr with no level.
				grep -v '^ *$' "$out.start.log" | tail -n 1 |
				    sed 's/^/note\t/'
				grep -v '^ *$' "$out.start.log" | tail -n 1 |
				    sed 's/^/msg\t/'
			fi
		fi
		sed 's/^/msg\t/' "$out.msgs"
		return 0
	fi
	if [ "$rc" = 0 ]; then
		printf 'refused\t0\n'
		sed 's/^/msg\t/' "$out.msgs"
		return 0
	fi
	printf 'refused\t1\n'
	awk -F'\t' -v dir="$w/conf/" -v msgs="$out.msgs" '
	function rel(f) {
		if (index(f, dir) == 1)
			f = substr(f, length(dir) + 1)
		return f == "postgresql.conf" ? "." : f
	}
	function add(f, l, m) {
		if ((f SUBSEP l) in seen)
			return
		seen[f, l] = 1
		printf "error\t%s\t%s\t%s\n", f, l, m
	}
	BEGIN {
		while ((getline line < msgs) > 0) {
			nm++
			m[nm] = line
			if (line ~ /^LOG: / && line !~ /in file "/ &&
			    match(line, /parameter "[^"]+"/)) {
				p = tolower(substr(line, RSTART + 11, RLENGTH - 12))
				if (!(p in pmsg))
					pmsg[p] = substr(line, 6)
			}
		}
	}
	{
		nr++
		file[nr] = $1; ln[nr] = $2; pname[nr] = tolower($3)
		applied[nr] = $4; err[nr] = $5
	}
	END {
		for (i = 1; i <= nr; i++) {
			if (err[i] == "")
				continue
			if (err[i] == "setting could not be applied") {
				if (pname[i] in pmsg) {
					add(rel(file[i]), ln[i], pmsg[pname[i]])
					located[pname[i]] = 1
				}
			} else
				add(rel(file[i]), ln[i], err[i])
		}
		# A complaint pg_file_settings does not flag (PGC_BACKEND
		# parameters are not checked on a running server): the lines
		# that set the parameter and were not overridden.
		for (p in pmsg) {
			if (p in located)
				continue
			found = 0
			for (i = 1; i <= nr; i++)
				if (pname[i] == p && applied[i] == "t") {
					add(rel(file[i]), ln[i], pmsg[p])
					found = 1
				}
			if (!found)
				printf "note\t%s\n", pmsg[p]
		}
		for (i = 1; i <= nm; i++) {
			if (match(m[i], /in file "[^"]*" line [0-9]+/)) {
				s = substr(m[i], RSTART, RLENGTH)
				f = s; sub(/^in file "/, "", f); sub(/" line [0-9]+$/, "", f)
				l = s; sub(/^.* line /, "", l)
				add(rel(f), l, substr(m[i], index(m[i], ":") + 2))
			}
			printf "msg\t%s\n", m[i]
			# A refusal with no line (an assign hook failing).
			if (m[i] ~ /^FATAL: / && m[i] !~ /contains errors$/)
				printf "note\t%s\n", substr(m[i], 8)
		}
	}' "$out.fs"
}

# _sv_hba_verdict W NAME: the verdict of an hba case from the view's rows
# (W/out/hba/NAME.view) and the reload's log.  The reload decides whether
# the server refuses the file; when it does not, lines the view marks
# (a hostssl line while ssl is off) are only "viewonly".
_sv_hba_verdict() {
	local w=$1 name=$2 out refused=0 tag=viewonly
	out=$w/out/hba/$name
	_sv_msgs "$out.reload" >"$out.msgs"
	if grep -q 'was not reloaded' "$out.msgs"; then
		refused=1
		tag=error
	fi
	printf 'refused\t%s\n' "$refused"
	awk -F'\t' -v dir="$w/hba/" -v tag="$tag" '{
		f = $1
		if (index(f, dir) == 1)
			f = substr(f, length(dir) + 1)
		if (f == "" || f == "pg_hba.conf")
			f = "."
		printf "%s\t%s\t%s\t%s\n", tag, f, $2, $3
	}' "$out.view"
	# The lines the reload names (a CONTEXT after the complaint): when it
	# refuses the file they count too, as the view misses some (RADIUS
	# options, for one); when it accepts, they were only warnings.
	awk -v dir="$w/hba/" -v refused="$refused" -v view="$out.view" '
	BEGIN {
		while ((getline line < view) > 0) {
			split(line, a, "\t")
			f = a[1]
			if (index(f, dir) == 1)
				f = substr(f, length(dir) + 1)
			if (f == "" || f == "pg_hba.conf")
				f = "."
			seen[f, a[2]] = 1
		}
	}
	/^(LOG|WARNING): / { last = substr($0, index($0, ":") + 2) }
	match($0, /^CONTEXT: line [0-9]+ of configuration file "[^"]*"/) {
		s = substr($0, RSTART, RLENGTH)
		l = s; sub(/^CONTEXT: line /, "", l); sub(/ .*/, "", l)
		f = s; sub(/^[^"]*"/, "", f); sub(/"$/, "", f)
		if (index(f, dir) == 1)
			f = substr(f, length(dir) + 1)
		if (f == "pg_hba.conf")
			f = "."
		printf "rline\t%s\t%s\n", f, l
		if (refused == 1 && !((f, l) in seen)) {
			seen[f, l] = 1
			printf "error\t%s\t%s\t%s (reload only)\n", f, l, last
		}
	}' "$out.msgs"
	if [ "$refused" = 1 ] && [ ! -s "$out.view" ] &&
	    ! grep -q '^CONTEXT: line ' "$out.msgs"; then
		grep -v '^\(CONTEXT\|HINT\|DETAIL\): \|was not reloaded' "$out.msgs" |
		    sed -n '1s/^[A-Z]*: /note\t/p'
	fi
	sed 's/^/msg\t/' "$out.msgs"
}

# _sv_ident_verdict W NAME: the verdict of an ident case from the view's
# rows (W/out/ident/NAME.view, 15 and later) and the reload's log.
_sv_ident_verdict() {
	local w=$1 name=$2 out refused=0 tag=viewonly
	out=$w/out/ident/$name
	_sv_msgs "$out.reload" >"$out.msgs"
	if grep -q 'was not reloaded' "$out.msgs"; then
		refused=1
		tag=error
	fi
	printf 'refused\t%s\n' "$refused"
	[ ! -f "$out.view" ] || awk -F'\t' -v dir="$w/ident/" -v tag="$tag" '{
		f = $1
		if (index(f, dir) == 1)
			f = substr(f, length(dir) + 1)
		if (f == "" || f == "pg_ident.conf")
			f = "."
		printf "%s\t%s\t%s\t%s\n", tag, f, $2, $3
	}' "$out.view"
	# The lines the log names: a CONTEXT after the complaint, or (12 to
	# 15) "missing entry in file F at end of line N".
	awk -v dir="$w/ident/" -v refused="$refused" -v view="$out.view" \
	    -v inview="$(grep -c . "$out.view" 2>/dev/null || true)" '
	function rel(f) {
		if (index(f, dir) == 1)
			f = substr(f, length(dir) + 1)
		return f == "pg_ident.conf" ? "." : f
	}
	function add(f, l, m) {
		printf "rline\t%s\t%s\n", f, l
		if (refused == 1 && !((f, l) in seen)) {
			seen[f, l] = 1
			printf "error\t%s\t%s\t%s (reload only)\n", f, l, m
		}
	}
	BEGIN {
		while ((getline line < view) > 0) {
			split(line, a, "\t")
			seen[rel(a[1]), a[2]] = 1
		}
	}
	# A complaint with no line (12 to 14: a bad regular expression) is
	# a note: pgpair must place it somewhere, but cannot be checked on
	# where.
	function unplaced() {
		if (pending != "" && refused == 1 && !inview)
			printf "note\t%s\n", pending
		pending = ""
	}
	/^CONTEXT: line [0-9]+ of configuration file "[^"]*"/ {
		s = $0
		l = s; sub(/^CONTEXT: line /, "", l); sub(/ .*/, "", l)
		f = s; sub(/^[^"]*"/, "", f); sub(/".*$/, "", f)
		add(rel(f), l, last)
		pending = ""
		next
	}
	{ unplaced() }
	/^LOG: missing entry in file "[^"]*" at end of line [0-9]+/ {
		s = $0
		l = s; sub(/^.* line /, "", l)
		f = s; sub(/^[^"]*"/, "", f); sub(/".*$/, "", f)
		add(rel(f), l, "missing entry at end of line")
		next
	}
	/^(LOG|WARNING): / {
		last = substr($0, index($0, ":") + 2)
		if (last !~ /was not reloaded|^skipping missing/)
			pending = last
	}
	END { unplaced() }' "$out.msgs"
	sed 's/^/msg\t/' "$out.msgs"
}

# _sv_start W MAJOR PORT: start the scratch server of W.
_sv_start() {
	local w=$1 major=$2 port=$3 bin
	bin=$(pg_bindir "$major") || return 1
	pg_as_user "$bin/pg_ctl" -D "$w/data" -l "$w/data.log" -w -t "$PG_TIMEOUT" \
	    -o "-p $port -k $w/sock -c listen_addresses= -c config_file=$w/conf/postgresql.conf -c hba_file=$w/hba/pg_hba.conf -c ident_file=$w/ident/pg_ident.conf" \
	    start >/dev/null 2>&1 || {
		echo "sv_run: PostgreSQL $major did not start:" >&2
		cat "$w/data.log" >&2
		return 1
	}
}

# _sv_psql W PORT SQL: run a script in one psql session; split its output
# ("@@KIND NAME" headers) into W/out/KIND/NAME.{view,fs}.
_sv_psql() {
	local w=$1 port=$2 sql=$3
	printf '%s\n' '\echo @@end' >>"$sql"
	chmod 644 "$sql"
	pg_as_user timeout 600 "$PG_CLIENT_BIN/psql" -X -A -t -q -F $'\t' \
	    -h "$w/sock" -p "$port" -d postgres -f "$sql" >"$sql.out" \
	    2>"$sql.err" || {
		echo "sv_run: psql failed:" >&2
		cat "$sql.err" >&2
		return 1
	}
	grep -q '^@@end$' "$sql.out" || {
		echo "sv_run: psql stopped early:" >&2
		cat "$sql.err" >&2
		return 1
	}
	awk -v out="$w/out" '
	/^@@(hba|conf|ident) / {
		k = substr($1, 3)
		if (f != "")
			close(f)
		f = out "/" k "/" $2 ((k == "conf") ? ".fs" : ".view")
		printf "" > f
		next
	}
	/^@@end$/ { exit }
	{ print > f }' "$sql.out"
}

# sv_run MAJOR CORPUS CACHE: compute the missing verdicts of every case.
# Prints "MAJOR: N computed, M cached" on stderr.
sv_run() {
	local major=$1 corpus=$2 cache=$3 bin w port kind name key todo_hba=() \
	    todo_conf=() todo_ident=() ok ver
	bin=$(pg_bindir "$major") || return 1
	# The key: this file's version, the server's version, the case.
	declare -A hash=()
	while IFS=$'\t' read -r name key; do
		hash[$name]=$key
	done < <(sv_case_hashes "$corpus")
	ver=$("$bin/postgres" --version)
	for kind in $(sv_kinds); do
		mkdir -p "$cache/$major/$kind"
		while IFS= read -r name; do
			key="sv$SV_VERSION $ver ${hash[$kind/$name]}"
			if [ -f "$cache/$major/$kind/$name.verdict" ] &&
			    [ "$(cat "$cache/$major/$kind/$name.key" 2>/dev/null)" = "$key" ]; then
				continue
			fi
			echo "$key" >"$cache/$major/$kind/$name.key.new"
			case $kind in
			conf) todo_conf+=("$name") ;;
			hba) todo_hba+=("$name") ;;
			ident) todo_ident+=("$name") ;;
			esac
		done < <(sv_cases "$kind" "$corpus")
	done
	if [ ${#todo_conf[@]} = 0 ] && [ ${#todo_hba[@]} = 0 ] &&
	    [ ${#todo_ident[@]} = 0 ]; then
		echo "# PostgreSQL $major: all verdicts cached" >&2
		return 0
	fi

	w=$(pg_tmpdir)
	mkdir -p "$w/corpus" "$w/conf" "$w/hba" "$w/ident" "$w/sock" \
	    "$w/out/conf" "$w/out/hba" "$w/out/ident"
	for kind in $(sv_kinds); do
		[ ! -d "$corpus/$kind" ] || cp -R "$corpus/$kind" "$w/corpus/"
	done
	# The source may be read-only (make distcheck): the copies must not be.
	chmod -R u+w "$w/corpus"
	: >"$w/conf/postgresql.conf"
	printf 'local all all trust\n' >"$w/base-hba.conf"
	cp "$w/base-hba.conf" "$w/hba/pg_hba.conf"
	: >"$w/ident/pg_ident.conf"
	_sv_write_step "$w" "$bin"
	[ "$(id -u)" != 0 ] || chown -R "$(pg_user)" "$w"
	pg_initdb "$w/data" "$major" || return 1
	port=$(pg_free_port) || return 1
	_pg_started+=("$w/data|$bin")
	_sv_start "$w" "$major" "$port" || return 1

	# hba and ident cases (their reloads read the base postgresql.conf),
	# then a restart so that no reload is still reading when the conf
	# cases take postgresql.conf's place.
	if [ ${#todo_hba[@]} -gt 0 ] || [ ${#todo_ident[@]} -gt 0 ]; then
		for name in "${todo_hba[@]}"; do
			printf '\\echo @@hba %s\n' "$name"
			printf '\\! sh %s/step.sh %s %s hba-put hba %s\n' "$w" "$w" "$bin" "$name"
			if [ "$major" -ge 16 ]; then
				echo "SELECT coalesce(file_name, ''), line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL ORDER BY rule_number NULLS LAST, file_name, line_number;"
			else
				echo "SELECT '', line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL ORDER BY line_number;"
			fi
			printf '\\! sh %s/step.sh %s %s reload hba %s\n' "$w" "$w" "$bin" "$name"
		done >"$w/hba.sql"
		[ ${#todo_hba[@]} = 0 ] ||
		    printf '\\! cp %s/base-hba.conf %s/hba/pg_hba.conf\n' "$w" "$w" >>"$w/hba.sql"
		for name in "${todo_ident[@]}"; do
			printf '\\echo @@ident %s\n' "$name"
			printf '\\! sh %s/step.sh %s %s ident-put ident %s\n' "$w" "$w" "$bin" "$name"
			if [ "$major" -ge 16 ]; then
				echo "SELECT coalesce(file_name, ''), line_number, error FROM pg_ident_file_mappings WHERE error IS NOT NULL ORDER BY map_number NULLS LAST, file_name, line_number;"
			elif [ "$major" -ge 15 ]; then
				echo "SELECT '', line_number, error FROM pg_ident_file_mappings WHERE error IS NOT NULL ORDER BY line_number;"
			fi
			printf '\\! sh %s/step.sh %s %s reload ident %s\n' "$w" "$w" "$bin" "$name"
		done >>"$w/hba.sql"
		_sv_psql "$w" "$port" "$w/hba.sql" || return 1
		pg_stop "$w/data" "$major"
		pg_as_user cp "$w/base-hba.conf" "$w/hba/pg_hba.conf"
		pg_as_user sh "$w/step.sh" "$w" "$bin" ident-base ident -
		[ ${#todo_conf[@]} = 0 ] || _sv_start "$w" "$major" "$port" || return 1
	fi
	if [ ${#todo_conf[@]} -gt 0 ]; then
		for name in "${todo_conf[@]}"; do
			printf '\\echo @@conf %s\n' "$name"
			printf '\\! sh %s/step.sh %s %s conf conf %s\n' "$w" "$w" "$bin" "$name"
			echo "SELECT coalesce(sourcefile, ''), coalesce(sourceline, 0), coalesce(name, ''), applied, coalesce(error, '') FROM pg_file_settings ORDER BY seqno;"
		done >"$w/conf.sql"
		_sv_psql "$w" "$port" "$w/conf.sql" || return 1
		pg_stop "$w/data" "$major"
	fi

	# Real starts for the tagged conf cases that -C accepts.
	for name in "${todo_conf[@]}"; do
		sv_is_start_case "$corpus" "$name" || continue
		[ "$(cat "$w/out/conf/$name.rc")" = 0 ] || continue
		pg_as_user sh "$w/step.sh" "$w" "$bin" conf conf "$name" >/dev/null
		ok=0
		pg_as_user "$bin/pg_ctl" -D "$w/data" -l "$w/out/conf/$name.start.log" \
		    -w -t "$PG_TIMEOUT" \
		    -o "-p $port -k $w/sock -c listen_addresses= -c config_file=$w/conf/postgresql.conf -c hba_file=$w/hba/pg_hba.conf -c ident_file=$w/ident/pg_ident.conf" \
		    start >/dev/null 2>&1 || ok=$?
		echo "$ok" >"$w/out/conf/$name.start.rc"
		[ "$ok" != 0 ] || pg_stop "$w/data" "$major"
	done

	for name in "${todo_hba[@]}"; do
		_sv_hba_verdict "$w" "$name" >"$cache/$major/hba/$name.verdict"
		mv "$cache/$major/hba/$name.key.new" "$cache/$major/hba/$name.key"
	done
	for name in "${todo_ident[@]}"; do
		_sv_ident_verdict "$w" "$name" >"$cache/$major/ident/$name.verdict"
		mv "$cache/$major/ident/$name.key.new" "$cache/$major/ident/$name.key"
	done
	for name in "${todo_conf[@]}"; do
		_sv_conf_verdict "$w" "$name" >"$cache/$major/conf/$name.verdict"
		mv "$cache/$major/conf/$name.key.new" "$cache/$major/conf/$name.key"
	done
	echo "# PostgreSQL $major: $(( ${#todo_conf[@]} + ${#todo_hba[@]} + ${#todo_ident[@]} )) verdicts computed" >&2
}

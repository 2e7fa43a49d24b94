#!/usr/bin/env bash
# tests/fuzz/run.sh SRCDIR BUILDDIR: "make fuzz".  Runs each libFuzzer
# target of $FUZZ_TARGETS (default: all) for $FUZZ_SECONDS (default 60),
# one after the other, on its corpus in BUILDDIR/tests/fuzz/corpus/NAME
# (kept from run to run) and the seeds from the test suite.  A crash, a
# hang (an input over 10 s), or a blow-up (over 2 GB of memory, or a single
# allocation over 1 GB) stops the run; the input is left in
# BUILDDIR/tests/fuzz/artifacts/ to become a regression test in
# tests/fuzz/regress/NAME/.  tests/fuzz/NAME.dict, when there is one, is
# the target's dictionary.  Extra libFuzzer flags: $FUZZ_FLAGS.
set -eu
src=${1:?usage: run.sh SRCDIR BUILDDIR}
build=${2:?usage: run.sh SRCDIR BUILDDIR}
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-conf hba ident quote tmpl yaml}
dir=$build/tests/fuzz

bash "$src/tests/fuzz/seeds.sh" "$src" "$dir/seeds"
mkdir -p "$dir/artifacts"
# AddressSanitizer: leaks are errors; UBSan: stop at the first report.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in $targets; do
	mkdir -p "$dir/corpus/$t"
	echo "fuzz-$t: $seconds s"
	start=$(date +%s)
	dict=()
	[ -f "$src/tests/fuzz/$t.dict" ] && dict=(-dict="$src/tests/fuzz/$t.dict")
	# shellcheck disable=SC2086
	if ! "$dir/fuzz-$t" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
	    -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=65536 \
	    -print_final_stats=1 -artifact_prefix="$dir/artifacts/$t-" \
	    ${FUZZ_FLAGS:-} "$dir/corpus/$t" "$dir/seeds/$t" \
	    >"$dir/fuzz-$t.log" 2>&1; then
		status=1
		tail -n 60 "$dir/fuzz-$t.log"
		echo "fuzz-$t: FAILED; the input is in $dir/artifacts/"
		continue
	fi
	grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' \
	    "$dir/fuzz-$t.log" | tr '\n' ' '
	echo "corpus $(find "$dir/corpus/$t" -type f | wc -l) files," \
	    "$(( $(date +%s) - start )) s"
done
exit "$status"

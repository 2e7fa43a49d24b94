#!/bin/sh
# tests/lib/sanitized.sh PROGRAM [ARGS...]: run one test of the sanitizer
# build (configure --enable-sanitizers; the Makefile's LOG_COMPILER).
#
# Every instrumented program the test starts (pgpair, the unit tests, the
# drivers) writes its AddressSanitizer, LeakSanitizer and UBSan reports to
# files in a folder of this test's own, not to stderr: a test that throws
# pgpair's stderr away, or expects an exit status of 1, would otherwise
# lose them.  After the test, any report is printed and fails it.  The
# folder is writable by all, for programs a test runs as another user; the
# PostgreSQL servers and the clients are not instrumented and ignore it.
# Leaks count; a program's memory is limited to 3 GB so that a blow-up
# fails rather than swaps.
dir=$(mktemp -d "${TMPDIR:-/tmp}/pgpair-san.XXXXXX") || exit 99
chmod 1777 "$dir"
ASAN_OPTIONS="log_path=$dir/asan:detect_leaks=1:hard_rss_limit_mb=3072:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
UBSAN_OPTIONS="log_path=$dir/ubsan:print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
# Tests that cannot run instrumented programs (valgrind) skip on this.
PGPAIR_SANITIZED=1
export ASAN_OPTIONS UBSAN_OPTIONS PGPAIR_SANITIZED
"$@"
rc=$?
if [ -n "$(ls -A "$dir")" ]; then
	for f in "$dir"/*; do
		echo "sanitizer report: $f"
		cat "$f"
	done
	# A skip or a pass with a report is a failure.
	if [ "$rc" = 0 ] || [ "$rc" = 77 ]; then
		rc=1
	fi
fi
rm -rf "$dir"
exit "$rc"

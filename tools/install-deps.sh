#!/bin/sh
# Install what building pgpair needs on Debian 12 (run as root), and with
# --test what its test suite needs too: PostgreSQL 15 from Debian, the other
# majors (12-18) from the npm registry, shellcheck, mandoc, strace (the
# crash tests), Python's yaml and jsonschema (the JSON Schema test),
# pre-commit and git (the hooks), zsh (its completion), valgrind, and clang
# with its sanitizer and libFuzzer runtimes and llvm-symbolizer for the
# sanitizer build and make fuzz.
# Installs only what is missing; safe to run again.
set -eu

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

pkgs="gcc libc6-dev make autoconf automake pkg-config libyaml-dev libpcre2-dev nettle-dev libcmocka-dev"
if [ "$want_test" = 1 ]; then
	pkgs="$pkgs postgresql-15 postgresql-client-15 shellcheck mandoc strace util-linux procps passwd ca-certificates"
	pkgs="$pkgs python3-yaml python3-jsonschema zsh pre-commit git"
	pkgs="$pkgs valgrind clang libclang-rt-14-dev llvm"
	command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
fi

missing=
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# The server package's own cluster is not used by the tests.
	mkdir -p /etc/postgresql-common
	[ -f /etc/postgresql-common/createcluster.conf ] ||
	    echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
fi

if [ "$want_test" = 1 ]; then
	"$(dirname "$0")/pg-install.sh"
fi

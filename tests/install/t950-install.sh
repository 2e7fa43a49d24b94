#!/bin/bash
# tests/install/t950-install.sh: "make install DESTDIR=..." from the build
# tree puts everything under DESTDIR and the prefix, and nothing elsewhere:
# the program, which runs; every page of man/; every template; the
# parameter catalogs and the JSON Schema of the description, the same as
# the sources; the bash and zsh completions.  "make uninstall" with the
# same DESTDIR takes it all away again.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
fails=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

[ -f "$top_builddir/Makefile" ] ||
    { echo "FAIL: no Makefile in $top_builddir" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/t950.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest

# A make of its own, not a job of the make that runs the tests.
unset MAKEFLAGS MFLAGS MAKELEVEL
make() {
	command "${MAKE:-make}" -s -C "$top_builddir" "$@"
}
# Where the Makefile installs, as configured.
for v in prefix bindir mandir pkgdatadir bashcompdir zshcompdir; do
	val=$(make -f Makefile -f - print-var VAR="$v" <<-'MK' 2>/dev/null
	print-var: ; @echo '$($(VAR))'
	MK
	)
	printf -v "$v" '%s' "$val"
	[ -n "$val" ] || fail "cannot read $v from the Makefile"
done

if ! make install DESTDIR="$dest" >"$tmp/install.log" 2>&1; then
	fail "make install DESTDIR=$dest failed:"
	cat "$tmp/install.log" >&2
	exit 1
fi

# want FILE [SOURCE]: FILE is installed (as SOURCE, when given).
want() {
	if [ ! -f "$dest$1" ]; then
		fail "not installed: $1"
	elif [ $# -gt 1 ] && ! cmp -s "$dest$1" "$2"; then
		fail "installed $1 differs from $2"
	fi
}
want "$bindir/pgpair"
"$dest$bindir/pgpair" --version >"$tmp/version" 2>&1 ||
    fail "the installed pgpair does not run: $(cat "$tmp/version")"
"$dest$bindir/pgpair" check "$top_srcdir/examples/shop.yaml" >"$tmp/check" 2>&1 ||
    fail "the installed pgpair refuses examples/shop.yaml: $(cat "$tmp/check")"
nman=0
for page in "$top_srcdir"/man/*.[1-9]; do
	b=${page##*/}
	want "$mandir/man${b##*.}/$b" "$page"
	nman=$((nman + 1))
done
[ "$nman" -ge 6 ] || fail "found $nman manual pages in man/"
ntmpl=0
for t in "$top_srcdir"/templates/*.mustache; do
	want "$pkgdatadir/templates/${t##*/}" "$t"
	ntmpl=$((ntmpl + 1))
done
[ "$ntmpl" -ge 8 ] || fail "found $ntmpl templates in templates/"
for s in "$top_srcdir"/schemas/*.tsv "$top_srcdir"/schemas/*.json; do
	want "$pkgdatadir/schemas/${s##*/}" "$s"
done
want "$pkgdatadir/schemas/cluster.schema.json"
want "$bashcompdir/pgpair" "$top_srcdir/completions/bash/pgpair"
want "$zshcompdir/_pgpair" "$top_srcdir/completions/zsh/_pgpair"
# The installed templates are the program's: generate with them as the
# override folder writes what it writes without (and without a password
# at hand, so that roles.sql holds no salted verifier).
unset PGPAIR_REPLICATION_PASSWORD
if [ -d "$dest$pkgdatadir/templates" ]; then
	"$dest$bindir/pgpair" generate -o "$tmp/a" \
	    "$top_srcdir/examples/shop.yaml" >/dev/null 2>&1 &&
	"$dest$bindir/pgpair" generate --templates "$dest$pkgdatadir/templates" \
	    -o "$tmp/b" "$top_srcdir/examples/shop.yaml" >/dev/null 2>&1 &&
	diff -r "$tmp/a" "$tmp/b" >"$tmp/tmpl.diff" ||
	    fail "the installed templates do not give the built-in output:" \
	    "$(head -20 "$tmp/tmpl.diff")"
fi
# Nothing outside the prefix (and the completion folders, which configure
# may put elsewhere).
(cd "$dest" && find . -type f) | sed 's|^\.||' >"$tmp/files"
while IFS= read -r f; do
	case $f in
	"$prefix"/* | "$bashcompdir"/* | "$zshcompdir"/*) ;;
	*) fail "installed outside the prefix $prefix: $f" ;;
	esac
done <"$tmp/files"

if ! make uninstall DESTDIR="$dest" >"$tmp/uninstall.log" 2>&1; then
	fail "make uninstall DESTDIR=$dest failed: $(cat "$tmp/uninstall.log")"
fi
left=$(cd "$dest" 2>/dev/null && find . -type f)
[ -z "$left" ] || fail "make uninstall left: $left"

if [ "$fails" -gt 0 ]; then
	echo "$fails failure(s)" >&2
	exit 1
fi
echo "ok: make install put $(wc -l <"$tmp/files") files under DESTDIR$prefix" \
    "($nman pages, $ntmpl templates); make uninstall took them away"
exit 0

/*
 * libFuzzer target: the pg_ident.conf reader and the ident rules, as lint
 * runs them, in the grammar of each major.  The first byte picks the
 * major (12 + byte % 7); the rest is the file and the files it includes
 * or names with @ (fuzz.h).
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fuzz.h"
#include "ident_parse.h"
#include "pgvocab.h"
#include "rule.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum { NMAJORS = PG_MAJOR_MAX - PG_MAJOR_MIN + 1 };
	struct arena		*a;
	struct diags		 d;
	struct ident_file	 f;
	struct check_ctx	 cx;
	int			 major;

	if (size == 0)
		return 0;
	fuzz_vfs_begin(data + 1, size - 1);
	a = arena_new();
	diags_init(&d, a);
	major = PG_MAJOR_MIN + data[0] % NMAJORS;
	if (ident_parse_file(a, FUZZ_MAIN, major, &d, &f) == 0) {
		memset(&cx, 0, sizeof(cx));
		cx.a = a;
		cx.d = &d;
		cx.major = major;
		cx.ident = &f;
		rules_run(SCOPE_IDENT, &cx);
	}
	fuzz_report(&d);
	arena_free(a);
	fuzz_vfs_end();
	return 0;
}

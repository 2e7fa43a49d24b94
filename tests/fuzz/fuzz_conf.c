/*
 * libFuzzer target: the postgresql.conf reader and the conf rules, as lint
 * runs them.  The first byte picks the major version (12 + byte % 7), the
 * rest is the file and the files it may include (fuzz.h).
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "conf_parse.h"
#include "diag.h"
#include "fuzz.h"
#include "pgvocab.h"
#include "rule.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a;
	struct diags		 d;
	struct conf_file_set	 set;
	struct check_ctx	 cx;

	if (size == 0)
		return 0;
	fuzz_vfs_begin(data + 1, size - 1);
	a = arena_new();
	diags_init(&d, a);
	conf_set_init(&set);
	/* lint runs the rules only on files whose syntax the server takes. */
	if (conf_parse_file(a, FUZZ_MAIN, &d, &set) == 0) {
		memset(&cx, 0, sizeof(cx));
		cx.a = a;
		cx.d = &d;
		cx.major = PG_MAJOR_MIN + data[0] % (PG_MAJOR_MAX - PG_MAJOR_MIN +
		    1);
		cx.conf = &set;
		rules_run(SCOPE_CONF, &cx);
	}
	fuzz_report(&d);
	arena_free(a);
	fuzz_vfs_end();
	return 0;
}

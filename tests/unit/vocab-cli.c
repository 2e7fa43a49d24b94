/*
 * vocab-cli: the driver of tests/integration/t005-vocab-vs-server.sh.  It
 * reads "name<TAB>value" lines on stdin and, for the major given as the
 * argument, prints per line what pgvocab_check_written() makes of it:
 * "ok<TAB>type<TAB>value" (the value as the server's "postgres -C" shows
 * it: base unit, %g for reals, on/off), "error<TAB>message<TAB>hint", or
 * "unknown" for a name the catalog does not know.
 * Not installed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "pgvocab.h"

int
main(int argc, char *argv[])
{
	struct arena *a;
	char line[4096];
	char *end;
	long major;

	if (argc != 2) {
		fprintf(stderr, "usage: vocab-cli major < pairs\n");
		return 2;
	}
	major = strtol(argv[1], &end, 10);
	if (*argv[1] == '\0' || *end != '\0' ||
	    !pgvocab_supported((int)major)) {
		fprintf(stderr, "vocab-cli: unsupported major \"%s\"\n",
		    argv[1]);
		return 2;
	}
	a = arena_new();
	while (fgets(line, sizeof(line), stdin) != NULL) {
		const struct guc_def *g;
		struct guc_value gv;
		char *tab, *nl;

		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if ((tab = strchr(line, '\t')) == NULL) {
			fprintf(stderr, "vocab-cli: no tab in \"%s\"\n", line);
			arena_free(a);
			return 2;
		}
		*tab = '\0';
		if ((g = pgvocab_find((int)major, line)) == NULL)
			puts("unknown");
		else if (!pgvocab_check_written(a, (int)major, g, line, tab + 1,
		    &gv))
			printf("error\t%s\t%s\n", gv.msg,
			    gv.hint != NULL ? gv.hint : "");
		else if (g->type == GUC_INT)
			printf("ok\tinteger\t%.0f\n", gv.num);
		else if (g->type == GUC_REAL)
			printf("ok\treal\t%g\n", gv.num);
		else if (g->type == GUC_BOOL)
			printf("ok\tbool\t%s\n", gv.boolval ? "on" : "off");
		else if (g->type == GUC_ENUM)
			printf("ok\tenum\t%s\n", gv.enumval);
		else
			printf("ok\tstring\t%s\n", tab + 1);
	}
	arena_free(a);
	if (ferror(stdin) || fflush(stdout) != 0) {
		fprintf(stderr, "vocab-cli: I/O error\n");
		return 2;
	}
	return 0;
}

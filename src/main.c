/*
 * pgpair: entry point.  The global options (--help, --version) and the
 * choice of the command; the commands, their options and the parser that
 * reads them are in cmdline.c, each command in its cmd_<verb>.c.  Exit
 * status: 0 valid, 1 invalid, 2 usage or I/O error.
 */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "pgvocab.h"

static void
usage_all(FILE *fp)
{
	fputs("usage: pgpair [--help] [--version] COMMAND [ARGS]\n\n"
	    "Commands:\n", fp);
	for (unsigned i = 0; i < cmds_count; i++)
		fprintf(fp, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fputs("\nRun \"pgpair COMMAND --help\" for a command's options.\n"
	    "Exit status: 0 valid, 1 invalid, 2 usage or I/O error.\n", fp);
}

/* The version, and the PostgreSQL majors whose files pgpair knows. */
static void
version(void)
{
	puts(PACKAGE_STRING);
	fputs("PostgreSQL majors:", stdout);
	for (int v = PG_MAJOR_MIN; v <= PG_MAJOR_MAX; v++)
		if (pgvocab_supported(v))
			printf(" %d", v);
	putchar('\n');
}

int
main(int argc, char *argv[])
{
	static char		 outbuf[64 * 1024];
	const struct cmd	*c;

#ifdef M_MMAP_THRESHOLD
	/*
	 * Tables that double (lint's index of a large pg_hba.conf, its table
	 * of names) free the old copy as they grow.  Above glibc's threshold
	 * each copy was a mapping of its own, given back when freed and
	 * faulted in again page by page for the next; from the heap, freed
	 * memory serves the next allocation.  A 100,000-line pg_hba.conf:
	 * 550 fewer page faults of 4,000, CPU time -5% (bench/bench-lint.sh
	 * shapes, 31 alternating runs in both orders).
	 */
	(void)mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
	/* and grow the heap by 8 MiB, not 128 KiB: 67 brk() calls were 3 */
	(void)mallopt(M_TOP_PAD, 8 * 1024 * 1024);
#endif
	/* 10,000 findings were 524 writes of st_blksize (4 KiB), now 33 */
	if (!isatty(STDOUT_FILENO))
		(void)setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	if (argc < 2) {
		usage_all(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0 &&
		    (c = cmd_find(argv[2])) != NULL) {
			char	*av[] = { argv[2], (char *)"--help", NULL };

			return cmd_main(c, 2, av);
		}
		usage_all(stdout);
		return EXIT_VALID;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		version();
		return EXIT_VALID;
	}
	if ((c = cmd_find(argv[1])) != NULL)
		return cmd_main(c, argc - 1, argv + 1);
	fprintf(stderr, "pgpair: unknown command \"%s\"\n", argv[1]);
	usage_all(stderr);
	return EXIT_USAGE;
}

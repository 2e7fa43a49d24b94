/*
 * pgpair: entry point.  Global options and the subcommand table; each
 * subcommand lives in its cmd_<verb>.c and owns its options.  Exit status:
 * 0 valid, 1 invalid, 2 usage or I/O error.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

const struct cmd cmds[] = {	/* sorted by name */
	{ "check", cmd_check, "check [--format text|json] CLUSTER.yaml",
	    "validate a cluster description; write nothing" },
	{ "diff", cmd_diff,
	    "diff [--format text|json] [--templates DIR] CLUSTER.yaml DIR",
	    "show what generate would change in DIR, as a unified diff" },
	{ "explain", cmd_explain, "explain RULE",
	    "print a rule's documentation" },
	{ "generate", cmd_generate,
	    "generate [--format text|json] [--templates DIR] -o DIR CLUSTER.yaml",
	    "validate, then write every node's files and runbook" },
	{ "lint", cmd_lint,
	    "lint [--cluster CLUSTER.yaml] [--format text|json] "
	    "[--pg-version N] [--type conf|hba|ident|cluster] PATH ...",
	    "check postgresql.conf, pg_hba.conf, pg_ident.conf, data "
	    "directories and trees" },
	{ "plan", cmd_plan,
	    "plan [--format text|json] [--from OLD] [-o DIR] NEW.yaml",
	    "order the runbook steps of a change, or review a description" },
	{ "rules", cmd_rules, "rules [--format text|json|mdoc]",
	    "list every rule with its default level" },
};
const unsigned cmds_count = sizeof(cmds) / sizeof(cmds[0]);

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

int
main(int argc, char *argv[])
{
	if (argc < 2) {
		usage_all(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			char	*av[] = { argv[2], (char *)"--help", NULL };

			for (unsigned i = 0; i < cmds_count; i++)
				if (strcmp(cmds[i].name, argv[2]) == 0)
					return cmds[i].fn(2, av);
		}
		usage_all(stdout);
		return EXIT_VALID;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		puts(PACKAGE_STRING);
		return EXIT_VALID;
	}
	for (unsigned i = 0; i < cmds_count; i++)
		if (strcmp(cmds[i].name, argv[1]) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "pgpair: unknown command \"%s\"\n", argv[1]);
	usage_all(stderr);
	return EXIT_USAGE;
}

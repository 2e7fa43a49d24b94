/*
 * pgpair check: load, model and check a description; write nothing.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "arena.h"
#include "cmd.h"
#include "diag.h"
#include "report.h"

static const char options_help[] =
    "  -f, --format FMT  text (default, on stderr) or json (on stdout)\n"
    "  -h, --help        this help\n";

int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum report_format	 fmt = REPORT_TEXT;
	struct arena		*a;
	struct diags		 d;
	int			 c, io_error, status;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((c = report_format_from_name(optarg)) < 0) {
				fprintf(stderr, "pgpair: unknown format \"%s\"\n",
				    optarg);
				return cmd_usage("check");
			}
			fmt = (enum report_format)c;
			break;
		case 'h':
			return cmd_help("check", options_help);
		default:
			return cmd_usage("check");
		}
	}
	if (argc - optind != 1)
		return cmd_usage("check");

	a = arena_new();
	diags_init(&d, a);
	cluster_check_file(a, argv[optind], &d, &io_error);
	diags_sort(&d);
	report(stderr, stdout, fmt, &d);
	status = io_error ? EXIT_USAGE : cmd_status(&d);
	arena_free(a);
	return status;
}

/*
 * pgpair generate: validate a description, then render every node's files
 * and write them, with the description itself, whole or not at all.  An
 * invalid description writes nothing.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "arena.h"
#include "cmd.h"
#include "diag.h"
#include "outfile.h"
#include "render.h"
#include "report.h"

static const char options_help[] =
    "  -f, --format FMT     text (default, on stderr) or json (on stdout)\n"
    "  -h, --help           this help\n"
    "  -o, --output DIR     write the files under DIR (required)\n"
    "  -t, --templates DIR  templates in DIR override the built-in ones\n";

int
cmd_generate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "templates", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	enum report_format	 fmt = REPORT_TEXT;
	enum outfile_state	*states = NULL;
	struct outfile		*files = NULL;
	struct cluster		*cl;
	struct arena		*a;
	struct diags		 d;
	size_t			 nfiles = 0;
	const char		*outdir = NULL, *templates = NULL;
	int			 c, io_error, status;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:ho:t:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((c = report_format_from_name(optarg)) < 0) {
				fprintf(stderr, "pgpair: unknown format \"%s\"\n",
				    optarg);
				return cmd_usage("generate");
			}
			fmt = (enum report_format)c;
			break;
		case 'h':
			return cmd_help("generate", options_help);
		case 'o':
			outdir = optarg;
			break;
		case 't':
			templates = optarg;
			break;
		default:
			return cmd_usage("generate");
		}
	}
	if (argc - optind != 1 || outdir == NULL) {
		if (outdir == NULL && argc - optind == 1)
			fputs("pgpair: generate needs -o DIR\n", stderr);
		return cmd_usage("generate");
	}

	a = arena_new();
	diags_init(&d, a);
	cl = cluster_check_file(a, argv[optind], &d, &io_error);
	status = io_error ? EXIT_USAGE : cmd_status(&d);
	if (status == EXIT_VALID && cl == NULL)
		status = EXIT_INVALID;	/* cannot happen: no model, no error */
	if (status == EXIT_VALID) {
		if (cmd_render_tree(a, cl, outdir, templates, &files, &nfiles,
		    &d) != 0)
			status = EXIT_USAGE;
		else {
			states = arena_calloc(a, nfiles + 1, sizeof(*states));
			if (outfile_write_all(outdir, files, nfiles, states,
			    &d) != 0)
				status = EXIT_USAGE;
		}
	}
	diags_sort(&d);
	/* The files are named only when they were written. */
	report_written(stderr, stdout, fmt, outdir,
	    status == EXIT_VALID ? files : NULL, states, nfiles, &d);
	arena_free(a);
	return status;
}

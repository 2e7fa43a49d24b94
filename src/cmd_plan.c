/*
 * pgpair plan: the change from an old description (or a tree generated
 * from one) to a new one, as ordered runbook commands for review; without
 * --from, the reviewer's view of one description.  With -o, what generate
 * writes for the new description is written too, with plan.md, whole or
 * not at all.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "cmd.h"
#include "diag.h"
#include "model.h"
#include "outfile.h"
#include "plan.h"
#include "render.h"
#include "report.h"

#define PLAN_FILE	"plan.md"

static const char options_help[] =
    "  -f, --format FMT  text (default: the plan on stdout, diagnostics on\n"
    "                    stderr) or json (steps and diagnostics on stdout)\n"
    "  -F, --from OLD    plan the change from OLD, a description or a tree\n"
    "                    that generate wrote\n"
    "  -h, --help        this help\n"
    "  -o, --output DIR  write what generate writes for NEW, and plan.md\n";

static void	 print_json(FILE *, const struct plan *, const struct diags *);
static struct cluster *load_old(struct arena *, const char *from,
		    struct diags *, int *io_error);

static void
print_json(FILE *fp, const struct plan *pl, const struct diags *d)
{
	fputs("{\"steps\":[", fp);
	for (size_t i = 0; pl != NULL && i < pl->nsteps; i++) {
		const struct plan_step *st = &pl->steps[i];

		fputs(i ? ",{\"node\":" : "{\"node\":", fp);
		json_string(fp, st->node);
		fputs(",\"argv\":[", fp);
		for (size_t k = 0; st->argv[k] != NULL; k++) {
			if (k > 0)
				fputc(',', fp);
			json_string(fp, st->argv[k]);
		}
		fputs("],\"why\":", fp);
		json_string(fp, st->why);
		fputc('}', fp);
	}
	fputs("],", fp);
	report_json_diagnostics(fp, d);
	fputs("}\n", fp);
}

/*
 * The old description through the same pipeline as the new one.  Only
 * its errors are kept (in d): its warnings were reviewed when it was
 * current.  Returns NULL when it has one, with a line that says so.
 */
static struct cluster *
load_old(struct arena *a, const char *from, struct diags *d, int *io_error)
{
	struct diags	 od;
	struct cluster	*cl;
	struct stat	 sb;
	const char	*path = from;

	if (stat(from, &sb) == 0 && S_ISDIR(sb.st_mode))
		path = arena_printf(a, "%s/%s", from, TREE_DESCRIPTION);
	diags_init(&od, a);
	cl = cluster_check_file(a, path, &od, io_error);
	for (size_t i = 0; i < od.n; i++)
		if (od.v[i].level >= LEVEL_ERROR) {
			struct diag	*dg = diag_add(d, &od.v[i].pos,
					    od.v[i].level, od.v[i].rule, "%s",
					    od.v[i].msg);

			if (od.v[i].hint != NULL)
				diag_hint(d, dg, "%s", od.v[i].hint);
		}
	/* and those that od counted without keeping them (DIAGS_MAX) */
	d->more[LEVEL_ERROR] += od.more[LEVEL_ERROR];
	if (*io_error || cl == NULL || diags_max(&od) >= LEVEL_ERROR) {
		if (!*io_error)
			diag_add(d, NULL, LEVEL_ERROR, NULL, "the old description "
			    "\"%s\" has errors: no plan", path);
		return NULL;
	}
	return cl;
}

int
cmd_plan(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "from", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	enum report_format	 fmt = REPORT_TEXT;
	struct cluster		*cl, *old = NULL;
	struct plan		*pl = NULL;
	struct outfile		*files = NULL, *all;
	enum outfile_state	*states = NULL;
	struct arena		*a;
	struct diags		 d;
	size_t			 nfiles = 0;
	const char		*outdir = NULL, *from = NULL;
	int			 c, io_error = 0, status;

	optind = 1;
	while ((c = getopt_long(argc, argv, "F:f:ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'F':
			from = optarg;
			break;
		case 'f':
			if ((c = report_format_from_name(optarg)) < 0) {
				fprintf(stderr, "pgpair: unknown format \"%s\"\n",
				    optarg);
				return cmd_usage("plan");
			}
			fmt = (enum report_format)c;
			break;
		case 'h':
			return cmd_help("plan", options_help);
		case 'o':
			outdir = optarg;
			break;
		default:
			return cmd_usage("plan");
		}
	}
	if (argc - optind != 1)
		return cmd_usage("plan");

	a = arena_new();
	diags_init(&d, a);
	cl = cluster_check_file(a, argv[optind], &d, &io_error);
	status = io_error ? EXIT_USAGE : cmd_status(&d);
	if (status == EXIT_VALID && cl == NULL)
		status = EXIT_INVALID;	/* cannot happen: no model, no error */
	if (status == EXIT_VALID && from != NULL) {
		old = load_old(a, from, &d, &io_error);
		if (old == NULL)
			status = io_error ? EXIT_USAGE : EXIT_INVALID;
	}
	if (status == EXIT_VALID) {
		diags_sort(&d);
		pl = from != NULL ? plan_change(a, old, cl, from, &d) :
		    plan_review(a, cl, &d);
		if (pl == NULL)
			status = cmd_status(&d) == EXIT_VALID ? EXIT_USAGE :
			    EXIT_INVALID;
	}
	if (status == EXIT_VALID && outdir != NULL) {
		if (cmd_render_tree(a, cl, outdir, NULL, &files, &nfiles,
		    &d) != 0)
			status = EXIT_USAGE;
		else {
			/* plan.md goes with the tree, whole or not at all. */
			all = arena_calloc(a, nfiles + 1, sizeof(*all));
			memcpy(all, files, nfiles * sizeof(*all));
			all[nfiles].path = PLAN_FILE;
			all[nfiles].data = pl->markdown;
			all[nfiles].len = strlen(pl->markdown);
			all[nfiles].mode = 0644;
			files = all;
			nfiles++;
			states = arena_calloc(a, nfiles, sizeof(*states));
			if (outfile_write_all(outdir, files, nfiles, states,
			    &d) != 0)
				status = EXIT_USAGE;
		}
	}
	diags_sort(&d);
	if (fmt == REPORT_JSON)
		print_json(stdout, status == EXIT_VALID ? pl : NULL, &d);
	else if (outdir != NULL)
		/* As generate says which files it wrote. */
		report_written(stderr, stdout, fmt, outdir, status ==
		    EXIT_VALID ? files : NULL, states, nfiles, &d);
	else {
		report_text(stderr, &d);
		if (status == EXIT_VALID)
			fputs(pl->markdown, stdout);
	}
	arena_free(a);
	return status;
}

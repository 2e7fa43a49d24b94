/*
 * pgpair plan: the change from an old description (or a tree generated
 * from one) to a new one, as ordered runbook commands for review; without
 * --from, the reviewer's view of one description.  With -o, what generate
 * writes for the new description is written too, with plan.md, whole or
 * not at all.
 */
#include "config.h"

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

static struct cluster *load_old(struct arena *, const char *from,
		    struct diags *, int *io_error);

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
cmd_plan(struct cmd_run *run)
{
	struct report		 r = { .doc = DOC_PLAN, .out = stdout,
				    .err = stderr };
	struct cluster		*cl, *old = NULL;
	struct plan		*pl = NULL;
	struct outfile		*files = NULL, *all;
	enum outfile_state	*states = NULL;
	struct arena		*a;
	struct diags		 d;
	size_t			 nfiles = 0;
	const char		*outdir = run->arg[OPT_OUTPUT];
	const char		*from = run->arg[OPT_FROM];
	int			 io_error = 0, status;

	a = arena_new();
	diags_init(&d, a);
	cl = cluster_check_file(a, run->operands[0], &d, &io_error);
	status = io_error ? EXIT_USAGE : cmd_status(run, &d);
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
			status = cmd_status(run, &d) == EXIT_VALID ?
			    EXIT_USAGE : EXIT_INVALID;
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
	r.d = &d;
	r.plan = status == EXIT_VALID ? pl : NULL;
	/* With -o, the text report says which files were written. */
	r.dir = outdir;
	r.files = status == EXIT_VALID ? files : NULL;
	r.states = states;
	r.nfiles = nfiles;
	report_print(run->fmt, &r);
	arena_free(a);
	return status;
}

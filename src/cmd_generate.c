/*
 * pgpair generate: validate a description, then render every node's files
 * and write them, with the description itself, whole or not at all.  An
 * invalid description writes nothing.
 */
#include "config.h"

#include <stdio.h>

#include "arena.h"
#include "cmd.h"
#include "diag.h"
#include "outfile.h"
#include "render.h"
#include "report.h"

int
cmd_generate(struct cmd_run *run)
{
	struct report		 r = { .doc = DOC_WRITTEN, .out = stdout,
				    .err = stderr };
	enum outfile_state	*states = NULL;
	struct outfile		*files = NULL;
	struct cluster		*cl;
	struct arena		*a;
	struct diags		 d;
	size_t			 nfiles = 0;
	const char		*outdir = run->arg[OPT_OUTPUT];
	int			 io_error, status;

	a = arena_new();
	diags_init(&d, a);
	cl = cluster_check_file(a, run->operands[0], &d, &io_error);
	status = io_error ? EXIT_USAGE : cmd_status(run, &d);
	if (status == EXIT_VALID && cl == NULL)
		status = EXIT_INVALID;	/* cannot happen: no model, no error */
	if (status == EXIT_VALID) {
		if (cmd_render_tree(a, cl, outdir, run->arg[OPT_TEMPLATES],
		    &files, &nfiles, &d) != 0)
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
	r.d = &d;
	r.dir = outdir;
	r.files = status == EXIT_VALID ? files : NULL;
	r.states = states;
	r.nfiles = nfiles;
	report_print(run->fmt, &r);
	arena_free(a);
	return status;
}

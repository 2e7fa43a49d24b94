/*
 * pgpair check: load, model and check a description; write nothing.
 */
#include "config.h"

#include <stdio.h>

#include "arena.h"
#include "cmd.h"
#include "diag.h"
#include "report.h"

int
cmd_check(struct cmd_run *run)
{
	struct report	 r = { .doc = DOC_DIAGS, .out = stdout,
			    .err = stderr };
	const char	*path = run->operands[0];
	struct arena	*a;
	struct diags	 d;
	int		 io_error = 0, status;

	a = arena_new();
	diags_init(&d, a);
	if (!cmd_excluded(run, path))
		cluster_check_file(a, path, &d, &io_error);
	cmd_apply_config(run, &d);
	diags_sort(&d);
	r.d = &d;
	report_print(run->fmt, &r);
	status = io_error ? EXIT_USAGE : cmd_status(run, &d);
	arena_free(a);
	return status;
}

/*
 * What the subcommands share: the validation pipeline (load -> model ->
 * rules) and the usage/help/exit-status conventions.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"
#include "model.h"
#include "rule.h"
#include "yaml_load.h"

struct cluster *
cluster_check_file(struct arena *a, const char *path, struct diags *d,
    int *io_error)
{
	struct ynode		*root;
	struct cluster		*cl;
	struct check_ctx	 cx;

	*io_error = 0;
	if ((root = yaml_load_file(a, path, d, io_error)) == NULL)
		return NULL;
	if ((cl = model_build(a, root, path, d)) == NULL)
		return NULL;
	cx.a = a;
	cx.d = d;
	cx.cl = cl;
	rules_run(SCOPE_CLUSTER, &cx);
	return cl;
}

static const struct cmd *
find_cmd(const char *name)
{
	for (unsigned i = 0; i < cmds_count; i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

int
cmd_usage(const char *name)
{
	fprintf(stderr, "usage: pgpair %s\n", find_cmd(name)->usage);
	return EXIT_USAGE;
}

int
cmd_help(const char *name, const char *options)
{
	const struct cmd	*c = find_cmd(name);

	printf("usage: pgpair %s\n\n%s.\n", c->usage, c->summary);
	if (options != NULL)
		printf("\nOptions:\n%s", options);
	puts("\nExit status: 0 valid, 1 invalid, 2 usage or I/O error.\n"
	    "See pgpair(1).");
	return EXIT_VALID;
}

int
cmd_status(const struct diags *d)
{
	return diags_max(d) >= LEVEL_ERROR ? EXIT_INVALID : EXIT_VALID;
}

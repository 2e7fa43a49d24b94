/*
 * initdb-cli: the driver of tests/integration/t006-initdb.sh.  It loads
 * the description named by its argument and prints the initdb options
 * model_initdb_options() gives for it, one per line; a description with
 * an error prints its diagnostics on stderr and exits 1.
 * Not installed.
 */
#include "config.h"

#include <stdio.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "yaml_load.h"

int
main(int argc, char *argv[])
{
	struct arena	*a;
	struct diags	 d;
	struct ynode	*root;
	struct cluster	*cl = NULL;
	const char	**o;
	size_t		 n;
	int		 io_error = 0, rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: initdb-cli cluster.yaml\n");
		return 2;
	}
	a = arena_new();
	diags_init(&d, a);
	if ((root = yaml_load_file(a, argv[1], &d, &io_error)) != NULL)
		cl = model_build(a, root, argv[1], &d);
	if (cl == NULL || diags_max(&d) >= LEVEL_ERROR) {
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%u:%u: %s [%s]\n", d.v[i].pos.line,
			    d.v[i].pos.col, d.v[i].msg,
			    d.v[i].rule != NULL ? d.v[i].rule : "-");
		rc = io_error ? 2 : 1;
	} else {
		o = model_initdb_options(a, cl, &n);
		for (size_t i = 0; i < n; i++)
			puts(o[i]);
	}
	arena_free(a);
	return rc;
}

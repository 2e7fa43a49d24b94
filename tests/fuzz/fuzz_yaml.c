/*
 * libFuzzer target: a cluster description through check and generate's
 * stages, in memory: the YAML loader, the model, the cluster rules and,
 * when they find no error, every template rendered from the model.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fuzz.h"
#include "model.h"
#include "render.h"
#include "rule.h"
#include "yaml_load.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a;
	struct diags		 d;
	struct ynode		*root;
	struct cluster		*cl;
	struct check_ctx	 cx;
	struct outfile		*files;
	size_t			 nfiles;

	a = arena_new();
	diags_init(&d, a);
	if ((root = yaml_load_string(a, "cluster.yaml", (const char *)data,
	    size, &d)) != NULL &&
	    (cl = model_build(a, root, "cluster.yaml", &d)) != NULL) {
		memset(&cx, 0, sizeof(cx));
		cx.a = a;
		cx.d = &d;
		cx.cl = cl;
		rules_run(SCOPE_CLUSTER, &cx);
		/* generate renders only a description without errors. */
		if (diags_max(&d) < LEVEL_ERROR)
			render_cluster(a, cl, NULL, &files, &nfiles, &d);
	}
	fuzz_report(&d);
	arena_free(a);
	return 0;
}

/*
 * The render stage of generate: model -> view -> templates -> files in
 * memory.  Nothing is written here; outfile.c writes the result.
 */
#ifndef PGPAIR_RENDER_H
#define PGPAIR_RENDER_H

#include <stddef.h>
#include <sys/types.h>

#include "diag.h"

struct arena;
struct cluster;
struct node;

/*
 * Where a generated tree keeps the description it was generated from,
 * byte for byte, so that "plan --from DIR" can read the old model.
 */
#define TREE_DESCRIPTION	".pgpair/description.yaml"

struct outfile {
	const char	*path;		/* relative to the output directory */
	const char	*data;
	size_t		 len;
	mode_t		 mode;		/* 0644, or 0755 for runbooks */
};

struct render_opts {
	const char	*templates_dir;	/* overrides, or NULL */
	const char	*outdir;	/* to reuse an existing verifier */
	const char	*password;	/* the replication password, or NULL */
};

/*
 * Render every file of the cluster into *files (in the arena): for each
 * node NODE/pg_hba.conf, NODE/conf.d/..., NODE/runbook.sh, roles.sql on the
 * primary, and a summary at the top.  Template errors go to d.  Returns 0,
 * or -1 when something could not be rendered.
 */
int	 render_cluster(struct arena *a, const struct cluster *cl,
	    const struct render_opts *o, struct outfile **files,
	    size_t *nfiles, struct diags *d);

/*
 * Node n's pg_hba.conf exactly as render_cluster() writes it, with the
 * built-in template; in a, its length in *len.  NULL after reporting to d.
 */
const char	*render_node_hba(struct arena *a, const struct cluster *cl,
		    const struct node *n, size_t *len, struct diags *d);
/*
 * The topology as summary.md shows it, one line per node from the primary
 * down, each ending in a line break; in a.  Empty without a primary.
 */
const char	*render_tree(struct arena *a, const struct cluster *cl);
/* s for a Markdown table cell or code span (no | or `, no control
 * characters); in a. */
const char	*render_md_text(struct arena *a, const char *s);

#endif

/*
 * What the subcommands share: the validation pipeline (load -> model ->
 * rules), the tree that generate writes (render, plus the description
 * itself) and the usage/help/exit-status conventions.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cmd.h"
#include "diag.h"
#include "model.h"
#include "outfile.h"
#include "render.h"
#include "rule.h"
#include "strbuf.h"
#include "yaml_load.h"

static const char	*read_password(struct arena *, const struct cluster *,
			    struct diags *);

struct cluster *
cluster_check_file(struct arena *a, const char *path, struct diags *d,
    int *io_error)
{
	struct ynode		*root;
	struct cluster		*cl;
	struct check_ctx	 cx;
	const char		*text;
	size_t			 len;

	*io_error = 0;
	if ((root = yaml_load_file_text(a, path, d, io_error, &text,
	    &len)) == NULL)
		return NULL;
	if ((cl = model_build(a, root, path, d)) == NULL)
		return NULL;
	cl->text = text;
	cl->text_len = len;
	cx.a = a;
	cx.d = d;
	cx.cl = cl;
	rules_run(SCOPE_CLUSTER, &cx);
	return cl;
}

/*
 * The replication password, when it is at hand: from the environment
 * variable or the file the description names.  NULL when it is not; the
 * runbooks then set it at run time.  The password lives in the arena only.
 */
static const char *
read_password(struct arena *a, const struct cluster *cl, struct diags *d)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*pw = NULL;
	char		 buf[4096];
	size_t		 n;
	FILE		*fp;

	if (cl->pw_source == PASSWORD_ENV) {
		pw = getenv(cl->pw_ref);
		if (pw != NULL && *pw != '\0')
			return arena_strdup(a, pw);
		diag_add(d, NULL, LEVEL_INFO, NULL, "%s is not set: roles.sql "
		    "creates the role without a password, and the primary's "
		    "runbook sets it at run time", cl->pw_ref);
		return NULL;
	}
	if ((fp = fopen(cl->pw_ref, "r")) == NULL) {
		diag_add(d, NULL, LEVEL_INFO, NULL, "cannot read \"%s\" (%s): "
		    "roles.sql creates the role without a password, and the "
		    "primary's runbook sets it at run time", cl->pw_ref,
		    strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	/* One trailing line break is the file's, not the password's. */
	if (sb.len > 0 && sb.buf[sb.len - 1] == '\n')
		sb.buf[--sb.len] = '\0';
	if (sb.len > 0 && sb.buf[sb.len - 1] == '\r')
		sb.buf[--sb.len] = '\0';
	if (sb.len > 0 && strlen(sb.buf) == sb.len)
		pw = arena_strdup(a, sb.buf);
	memset(sb.buf, 0, sb.len);
	strbuf_release(&sb);
	memset(buf, 0, sizeof(buf));
	return pw;
}

int
cmd_render_tree(struct arena *a, const struct cluster *cl,
    const char *outdir, const char *templates_dir, struct outfile **files,
    size_t *nfiles, struct diags *d)
{
	struct render_opts	 ro;
	struct outfile		*f;

	memset(&ro, 0, sizeof(ro));
	ro.templates_dir = templates_dir;
	ro.outdir = outdir;
	ro.password = read_password(a, cl, d);
	if (render_cluster(a, cl, &ro, files, nfiles, d) != 0)
		return -1;
	/* render_cluster()'s array has no room to spare: a new one. */
	f = arena_calloc(a, *nfiles + 2, sizeof(*f));
	if (*nfiles > 0)
		memcpy(f, *files, *nfiles * sizeof(*f));
	if (cl->text != NULL) {
		f[*nfiles].path = TREE_DESCRIPTION;
		f[*nfiles].data = cl->text;
		f[*nfiles].len = cl->text_len;
		f[*nfiles].mode = 0644;
		(*nfiles)++;
	}
	/* Last: the manifest lists every file above. */
	outfile_manifest(a, f, *nfiles, &f[*nfiles]);
	(*nfiles)++;
	*files = f;
	return 0;
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

/*
 * The subcommands and what they share: the pipeline that loads, models and
 * checks a description, and the handling of common options.
 */
#ifndef PGPAIR_CMD_H
#define PGPAIR_CMD_H

#include "diag.h"

struct arena;
struct cluster;
struct outfile;

/* Exit statuses: the project's contract. */
#define EXIT_VALID	0
#define EXIT_INVALID	1
#define EXIT_USAGE	2

struct cmd {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*usage;		/* after "pgpair " */
	const char	*summary;
};

int	 cmd_check(int, char **);
int	 cmd_diff(int, char **);
int	 cmd_explain(int, char **);
int	 cmd_generate(int, char **);
int	 cmd_lint(int, char **);
int	 cmd_plan(int, char **);
int	 cmd_rules(int, char **);

/*
 * load -> model -> rules for the description at path.  Diagnostics go to
 * d.  Returns the cluster when it was built (it may still have errors in
 * d), NULL otherwise; *io_error is set when the file could not be read.
 */
struct cluster	*cluster_check_file(struct arena *, const char *path,
		    struct diags *d, int *io_error);
/*
 * Everything generate writes for cl under outdir, in memory (in a): the
 * files of render_cluster(), with the replication password read from the
 * variable or file the description names and the verifier already in
 * outdir's roles.sql kept when it still matches, then the description's
 * bytes as loaded at TREE_DESCRIPTION.  Returns 0, or -1 after reporting
 * to d.
 */
int		 cmd_render_tree(struct arena *a, const struct cluster *cl,
		    const char *outdir, const char *templates_dir,
		    struct outfile **files, size_t *nfiles, struct diags *d);
/* Print "usage: pgpair USAGE" for the command to stderr, return 2. */
int		 cmd_usage(const char *name);
/* Print the command's --help text to stdout, return 0. */
int		 cmd_help(const char *name, const char *options);
/* The exit status for a finished run: 1 when d holds an error. */
int		 cmd_status(const struct diags *d);

extern const struct cmd cmds[];
extern const unsigned cmds_count;

#endif

/*
 * The subcommands and what they share: the table of commands and of the
 * options each takes, parsed by one option parser (cmdline.c), which also
 * writes every usage line and --help from the tables; the pipeline that
 * loads, models and checks a description; the exit status.
 */
#ifndef PGPAIR_CMD_H
#define PGPAIR_CMD_H

#include <stddef.h>

#include "diag.h"
#include "report.h"

struct arena;
struct cluster;
struct repoconf;
struct outfile;
struct strbuf;

/* Exit statuses: the project's contract. */
#define EXIT_VALID	0
#define EXIT_INVALID	1
#define EXIT_USAGE	2

/* --fail-on none: no finding makes the status 1. */
#define FAIL_NEVER	(LEVEL_ERROR + 1)

/* Every option of every command, sorted by long name. */
enum opt_id {
	OPT_CLUSTER,
	OPT_CONFIG,
	OPT_FAIL_ON,
	OPT_FORMAT,
	OPT_FROM,
	OPT_NO_CONFIG,
	OPT_OUTPUT,
	OPT_PG_VERSION,
	OPT_STDIN_FILENAME,
	OPT_TEMPLATES,
	OPT_TYPE,
	OPT__COUNT
};

/* What an option's argument is, and so how the parser checks it. */
enum opt_kind {
	OPTK_FLAG,		/* no argument */
	OPTK_STRING,		/* any argument */
	OPTK_CHOICE,		/* one of values, "a|b|c": ival is its index */
	OPTK_FORMAT,		/* a format the command's document takes */
	OPTK_MAJOR		/* a PostgreSQL major pgpair knows: ival */
};

/* An option, the same in every command that takes it. */
struct opt_def {
	int		 short_name;	/* or 0 */
	const char	*long_name;
	const char	*arg;		/* the argument's name, or NULL */
	enum opt_kind	 kind;
	const char	*values;	/* OPTK_CHOICE */
	int		 usage_short;	/* the usage line says -x, not --long */
};

/* An option as one command takes it; a list ends with OPT__COUNT. */
struct cmd_opt {
	enum opt_id	 id;
	const char	*help;		/* --help; "\n" starts a new line */
	int		 required;
};

struct cmd_run;

struct cmd {
	const char		*name;
	int			(*fn)(struct cmd_run *);
	enum report_doc		 doc;		/* what it prints: its formats */
	const struct cmd_opt	*opts;		/* sorted by long name */
	const char		*operands;	/* after the options in usage */
	int			 min_args;
	int			 max_args;	/* -1: no limit */
	const char		*summary;
	const char		*notes;		/* after the options in --help */
};

/*
 * A command line, parsed: what the parser hands a command.  arg[] holds
 * each option's argument as given ("" for a flag), NULL when it was not
 * given; ival[] the number of an OPTK_CHOICE or OPTK_MAJOR.  The
 * repository configuration (config.h) is loaded for a command that takes
 * --config, and supplies what the command line does not say.
 */
struct cmd_run {
	const struct cmd		*cmd;
	const char			*arg[OPT__COUNT];
	int				 ival[OPT__COUNT];
	const struct report_format	*fmt;
	int				 fail_on;	/* a level or FAIL_NEVER */
	char				**operands;
	int				 noperands;
	const struct repoconf		*cfg;		/* or NULL */
};

extern const struct opt_def opt_defs[OPT__COUNT];
extern const struct cmd cmds[];
extern const unsigned cmds_count;

/*
 * Run the command of argv[0] (argv[1] ...: its arguments): parse them by
 * its table, load the repository configuration, call it, and return its
 * exit status.  A bad invocation prints "pgpair COMMAND: why" and the
 * usage line on stderr and returns EXIT_USAGE.
 */
int		 cmd_main(const struct cmd *c, int argc, char **argv);
/* The command called name, or NULL. */
const struct cmd *cmd_find(const char *name);
/*
 * Check arg as the argument of option id of command c (NULL will do but
 * for --format): 0, with the number of a choice or major in *ival, or -1
 * with why it is no good in why ("must be conf, hba or cluster, not
 * \"x\""), for the caller to say whose value it is.
 */
int		 cmd_opt_value(const struct cmd *c, enum opt_id id,
		    const char *arg, int *ival, struct strbuf *why);
/* "pgpair COMMAND: " and the message on stderr, then the usage line; 2. */
int		 cmd_usage_error(const struct cmd *c, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/*
 * The exit status for d: 1 when a finding reaches run's --fail-on level
 * (error unless said otherwise), else 0.
 */
int		 cmd_status(const struct cmd_run *run,
		    const struct diags *d);
/*
 * The repository configuration's rule levels applied to the findings of
 * d, and the findings of rules it turns off dropped; nothing without one.
 */
void		 cmd_apply_config(const struct cmd_run *run, struct diags *d);
/* Is path one the repository configuration excludes? */
int		 cmd_excluded(const struct cmd_run *run, const char *path);

int	 cmd_check(struct cmd_run *);
int	 cmd_diff(struct cmd_run *);
int	 cmd_explain(struct cmd_run *);
int	 cmd_generate(struct cmd_run *);
int	 cmd_lint(struct cmd_run *);
int	 cmd_plan(struct cmd_run *);
int	 cmd_rules(struct cmd_run *);

/*
 * load -> model -> rules for the description at path.  Diagnostics go to
 * d.  Returns the cluster when it was built (it may still have errors in
 * d), NULL otherwise; *io_error is set when the file could not be read.
 */
struct cluster	*cluster_check_file(struct arena *, const char *path,
		    struct diags *d, int *io_error);
/*
 * The same for a description in memory (len bytes at text, in a), name
 * naming it in positions.
 */
struct cluster	*cluster_check_buf(struct arena *, const char *name,
		    const char *text, size_t len, struct diags *d);
/*
 * Everything generate writes for cl under outdir, in memory (in a): the
 * files of render_cluster(), with the replication password read from the
 * variable or file the description names (a variable that is not set or
 * a file that does not exist leave it to the runbooks, with an info; a
 * password that cannot be used is an error) and the verifier already in
 * outdir's roles.sql kept when it still matches, then the description's
 * bytes as loaded at TREE_DESCRIPTION, and last the manifest of them all
 * at TREE_MANIFEST (outfile.h).  Returns 0, or -1 after reporting to d.
 */
int		 cmd_render_tree(struct arena *a, const struct cluster *cl,
		    const char *outdir, const char *templates_dir,
		    struct outfile **files, size_t *nfiles, struct diags *d);

#endif

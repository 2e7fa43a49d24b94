/*
 * The rule table: one entry per rule in rules.def, indexed by enum rule_id.
 * It feeds the checks, `pgpair rules`, `pgpair explain`, the man page and
 * every report, so a rule's id, default level and documentation live in one
 * place.
 */
#ifndef PGPAIR_RULE_H
#define PGPAIR_RULE_H

#include "diag.h"

struct arena;
struct cluster;
struct check_ctx;
struct conf_file_set;
struct hba_file;
struct hba_line;
struct hba_opts;
struct hba_syms;
struct ident_file;

/* What lint saw in a data directory (for SCOPE_DATADIR). */
struct datadir {
	const char	*path;
	int		 pg_version;	/* PG_VERSION's major, or 0 */
	int		 recovery_conf;	/* recovery.conf is there */
	int		 standby_signal;
	int		 recovery_signal;
};
struct rule;

enum rule_scope {
	SCOPE_YAML,		/* reported while loading the description */
	SCOPE_CLUSTER,		/* checks on the cluster model */
	SCOPE_CONF,		/* postgresql.conf settings */
	SCOPE_HBA,		/* pg_hba.conf lines */
	SCOPE_IDENT,		/* pg_ident.conf lines */
	SCOPE_DATADIR		/* a data directory's files */
};

typedef void	rule_check_fn(struct check_ctx *, const struct rule *);

struct rule {
	const char	*id;		/* kebab-case, never reused */
	enum level	 level;		/* default level */
	enum rule_scope	 scope;
	rule_check_fn	*check;		/* NULL: reported by a loader */
	const char	*summary;	/* one line */
	const char	*doc;		/* why it matters, the mistake, the fix */
};

enum rule_id {
#define RULE(sym, id, level, scope, fn, summary, doc)	RULE_##sym,
#include "rules.def"
#undef RULE
	RULE__COUNT
};

/*
 * What the checks read and where they report; owned by the caller.  A
 * check reads only the part its scope gives: cl for SCOPE_CLUSTER, conf
 * for SCOPE_CONF, hl for SCOPE_HBA, ident for SCOPE_IDENT, datadir (and
 * conf) for SCOPE_DATADIR.
 *
 * SCOPE_HBA checks see a file's lines one at a time, in the server's order,
 * as they are read (a big file is never held as lines): the check is
 * called with hl set to each line, valid during the call only, then once
 * with hl NULL when the file is done.  What a check keeps from one call to
 * the next hangs from state[its rule id], which starts NULL.
 */
struct check_ctx {
	struct arena			*a;
	struct diags			*d;
	const struct cluster		*cl;
	int				 major;		/* PostgreSQL major */
	const struct conf_file_set	*conf;
	const struct hba_file		*hba;		/* rules_run(): the
							   lines, listed */
	const struct hba_line		*hl;		/* SCOPE_HBA */
	const char			*hba_path;	/* the file hl is
							   read from */
	struct hba_syms			*syms;		/* SCOPE_HBA: where
							   the lines' names
							   are numbered */
	/*
	 * SCOPE_HBA: how a finding names line `line` of file `file` ("line
	 * 9"), or NULL for that default; check names the description's
	 * entries instead.  The text lives in cx->a.
	 */
	const char			*(*line_name)(struct check_ctx *,
					    const char *file, unsigned line);
	void				*line_arg;	/* for line_name */
	const struct ident_file		*ident;		/* SCOPE_IDENT */
	const struct datadir		*datadir;
	const char			*repl_user;	/* known replication
							   user, or NULL */
	int				 conf_refused;	/* set by the checks:
							   the server stops
							   reading conf */
	void				*state[RULE__COUNT];
};

extern const struct rule rules[RULE__COUNT];

/*
 * The rule with this id, or NULL.  A released id that a rename retired
 * (rule.c aliases[]) finds the rule that reports its findings now.
 */
const struct rule	*rule_find(const char *id);
/* The same for the len bytes at id. */
const struct rule	*rule_find_len(const char *id, size_t len);
/* The retired ids of rule r, one per call from *i = 0, then NULL. */
const char		*rule_aliases(enum rule_id r, size_t *i);
/* Report a finding of rule id at pos, at the rule's level. */
struct diag		*diag_rule(struct diags *, enum rule_id,
			    const struct pos *, const char *, ...)
			    __attribute__((format(printf, 4, 5)));
/*
 * Run every rule of scope that has a check function, in table order; for
 * SCOPE_HBA, over the lines of cx->hba and then its end.
 */
void			 rules_run(enum rule_scope, struct check_ctx *);
/* Run one rule, as rules_run() would. */
void			 rule_run(enum rule_id, struct check_ctx *);
/*
 * Run every SCOPE_HBA check on line hl, the next of a file (cx->hba_path,
 * cx->syms), or, with hl NULL, on the file's end: for a caller that reads
 * the lines itself.
 */
void			 rules_hba_line(struct check_ctx *,
			    const struct hba_line *hl);
/*
 * Read path as opts says and run the SCOPE_HBA checks of cx on each line
 * as it is read, then on the file's end.  Parse errors and findings go to
 * cx->d.  When keep is not NULL, the lines are listed there too (in
 * cx->a).  Returns 0, or -1 with errno set when path cannot be read
 * (nothing is reported then).
 */
int			 rules_hba_file(struct check_ctx *cx,
			    const char *path, const struct hba_opts *opts,
			    struct hba_file *keep);
/* The same for text in memory (borrowed); name names it in positions. */
int			 rules_hba_buf(struct check_ctx *cx,
			    const char *name, const char *text, size_t len,
			    const struct hba_opts *opts, struct hba_file *keep);

#endif

/*
 * Per-major-version facts about PostgreSQL, read from the real servers:
 * the catalog of parameters (pg_settings of 12 to 18, kept in schemas/ and
 * compiled in), and the checker of a parameter's value, which follows the
 * server's own parsing (guc.c parse_bool, parse_int, parse_real, enum
 * lookup, units).  check, generate and lint all judge settings here.
 */
#ifndef PGPAIR_PGVOCAB_H
#define PGPAIR_PGVOCAB_H

#include <stddef.h>

struct arena;

/*
 * The supported majors: those of the catalogs in schemas/, from which the
 * build writes catalog_majors.h (PG_MAJOR_MIN, PG_MAJOR_MAX).  A major
 * that is not told is read as the newest.
 */
#include "catalog_majors.h"

#define PG_MAJOR_DEFAULT PG_MAJOR_MAX
#define PG_STR_(x)	#x
#define PG_STR(x)	PG_STR_(x)
/* "12 to 18", for messages and documentation. */
#define PG_MAJORS_TEXT	PG_STR(PG_MAJOR_MIN) " to " PG_STR(PG_MAJOR_MAX)

enum guc_type {
	GUC_BOOL,
	GUC_INT,
	GUC_REAL,
	GUC_STRING,
	GUC_ENUM
};

enum guc_context {
	GUCCTX_INTERNAL,
	GUCCTX_POSTMASTER,
	GUCCTX_SIGHUP,
	GUCCTX_SUPERUSER_BACKEND,
	GUCCTX_BACKEND,
	GUCCTX_SUPERUSER,
	GUCCTX_USER
};

struct guc_def {
	const char		*name;		/* lower case, as in pg_settings */
	enum guc_type		 type;
	enum guc_context	 context;
	const char		*unit;		/* pg_settings.unit ("8kB", "ms"), or NULL */
	double			 min, max;	/* GUC_INT, GUC_REAL */
	const char *const	*enumvals;	/* GUC_ENUM: NULL-terminated, as listed */
	const char *const	*hidden;	/* GUC_ENUM: accepted but unlisted, or NULL */
	const char		*boot_val;	/* the compiled-in default, as text */
	int			 listed;	/* pg_settings shows it */
	const char		*alias;		/* an old name: the parameter it
						   stands for (guc.c
						   map_old_guc_names); else
						   NULL */
};

/* Result of checking one value. */
struct guc_value {
	int		 ok;
	const char	*msg;		/* when !ok: the server's complaint, in the arena */
	const char	*hint;		/* or NULL */
	double		 num;		/* GUC_INT, GUC_REAL: value in the base unit */
	int		 boolval;	/* GUC_BOOL */
	const char	*enumval;	/* GUC_ENUM: the canonical value */
};

/*
 * The parameters a hot standby must hold at no lower value than the
 * primary (CheckRequiredParameterValues() of the startup process, PG 12
 * to 18; postgres-facts.md section 3), NULL-terminated.
 */
extern const char *const pgvocab_standby_params[];

/* 1 when major is in PG_MAJOR_MIN..PG_MAJOR_MAX. */
int			 pgvocab_supported(int major);
/*
 * The parameter, looked up case-insensitively, or NULL.  An old name the
 * server maps (sort_mem) gives the parameter it stands for; parameters
 * pg_settings does not show (ssl_renegotiation_limit) are found too.
 */
const struct guc_def	*pgvocab_find(int major, const char *name);
/*
 * Every row of major's catalog, sorted by name, old names included;
 * *n gets the count.
 */
const struct guc_def	*pgvocab_all(int major, unsigned *n);
/*
 * A name the server accepts without knowing it: a custom placeholder, that
 * is a dotted name ("pg_stat_statements.track").  PG 15 and later reject
 * placeholders under reserved prefixes of loaded modules; that is not known
 * offline and is not reported.
 */
int			 pgvocab_is_custom(const char *name);
/*
 * For a name unknown to major: a hint in a, or NULL.  It names the history
 * ("removed in PostgreSQL 16", "renamed to wal_keep_size in PostgreSQL 13",
 * "added in PostgreSQL 17") when another catalog knows the name, else a
 * did-you-mean ("did you mean \"max_connections\"?") when one is close.
 */
const char		*pgvocab_unknown_hint(struct arena *a, int major,
			    const char *name);
/*
 * Check value (already unquoted) for g as the server would when reading it
 * from postgresql.conf.  Messages follow the server's wording, e.g.
 * invalid value for parameter "max_connections": "lots".
 * Always returns out->ok.
 */
int			 pgvocab_check_value(struct arena *a, int major,
			    const struct guc_def *g, const char *value,
			    struct guc_value *out);
/*
 * The same for a setting whose name the file wrote as written (another
 * case, or an old name of g): the messages name it as the major's server
 * does.
 */
int			 pgvocab_check_written(struct arena *a, int major,
			    const struct guc_def *g, const char *written,
			    const char *value, struct guc_value *out);
/* The list syntaxes of varlena.c that settings use. */
enum pg_list_kind {
	PG_LIST_IDENT,		/* SplitIdentifierString(): names, lower-cased */
	PG_LIST_GUC,		/* SplitGUCList() */
	PG_LIST_DIRS		/* SplitDirectoriesString(): inner blanks kept */
};

/*
 * Split s as the server's splitter of that kind does for major (white
 * space differs by version).  Returns 1 and, when not NULL, *items (a
 * NULL-terminated array in a) and *n; 0 for a syntax error.
 */
int			 pgvocab_split_list(struct arena *a, int major,
			    const char *s, enum pg_list_kind kind, char ***items,
			    size_t *n);
/*
 * The server's reading of a boolean (guc.c parse_bool(), the same in 12
 * to 18): on, off, true, false, yes, no, 1, 0, in any case, and the
 * unique prefixes of the words ("t", "of"; not "o").  Returns 1 and sets
 * *result, or 0 when value is no boolean.  Every reader of a boolean
 * setting goes through it.
 */
int			 pgvocab_parse_bool(const char *value, int *result);
/* g's compiled-in default in the base unit, for GUC_INT and GUC_REAL. */
double			 pgvocab_default_num(const struct guc_def *g);
const char		*guc_type_name(enum guc_type);

#endif

/*
 * Diagnostics are values: finders add records to a struct diags, and only
 * report_*.c prints them.  Severity is one ordered enum, so the exit status
 * and any level filter compare on it.
 */
#ifndef PGPAIR_DIAG_H
#define PGPAIR_DIAG_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

enum level {
	LEVEL_OFF = 0,		/* a rule switched off; never stored */
	LEVEL_INFO,
	LEVEL_WARNING,
	LEVEL_ERROR
};

/*
 * A place in an input: lines and columns count from 1, columns in
 * characters.  line == 0 means the whole file; file == NULL means no file.
 */
struct pos {
	const char	*file;
	unsigned	 line;
	unsigned	 col;
};

struct diag {
	struct pos	 pos;
	enum level	 level;
	const char	*rule;		/* rule id, or NULL for process problems */
	const char	*msg;
	const char	*hint;		/* or NULL */
	size_t		 seq;		/* insertion order, the last sort key */
};

/* An inline suppression comment a reader met (suppress.h). */
struct suppression {
	const char	*file;
	unsigned	 line;
	const char	*ids;		/* "rule[,rule]", len bytes */
	size_t		 len;
};

/*
 * The most diagnostics a struct diags keeps (pgpair(1), Limits).  Past
 * it, diag_add() counts a finding by level instead of keeping it, so that
 * memory stays bounded whatever the input, and the reports end with the
 * count (diags_more()).
 */
#define DIAGS_MAX	10000

/* An input's bytes as its reader read them (diags_source()). */
struct diag_source {
	const char	*file;		/* as positions name it */
	const char	*buf;		/* len bytes, borrowed */
	size_t		 len;
};

struct diags {
	struct arena		*a;	/* holds every message; borrowed */
	struct diag		*v;
	size_t			 n, cap;
	size_t			 max;	/* DIAGS_MAX; a test may raise it */
	size_t			 more[LEVEL_ERROR + 1];	/* not kept */
	struct diag		 spare;	/* diag_add()'s for one not kept */
	struct suppression	*sup;	/* suppress_note() keeps them */
	size_t			 nsup, capsup;
	size_t			*supidx;	/* suppress_covers()'s index */
	size_t			 nsupidx, capsupidx;
	struct diag_source	*src;	/* diags_source() keeps them */
	size_t			 nsrc, capsrc;
};

void		 diags_init(struct diags *, struct arena *);
/*
 * Add a record; the message is formatted into the arena.  Returns it.
 * With d->max records kept already, the finding is counted instead
 * (unless a suppression comment read so far covers it) and a scratch
 * record is returned, which diag_hint() leaves alone.
 */
struct diag	*diag_add(struct diags *, const struct pos *, enum level,
		    const char *rule, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));
struct diag	*diag_vadd(struct diags *, const struct pos *, enum level,
		    const char *rule, const char *fmt, va_list)
		    __attribute__((format(printf, 5, 0)));
/*
 * Is the next finding only counted (d->max kept already)?  A rule need not
 * build the parts of a message that would not be kept.
 */
int		 diags_full(const struct diags *);
/* Attach a hint line to a record. */
void		 diag_hint(struct diags *, struct diag *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
/*
 * The len bytes at buf are file (named as positions name it) as its reader
 * read them, so that a report can quote the line of a diagnostic.  They
 * are kept only when a, which holds buf, is the arena of d, so that they
 * live as long as d; the first bytes given for a file are kept.
 */
void		 diags_source(struct diags *, struct arena *a,
		    const char *file, const char *buf, size_t len);
/* The bytes kept for file, or NULL. */
const struct diag_source *diags_find_source(const struct diags *,
		    const char *file);
/* Sort by file, line, column, rule, then insertion order. */
void		 diags_sort(struct diags *);
/*
 * The highest level present, kept or counted, LEVEL_OFF when there is
 * none: the exit status does not depend on DIAGS_MAX.
 */
enum level	 diags_max(const struct diags *);
/* The findings of a level, kept or counted. */
size_t		 diags_count(const struct diags *, enum level);
/*
 * The findings counted but not kept (see DIAGS_MAX); *max, when not NULL,
 * gets the highest level among them.
 */
size_t		 diags_more(const struct diags *, enum level *max);
const char	*level_name(enum level);
/* "error" -> LEVEL_ERROR etc.; returns -1 for an unknown name. */
int		 level_from_name(const char *);

#endif

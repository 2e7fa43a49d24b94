/*
 * pg_ident.conf lines with their meaning: a map name, a system user (a
 * regular expression when it starts with /) and a database user, judged as
 * PostgreSQL's hba.c parse_ident_line() judges them for 12 to 18.  The
 * file is read by the tokenizer of pg_hba.conf (hba_scan.c), as the server
 * reads both: comma lists, double quotes, @file, backslash continuation
 * (14 and later) and include records (16 and later).  What the server
 * refuses becomes ident-syntax and ident-include diagnostics; the checks
 * of rules_ident.c judge the rest.
 */
#ifndef PGPAIR_IDENT_PARSE_H
#define PGPAIR_IDENT_PARSE_H

#include <stddef.h>

#include "diag.h"
#include "hba_scan.h"

struct arena;

/*
 * One record.  A line the server refuses is listed too, with error set and
 * the fields after the error empty (text NULL).
 */
struct ident_line {
	struct ident_line	*next;
	struct pos		 pos;		/* file, first line, col 1 */
	const char		*error;		/* the server's message */
	struct hba_token	 map;		/* the map name */
	struct hba_token	 sys;		/* the system user */
	struct hba_token	 pg;		/* the database user */
	/* The first field after pg, which the server ignores (pos.file
	 * NULL when none), and how many there are. */
	struct hba_token	 extra;
	unsigned		 nextra;
};

struct ident_file {
	const char		*path;
	int			 major;
	struct ident_line	*first, *last;	/* includes expanded */
	size_t			 nlines;
	size_t			 nerrors;	/* lines with error != NULL */
};

/*
 * Read path (and what it includes) as PostgreSQL major would.  Lines and
 * messages live in a.  Every line the server refuses gets one error in d
 * (ident-syntax or ident-include) at the offending token, up to 100 per
 * file, and the inline suppression comments of the files read are kept in
 * d.  Returns 0, or -1 with errno set when path cannot be read (nothing is
 * added to d then).
 */
int	 ident_parse_file(struct arena *a, const char *path, int major,
	    struct diags *d, struct ident_file *out);
/* The same for text in memory (borrowed); name is used for positions and
 * to resolve @file and include names.  Returns 0. */
int	 ident_parse_buf(struct arena *a, const char *name, const char *text,
	    size_t len, int major, struct diags *d, struct ident_file *out);
/* 1 when the token is a regular expression (hba.c: it starts with /). */
int	 ident_is_regex(const struct hba_token *t);

#endif

/*
 * pg_hba.conf tokens, read as PostgreSQL's hba.c tokenize_auth_file() reads
 * them for a given major version: blanks, comma lists, double quotes, #
 * comments, backslash continuation (14 and later), @file expansion and the
 * include, include_if_exists and include_dir records (16 and later).  The
 * result is a list of lines of fields of tokens, each with its position;
 * hba_parse.c gives the fields their meaning.
 */
#ifndef PGPAIR_HBA_SCAN_H
#define PGPAIR_HBA_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct arena;

/* One token: the text with quotes removed ("" inside quotes is one "). */
struct hba_token {
	const char	*text;		/* NUL-terminated; see hba_scan_fn */
	int		 quoted;	/* a quote before the first character */
	uint32_t	 key;		/* databases and users: see hba_parse.h */
	struct pos	 pos;		/* first character, or its quote */
};

/*
 * One field: tokens separated by commas ("a,b" and "a, b" are both one
 * field of two tokens).  Tokens read from an @file carry positions in that
 * file; pos and end are where the field is written on the line.
 */
struct hba_field {
	struct hba_token	*tok;
	size_t			 ntok;
	struct pos		 pos;
	struct pos		 end;
};

enum hba_scan_err {
	HBA_SCAN_OK = 0,
	HBA_SCAN_SYNTAX,	/* token or line too long */
	HBA_SCAN_INCLUDE	/* an @file or include record failed */
};

/*
 * One record: a physical line and its continuation lines.  Lines that hold
 * only blanks and comments are not listed.  With an error, fields may be
 * incomplete and the line must not be given a meaning: the server refuses
 * the whole file.
 */
struct hba_tokline {
	struct pos		 pos;		/* file, first line, col 1 */
	struct pos		 eol;		/* just after the last token */
	struct hba_field	*field;
	size_t			 nfield;
	enum hba_scan_err	 err;
	const char		*error;		/* the server's message */
	struct pos		 errpos;	/* the offending token */
	struct hba_tokline	*next;
};

struct hba_toklines {
	struct hba_tokline	*first, *last;
	size_t			 n;
};

/*
 * A consumer of records, called with each one in the order of the list
 * below.  The record, its fields, their tokens and the tokens' texts are
 * valid only during the call (next is NULL): a consumer copies what it
 * keeps.  (Copying every text into the arena doubled the memory a large
 * file takes, for names that are nearly all looked up and dropped.)
 */
typedef void	hba_scan_fn(void *arg, const struct hba_tokline *);

/*
 * Read path and every file it includes, as PostgreSQL major (12 to 18)
 * would.  Records of included files follow in the server's order, each
 * naming its own file.  Everything lives in a.  Returns 0, or -1 with errno
 * set when path itself cannot be read (problems with included files are
 * errors on the including record instead).
 */
int	hba_scan_file(struct arena *a, const char *path, int major,
	    struct hba_toklines *out);
/*
 * The same for text already in memory (borrowed for the call); name is the
 * file name used in positions and to resolve relative @file and include
 * names.  Always returns 0.
 */
int	hba_scan_buf(struct arena *a, const char *name, const char *text,
	    size_t len, int major, struct hba_toklines *out);
/*
 * The same, handing each record to fn instead of listing it, so that a
 * caller keeps only what it needs of each.  When notes is not NULL, every
 * line read (of included files too) is offered to suppress_note() for it.
 */
int	hba_scan_file_each(struct arena *a, const char *path, int major,
	    hba_scan_fn *fn, void *arg, struct diags *notes);
int	hba_scan_buf_each(struct arena *a, const char *name, const char *text,
	    size_t len, int major, hba_scan_fn *fn, void *arg,
	    struct diags *notes);

#endif

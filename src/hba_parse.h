/*
 * pg_hba.conf lines with their meaning: connection type, databases, users,
 * address and mask, method and options, judged as PostgreSQL's hba.c
 * parse_hba_line() and parse_hba_auth_opt() judge them for 12 to 18.  It
 * reads the records of hba_scan.c and reports what the server refuses as
 * hba-syntax and hba-include diagnostics; rules_hba.c checks the rest.
 */
#ifndef PGPAIR_HBA_PARSE_H
#define PGPAIR_HBA_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "hba_scan.h"
#include "hba_vocab.h"
#include "rule.h"

struct arena;

enum hba_addr_kind {
	HBA_ADDR_NONE = 0,	/* local lines, or an error before it */
	HBA_ADDR_ALL,
	HBA_ADDR_SAMEHOST,
	HBA_ADDR_SAMENET,
	HBA_ADDR_IP,		/* numeric address with a CIDR or mask column */
	HBA_ADDR_HOSTNAME	/* a name or .suffix, resolved per client */
};

/*
 * The numbers of the names of database and user fields (HBA_KEY_*): one
 * table gives equal keys to equal names, whichever file they are read
 * from, so that a check can number a name of its own (the superuser,
 * the replication user) and compare it with the lines'.
 */
struct hba_syms;

struct hba_opts {
	int		 major;		/* 12 to 18 */
	unsigned	 features;	/* HBA_FEAT_* */
	const char	*oauth_validators; /* oauth_validator_libraries of
					   postgresql.conf, or NULL: unset */
	struct hba_syms	*syms;		/* where names are numbered, or
					   NULL: a table of the call's own */
};

/* One name=value option after the method. */
struct hba_option {
	const char	*name;
	const char	*value;
	struct pos	 pos;		/* the token */
};

/* A place on a record's own lines: its file is the record's pos.file. */
struct hba_lc {
	unsigned	 line;		/* 0: not set */
	unsigned	 col;
};

/*
 * One record.  Lines the server refuses are listed too, with error set and
 * the fields after the error left empty (conntype HBA_CONN_NONE, method
 * AUTH_NONE, ...); checks on meaning should skip them.  A big file holds
 * one per line, so it is kept small: places are line and column on the
 * record's file (hba_line_pos() makes a struct pos of one), and what only
 * the parser needs stays in the parser.
 */
struct hba_line {
	/*
	 * What the checks read of every line comes first, so that a walk
	 * over a big file touches one cache line per line and no more.
	 */
	struct hba_line		*next;
	const struct hba_token	*db;		/* databases, as written */
	const struct hba_token	*user;		/* users, as written */
	const char		*error;		/* the server's message */
	unsigned		 ndb;
	unsigned		 nuser;
	enum hba_conntype	 conntype;
	enum hba_method		 method;
	enum hba_addr_kind	 addr_kind;
	int			 prefixlen;	/* -1: mask not contiguous */
	short			 family;	/* HBA_ADDR_IP: 4 or 6 */
	/* 1: pg_hba_file_rules shows the error, but the file still loads */
	short			 error_loads;
	unsigned		 nopt;
	unsigned char		 addr[16];	/* HBA_ADDR_IP: network order */
	unsigned char		 mask[16];
	const char		*addr_text;	/* the address token, or NULL */
	const char		*mask_text;	/* a mask column, or NULL */
	struct pos		 pos;		/* file, first line, col 1 */
	struct hba_lc		 type_at;	/* the fields, as written */
	struct hba_lc		 addr_at;
	struct hba_lc		 method_at;
	struct hba_option	*opt;
};

struct hba_file {
	const char	*path;
	struct hba_opts	 opts;
	struct hba_syms	*syms;		/* where its names are numbered */
	struct hba_line	*first, *last;	/* every record, includes expanded */
	size_t		 nlines;
	size_t		 nerrors;	/* lines with error != NULL */
};

/*
 * Read path (and what it includes) as PostgreSQL opts->major would, with
 * the build features of opts (NULL: major 18, HBA_FEAT_DEFAULT).  Lines,
 * tokens and messages live in a.  Every line the server would refuse gets
 * one error-level diagnostic in d (hba-syntax or hba-include) at the
 * offending field, up to 100 per call, and the inline suppression comments
 * of the files read are kept there too (suppress.h).  Returns 0, or -1
 * with errno set when path cannot be read (nothing is added to d then).
 */
int	 hba_parse_file(struct arena *a, const char *path,
	    const struct hba_opts *opts, struct diags *d, struct hba_file *out);
/* The same for text in memory (borrowed); name is used for positions and
 * to resolve @file and include names.  Returns 0. */
int	 hba_parse_buf(struct arena *a, const char *name, const char *text,
	    size_t len, const struct hba_opts *opts, struct diags *d,
	    struct hba_file *out);

/*
 * A consumer of lines, called with each in the server's order.  The line
 * and its arrays of tokens and options, and the texts they point to, are
 * valid only during the call (next is NULL): hba_line_copy() keeps one.
 * The names of host name lines (addr_text), messages and option names
 * live in the arena.
 */
typedef void	 hba_line_fn(void *arg, const struct hba_line *);

/*
 * hba_parse_file(), handing each line to fn as it is read instead of
 * listing them, so that a big file is never held as lines: a caller keeps
 * only what it needs of each.
 */
int	 hba_parse_file_each(struct arena *a, const char *path,
	    const struct hba_opts *opts, struct diags *d, hba_line_fn *fn,
	    void *arg);
/*
 * The one reader of IP addresses (no /bits), for lines and descriptions
 * alike: getaddrinfo() with AI_NUMERICHOST and AF_UNSPEC, as hba.c calls
 * it, so that the same function gives the same verdict on the same
 * system; strict takes only the spellings of inet_pton() (a dotted quad,
 * IPv6), what a description may write.  Returns 0 with *fam 4 or 6 and
 * the address in bytes (16, IPv4 first and zeros after; may be NULL), or
 * getaddrinfo()'s error (EAI_NONAME: not numeric, a host name perhaps).
 */
int	 hba_ip_parse(const char *s, int strict, int *fam,
	    unsigned char *bytes);
/*
 * ip.c pg_sockaddr_cidr_mask(): strtol() of the bits, nothing else after
 * them, 0..32 or 0..128 for fam.  Returns the bits and fills mask (16
 * bytes), or -1.
 */
int	 hba_cidr_bits(const char *bits, int fam, unsigned char *mask);
/*
 * Does the server load line hl?  Lines without an error do, and so do
 * those whose error only marks them in pg_hba_file_rules (hostssl without
 * SSL and the like), which never match.
 */
static inline int
hba_line_loads(const struct hba_line *hl)
{
	return (hl->error == NULL || hl->error_loads) &&
	    hl->conntype != HBA_CONN_NONE && hl->method != AUTH_NONE;
}
/* An empty table of names in a. */
struct hba_syms	*hba_syms_new(struct arena *a);
/* The key of name text (copied when new) of kind HBA_KIND_*. */
uint32_t	 hba_syms_key(struct hba_syms *, unsigned kind,
		    const char *text);
/* The same for text in memory (borrowed), as hba_parse_buf() reads it. */
int	 hba_parse_buf_each(struct arena *a, const char *name,
	    const char *text, size_t len, const struct hba_opts *opts,
	    struct diags *d, hba_line_fn *fn, void *arg);
/* A copy of hl, its arrays and its texts in a. */
struct hba_line	*hba_line_copy(struct arena *a, const struct hba_line *hl);
/* Add hl (next NULL) at the end of the lines of f, counting it. */
void		 hba_file_append(struct hba_file *f, struct hba_line *hl);
/* The place at of line hl as a position ({ NULL, 0, 0 } when not set). */
struct pos	 hba_line_pos(const struct hba_line *hl, struct hba_lc at);
/*
 * What PostgreSQL's regcomp() says of the regular expression re (a token
 * without its leading /), when that is certain without compiling it:
 * pg_regerror()'s text, or NULL.  pg_hba.conf and pg_ident.conf share it.
 */
const char	*hba_regex_error(const char *re);

#endif

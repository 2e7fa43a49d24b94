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

#include "diag.h"
#include "hba_scan.h"
#include "rule.h"

struct arena;

enum hba_conntype {
	HBA_CONN_NONE = 0,	/* the line has an error before its type */
	HBA_LOCAL,
	HBA_HOST,
	HBA_HOSTSSL,
	HBA_HOSTNOSSL,
	HBA_HOSTGSSENC,
	HBA_HOSTNOGSSENC
};

/* hba.h UserAuth, without "implicit reject". */
enum hba_method {
	AUTH_NONE = 0,		/* the line has an error before its method */
	AUTH_REJECT,
	AUTH_TRUST,
	AUTH_IDENT,
	AUTH_PASSWORD,
	AUTH_MD5,
	AUTH_SCRAM,
	AUTH_GSS,
	AUTH_SSPI,
	AUTH_PAM,
	AUTH_BSD,
	AUTH_LDAP,
	AUTH_CERT,
	AUTH_RADIUS,
	AUTH_PEER,
	AUTH_OAUTH		/* 18 and later */
};

enum hba_addr_kind {
	HBA_ADDR_NONE = 0,	/* local lines, or an error before it */
	HBA_ADDR_ALL,
	HBA_ADDR_SAMEHOST,
	HBA_ADDR_SAMENET,
	HBA_ADDR_IP,		/* numeric address with a CIDR or mask column */
	HBA_ADDR_HOSTNAME	/* a name or .suffix, resolved per client */
};

/*
 * What the server's build offers.  A line using a missing feature is an
 * error in pg_hba_file_rules; HBA_FEAT_DEFAULT is the build of Debian and
 * the PGDG packages (OpenSSL, GSSAPI, LDAP and PAM).  HBA_FEAT_SSL_OFF says
 * ssl = off in postgresql.conf, which makes hostssl lines an error there.
 */
#define HBA_FEAT_SSL		0x01u
#define HBA_FEAT_GSS		0x02u
#define HBA_FEAT_LDAP		0x04u
#define HBA_FEAT_PAM		0x08u
#define HBA_FEAT_SSL_OFF	0x10u
#define HBA_FEAT_DEFAULT \
	(HBA_FEAT_SSL | HBA_FEAT_GSS | HBA_FEAT_LDAP | HBA_FEAT_PAM)

struct hba_opts {
	int		 major;		/* 12 to 18 */
	unsigned	 features;	/* HBA_FEAT_* */
	const char	*oauth_validators; /* oauth_validator_libraries of
					   postgresql.conf, or NULL: unset */
};

/*
 * What a database or user token stands for, as hba.c check_db() and
 * check_role() read it for the file's version, as a number: two tokens of
 * the same field kind have equal keys when they match the same names.  The
 * low two bits give the kind; keywords count only unquoted (samegroup is
 * samerole), +name is a group only unquoted, and from 16 on a token
 * starting with / is a regular expression, quoted or not.  Other names
 * are numbered as the file is read, so keys compare within one file.
 */
#define HBA_KEY_KIND(k)		((k) & 3u)
#define HBA_KIND_KEYWORD	0u
#define HBA_KIND_NAME		1u
#define HBA_KIND_GROUP		2u	/* users: +name */
#define HBA_KIND_REGEX		3u
#define HBA_KEY_ALL		(1u << 2)
#define HBA_KEY_REPLICATION	(2u << 2)	/* databases */
#define HBA_KEY_SAMEUSER	(3u << 2)	/* databases */
#define HBA_KEY_SAMEROLE	(4u << 2)	/* databases */

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
 * and its arrays of tokens and options are valid only during the call
 * (next is NULL); the texts they point to live in the arena.
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
/* A copy of hl and its arrays in a, sharing the texts. */
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
/* "md5", "scram-sha-256", ...; NULL for AUTH_NONE. */
const char *hba_method_name(enum hba_method);
/* "local", "host", ...; NULL for HBA_CONN_NONE. */
const char *hba_conntype_name(enum hba_conntype);

#endif

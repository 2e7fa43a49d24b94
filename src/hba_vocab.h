/*
 * The words of pg_hba.conf, once for every reader and writer: connection
 * types, the keywords of each field, authentication methods and their
 * options, with the majors and the server builds that take them (hba.c
 * of PostgreSQL 12 to 18).  hba_parse.c judges lines with these tables;
 * the model checks access: entries and render.c and quote.c write
 * pg_hba.conf with the same ones.
 */
#ifndef PGPAIR_HBA_VOCAB_H
#define PGPAIR_HBA_VOCAB_H

#include <stdint.h>

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
	AUTH_OAUTH,		/* 18 and later */
	AUTH__COUNT
};

/*
 * What the server's build offers.  A line using a missing feature is an
 * error in pg_hba_file_rules; HBA_FEAT_DEFAULT is the build of Debian and
 * the PGDG packages (OpenSSL, GSSAPI, LDAP and PAM).  HBA_FEAT_SSL_OFF says
 * ssl = off in postgresql.conf, which makes hostssl lines an error there.
 * HBA_FEAT_NEVER marks what no Linux build has (sspi, bsd).
 */
#define HBA_FEAT_SSL		0x01u
#define HBA_FEAT_GSS		0x02u
#define HBA_FEAT_LDAP		0x04u
#define HBA_FEAT_PAM		0x08u
#define HBA_FEAT_SSL_OFF	0x10u
#define HBA_FEAT_NEVER		0x80u
#define HBA_FEAT_DEFAULT \
	(HBA_FEAT_SSL | HBA_FEAT_GSS | HBA_FEAT_LDAP | HBA_FEAT_PAM)

/*
 * The kinds of connection, as sets: a Unix socket, and TCP with SSL, with
 * GSSAPI encryption or with neither (a connection never has both).  A
 * connection type admits a set of them (hba.c check_hba()).
 */
#define HBA_CONN_SOCKET		0x1u
#define HBA_CONN_SSL		0x2u
#define HBA_CONN_GSS		0x4u
#define HBA_CONN_PLAIN		0x8u
#define HBA_CONN_TCP		(HBA_CONN_SSL | HBA_CONN_GSS | HBA_CONN_PLAIN)

/*
 * What a database or user token stands for, as hba.c check_db() and
 * check_role() read it for the file's version, as a number: two tokens of
 * the same field kind have equal keys when they match the same names.  The
 * low two bits give the kind; keywords count only unquoted (samegroup is
 * samerole), +name is a group only unquoted, and from 16 on a token
 * starting with / is a regular expression, quoted or not.  Other names
 * are numbered as a file is read (hba_syms), so keys compare within the
 * names of one table.
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

/* The fields a keyword belongs to. */
#define HBA_FIELD_TYPE		0x1u	/* include records, 16 and later */
#define HBA_FIELD_DATABASE	0x2u
#define HBA_FIELD_USER		0x4u
#define HBA_FIELD_ADDRESS	0x8u

/* Address keywords. */
enum hba_addr_word {
	HBA_WORD_ALL = 1,
	HBA_WORD_SAMEHOST,
	HBA_WORD_SAMENET
};

/* Include records (16 and later). */
enum hba_include {
	HBA_INCLUDE_FILE = 1,
	HBA_INCLUDE_IF_EXISTS,
	HBA_INCLUDE_DIR
};

struct hba_keyword {
	const char	*word;
	unsigned	 fields;	/* HBA_FIELD_* */
	uint32_t	 key;		/* databases, users: HBA_KEY_* */
	int		 addr;		/* addresses: enum hba_addr_word */
	int		 include;	/* types: enum hba_include */
};

struct hba_method_def {
	const char	*name;		/* as pg_hba.conf spells it */
	enum hba_method	 method;
	int		 since;		/* the first major that knows it */
	unsigned	 needs;		/* HBA_FEAT_*: the build must offer */
};

/* The options after the method (hba.c parse_hba_auth_opt()). */
enum hba_opt {
	HBA_OPT_MAP,
	HBA_OPT_CLIENTCERT,
	HBA_OPT_CLIENTNAME,
	HBA_OPT_PAMSERVICE,
	HBA_OPT_PAM_USE_HOSTNAME,
	HBA_OPT_LDAPURL,
	HBA_OPT_LDAPTLS,
	HBA_OPT_LDAPSCHEME,
	HBA_OPT_LDAPSERVER,
	HBA_OPT_LDAPPORT,
	HBA_OPT_LDAPBINDDN,
	HBA_OPT_LDAPBINDPASSWD,
	HBA_OPT_LDAPSEARCHATTRIBUTE,
	HBA_OPT_LDAPSEARCHFILTER,
	HBA_OPT_LDAPBASEDN,
	HBA_OPT_LDAPPREFIX,
	HBA_OPT_LDAPSUFFIX,
	HBA_OPT_KRB_REALM,
	HBA_OPT_INCLUDE_REALM,
	HBA_OPT_COMPAT_REALM,
	HBA_OPT_UPN_USERNAME,
	HBA_OPT_RADIUSSERVERS,
	HBA_OPT_RADIUSPORTS,
	HBA_OPT_RADIUSSECRETS,
	HBA_OPT_RADIUSIDENTIFIERS,
	HBA_OPT_ISSUER,
	HBA_OPT_SCOPE,
	HBA_OPT_VALIDATOR,
	HBA_OPT_DELEGATE_IDENT_MAPPING,
	HBA_OPT__COUNT
};

/* How the server reads an option's value. */
enum hba_optval {
	HBA_VAL_ANY,		/* kept as written */
	HBA_VAL_CLIENTCERT,	/* verify-full, verify-ca (1, 0, no-verify
				   before 14) */
	HBA_VAL_CLIENTNAME,	/* CN or DN */
	HBA_VAL_LDAPURL,	/* ldap:// or ldaps:// */
	HBA_VAL_PORT,		/* atoi() not 0 */
	HBA_VAL_LIST,		/* a SplitGUCList() list */
	HBA_VAL_PORTS		/* a list of ports */
};

struct hba_option_def {
	const char	*name;
	enum hba_opt	 opt;
	int		 since, until;	/* majors; until 0: still known */
	unsigned	 methods;	/* bits (1u << AUTH_*) that take it,
					   0: any method */
	const char	*methods_text;	/* the server's list, for messages */
	int		 hostssl;	/* only on hostssl lines */
	enum hba_optval	 value;
	const char	*bad;		/* the server's message for a value it
					   refuses, with %s for the value */
};

/*
 * The keyword word (case-sensitive, as the server compares) of one of
 * fields, or NULL.  The include records are keywords of HBA_FIELD_TYPE
 * whatever the major; hba_parse.c and hba_scan.c judge the major.
 */
const struct hba_keyword	*hba_keyword_find(const char *word,
				    unsigned fields);
/* 1 when word is a keyword of some field in any case ("ALL" too): a
 * writer quotes such a word so that it names what it says. */
int				 hba_keyword_any_case(const char *word);
/* The method named name in any major, or NULL. */
const struct hba_method_def	*hba_method_find(const char *name);
/* "md5", "scram-sha-256", ...; NULL for AUTH_NONE. */
const char			*hba_method_name(enum hba_method);
/* The option named name that major knows, or NULL. */
const struct hba_option_def	*hba_option_find(const char *name, int major);
/* The connection type named name, or HBA_CONN_NONE. */
enum hba_conntype		 hba_conntype_find(const char *name);
/* The connections (HBA_CONN_*) that a connection type admits. */
unsigned			 hba_conns(enum hba_conntype);

#endif

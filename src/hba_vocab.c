/*
 * The tables of pg_hba.conf's words (hba_vocab.h), from hba.c of
 * PostgreSQL 12 to 18.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "hba_vocab.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Every word a field reads specially when bare (hba.c, PG 12-18). */
static const struct hba_keyword keywords[] = {
	{ "all", HBA_FIELD_DATABASE | HBA_FIELD_USER | HBA_FIELD_ADDRESS,
	    HBA_KEY_ALL, HBA_WORD_ALL, 0 },
	{ "replication", HBA_FIELD_DATABASE, HBA_KEY_REPLICATION, 0, 0 },
	{ "sameuser", HBA_FIELD_DATABASE, HBA_KEY_SAMEUSER, 0, 0 },
	{ "samerole", HBA_FIELD_DATABASE, HBA_KEY_SAMEROLE, 0, 0 },
	{ "samegroup", HBA_FIELD_DATABASE, HBA_KEY_SAMEROLE, 0, 0 },
	{ "samehost", HBA_FIELD_ADDRESS, 0, HBA_WORD_SAMEHOST, 0 },
	{ "samenet", HBA_FIELD_ADDRESS, 0, HBA_WORD_SAMENET, 0 },
	{ "include", HBA_FIELD_TYPE, 0, 0, HBA_INCLUDE_FILE },
	{ "include_if_exists", HBA_FIELD_TYPE, 0, 0, HBA_INCLUDE_IF_EXISTS },
	{ "include_dir", HBA_FIELD_TYPE, 0, 0, HBA_INCLUDE_DIR },
};

/*
 * hba.c UserAuthName[], the names parse_hba_line() accepts, the most used
 * first: hba_method_find() reads them in order.
 */
static const struct hba_method_def methods[] = {
	{ "scram-sha-256",	AUTH_SCRAM,	12, 0 },
	{ "md5",		AUTH_MD5,	12, 0 },
	{ "peer",		AUTH_PEER,	12, 0 },
	{ "reject",		AUTH_REJECT,	12, 0 },
	{ "trust",		AUTH_TRUST,	12, 0 },
	{ "cert",		AUTH_CERT,	12, HBA_FEAT_SSL },
	{ "password",		AUTH_PASSWORD,	12, 0 },
	{ "ident",		AUTH_IDENT,	12, 0 },
	{ "ldap",		AUTH_LDAP,	12, HBA_FEAT_LDAP },
	{ "gss",		AUTH_GSS,	12, HBA_FEAT_GSS },
	{ "pam",		AUTH_PAM,	12, HBA_FEAT_PAM },
	{ "radius",		AUTH_RADIUS,	12, 0 },
	{ "oauth",		AUTH_OAUTH,	18, 0 },
	/* Windows only, OpenBSD only */
	{ "sspi",		AUTH_SSPI,	12, HBA_FEAT_NEVER },
	{ "bsd",		AUTH_BSD,	12, HBA_FEAT_NEVER },
};

static const char *const conntype_names[] = {
	[HBA_CONN_NONE] = NULL,
	[HBA_LOCAL] = "local",
	[HBA_HOST] = "host",
	[HBA_HOSTSSL] = "hostssl",
	[HBA_HOSTNOSSL] = "hostnossl",
	[HBA_HOSTGSSENC] = "hostgssenc",
	[HBA_HOSTNOGSSENC] = "hostnogssenc",
};

/* hba.c check_hba(): which connections a connection type admits. */
static const unsigned conn_sets[] = {
	[HBA_CONN_NONE] = 0,
	[HBA_LOCAL] = HBA_CONN_SOCKET,
	[HBA_HOST] = HBA_CONN_TCP,
	[HBA_HOSTSSL] = HBA_CONN_SSL,
	[HBA_HOSTNOSSL] = HBA_CONN_GSS | HBA_CONN_PLAIN,
	[HBA_HOSTGSSENC] = HBA_CONN_GSS,
	[HBA_HOSTNOGSSENC] = HBA_CONN_SSL | HBA_CONN_PLAIN,
};

#define M(x)	(1u << (x))

/*
 * hba.c parse_hba_auth_opt(), PG 12 to 18: each option, the methods that
 * take it (with the server's list of them for its message), the majors
 * that know it and how its value is read.  map gained oauth with 18.
 */
static const struct hba_option_def options[] = {
	{ "map", HBA_OPT_MAP, 12, 17,
	    M(AUTH_IDENT) | M(AUTH_PEER) | M(AUTH_GSS) | M(AUTH_SSPI) |
	    M(AUTH_CERT), "ident, peer, gssapi, sspi, and cert", 0,
	    HBA_VAL_ANY, NULL },
	{ "map", HBA_OPT_MAP, 18, 0,
	    M(AUTH_IDENT) | M(AUTH_PEER) | M(AUTH_GSS) | M(AUTH_SSPI) |
	    M(AUTH_CERT) | M(AUTH_OAUTH),
	    "ident, peer, gssapi, sspi, cert, and oauth", 0, HBA_VAL_ANY,
	    NULL },
	{ "clientcert", HBA_OPT_CLIENTCERT, 12, 0, 0, NULL, 1,
	    HBA_VAL_CLIENTCERT, NULL },
	{ "clientname", HBA_OPT_CLIENTNAME, 14, 0, 0, NULL, 1,
	    HBA_VAL_CLIENTNAME,
	    "invalid value for clientname: \"%s\"" },
	{ "pamservice", HBA_OPT_PAMSERVICE, 12, 0, M(AUTH_PAM), "pam", 0,
	    HBA_VAL_ANY, NULL },
	{ "pam_use_hostname", HBA_OPT_PAM_USE_HOSTNAME, 12, 0, M(AUTH_PAM),
	    "pam", 0, HBA_VAL_ANY, NULL },
	{ "ldapurl", HBA_OPT_LDAPURL, 12, 0, M(AUTH_LDAP), "ldap", 0,
	    HBA_VAL_LDAPURL, NULL },
	/* a bad ldaptls or ldapscheme value is only logged */
	{ "ldaptls", HBA_OPT_LDAPTLS, 12, 0, M(AUTH_LDAP), "ldap", 0,
	    HBA_VAL_ANY, NULL },
	{ "ldapscheme", HBA_OPT_LDAPSCHEME, 12, 0, M(AUTH_LDAP), "ldap", 0,
	    HBA_VAL_ANY, NULL },
	{ "ldapserver", HBA_OPT_LDAPSERVER, 12, 0, M(AUTH_LDAP), "ldap", 0,
	    HBA_VAL_ANY, NULL },
	{ "ldapport", HBA_OPT_LDAPPORT, 12, 0, M(AUTH_LDAP), "ldap", 0,
	    HBA_VAL_PORT, "invalid LDAP port number: \"%s\"" },
	{ "ldapbinddn", HBA_OPT_LDAPBINDDN, 12, 0, M(AUTH_LDAP), "ldap", 0,
	    HBA_VAL_ANY, NULL },
	{ "ldapbindpasswd", HBA_OPT_LDAPBINDPASSWD, 12, 0, M(AUTH_LDAP),
	    "ldap", 0, HBA_VAL_ANY, NULL },
	{ "ldapsearchattribute", HBA_OPT_LDAPSEARCHATTRIBUTE, 12, 0,
	    M(AUTH_LDAP), "ldap", 0, HBA_VAL_ANY, NULL },
	{ "ldapsearchfilter", HBA_OPT_LDAPSEARCHFILTER, 12, 0, M(AUTH_LDAP),
	    "ldap", 0, HBA_VAL_ANY, NULL },
	{ "ldapbasedn", HBA_OPT_LDAPBASEDN, 12, 0, M(AUTH_LDAP), "ldap", 0,
	    HBA_VAL_ANY, NULL },
	{ "ldapprefix", HBA_OPT_LDAPPREFIX, 12, 0, M(AUTH_LDAP), "ldap", 0,
	    HBA_VAL_ANY, NULL },
	{ "ldapsuffix", HBA_OPT_LDAPSUFFIX, 12, 0, M(AUTH_LDAP), "ldap", 0,
	    HBA_VAL_ANY, NULL },
	{ "krb_realm", HBA_OPT_KRB_REALM, 12, 0, M(AUTH_GSS) | M(AUTH_SSPI),
	    "gssapi and sspi", 0, HBA_VAL_ANY, NULL },
	{ "include_realm", HBA_OPT_INCLUDE_REALM, 12, 0,
	    M(AUTH_GSS) | M(AUTH_SSPI), "gssapi and sspi", 0, HBA_VAL_ANY,
	    NULL },
	{ "compat_realm", HBA_OPT_COMPAT_REALM, 12, 0, M(AUTH_SSPI), "sspi",
	    0, HBA_VAL_ANY, NULL },
	{ "upn_username", HBA_OPT_UPN_USERNAME, 12, 0, M(AUTH_SSPI), "sspi",
	    0, HBA_VAL_ANY, NULL },
	/*
	 * The server also resolves each of radiusservers at load, and a
	 * name that does not resolve fails the load; pgpair is offline and
	 * sends no traffic, so that is left to the server.
	 */
	{ "radiusservers", HBA_OPT_RADIUSSERVERS, 12, 0, M(AUTH_RADIUS),
	    "radius", 0, HBA_VAL_LIST,
	    "could not parse RADIUS server list \"%s\"" },
	{ "radiusports", HBA_OPT_RADIUSPORTS, 12, 0, M(AUTH_RADIUS), "radius",
	    0, HBA_VAL_PORTS, "invalid RADIUS port number: \"%s\"" },
	{ "radiussecrets", HBA_OPT_RADIUSSECRETS, 12, 0, M(AUTH_RADIUS),
	    "radius", 0, HBA_VAL_LIST,
	    "could not parse RADIUS secret list \"%s\"" },
	{ "radiusidentifiers", HBA_OPT_RADIUSIDENTIFIERS, 12, 0,
	    M(AUTH_RADIUS), "radius", 0, HBA_VAL_LIST,
	    "could not parse RADIUS identifiers list \"%s\"" },
	{ "issuer", HBA_OPT_ISSUER, 18, 0, M(AUTH_OAUTH), "oauth", 0,
	    HBA_VAL_ANY, NULL },
	{ "scope", HBA_OPT_SCOPE, 18, 0, M(AUTH_OAUTH), "oauth", 0,
	    HBA_VAL_ANY, NULL },
	{ "validator", HBA_OPT_VALIDATOR, 18, 0, M(AUTH_OAUTH), "oauth", 0,
	    HBA_VAL_ANY, NULL },
	{ "delegate_ident_mapping", HBA_OPT_DELEGATE_IDENT_MAPPING, 18, 0,
	    M(AUTH_OAUTH), "oauth", 0, HBA_VAL_ANY, NULL },
};

_Static_assert(NELEM(conntype_names) == HBA_HOSTNOGSSENC + 1,
    "conntype_names and enum hba_conntype disagree");
_Static_assert(NELEM(methods) == AUTH__COUNT - 1,
    "methods and enum hba_method disagree");

const struct hba_keyword *
hba_keyword_find(const char *word, unsigned fields)
{
	/*
	 * Every keyword starts with a, i, r or s: names and addresses mostly
	 * stop here (this runs for nearly every token of a pg_hba.conf).
	 */
	switch (word[0]) {
	case 'a': case 'i': case 'r': case 's':
		break;
	default:
		return NULL;
	}
	/* (word has a second byte: its first is not NUL) */
	for (size_t i = 0; i < NELEM(keywords); i++)
		if ((keywords[i].fields & fields) != 0 &&
		    keywords[i].word[0] == word[0] &&
		    keywords[i].word[1] == word[1] &&
		    strcmp(keywords[i].word, word) == 0)
			return &keywords[i];
	return NULL;
}

int
hba_keyword_any_case(const char *word)
{
	/* every keyword starts with a, i, r or s: most names stop here */
	if (strchr("aAiIrRsS", word[0]) == NULL || word[0] == '\0')
		return 0;
	for (size_t i = 0; i < NELEM(keywords); i++)
		if (strcasecmp(keywords[i].word, word) == 0)
			return 1;
	return 0;
}

const struct hba_method_def *
hba_method_find(const char *name)
{
	for (size_t i = 0; i < NELEM(methods); i++)
		if (methods[i].name[0] == name[0] &&
		    strcmp(methods[i].name, name) == 0)
			return &methods[i];
	return NULL;
}

const char *
hba_method_name(enum hba_method m)
{
	for (size_t i = 0; i < NELEM(methods); i++)
		if (methods[i].method == m)
			return methods[i].name;
	return NULL;
}

const struct hba_option_def *
hba_option_find(const char *name, int major)
{
	for (size_t i = 0; i < NELEM(options); i++)
		if (major >= options[i].since && (options[i].until == 0 ||
		    major <= options[i].until) &&
		    strcmp(options[i].name, name) == 0)
			return &options[i];
	return NULL;
}

enum hba_conntype
hba_conntype_find(const char *name)
{
	for (size_t i = 1; i < NELEM(conntype_names); i++)
		if (conntype_names[i][0] == name[0] &&
		    strcmp(conntype_names[i], name) == 0)
			return (enum hba_conntype)i;
	return HBA_CONN_NONE;
}

unsigned
hba_conns(enum hba_conntype t)
{
	return (size_t)t < NELEM(conn_sets) ? conn_sets[t] : 0;
}

/*
 * YAML tree -> cluster model.  This is the schema stage of check and
 * generate: it walks the tree once, reports unknown keys (with a
 * did-you-mean), wrong types, missing keys and unsafe values at their
 * positions, and fills in every default that depends on the platform and
 * the version.  The topology and replication rules run on its result.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "hba_match.h"
#include "hba_parse.h"
#include "hba_vocab.h"
#include "model.h"
#include "pgvocab.h"
#include "quote.h"
#include "re.h"
#include "rule.h"
#include "rules_conf.h"
#include "strbuf.h"
#include "suggest.h"
#include "yaml_load.h"

/*
 * What the description may hold, as patterns.  Everything that reaches a
 * shell script, SQL or a configuration file is restricted here, so that no
 * value needs more than ordinary quoting.
 */
#define PAT_NODE_NAME	"[a-z][a-z0-9_-]{0,62}"
#define PAT_CLUSTER	"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}"
#define PAT_ROLE_NAME	"[a-z_][a-z0-9_]{0,62}"
#define PAT_ENV_NAME	"[A-Za-z_][A-Za-z0-9_]{0,127}"
#define PAT_PATH	"/[A-Za-z0-9_./@%+=:,~-]{0,1023}"
#define PAT_OS_NAME	"[a-z_][a-z0-9_.@-]{0,63}"
#define PAT_HOSTNAME	"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?" \
			"(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
#define PAT_GUC_NAME	"[A-Za-z_][A-Za-z0-9_$]*(?:\\.[A-Za-z_][A-Za-z0-9_$]*)*"
/* Names in a list: from PG 16 on, one starting with / is a regular
 * expression, quoted or not; after a + or @ marker a / is a character. */
#define PAT_HBA_NAME	"(?:[+@][A-Za-z0-9_.$+@/-]+|" \
			"[A-Za-z0-9_.$-][A-Za-z0-9_.$+@/-]*)"
#define PAT_HBA_LIST	PAT_HBA_NAME "(?:," PAT_HBA_NAME ")*"
/* An hba option is name=value: the name alone, so that it holds no "=". */
#define PAT_HBA_OPTNAME	"[a-z_]+"
#define PAT_HBA_OPTVALUE "[^ \\t\\n\\x0b\\f\\r\\x00\"'\\\\#,]+"
/* A libc locale name: en_US.UTF-8, C, sr_RS.UTF-8@latin. */
#define PAT_LOCALE	"[A-Za-z][A-Za-z0-9_.@-]{0,62}"

static const char *const top_keys[] = {
	"access", "cluster", "initdb", "nodes", "platform", "postgres",
	"replication", "settings", "synchronous",
};
static const char *const initdb_keys[] = {
	"data_checksums", "encoding", "lc_collate", "lc_ctype", "locale",
};
static const char *const postgres_keys[] = { "version" };
static const char *const replication_keys[] = { "password", "slots", "user" };
static const char *const password_keys[] = { "env", "file" };
/*
 * Variables every shell or libpq sets to something that is not a secret:
 * naming one as the password source is a slip, and would give the
 * replication role a password anyone on the machine can read.  Every
 * LC_* and XDG_* variable is refused too (not_secret_env()).
 */
static const char *const not_secret_env[] = {
	"DISPLAY", "EDITOR", "HOME", "HOSTNAME", "IFS", "LANG", "LANGUAGE",
	"LD_LIBRARY_PATH", "LD_PRELOAD", "LOGNAME", "MAIL", "MANPATH",
	"OLDPWD", "PAGER", "PATH", "PGAPPNAME", "PGDATA", "PGDATABASE",
	"PGHOST", "PGHOSTADDR", "PGPASSFILE", "PGPORT", "PGSERVICE", "PGUSER",
	"PS1", "PS2", "PS4", "PWD", "SHELL", "SHLVL", "SSH_AUTH_SOCK",
	"SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY", "SUDO_USER", "TERM", "TMPDIR",
	"TZ", "USER", "VISUAL", "_",
};
static const char *const sync_keys[] = { "count", "method", "standbys" };
static const char *const node_keys[] = {
	"address", "bin_directory", "config_directory", "data_directory",
	"name", "os_user", "passfile", "port", "role", "service", "settings",
	"subnet", "upstream",
};
static const char *const access_keys[] = {
	"address", "database", "method", "options", "type", "user",
};

/*
 * The server encodings, as initdb -E names them: PostgreSQL's encodings
 * less the client-only ones below (pg_wchar.h PG_VALID_BE_ENCODING, the
 * same in PostgreSQL 12 to 18; t006-initdb.sh asks each major's initdb).
 */
static const char *const server_encodings[] = {
	"EUC_CN", "EUC_JIS_2004", "EUC_JP", "EUC_KR", "EUC_TW", "ISO_8859_5",
	"ISO_8859_6", "ISO_8859_7", "ISO_8859_8", "KOI8R", "KOI8U", "LATIN1",
	"LATIN10", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6", "LATIN7",
	"LATIN8", "LATIN9", "MULE_INTERNAL", "SQL_ASCII", "UTF8", "WIN1250",
	"WIN1251", "WIN1252", "WIN1253", "WIN1254", "WIN1255", "WIN1256",
	"WIN1257", "WIN1258", "WIN866", "WIN874",
};
static const char *const client_encodings[] = {
	"BIG5", "GB18030", "GBK", "JOHAB", "SHIFT_JIS_2004", "SJIS", "UHC",
};

/* Settings pgpair owns: the description gives them another way. */
static const struct {
	const char	*name;
	const char	*instead;
} owned_settings[] = {
	{ "config_file", "the platform's layout" },
	{ "data_directory", "the node's data_directory" },
	{ "hba_file", "the generated pg_hba.conf" },
	{ "ident_file", "the platform's layout" },
	{ "include", "the generated conf.d fragment" },
	{ "include_dir", "the generated conf.d fragment" },
	{ "include_if_exists", "the generated conf.d fragment" },
	{ "port", "the node's port" },
	{ "primary_conninfo", "the node's upstream" },
	{ "primary_slot_name", "replication.slots" },
	{ "synchronous_standby_names", "synchronous:" },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct mctx {
	struct arena	*a;
	struct diags	*d;
	const char	*file;
	struct cluster	*cl;
	struct re	*re_node, *re_cluster, *re_role, *re_env, *re_path,
			*re_os, *re_host, *re_guc, *re_hbalist, *re_optname,
			*re_optvalue, *re_locale;
	int		 failed;	/* an error that stops the rules */
};

static struct diag *
err(struct mctx *m, enum rule_id id, const struct ynode *n, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static struct diag *
err(struct mctx *m, enum rule_id id, const struct ynode *n, const char *fmt,
    ...)
{
	struct diag	*dg;
	va_list		 ap;

	va_start(ap, fmt);
	dg = diag_vadd(m->d, &n->pos, rules[id].level, rules[id].id, fmt, ap);
	va_end(ap);
	if (rules[id].level == LEVEL_ERROR)
		m->failed = 1;
	return dg;
}

static int
in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* Report keys of map that are not in keys[], with a did-you-mean. */
static void
check_keys(struct mctx *m, const struct ynode *map, const char *where,
    const char *const *keys, size_t n)
{
	for (size_t i = 0; i < map->npairs; i++) {
		const struct ynode	*k = map->pairs[i].key;
		const char		*s;
		struct diag		*dg;

		if (in_list(k->str, keys, n))
			continue;
		s = suggest_closest(k->str, keys, n);
		dg = err(m, RULE_CLUSTER_UNKNOWN_KEY, k, "unknown key \"%s\" in %s%s%s%s",
		    k->str, where, s ? "; did you mean \"" : "", s ? s : "",
		    s ? "\"?" : "");
		if (s == NULL) {
			struct strbuf	 sb = STRBUF_INIT;

			for (size_t j = 0; j < n; j++)
				strbuf_addf(&sb, "%s%s", j ? ", " : "", keys[j]);
			diag_hint(m->d, dg, "known keys: %s", sb.buf);
			strbuf_release(&sb);
		}
	}
}

static const char *
kind_word(const struct ynode *n)
{
	return n->kind == YNODE_SCALAR ? "a scalar" :
	    n->kind == YNODE_MAP ? "a mapping" : "a list";
}

/* The value must be of kind; report once otherwise. */
static int
want_kind(struct mctx *m, const struct ynode *n, enum ynode_kind kind,
    const char *what)
{
	if (n->kind == kind)
		return 1;
	err(m, RULE_CLUSTER_TYPE, n, "%s must be %s, not %s", what,
	    kind == YNODE_SCALAR ? "a scalar" :
	    kind == YNODE_MAP ? "a mapping" : "a list", kind_word(n));
	return 0;
}

/* A non-null scalar; a mapping, list or null is a type error. */
static const char *
want_scalar(struct mctx *m, const struct ynode *n, const char *what)
{
	if (!want_kind(m, n, YNODE_SCALAR, what))
		return NULL;
	if (ynode_is_null(n)) {
		err(m, RULE_CLUSTER_MISSING, n, "%s has no value", what);
		return NULL;
	}
	if (strlen(n->str) != n->len) {
		err(m, RULE_CLUSTER_VALUE, n, "%s holds a NUL character", what);
		return NULL;
	}
	return n->str;
}

/* A scalar matching re; the message says what is allowed. */
static const char *
want_pattern(struct mctx *m, const struct ynode *n, const char *what,
    const struct re *re, const char *allowed)
{
	const char	*s = want_scalar(m, n, what);

	if (s == NULL)
		return NULL;
	if (!re_match(re, s, n->len)) {
		err(m, RULE_CLUSTER_VALUE, n, "%s \"%s\" is not valid: %s", what,
		    s, allowed);
		return NULL;
	}
	return s;
}

static const struct ynode *
required(struct mctx *m, const struct ynode *map, const char *key,
    const char *where)
{
	const struct ynode	*v = ynode_get(map, key);

	if (v == NULL) {
		err(m, RULE_CLUSTER_MISSING, map, "%s has no \"%s\"", where, key);
		return NULL;
	}
	return v;
}

/* Parse an address; returns its kind or -1. */
static int
address_kind(struct mctx *m, const char *s, size_t len)
{
	int		 fam;

	if (hba_ip_parse(s, 1, &fam, NULL) == 0)
		return fam == 4 ? ADDR_IPV4 : ADDR_IPV6;
	/* A dotted quad that inet_pton refused is a bad address, not a name. */
	if (strspn(s, "0123456789.") == len)
		return -1;
	if (re_match(m->re_host, s, len))
		return ADDR_HOSTNAME;
	return -1;
}

/*
 * Check a CIDR "addr/bits"; returns the canonical text and fills net, or
 * NULL after a diagnostic.  Host bits set are refused: PostgreSQL would
 * mask them silently, and they are almost always a typo for the network
 * address.
 */
static const char *
parse_cidr(struct mctx *m, const struct ynode *n, const char *what,
    struct node_net *net)
{
	const char	*s = want_scalar(m, n, what), *slash;
	unsigned char	 masked[16];
	char		 host[INET6_ADDRSTRLEN], canon[INET6_ADDRSTRLEN];
	int		 fam, maxbits, bits;
	size_t		 len;

	if (s == NULL)
		return NULL;
	if ((slash = strchr(s, '/')) == NULL || (len = (size_t)(slash - s)) >=
	    sizeof(host)) {
		err(m, RULE_CLUSTER_VALUE, n,
		    "%s \"%s\" is not in CIDR form (address/bits)", what, s);
		return NULL;
	}
	memcpy(host, s, len);
	host[len] = '\0';
	if (hba_ip_parse(host, 1, &fam, net->addr) != 0) {
		err(m, RULE_CLUSTER_VALUE, n, "%s \"%s\": \"%s\" is not an IP address",
		    what, s, host);
		return NULL;
	}
	maxbits = fam == 4 ? 32 : 128;
	/* digits only: the server's strtol() would take " 8" and "+8" too */
	if (slash[1] == '\0' || slash[1 + strspn(slash + 1, "0123456789")] !=
	    '\0' || (bits = hba_cidr_bits(slash + 1, fam, net->mask)) < 0) {
		err(m, RULE_CLUSTER_VALUE, n,
		    "%s \"%s\": the prefix length must be 0 to %d", what, s,
		    maxbits);
		return NULL;
	}
	net->family = fam;
	net->prefixlen = bits;
	for (int i = 0; i < 16; i++)
		masked[i] = net->addr[i] & net->mask[i];
	if (memcmp(masked, net->addr, 16) != 0) {
		struct diag	*dg;

		inet_ntop(fam == 4 ? AF_INET : AF_INET6, masked, canon,
		    sizeof(canon));
		dg = err(m, RULE_CLUSTER_VALUE, n,
		    "%s \"%s\" has host bits set", what, s);
		diag_hint(m->d, dg, "the network is %s/%d", canon, bits);
		net->family = 0;
		return NULL;
	}
	inet_ntop(fam == 4 ? AF_INET : AF_INET6, net->addr, canon,
	    sizeof(canon));
	return arena_printf(m->a, "%s/%d", canon, bits);
}

/* One settings: mapping -> struct settings, checked against the version. */
static void
build_settings(struct mctx *m, const struct ynode *map, struct settings *out,
    const char *where)
{
	if (map == NULL || ynode_is_null(map))
		return;
	if (!want_kind(m, map, YNODE_MAP, where))
		return;
	out->v = arena_calloc(m->a, map->npairs, sizeof(*out->v));
	for (size_t i = 0; i < map->npairs; i++) {
		const struct ynode	*k = map->pairs[i].key;
		const struct ynode	*v = map->pairs[i].value;
		struct setting		*st;
		const char		*val;
		int			 b;
		size_t			 j;

		if (!re_match(m->re_guc, k->str, k->len)) {
			err(m, RULE_CLUSTER_VALUE, k,
			    "\"%s\" is not a parameter name", k->str);
			continue;
		}
		for (j = 0; j < NELEM(owned_settings); j++)
			if (strcasecmp(k->str, owned_settings[j].name) == 0)
				break;
		if (j < NELEM(owned_settings)) {
			err(m, RULE_CLUSTER_VALUE, k,
			    "%s is set by pgpair from %s", owned_settings[j].name,
			    owned_settings[j].instead);
			continue;
		}
		if (v->kind != YNODE_SCALAR) {
			err(m, RULE_CLUSTER_TYPE, v,
			    "the value of %s must be a scalar, not %s", k->str,
			    kind_word(v));
			continue;
		}
		if (v->style == YSTYLE_PLAIN && ynode_bool(v, &b) == 0)
			val = b ? "on" : "off";
		else if (ynode_is_null(v)) {
			err(m, RULE_CLUSTER_MISSING, v, "%s has no value", k->str);
			continue;
		} else
			val = v->str;
		if (strlen(val) != v->len && val == v->str) {
			err(m, RULE_CLUSTER_VALUE, v, "the value of %s holds a NUL "
			    "character", k->str);
			continue;
		}
		if (strpbrk(val, "\n\r") != NULL) {
			err(m, RULE_CLUSTER_VALUE, v, "the value of %s holds a line "
			    "break, which postgresql.conf cannot hold", k->str);
			continue;
		}
		for (j = 0; j < out->n; j++)
			if (strcasecmp(out->v[j].name, k->str) == 0)
				break;
		if (j < out->n) {
			err(m, RULE_CLUSTER_VALUE, k,
			    "%s is set twice in %s (also at line %u)", k->str,
			    where, out->v[j].name_pos.line);
			continue;
		}
		st = &out->v[out->n++];
		st->name = k->str;
		st->value = val;
		st->name_pos = k->pos;
		st->value_pos = v->pos;
	}
}

/* Check every written setting against the version's catalog. */
static void
check_settings(struct mctx *m, const struct settings *ss)
{
	for (size_t i = 0; i < ss->n; i++)
		rules_conf_setting(m->a, m->d, m->cl->version, ss->v[i].name,
		    ss->v[i].value, &ss->v[i].name_pos, &ss->v[i].value_pos, 1);
}

/*
 * An absolute path as the rules and the generated files compare it: "//"
 * collapsed and no trailing "/", so that /data/pg/ and /data/pg are one
 * directory.  "." and ".." stay (cluster-path-dots reports them: without
 * the file system, a ".." cannot be resolved).  NULL gives NULL.
 */
static const char *
norm_path(struct arena *a, const char *path)
{
	char	*s, *w;

	if (path == NULL)
		return NULL;
	s = w = arena_strdup(a, path);
	for (const char *p = path; *p != '\0'; p++)
		if (*p != '/' || w == s || w[-1] != '/')
			*w++ = *p;
	if (w - s > 1 && w[-1] == '/')
		w--;
	*w = '\0';
	return s;
}

int
model_debian_name_ok(const char *name, size_t len)
{
	if (len == 0 || (len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '_' ||
		    name[i] == '.'))
			return 0;
	return 1;
}

/*
 * The node's Debian cluster, NAME of pg_createcluster V NAME: the last
 * component of config_directory when it is given, else the NAME of a
 * service postgresql@V-NAME when that is given, else main, as the
 * packages install it.  A name pgpair cannot use gives main for the
 * other defaults; cluster-debian-cluster reports it.
 */
static const char *
debian_cluster(struct mctx *m, const struct node *n)
{
	const char	*s, *unit;
	size_t		 len;

	if (n->config_directory != NULL)
		s = strrchr(n->config_directory, '/') + 1;
	else if (n->service != NULL) {
		unit = arena_printf(m->a, "postgresql@%d-", m->cl->version);
		len = strlen(unit);
		if (strncmp(n->service, unit, len) != 0)
			return "main";
		s = n->service + len;
	} else
		return "main";
	return model_debian_name_ok(s, strlen(s)) ? s : "main";
}

static const char *
defaulted(struct arena *a, const char *given, const char *fmt, int version)
{
	return given != NULL ? given : arena_printf(a, fmt, version, version);
}

/* Platform defaults for everything a node may override. */
static void
fill_defaults(struct mctx *m, struct node *n)
{
	struct cluster	*cl = m->cl;
	int		 v = cl->version;
	const char	*slash, *dc;

	switch (cl->platform) {
	case PLATFORM_RHEL:
		n->bin_directory = defaulted(m->a, n->bin_directory,
		    "/usr/pgsql-%d/bin", v);
		n->data_directory = defaulted(m->a, n->data_directory,
		    "/var/lib/pgsql/%d/data", v);
		n->config_directory = n->config_directory != NULL ?
		    n->config_directory : n->data_directory;
		n->service = defaulted(m->a, n->service, "postgresql-%d", v);
		n->os_user = n->os_user != NULL ? n->os_user : "postgres";
		break;
	case PLATFORM_DEBIAN:
		/* pg_createcluster's layout for cluster V/NAME. */
		dc = debian_cluster(m, n);
		n->bin_directory = defaulted(m->a, n->bin_directory,
		    "/usr/lib/postgresql/%d/bin", v);
		if (n->data_directory == NULL)
			n->data_directory = arena_printf(m->a,
			    "/var/lib/postgresql/%d/%s", v, dc);
		if (n->config_directory == NULL)
			n->config_directory = arena_printf(m->a,
			    "/etc/postgresql/%d/%s", v, dc);
		if (n->service == NULL)
			n->service = arena_printf(m->a, "postgresql@%d-%s", v,
			    dc);
		n->os_user = n->os_user != NULL ? n->os_user : "postgres";
		break;
	case PLATFORM_GENERIC:
		/* The layout of a source build (PostgreSQL's INSTALL). */
		n->bin_directory = n->bin_directory != NULL ? n->bin_directory :
		    "/usr/local/pgsql/bin";
		n->data_directory = n->data_directory != NULL ?
		    n->data_directory : "/usr/local/pgsql/data";
		n->config_directory = n->config_directory != NULL ?
		    n->config_directory : n->data_directory;
		break;
	}
	if (n->passfile == NULL) {
		/* Beside the data directory, outside it: pg_basebackup needs an
		 * empty target, and the old directory is moved aside. */
		slash = strrchr(n->data_directory, '/');
		n->passfile = arena_printf(m->a, "%.*s/pgpair-%s.pgpass",
		    (int)(slash - n->data_directory), n->data_directory,
		    cl->name);
	}
}

static struct node *
find_node(const struct cluster *cl, const char *name)
{
	for (size_t i = 0; i < cl->nnodes; i++)
		if (cl->nodes[i].name != NULL && strcmp(cl->nodes[i].name, name) == 0)
			return &cl->nodes[i];
	return NULL;
}

struct node *
model_find_node(const struct cluster *cl, const char *name)
{
	return find_node(cl, name);
}

static void
build_node(struct mctx *m, const struct ynode *y, struct node *n)
{
	const struct ynode	*v;
	const char		*s, *where;
	long long		 port;
	int			 kind;

	n->pos = y->pos;
	if (!want_kind(m, y, YNODE_MAP, "a node"))
		return;
	check_keys(m, y, "a node", node_keys, NELEM(node_keys));
	if ((v = required(m, y, "name", "a node")) != NULL) {
		n->name = want_pattern(m, v, "node name", m->re_node,
		    "use a lower-case letter, then lower-case letters, digits, "
		    "_ or -, at most 63 characters");
		n->name_pos = v->pos;
	}
	where = n->name != NULL ? arena_printf(m->a, "node \"%s\"", n->name) :
	    "a node";
	if ((v = required(m, y, "role", where)) != NULL) {
		n->role_pos = v->pos;
		if ((s = want_scalar(m, v, "role")) != NULL) {
			if (strcmp(s, "primary") == 0)
				n->role = ROLE_PRIMARY;
			else if (strcmp(s, "standby") == 0)
				n->role = ROLE_STANDBY;
			else
				err(m, RULE_CLUSTER_VALUE, v, "role \"%s\" is not "
				    "primary or standby", s);
		}
	}
	if ((v = required(m, y, "address", where)) != NULL) {
		n->address_pos = v->pos;
		if ((s = want_scalar(m, v, "address")) != NULL) {
			if ((kind = address_kind(m, s, v->len)) < 0)
				err(m, RULE_CLUSTER_VALUE, v, "address \"%s\" is not "
				    "an IPv4 or IPv6 address or a host name", s);
			else {
				n->address = s;
				n->addr_kind = (enum addr_kind)kind;
			}
		}
	}
	n->port = 5432;
	if ((v = ynode_get(y, "port")) != NULL) {
		n->port_pos = v->pos;
		if (v->kind != YNODE_SCALAR || ynode_int(v, &port) != 0)
			err(m, RULE_CLUSTER_TYPE, v, "port must be a whole number");
		else if (port < 1 || port > 65535)
			err(m, RULE_CLUSTER_VALUE, v, "port %lld is not in 1..65535",
			    port);
		else
			n->port = (unsigned)port;
	} else
		n->port_pos = y->pos;
	if ((v = ynode_get(y, "subnet")) != NULL) {
		n->subnet_pos = v->pos;
		if ((n->subnet = parse_cidr(m, v, "subnet", &n->net)) != NULL)
			n->subnet_given = 1;
	} else {
		n->subnet_pos = n->address_pos;
		if (n->address != NULL && n->addr_kind != ADDR_HOSTNAME &&
		    hba_ip_parse(n->address, 1, &n->net.family,
		    n->net.addr) == 0) {
			n->net.prefixlen = n->net.family == 4 ? 32 : 128;
			hba_cidr_bits(n->net.family == 4 ? "32" : "128",
			    n->net.family, n->net.mask);
			n->subnet = arena_printf(m->a, "%s/%d", n->address,
			    n->net.prefixlen);
		}
	}
	if ((v = ynode_get(y, "upstream")) != NULL) {
		n->upstream_pos = v->pos;
		n->upstream_name = want_pattern(m, v, "upstream", m->re_node,
		    "it must be the name of a node");
	}
#define PATHKEY(key, field)						\
	if ((v = ynode_get(y, key)) != NULL) {				\
		n->field##_pos = v->pos;				\
		n->field = norm_path(m->a, want_pattern(m, v, key,	\
		    m->re_path, "use an absolute path of letters, digits "	\
		    "and _ . / @ % + = : , ~ -"));			\
	}
	PATHKEY("data_directory", data_directory);
	PATHKEY("bin_directory", bin_directory);
	PATHKEY("config_directory", config_directory);
	PATHKEY("passfile", passfile);
#undef PATHKEY
	if ((v = ynode_get(y, "service")) != NULL) {
		n->service_pos = v->pos;
		n->service = want_pattern(m, v, "service", m->re_os,
		    "use lower-case letters, digits and _ . @ -");
	}
	if ((v = ynode_get(y, "os_user")) != NULL)
		n->os_user = want_pattern(m, v, "os_user", m->re_os,
		    "use lower-case letters, digits and _ . @ -");
	build_settings(m, ynode_get(y, "settings"), &n->settings,
	    "the node's settings");
}

static void
build_access(struct mctx *m, const struct ynode *y, struct hba_entry *h)
{
	const struct ynode	*v;
	const char		*s;
	struct node_net		 net;

	h->pos = y->pos;
	if (!want_kind(m, y, YNODE_MAP, "an access entry"))
		return;
	check_keys(m, y, "an access entry", access_keys, NELEM(access_keys));
	if ((v = required(m, y, "type", "an access entry")) != NULL &&
	    (h->type_pos = v->pos, s = want_scalar(m, v, "type")) != NULL) {
		if (hba_conntype_find(s) == HBA_CONN_NONE)
			err(m, RULE_CLUSTER_VALUE, v, "connection type \"%s\" is "
			    "not one of local, host, hostssl, hostnossl, "
			    "hostgssenc, hostnogssenc", s);
		else
			h->type = s;
	}
	if ((v = required(m, y, "database", "an access entry")) != NULL &&
	    (h->database_pos = v->pos, 1))
		h->database = want_pattern(m, v, "database", m->re_hbalist,
		    "use a comma-separated list of names without blanks or "
		    "quotes, none starting with / but after + or @");
	if ((v = required(m, y, "user", "an access entry")) != NULL &&
	    (h->user_pos = v->pos, 1))
		h->user = want_pattern(m, v, "user", m->re_hbalist,
		    "use a comma-separated list of names without blanks or "
		    "quotes, none starting with / but after + or @");
	if ((v = required(m, y, "method", "an access entry")) != NULL &&
	    (h->method_pos = v->pos, s = want_scalar(m, v, "method")) != NULL) {
		const struct hba_method_def *md = hba_method_find(s);

		if (md == NULL)
			err(m, RULE_CLUSTER_VALUE, v, "authentication method "
			    "\"%s\" is not known", s);
		else if (md->needs & HBA_FEAT_NEVER)
			err(m, RULE_CLUSTER_VALUE, v, "authentication method "
			    "\"%s\" exists only on Windows and OpenBSD "
			    "servers", s);
		else if (m->cl->version != 0 && m->cl->version < md->since)
			err(m, RULE_CLUSTER_VALUE, v, "authentication method "
			    "\"%s\" needs PostgreSQL %d or later", s,
			    md->since);
		else
			h->method = s;
	}
	v = ynode_get(y, "address");
	if (v != NULL)
		h->address_pos = v->pos;
	if (h->type != NULL && strcmp(h->type, "local") == 0) {
		if (v != NULL)
			err(m, RULE_CLUSTER_VALUE, v, "a local entry has no address");
	} else if (h->type != NULL && v == NULL)
		err(m, RULE_CLUSTER_MISSING, y, "a %s entry needs an address",
		    h->type);
	else if (v != NULL && (s = want_scalar(m, v, "address")) != NULL) {
		if (strcmp(s, "all") == 0 || strcmp(s, "samehost") == 0 ||
		    strcmp(s, "samenet") == 0)
			h->address = s;
		else if (strchr(s, '/') != NULL)
			h->address = parse_cidr(m, v, "address", &net);
		else if (re_match(m->re_host, s[0] == '.' ? s + 1 : s,
		    v->len - (s[0] == '.')) && strspn(s, "0123456789.") != v->len)
			h->address = s;
		else
			err(m, RULE_CLUSTER_VALUE, v, "address \"%s\" is not a "
			    "CIDR network, a host name, .suffix, all, samehost or "
			    "samenet", s);
	}
	if ((v = ynode_get(y, "options")) != NULL) {
		if (v->kind == YNODE_MAP) {
			char	*opts = NULL;

			for (size_t i = 0; i < v->npairs; i++) {
				const struct ynode *ov = v->pairs[i].value;
				char	*o;

				if (ov->kind != YNODE_SCALAR) {
					err(m, RULE_CLUSTER_TYPE, ov,
					    "an option value must be a scalar");
					continue;
				}
				o = arena_printf(m->a, "%s=%s",
				    v->pairs[i].key->str, ov->str);
				if (!re_match(m->re_optname, v->pairs[i].key->str,
				    v->pairs[i].key->len) ||
				    !re_match(m->re_optvalue, ov->str, ov->len)) {
					err(m, RULE_CLUSTER_VALUE, ov, "option "
					    "\"%s\" is not valid: use name=value "
					    "without blanks, quotes, commas or #", o);
					continue;
				}
				opts = opts == NULL ? o :
				    arena_printf(m->a, "%s %s", opts, o);
				h->opt_pos = arena_grow(m->a, h->opt_pos,
				    h->nopt, h->nopt + 1, sizeof(*h->opt_pos));
				h->opt_pos[h->nopt++] = ov->pos;
			}
			h->options = opts;
		} else
			err(m, RULE_CLUSTER_TYPE, v,
			    "options must be a mapping of name: value");
	}
}

static void
build_password(struct mctx *m, const struct ynode *v)
{
	const struct ynode	*e, *f;
	struct diag		*dg;

	m->cl->pw_pos = v->pos;
	if (v->kind == YNODE_SCALAR) {
		dg = err(m, RULE_CLUSTER_PLAINTEXT_PASSWORD, v,
		    "the replication password must not be written in the "
		    "description");
		diag_hint(m->d, dg, "use password: {env: VARIABLE} or "
		    "password: {file: /path/to/file}");
		return;
	}
	if (!want_kind(m, v, YNODE_MAP, "password"))
		return;
	check_keys(m, v, "password", password_keys, NELEM(password_keys));
	e = ynode_get(v, "env");
	f = ynode_get(v, "file");
	if ((e == NULL) == (f == NULL)) {
		err(m, RULE_CLUSTER_VALUE, v,
		    "password needs exactly one of env or file");
		return;
	}
	if (e != NULL) {
		m->cl->pw_source = PASSWORD_ENV;
		m->cl->pw_ref = want_pattern(m, e, "password env", m->re_env,
		    "use an environment variable name");
		m->cl->pw_pos = e->pos;
		if (m->cl->pw_ref != NULL && (in_list(m->cl->pw_ref,
		    not_secret_env, NELEM(not_secret_env)) ||
		    strncmp(m->cl->pw_ref, "LC_", 3) == 0 ||
		    strncmp(m->cl->pw_ref, "XDG_", 4) == 0)) {
			dg = err(m, RULE_CLUSTER_VALUE, e, "password env \"%s\" "
			    "is a variable that holds no secret",
			    m->cl->pw_ref);
			diag_hint(m->d, dg, "name the variable that holds the "
			    "replication password, such as "
			    "PGPAIR_REPLICATION_PASSWORD");
		}
	} else {
		m->cl->pw_source = PASSWORD_FILE;
		m->cl->pw_ref = norm_path(m->a, want_pattern(m, f,
		    "password file", m->re_path, "use an absolute path of "
		    "letters, digits and _ . / @ % + = : , ~ -"));
		m->cl->pw_pos = f->pos;
	}
}

static void
build_sync(struct mctx *m, const struct ynode *y)
{
	struct cluster		*cl = m->cl;
	const struct ynode	*v;
	const char		*s;
	long long		 count;

	if (!want_kind(m, y, YNODE_MAP, "synchronous"))
		return;
	check_keys(m, y, "synchronous", sync_keys, NELEM(sync_keys));
	cl->sync.pos = y->pos;
	cl->sync.method = SYNC_FIRST;
	cl->sync.count = 1;
	if ((v = ynode_get(y, "method")) != NULL &&
	    (s = want_scalar(m, v, "method")) != NULL) {
		if (strcasecmp(s, "first") == 0)
			cl->sync.method = SYNC_FIRST;
		else if (strcasecmp(s, "any") == 0)
			cl->sync.method = SYNC_ANY;
		else
			err(m, RULE_CLUSTER_VALUE, v,
			    "method \"%s\" is not first or any", s);
	}
	if ((v = ynode_get(y, "count")) != NULL) {
		if (v->kind != YNODE_SCALAR || ynode_int(v, &count) != 0)
			err(m, RULE_CLUSTER_TYPE, v, "count must be a whole number");
		else if (count < 1 || count > 1000) {
			err(m, RULE_CLUSTER_VALUE, v, "count %lld is not at least 1",
			    count);
		} else
			cl->sync.count = (unsigned)count;
	}
	if ((v = required(m, y, "standbys", "synchronous")) == NULL ||
	    !want_kind(m, v, YNODE_SEQ, "standbys"))
		return;
	cl->sync.standbys = arena_calloc(m->a, v->nitems + 1,
	    sizeof(*cl->sync.standbys));
	for (size_t i = 0; i < v->nitems; i++) {
		struct node	*n;

		if ((s = want_pattern(m, v->items[i], "standby", m->re_node,
		    "it must be the name of a node")) == NULL)
			continue;
		if ((n = find_node(cl, s)) == NULL) {
			diag_rule(m->d, RULE_CLUSTER_SYNC, &v->items[i]->pos,
			    "synchronous standby \"%s\" is not a node", s);
			continue;
		}
		for (size_t j = 0; j < cl->sync.nstandbys; j++)
			if (cl->sync.standbys[j] == n) {
				err(m, RULE_CLUSTER_VALUE, v->items[i],
				    "standby \"%s\" is named twice", s);
				n = NULL;
				break;
			}
		if (n == NULL)
			continue;
		n->sync = 1;
		cl->sync.standbys[cl->sync.nstandbys++] = n;
	}
	cl->sync.enabled = cl->sync.nstandbys > 0;
}

/*
 * An encoding name as PostgreSQL compares them (encnames.c
 * clean_encoding_name, PG 15): letters and digits only, in lower case, so
 * that UTF-8, utf8 and Utf_8 are one name.  Result lives in a.
 */
static const char *
clean_encoding(struct arena *a, const char *name)
{
	char	*s, *w;

	s = w = arena_strdup(a, name);
	for (const char *p = name; *p != '\0'; p++)
		if (isalnum((unsigned char)*p))
			*w++ = (char)tolower((unsigned char)*p);
	*w = '\0';
	return s;
}

/* The canonical name of one of list[0..n) that name stands for, or NULL. */
static const char *
find_encoding(struct arena *a, const char *name, const char *const *list,
    size_t n)
{
	const char	*c = clean_encoding(a, name);

	for (size_t i = 0; i < n; i++)
		if (strcmp(c, clean_encoding(a, list[i])) == 0)
			return list[i];
	return NULL;
}

/*
 * The encoding a locale name's codeset fixes, when pgpair can tell: UTF8
 * for a codeset UTF-8 (or utf8, ...), else NULL: other codesets, and a
 * locale without one, are left to initdb on the host.
 */
static const char *
locale_encoding(struct arena *a, const char *locale)
{
	const char	*dot = strchr(locale, '.'), *at;

	if (dot == NULL)
		return NULL;
	at = strchr(dot, '@');
	dot = arena_strndup(a, dot + 1, at != NULL ? (size_t)(at - dot - 1) :
	    strlen(dot + 1));
	return strcmp(clean_encoding(a, dot), "utf8") == 0 ? "UTF8" : NULL;
}

/*
 * initdb: data_checksums, encoding, and locales.  initdb refuses an
 * encoding its locales do not use (initdb.c setup_locale_encoding, PG 15:
 * "encoding mismatch"), unless the encoding is SQL_ASCII: that is checked
 * here for the codesets locale_encoding() knows.
 */
static void
build_initdb(struct mctx *m, const struct ynode *y)
{
	static const char *const lockeys[] = { "locale", "lc_collate",
	    "lc_ctype" };
	struct cluster		*cl = m->cl;
	const struct ynode	*v, *lv[3];
	const char		*s, *enc, **out[3];
	struct diag		*dg;
	int			 b;

	if (!want_kind(m, y, YNODE_MAP, "initdb"))
		return;
	check_keys(m, y, "initdb", initdb_keys, NELEM(initdb_keys));
	cl->initdb.pos = y->pos;
	if ((v = ynode_get(y, "data_checksums")) != NULL) {
		if (v->kind != YNODE_SCALAR || ynode_bool(v, &b) != 0)
			err(m, RULE_CLUSTER_TYPE, v,
			    "data_checksums must be true or false");
		else
			cl->initdb.checksums = b;
	}
	if ((v = ynode_get(y, "encoding")) != NULL &&
	    (s = want_scalar(m, v, "encoding")) != NULL) {
		if ((enc = find_encoding(m->a, s, server_encodings,
		    NELEM(server_encodings))) != NULL)
			cl->initdb.encoding = enc;
		else if ((enc = find_encoding(m->a, s, client_encodings,
		    NELEM(client_encodings))) != NULL) {
			dg = err(m, RULE_CLUSTER_VALUE, v, "encoding \"%s\" is "
			    "for clients only: a server cannot store %s", s,
			    enc);
			diag_hint(m->d, dg, "use UTF8, which stores every "
			    "character; clients convert with client_encoding");
		} else {
			enc = suggest_closest(s, server_encodings,
			    NELEM(server_encodings));
			dg = err(m, RULE_CLUSTER_VALUE, v, "encoding \"%s\" is "
			    "not a server encoding of PostgreSQL%s%s%s", s,
			    enc ? "; did you mean \"" : "", enc ? enc : "",
			    enc ? "\"?" : "");
			if (enc == NULL)
				diag_hint(m->d, dg, "use UTF8, SQL_ASCII, "
				    "LATIN1 to LATIN10, WIN1250 to WIN1258, "
				    "...: pgpair-cluster(5) lists them");
		}
	}
	out[0] = &cl->initdb.locale;
	out[1] = &cl->initdb.lc_collate;
	out[2] = &cl->initdb.lc_ctype;
	for (size_t i = 0; i < NELEM(lockeys); i++) {
		lv[i] = NULL;
		if ((v = ynode_get(y, lockeys[i])) != NULL &&
		    (*out[i] = want_pattern(m, v, lockeys[i], m->re_locale,
		    "use a locale name such as C.UTF-8 or en_US.UTF-8: a "
		    "letter, then letters, digits and _ . @ -")) != NULL)
			lv[i] = v;
	}
	if (cl->initdb.encoding == NULL ||
	    strcmp(cl->initdb.encoding, "SQL_ASCII") == 0)
		return;
	/* lc_collate and lc_ctype, each given or from locale. */
	for (size_t i = 1; i < NELEM(lockeys); i++) {
		const struct ynode	*from = lv[i] != NULL ? lv[i] : lv[0];

		/* locale alone: reported once, for lc_collate */
		if (from == NULL || (i == 2 && from == lv[0] && lv[1] == NULL))
			continue;
		if ((enc = locale_encoding(m->a, from->str)) == NULL ||
		    strcmp(enc, cl->initdb.encoding) == 0)
			continue;
		dg = err(m, RULE_CLUSTER_VALUE, from, "%s \"%s\" uses encoding "
		    "%s, not %s: initdb refuses the pair (\"encoding "
		    "mismatch\")", from == lv[0] ? "locale" : lockeys[i],
		    from->str, enc, cl->initdb.encoding);
		diag_hint(m->d, dg, "use encoding %s, or a locale of %s", enc,
		    cl->initdb.encoding);
	}
}

const char **
model_initdb_options(struct arena *a, const struct cluster *cl, size_t *n)
{
	const char	**v = arena_calloc(a, 6, sizeof(*v));

	*n = 0;
	/* PostgreSQL 18 turned checksums on by default, and added the off
	 * switch; before, they are off unless asked for. */
	if (cl->initdb.checksums == 1)
		v[(*n)++] = "--data-checksums";
	else if (cl->initdb.checksums == 0 && cl->version >= 18)
		v[(*n)++] = "--no-data-checksums";
	if (cl->initdb.encoding != NULL)
		v[(*n)++] = arena_printf(a, "--encoding=%s",
		    cl->initdb.encoding);
	if (cl->initdb.locale != NULL)
		v[(*n)++] = arena_printf(a, "--locale=%s", cl->initdb.locale);
	if (cl->initdb.lc_collate != NULL)
		v[(*n)++] = arena_printf(a, "--lc-collate=%s",
		    cl->initdb.lc_collate);
	if (cl->initdb.lc_ctype != NULL)
		v[(*n)++] = arena_printf(a, "--lc-ctype=%s",
		    cl->initdb.lc_ctype);
	return v;
}

const char *
model_setting(const struct cluster *cl, const struct node *n,
    const char *name, const struct setting **from)
{
	const struct settings	*lists[2] = { n != NULL ? &n->settings : NULL,
	    &cl->settings };

	for (int l = 0; l < 2; l++) {
		if (lists[l] == NULL)
			continue;
		for (size_t i = 0; i < lists[l]->n; i++)
			if (strcasecmp(lists[l]->v[i].name, name) == 0) {
				if (from != NULL)
					*from = &lists[l]->v[i];
				return lists[l]->v[i].value;
			}
	}
	if (from != NULL)
		*from = NULL;
	return NULL;
}

static void
conf_add(struct mctx *m, struct node *n, size_t *cap, const char *name,
    const char *value, const struct setting *from)
{
	struct setting	*st;

	if (from != NULL)
		name = from->name;
	for (size_t i = 0; i < n->conf.n; i++)
		if (strcasecmp(n->conf.v[i].name, name) == 0) {
			st = &n->conf.v[i];
			goto set;
		}
	if (n->conf.n == *cap) {
		n->conf.v = arena_grow(m->a, n->conf.v, n->conf.n, *cap * 2 + 8,
		    sizeof(*n->conf.v));
		*cap = *cap * 2 + 8;
	}
	st = &n->conf.v[n->conf.n++];
set:
	if (from != NULL)
		*st = *from;
	else {
		memset(st, 0, sizeof(*st));
		st->name = name;
		st->value = value;
		st->name_pos = st->value_pos = n->pos;
		st->generated = 1;
	}
}

static int
cmp_setting(const void *pa, const void *pb)
{
	const struct setting	*a = pa, *b = pb;

	return strcasecmp(a->name, b->name);
}

int
model_loopback(const char *address)
{
	unsigned char	 b[16];
	int		 fam;

	if (hba_ip_parse(address, 1, &fam, b) == 0)
		return fam == 4 ? b[0] == 127 :
		    memcmp(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16) == 0;
	return strcasecmp(address, "localhost") == 0;
}

static int
is_loopback(const struct node *n)
{
	return model_loopback(n->address);
}

/* A synchronous_standby_names member: a bare name or a "quoted" one. */
static const char *
ssn_name(struct arena *a, const char *name)
{
	return strchr(name, '-') != NULL ? arena_printf(a, "\"%s\"", name) :
	    name;
}

/*
 * A standby's primary_conninfo: its upstream, the replication user, the
 * passfile that holds the password (never the password itself), and its
 * node name as application_name, which synchronous_standby_names and
 * pg_stat_replication use.  It lives in the node's conf fragment, not in
 * postgresql.auto.conf, so that re-pointing a standby is a reviewed change
 * of a generated file.
 */
static const char *
conninfo(struct mctx *m, const struct node *n)
{
	const char	*v[5][2] = {
		{ "host", n->upstream->address },
		{ "port", arena_printf(m->a, "%u", n->upstream->port) },
		{ "user", m->cl->repl_user },
		{ "passfile", n->passfile },
		{ "application_name", n->name },
	};
	const char	*s = "", *q;

	for (size_t i = 0; i < NELEM(v); i++) {
		if ((q = quote_conninfo_value(m->a, v[i][1])) == NULL)
			q = "''";	/* the model refused the value already */
		s = arena_printf(m->a, "%s%s=%s ", s, v[i][0], q);
	}
	return arena_printf(m->a, "%sconnect_timeout=10", s);
}

/* node->conf: the cluster's settings, the node's, then pgpair's. */
static void
build_conf(struct mctx *m, struct node *n)
{
	struct cluster	*cl = m->cl;
	size_t		 cap = 0;
	const char	*s;

	for (size_t i = 0; i < cl->settings.n; i++)
		conf_add(m, n, &cap, NULL, NULL, &cl->settings.v[i]);
	for (size_t i = 0; i < n->settings.n; i++)
		conf_add(m, n, &cap, NULL, NULL, &n->settings.v[i]);
	conf_add(m, n, &cap, "port", arena_printf(m->a, "%u", n->port), NULL);
	if (model_setting(cl, n, "listen_addresses", NULL) == NULL)
		conf_add(m, n, &cap, "listen_addresses", is_loopback(n) ?
		    n->address : arena_printf(m->a, "localhost,%s", n->address),
		    NULL);
	/*
	 * Without slots, an upstream keeps no WAL for its standbys: a standby
	 * that reconnects (after its own restart, say) asks for the segment
	 * of its last record, which a checkpoint of the upstream may just have
	 * recycled, and then can never stream again.  Keep some WAL unless the
	 * description says how much.
	 */
	if (!cl->slots && model_setting(cl, n, "wal_keep_size", NULL) == NULL &&
	    model_setting(cl, n, "wal_keep_segments", NULL) == NULL)
		conf_add(m, n, &cap, cl->version >= 13 ? "wal_keep_size" :
		    "wal_keep_segments", cl->version >= 13 ? "512MB" : "32",
		    NULL);
	if (model_setting(cl, n, "cluster_name", NULL) == NULL)
		conf_add(m, n, &cap, "cluster_name", n->name, NULL);
	if (n->role == ROLE_PRIMARY && cl->sync.enabled) {
		const char	*list = "";

		for (size_t i = 0; i < cl->sync.nstandbys; i++)
			list = arena_printf(m->a, "%s%s%s", list, i ? ", " : "",
			    ssn_name(m->a, cl->sync.standbys[i]->name));
		conf_add(m, n, &cap, "synchronous_standby_names",
		    arena_printf(m->a, "%s %u (%s)",
		    cl->sync.method == SYNC_FIRST ? "FIRST" : "ANY",
		    cl->sync.count, list), NULL);
	}
	if (n->role == ROLE_STANDBY && n->upstream != NULL)
		conf_add(m, n, &cap, "primary_conninfo", conninfo(m, n), NULL);
	if (n->role == ROLE_STANDBY && n->slot != NULL)
		conf_add(m, n, &cap, "primary_slot_name", n->slot, NULL);
	if (n->conf.n > 1)
		qsort(n->conf.v, n->conf.n, sizeof(*n->conf.v), cmp_setting);
	/* The first socket directory is where the runbook finds its server. */
	if ((s = model_setting(cl, n, "unix_socket_directories", NULL)) != NULL) {
		size_t	 len;

		while (*s == ' ')
			s++;
		len = strcspn(s, ",");
		while (len > 0 && s[len - 1] == ' ')
			len--;
		if (len > 0 && s[0] == '/')
			n->socket_directory = arena_strndup(m->a, s, len);
	}
}

/* A network with its prefix (IP family, length, masked address). */
struct netkey {
	unsigned char	 b[18];
};

/* Up to two node indexes under one network, the earlier first. */
struct netslot {
	struct netkey	 key;
	size_t		 idx[2];	/* SIZE_MAX: none */
	int		 used;
};

static void
net_key(struct netkey *k, const struct node_net *net, int len)
{
	const unsigned char	*mask = hba_prefix_mask(len);

	k->b[0] = (unsigned char)net->family;
	k->b[1] = (unsigned char)len;
	for (int i = 0; i < 16; i++)
		k->b[2 + i] = net->addr[i] & mask[i];
}

static struct netslot *
net_slot(struct netslot *v, size_t cap, const struct netkey *k)
{
	uint64_t	 h = 1469598103934665603ull;	/* FNV-1a */
	size_t		 i;

	for (size_t j = 0; j < sizeof(k->b); j++) {
		h ^= k->b[j];
		h *= 1099511628211ull;
	}
	for (i = (size_t)(h ^ h >> 32) & (cap - 1); v[i].used &&
	    memcmp(v[i].key.b, k->b, sizeof(k->b)) != 0; i = (i + 1) &
	    (cap - 1))
		continue;
	return &v[i];
}

/*
 * Each node's replication line would be covered by the line of an earlier
 * node whose subnet holds its own (the same subnet, or a wider one); such
 * a line would never apply (hba-shadowed), so the node joins the comment
 * of that line instead.  In the file of node n, the line of node p goes
 * into the line of the first earlier node other than n whose subnet
 * covers p's: n->cover keeps the first two.  One probe per prefix length
 * that some subnet has, so O(nodes x address width).
 */
static void
link_subnets(struct mctx *m)
{
	struct cluster	*cl = m->cl;
	struct netslot	*v;
	size_t		 cap = 16;
	uint64_t	 lens[2][3] = { { 0 } };

	while (cap < 2 * cl->nnodes + 2)
		cap *= 2;
	v = arena_calloc(m->a, cap, sizeof(*v));
	for (size_t i = 0; i < cl->nnodes; i++) {
		struct node	*p = &cl->nodes[i];
		struct netkey	 k;
		struct netslot	*sl;
		size_t		 best[2] = { SIZE_MAX, SIZE_MAX };
		int		 f;

		p->cover[0] = p->cover[1] = NULL;
		if (p->net.family == 0 || p->subnet == NULL)
			continue;
		f = p->net.family == 4 ? 0 : 1;
		for (int q = 0; q <= p->net.prefixlen; q++) {
			if (!(lens[f][q / 64] >> (q % 64) & 1))
				continue;
			net_key(&k, &p->net, q);
			sl = net_slot(v, cap, &k);
			for (int j = 0; j < 2 && sl->used; j++) {
				size_t	 x = sl->idx[j];

				if (x < best[0]) {
					best[1] = best[0];
					best[0] = x;
				} else if (x < best[1] && x != best[0])
					best[1] = x;
			}
		}
		for (int j = 0; j < 2; j++)
			p->cover[j] = best[j] != SIZE_MAX ?
			    &cl->nodes[best[j]] : NULL;
		net_key(&k, &p->net, p->net.prefixlen);
		sl = net_slot(v, cap, &k);
		if (!sl->used) {
			sl->used = 1;
			sl->key = k;
			sl->idx[0] = i;
			sl->idx[1] = SIZE_MAX;
		} else if (sl->idx[1] == SIZE_MAX)
			sl->idx[1] = i;
		lens[f][p->net.prefixlen / 64] |= 1ull << (p->net.prefixlen % 64);
	}
}

size_t
model_node_hba(struct arena *a, const struct cluster *cl,
    const struct node *n, struct hba_entry **out)
{
	struct hba_entry	*v, h;
	size_t			 k = 0, *line_of, *next, *tail;

	v = arena_calloc(a, 4 + cl->nnodes + cl->naccess, sizeof(*v));
	memset(&h, 0, sizeof(h));
	h.pos = n->pos;
	h.generated = 1;
	h.type = "local";
	h.database = "all";
	h.user = "all";
	h.method = "peer";
	h.comment = "local administration over the unix socket";
	v[k++] = h;
	h.type = "local";
	h.database = "replication";
	h.comment = "local pg_basebackup";
	v[k++] = h;
	h.type = "host";
	h.database = "all";
	h.method = "scram-sha-256";
	h.address = "127.0.0.1/32";
	h.comment = "local connections over TCP";
	v[k++] = h;
	h.address = "::1/128";
	h.comment = NULL;
	v[k++] = h;

	/* a replication line for every other node, or a name in the
	 * comment of the line that covers it */
	line_of = arena_alloc(a, (cl->nnodes + 1) * sizeof(*line_of));
	next = arena_alloc(a, (cl->nnodes + 1) * sizeof(*next));
	tail = arena_alloc(a, (cl->nnodes + 1) * sizeof(*tail));
	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node	*p = &cl->nodes[i];
		const struct node	*into;

		line_of[i] = next[i] = SIZE_MAX;
		if (p == n || p->subnet == NULL || p->name == NULL)
			continue;
		into = p->cover[0] != n ? p->cover[0] : p->cover[1];
		if (into != NULL && line_of[into->index] != SIZE_MAX) {
			size_t	 q = into->index;

			next[tail[q]] = i;
			tail[q] = i;
			continue;
		}
		line_of[i] = k;
		tail[i] = i;
		h.type = "host";
		h.database = "replication";
		h.user = cl->repl_user;
		h.address = p->subnet;
		h.method = "scram-sha-256";
		h.pos = p->subnet_pos;
		h.comment = NULL;
		v[k++] = h;
	}
	for (size_t i = 0; i < cl->nnodes; i++) {
		struct strbuf	 sb = STRBUF_INIT;

		if (line_of[i] == SIZE_MAX)
			continue;
		strbuf_addstr(&sb, "replication from ");
		strbuf_addstr(&sb, cl->nodes[i].name);
		for (size_t j = next[i]; j != SIZE_MAX; j = next[j]) {
			strbuf_addstr(&sb, ", ");
			strbuf_addstr(&sb, cl->nodes[j].name);
		}
		v[line_of[i]].comment = arena_strndup(a, sb.buf, sb.len);
		strbuf_release(&sb);
	}
	for (size_t i = 0; i < cl->naccess; i++)
		v[k++] = cl->access[i];
	*out = v;
	return k;
}

/* Resolve upstreams, children and depth; cycles are left to the rules. */
static void
link_nodes(struct mctx *m)
{
	struct cluster	*cl = m->cl;

	for (size_t i = 0; i < cl->nnodes; i++) {
		struct node	*n = &cl->nodes[i];

		if (n->role == ROLE_PRIMARY && n->name != NULL &&
		    cl->primary == NULL)
			cl->primary = n;
	}
	for (size_t i = 0; i < cl->nnodes; i++) {
		struct node	*n = &cl->nodes[i];

		if (n->role != ROLE_STANDBY)
			continue;
		if (n->upstream_name != NULL)
			n->upstream = find_node(cl, n->upstream_name);
		else {
			n->upstream = cl->primary;
			n->upstream_pos = n->pos;
		}
		if (n->upstream == n)
			n->upstream = NULL;
	}
	for (size_t i = 0; i < cl->nnodes; i++) {
		struct node	*n = &cl->nodes[i], *u = n->upstream;

		if (u == NULL)
			continue;
		u->children = arena_grow(m->a, u->children, u->nchildren,
		    u->nchildren + 1, sizeof(*u->children));
		u->children[u->nchildren++] = n;
	}
	for (size_t i = 0; i < cl->nnodes; i++) {
		struct node	*n = &cl->nodes[i], *u;
		size_t		 d = 0;

		for (u = n->upstream; u != NULL && d <= cl->nnodes; u = u->upstream)
			d++;
		n->depth = d;
	}
	if (cl->slots)
		for (size_t i = 0; i < cl->nnodes; i++) {
			struct node	*n = &cl->nodes[i];
			char		*s;

			if (n->role != ROLE_STANDBY || n->name == NULL)
				continue;
			s = arena_strdup(m->a, n->name);
			for (char *p = s; *p != '\0'; p++)
				if (*p == '-')
					*p = '_';
			n->slot = s;
		}
}

static void
compile_patterns(struct mctx *m)
{
	m->re_node = re_compile(m->a, PAT_NODE_NAME);
	m->re_cluster = re_compile(m->a, PAT_CLUSTER);
	m->re_role = re_compile(m->a, PAT_ROLE_NAME);
	m->re_env = re_compile(m->a, PAT_ENV_NAME);
	m->re_path = re_compile(m->a, PAT_PATH);
	m->re_os = re_compile(m->a, PAT_OS_NAME);
	m->re_host = re_compile(m->a, PAT_HOSTNAME);
	m->re_guc = re_compile(m->a, PAT_GUC_NAME);
	m->re_hbalist = re_compile(m->a, PAT_HBA_LIST);
	m->re_optname = re_compile(m->a, PAT_HBA_OPTNAME);
	m->re_optvalue = re_compile(m->a, PAT_HBA_OPTVALUE);
	m->re_locale = re_compile(m->a, PAT_LOCALE);
}

struct cluster *
model_build(struct arena *a, const struct ynode *root, const char *file,
    struct diags *d)
{
	struct mctx		 mc, *m = &mc;
	struct cluster		*cl;
	const struct ynode	*v, *r;
	const char		*s;
	long long		 ver;

	memset(m, 0, sizeof(*m));
	m->a = a;
	m->d = d;
	m->file = file;
	m->cl = cl = arena_calloc(a, 1, sizeof(*cl));
	cl->file = file;
	cl->root = root;
	compile_patterns(m);

	if (!want_kind(m, root, YNODE_MAP, "the description"))
		return NULL;
	check_keys(m, root, "the description", top_keys, NELEM(top_keys));

	if ((v = required(m, root, "cluster", "the description")) != NULL) {
		cl->name_pos = v->pos;
		cl->name = want_pattern(m, v, "cluster name", m->re_cluster,
		    "use letters, digits and _ . -, at most 63 characters");
	}

	cl->version = 0;
	if ((v = required(m, root, "postgres", "the description")) != NULL &&
	    want_kind(m, v, YNODE_MAP, "postgres")) {
		check_keys(m, v, "postgres", postgres_keys, NELEM(postgres_keys));
		if ((r = required(m, v, "version", "postgres")) != NULL) {
			cl->version_pos = r->pos;
			if (r->kind != YNODE_SCALAR || ynode_int(r, &ver) != 0)
				err(m, RULE_CLUSTER_VERSION, r, "postgres.version "
				    "must be a major version number from %d to %d",
				    PG_MAJOR_MIN, PG_MAJOR_MAX);
			else if (!pgvocab_supported((int)ver) || ver != (int)ver)
				err(m, RULE_CLUSTER_VERSION, r, "PostgreSQL %lld is "
				    "not supported: use a major version from %d "
				    "to %d", ver, PG_MAJOR_MIN, PG_MAJOR_MAX);
			else
				cl->version = (int)ver;
		}
	}

	cl->platform = PLATFORM_RHEL;
	if ((v = ynode_get(root, "platform")) != NULL) {
		cl->platform_pos = v->pos;
		if ((s = want_scalar(m, v, "platform")) != NULL) {
			if (strcmp(s, "rhel") == 0)
				cl->platform = PLATFORM_RHEL;
			else if (strcmp(s, "debian") == 0)
				cl->platform = PLATFORM_DEBIAN;
			else if (strcmp(s, "generic") == 0)
				cl->platform = PLATFORM_GENERIC;
			else
				err(m, RULE_CLUSTER_VALUE, v, "platform \"%s\" is not "
				    "rhel, debian or generic", s);
		}
	}

	if ((v = required(m, root, "replication", "the description")) != NULL &&
	    want_kind(m, v, YNODE_MAP, "replication")) {
		check_keys(m, v, "replication", replication_keys,
		    NELEM(replication_keys));
		if ((r = required(m, v, "user", "replication")) != NULL) {
			cl->repl_user_pos = r->pos;
			cl->repl_user = want_pattern(m, r, "replication user",
			    m->re_role, "use a lower-case letter or _, then "
			    "lower-case letters, digits or _");
		}
		if ((r = required(m, v, "password", "replication")) != NULL)
			build_password(m, r);
		if ((r = ynode_get(v, "slots")) != NULL) {
			int	 b;

			cl->slots_pos = r->pos;
			if (r->kind != YNODE_SCALAR || ynode_bool(r, &b) != 0)
				err(m, RULE_CLUSTER_TYPE, r,
				    "slots must be true or false");
			else
				cl->slots = b;
		}
	}

	build_settings(m, ynode_get(root, "settings"), &cl->settings,
	    "settings");

	cl->initdb.checksums = -1;
	if ((v = ynode_get(root, "initdb")) != NULL && !ynode_is_null(v))
		build_initdb(m, v);

	if ((v = required(m, root, "nodes", "the description")) != NULL &&
	    want_kind(m, v, YNODE_SEQ, "nodes")) {
		if (v->nitems == 0)
			err(m, RULE_CLUSTER_MISSING, v, "nodes is empty");
		cl->nodes = arena_calloc(a, v->nitems, sizeof(*cl->nodes));
		cl->nnodes = v->nitems;
		for (size_t i = 0; i < v->nitems; i++) {
			cl->nodes[i].index = i;
			build_node(m, v->items[i], &cl->nodes[i]);
		}
	}

	if ((v = ynode_get(root, "access")) != NULL && !ynode_is_null(v) &&
	    want_kind(m, v, YNODE_SEQ, "access")) {
		cl->access = arena_calloc(a, v->nitems, sizeof(*cl->access));
		cl->naccess = v->nitems;
		for (size_t i = 0; i < v->nitems; i++)
			build_access(m, v->items[i], &cl->access[i]);
	}

	if ((v = ynode_get(root, "synchronous")) != NULL && !ynode_is_null(v))
		build_sync(m, v);

	/* Settings are judged against the version: skip without one. */
	if (cl->version != 0) {
		check_settings(m, &cl->settings);
		for (size_t i = 0; i < cl->nnodes; i++)
			check_settings(m, &cl->nodes[i].settings);
	}

	/* The rules need a complete model: names, roles, a version. */
	if (m->failed || cl->version == 0)
		return NULL;
	for (size_t i = 0; i < cl->nnodes; i++)
		if (cl->nodes[i].name == NULL || cl->nodes[i].address == NULL)
			return NULL;
	link_nodes(m);
	link_subnets(m);
	for (size_t i = 0; i < cl->nnodes; i++) {
		fill_defaults(m, &cl->nodes[i]);
		build_conf(m, &cl->nodes[i]);
	}
	return cl;
}

const char *
platform_name(enum platform p)
{
	return p == PLATFORM_RHEL ? "rhel" : p == PLATFORM_DEBIAN ? "debian" :
	    "generic";
}

const char *
role_name(enum role r)
{
	return r == ROLE_PRIMARY ? "primary" : "standby";
}

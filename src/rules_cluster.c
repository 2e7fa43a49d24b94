/*
 * Checks on the cluster model: topology (one primary, unique names and
 * endpoints, upstreams), the places on disk a runbook moves or writes, the
 * settings replication depends on, synchronous replication and the
 * generated pg_hba.conf.  They run after model_build()
 * through rules_run(SCOPE_CLUSTER, ...), only read the model, and report
 * through the diagnostic sink; anything they allocate lives in cx->a.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "arena.h"
#include "diag.h"
#include "hba_parse.h"
#include "model.h"
#include "pgvocab.h"
#include "rule.h"
#include "strbuf.h"
#include "yaml_load.h"

/* An IPv4 or IPv6 address, len bytes. */
struct net {
	int		 family;	/* 4 or 6 */
	size_t		 len;		/* 4 or 16 */
	unsigned char	 addr[16];
};

/*
 * Folders the system or the packages own, exactly (not what lies below
 * them): no data directory, configuration directory or passfile may be
 * one.  The last four hold the packages' clusters, and two are the
 * postgres user's home.
 */
static const char *const system_dirs[] = {
	"/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32",
	"/lib64", "/libx32", "/media", "/mnt", "/opt", "/proc", "/root", "/run",
	"/sbin", "/srv", "/sys", "/tmp", "/usr", "/usr/bin", "/usr/lib",
	"/usr/lib64", "/usr/libexec", "/usr/local", "/usr/local/bin",
	"/usr/local/lib", "/usr/sbin", "/usr/share", "/var", "/var/cache",
	"/var/lib", "/var/log", "/var/opt", "/var/run", "/var/spool",
	"/var/tmp",
	"/etc/postgresql", "/usr/local/pgsql", "/var/lib/pgsql",
	"/var/lib/postgresql",
};

/* One path of a node, as the place rules see it. */
struct place {
	const char	*key;		/* data_directory, ... */
	const char	*path;		/* normalised by the model */
	const struct pos *pos;		/* its value, or NULL: defaulted */
};

static struct diag	*report(struct check_ctx *, const struct rule *,
			    const struct pos *, const char *, ...)
			    __attribute__((format(printf, 4, 5)));
static const struct setting *conf_get(const struct node *, const char *);
static const struct pos	*setting_pos(const struct node *,
			    const struct setting *);
static int		 from_cluster(const struct cluster *,
			    const struct setting *);
static int		 eff_value(struct check_ctx *, const struct node *,
			    const char *, struct guc_value *,
			    const struct setting **);
static int		 eff_num(struct check_ctx *, const struct node *,
			    const char *, double *, const struct setting **);
static const char	*slot_form(struct arena *, const char *);
static int		 parse_ip(const char *, struct net *);
static const struct node *resolve_upstream(const struct cluster *,
			    const struct node *);
static const char	*node_list(struct arena *, struct node *const *,
			    size_t);
static int		 listen_covers(struct arena *, const char *,
			    const struct node *);
static int		 sync_distinct(const struct cluster *);
static int		 pos_eq(const struct pos *, const struct pos *);
static const struct pos	*given(const struct pos *);
static size_t		 node_places(const struct node *, struct place *);
static int		 same_host(const struct node *, const struct node *);
static int		 path_within(const char *, const char *);
static const char	*path_parent(struct arena *, const char *);
static int		 has_dots(const char *, const char **);
static int		 system_dir(const char *);
static const char	*passfile_clash(const char *, const struct node *,
			    const char *);
static int		 places_clash(const struct place *, size_t,
			    const struct place *, size_t, size_t *, size_t *);

void	check_one_primary(struct check_ctx *, const struct rule *);
void	check_unique_name(struct check_ctx *, const struct rule *);
void	check_unique_endpoint(struct check_ctx *, const struct rule *);
void	check_upstream(struct check_ctx *, const struct rule *);
void	check_shared_directory(struct check_ctx *, const struct rule *);
void	check_system_directory(struct check_ctx *, const struct rule *);
void	check_path_dots(struct check_ctx *, const struct rule *);
void	check_passfile_location(struct check_ctx *, const struct rule *);
void	check_debian_cluster(struct check_ctx *, const struct rule *);
void	check_standby_params(struct check_ctx *, const struct rule *);
void	check_standby_params_upstream(struct check_ctx *,
	    const struct rule *);
void	check_wal_level(struct check_ctx *, const struct rule *);
void	check_wal_senders(struct check_ctx *, const struct rule *);
void	check_wal_senders_spare(struct check_ctx *, const struct rule *);
void	check_replication_slots(struct check_ctx *, const struct rule *);
void	check_hot_standby_off(struct check_ctx *, const struct rule *);
void	check_listen_addresses(struct check_ctx *, const struct rule *);
void	check_sync(struct check_ctx *, const struct rule *);
void	check_sync_fragile(struct check_ctx *, const struct rule *);
void	check_hostname_subnet(struct check_ctx *, const struct rule *);

/*
 * Report at r's level under r's id: r may carry a per-run override of the
 * default level.
 */
static struct diag *
report(struct check_ctx *cx, const struct rule *r, const struct pos *pos,
    const char *fmt, ...)
{
	struct diag	*dg;
	va_list		 ap;

	va_start(ap, fmt);
	dg = diag_vadd(cx->d, pos, r->level, r->id, fmt, ap);
	va_end(ap);
	return dg;
}

static int
pos_eq(const struct pos *a, const struct pos *b)
{
	if (a->line != b->line || a->col != b->col)
		return 0;
	if (a->file == NULL || b->file == NULL)
		return a->file == b->file;
	return strcmp(a->file, b->file) == 0;
}

/* The node's effective setting (its conf fragment), or NULL: the default. */
static const struct setting *
conf_get(const struct node *n, const char *name)
{
	/* Parameter names are case-insensitive (guc.c guc_name_compare). */
	for (size_t i = 0; i < n->conf.n; i++)
		if (strcasecmp(n->conf.v[i].name, name) == 0)
			return &n->conf.v[i];
	return NULL;
}

/* Where to point for a setting: its value when the user wrote it. */
static const struct pos *
setting_pos(const struct node *n, const struct setting *s)
{
	if (s != NULL && !s->generated && s->value_pos.line != 0)
		return &s->value_pos;
	return &n->pos;
}

/* 1 when s is the cluster-wide setting (inherited, not the node's own). */
static int
from_cluster(const struct cluster *cl, const struct setting *s)
{
	if (s == NULL || s->generated)
		return 0;
	for (size_t i = 0; i < cl->settings.n; i++)
		if (pos_eq(&cl->settings.v[i].value_pos, &s->value_pos))
			return 1;
	return 0;
}

/*
 * The node's effective value of parameter name, parsed for the cluster's
 * version: its conf entry, else the version's default.  Returns 0 when the
 * parameter is unknown or the value does not parse (conf-invalid-value
 * reports that); *from gets the setting or NULL.
 */
static int
eff_value(struct check_ctx *cx, const struct node *n, const char *name,
    struct guc_value *out, const struct setting **from)
{
	const struct guc_def	*g;
	const struct setting	*s;
	const char		*text;

	memset(out, 0, sizeof(*out));
	*from = NULL;
	if ((g = pgvocab_find(cx->cl->version, name)) == NULL)
		return 0;
	s = conf_get(n, name);
	*from = s;
	if (s == NULL && (g->type == GUC_INT || g->type == GUC_REAL)) {
		out->ok = 1;
		out->num = pgvocab_default_num(g);
		return 1;
	}
	if ((text = s != NULL ? s->value : g->boot_val) == NULL)
		return 0;
	return pgvocab_check_value(cx->a, cx->cl->version, g, text, out);
}

static int
eff_num(struct check_ctx *cx, const struct node *n, const char *name,
    double *out, const struct setting **from)
{
	struct guc_value	 v;

	if (!eff_value(cx, n, name, &v, from))
		return 0;
	*out = v.num;
	return 1;
}

/* The name as a slot or application name compares: lower case, - as _. */
static const char *
slot_form(struct arena *a, const char *name)
{
	char	*s;

	s = arena_strdup(a, name);
	for (char *p = s; *p != '\0'; p++) {
		if (*p == '-')
			*p = '_';
		else if (*p >= 'A' && *p <= 'Z')
			*p = *p - 'A' + 'a';
	}
	return s;
}

/* A literal IPv4 or IPv6 address (hba_ip_parse(), strict). */
static int
parse_ip(const char *s, struct net *n)
{
	memset(n, 0, sizeof(n->addr));
	if (hba_ip_parse(s, 1, &n->family, n->addr) != 0)
		return 0;
	n->len = n->family == 4 ? 4 : 16;
	return 1;
}

/* The node n streams from, by its written upstream name, or NULL. */
static const struct node *
resolve_upstream(const struct cluster *cl, const struct node *n)
{
	if (n->upstream_name != NULL)
		return model_find_node(cl, n->upstream_name);
	return n->upstream;
}

/* "\"pg2\", \"pg3\"" in a. */
static const char *
node_list(struct arena *a, struct node *const *v, size_t n)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*s;

	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s\"%s\"", i > 0 ? ", " : "", v[i]->name);
	s = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return s;
}

void
check_one_primary(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;
	const struct node	*first = NULL;
	struct pos		 where;
	struct diag		*dg;

	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node *n = &cl->nodes[i];

		if (n->role != ROLE_PRIMARY)
			continue;
		if (first == NULL) {
			first = n;
			continue;
		}
		dg = report(cx, r, &n->role_pos,
		    "second node with role primary: \"%s\" (\"%s\" is the "
		    "primary)", n->name, first->name);
		diag_hint(cx->d, dg, "make \"%s\" a standby with "
		    "\"role: standby\"", n->name);
	}
	if (first != NULL || cl->nnodes == 0)
		return;
	/* Point at the nodes key when the tree is at hand. */
	where = cl->nodes[0].pos;
	if (cl->root != NULL && cl->root->kind == YNODE_MAP)
		for (size_t i = 0; i < cl->root->npairs; i++)
			if (strcmp(cl->root->pairs[i].key->str, "nodes") == 0)
				where = cl->root->pairs[i].key->pos;
	dg = report(cx, r, &where, "no node has role primary");
	diag_hint(cx->d, dg, "give exactly one node \"role: primary\"");
}

void
check_unique_name(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;
	const char		**forms;

	forms = arena_calloc(cx->a, cl->nnodes + 1, sizeof(*forms));
	for (size_t i = 0; i < cl->nnodes; i++)
		forms[i] = slot_form(cx->a, cl->nodes[i].name);
	for (size_t j = 1; j < cl->nnodes; j++) {
		const struct node *b = &cl->nodes[j];

		for (size_t i = 0; i < j; i++) {
			const struct node *a = &cl->nodes[i];
			struct diag	  *dg;

			if (strcmp(a->name, b->name) == 0) {
				report(cx, r, &b->name_pos,
				    "node name \"%s\" is used twice (first at "
				    "line %u)", b->name, a->name_pos.line);
				break;
			}
			if (strcmp(forms[i], forms[j]) == 0) {
				/*
				 * Slot names are lower case with _ only, and
				 * synchronous_standby_names matches
				 * application_name case-insensitively
				 * (syncrep.c, PG 15).
				 */
				dg = report(cx, r, &b->name_pos,
				    "node names \"%s\" and \"%s\" differ only "
				    "in case or in - and _, so they give the "
				    "same slot and application name \"%s\"",
				    a->name, b->name, forms[j]);
				diag_hint(cx->d, dg, "rename one of them");
				break;
			}
		}
	}
}

void
check_unique_endpoint(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;

	for (size_t j = 1; j < cl->nnodes; j++) {
		const struct node *b = &cl->nodes[j];
		struct net	   nb;
		int		   ipb = parse_ip(b->address, &nb);

		for (size_t i = 0; i < j; i++) {
			const struct node *a = &cl->nodes[i];
			struct net	   na;
			int		   same;

			if (a->port != b->port)
				continue;
			if (ipb && parse_ip(a->address, &na))
				same = na.family == nb.family &&
				    memcmp(na.addr, nb.addr, na.len) == 0;
			else
				same = !ipb && !parse_ip(a->address, &na) &&
				    strcasecmp(a->address, b->address) == 0;
			if (!same)
				continue;
			report(cx, r, &b->address_pos,
			    "nodes \"%s\" and \"%s\" both use address \"%s\" "
			    "and port %u", a->name, b->name, b->address,
			    b->port);
			break;
		}
	}
}

void
check_upstream(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;
	unsigned char		*state; /* 0 new, 1 walking, 2 done */
	size_t			*walk;

	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node *n = &cl->nodes[i];

		if (n->upstream_name == NULL)
			continue;
		if (n->role == ROLE_PRIMARY)
			report(cx, r, &n->upstream_pos,
			    "primary \"%s\" has an upstream (\"%s\")",
			    n->name, n->upstream_name);
		else if (model_find_node(cl, n->upstream_name) == NULL)
			report(cx, r, &n->upstream_pos,
			    "upstream \"%s\" of node \"%s\" is not a node",
			    n->upstream_name, n->name);
	}

	/*
	 * Cycles: follow upstreams from each node, marking the walk; meeting
	 * a node of the current walk closes a cycle, reported once at the
	 * upstream key of its first member in description order.
	 */
	state = arena_calloc(cx->a, cl->nnodes + 1, 1);
	walk = arena_calloc(cx->a, cl->nnodes + 1, sizeof(*walk));
	for (size_t start = 0; start < cl->nnodes; start++) {
		size_t	 len = 0, k, at = start, first;
		int	 closed = 0;
		const struct node *u;
		struct strbuf sb = STRBUF_INIT;

		for (;;) {
			if (state[at] != 0) {
				closed = state[at] == 1;
				break;
			}
			state[at] = 1;
			walk[len++] = at;
			if (cl->nodes[at].role == ROLE_PRIMARY ||
			    (u = resolve_upstream(cl, &cl->nodes[at])) == NULL)
				break;
			at = (size_t)(u - cl->nodes);
		}
		if (closed) {
			/* the cycle is walk[k..len-1], back to walk[k] == at */
			for (k = 0; walk[k] != at; k++)
				;
			first = k;
			for (size_t m = k; m < len; m++)
				if (walk[m] < walk[first])
					first = m;
			for (size_t m = first; m < len; m++)
				strbuf_addf(&sb, "%s -> ",
				    cl->nodes[walk[m]].name);
			for (size_t m = k; m < first; m++)
				strbuf_addf(&sb, "%s -> ",
				    cl->nodes[walk[m]].name);
			strbuf_addstr(&sb, cl->nodes[walk[first]].name);
			report(cx, r, &cl->nodes[walk[first]].upstream_pos,
			    "upstreams form a cycle: %s", sb.buf);
			strbuf_release(&sb);
		}
		for (size_t m = 0; m < len; m++)
			state[walk[m]] = 2;
	}
}

/* The position of a value the description gives, or NULL: defaulted. */
static const struct pos *
given(const struct pos *p)
{
	return p->line != 0 ? p : NULL;
}

/*
 * The directories a node's runbook moves or writes into: its data
 * directory, and its configuration directory when that is another one.
 * A system folder holds everything: cluster-system-directory reports it
 * alone.
 */
static size_t
node_places(const struct node *n, struct place *v)
{
	size_t	 k = 0;

	if (!system_dir(n->data_directory))
		v[k++] = (struct place){ "data_directory", n->data_directory,
		    given(&n->data_directory_pos) };
	if (strcmp(n->config_directory, n->data_directory) != 0 &&
	    !system_dir(n->config_directory))
		v[k++] = (struct place){ "config_directory",
		    n->config_directory, given(&n->config_directory_pos) };
	return k;
}

/*
 * 1 when a and b surely run on one host: the same IP address (in any
 * spelling), the same host name, or both on loopback addresses.  A host
 * name and an address may be one host too; offline that cannot be told.
 */
static int
same_host(const struct node *a, const struct node *b)
{
	struct net	 na, nb;

	if (model_loopback(a->address) && model_loopback(b->address))
		return 1;
	if (parse_ip(a->address, &na) && parse_ip(b->address, &nb))
		return na.family == nb.family &&
		    memcmp(na.addr, nb.addr, na.len) == 0;
	return strcasecmp(a->address, b->address) == 0;
}

/* 1 when normalised path inner lies below outer (not equal to it). */
static int
path_within(const char *inner, const char *outer)
{
	size_t	 len = strlen(outer);

	if (strcmp(outer, "/") == 0)
		return inner[0] == '/' && inner[1] != '\0';
	return strncmp(inner, outer, len) == 0 && inner[len] == '/';
}

/* The folder that holds normalised path p ("/" for "/x"), in a. */
static const char *
path_parent(struct arena *a, const char *p)
{
	const char	*slash = strrchr(p, '/');

	if (slash == p)
		return "/";
	return arena_strndup(a, p, (size_t)(slash - p));
}

/* 1 when path is one of system_dirs. */
static int
system_dir(const char *path)
{
	for (size_t i = 0; i < sizeof(system_dirs) / sizeof(system_dirs[0]);
	    i++)
		if (strcmp(path, system_dirs[i]) == 0)
			return 1;
	return 0;
}

/* 1 when path has a "." or ".." component; *which gets it. */
static int
has_dots(const char *path, const char **which)
{
	for (const char *p = path; *p != '\0'; p++) {
		size_t	 len;

		if (*p != '/')
			continue;
		len = strcspn(p + 1, "/");
		if ((len == 1 && p[1] == '.') ||
		    (len == 2 && p[1] == '.' && p[2] == '.')) {
			*which = len == 1 ? "." : "..";
			return 1;
		}
	}
	return 0;
}

/*
 * The first of b's places that equals, lies inside or holds one of a's:
 * its index in *x and the other's in *y; 0 when there is none.
 */
static int
places_clash(const struct place *pb, size_t nb, const struct place *pa,
    size_t na, size_t *x, size_t *y)
{
	for (*x = 0; *x < nb; (*x)++)
		for (*y = 0; *y < na; (*y)++) {
			const char	*p = pb[*x].path, *q = pa[*y].path;

			if (strcmp(p, q) == 0 || path_within(p, q) ||
			    path_within(q, p))
				return 1;
		}
	return 0;
}

void
check_shared_directory(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;

	struct place	(*pl)[2];
	size_t		 *npl;

	/* each node's places once: the pairs are what a big cluster costs */
	pl = arena_calloc(cx->a, cl->nnodes + 1, sizeof(*pl));
	npl = arena_calloc(cx->a, cl->nnodes + 1, sizeof(*npl));
	for (size_t i = 0; i < cl->nnodes; i++)
		npl[i] = node_places(&cl->nodes[i], pl[i]);
	for (size_t j = 1; j < cl->nnodes; j++) {
		const struct node *b = &cl->nodes[j];
		const struct place *pb = pl[j];
		size_t		   nb = npl[j];

		for (size_t i = 0; i < j; i++) {
			const struct node *a = &cl->nodes[i];
			const struct place *pa = pl[i];
			size_t		   na = npl[i], x, y;
			const struct pos  *where;
			const char	  *host, *rel;
			struct diag	  *dg;

			if (!same_host(a, b) ||
			    !places_clash(pb, nb, pa, na, &x, &y))
				continue;
			/* b's value, else a's, else b (both defaulted) */
			where = pb[x].pos != NULL ? pb[x].pos :
			    pa[y].pos != NULL ? pa[y].pos : &b->pos;
			host = strcmp(a->address, b->address) == 0 ?
			    arena_printf(cx->a, "address %s", a->address) :
			    arena_printf(cx->a, "addresses %s and %s",
			    a->address, b->address);
			if (strcmp(pb[x].path, pa[y].path) == 0)
				rel = "is also the";
			else if (path_within(pb[x].path, pa[y].path))
				rel = "lies inside the";
			else
				rel = "holds the";
			dg = report(cx, r, where, "%s \"%s\" of \"%s\"%s %s %s "
			    "of \"%s\", on one host (%s)", pb[x].key,
			    pb[x].path, b->name, pb[x].pos != NULL ? "" :
			    " (the default)", rel, pa[y].key, a->name, host);
			diag_hint(cx->d, dg, "one node's runbook would move or "
			    "overwrite the other's files: give \"%s\" a %s of "
			    "its own", b->name,
			    cl->platform == PLATFORM_DEBIAN ? "config_directory "
			    "(its Debian cluster) and data_directory" :
			    pb[x].key);
			break;	/* one finding per node is enough to act on */
		}
	}
}

void
check_system_directory(struct check_ctx *cx, const struct rule *r)
{
	static const char *const hints[] = {
		"a runbook moves its data directory aside and replaces it: "
		    "use a folder of the node's own below it",
		"a runbook writes pg_hba.conf and conf.d there and hands "
		    "them to the server's user: use the node's own folder",
		"name a file, beside the data directory",
	};
	const struct cluster	*cl = cx->cl;

	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node	*n = &cl->nodes[i];
		const struct place	 v[] = {
			{ "data_directory", n->data_directory,
			    &n->data_directory_pos },
			{ "config_directory", n->config_directory,
			    &n->config_directory_pos },
			{ "passfile", n->passfile, &n->passfile_pos },
		};

		for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
			struct diag	*dg;

			/* config_directory defaults to the data directory */
			if (k == 1 && given(v[k].pos) == NULL &&
			    strcmp(v[k].path, n->data_directory) == 0)
				continue;
			if (!system_dir(v[k].path))
				continue;
			dg = report(cx, r, given(v[k].pos) != NULL ?
			    v[k].pos : &n->pos, "%s \"%s\" of \"%s\" is a "
			    "folder of the system", v[k].key, v[k].path,
			    n->name);
			diag_hint(cx->d, dg, "%s", hints[k]);
		}
	}
}

void
check_path_dots(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;

	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node	*n = &cl->nodes[i];
		const struct place	 v[] = {
			{ "data_directory", n->data_directory,
			    &n->data_directory_pos },
			{ "config_directory", n->config_directory,
			    &n->config_directory_pos },
			{ "bin_directory", n->bin_directory,
			    &n->bin_directory_pos },
			{ "passfile", n->passfile, &n->passfile_pos },
		};

		/* A default derived from a dotted path is reported there. */
		for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
			const char	*dots;
			struct diag	*dg;

			if (given(v[k].pos) == NULL ||
			    !has_dots(v[k].path, &dots))
				continue;
			dg = report(cx, r, v[k].pos, "%s \"%s\" of \"%s\" has "
			    "a \"%s\" component", v[k].key, v[k].path,
			    n->name, dots);
			if (strcmp(dots, "..") == 0)
				diag_hint(cx->d, dg, "write the path the "
				    "directory really has: where \"..\" leads "
				    "depends on symbolic links on the host");
			else
				diag_hint(cx->d, dg, "leave out the \".\"");
		}
	}
}

/*
 * How passfile pf stands to node m's directories: NULL when clear of them,
 * else the relation, to be followed by the directory's name.
 */
static const char *
passfile_clash(const char *pf, const struct node *m, const char *parent)
{
	/* cluster-system-directory reports a system folder alone (the
	 * caller asks for the passfile's once, parent NULL for m's) */
	if (parent == NULL)
		return NULL;
	if (path_within(pf, m->data_directory))
		return "lies inside";
	if (strcmp(pf, m->data_directory) == 0)
		return "is";
	if (strcmp(pf, parent) == 0)
		return "is the folder that holds";
	if (strcmp(pf, m->config_directory) == 0)
		return "is";
	return NULL;
}

void
check_passfile_location(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;
	const char		**parent;

	/* a system folder's parent is NULL: cluster-system-directory's */
	parent = arena_calloc(cx->a, cl->nnodes + 1, sizeof(*parent));
	for (size_t i = 0; i < cl->nnodes; i++)
		if (!system_dir(cl->nodes[i].data_directory))
			parent[i] = path_parent(cx->a,
			    cl->nodes[i].data_directory);
	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node	*n = &cl->nodes[i], *m = n;
		const struct pos	*where;
		const char		*how, *dir;
		struct diag		*dg;

		if (system_dir(n->passfile))
			continue;
		/* its own directories first: the likelier mistake */
		how = passfile_clash(n->passfile, n, parent[i]);
		for (size_t k = 0; k < cl->nnodes && how == NULL; k++)
			if ((m = &cl->nodes[k]) != n)
				how = passfile_clash(n->passfile, m, parent[k]);
		if (how == NULL)
			continue;
		dir = strcmp(n->passfile, m->config_directory) == 0 &&
		    strcmp(n->passfile, m->data_directory) != 0 ?
		    "config_directory" : "data_directory";
		where = given(&n->passfile_pos) != NULL ? &n->passfile_pos :
		    &n->pos;
		dg = report(cx, r, where, "passfile \"%s\" of \"%s\"%s %s %s",
		    n->passfile, n->name, given(&n->passfile_pos) != NULL ? "" :
		    " (the default)", how, m == n ?
		    arena_printf(cx->a, "its own %s", dir) :
		    arena_printf(cx->a, "the %s of \"%s\"", dir, m->name));
		diag_hint(cx->d, dg, "%s: give \"%s\" a passfile beside its "
		    "data directory, outside every data directory",
		    strcmp(how, "lies inside") == 0 ? "a base copy would carry "
		    "it along and a rebuild would move it away" : "its runbook "
		    "would write a file where that directory is", n->name);
	}
}

/*
 * Debian: cluster V/NAME lives in /etc/postgresql/V/NAME and runs as
 * postgresql@V-NAME (postgresql-common's pg_createcluster, pg_ctlcluster
 * and postgresql@.service); NAME is config_directory's last component, as
 * the model and the runbook take it.
 */
void
check_debian_cluster(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;

	if (cl->platform != PLATFORM_DEBIAN)
		return;
	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node	*n = &cl->nodes[i];
		const struct pos	*cpos = given(&n->config_directory_pos);
		const char		*name, *dots, *want;
		struct diag		*dg;

		/* cluster-path-dots, cluster-system-directory report these */
		if (has_dots(n->config_directory, &dots) ||
		    system_dir(n->config_directory))
			continue;
		name = strrchr(n->config_directory, '/') + 1;
		if (!model_debian_name_ok(name, strlen(name))) {
			dg = report(cx, r, cpos != NULL ? cpos : &n->pos,
			    "config_directory \"%s\" of \"%s\" names Debian "
			    "cluster \"%s\", which pgpair cannot use",
			    n->config_directory, n->name, name);
			diag_hint(cx->d, dg, "name the cluster with lower-case "
			    "letters, digits, _ and .: systemd reads the - of "
			    "postgresql@%d-%s as a /", cl->version, name);
			continue;
		}
		want = arena_printf(cx->a, "/etc/postgresql/%d/%s", cl->version,
		    name);
		if (strcmp(n->config_directory, want) != 0) {
			dg = report(cx, r, cpos != NULL ? cpos : &n->pos,
			    "config_directory \"%s\" of \"%s\" is not \"%s\", "
			    "where pg_ctlcluster and postgresql@%d-%s find "
			    "cluster %d/%s", n->config_directory, n->name, want,
			    cl->version, name, cl->version, name);
			diag_hint(cx->d, dg, "use \"%s\", or leave "
			    "config_directory out for cluster main", want);
			continue;
		}
		want = arena_printf(cx->a, "postgresql@%d-%s", cl->version,
		    name);
		if (strcmp(n->service, want) == 0)
			continue;
		dg = report(cx, r, given(&n->service_pos) != NULL ?
		    &n->service_pos : &n->pos, "service \"%s\" of \"%s\" is "
		    "not \"%s\", the unit of its Debian cluster %d/%s",
		    n->service, n->name, want, cl->version, name);
		diag_hint(cx->d, dg, "write \"%s\", or leave service out",
		    want);
	}
}

/*
 * The startup process of a hot standby compares these parameters with
 * the values the primary wrote into the WAL (CheckRequiredParameterValues(),
 * postgres-facts.md section 3), whatever node the standby streams from:
 * below the primary's, it refuses to start.  A cascaded standby is also
 * held to its upstream's: when that upstream is promoted, it writes its
 * own values into the WAL (XLogReportParameters()), and a standby below
 * them stops replaying.  Both skip a standby with hot_standby=off, as the
 * server does.  upstream selects the second comparison.
 */
static void
standby_params(struct check_ctx *cx, const struct rule *r, int upstream)
{
	const struct cluster	*cl = cx->cl;
	const struct node	*p = cl->primary;
	const char		*refused = cl->version >= 14 ?
	    "\"recovery aborted because of insufficient parameter "
	    "settings\"" : "\"hot standby is not possible because ... is a "
	    "lower setting than on the master server\"";

	for (size_t i = 0; p != NULL && i < cl->nnodes; i++) {
		const struct node	*n = &cl->nodes[i], *u;
		const struct setting	*ns, *us, *ps, *hs;
		struct guc_value	 hv;
		double			 nv, uv, pv;
		struct diag		*dg;

		if (n->role != ROLE_STANDBY || (u = n->upstream) == NULL ||
		    (upstream && u == p))
			continue;
		if (eff_value(cx, n, "hot_standby", &hv, &hs) && hv.ok &&
		    !hv.boolval)
			continue;
		for (size_t k = 0; pgvocab_standby_params[k] != NULL; k++) {
			const char *name = pgvocab_standby_params[k];

			if (!eff_num(cx, n, name, &nv, &ns) ||
			    !eff_num(cx, p, name, &pv, &ps))
				continue;
			if (!upstream) {
				if (nv >= pv)
					continue;
				dg = report(cx, r, setting_pos(n, ns), "%s on "
				    "standby \"%s\" is %.15g, lower than %.15g "
				    "on the primary \"%s\"", name, n->name, nv,
				    pv, p->name);
				diag_hint(cx->d, dg, "the standby refuses to "
				    "start: it compares %s with the primary's, "
				    "which the WAL carries (%s); set it to "
				    "%.15g or more", name, refused, pv);
				continue;
			}
			if (nv < pv || !eff_num(cx, u, name, &uv, &us) ||
			    nv >= uv)
				continue;
			dg = report(cx, r, setting_pos(n, ns),
			    "%s on standby \"%s\" is %.15g, lower than %.15g "
			    "on its upstream \"%s\"", name, n->name, nv, uv,
			    u->name);
			diag_hint(cx->d, dg, "it runs, as it compares %s with "
			    "the primary's %.15g; but once \"%s\" is promoted "
			    "its %.15g goes into the WAL, and \"%s\" then %s; "
			    "set it to %.15g or more", name, pv, u->name, uv,
			    n->name, cl->version >= 14 ? "pauses replay (\"hot "
			    "standby is not possible because of insufficient "
			    "parameter settings\") and shuts down when it is "
			    "resumed" : "shuts down (\"hot standby is not "
			    "possible\")", uv);
		}
	}
}

void
check_standby_params(struct check_ctx *cx, const struct rule *r)
{
	standby_params(cx, r, 0);
}

void
check_standby_params_upstream(struct check_ctx *cx, const struct rule *r)
{
	standby_params(cx, r, 1);
}

void
check_wal_level(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;
	const struct setting	*shared = NULL;
	const struct node	*first = NULL;
	struct node		**heirs;
	size_t			 nheirs = 0;
	struct diag		*dg;

	heirs = arena_calloc(cx->a, cl->nnodes + 1, sizeof(*heirs));
	for (size_t i = 0; i < cl->nnodes; i++) {
		struct node		*n = &cl->nodes[i];
		const struct setting	*s;
		struct guc_value	 v;

		if (!eff_value(cx, n, "wal_level", &v, &s) ||
		    v.enumval == NULL || strcmp(v.enumval, "minimal") != 0)
			continue;
		/* one report for the nodes that inherit the cluster's */
		if (from_cluster(cl, s)) {
			if (shared == NULL) {
				shared = s;
				first = n;
			}
			heirs[nheirs++] = n;
			continue;
		}
		dg = report(cx, r, setting_pos(n, s),
		    "wal_level is minimal on node \"%s\"; streaming "
		    "replication needs replica or logical", n->name);
		diag_hint(cx->d, dg, "remove the setting (replica is the "
		    "default) or set it to replica");
	}
	if (shared == NULL)
		return;
	dg = report(cx, r, setting_pos(first, shared),
	    "wal_level is minimal for %s %s; streaming replication needs "
	    "replica or logical", nheirs == 1 ? "node" : "nodes",
	    node_list(cx->a, heirs, nheirs));
	diag_hint(cx->d, dg, "remove the setting (replica is the default) or "
	    "set it to replica");
}

void
check_wal_senders(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;

	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node	*n = &cl->nodes[i];
		const struct setting	*s;
		double			 v;
		struct diag		*dg;

		if (n->nchildren == 0 ||
		    !eff_num(cx, n, "max_wal_senders", &v, &s) ||
		    v >= (double)n->nchildren)
			continue;
		dg = report(cx, r, setting_pos(n, s),
		    "max_wal_senders on \"%s\" is %.15g, fewer than its %zu "
		    "standby%s (%s)", n->name, v, n->nchildren,
		    n->nchildren == 1 ? "" : "s",
		    node_list(cx->a, n->children, n->nchildren));
		diag_hint(cx->d, dg, "set max_wal_senders on \"%s\" to at "
		    "least %zu: one per standby and a spare for pg_basebackup",
		    n->name, n->nchildren + 1);
	}
}

void
check_wal_senders_spare(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;

	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node	*n = &cl->nodes[i];
		const struct setting	*s;
		double			 v;
		struct diag		*dg;

		if (n->nchildren == 0 ||
		    !eff_num(cx, n, "max_wal_senders", &v, &s) ||
		    v != (double)n->nchildren)
			continue;
		dg = report(cx, r, setting_pos(n, s),
		    "max_wal_senders on \"%s\" is %.15g, exactly its %zu "
		    "standby%s (%s): no spare for pg_basebackup", n->name, v,
		    n->nchildren, n->nchildren == 1 ? "" : "s",
		    node_list(cx->a, n->children, n->nchildren));
		diag_hint(cx->d, dg, "set it to %zu so that a standby can be "
		    "re-seeded while the others stream", n->nchildren + 1);
	}
}

void
check_replication_slots(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;

	if (!cl->slots)
		return;
	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node	*n = &cl->nodes[i];
		const struct setting	*s;
		double			 v;

		if (n->nchildren == 0 ||
		    !eff_num(cx, n, "max_replication_slots", &v, &s) ||
		    v >= (double)n->nchildren)
			continue;
		report(cx, r, setting_pos(n, s),
		    "max_replication_slots on \"%s\" is %.15g, fewer than the "
		    "%zu slot%s of its standbys (%s)", n->name, v,
		    n->nchildren, n->nchildren == 1 ? "" : "s",
		    node_list(cx->a, n->children, n->nchildren));
	}
}

void
check_hot_standby_off(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;

	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node	*n = &cl->nodes[i];
		const struct setting	*s;
		struct guc_value	 v;
		struct diag		*dg;

		if (n->role != ROLE_STANDBY ||
		    !eff_value(cx, n, "hot_standby", &v, &s) || v.boolval)
			continue;
		dg = report(cx, r, setting_pos(n, s),
		    "hot_standby is off on standby \"%s\": it accepts no "
		    "queries and the runbook cannot verify that it replays",
		    n->name);
		diag_hint(cx->d, dg, "remove the setting (on is the default) "
		    "unless \"%s\" is meant to be a cold spare", n->name);
	}
}

/*
 * 1 when listen_addresses value lets n accept connections on n->address:
 * "*", the address itself (the same IP, or the same host name), or the
 * wildcard of its family.  PostgreSQL sets IPV6_V6ONLY, so :: does not
 * cover IPv4 (pqcomm.c StreamServerPort, PG 15).
 */
static int
listen_covers(struct arena *a, const char *value, const struct node *n)
{
	char		**v;
	size_t		 nv;
	struct net	 addr, item;
	int		 isip;

	isip = parse_ip(n->address, &addr);
	if (!pgvocab_split_list(a, PG_MAJOR_MAX, value, PG_LIST_GUC, &v, &nv))
		return 0;
	for (size_t i = 0; i < nv; i++) {
		if (strcmp(v[i], "*") == 0)
			return 1;
		if (!isip) {
			if (strcasecmp(v[i], n->address) == 0)
				return 1;
			continue;
		}
		if (!parse_ip(v[i], &item) || item.family != addr.family)
			continue;
		if (memcmp(item.addr, addr.addr, addr.len) == 0)
			return 1;
		/* 0.0.0.0 or :: */
		if (memcmp(item.addr, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
		    item.len) == 0)
			return 1;
	}
	return 0;
}

void
check_listen_addresses(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;

	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node	*n = &cl->nodes[i];
		const struct setting	*s;
		struct diag		*dg;

		if (n->nchildren == 0 ||
		    (s = conf_get(n, "listen_addresses")) == NULL ||
		    s->generated || listen_covers(cx->a, s->value, n))
			continue;
		dg = report(cx, r, setting_pos(n, s),
		    "listen_addresses on \"%s\" is \"%s\", which does not "
		    "include its address \"%s\" that its standby%s (%s) "
		    "connect%s to", n->name, s->value, n->address,
		    n->nchildren == 1 ? "" : "s",
		    node_list(cx->a, n->children, n->nchildren),
		    n->nchildren == 1 ? "s" : "");
		diag_hint(cx->d, dg, "add \"%s\" to the list, or remove the "
		    "setting and let pgpair set it", n->address);
	}
}

/* The number of distinct nodes named in synchronous.standbys. */
static int
sync_distinct(const struct cluster *cl)
{
	int	 n = 0;

	for (size_t i = 0; i < cl->sync.nstandbys; i++) {
		size_t	 j;

		for (j = 0; j < i; j++)
			if (cl->sync.standbys[j] == cl->sync.standbys[i])
				break;
		if (j == i)
			n++;
	}
	return n;
}

void
check_sync(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;
	const struct pos	*where = &cl->sync.pos;
	int			 distinct;

	if (!cl->sync.enabled)
		return;
	for (size_t i = 0; i < cl->sync.nstandbys; i++) {
		const struct node *s = cl->sync.standbys[i];
		struct diag	  *dg;
		size_t		   j;

		for (j = 0; j < i; j++)
			if (cl->sync.standbys[j] == s)
				break;
		if (j < i) {
			report(cx, r, where, "synchronous standby \"%s\" is "
			    "named twice", s->name);
			continue;
		}
		if (s->role != ROLE_STANDBY) {
			report(cx, r, where, "synchronous standby \"%s\" is "
			    "not a standby", s->name);
			continue;
		}
		/* an unknown upstream is cluster-upstream's */
		if (cl->primary != NULL && s->upstream != NULL &&
		    s->upstream != cl->primary) {
			dg = report(cx, r, where, "synchronous standby \"%s\" "
			    "streams from \"%s\", not from the primary \"%s\"",
			    s->name, s->upstream->name, cl->primary->name);
			diag_hint(cx->d, dg, "a cascaded standby cannot be "
			    "synchronous for the primary");
		}
	}
	distinct = sync_distinct(cl);
	if (cl->sync.count < 1)
		report(cx, r, where, "synchronous count is %u; it must be at "
		    "least 1", cl->sync.count);
	else if (cl->sync.count > (unsigned)distinct)
		report(cx, r, where, "synchronous count is %u, but %d "
		    "standby%s named: every commit on the primary would wait "
		    "forever", cl->sync.count, distinct,
		    distinct == 1 ? " is" : "s are");
}

void
check_sync_fragile(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;
	struct diag		*dg;

	if (!cl->sync.enabled || cl->sync.count < 1 ||
	    cl->sync.count != (unsigned)sync_distinct(cl))
		return;
	dg = report(cx, r, &cl->sync.pos,
	    "synchronous replication (%s %u) needs every named standby (%s): "
	    "when one is down, every commit on the primary waits, and "
	    "statement_timeout does not end the wait",
	    cl->sync.method == SYNC_ANY ? "ANY" : "FIRST", cl->sync.count,
	    node_list(cx->a, cl->sync.standbys, cl->sync.nstandbys));
	diag_hint(cx->d, dg, "name one more standby than count, or accept "
	    "the risk knowingly");
}

void
check_hostname_subnet(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;

	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node	*n = &cl->nodes[i];
		struct diag		*dg;

		if (n->role != ROLE_STANDBY || n->addr_kind != ADDR_HOSTNAME ||
		    n->subnet_given)
			continue;
		dg = report(cx, r, &n->address_pos,
		    "standby \"%s\" is given by host name \"%s\" without a "
		    "subnet", n->name, n->address);
		diag_hint(cx->d, dg, "add \"subnet:\" with the address it "
		    "connects from in CIDR form, e.g. 192.0.2.11/32");
	}
}

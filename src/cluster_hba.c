/*
 * What check says of the pg_hba.conf each node will get.  Each node's file
 * is rendered as generate writes it (render_node_hba()), read as lint
 * reads it (hba_parse.c) and judged by the same hba rules (rules_hba.c),
 * each finding moved to the entry of the description that wrote its line,
 * so that lint of the generated files finds nothing that check did not.
 * On the same lines, cluster-hba-replication follows the server's
 * first-match walk for every standby (hba_match()).  lint --cluster gives
 * the files it read instead (node->hba_disk), which lint has judged
 * already.  One node's lines live at a time, in an arena of their own.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "hba_match.h"
#include "hba_parse.h"
#include "model.h"
#include "pgvocab.h"
#include "render.h"
#include "rule.h"

rule_check_fn check_hba_replication;

/* Findings already reported, across nodes: an access line is on each. */
struct seen {
	const char	**v;
	size_t		 cap, n;
};

/* A line that may admit a standby though no key says so. */
struct maybe {
	struct hba_set		 set;
	struct hba_entry_ref	 ref;
	unsigned char		 addr[16], mask[16];
};

/* One node's file, read. */
struct pass {
	struct check_ctx	*cx;		/* the cluster's */
	const struct node	*n;
	struct arena		*a;		/* the node's */
	const char		*file;		/* the name of its file */
	struct hba_syms		*syms;
	/* the hba rules, when they run here (not lint --cluster) */
	int			 rules;
	struct check_ctx	 hx;
	struct diags		 nd;		/* their findings, and the
						   parser's, on the file */
	size_t			 moved;		/* of nd, moved to cx->d */
	struct hba_entry	*hba;		/* the model's lines */
	size_t			 nhba;
	size_t			 k;		/* records read */
	size_t			*ent;		/* by line of the file: its
						   entry + 1, or 0 */
	size_t			 nlines;
	/* the replication lines, for the walk, and by record their
	   methods */
	struct hba_index	*ix;
	struct hba_index	*ix_all;	/* lines for database all */
	unsigned char		*method;
	size_t			 capmethod;
	struct maybe		*maybe;
	size_t			 nmaybe, capmaybe;
	struct seen		*seen;
};

static const char	*entry_text(struct arena *, const struct hba_entry *);
static const char	*check_line_name(struct check_ctx *, const char *,
			    unsigned);
static struct pos	 field_pos(const struct hba_line *,
			    const struct hba_entry *, unsigned);
static int		 seen_add(struct arena *, struct seen *, const char *);
static void		 move_findings(struct pass *, const struct hba_line *);
static void		 index_line(struct pass *, const struct hba_line *,
			    uint32_t);
static void		 pass_line(void *, const struct hba_line *);
static int		 ssl_possible(const struct cluster *,
			    const struct node *);
static int		 read_node(struct pass *);
static const struct hba_entry_ref *first_of(struct pass *,
			    struct hba_index *, const struct maybe *, size_t,
			    const struct hba_set *, enum hba_match *);
static const char	*line_said(struct pass *,
			    const struct hba_entry_ref *);
static void		 walk(struct pass *, const struct rule *);

/* "host all all 127.0.0.1/32 scram-sha-256", as the model writes it. */
static const char *
entry_text(struct arena *a, const struct hba_entry *e)
{
	return arena_printf(a, "%s %s %s%s%s %s", e->type, e->database,
	    e->user, e->address != NULL ? " " : "",
	    e->address != NULL ? e->address : "", e->method);
}

/* cx->line_name of the hba rules: a line by the entry that wrote it. */
static const char *
check_line_name(struct check_ctx *hx, const char *file, unsigned line)
{
	struct pass		*p = hx->line_arg;
	const struct hba_entry	*e;

	if (file == NULL || strcmp(file, p->file) != 0 || line >= p->nlines ||
	    p->ent[line] == 0)
		return arena_printf(hx->a, "line %u", line);
	e = &p->hba[p->ent[line] - 1];
	if (e->generated)
		return arena_printf(hx->a, "pgpair's line \"%s\"",
		    entry_text(hx->a, e));
	return arena_printf(hx->a, "the access entry at line %u",
	    e->pos.line);
}

/*
 * Where in the description the field of line hl at column col was
 * written: its value in entry e when the entry gives one, else the entry.
 */
static struct pos
field_pos(const struct hba_line *hl, const struct hba_entry *e, unsigned col)
{
	const struct pos	*at = NULL;

	if (hl != NULL) {
		if (col == hl->type_at.col)
			at = &e->type_pos;
		else if (col == hl->addr_at.col)
			at = &e->address_pos;
		else if (col == hl->method_at.col)
			at = &e->method_pos;
		for (size_t i = 0; at == NULL && i < hl->ndb; i++)
			if (col == hl->db[i].pos.col)
				at = &e->database_pos;
		for (size_t i = 0; at == NULL && i < hl->nuser; i++)
			if (col == hl->user[i].pos.col)
				at = &e->user_pos;
		for (size_t i = 0; at == NULL && i < hl->nopt; i++)
			if (col == hl->opt[i].pos.col && i < e->nopt)
				at = &e->opt_pos[i];
	}
	return at != NULL && at->line != 0 ? *at : e->pos;
}

/* Add key to s; 0 when it was there already. */
static int
seen_add(struct arena *a, struct seen *s, const char *key)
{
	uint64_t	 h = 1469598103934665603ull;	/* FNV-1a */
	size_t		 i;

	if ((s->n + 1) * 2 > s->cap) {
		const char	**old = s->v;
		size_t		  ocap = s->cap;

		s->cap = ocap == 0 ? 64 : 2 * ocap;
		s->v = arena_calloc(a, s->cap, sizeof(*s->v));
		s->n = 0;
		for (size_t j = 0; j < ocap; j++)
			if (old[j] != NULL)
				seen_add(a, s, old[j]);
	}
	for (const char *c = key; *c != '\0'; c++) {
		h ^= (unsigned char)*c;
		h *= 1099511628211ull;
	}
	for (i = (size_t)h & (s->cap - 1); s->v[i] != NULL;
	    i = (i + 1) & (s->cap - 1))
		if (strcmp(s->v[i], key) == 0)
			return 0;
	s->v[i] = key;
	s->n++;
	return 1;
}

/*
 * The findings on the file since the last move, at the entries of the
 * description that wrote their lines (hl: the line being read, whose
 * fields tell the columns apart), each once: an access line is on every
 * node.  The file names a file pgpair does not write with @: the server
 * reads it beside pg_hba.conf, so check can only say so.
 */
static void
move_findings(struct pass *p, const struct hba_line *hl)
{
	struct check_ctx	*cx = p->cx;

	for (; p->moved < p->nd.n; p->moved++) {
		const struct diag	*dg = &p->nd.v[p->moved];
		const struct hba_entry	*e = NULL;
		struct diag		*to;
		struct pos		 at = p->n->pos;
		enum level		 level = dg->level;
		const char		*key;

		if (dg->pos.file != NULL &&
		    strcmp(dg->pos.file, p->file) == 0 &&
		    dg->pos.line < p->nlines && p->ent[dg->pos.line] != 0) {
			e = &p->hba[p->ent[dg->pos.line] - 1];
			at = field_pos(hl != NULL && hl->pos.line ==
			    dg->pos.line ? hl : NULL, e, dg->pos.col);
		}
		if (dg->rule != NULL && strcmp(dg->rule,
		    rules[RULE_HBA_INCLUDE].id) == 0)
			level = LEVEL_INFO;
		key = arena_printf(cx->a, "%s\n%s\n%u\n%u\n%s",
		    dg->rule != NULL ? dg->rule : "", at.file != NULL ?
		    at.file : "", at.line, at.col, dg->msg);
		if (!seen_add(cx->a, p->seen, key))
			continue;
		to = diag_add(cx->d, &at, level, dg->rule, "%s", dg->msg);
		if (level != dg->level)
			diag_hint(cx->d, to, "the file lives beside "
			    "pg_hba.conf on the server: generate does not "
			    "write it");
		else if (dg->hint != NULL)
			diag_hint(cx->d, to, "%s", dg->hint);
	}
}

/*
 * Keep line hl (record id) for the walk when it may take a replication
 * connection: only lines for database replication can.  Lines whose
 * match depends on what the file does not say (+group and regular
 * expression users, host names, samehost, samenet) are kept apart and
 * asked one by one; the others go to the index.
 */
static void
index_line(struct pass *p, const struct hba_line *hl, uint32_t id)
{
	struct hba_set	 s;
	uint32_t	*keys;
	int		 repl = 0, all = 0, odd;

	if (id >= p->capmethod) {
		p->method = arena_grow(p->a, p->method, p->capmethod,
		    2 * (size_t)id + 64, sizeof(*p->method));
		p->capmethod = 2 * (size_t)id + 64;
	}
	p->method[id] = (unsigned char)hl->method;
	if (!hba_line_loads(hl) || hl->error != NULL)
		return;
	for (size_t i = 0; i < hl->ndb; i++) {
		repl |= hl->db[i].key == HBA_KEY_REPLICATION;
		all |= hl->db[i].key == HBA_KEY_ALL;
	}
	if (!repl && !all)
		return;
	keys = arena_alloc(p->a, ((size_t)hl->ndb + hl->nuser) *
	    sizeof(*keys));
	hba_set_of_line(&s, hl, keys);
	if (!repl) {
		/* for the hint: a line that would take it but for all */
		hba_index_add(p->ix_all, &s, hl->pos.file, hl->pos.line, id);
		return;
	}
	odd = hl->addr_kind == HBA_ADDR_HOSTNAME ||
	    hl->addr_kind == HBA_ADDR_SAMEHOST ||
	    hl->addr_kind == HBA_ADDR_SAMENET;
	for (size_t i = 0; i < hl->nuser; i++)
		odd |= HBA_KEY_KIND(hl->user[i].key) == HBA_KIND_GROUP ||
		    HBA_KEY_KIND(hl->user[i].key) == HBA_KIND_REGEX;
	if (!odd) {
		if (hba_index_add(p->ix, &s, hl->pos.file, hl->pos.line,
		    id) == 0)
			return;
	}
	if (p->nmaybe == p->capmaybe) {
		p->maybe = arena_grow(p->a, p->maybe, p->nmaybe,
		    p->capmaybe * 2 + 8, sizeof(*p->maybe));
		p->capmaybe = p->capmaybe * 2 + 8;
	}
	p->maybe[p->nmaybe].set = s;
	p->maybe[p->nmaybe].ref.file = hl->pos.file;
	p->maybe[p->nmaybe].ref.line = hl->pos.line;
	p->maybe[p->nmaybe].ref.id = id;
	if (hl->addr_kind == HBA_ADDR_IP) {
		memcpy(p->maybe[p->nmaybe].addr, hl->addr, 16);
		memcpy(p->maybe[p->nmaybe].mask, hl->mask, 16);
		p->maybe[p->nmaybe].set.addr = p->maybe[p->nmaybe].addr;
		p->maybe[p->nmaybe].set.mask = p->maybe[p->nmaybe].mask;
	}
	p->nmaybe++;
}

/* Each line of the node's file, in the server's order. */
static void
pass_line(void *arg, const struct hba_line *hl)
{
	struct pass	*p = arg;
	uint32_t	 id = (uint32_t)p->k++;

	if (p->rules) {
		if (hl->pos.line < p->nlines && id < p->nhba)
			p->ent[hl->pos.line] = (size_t)id + 1;
		rules_hba_line(&p->hx, hl);
		move_findings(p, hl);
	}
	index_line(p, hl, id);
}

/*
 * Whether a replication connection to node n may use SSL: ssl on there,
 * or, when unset, the Debian packages, whose postgresql.conf turns it on.
 */
static int
ssl_possible(const struct cluster *cl, const struct node *n)
{
	const char	*v = model_setting(cl, n, "ssl", NULL);
	int		 on;

	if (v != NULL)
		return pgvocab_parse_bool(v, &on) && on;
	return cl->platform == PLATFORM_DEBIAN;
}

/*
 * Read node p->n's lines: the file lint --cluster read, or the one
 * generate writes, through the hba rules.  Returns 0, or -1 when there
 * is no file to read.
 */
static int
read_node(struct pass *p)
{
	const struct cluster	*cl = p->cx->cl;
	const struct node	*n = p->n;
	struct hba_opts		 o;
	const char		*text, *v;
	size_t			 len;
	int			 on;

	if (n->hba_disk != NULL) {
		p->syms = n->hba_disk->syms;
		for (const struct hba_line *hl = n->hba_disk->first; hl != NULL;
		    hl = hl->next)
			pass_line(p, hl);
		return 0;
	}
	diags_init(&p->nd, p->a);
	if ((text = render_node_hba(p->a, cl, n, &len, &p->nd)) == NULL)
		return -1;
	p->file = arena_printf(p->a, "%s/pg_hba.conf", n->name);
	p->nhba = model_node_hba(p->a, cl, n, &p->hba);
	p->nlines = 2;
	for (size_t i = 0; i < len; i++)
		p->nlines += text[i] == '\n';
	p->ent = arena_calloc(p->a, p->nlines, sizeof(*p->ent));
	p->syms = hba_syms_new(p->a);
	p->rules = 1;
	p->moved = p->nd.n;

	/* as lint reads a generated tree: ssl off only when set off */
	memset(&o, 0, sizeof(o));
	o.major = cl->version;
	o.features = HBA_FEAT_DEFAULT;
	if ((v = model_setting(cl, n, "ssl", NULL)) != NULL &&
	    pgvocab_parse_bool(v, &on) && !on)
		o.features |= HBA_FEAT_SSL_OFF;
	o.oauth_validators = model_setting(cl, n, "oauth_validator_libraries",
	    NULL);
	o.syms = p->syms;

	memset(&p->hx, 0, sizeof(p->hx));
	p->hx.a = p->a;
	p->hx.d = &p->nd;
	p->hx.major = cl->version;
	p->hx.hba_path = p->file;
	p->hx.syms = p->syms;
	p->hx.line_name = check_line_name;
	p->hx.line_arg = p;
	hba_parse_buf_each(p->a, p->file, text, len, &o, &p->nd, pass_line, p);
	rules_hba_line(&p->hx, NULL);
	move_findings(p, NULL);
	return 0;
}

/* The first line of the walk for q: an index hit, or an odd line that
 * takes it or may (*m says which), or NULL. */
static const struct hba_entry_ref *
first_of(struct pass *p, struct hba_index *ix, const struct maybe *v,
    size_t nv, const struct hba_set *q, enum hba_match *m)
{
	const struct hba_entry_ref	*hit = hba_index_first(ix, q);

	*m = HBA_MATCH_ALL;
	for (size_t j = 0; j < nv; j++) {
		enum hba_match	 mm;

		if (hit != NULL && v[j].ref.id > hit->id)
			break;
		mm = hba_match(&v[j].set, q);
		if (mm == HBA_MATCH_ALL || mm == HBA_MATCH_MAYBE) {
			*m = mm;
			return &v[j].ref;
		}
	}
	return hit;
}

/* How a finding names the line ref of node p->n. */
static const char *
line_said(struct pass *p, const struct hba_entry_ref *ref)
{
	const struct hba_entry	*e;

	if (p->rules && ref->id < p->nhba) {
		e = &p->hba[ref->id];
		if (e->generated)
			return "a generated reject line comes first";
		return arena_printf(p->cx->a, "the access line at line %u "
		    "comes first", e->pos.line);
	}
	return arena_printf(p->cx->a, "line %u of \"%s\" comes first",
	    ref->line, ref->file);
}

/*
 * cluster-hba-replication on node p->n: for every other standby, the
 * server's walk of the node's lines for its replication connection from
 * its subnet, without SSL and (when the node may have it) with SSL: the
 * first line that takes every such connection decides, one that may or
 * may not (role membership, names) leaves it unknown.  A line that takes
 * only part of a standby's subnet is passed over.
 */
static void
walk(struct pass *p, const struct rule *r)
{
	struct check_ctx	*cx = p->cx;
	const struct cluster	*cl = cx->cl;
	const struct node	*n = p->n;
	uint32_t		 keys[2], akeys[2];
	int			 ssl = ssl_possible(cl, n);

	keys[0] = HBA_KEY_REPLICATION;
	keys[1] = hba_syms_key(p->syms, HBA_KIND_NAME, cl->repl_user);
	akeys[0] = HBA_KEY_ALL;
	akeys[1] = keys[1];
	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node		*s = &cl->nodes[i];
		const struct hba_entry_ref	*hit, *rej = NULL;
		const struct pos		*where;
		struct hba_set			 q;
		enum hba_match			 m;
		int				 admit = 0, all_db = 0;
		struct diag			*dg;

		if (s == n || s->role != ROLE_STANDBY || s->net.family == 0)
			continue;
		/* cluster-hostname-subnet reports a host name alone */
		if (s->addr_kind == ADDR_HOSTNAME && !s->subnet_given)
			continue;
		memset(&q, 0, sizeof(q));
		q.ndb = q.nuser = 1;
		q.addr_kind = HBA_ADDR_IP;
		q.family = (uint8_t)s->net.family;
		q.prefixlen = (int16_t)s->net.prefixlen;
		q.addr = s->net.addr;
		q.mask = s->net.mask;
		/*
		 * libpq's sslmode=prefer retries without SSL when the server
		 * turns an SSL connection away: either will do.
		 */
		for (int t = 0; t < 1 + ssl && !admit; t++) {
			q.conns = t == 0 ? HBA_CONN_PLAIN : HBA_CONN_SSL;
			q.keys = keys;
			if ((hit = first_of(p, p->ix, p->maybe, p->nmaybe, &q,
			    &m)) == NULL) {
				/* but for database all, would one take it? */
				q.keys = akeys;
				all_db |= hba_index_first(p->ix_all, &q) !=
				    NULL;
				continue;
			}
			if (m == HBA_MATCH_MAYBE ||
			    p->method[hit->id] != AUTH_REJECT)
				admit = 1;
			else if (rej == NULL)
				rej = hit;
		}
		if (admit)
			continue;
		/* Files on disk (lint --cluster): point at the file. */
		if (n->hba_disk != NULL)
			where = &n->hba_file;
		else
			where = s->subnet_given ? &s->subnet_pos :
			    &s->address_pos;
		if (rej != NULL)
			dg = diag_rule(cx->d, (enum rule_id)(r - rules), where,
			    "pg_hba.conf of \"%s\" rejects replication "
			    "connections of \"%s\" from standby \"%s\" "
			    "(%s): %s",
			    n->name, cl->repl_user, s->name, s->subnet,
			    line_said(p, rej));
		else
			dg = diag_rule(cx->d, (enum rule_id)(r - rules), where,
			    "no pg_hba.conf line of \"%s\" admits replication "
			    "connections of \"%s\" from standby \"%s\" (%s)",
			    n->name, cl->repl_user, s->name, s->subnet);
		if (all_db && rej == NULL)
			diag_hint(cx->d, dg, "database all does not match "
			    "replication connections; the keyword replication "
			    "does");
		else if (n == s->upstream)
			diag_hint(cx->d, dg, "\"%s\" cannot stream from its "
			    "upstream", s->name);
		else
			diag_hint(cx->d, dg, "\"%s\" could not stream from "
			    "\"%s\" after a promotion", s->name, n->name);
	}
}

/*
 * cluster-hba-replication, and the hba rules on each node's file: one
 * node at a time, its lines read once for both.
 */
void
check_hba_replication(struct check_ctx *cx, const struct rule *r)
{
	const struct cluster	*cl = cx->cl;
	struct seen		 seen;

	memset(&seen, 0, sizeof(seen));
	for (size_t i = 0; i < cl->nnodes; i++) {
		struct pass	 p;

		memset(&p, 0, sizeof(p));
		p.cx = cx;
		p.n = &cl->nodes[i];
		p.a = arena_new();
		p.seen = &seen;
		p.ix = hba_index_new();
		p.ix_all = hba_index_new();
		if (read_node(&p) == 0)
			walk(&p, r);
		hba_index_free(p.ix);
		hba_index_free(p.ix_all);
		arena_free(p.a);
	}
}

/*
 * The render stage of generate: the model becomes a view (struct tval) in
 * which every value is already quoted for the place it lands in (keys are
 * named by target: *_sh shell word, *_sql SQL, *_conf postgresql.conf,
 * *_hba pg_hba.conf, *_md Markdown, *_comment a comment line), and the
 * templates of templates/ (or the user's overrides) turn the view into
 * files in memory.  outfile.c writes them.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "hba_vocab.h"
#include "model.h"
#include "outfile.h"
#include "quote.h"
#include "render.h"
#include "scram.h"
#include "srcfile.h"
#include "strbuf.h"
#include "templates.h"
#include "tmpl.h"

#define TEMPLATE_SUFFIX	".mustache"
#define CONF_FRAGMENT	"conf.d/50-pgpair.conf"
#define MAX_VERIFIER	512
#define ROLES_SQL_MAX	(1024 * 1024)	/* bytes of an old roles.sql */

struct rctx {
	struct arena		*a;		/* views, quoted values */
	struct arena		*out;		/* the files, or NULL: a */
	const struct cluster	*cl;
	const struct render_opts *o;
	struct diags		*d;
	struct outfile		*files;
	size_t			 nfiles, cap;
	int			 failed;
};

static const char	*q_check(struct rctx *, const char *q, const char *s,
			    const char *target);
static const char	*q_sh(struct rctx *, const char *);
static const char	*q_conf(struct rctx *, const char *);
static const char	*q_ident(struct rctx *, const char *);
static const char	*q_lit(struct rctx *, const char *);
static const char	*q_conninfo(struct rctx *, const char *);
static const char	*q_pgpass(struct rctx *, const char *);
static const char	*hba_field(struct rctx *, const char *, int kind);
static const char	*comment_text(struct arena *, const char *);
static const char	*md_text(struct arena *, const char *);
static const char	*base_name(const char *);
static const char	*load_template(struct rctx *, const char *name,
			    size_t *len);
static const char	*partial_cb(void *, const char *, size_t *);
static void		 emit(struct rctx *, const char *tmpl, const char *path,
			    const struct tval *, mode_t);
static struct tval	*common_view(struct rctx *);
static const char	*old_verifier(struct rctx *);
static void		 render_summary(struct rctx *);
static void		 render_hba(struct rctx *, const struct node *);
static void		 render_conf(struct rctx *, const struct node *);
static void		 render_roles(struct rctx *, const struct node *,
			    int *has_verifier);
static const char	*initdb_words(struct rctx *);
static const char	*rhel_initdb_options(struct rctx *);
static void		 render_runbook(struct rctx *, const struct node *,
			    int has_verifier);
static int		 cmp_order(const void *, const void *);
static const char	*tree_line(struct arena *, const struct node *,
			    size_t depth);
static void		 tree_lines(struct rctx *, struct tval *,
			    const struct node *, size_t depth);
static void		 tree_text(struct strbuf *, struct arena *,
			    const struct cluster *, const struct node *,
			    size_t depth);
static int		 guc_name_ok(const char *);
static const char	*systemd_pgdata(struct arena *, const char *);

/* --- quoting: every value passes one of these on its way to a view --- */

/* A quoting function gave NULL: the value cannot be written safely. */
static const char *
q_check(struct rctx *rc, const char *q, const char *s, const char *target)
{
	if (q != NULL)
		return q;
	diag_add(rc->d, NULL, LEVEL_ERROR, NULL,
	    "cannot write \"%s\" safely as %s", comment_text(rc->a, s), target);
	rc->failed = 1;
	return "";
}

static const char *
q_sh(struct rctx *rc, const char *s)
{
	return q_check(rc, quote_shell(rc->a, s), s, "a shell word");
}

static const char *
q_conf(struct rctx *rc, const char *s)
{
	return q_check(rc, quote_conf_value(rc->a, s), s,
	    "a postgresql.conf value");
}

static const char *
q_ident(struct rctx *rc, const char *s)
{
	return q_check(rc, quote_sql_ident(rc->a, s), s, "an SQL identifier");
}

static const char *
q_lit(struct rctx *rc, const char *s)
{
	return q_check(rc, quote_sql_literal(rc->a, s), s, "an SQL literal");
}

static const char *
q_conninfo(struct rctx *rc, const char *s)
{
	return q_check(rc, quote_conninfo_value(rc->a, s), s,
	    "a connection string value");
}

static const char *
q_pgpass(struct rctx *rc, const char *s)
{
	return q_check(rc, quote_pgpass_field(rc->a, s), s,
	    "a .pgpass field");
}

enum { HBA_DB, HBA_USER, HBA_ADDR };

/*
 * A pg_hba.conf field: a comma list whose keywords stay bare (quoted, they
 * would name a database or role called "all"), +group and @file keep their
 * marker outside the quotes (quote_hba_marked()), and every other element
 * goes through quote_hba_token().
 */
static const char *
hba_field(struct rctx *rc, const char *s, int kind)
{
	unsigned	 field = kind == HBA_DB ? HBA_FIELD_DATABASE :
	    kind == HBA_USER ? HBA_FIELD_USER : HBA_FIELD_ADDRESS;
	struct strbuf	 sb = STRBUF_INIT;
	const char	*p = s, *e, *q;
	char		*elem, *r;

	do {
		e = strchr(p, ',');
		elem = arena_strndup(rc->a, p, e == NULL ? strlen(p) :
		    (size_t)(e - p));
		if (sb.len > 0)
			strbuf_addch(&sb, ',');
		if (hba_keyword_find(elem, field) != NULL)
			strbuf_addstr(&sb, elem);
		else if (kind != HBA_ADDR && (elem[0] == '+' || elem[0] == '@')) {
			/* The marker must stay outside the quotes. */
			q = quote_hba_marked(rc->a, elem[0], elem + 1);
			strbuf_addstr(&sb, q_check(rc, q, elem,
			    "a pg_hba.conf token"));
		} else
			strbuf_addstr(&sb, q_check(rc,
			    quote_hba_token(rc->a, elem), elem,
			    "a pg_hba.conf token"));
		p = e == NULL ? NULL : e + 1;
	} while (p != NULL);
	r = arena_strdup(rc->a, sb.buf);
	strbuf_release(&sb);
	return r;
}

/* Text for a comment line: control characters become '?'. */
static const char *
comment_text(struct arena *a, const char *s)
{
	char	*r = arena_strdup(a, s == NULL ? "" : s), *p;

	for (p = r; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return r;
}

/* Text for a Markdown table cell or code span: no | or ` survive. */
static const char *
md_text(struct arena *a, const char *s)
{
	char	*r = (char *)comment_text(a, s), *p;

	for (p = r; *p != '\0'; p++)
		if (*p == '|' || *p == '`')
			*p = '?';
	return r;
}

static const char *
base_name(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s == NULL ? path : s + 1;
}

/* --- templates --- */

/*
 * The template called name (without the .mustache suffix): the user's
 * override in templates_dir when there is one, else the built-in one.
 * Returns NULL after reporting when there is neither or the override
 * cannot be read.
 */
static const char *
load_template(struct rctx *rc, const char *name, size_t *len)
{
	const struct template_file *tf;
	const struct srcfile	*sf;
	const char	*file = arena_printf(rc->a, "%s%s", name,
			    TEMPLATE_SUFFIX);
	char		*path;

	if (rc->o != NULL && rc->o->templates_dir != NULL) {
		path = arena_printf(rc->a, "%s/%s", rc->o->templates_dir, file);
		/* a regular file of at most SRCFILE_MAX bytes: no FIFO */
		if ((sf = srcfile_read(rc->a, path)) != NULL) {
			*len = sf->len;
			return sf->buf;
		}
		if (errno != ENOENT) {
			diag_add(rc->d, NULL, LEVEL_ERROR, NULL,
			    "cannot open \"%s\": %s", path,
			    srcfile_strerror(errno));
			rc->failed = 1;
			return NULL;
		}
	}
	if ((tf = templates_find(file)) == NULL) {
		diag_add(rc->d, NULL, LEVEL_ERROR, NULL,
		    "no template \"%s\"", file);
		rc->failed = 1;
		return NULL;
	}
	*len = tf->len;
	return tf->text;
}

static const char *
partial_cb(void *arg, const char *name, size_t *len)
{
	return load_template(arg, name, len);
}

/* Render template tmpl with view v into a new output file at path. */
static void
emit(struct rctx *rc, const char *tmpl, const char *path,
    const struct tval *v, mode_t mode)
{
	struct strbuf	 out = STRBUF_INIT;
	struct arena	*keep;
	struct outfile	*f;
	const char	*text;
	size_t		 len;
	char		*data;

	if ((text = load_template(rc, tmpl, &len)) == NULL)
		return;
	if (tmpl_render(rc->a, arena_printf(rc->a, "%s%s", tmpl,
	    TEMPLATE_SUFFIX), text, len, v, partial_cb, rc, TMPL_ESCAPE_NONE,
	    &out, rc->d) != 0) {
		strbuf_release(&out);
		rc->failed = 1;
		return;
	}
	keep = rc->out != NULL ? rc->out : rc->a;
	data = arena_alloc(keep, out.len + 1);
	memcpy(data, out.buf, out.len + 1);
	if (rc->nfiles == rc->cap) {
		rc->files = arena_grow(keep, rc->files, rc->nfiles,
		    rc->cap * 2 + 8, sizeof(*rc->files));
		rc->cap = rc->cap * 2 + 8;
	}
	f = &rc->files[rc->nfiles++];
	f->path = arena_strdup(keep, path);
	f->data = data;
	f->len = out.len;
	f->mode = mode;
	strbuf_release(&out);
}

/* --- views --- */

/* Keys every template may use. */
static struct tval *
common_view(struct rctx *rc)
{
	const struct cluster *cl = rc->cl;
	struct arena	*a = rc->a;
	struct tval	*v = tval_map(a);

	tval_set_str(a, v, "generated_by", comment_text(a, arena_printf(a,
	    "generated by pgpair %s from %s - do not edit; regenerate instead",
	    PACKAGE_VERSION, base_name(cl->file != NULL ? cl->file : "-"))));
	tval_set_str(a, v, "cluster_comment", comment_text(a, cl->name));
	tval_set_str(a, v, "cluster_md", md_text(a, cl->name));
	tval_set_str(a, v, "cluster_sh", q_sh(rc, cl->name));
	tval_set_str(a, v, "version", arena_printf(a, "%d", cl->version));
	tval_set_bool(a, v, "pg14plus", cl->version >= 14);
	tval_set_bool(a, v, "pg15plus", cl->version >= 15);
	tval_set_str(a, v, "platform", platform_name(cl->platform));
	tval_set_bool(a, v, "rhel", cl->platform == PLATFORM_RHEL);
	tval_set_bool(a, v, "debian", cl->platform == PLATFORM_DEBIAN);
	tval_set_bool(a, v, "generic", cl->platform == PLATFORM_GENERIC);
	tval_set_bool(a, v, "slots", cl->slots);
	tval_set_str(a, v, "repl_user_comment", comment_text(a, cl->repl_user));
	tval_set_str(a, v, "repl_user_md", md_text(a, cl->repl_user));
	tval_set_str(a, v, "repl_user_sh", q_sh(rc, cl->repl_user));
	tval_set_str(a, v, "repl_user_sql", q_ident(rc, cl->repl_user));
	tval_set_str(a, v, "repl_user_literal_sql", q_lit(rc, cl->repl_user));
	if (cl->pw_source == PASSWORD_ENV) {
		tval_set_str(a, v, "password_env_sh", q_sh(rc, cl->pw_ref));
		tval_set_str(a, v, "password_env_md", md_text(a, cl->pw_ref));
		tval_set_str(a, v, "password_env_comment",
		    comment_text(a, cl->pw_ref));
	} else {
		tval_set_str(a, v, "password_file_sh", q_sh(rc, cl->pw_ref));
		tval_set_str(a, v, "password_file_md", md_text(a, cl->pw_ref));
		tval_set_str(a, v, "password_file_comment",
		    comment_text(a, cl->pw_ref));
	}
	return v;
}

/* Order in which the runbooks run: by depth, then description order. */
static int
cmp_order(const void *pa, const void *pb)
{
	const struct node *a = *(const struct node *const *)pa;
	const struct node *b = *(const struct node *const *)pb;

	if (a->depth != b->depth)
		return a->depth < b->depth ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* One line of the topology tree: the node at depth, indented. */
static const char *
tree_line(struct arena *a, const struct node *n, size_t depth)
{
	const char	*ind = "";

	for (size_t i = 1; i < depth; i++)
		ind = arena_printf(a, "%s     ", ind);
	return comment_text(a, arena_printf(a,
	    "%s%s%s %s%s  %s:%u%s%s", ind, depth > 0 ? "  -> " : "", n->name,
	    role_name(n->role), n->sync ? " [sync]" : "", n->address, n->port,
	    n->slot != NULL ? "  slot " : "", n->slot != NULL ? n->slot : ""));
}

static void
tree_lines(struct rctx *rc, struct tval *list, const struct node *n,
    size_t depth)
{
	struct arena	*a = rc->a;
	struct tval	*line = tval_map(a);

	tval_set_str(a, line, "line", tree_line(a, n, depth));
	tval_push(a, list, line);
	/* A cycle is an error the rules report; don't follow one here. */
	if (depth > rc->cl->nnodes)
		return;
	for (size_t i = 0; i < n->nchildren; i++)
		tree_lines(rc, list, n->children[i], depth + 1);
}

static void
tree_text(struct strbuf *sb, struct arena *a, const struct cluster *cl,
    const struct node *n, size_t depth)
{
	strbuf_addstr(sb, tree_line(a, n, depth));
	strbuf_addch(sb, '\n');
	if (depth > cl->nnodes)
		return;
	for (size_t i = 0; i < n->nchildren; i++)
		tree_text(sb, a, cl, n->children[i], depth + 1);
}

const char *
render_tree(struct arena *a, const struct cluster *cl)
{
	struct strbuf	 sb = STRBUF_INIT;
	char		*r;

	if (cl->primary != NULL)
		tree_text(&sb, a, cl, cl->primary, 0);
	r = arena_strdup(a, sb.len > 0 ? sb.buf : "");
	strbuf_release(&sb);
	return r;
}

const char *
render_md_text(struct arena *a, const char *s)
{
	return md_text(a, s);
}

static void
render_summary(struct rctx *rc)
{
	const struct cluster *cl = rc->cl;
	struct arena	*a = rc->a;
	struct tval	*v = common_view(rc), *order, *tree, *row;
	const struct node **nodes;
	const struct node *n;
	size_t		 i;

	nodes = arena_calloc(a, cl->nnodes, sizeof(*nodes));
	for (i = 0; i < cl->nnodes; i++)
		nodes[i] = &cl->nodes[i];
	qsort(nodes, cl->nnodes, sizeof(*nodes), cmp_order);
	order = tval_list(a);
	for (i = 0; i < cl->nnodes; i++) {
		n = nodes[i];
		row = tval_map(a);
		tval_set_str(a, row, "step", arena_printf(a, "%zu", i + 1));
		tval_set_str(a, row, "name_md", md_text(a, n->name));
		tval_set_str(a, row, "role", role_name(n->role));
		tval_set_bool(a, row, "sync", n->sync);
		tval_set_str(a, row, "upstream_md", n->upstream != NULL ?
		    md_text(a, n->upstream->name) : "-");
		tval_set_str(a, row, "address_md", md_text(a, arena_printf(a,
		    n->addr_kind == ADDR_IPV6 ? "[%s]:%u" : "%s:%u",
		    n->address, n->port)));
		tval_set_str(a, row, "data_directory_md",
		    md_text(a, n->data_directory));
		tval_set_str(a, row, "slot_md", n->slot != NULL ?
		    md_text(a, n->slot) : "-");
		tval_push(a, order, row);
	}
	tval_set(a, v, "nodes", order);
	tree = tval_list(a);
	if (cl->primary != NULL)
		tree_lines(rc, tree, cl->primary, 0);
	tval_set(a, v, "tree", tree);
	if (cl->primary != NULL)
		tval_set_str(a, v, "primary_md", md_text(a, cl->primary->name));
	if (cl->sync.enabled) {
		tval_set_bool(a, v, "sync_enabled", 1);
		tval_set_str(a, v, "sync_md", md_text(a, arena_printf(a,
		    "%s %u", cl->sync.method == SYNC_FIRST ? "FIRST" : "ANY",
		    cl->sync.count)));
	}
	emit(rc, "summary.md", "summary.md", v, 0644);
}

/* A node's pg_hba.conf: one line per other node, and the access lines. */
static void
render_hba(struct rctx *rc, const struct node *n)
{
	struct arena	*a = rc->a;
	struct tval	*v, *lines, *line;
	struct hba_entry *hba;
	const char	**f;
	size_t		 i, j, w[4] = { 0, 0, 0, 0 }, len, nhba;
	struct strbuf	 sb = STRBUF_INIT;

	v = common_view(rc);
	nhba = model_node_hba(a, rc->cl, n, &hba);
	/* Quote every field first, then align the columns. */
	f = arena_calloc(a, nhba * 6, sizeof(*f));
	for (i = 0; i < nhba; i++) {
		const struct hba_entry *h = &hba[i];
		const char	**r = &f[i * 6];

		r[0] = q_check(rc, quote_hba_token(a, h->type), h->type,
		    "a pg_hba.conf type");
		r[1] = hba_field(rc, h->database, HBA_DB);
		r[2] = hba_field(rc, h->user, HBA_USER);
		r[3] = h->address != NULL ? hba_field(rc, h->address, HBA_ADDR) :
		    "";
		r[4] = q_check(rc, quote_hba_token(a, h->method), h->method,
		    "a pg_hba.conf method");
		r[5] = "";
		if (h->options != NULL) {
			/* "name=value ..." with each token quoted. */
			char	*opts = arena_strdup(a, h->options), *tok, *sp;
			const char *o = "";

			for (tok = strtok_r(opts, " \t", &sp); tok != NULL;
			    tok = strtok_r(NULL, " \t", &sp))
				o = arena_printf(a, "%s%s%s", o, *o ? " " : "",
				    q_check(rc, quote_hba_token(a, tok), tok,
				    "a pg_hba.conf option"));
			r[5] = o;
		}
		for (j = 0; j < 4; j++)
			if ((len = strlen(r[j])) > w[j])
				w[j] = len;
	}
	lines = tval_list(a);
	for (i = 0; i < nhba; i++) {
		const char	**r = &f[i * 6];

		strbuf_reset(&sb);
		/* padded by hand: a cluster of N nodes writes N x N fields */
		for (j = 0; j < 4; j++) {
			len = strlen(r[j]);
			strbuf_add(&sb, r[j], len);
			for (; len < w[j] + 2; len++)
				strbuf_addch(&sb, ' ');
		}
		strbuf_addstr(&sb, r[4]);
		if (*r[5] != '\0') {
			strbuf_addch(&sb, ' ');
			strbuf_addstr(&sb, r[5]);
		}
		line = tval_map(a);
		tval_set_str(a, line, "line_hba", arena_strdup(a, sb.buf));
		if (hba[i].comment != NULL)
			tval_set_str(a, line, "comment",
			    comment_text(a, hba[i].comment));
		tval_set_bool(a, line, "generated", hba[i].generated);
		tval_push(a, lines, line);
	}
	strbuf_release(&sb);
	tval_set(a, v, "lines", lines);
	tval_set_str(a, v, "node_comment", comment_text(a, n->name));
	emit(rc, "pg_hba.conf", arena_printf(a, "%s/pg_hba.conf", n->name), v,
	    0644);
}

/* A GUC name is written bare: it must be one (the model checked it). */
static int
guc_name_ok(const char *s)
{
	const char	*p;

	if (*s == '\0')
		return 0;
	for (p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' ||
		    *p == '$'))
			return 0;
	return 1;
}

static void
render_conf(struct rctx *rc, const struct node *n)
{
	struct arena	*a = rc->a;
	struct tval	*v = common_view(rc), *list, *s;
	size_t		 i;

	list = tval_list(a);
	for (i = 0; i < n->conf.n; i++) {
		const struct setting *st = &n->conf.v[i];

		if (!guc_name_ok(st->name)) {
			diag_add(rc->d, &st->name_pos, LEVEL_ERROR, NULL,
			    "cannot write parameter name \"%s\"",
			    comment_text(a, st->name));
			rc->failed = 1;
			continue;
		}
		s = tval_map(a);
		tval_set_str(a, s, "line_conf", arena_printf(a, "%s = %s",
		    st->name, q_conf(rc, st->value)));
		tval_set_bool(a, s, "generated", st->generated);
		tval_push(a, list, s);
	}
	tval_set(a, v, "settings", list);
	tval_set_str(a, v, "node_comment", comment_text(a, n->name));
	emit(rc, "pgpair.conf", arena_printf(a, "%s/%s", n->name,
	    CONF_FRAGMENT), v, 0644);
}

/*
 * The verifier of an earlier run, from OUTDIR/PRIMARY/roles.sql, or NULL.
 * Only a verifier that still matches the password is kept, so that
 * regenerating changes nothing while the password stays the same.
 */
static const char *
old_verifier(struct rctx *rc)
{
	static const char tag[] = "SCRAM-SHA-256$";
	const char	*text, *p, *r = NULL;
	size_t		 n, len;

	if (rc->o == NULL || rc->o->outdir == NULL || rc->cl->primary == NULL)
		return NULL;
	/* No link followed, no FIFO waited on; too big is no verifier. */
	if ((text = outfile_read(rc->a, rc->o->outdir, arena_printf(rc->a,
	    "%s/roles.sql", rc->cl->primary->name), ROLES_SQL_MAX,
	    &len)) == NULL)
		return NULL;
	if ((p = strstr(text, tag)) != NULL) {
		n = strspn(p, "SCRAM-SHA-256$0123456789:"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/=");
		if (n < MAX_VERIFIER) {
			r = arena_strndup(rc->a, p, n);
			if (!scram_verifier_matches(r, rc->o->password))
				r = NULL;
		}
	}
	return r;
}

static void
render_roles(struct rctx *rc, const struct node *n, int *has_verifier)
{
	struct arena	*a = rc->a;
	struct tval	*v = common_view(rc);
	const char	*ver = NULL;

	*has_verifier = 0;
	if (rc->o != NULL && rc->o->password != NULL) {
		if ((ver = old_verifier(rc)) == NULL &&
		    (ver = scram_verifier_random(a, rc->o->password)) == NULL) {
			diag_add(rc->d, &rc->cl->pw_pos, LEVEL_ERROR, NULL,
			    "cannot compute a SCRAM verifier for the replication "
			    "password (it must be ASCII)");
			rc->failed = 1;
			return;
		}
		tval_set_str(a, v, "verifier_sql", q_lit(rc, ver));
		*has_verifier = 1;
	}
	(void)n;
	/* The verifier is a secret: only its owner reads roles.sql. */
	emit(rc, "roles.sql", arena_printf(a, "%s/roles.sql", n->name), v,
	    0600);
}

/* systemd's Environment= value for PGDATA; NULL when it needs escaping. */
static const char *
systemd_pgdata(struct arena *a, const char *dir)
{
	if (strpbrk(dir, "\"\\%$ \t\n'") != NULL)
		return NULL;
	return arena_printf(a, "[Service]\nEnvironment=\"PGDATA=%s\"\n", dir);
}

/* The initdb options of the description, as shell words after a blank. */
static const char *
initdb_words(struct rctx *rc)
{
	const char	**opt, *s = "";
	size_t		 n;

	opt = model_initdb_options(rc->a, rc->cl, &n);
	for (size_t i = 0; i < n; i++)
		s = arena_printf(rc->a, "%s %s", s, q_sh(rc, opt[i]));
	return s;
}

/* PGSETUP_INITDB_OPTIONS of the PGDG packages: the same, as one word. */
static const char *
rhel_initdb_options(struct rctx *rc)
{
	const char	**opt, *s = "--auth-local=peer --auth-host=scram-sha-256";
	size_t		 n;

	opt = model_initdb_options(rc->a, rc->cl, &n);
	for (size_t i = 0; i < n; i++)
		s = arena_printf(rc->a, "%s %s", s, opt[i]);
	return q_sh(rc, s);
}

static void
render_runbook(struct rctx *rc, const struct node *n, int has_verifier)
{
	const struct cluster *cl = rc->cl;
	struct arena	*a = rc->a;
	struct tval	*v = common_view(rc), *list, *s;
	const struct node *up = n->upstream;
	const char	*def, *t;
	size_t		 i;

	tval_set_str(a, v, "node_sh", q_sh(rc, n->name));
	tval_set_str(a, v, "node_comment", comment_text(a, n->name));
	tval_set_str(a, v, "role", role_name(n->role));
	tval_set_bool(a, v, "primary", n->role == ROLE_PRIMARY);
	tval_set_bool(a, v, "standby", n->role == ROLE_STANDBY);
	tval_set_str(a, v, "data_directory_sh", q_sh(rc, n->data_directory));
	tval_set_str(a, v, "bin_directory_sh", q_sh(rc, n->bin_directory));
	tval_set_str(a, v, "config_directory_sh",
	    q_sh(rc, n->config_directory));
	tval_set_str(a, v, "address_sh", q_sh(rc, n->address));
	tval_set_str(a, v, "port_sh", arena_printf(a, "%u", n->port));
	tval_set_str(a, v, "socket_directory_sh",
	    q_sh(rc, n->socket_directory != NULL ? n->socket_directory : ""));
	tval_set_str(a, v, "log_file_sh", q_sh(rc, arena_printf(a, "%s.log",
	    n->data_directory)));
	/* Generated files: only the server's OS user reads them on generic,
	 * its group too where the packages expect that. */
	tval_set_str(a, v, "file_mode",
	    cl->platform == PLATFORM_GENERIC ? "600" : "640");
	if (n->service != NULL)
		tval_set_str(a, v, "service_sh", q_sh(rc, n->service));
	if (n->os_user != NULL)
		tval_set_str(a, v, "os_user_sh", q_sh(rc, n->os_user));
	/* Debian names a cluster by its config directory: /etc/postgresql/V/C */
	tval_set_str(a, v, "debian_cluster_sh",
	    q_sh(rc, base_name(n->config_directory)));
	tval_set_str(a, v, "initdb_options_sh", initdb_words(rc));
	tval_set_str(a, v, "rhel_initdb_options_sh", rhel_initdb_options(rc));
	if (cl->platform == PLATFORM_RHEL) {
		def = arena_printf(a, "/var/lib/pgsql/%d/data", cl->version);
		if (strcmp(def, n->data_directory) != 0) {
			if ((t = systemd_pgdata(a, n->data_directory)) == NULL) {
				diag_add(rc->d, &n->pos, LEVEL_ERROR, NULL,
				    "cannot write data_directory \"%s\" into a "
				    "systemd unit", comment_text(a,
				    n->data_directory));
				rc->failed = 1;
				t = "";
			}
			tval_set_str(a, v, "systemd_dropin_sh", q_sh(rc, t));
		}
	}

	/* The cluster_name of every other node: a server on this port that
	 * calls itself one of those is another node's. */
	list = tval_list(a);
	for (i = 0; i < cl->nnodes; i++) {
		const struct node *o = &cl->nodes[i];

		if (o == n)
			continue;
		if ((t = model_setting(cl, o, "cluster_name", NULL)) == NULL)
			t = o->name;
		s = tval_map(a);
		tval_set_str(a, s, "name_sh", q_sh(rc, t));
		tval_push(a, list, s);
	}
	tval_set(a, v, "other_names", list);
	/* This node's standbys, the sync state the primary should show for
	 * each, and the slots they stream from. */
	list = tval_list(a);
	for (i = 0; i < n->nchildren; i++) {
		s = tval_map(a);
		tval_set_str(a, s, "child_sh", q_sh(rc, arena_printf(a,
		    "%s:%s", n->children[i]->name, n->children[i]->sync ?
		    "sync" : "async")));
		tval_push(a, list, s);
	}
	tval_set(a, v, "children", list);
	list = tval_list(a);
	for (i = 0; cl->slots && i < n->nchildren; i++) {
		if (n->children[i]->slot == NULL)
			continue;
		s = tval_map(a);
		tval_set_str(a, s, "slot_sh", q_sh(rc, n->children[i]->slot));
		tval_push(a, list, s);
	}
	tval_set(a, v, "child_slots", list);

	if (n->role == ROLE_PRIMARY) {
		tval_set_bool(a, v, "password_at_runtime", !has_verifier);
		tval_set_str(a, v, "password_cmd_sh", q_sh(rc, arena_printf(a,
		    "\\password %s", q_ident(rc, cl->repl_user))));
		tval_set_str(a, v, "repl_user_literal_sh",
		    q_sh(rc, q_lit(rc, cl->repl_user)));
	} else if (up != NULL) {
		const char	*host = up->address;

		tval_set_str(a, v, "upstream_name_sh", q_sh(rc, up->name));
		tval_set_str(a, v, "upstream_host_sh", q_sh(rc, host));
		tval_set_str(a, v, "upstream_port_sh",
		    arena_printf(a, "%u", up->port));
		tval_set_str(a, v, "passfile_sh", q_sh(rc, n->passfile));
		/* host:port:database:user: of the .pgpass line, escaped. */
		tval_set_str(a, v, "pgpass_prefix_sh", q_sh(rc, arena_printf(a,
		    "%s:%u:*:%s:", q_pgpass(rc, host), up->port,
		    q_pgpass(rc, cl->repl_user))));
		tval_set_str(a, v, "basebackup_conninfo_sh", q_sh(rc,
		    arena_printf(a, "application_name=%s connect_timeout=10",
		    q_conninfo(rc, n->name))));
		tval_set_str(a, v, "upstream_repl_conninfo_sh", q_sh(rc,
		    arena_printf(a, "host=%s port=%u user=%s dbname=replication "
		    "replication=true connect_timeout=10 "
		    "application_name=pgpair-check", q_conninfo(rc, host),
		    up->port, q_conninfo(rc, cl->repl_user))));
		tval_set_str(a, v, "slot_sh", q_sh(rc, cl->slots &&
		    n->slot != NULL ? n->slot : ""));
	}
	emit(rc, n->role == ROLE_PRIMARY ? "runbook-primary.sh" :
	    "runbook-standby.sh", arena_printf(a, "%s/runbook.sh", n->name), v,
	    0755);
}

int
render_cluster(struct arena *a, const struct cluster *cl,
    const struct render_opts *o, struct outfile **files, size_t *nfiles,
    struct diags *d)
{
	struct rctx	 rc;
	size_t		 i;
	int		 has_verifier = 0;

	memset(&rc, 0, sizeof(rc));
	rc.a = a;
	rc.cl = cl;
	rc.o = o;
	rc.d = d;
	*files = NULL;
	*nfiles = 0;
	if (cl->primary == NULL) {
		diag_add(d, NULL, LEVEL_ERROR, NULL, "no primary to render");
		return -1;
	}

	render_summary(&rc);
	render_roles(&rc, cl->primary, &has_verifier);
	/*
	 * A node's views (its pg_hba.conf names every other node) live in
	 * an arena of their own, which goes when its files are rendered: a
	 * large cluster keeps only the files.
	 */
	rc.out = a;
	for (i = 0; i < cl->nnodes; i++) {
		const struct node *n = &cl->nodes[i];

		rc.a = arena_new();
		render_conf(&rc, n);
		render_hba(&rc, n);
		render_runbook(&rc, n, has_verifier);
		arena_free(rc.a);
	}
	rc.a = a;
	if (rc.failed)
		return -1;
	*files = rc.files;
	*nfiles = rc.nfiles;
	return 0;
}

const char *
render_node_hba(struct arena *a, const struct cluster *cl,
    const struct node *n, size_t *len, struct diags *d)
{
	struct rctx	 rc;

	memset(&rc, 0, sizeof(rc));
	rc.a = a;
	rc.cl = cl;
	rc.d = d;
	render_hba(&rc, n);
	if (rc.failed || rc.nfiles != 1)
		return NULL;
	*len = rc.files[0].len;
	return rc.files[0].data;
}

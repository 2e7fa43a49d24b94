/*
 * Change plans.  The old and the new model are compared node by node (by
 * name): settings, pg_hba.conf lines as generate renders them, upstreams,
 * slots and synchronous standbys.  Each difference becomes a step (a
 * runbook command on one node), and each safety rule an edge "this step
 * before that one"; a topological sort with a stable priority gives the
 * order, and a cycle means the change cannot be made safely in one go.
 * The same file renders the plan as Markdown; cmd_plan.c writes it.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "pgvocab.h"
#include "plan.h"
#include "render.h"
#include "report.h"
#include "strbuf.h"
#include "yaml_load.h"

#define NO_STEP		((size_t)-1)
#define MAX_NAMED	3	/* steps a why names before "and N more" */
#define RUNBOOK		"./runbook.sh"

/*
 * Why one step must come before another.  The text completes "A before
 * B: ..." in a step's why and in the refusal of a cycle.
 */
enum reason {
	R_NONE,			/* hba before configure of one node */
	R_PARAM,
	R_ADMIT,
	R_UPSTREAM,
	R_SLOT,
	R_SENDERS_UP,
	R_SENDERS_DOWN,
	R_SYNC_IN,
	R_SYNC_OUT,
	R_REPOINT,
	R_STOP_LEAVES,
	R_DROP,
	R_HOST,
	R_PORT,
	R__COUNT
};

static const char *const reason_text[R__COUNT] = {
	[R_NONE] = NULL,
	[R_PARAM] = "a hot standby below its upstream's %s pauses recovery "
	    "(PostgreSQL 14 and later) or shuts down (12, 13)",
	[R_ADMIT] = "pg_hba.conf admits a standby on every node before the "
	    "standby is built or re-pointed",
	[R_UPSTREAM] = "a standby streams from an upstream only once that "
	    "upstream is in place",
	[R_SLOT] = "a standby's slot exists on its upstream before the standby "
	    "streams through it",
	[R_SENDERS_UP] = "an upstream has the WAL senders and slots for a new "
	    "standby before the standby connects",
	[R_SENDERS_DOWN] = "standbys leave an upstream before its "
	    "max_wal_senders or max_replication_slots goes below what they use",
	[R_SYNC_IN] = "a standby is named in synchronous_standby_names only "
	    "once it streams from the primary",
	[R_SYNC_OUT] = "a synchronous standby is taken out of "
	    "synchronous_standby_names before it stops streaming from the "
	    "primary",
	[R_REPOINT] = "the standbys of a removed node are re-pointed before "
	    "it stops",
	[R_STOP_LEAVES] = "the standbys of a removed node stop before it",
	[R_DROP] = "a slot is dropped only once no standby streams through it",
	[R_HOST] = "a removed node leaves its host before a new node is built "
	    "there",
	[R_PORT] = "a standby follows its upstream to a new port once the "
	    "upstream listens there",
};

int	 plan_ties_reversed;

static const char *const step_names[STEP__COUNT] = {
	[STEP_HBA] = "hba",
	[STEP_SLOTS] = "slots",
	[STEP_CONFIGURE] = "configure",
	[STEP_BUILD] = "apply",
	[STEP_STOP] = "stop",
	[STEP_DROP_SLOT] = "drop-slot",
};

/*
 * The settings the reviewer's view shows for every node, after the
 * hot-standby parameters; the optional ones only when the node has them.
 */
static const char *const review_params[] = {
	"wal_level", "hot_standby", "max_replication_slots",
	"synchronous_standby_names", "listen_addresses", "port",
	"primary_conninfo", "primary_slot_name", NULL
};
static const char *const review_optional[] = {
	"primary_conninfo", "primary_slot_name", NULL
};

/* One setting whose effective value differs. */
struct change {
	const char	*name;
	const char	*old;		/* NULL: the default */
	const char	*new;
	int		 restart;	/* a postmaster parameter */
};

/* A node of the old description, the new one, or both (same name). */
struct pnode {
	const char	*name;
	const struct node *o, *n;
	size_t		 rank;		/* tie-break: the new runbook order */
	struct change	*ch;
	size_t		 nch;
	const char	**hba_add, **hba_del;
	size_t		 nadd, ndel;
	int		 hba_changed;
	int		 conf_changed;
	int		 passfile_changed;
	int		 upstream_changed;
	int		 slot_changed;	/* streams through another slot, or
					   starts or stops using one */
	size_t		 step[STEP__COUNT];	/* but STEP_DROP_SLOT */
};

/* A physical slot: on holder, for standby. */
struct slotref {
	struct pnode	*holder, *standby;
	const char	*slot;
};

struct pstep {
	enum step_kind	 kind;
	struct pnode	*pn;		/* where it runs */
	const char	*slot;		/* STEP_DROP_SLOT */
	struct pnode	*standby;	/* STEP_DROP_SLOT: whose slot */
	size_t		 rep;		/* the step it is merged into, or itself */
};

enum edge_state {
	EDGE_HARD,
	EDGE_SOFT,		/* wanted; kept when it makes no cycle */
	EDGE_OFF		/* a soft edge that would make a cycle */
};

struct pedge {
	size_t		 from, to;
	enum reason	 r;
	const char	*param;		/* R_PARAM */
	enum edge_state	 state;
	int		 soft;		/* a wish, dropped if it makes a cycle */
};

struct pctx {
	struct arena	*a;
	const struct cluster *o, *n;
	struct diags	*d;
	int		 version;
	struct pnode	*pn;
	size_t		 npn;
	struct pnode	**by_old, **by_new;	/* by node index */
	struct pstep	*st;
	size_t		 nst, capst;
	struct pedge	*e;
	size_t		 ne, cape;
	struct slotref	*slots_add, *slots_del;
	size_t		 nslots_add, nslots_del;
	int		 refused;
};

static const char	*conf_value(const struct node *, const char *);
static int		 eff_num(struct pctx *, const struct node *,
			    const char *, double *);
static int		 eff_bool(struct pctx *, const struct node *,
			    const char *, int);
static int		 is_restart(int version, const char *name);
static const char	*yaml_key_given(const struct cluster *,
			    const struct node *, const char *key,
			    struct pos *);
static int		 cmp_rank(const void *, const void *);
static const struct node **runbook_order(struct arena *,
			    const struct cluster *);
static void		 refuse(struct pctx *, const struct pos *,
			    const char *hint, const char *fmt, ...)
			    __attribute__((format(printf, 4, 5)));
static void		 check_refusals(struct pctx *);
static void		 match_nodes(struct pctx *);
static int		 hba_lines(struct arena *, const char *, size_t,
			    const char ***);
static int		 in_lines(const char *, const char **, size_t);
static int		 cmp_str(const void *, const void *);
static size_t		 lines_missing(struct arena *, const char **, size_t,
			    const char **, size_t, const char ***);
static int		 diff_hba(struct pctx *);
static void		 diff_conf(struct pctx *, struct pnode *);
static void		 slot_list(struct pctx *, const struct cluster *,
			    struct pnode **, struct slotref **, size_t *);
static void		 diff_slots(struct pctx *);
static size_t		 add_step(struct pctx *, enum step_kind, struct pnode *,
			    const char *slot, struct pnode *standby);
static void		 add_edge(struct pctx *, size_t from, size_t to,
			    enum reason, const char *param, int soft);
static int		 hba_admits(const struct pnode *);
static size_t		 stream_step(struct pnode *);
static void		 make_steps(struct pctx *);
static struct pnode	**ancestors(struct pctx *, const struct cluster *,
			    const struct node *, struct pnode **);
static int		 in_pnodes(struct pnode *const *, const struct pnode *);
static void		 edges_param(struct pctx *);
static void		 edges_topology(struct pctx *);
static void		 edges_sync(struct pctx *);
static void		 edges_senders(struct pctx *);
static size_t		 rep(const struct pctx *, size_t);
static int		 cmp_step(const struct pctx *, size_t, size_t);
static size_t		 topo(struct pctx *, size_t *order, int priority);
static size_t		 count_reps(const struct pctx *);
static void		 refuse_cycle(struct pctx *);
static const char	*step_label(struct pctx *, size_t);
static const char	*change_text(struct pctx *, const struct change *);
static void		 join(struct strbuf *, const char **, size_t);
static const char	*purpose(struct pctx *, size_t);
static const char	*why(struct pctx *, size_t);
static const char	**step_argv(struct pctx *, size_t);
static const char	*md(struct arena *, const char *);
static void		 md_head(struct strbuf *, const struct cluster *);
static void		 md_tree(struct strbuf *, struct arena *,
			    const struct cluster *);
static void		 md_steps(struct strbuf *, struct arena *,
			    const struct plan *);
static const char	*sync_text(struct arena *, const struct cluster *);
static const char	*md_change(struct pctx *, const struct plan *,
			    const char *old_label);
static const char	*value_source(const struct cluster *,
			    const struct node *, const char *name,
			    const char **value);
static void		 md_review_node(struct strbuf *, struct arena *,
			    const struct cluster *, const struct node *);

/* --- values --- */

/* The node's effective setting as text (its conf fragment), or NULL. */
static const char *
conf_value(const struct node *n, const char *name)
{
	for (size_t i = 0; i < n->conf.n; i++)
		if (strcasecmp(n->conf.v[i].name, name) == 0)
			return n->conf.v[i].value;
	return NULL;
}

/* The number in effect on n (in the base unit), or 0 when unknown. */
static int
eff_num(struct pctx *pc, const struct node *n, const char *name, double *out)
{
	const struct guc_def	*g = pgvocab_find(pc->version, name);
	struct guc_value	 v;
	const char		*s;

	if (g == NULL || (g->type != GUC_INT && g->type != GUC_REAL))
		return 0;
	if ((s = conf_value(n, name)) == NULL) {
		*out = pgvocab_default_num(g);
		return 1;
	}
	if (!pgvocab_check_value(pc->a, pc->version, g, s, &v))
		return 0;
	*out = v.num;
	return 1;
}

/* The boolean in effect on n; dflt when it cannot be told. */
static int
eff_bool(struct pctx *pc, const struct node *n, const char *name, int dflt)
{
	const struct guc_def	*g = pgvocab_find(pc->version, name);
	struct guc_value	 v;
	const char		*s;

	if (g == NULL || g->type != GUC_BOOL)
		return dflt;
	if ((s = conf_value(n, name)) == NULL)
		s = g->boot_val;
	if (s == NULL || !pgvocab_check_value(pc->a, pc->version, g, s, &v))
		return dflt;
	return v.boolval;
}

/* A change of name takes a restart: its context is postmaster. */
static int
is_restart(int version, const char *name)
{
	const struct guc_def	*g = pgvocab_find(version, name);

	return g != NULL && g->context == GUCCTX_POSTMASTER;
}

/*
 * The value of key as the node's mapping in the description writes it, or
 * NULL when the node leaves it to the platform; *pos gets its place (the
 * node's when it is not written).
 */
static const char *
yaml_key_given(const struct cluster *cl, const struct node *n,
    const char *key, struct pos *pos)
{
	const struct ynode	*nodes, *y, *v;

	*pos = n->pos;
	if (cl->root == NULL || (nodes = ynode_get(cl->root, "nodes")) == NULL ||
	    nodes->kind != YNODE_SEQ || n->index >= nodes->nitems)
		return NULL;
	y = nodes->items[n->index];
	if (y->kind != YNODE_MAP || (v = ynode_get(y, key)) == NULL ||
	    v->kind != YNODE_SCALAR)
		return NULL;
	*pos = v->pos;
	return v->str;
}

/* summary.md's order: by depth, then description order. */
static int
cmp_rank(const void *pa, const void *pb)
{
	const struct node *a = *(const struct node *const *)pa;
	const struct node *b = *(const struct node *const *)pb;

	if (a->depth != b->depth)
		return a->depth < b->depth ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static const struct node **
runbook_order(struct arena *a, const struct cluster *cl)
{
	const struct node	**v = arena_calloc(a, cl->nnodes + 1,
				    sizeof(*v));

	for (size_t i = 0; i < cl->nnodes; i++)
		v[i] = &cl->nodes[i];
	qsort(v, cl->nnodes, sizeof(*v), cmp_rank);
	return v;
}

/* --- what cannot be planned --- */

static void
refuse(struct pctx *pc, const struct pos *pos, const char *hint,
    const char *fmt, ...)
{
	struct diag	*dg;
	struct pos	 whole = { pc->n->file, 0, 0 };
	va_list		 ap;

	va_start(ap, fmt);
	dg = diag_vadd(pc->d, pos != NULL && pos->line != 0 ? pos : &whole,
	    LEVEL_ERROR, NULL, fmt, ap);
	va_end(ap);
	if (hint != NULL)
		diag_hint(pc->d, dg, "%s", hint);
	pc->refused = 1;
}

/*
 * A running node is not moved, upgraded or promoted by a plan: those are
 * operations of their own, with downtime and a way back that pgpair's
 * runbooks do not provide.
 */
static void
check_refusals(struct pctx *pc)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} fixed[] = {
		{ "bin_directory", offsetof(struct node, bin_directory) },
		{ "config_directory", offsetof(struct node, config_directory) },
		{ "data_directory", offsetof(struct node, data_directory) },
		{ "os_user", offsetof(struct node, os_user) },
		{ "service", offsetof(struct node, service) },
	};
	const struct cluster	*o = pc->o, *n = pc->n;
	const struct node	*np;

	if (o->version != n->version)
		refuse(pc, &n->version_pos, "upgrade with pg_upgrade or a "
		    "logical copy outside pgpair, then plan from a description "
		    "of the upgraded cluster", "the major version changes from "
		    "%d to %d: pgpair does not plan a major upgrade",
		    o->version, n->version);
	if (o->platform != n->platform)
		refuse(pc, &n->platform_pos, NULL, "the platform changes from "
		    "%s to %s: the nodes' packages, services and paths cannot "
		    "be changed under a running cluster",
		    platform_name(o->platform), platform_name(n->platform));
	if (o->primary != NULL && n->primary != NULL &&
	    strcmp(o->primary->name, n->primary->name) != 0) {
		np = model_find_node(n, o->primary->name);
		refuse(pc, &n->primary->role_pos, "promote or switch over "
		    "outside the plan, then plan from a description of the "
		    "cluster as it then is", "the primary changes from \"%s\" "
		    "to \"%s\"%s: a switchover or failover is not planned",
		    o->primary->name, n->primary->name, np == NULL ?
		    arena_printf(pc->a, " and \"%s\" is removed",
		    o->primary->name) : "");
	}
	{
		size_t		 on, nn, k;
		const char	**ov = model_initdb_options(pc->a, o, &on);
		const char	**nv = model_initdb_options(pc->a, n, &nn);

		for (k = 0; k < on && k < nn && strcmp(ov[k], nv[k]) == 0; k++)
			;
		if (k < on || k < nn)
			refuse(pc, &n->initdb.pos, "keep the old initdb: (for "
			    "data checksums, see pg_checksums, run on a stopped "
			    "node)", "initdb: changes: its options apply only "
			    "when the primary's data directory is created, and "
			    "the running cluster and its copies keep theirs");
	}
	if (o->repl_user != NULL && n->repl_user != NULL &&
	    strcmp(o->repl_user, n->repl_user) != 0)
		refuse(pc, &n->repl_user_pos, "keep the replication user; the "
		    "runbooks create the role only when they build a primary",
		    "the replication user changes from \"%s\" to \"%s\": every "
		    "standby would lose its login until the new role exists and "
		    "every pg_hba.conf admits it", o->repl_user, n->repl_user);
	for (size_t i = 0; i < n->nnodes; i++) {
		const struct node	*nn = &n->nodes[i], *on;
		struct pos		 pos;

		if ((on = model_find_node(o, nn->name)) == NULL)
			continue;
		for (size_t k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++) {
			const char *ov = *(const char *const *)(const void *)
			    ((const char *)on + fixed[k].off);
			const char *nv = *(const char *const *)(const void *)
			    ((const char *)nn + fixed[k].off);

			if (ov == nv || (ov != NULL && nv != NULL &&
			    strcmp(ov, nv) == 0))
				continue;
			/* A config_directory that follows the data directory. */
			if (yaml_key_given(n, nn, fixed[k].key, &pos) == NULL &&
			    strcmp(fixed[k].key, "config_directory") == 0 &&
			    strcmp(on->config_directory, on->data_directory) == 0 &&
			    strcmp(nn->config_directory, nn->data_directory) == 0)
				continue;
			refuse(pc, &pos, arena_printf(pc->a, "keep the old "
			    "value, or remove \"%s\" in one plan and add it "
			    "back in the next", nn->name), "%s of node \"%s\" "
			    "changes from \"%s\" to \"%s\": moving a running "
			    "node is not planned", fixed[k].key, nn->name,
			    ov != NULL ? ov : "none", nv != NULL ? nv : "none");
		}
		if (strcmp(on->address, nn->address) != 0)
			refuse(pc, &nn->address_pos, arena_printf(pc->a,
			    "remove \"%s\" in one plan and add it with its new "
			    "address in the next", nn->name), "the address of "
			    "node \"%s\" changes from %s to %s: pgpair cannot "
			    "tell a re-addressed host from another machine",
			    nn->name, on->address, nn->address);
	}
}

/* --- what changes --- */

/* Pair the nodes by name: the new ones in runbook order, then the old. */
static void
match_nodes(struct pctx *pc)
{
	const struct node	**no = runbook_order(pc->a, pc->n);
	const struct node	**oo = runbook_order(pc->a, pc->o);
	struct pnode		*p;

	pc->pn = arena_calloc(pc->a, pc->n->nnodes + pc->o->nnodes,
	    sizeof(*pc->pn));
	pc->by_old = arena_calloc(pc->a, pc->o->nnodes + 1,
	    sizeof(*pc->by_old));
	pc->by_new = arena_calloc(pc->a, pc->n->nnodes + 1,
	    sizeof(*pc->by_new));
	for (size_t i = 0; i < pc->n->nnodes; i++) {
		p = &pc->pn[pc->npn];
		p->rank = pc->npn++;
		p->name = no[i]->name;
		p->n = no[i];
		p->o = model_find_node(pc->o, p->name);
		pc->by_new[p->n->index] = p;
		if (p->o != NULL)
			pc->by_old[p->o->index] = p;
	}
	for (size_t i = 0; i < pc->o->nnodes; i++) {
		if (pc->by_old[oo[i]->index] != NULL)
			continue;
		p = &pc->pn[pc->npn];
		p->rank = pc->npn++;
		p->name = oo[i]->name;
		p->o = oo[i];
		pc->by_old[p->o->index] = p;
	}
	for (size_t i = 0; i < pc->npn; i++)
		for (int k = 0; k < STEP__COUNT; k++)
			pc->pn[i].step[k] = NO_STEP;
}

/*
 * The rules of a rendered pg_hba.conf: comments and blank lines dropped,
 * blanks squeezed (the columns are aligned to the widest field, which
 * another node's line may change).  Returns the count; *out in a.
 */
static int
hba_lines(struct arena *a, const char *data, size_t len, const char ***out)
{
	const char	**v = NULL;
	const char	*p = data, *end = data + len, *e;
	size_t		 n = 0, cap = 0;

	for (; p < end; p = e + 1) {
		struct strbuf	 sb = STRBUF_INIT;

		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		for (const char *q = p; q < e; q++) {
			if (*q == ' ' || *q == '\t') {
				if (sb.len > 0 && sb.buf[sb.len - 1] != ' ')
					strbuf_addch(&sb, ' ');
				continue;
			}
			if (*q == '#' && sb.len == 0)
				break;
			strbuf_addch(&sb, *q);
		}
		if (sb.len > 0 && sb.buf[sb.len - 1] == ' ')
			sb.buf[--sb.len] = '\0';
		if (sb.len > 0) {
			if (n == cap) {
				v = arena_grow(a, v, n, cap * 2 + 16, sizeof(*v));
				cap = cap * 2 + 16;
			}
			v[n++] = arena_strdup(a, sb.buf);
		}
		strbuf_release(&sb);
	}
	*out = v;
	return (int)n;
}

static int
in_lines(const char *s, const char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, v[i]) == 0)
			return 1;
	return 0;
}

static int
cmp_str(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* The lines of v (n of them) that sorted (m of them) lacks, in order. */
static size_t
lines_missing(struct arena *a, const char **v, size_t n,
    const char **sorted, size_t m, const char ***out)
{
	size_t	 k = 0;

	*out = arena_calloc(a, n + 1, sizeof(**out));
	for (size_t i = 0; i < n; i++)
		if (bsearch(&v[i], sorted, m, sizeof(*sorted), cmp_str) == NULL)
			(*out)[k++] = v[i];
	return k;
}

/*
 * Render each kept node's pg_hba.conf from both descriptions, as generate
 * would, and compare their rules.  Returns -1 when one could not be
 * rendered.
 */
static int
diff_hba(struct pctx *pc)
{
	for (size_t i = 0; i < pc->npn; i++) {
		struct pnode	*p = &pc->pn[i];
		struct arena	*scratch;
		const char	*text, **ov = NULL, **nv = NULL, **os, **ns;
		size_t		 on = 0, nn = 0, len;

		if (p->o == NULL || p->n == NULL)
			continue;
		/* The rendering's scraps die with each node; lines are kept. */
		scratch = arena_new();
		if ((text = render_node_hba(scratch, pc->o, p->o, &len,
		    pc->d)) != NULL) {
			on = (size_t)hba_lines(pc->a, text, len, &ov);
			text = render_node_hba(scratch, pc->n, p->n, &len, pc->d);
		}
		if (text != NULL)
			nn = (size_t)hba_lines(pc->a, text, len, &nv);
		arena_free(scratch);
		if (text == NULL)
			return -1;
		/* The first matching line decides: the order counts too. */
		p->hba_changed = on != nn;
		for (size_t j = 0; j < on && !p->hba_changed; j++)
			p->hba_changed = strcmp(ov[j], nv[j]) != 0;
		if (!p->hba_changed)
			continue;
		os = arena_calloc(pc->a, on + 1, sizeof(*os));
		ns = arena_calloc(pc->a, nn + 1, sizeof(*ns));
		memcpy(os, ov, on * sizeof(*os));
		memcpy(ns, nv, nn * sizeof(*ns));
		qsort(os, on, sizeof(*os), cmp_str);
		qsort(ns, nn, sizeof(*ns), cmp_str);
		p->nadd = lines_missing(pc->a, nv, nn, os, on, &p->hba_add);
		p->ndel = lines_missing(pc->a, ov, on, ns, nn, &p->hba_del);
	}
	return 0;
}

/* The settings of a kept node whose effective value changes. */
static void
diff_conf(struct pctx *pc, struct pnode *p)
{
	const struct settings	*os = &p->o->conf, *ns = &p->n->conf;
	size_t			 i = 0, j = 0;

	p->ch = arena_calloc(pc->a, os->n + ns->n + 1, sizeof(*p->ch));
	/* Both lists are sorted by name (model.c build_conf). */
	while (i < os->n || j < ns->n) {
		int		 c;
		struct change	*ch;

		if (i == os->n)
			c = 1;
		else if (j == ns->n)
			c = -1;
		else
			c = strcasecmp(os->v[i].name, ns->v[j].name);
		if (c == 0 && strcmp(os->v[i].value, ns->v[j].value) == 0) {
			i++, j++;
			continue;
		}
		ch = &p->ch[p->nch++];
		ch->name = c <= 0 ? os->v[i].name : ns->v[j].name;
		ch->old = c <= 0 ? os->v[i++].value : NULL;
		ch->new = c >= 0 ? ns->v[j++].value : NULL;
		ch->restart = is_restart(pc->version, ch->name);
	}
	if (p->o->role == ROLE_STANDBY && p->n->role == ROLE_STANDBY) {
		const struct node *ou = p->o->upstream, *nu = p->n->upstream;

		p->upstream_changed = ou != NULL && nu != NULL &&
		    strcmp(ou->name, nu->name) != 0;
		/* The passfile's line: host:port:*:user: (the user is fixed). */
		p->passfile_changed = strcmp(p->o->passfile, p->n->passfile) !=
		    0 || (ou != NULL && nu != NULL &&
		    (strcmp(ou->address, nu->address) != 0 ||
		    ou->port != nu->port));
		p->slot_changed = (p->o->slot != NULL) != (p->n->slot != NULL) ||
		    (p->n->slot != NULL && p->upstream_changed);
	}
	p->conf_changed = p->nch > 0 || p->upstream_changed ||
	    p->passfile_changed || p->slot_changed;
}

static void
slot_list(struct pctx *pc, const struct cluster *cl, struct pnode **by,
    struct slotref **out, size_t *n)
{
	*out = arena_calloc(pc->a, cl->nnodes + 1, sizeof(**out));
	*n = 0;
	if (!cl->slots)
		return;
	for (size_t i = 0; i < cl->nnodes; i++) {
		const struct node *s = &cl->nodes[i];

		if (s->slot == NULL || s->upstream == NULL)
			continue;
		(*out)[*n].holder = by[s->upstream->index];
		(*out)[*n].standby = by[s->index];
		(*out)[(*n)++].slot = s->slot;
	}
}

/* Slots added and removed: the same name on the same holder is kept. */
static void
diff_slots(struct pctx *pc)
{
	struct slotref	*os, *ns;
	size_t		 on, nn;

	slot_list(pc, pc->o, pc->by_old, &os, &on);
	slot_list(pc, pc->n, pc->by_new, &ns, &nn);
	pc->slots_add = arena_calloc(pc->a, nn + 1, sizeof(*pc->slots_add));
	pc->slots_del = arena_calloc(pc->a, on + 1, sizeof(*pc->slots_del));
	for (size_t i = 0; i < nn; i++) {
		size_t	 j;

		for (j = 0; j < on; j++)
			if (os[j].holder == ns[i].holder &&
			    strcmp(os[j].slot, ns[i].slot) == 0)
				break;
		if (j == on)
			pc->slots_add[pc->nslots_add++] = ns[i];
	}
	for (size_t j = 0; j < on; j++) {
		size_t	 i;

		for (i = 0; i < nn; i++)
			if (os[j].holder == ns[i].holder &&
			    strcmp(os[j].slot, ns[i].slot) == 0)
				break;
		if (i == nn)
			pc->slots_del[pc->nslots_del++] = os[j];
	}
}

/* --- steps and edges --- */

static size_t
add_step(struct pctx *pc, enum step_kind kind, struct pnode *p,
    const char *slot, struct pnode *standby)
{
	struct pstep	*s;

	if (pc->nst == pc->capst) {
		pc->st = arena_grow(pc->a, pc->st, pc->nst, pc->capst * 2 + 16,
		    sizeof(*pc->st));
		pc->capst = pc->capst * 2 + 16;
	}
	s = &pc->st[pc->nst];
	s->kind = kind;
	s->pn = p;
	s->slot = slot;
	s->standby = standby;
	s->rep = pc->nst;
	if (kind != STEP_DROP_SLOT)
		p->step[kind] = pc->nst;
	return pc->nst++;
}

/* from before to; nothing when either step does not exist. */
static void
add_edge(struct pctx *pc, size_t from, size_t to, enum reason r,
    const char *param, int soft)
{
	struct pedge	*e;

	if (from == NO_STEP || to == NO_STEP || from == to)
		return;
	if (pc->ne == pc->cape) {
		pc->e = arena_grow(pc->a, pc->e, pc->ne, pc->cape * 2 + 64,
		    sizeof(*pc->e));
		pc->cape = pc->cape * 2 + 64;
	}
	e = &pc->e[pc->ne++];
	e->from = from;
	e->to = to;
	e->r = r;
	e->param = param;
	e->state = soft ? EDGE_SOFT : EDGE_HARD;
	e->soft = soft;
}

/*
 * The node's new pg_hba.conf may admit what the old one did not: it has
 * new lines, or the same lines in another order.  One that only loses
 * lines need not come before anyone.
 */
static int
hba_admits(const struct pnode *p)
{
	return p->hba_changed && (p->nadd > 0 || p->ndel == 0);
}

/* The step after which the node streams as the new description says. */
static size_t
stream_step(struct pnode *p)
{
	return p->o == NULL ? p->step[STEP_BUILD] : p->step[STEP_CONFIGURE];
}

static void
make_steps(struct pctx *pc)
{
	for (size_t i = 0; i < pc->npn; i++) {
		struct pnode	*p = &pc->pn[i];

		if (p->o == NULL) {
			add_step(pc, STEP_BUILD, p, NULL, NULL);
			continue;
		}
		if (p->n == NULL) {
			add_step(pc, STEP_STOP, p, NULL, NULL);
			continue;
		}
		/* Tentatively apart; merged into configure when it can be. */
		if (p->hba_changed)
			add_step(pc, STEP_HBA, p, NULL, NULL);
		for (size_t k = 0; k < pc->nslots_add; k++)
			if (pc->slots_add[k].holder == p) {
				add_step(pc, STEP_SLOTS, p, NULL, NULL);
				break;
			}
		if (p->conf_changed)
			add_step(pc, STEP_CONFIGURE, p, NULL, NULL);
		add_edge(pc, p->step[STEP_HBA], p->step[STEP_CONFIGURE], R_NONE,
		    NULL, 0);
	}
	for (size_t k = 0; k < pc->nslots_del; k++) {
		struct slotref	*s = &pc->slots_del[k];

		if (s->holder->n != NULL)
			add_step(pc, STEP_DROP_SLOT, s->holder, s->slot,
			    s->standby);
	}
}

/* The ancestors of n in its model, as pnodes; NULL-terminated. */
static struct pnode **
ancestors(struct pctx *pc, const struct cluster *cl, const struct node *n,
    struct pnode **by)
{
	struct pnode	**v = arena_calloc(pc->a, cl->nnodes + 1, sizeof(*v));
	size_t		 k = 0;

	if (n == NULL)
		return v;
	for (const struct node *u = n->upstream; u != NULL && k < cl->nnodes;
	    u = u->upstream)
		v[k++] = by[u->index];
	return v;
}

static int
in_pnodes(struct pnode *const *v, const struct pnode *p)
{
	for (; *v != NULL; v++)
		if (*v == p)
			return 1;
	return 0;
}

/*
 * The hot-standby parameters.  A standby must never run below the value
 * of its upstream (and so of the primary: the WAL it replays carries the
 * primary's).  For a standby s under an ancestor a, each running in its
 * old or new state, the states that meet in the middle of the change must
 * hold: s new with a old, when s changes first; s old with a new, when a
 * changes first.  Whichever meeting would break the rule fixes the order.
 * A standby about to be removed only asks (a soft edge) to stop first.
 */
static void
edges_param(struct pctx *pc)
{
	for (size_t i = 0; i < pc->npn; i++) {
		struct pnode	*s = &pc->pn[i], **ao, **an, *a;
		size_t		 ss = s->o == NULL ? s->step[STEP_BUILD] :
				    s->n == NULL ? s->step[STEP_STOP] :
				    s->step[STEP_CONFIGURE];
		int		 same_up, hs_o, hs_n;

		if (ss == NO_STEP)
			continue;
		ao = ancestors(pc, pc->o, s->o, pc->by_old);
		an = ancestors(pc, pc->n, s->n, pc->by_new);
		same_up = s->o != NULL && s->n != NULL && !s->upstream_changed;
		hs_o = s->o != NULL && eff_bool(pc, s->o, "hot_standby", 1);
		hs_n = s->n != NULL && eff_bool(pc, s->n, "hot_standby", 1);
		for (int side = 0; side < 2; side++)
			for (struct pnode **ap = side ? an : ao; (a = *ap) != NULL;
			    ap++) {
				size_t	 as;
				int	 hang_o, hang_n;

				/* Each ancestor once: the new list skips the old. */
				if (side == 1 && in_pnodes(ao, a))
					continue;
				as = a->o == NULL ? a->step[STEP_BUILD] :
				    a->n == NULL ? NO_STEP :
				    a->step[STEP_CONFIGURE];
				if (as == NO_STEP)
					continue;
				hang_o = in_pnodes(ao, a);
				hang_n = in_pnodes(an, a);
				for (size_t p = 0; pgvocab_standby_params[p] != NULL;
				    p++) {
					const char *name = pgvocab_standby_params[p];
					double	 sv, av;

					/* s changes first: s new under a old. */
					if (s->n != NULL && a->o != NULL && hs_n &&
					    (hang_n || (hang_o && same_up)) &&
					    eff_num(pc, s->n, name, &sv) &&
					    eff_num(pc, a->o, name, &av) && sv < av)
						add_edge(pc, as, ss, R_PARAM, name, 0);
					/* a changes first: s old under a new. */
					if (s->o != NULL && a->n != NULL && hs_o &&
					    (hang_o || (hang_n && same_up)) &&
					    eff_num(pc, s->o, name, &sv) &&
					    eff_num(pc, a->n, name, &av) && sv < av)
						add_edge(pc, ss, as, R_PARAM, name,
						    s->n == NULL);
				}
			}
	}
}

/*
 * New nodes, re-pointed standbys, removed nodes and their slots: who must
 * exist, admit or let go before whom.
 */
static void
edges_topology(struct pctx *pc)
{
	for (size_t i = 0; i < pc->npn; i++) {
		struct pnode	*p = &pc->pn[i], *u, *c;

		if (p->n != NULL && p->n->upstream != NULL &&
		    (p->o == NULL || p->upstream_changed)) {
			size_t	 ss = stream_step(p);

			u = pc->by_new[p->n->upstream->index];
			/* The new upstream exists and streams as described. */
			if (u->o == NULL)
				add_edge(pc, u->step[STEP_BUILD], ss, R_UPSTREAM,
				    NULL, 0);
			else if (u->upstream_changed)
				add_edge(pc, u->step[STEP_CONFIGURE], ss,
				    R_UPSTREAM, NULL, 0);
			if (u->o != NULL && hba_admits(u))
				add_edge(pc, u->step[STEP_HBA], ss, R_ADMIT, NULL,
				    0);
		}
		if (p->o == NULL)
			/* Every running node admits it before its copy. */
			for (size_t k = 0; k < pc->npn; k++)
				if (pc->pn[k].o != NULL && pc->pn[k].n != NULL &&
				    hba_admits(&pc->pn[k]))
					add_edge(pc, pc->pn[k].step[STEP_HBA],
					    p->step[STEP_BUILD], R_ADMIT, NULL, 0);
		if (p->n != NULL)
			continue;
		/* p is removed: its standbys go elsewhere first. */
		for (size_t k = 0; k < p->o->nchildren; k++) {
			c = pc->by_old[p->o->children[k]->index];
			if (c->n != NULL)
				add_edge(pc, c->step[STEP_CONFIGURE],
				    p->step[STEP_STOP], R_REPOINT, NULL, 0);
			else
				add_edge(pc, c->step[STEP_STOP],
				    p->step[STEP_STOP], R_STOP_LEAVES, NULL, 0);
		}
		/* A new node on its host (same address, port or directory). */
		for (size_t k = 0; k < pc->npn; k++) {
			const struct node *x = pc->pn[k].n;

			if (pc->pn[k].o != NULL || x == NULL ||
			    strcmp(x->address, p->o->address) != 0 ||
			    (x->port != p->o->port &&
			    strcmp(x->data_directory, p->o->data_directory) != 0))
				continue;
			add_edge(pc, p->step[STEP_STOP], pc->pn[k].step[STEP_BUILD],
			    R_HOST, NULL, 0);
		}
	}
	/*
	 * An upstream on a new port: its standbys lose it either way until
	 * both have changed; the upstream first is the usual way, not a rule.
	 */
	for (size_t i = 0; i < pc->npn; i++) {
		struct pnode	*c = &pc->pn[i], *u;

		if (c->o == NULL || c->n == NULL || c->upstream_changed ||
		    c->n->upstream == NULL)
			continue;
		u = pc->by_new[c->n->upstream->index];
		if (u->o->port != u->n->port)
			add_edge(pc, u->step[STEP_CONFIGURE],
			    c->step[STEP_CONFIGURE], R_PORT, NULL, 1);
	}
	for (size_t k = 0; k < pc->nslots_add; k++) {
		struct slotref	*s = &pc->slots_add[k];

		add_edge(pc, s->holder->step[STEP_SLOTS], stream_step(s->standby),
		    R_SLOT, NULL, 0);
	}
	for (size_t j = 0; j < pc->nst; j++) {
		struct pstep	*st = &pc->st[j];

		if (st->kind != STEP_DROP_SLOT)
			continue;
		add_edge(pc, st->standby->n == NULL ?
		    st->standby->step[STEP_STOP] :
		    st->standby->step[STEP_CONFIGURE], j, R_DROP, NULL, 0);
	}
}

/*
 * Synchronous standbys: named only once streaming from the primary, and
 * taken out while still streaming from it.
 */
static void
edges_sync(struct pctx *pc)
{
	struct pnode	*pp;
	size_t		 pconf;

	if (pc->n->primary == NULL)
		return;
	pp = pc->by_new[pc->n->primary->index];
	if ((pconf = pp->step[STEP_CONFIGURE]) == NO_STEP)
		return;
	for (size_t i = 0; i < pc->npn; i++) {
		struct pnode	*s = &pc->pn[i];
		int		 was = s->o != NULL && s->o->sync;
		int		 is = s->n != NULL && s->n->sync;

		if (is && !was && (s->o == NULL || s->upstream_changed))
			add_edge(pc, stream_step(s), pconf, R_SYNC_IN, NULL, 0);
		if (was && !is && s->n == NULL)
			add_edge(pc, pconf, s->step[STEP_STOP], R_SYNC_OUT, NULL,
			    0);
		else if (was && !is && s->upstream_changed)
			add_edge(pc, pconf, s->step[STEP_CONFIGURE], R_SYNC_OUT,
			    NULL, 0);
	}
}

/*
 * An upstream's max_wal_senders and max_replication_slots: raised before a
 * new standby connects (or its slot is made); lowered below what its old
 * and new standbys use together only after the leaving ones have left.
 */
static void
edges_senders(struct pctx *pc)
{
	static const char *const names[] = { "max_wal_senders",
	    "max_replication_slots" };

	for (size_t i = 0; i < pc->npn; i++) {
		struct pnode	*u = &pc->pn[i];
		size_t		 uc = u->step[STEP_CONFIGURE], users;

		if (uc == NO_STEP)
			continue;
		for (int k = 0; k < 2; k++) {
			double	 ov, nv;

			if (!eff_num(pc, u->o, names[k], &ov) ||
			    !eff_num(pc, u->n, names[k], &nv) || ov == nv)
				continue;
			if (nv > ov) {
				for (size_t j = 0; j < u->n->nchildren; j++) {
					struct pnode *c =
					    pc->by_new[u->n->children[j]->index];

					if (c->o == NULL || c->upstream_changed)
						add_edge(pc, uc, stream_step(c),
						    R_SENDERS_UP, NULL, 0);
				}
				if (k == 1)
					add_edge(pc, uc, u->step[STEP_SLOTS],
					    R_SENDERS_UP, NULL, 0);
				continue;
			}
			/* Lowered: count who could be connected, old and new. */
			users = u->n->nchildren;
			for (size_t j = 0; j < u->o->nchildren; j++) {
				struct pnode *c = pc->by_old[u->o->children[j]->index];

				if (c->n == NULL || c->upstream_changed)
					users++;
			}
			if (k == 1 && !pc->o->slots)
				continue;
			if (nv >= (double)users)
				continue;
			for (size_t j = 0; j < u->o->nchildren; j++) {
				struct pnode *c = pc->by_old[u->o->children[j]->index];

				if (k == 0 && c->n == NULL)
					add_edge(pc, c->step[STEP_STOP], uc,
					    R_SENDERS_DOWN, NULL, 0);
				else if (k == 0 && c->upstream_changed)
					add_edge(pc, c->step[STEP_CONFIGURE], uc,
					    R_SENDERS_DOWN, NULL, 0);
			}
			if (k == 1)
				for (size_t j = 0; j < pc->nst; j++)
					if (pc->st[j].kind == STEP_DROP_SLOT &&
					    pc->st[j].pn == u)
						add_edge(pc, j, uc, R_SENDERS_DOWN,
						    NULL, 0);
		}
	}
}

/* --- order --- */

static size_t
rep(const struct pctx *pc, size_t s)
{
	return pc->st[s].rep;
}

/* Ties: hba, slots, configure, apply, stop, drop-slot; then node rank. */
static int
cmp_step(const struct pctx *pc, size_t x, size_t y)
{
	const struct pstep	*a = &pc->st[x], *b = &pc->st[y];

	if (plan_ties_reversed) {
		a = &pc->st[y];
		b = &pc->st[x];
	}
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->pn->rank != b->pn->rank)
		return a->pn->rank < b->pn->rank ? -1 : 1;
	if (a->slot != NULL && b->slot != NULL)
		return strcmp(a->slot, b->slot);
	return a < b ? -1 : a > b;
}

/*
 * Kahn's algorithm on the steps that are their own representative, over
 * the hard and the kept soft edges.  With priority, the ready step that
 * compares lowest goes first; the order goes to order (when not NULL).
 * Returns how many steps were ordered: fewer than there are means a cycle.
 */
static size_t
topo(struct pctx *pc, size_t *order, int priority)
{
	size_t	*indeg = arena_calloc(pc->a, pc->nst + 1, sizeof(*indeg));
	size_t	*outn = arena_calloc(pc->a, pc->nst + 2, sizeof(*outn));
	size_t	*adj = arena_calloc(pc->a, pc->ne + 1, sizeof(*adj));
	size_t	*ready = arena_calloc(pc->a, pc->nst + 1, sizeof(*ready));
	size_t	 nready = 0, done = 0, head = 0;

	for (size_t i = 0; i < pc->ne; i++) {
		const struct pedge *e = &pc->e[i];

		if (e->state == EDGE_OFF || rep(pc, e->from) == rep(pc, e->to))
			continue;
		outn[rep(pc, e->from) + 1]++;
	}
	for (size_t i = 0; i < pc->nst; i++)
		outn[i + 1] += outn[i];
	{
		size_t	*fill = arena_calloc(pc->a, pc->nst + 1, sizeof(*fill));

		for (size_t i = 0; i < pc->ne; i++) {
			const struct pedge *e = &pc->e[i];
			size_t	 f = rep(pc, e->from), t = rep(pc, e->to);

			if (e->state == EDGE_OFF || f == t)
				continue;
			adj[outn[f] + fill[f]++] = t;
			indeg[t]++;
		}
	}
	for (size_t i = 0; i < pc->nst; i++)
		if (rep(pc, i) == i && indeg[i] == 0)
			ready[nready++] = i;
	while (head < nready) {
		size_t	 v;

		if (priority) {
			size_t	 best = head;

			for (size_t k = head + 1; k < nready; k++)
				if (cmp_step(pc, ready[k], ready[best]) < 0)
					best = k;
			v = ready[best];
			ready[best] = ready[head];
			ready[head] = v;
		}
		v = ready[head++];
		if (order != NULL)
			order[done] = v;
		done++;
		for (size_t k = outn[v]; k < outn[v + 1]; k++)
			if (--indeg[adj[k]] == 0)
				ready[nready++] = adj[k];
	}
	return done;
}

static size_t
count_reps(const struct pctx *pc)
{
	size_t	 n = 0;

	for (size_t i = 0; i < pc->nst; i++)
		n += rep(pc, i) == i;
	return n;
}

/*
 * The hard edges make a cycle: name it.  Every step left out by the sort
 * waits for another one left out, so walking back along such edges from
 * any of them comes round to a step seen before.
 */
static void
refuse_cycle(struct pctx *pc)
{
	size_t	*order = arena_calloc(pc->a, pc->nst + 1, sizeof(*order));
	size_t	 n = topo(pc, order, 1), *seen, *path, npath = 0, v, start;
	char	*left = arena_calloc(pc->a, pc->nst + 1, 1);
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < pc->nst; i++)
		left[i] = rep(pc, i) == i;
	for (size_t i = 0; i < n; i++)
		left[order[i]] = 0;
	seen = arena_calloc(pc->a, pc->nst + 1, sizeof(*seen));
	path = arena_calloc(pc->a, pc->nst + 1, sizeof(*path));
	for (v = 0; v < pc->nst && !left[v]; v++)
		;
	/* seen[v] is 1 + the place in path of the edge leaving v. */
	while (v < pc->nst && seen[v] == 0) {
		size_t	 k;

		for (k = 0; k < pc->ne; k++) {
			const struct pedge *e = &pc->e[k];

			if (e->state != EDGE_HARD || rep(pc, e->to) != v ||
			    rep(pc, e->from) == v || !left[rep(pc, e->from)])
				continue;
			break;
		}
		if (k == pc->ne)
			break;
		seen[v] = ++npath;
		path[npath - 1] = k;
		v = rep(pc, pc->e[k].from);
	}
	start = v < pc->nst && seen[v] != 0 ? seen[v] - 1 : 0;
	/* The walk went backwards: print the edges the other way round. */
	for (size_t i = npath; i > start; i--) {
		const struct pedge *e = &pc->e[path[i - 1]];
		const char *t = reason_text[e->r];

		strbuf_addf(&sb, "%s%s before %s", i == npath ? "" : ", then ",
		    step_label(pc, e->from), step_label(pc, e->to));
		if (t != NULL) {
			strbuf_addstr(&sb, " (");
			strbuf_addf(&sb, t, e->param != NULL ? e->param : "");
			strbuf_addch(&sb, ')');
		}
	}
	refuse(pc, NULL, "split the change in two: describe a cluster halfway "
	    "(for example with the settings changed but not the topology), "
	    "plan and run that, then plan the rest", "the change cannot be "
	    "made safely in one plan: %s, which comes back to the first",
	    sb.buf);
	strbuf_release(&sb);
}

/* --- words --- */

static const char *
step_label(struct pctx *pc, size_t s)
{
	const struct pstep	*st = &pc->st[rep(pc, s)];

	if (st->kind == STEP_DROP_SLOT)
		return arena_printf(pc->a, "drop-slot %s on %s", st->slot,
		    st->pn->name);
	return arena_printf(pc->a, "%s %s", step_names[st->kind],
	    st->pn->name);
}

/* "raise max_connections (100 -> 200)", "set x to 'y'", ... */
static const char *
change_text(struct pctx *pc, const struct change *ch)
{
	const struct guc_def	*g = pgvocab_find(pc->version, ch->name);
	struct guc_value	 ov, nv;
	const char		*old = ch->old;

	if (old == NULL && g != NULL && g->boot_val != NULL &&
	    *g->boot_val != '\0')
		old = arena_printf(pc->a, "default %s", g->boot_val);
	if (ch->new == NULL)
		return arena_printf(pc->a, "reset %s to the default", ch->name);
	/* An amount goes up or down; a port number is only different. */
	if (g != NULL && (g->type == GUC_INT || g->type == GUC_REAL) &&
	    strcasecmp(ch->name, "port") != 0 &&
	    pgvocab_check_value(pc->a, pc->version, g, ch->new, &nv)) {
		double	 o = pgvocab_default_num(g);

		if (ch->old == NULL ||
		    pgvocab_check_value(pc->a, pc->version, g, ch->old, &ov)) {
			if (ch->old != NULL)
				o = ov.num;
			if (o != nv.num)
				return arena_printf(pc->a, "%s %s (%s -> %s)",
				    nv.num > o ? "raise" : "lower", ch->name,
				    old != NULL ? old : "default", ch->new);
		}
	}
	if (ch->old == NULL)
		return arena_printf(pc->a, "set %s to '%s'", ch->name, ch->new);
	if (g != NULL && (g->type == GUC_INT || g->type == GUC_REAL))
		return arena_printf(pc->a, "change %s (%s -> %s)", ch->name,
		    ch->old, ch->new);
	return arena_printf(pc->a, "change %s ('%s' -> '%s')", ch->name,
	    ch->old, ch->new);
}

static void
join(struct strbuf *sb, const char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i == 0 ? "" : i + 1 == n ? " and " :
		    ", ", v[i]);
}

/* What a step does, without where it comes. */
static const char *
purpose(struct pctx *pc, size_t s)
{
	const struct pstep	*st = &pc->st[s];
	const struct pnode	*p = st->pn;
	struct strbuf		 sb = STRBUF_INIT;
	const char		**parts, **restarts, *r;
	size_t			 np = 0, nr = 0;
	int			 merged = 0, moved;

	for (size_t i = 0; i < pc->nst; i++)
		if (i != s && rep(pc, i) == s && pc->st[i].kind == STEP_HBA)
			merged = 1;
	switch (st->kind) {
	case STEP_HBA:
		return arena_printf(pc->a, "install pg_hba.conf and reload "
		    "(%zu line%s added, %zu removed)", p->nadd,
		    p->nadd == 1 ? "" : "s", p->ndel);
	case STEP_SLOTS:
		for (size_t k = 0; k < pc->nslots_add; k++)
			if (pc->slots_add[k].holder == p)
				np++;
		parts = arena_calloc(pc->a, np + 1, sizeof(*parts));
		np = 0;
		for (size_t k = 0; k < pc->nslots_add; k++)
			if (pc->slots_add[k].holder == p)
				parts[np++] = arena_printf(pc->a, "%s for %s",
				    pc->slots_add[k].slot,
				    pc->slots_add[k].standby->name);
		strbuf_addf(&sb, "create the replication slot%s ",
		    np == 1 ? "" : "s");
		join(&sb, parts, np);
		break;
	case STEP_BUILD:
		strbuf_addf(&sb, "build the new standby %s with a base copy "
		    "from %s", p->name, p->n->upstream->name);
		if (p->n->slot != NULL)
			strbuf_addf(&sb, ", streaming through slot %s",
			    p->n->slot);
		break;
	case STEP_STOP:
		strbuf_addf(&sb, "stop the removed node %s%s; its data "
		    "directory stays", p->name, pc->o->platform ==
		    PLATFORM_GENERIC ? "" : " and disable its service");
		break;
	case STEP_DROP_SLOT:
		strbuf_addf(&sb, "drop the slot %s of %s, which no longer "
		    "streams through it", st->slot, st->standby->name);
		break;
	case STEP_CONFIGURE:
		/* The same upstream on another port (a new address is refused). */
		moved = !p->upstream_changed && p->o->upstream != NULL &&
		    p->n->upstream != NULL &&
		    p->o->upstream->port != p->n->upstream->port;
		parts = arena_calloc(pc->a, p->nch + 6, sizeof(*parts));
		restarts = arena_calloc(pc->a, p->nch + 2, sizeof(*restarts));
		if (p->upstream_changed) {
			parts[np++] = arena_printf(pc->a, "re-point it from %s to "
			    "%s%s", p->o->upstream->name, p->n->upstream->name,
			    is_restart(pc->version, "primary_conninfo") ?
			    arena_printf(pc->a, " (PostgreSQL %d reads "
			    "primary_conninfo only at start)", pc->version) : "");
		}
		if ((p->upstream_changed || moved) &&
		    is_restart(pc->version, "primary_conninfo"))
			restarts[nr++] = "primary_conninfo"; else if (moved)
			parts[np++] = arena_printf(pc->a, "follow %s to port %u%s",
			    p->n->upstream->name, p->n->upstream->port,
			    is_restart(pc->version, "primary_conninfo") ?
			    arena_printf(pc->a, " (PostgreSQL %d reads "
			    "primary_conninfo only at start)", pc->version) : "");
		else if (p->slot_changed)
			parts[np++] = p->n->slot != NULL ?
			    arena_printf(pc->a, "stream through slot %s",
			    p->n->slot) : arena_printf(pc->a, "stop streaming "
			    "through slot %s", p->o->slot);
		for (size_t i = 0; i < p->nch; i++) {
			const struct change *ch = &p->ch[i];

			/* Said by the re-pointing or the slot above. */
			if ((p->upstream_changed || moved || p->slot_changed) &&
			    (strcasecmp(ch->name, "primary_conninfo") == 0 ||
			    strcasecmp(ch->name, "primary_slot_name") == 0))
				continue;
			if (ch->restart)
				restarts[nr++] = ch->name;
			if (np < MAX_NAMED + 1)
				parts[np++] = change_text(pc, ch);
			else if (np == MAX_NAMED + 1)
				parts[np++] = "more settings";
		}
		if (p->passfile_changed && !p->upstream_changed && !moved)
			parts[np++] = arena_printf(pc->a, "write the passfile "
			    "%s", p->n->passfile);
		if (merged)
			parts[np++] = arena_printf(pc->a, "install pg_hba.conf "
			    "(%zu line%s added, %zu removed)", p->nadd,
			    p->nadd == 1 ? "" : "s", p->ndel);
		join(&sb, parts, np);
		if (nr > 0) {
			strbuf_addstr(&sb, "; reload, then restart for ");
			join(&sb, restarts, nr);
			/* No other standby can stand in for it meanwhile. */
			if (p->n->sync && p->o->sync &&
			    pc->n->sync.nstandbys <= pc->n->sync.count)
				strbuf_addstr(&sb, " (commits on the primary wait "
				    "while this synchronous standby restarts)");
		} else
			strbuf_addstr(&sb, "; reload");
		break;
	default:
		break;
	}
	r = arena_strdup(pc->a, sb.buf);
	strbuf_release(&sb);
	return r;
}

/*
 * The step's purpose, then each reason for its place, in the order of the
 * reasons: "after X and before Y: reason".
 */
static const char *
why(struct pctx *pc, size_t s)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	**after, **before, **params, *r;
	size_t		 na, nb, nparams, ma, mb;

	strbuf_addstr(&sb, purpose(pc, s));
	after = arena_calloc(pc->a, MAX_NAMED + 2, sizeof(*after));
	before = arena_calloc(pc->a, MAX_NAMED + 2, sizeof(*before));
	params = arena_calloc(pc->a, 8, sizeof(*params));
	for (int rs = R_NONE + 1; rs < R__COUNT; rs++) {
		na = nb = nparams = ma = mb = 0;
		for (size_t j = 0; j < pc->ne; j++) {
			const struct pedge *f = &pc->e[j];
			const char	*l;
			int		 isin;

			if (f->state == EDGE_OFF || (int)f->r != rs)
				continue;
			if (rep(pc, f->to) == s && rep(pc, f->from) != s) {
				l = step_label(pc, f->from);
				isin = 1;
			} else if (rep(pc, f->from) == s && rep(pc, f->to) != s) {
				l = step_label(pc, f->to);
				isin = 0;
			} else
				continue;
			if (f->param != NULL && nparams < 5 &&
			    !in_lines(f->param, params, nparams))
				params[nparams++] = f->param;
			if (in_lines(l, isin ? after : before, isin ? na : nb))
				continue;
			if (isin && na < MAX_NAMED)
				after[na++] = l;
			else if (isin)
				ma++;
			else if (nb < MAX_NAMED)
				before[nb++] = l;
			else
				mb++;
		}
		if (na + nb == 0)
			continue;
		if (ma > 0)
			after[na++] = arena_printf(pc->a, "%zu more", ma);
		if (mb > 0)
			before[nb++] = arena_printf(pc->a, "%zu more", mb);
		strbuf_addstr(&sb, "; ");
		if (na > 0) {
			strbuf_addstr(&sb, "after ");
			join(&sb, after, na);
		}
		if (nb > 0) {
			strbuf_addstr(&sb, na > 0 ? " and before " : "before ");
			join(&sb, before, nb);
		}
		strbuf_addstr(&sb, ": ");
		if (nparams > 0) {
			struct strbuf	 ps = STRBUF_INIT;

			join(&ps, params, nparams);
			strbuf_addf(&sb, reason_text[rs], ps.buf);
			strbuf_release(&ps);
		} else
			strbuf_addstr(&sb, reason_text[rs]);
	}
	r = arena_strdup(pc->a, sb.buf);
	strbuf_release(&sb);
	return r;
}

static const char **
step_argv(struct pctx *pc, size_t s)
{
	const struct pstep	*st = &pc->st[s];
	const struct node	*o = st->pn->o;
	const char		**v = arena_calloc(pc->a, 8, sizeof(*v));

	switch (st->kind) {
	case STEP_STOP:
		/* Contract: no folder in DIR; an absolute command. */
		if (pc->o->platform == PLATFORM_GENERIC || o->service == NULL) {
			v[0] = arena_printf(pc->a, "%s/pg_ctl", o->bin_directory);
			v[1] = "-D";
			v[2] = o->data_directory;
			v[3] = "-m";
			v[4] = "fast";
			v[5] = "-w";
			v[6] = "stop";
		} else {
			v[0] = "systemctl";
			v[1] = "disable";
			v[2] = "--now";
			v[3] = o->service;
		}
		break;
	case STEP_DROP_SLOT:
		v[0] = RUNBOOK;
		v[1] = "drop-slot";
		v[2] = st->slot;
		v[3] = "--yes";
		break;
	default:
		v[0] = RUNBOOK;
		v[1] = step_names[st->kind];
		v[2] = "--yes";
		break;
	}
	return v;
}

const char *
step_kind_name(enum step_kind k)
{
	return k < STEP__COUNT ? step_names[k] : "?";
}

/* --- Markdown --- */

static const char *
md(struct arena *a, const char *s)
{
	return render_md_text(a, s != NULL ? s : "");
}

static void
md_head(struct strbuf *sb, const struct cluster *cl)
{
	const char	*b = strrchr(cl->file, '/');

	strbuf_addf(sb, "<!-- generated by pgpair %s from %s - do not edit; "
	    "regenerate instead -->\n", PACKAGE_VERSION, b != NULL ? b + 1 :
	    cl->file);
}

static void
md_tree(struct strbuf *sb, struct arena *a, const struct cluster *cl)
{
	strbuf_addf(sb, "```\n%s```\n", render_tree(a, cl));
}

static void
md_steps(struct strbuf *sb, struct arena *a, const struct plan *pl)
{
	for (size_t i = 0; i < pl->nsteps; i++) {
		const struct plan_step *st = &pl->steps[i];

		strbuf_addf(sb, "%zu. `%s`: `", i + 1, md(a, st->node));
		for (size_t k = 0; st->argv[k] != NULL; k++)
			strbuf_addf(sb, "%s%s", k ? " " : "", md(a, st->argv[k]));
		strbuf_addf(sb, "`  \n   %s\n", md(a, st->why));
	}
}

static const char *
sync_text(struct arena *a, const struct cluster *cl)
{
	const struct node	*p = cl->primary;
	const char		*v = p != NULL ? conf_value(p,
				    "synchronous_standby_names") : NULL;

	return v != NULL ? arena_printf(a, "`%s`", md(a, v)) :
	    "none (asynchronous)";
}

static const char *
md_change(struct pctx *pc, const struct plan *pl, const char *old_label)
{
	struct arena	*a = pc->a;
	struct strbuf	 sb = STRBUF_INIT;
	const char	*r;
	size_t		 n;

	md_head(&sb, pc->n);
	strbuf_addf(&sb, "# Change plan for cluster `%s`\n\nFrom `%s` to `%s`: "
	    "PostgreSQL %d on platform `%s`, primary `%s`.\n",
	    md(a, pc->n->name), md(a, old_label), md(a, pc->n->file),
	    pc->version, platform_name(pc->n->platform),
	    md(a, pc->n->primary->name));
	strbuf_addstr(&sb, "\n## Topology before\n\n");
	md_tree(&sb, a, pc->o);
	strbuf_addstr(&sb, "\n## Topology after\n\n");
	md_tree(&sb, a, pc->n);

	strbuf_addstr(&sb, "\n## Nodes\n\n");
	n = 0;
	for (size_t i = 0; i < pc->npn; i++) {
		const struct pnode *p = &pc->pn[i];

		if (p->o == NULL)
			strbuf_addf(&sb, "- added: `%s`, standby of `%s`\n",
			    md(a, p->name), md(a, p->n->upstream->name));
		else if (p->n == NULL)
			strbuf_addf(&sb, "- removed: `%s`, %s\n", md(a, p->name),
			    p->o->upstream != NULL ? arena_printf(a,
			    "standby of `%s`", md(a, p->o->upstream->name)) :
			    role_name(p->o->role));
		else if (p->upstream_changed)
			strbuf_addf(&sb, "- re-pointed: `%s`, from `%s` to "
			    "`%s`\n", md(a, p->name),
			    md(a, p->o->upstream->name),
			    md(a, p->n->upstream->name));
		else
			continue;
		n++;
	}
	if (n == 0)
		strbuf_addstr(&sb, "No node is added, removed or re-pointed.\n");

	strbuf_addstr(&sb, "\n## Settings\n\n");
	n = 0;
	for (size_t i = 0; i < pc->npn; i++) {
		const struct pnode *p = &pc->pn[i];

		if (p->o == NULL || p->n == NULL ||
		    (p->nch == 0 && !p->passfile_changed))
			continue;
		n++;
		strbuf_addf(&sb, "### `%s`\n\n", md(a, p->name));
		if (p->nch > 0)
			strbuf_addstr(&sb, "| setting | before | after | "
			    "takes effect by |\n|---|---|---|---|\n");
		for (size_t k = 0; k < p->nch; k++) {
			const struct change *ch = &p->ch[k];

			strbuf_addf(&sb, "| `%s` | %s | %s | %s |\n",
			    md(a, ch->name), ch->old != NULL ?
			    arena_printf(a, "`%s`", md(a, ch->old)) : "default",
			    ch->new != NULL ? arena_printf(a, "`%s`",
			    md(a, ch->new)) : "default",
			    ch->restart ? "restart" : "reload");
		}
		if (p->passfile_changed)
			strbuf_addf(&sb, "%sThe passfile `%s` is written for "
			    "`%s:%u`.\n", p->nch > 0 ? "\n" : "",
			    md(a, p->n->passfile), md(a, p->n->upstream->address),
			    p->n->upstream->port);
		strbuf_addch(&sb, '\n');
	}
	if (n == 0)
		strbuf_addstr(&sb, "No setting of a running node changes.\n\n");

	strbuf_addstr(&sb, "## pg_hba.conf\n\n");
	n = 0;
	for (size_t i = 0; i < pc->npn; i++) {
		const struct pnode *p = &pc->pn[i];

		if (!p->hba_changed)
			continue;
		n++;
		strbuf_addf(&sb, "### `%s`\n\n```diff\n", md(a, p->name));
		for (size_t k = 0; k < p->ndel; k++)
			strbuf_addf(&sb, "- %s\n", p->hba_del[k]);
		for (size_t k = 0; k < p->nadd; k++)
			strbuf_addf(&sb, "+ %s\n", p->hba_add[k]);
		if (p->nadd == 0 && p->ndel == 0)
			strbuf_addstr(&sb, "(the same lines in another order)\n");
		strbuf_addstr(&sb, "```\n\n");
	}
	if (n == 0)
		strbuf_addstr(&sb, "No running node's pg_hba.conf changes.\n\n");

	strbuf_addstr(&sb, "## Replication slots\n\n");
	for (size_t k = 0; k < pc->nslots_add; k++)
		strbuf_addf(&sb, "- added: `%s` on `%s`, for `%s`\n",
		    md(a, pc->slots_add[k].slot),
		    md(a, pc->slots_add[k].holder->name),
		    md(a, pc->slots_add[k].standby->name));
	for (size_t k = 0; k < pc->nslots_del; k++)
		strbuf_addf(&sb, "- removed: `%s` on `%s`%s\n",
		    md(a, pc->slots_del[k].slot),
		    md(a, pc->slots_del[k].holder->name),
		    pc->slots_del[k].holder->n == NULL ?
		    " (removed with its node)" : "");
	if (pc->nslots_add + pc->nslots_del == 0)
		strbuf_addstr(&sb, "No slot is added or removed.\n");

	strbuf_addstr(&sb, "\n## Synchronous replication\n\n");
	if (strcmp(sync_text(a, pc->o), sync_text(a, pc->n)) == 0)
		strbuf_addf(&sb, "Unchanged: %s.\n", sync_text(a, pc->n));
	else
		strbuf_addf(&sb, "Before: %s.  \nAfter: %s.\n",
		    sync_text(a, pc->o), sync_text(a, pc->n));

	strbuf_addstr(&sb, "\n## Steps\n\n");
	if (pl->nsteps == 0)
		strbuf_addstr(&sb, "Nothing to do: every running node already "
		    "is as described.\n");
	else {
		strbuf_addstr(&sb, "Run each step on its node, in the node's "
		    "folder of the generated tree (a removed node has none: "
		    "run its command as shown), one at a time, in this order; "
		    "start a step only when the one before has succeeded.\n\n");
		md_steps(&sb, a, pl);
	}
	r = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return r;
}

/* --- the two plans --- */

struct plan *
plan_change(struct arena *a, const struct cluster *old,
    const struct cluster *new, const char *old_label, struct diags *d)
{
	struct pctx	 c, *pc = &c;
	struct plan	*pl;
	size_t		*order, n;

	memset(pc, 0, sizeof(*pc));
	pc->a = a;
	pc->o = old;
	pc->n = new;
	pc->d = d;
	pc->version = new->version;
	check_refusals(pc);
	if (pc->refused || old->primary == NULL || new->primary == NULL)
		return NULL;
	match_nodes(pc);
	if (diff_hba(pc) != 0)
		return NULL;
	for (size_t i = 0; i < pc->npn; i++)
		if (pc->pn[i].o != NULL && pc->pn[i].n != NULL)
			diff_conf(pc, &pc->pn[i]);
	diff_slots(pc);
	make_steps(pc);
	edges_param(pc);
	edges_topology(pc);
	edges_sync(pc);
	edges_senders(pc);

	for (size_t i = 0; i < pc->ne; i++)
		if (pc->e[i].state == EDGE_SOFT)
			pc->e[i].state = EDGE_OFF;
	if (topo(pc, NULL, 0) != count_reps(pc)) {
		refuse_cycle(pc);
		return NULL;
	}
	/* Soft edges, one by one, where they make no cycle. */
	for (size_t i = 0; i < pc->ne; i++) {
		if (pc->e[i].state != EDGE_OFF || !pc->e[i].soft)
			continue;
		pc->e[i].state = EDGE_SOFT;
		if (topo(pc, NULL, 0) != count_reps(pc))
			pc->e[i].state = EDGE_OFF;
	}
	/* One configure rather than hba then configure, where it fits. */
	for (size_t i = 0; i < pc->npn; i++) {
		struct pnode	*p = &pc->pn[i];
		size_t		 h = p->step[STEP_HBA], cf = p->step[STEP_CONFIGURE];

		if (h == NO_STEP || cf == NO_STEP)
			continue;
		pc->st[h].rep = cf;
		if (topo(pc, NULL, 0) != count_reps(pc))
			pc->st[h].rep = h;
	}
	order = arena_calloc(a, pc->nst + 1, sizeof(*order));
	n = topo(pc, order, 1);
	pl = arena_calloc(a, 1, sizeof(*pl));
	pl->steps = arena_calloc(a, n + 1, sizeof(*pl->steps));
	for (size_t i = 0; i < n; i++) {
		struct plan_step *st = &pl->steps[pl->nsteps++];

		st->kind = pc->st[order[i]].kind;
		st->node = pc->st[order[i]].pn->name;
		st->argv = step_argv(pc, order[i]);
		st->why = why(pc, order[i]);
	}
	pl->markdown = md_change(pc, pl, old_label);
	return pl;
}

/* Where the node's value of a parameter comes from. */
static const char *
value_source(const struct cluster *cl, const struct node *n,
    const char *name, const char **value)
{
	const struct setting	*s = NULL;

	for (size_t i = 0; i < n->conf.n; i++)
		if (strcasecmp(n->conf.v[i].name, name) == 0)
			s = &n->conf.v[i];
	if (s == NULL) {
		const struct guc_def *g = pgvocab_find(cl->version, name);

		*value = g != NULL && g->boot_val != NULL ? g->boot_val : "";
		return "default";
	}
	*value = s->value;
	if (s->generated)
		return "pgpair";
	for (size_t i = 0; i < n->settings.n; i++)
		if (strcasecmp(n->settings.v[i].name, name) == 0)
			return "node";
	return "cluster";
}

static void
md_review_node(struct strbuf *sb, struct arena *a, const struct cluster *cl,
    const struct node *n)
{
	/* dflt: what a missing value means (generic has no service). */
	const struct {
		const char	*key, *value, *dflt;
	} paths[] = {
		{ "data_directory", n->data_directory, NULL },
		{ "config_directory", n->config_directory, NULL },
		{ "bin_directory", n->bin_directory, NULL },
		{ "service", n->service, "none: pg_ctl" },
		{ "os_user", n->os_user, "none: the invoking user" },
		{ "passfile", n->passfile, NULL },
	};
	const char	*v, *src;
	struct pos	 pos;

	strbuf_addf(sb, "\n### `%s` (%s%s)\n\n| parameter | value | from |\n"
	    "|---|---|---|\n", md(a, n->name), role_name(n->role),
	    n->upstream != NULL ? arena_printf(a, " of `%s`",
	    md(a, n->upstream->name)) : "");
	for (int list = 0; list < 2; list++) {
		const char *const *names = list == 0 ? pgvocab_standby_params :
		    review_params;

		for (size_t i = 0; names[i] != NULL; i++) {
			int	 opt = 0;

			for (size_t k = 0; review_optional[k] != NULL; k++)
				opt |= strcmp(review_optional[k], names[i]) == 0;
			src = value_source(cl, n, names[i], &v);
			if (opt && strcmp(src, "default") == 0)
				continue;
			strbuf_addf(sb, "| `%s` | `%s` | %s |\n", names[i],
			    *v != '\0' ? md(a, v) : "''", src);
		}
	}
	strbuf_addstr(sb, "\n| path | value | from |\n|---|---|---|\n");
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		if (strcmp(paths[i].key, "passfile") == 0 &&
		    n->role != ROLE_STANDBY)
			continue;
		src = yaml_key_given(cl, n, paths[i].key, &pos) != NULL ?
		    "node" : "platform default";
		if ((v = paths[i].value) == NULL)
			strbuf_addf(sb, "| %s | %s | %s |\n", paths[i].key,
			    paths[i].dflt, src);
		else
			strbuf_addf(sb, "| %s | `%s` | %s |\n", paths[i].key,
			    md(a, v), src);
	}
}

struct plan *
plan_review(struct arena *a, const struct cluster *cl,
    const struct diags *findings)
{
	const struct node	**order = runbook_order(a, cl);
	struct strbuf		 sb = STRBUF_INIT;
	struct plan		*pl = arena_calloc(a, 1, sizeof(*pl));
	char			*text = NULL;
	size_t			 len = 0;
	FILE			*fp;

	pl->steps = arena_calloc(a, cl->nnodes + 1, sizeof(*pl->steps));
	for (size_t i = 0; i < cl->nnodes; i++) {
		struct plan_step *st = &pl->steps[pl->nsteps++];
		const char	**v = arena_calloc(a, 4, sizeof(*v));

		v[0] = RUNBOOK;
		v[1] = "apply";
		v[2] = "--yes";
		st->kind = STEP_BUILD;
		st->node = order[i]->name;
		st->argv = v;
		st->why = order[i]->upstream == NULL ? "build the primary: "
		    "initdb, settings, pg_hba.conf and the replication role" :
		    arena_printf(a, "build the standby %s with a base copy from "
		    "%s, once the runbook of %s has finished", order[i]->name,
		    order[i]->upstream->name, order[i]->upstream->name);
	}

	md_head(&sb, cl);
	strbuf_addf(&sb, "# Review of cluster `%s`\n\nPostgreSQL %d on "
	    "platform `%s`, primary `%s`; synchronous replication: %s.\n",
	    md(a, cl->name), cl->version, platform_name(cl->platform),
	    cl->primary != NULL ? md(a, cl->primary->name) : "none",
	    sync_text(a, cl));
	strbuf_addstr(&sb, "\n## Topology\n\n");
	md_tree(&sb, a, cl);
	strbuf_addstr(&sb, "\n## Settings and paths\n\n"
	    "The value each node runs with once its runbook has run, and where "
	    "it comes from: `node` (the node's settings), `cluster` (the "
	    "cluster's settings), `pgpair` (set by pgpair), `default` "
	    "(PostgreSQL's built-in default, unless the node's own "
	    "postgresql.conf sets it: initdb writes max_connections there), "
	    "`platform default` (the platform's layout).\n");
	for (size_t i = 0; i < cl->nnodes; i++)
		md_review_node(&sb, a, cl, order[i]);
	strbuf_addstr(&sb, "\n## Runbooks, in order\n\n"
	    "Run each node's runbook on that node, in its folder of the "
	    "generated tree, one at a time, in this order.\n\n");
	md_steps(&sb, a, pl);
	strbuf_addstr(&sb, "\n## Findings of check\n\n");
	if (findings->n == 0)
		strbuf_addstr(&sb, "None.\n");
	else if ((fp = open_memstream(&text, &len)) != NULL) {
		report_text(fp, findings);
		fclose(fp);
		strbuf_addf(&sb, "```\n%s```\n", text);
		free(text);
	}
	pl->markdown = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return pl;
}

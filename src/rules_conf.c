/*
 * Rules on postgresql.conf settings.  rules_conf_setting() is the one judge
 * of a name and a value against the version's catalog, for descriptions
 * and files alike; the SCOPE_CONF checks run on the settings lint read
 * (conf_parse.c), and judge them as the server does at start: every name
 * is checked, a value only where no later line overrides it, and then the
 * combinations the postmaster refuses.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "conf_parse.h"
#include "diag.h"
#include "pgvocab.h"
#include "rule.h"
#include "rules_conf.h"

rule_check_fn check_conf_parameters, check_conf_wal_minimal,
    check_conf_reserved_connections, check_conf_wal_size,
    check_conf_recovery_targets, check_conf_max_backends;

/* storage/proc.h MAX_BACKENDS (PG 12-18): 2^18 - 1 process slots. */
#define MAX_BACKENDS	0x3FFFF

/*
 * The connection and worker process slots the server sums up
 * (InitializeMaxBackends()): four parameters and a fixed number of slots
 * for special workers.  In PG 12 to 17 the check hooks of the four
 * parameters refuse a value that takes the sum above MAX_BACKENDS, each
 * against the others' values at the moment it is set, that is in reading
 * order; PG 18 dropped the hooks, counts autovacuum_worker_slots instead
 * of autovacuum_max_workers and refuses the sum once, at start.
 */
static const struct slot_sum {
	int		 first;		/* the majors it holds for */
	int		 last;
	int		 at_start;	/* 0: check hooks; 1: at start */
	int		 special;	/* slots of the special workers */
	const char	*params[4];
} slot_sums[] = {
	{ 12, 17, 0, 1, { "max_connections", "autovacuum_max_workers",
	    "max_worker_processes", "max_wal_senders" } },
	{ 18, PG_MAJOR_MAX, 1, 2, { "max_connections",
	    "autovacuum_worker_slots", "max_worker_processes",
	    "max_wal_senders" } },
};

#define SLOT_PARAMS	4

/* The running values of the slot parameters while a file is read. */
struct slots {
	const struct slot_sum	*sum;
	double			 v[SLOT_PARAMS];
};

static const struct slot_sum *slot_sum_for(int);
static void	 slots_init(struct slots *, int);
static int	 slots_index(const struct slots *, const char *);
static double	 slots_total(const struct slots *);
static const char *slots_explain(struct arena *, const struct slots *);
static void	 slots_hook(struct check_ctx *, struct slots *,
		    const struct conf_setting *);
static int	 effective(struct check_ctx *, const char *,
		    struct guc_value *, struct pos *, int *);

int
rules_conf_setting(struct arena *a, struct diags *d, int major,
    const char *name, const char *value, const struct pos *name_pos,
    const struct pos *value_pos, int check_value)
{
	const struct guc_def	*g;
	struct guc_value	 gv;
	const char		*hint;
	struct diag		*dg;

	if (pgvocab_is_custom(name))
		return 1;
	if ((g = pgvocab_find(major, name)) == NULL) {
		hint = pgvocab_unknown_hint(a, major, name);
		dg = diag_rule(d, RULE_CONF_UNKNOWN_PARAMETER, name_pos,
		    "unrecognized configuration parameter \"%s\" in "
		    "PostgreSQL %d", name, major);
		if (hint != NULL)
			diag_hint(d, dg, "%s", hint);
		return 0;
	}
	if (!check_value)
		return 1;
	/* pgvocab refuses internal parameters ("cannot be changed") too. */
	if (!pgvocab_check_written(a, major, g, name, value, &gv)) {
		dg = diag_rule(d, RULE_CONF_INVALID_VALUE, value_pos, "%s", gv.msg);
		if (gv.hint != NULL)
			diag_hint(d, dg, "%s", gv.hint);
		return 0;
	}
	return 1;
}

const char *
conf_effective(const struct conf_file_set *set, const char *name,
    struct pos *pos)
{
	const struct conf_setting	*found = NULL;

	for (const struct conf_setting *s = set->first; s != NULL; s = s->next)
		if (conf_name_cmp(s->name, name) == 0)
			found = s;
	if (found == NULL)
		return NULL;
	if (pos != NULL)
		*pos = found->value_pos;
	return found->value;
}

/* A setting and its place in file order, for sorting by exact name. */
struct ranked {
	const struct conf_setting	*s;
	size_t				 i;
};

static int
cmp_exact(const void *pa, const void *pb)
{
	const struct ranked	*a = pa, *b = pb;
	int			 c = strcmp(a->s->name, b->s->name);

	if (c != 0)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

/*
 * guc-file.l ProcessConfigFileInternal(), PG 12-18: every name is looked
 * up first, and one unknown name fails the start before any value is
 * parsed.  An earlier line is ignored only when a later one has exactly
 * the same name (strcmp: "Work_Mem" does not hide "work_mem"), and an
 * ignored line's value is never parsed.  The cross checks that follow
 * run only when the file loads, which cx->conf_refused tells them.
 * O(n log n) in the number of settings.
 */
void
check_conf_parameters(struct check_ctx *cx, const struct rule *r)
{
	struct ranked	*v;
	struct slots	 sl;
	unsigned char	*ignored;
	size_t		 n = 0, i;
	int		 unknown = 0;

	(void)r;
	v = arena_calloc(cx->a, cx->conf->nsettings + 1, sizeof(*v));
	for (const struct conf_setting *s = cx->conf->first; s != NULL;
	    s = s->next) {
		v[n].s = s;
		v[n].i = n;
		n++;
	}
	for (i = 0; i < n; i++)
		if (!rules_conf_setting(cx->a, cx->d, cx->major, v[i].s->name,
		    NULL, &v[i].s->name_pos, NULL, 0))
			unknown = 1;
	if (unknown) {
		cx->conf_refused = 1;
		return;
	}
	ignored = arena_calloc(cx->a, n + 1, 1);
	qsort(v, n, sizeof(*v), cmp_exact);
	for (i = 0; i + 1 < n; i++)
		if (strcmp(v[i].s->name, v[i + 1].s->name) == 0)
			ignored[v[i].i] = 1;
	/*
	 * In file order again, as the server applies them, so that the check
	 * hooks of the slot parameters see the values read so far.
	 */
	slots_init(&sl, cx->major);
	i = 0;
	for (const struct conf_setting *s = cx->conf->first; s != NULL;
	    s = s->next, i++) {
		if (ignored[i])
			continue;
		if (!rules_conf_setting(cx->a, cx->d, cx->major, s->name,
		    s->value, &s->name_pos, &s->value_pos, 1))
			cx->conf_refused = 1;
		else if (sl.sum != NULL && !sl.sum->at_start)
			slots_hook(cx, &sl, s);
	}
}

static const struct slot_sum *
slot_sum_for(int major)
{
	for (size_t i = 0; i < sizeof(slot_sums) / sizeof(*slot_sums); i++)
		if (major >= slot_sums[i].first && major <= slot_sums[i].last)
			return &slot_sums[i];
	return NULL;
}

/* The compiled-in defaults: what the server holds before reading files. */
static void
slots_init(struct slots *sl, int major)
{
	const struct guc_def	*g;

	memset(sl, 0, sizeof(*sl));
	if ((sl->sum = slot_sum_for(major)) == NULL)
		return;
	for (size_t k = 0; k < SLOT_PARAMS; k++) {
		if ((g = pgvocab_find(major, sl->sum->params[k])) == NULL) {
			sl->sum = NULL;		/* a catalog without it */
			return;
		}
		sl->v[k] = pgvocab_default_num(g);
	}
}

static int
slots_index(const struct slots *sl, const char *name)
{
	for (int k = 0; k < SLOT_PARAMS; k++)
		if (conf_name_cmp(name, sl->sum->params[k]) == 0)
			return k;
	return -1;
}

static double
slots_total(const struct slots *sl)
{
	double	 t = sl->sum->special;

	for (size_t k = 0; k < SLOT_PARAMS; k++)
		t += sl->v[k];
	return t;
}

/* "max_connections (100) + ... + max_wal_senders (10)", the sum spelled. */
static const char *
slots_explain(struct arena *a, const struct slots *sl)
{
	const char	*s = "";

	for (size_t k = 0; k < SLOT_PARAMS; k++)
		s = arena_printf(a, "%s%s%s (%.0f)", s, k ? " + " : "",
		    sl->sum->params[k], sl->v[k]);
	return arena_printf(a, "%s + %d for the autovacuum launcher", s,
	    sl->sum->special);
}

/*
 * guc_tables.c check_maxconnections(), check_autovacuum_max_workers(),
 * check_max_worker_processes(), check_max_wal_senders(), PG 12 to 17: the
 * new value with the others as they stand must not pass MAX_BACKENDS.  A
 * refused value is not applied, and its line is an error of the file
 * (postgres -C: invalid value for parameter "max_worker_processes":
 * 100000, the number unquoted).
 */
static void
slots_hook(struct check_ctx *cx, struct slots *sl,
    const struct conf_setting *s)
{
	const struct guc_def	*g;
	struct guc_value	 gv;
	struct slots		 next;
	struct diag		*dg;
	int			 k;

	if ((k = slots_index(sl, s->name)) < 0 ||
	    (g = pgvocab_find(cx->major, s->name)) == NULL ||
	    !pgvocab_check_value(cx->a, cx->major, g, s->value, &gv))
		return;
	next = *sl;
	next.v[k] = gv.num;
	if (slots_total(&next) <= MAX_BACKENDS) {
		*sl = next;
		return;
	}
	cx->conf_refused = 1;
	dg = diag_rule(cx->d, RULE_CONF_MAX_BACKENDS, &s->value_pos,
	    "invalid value for parameter \"%s\": %.0f", g->name, gv.num);
	diag_hint(cx->d, dg, "%s would make %.0f process slots, above the "
	    "server's limit of %d", slots_explain(cx->a, &next),
	    slots_total(&next), MAX_BACKENDS);
}

/*
 * postinit.c InitializeMaxBackends(), PG 18: the sum is checked once, at
 * start, after the file has loaded ("too many server processes
 * configured"; postgres -C does not get that far).  Reported at the
 * largest term the files set.
 */
void
check_conf_max_backends(struct check_ctx *cx, const struct rule *r)
{
	struct slots		 sl;
	struct guc_value	 gv;
	struct pos		 pos, at;
	struct diag		*dg;
	double			 largest = -1;
	int			 set;

	(void)r;
	slots_init(&sl, cx->major);
	if (cx->conf_refused || sl.sum == NULL || !sl.sum->at_start)
		return;
	memset(&at, 0, sizeof(at));
	for (size_t k = 0; k < SLOT_PARAMS; k++) {
		if (!effective(cx, sl.sum->params[k], &gv, &pos, &set))
			return;
		sl.v[k] = gv.num;
		if (set && gv.num > largest) {
			largest = gv.num;
			at = pos;
		}
	}
	if (slots_total(&sl) <= MAX_BACKENDS || at.file == NULL)
		return;
	dg = diag_rule(cx->d, RULE_CONF_MAX_BACKENDS, &at,
	    "too many server processes configured");
	diag_hint(cx->d, dg, "\"%s\" (%.0f) plus \"%s\" (%.0f) plus \"%s\" "
	    "(%.0f) plus \"%s\" (%.0f) must be less than %d.",
	    sl.sum->params[0], sl.v[0], sl.sum->params[1], sl.v[1],
	    sl.sum->params[2], sl.v[2], sl.sum->params[3], sl.v[3],
	    MAX_BACKENDS - (sl.sum->special - 1));
}

/*
 * The effective value of a parameter, parsed; 0 when the file's value is
 * invalid (reported elsewhere: the server stops before these checks).
 */
static int
effective(struct check_ctx *cx, const char *name, struct guc_value *gv,
    struct pos *pos, int *set)
{
	const struct guc_def	*g = pgvocab_find(cx->major, name);
	const char		*v;

	*set = 0;
	if (g == NULL)
		return 0;
	memset(pos, 0, sizeof(*pos));
	if ((v = conf_effective(cx->conf, name, pos)) == NULL)
		v = g->boot_val;
	else
		*set = 1;
	return pgvocab_check_value(cx->a, cx->major, g, v, gv);
}

/*
 * The postmaster's refusals, as each major words them: PG 17 put the
 * parameter names in quotes.  The row in force for a major is the last
 * one of its kind with since <= major.
 */
enum start_msg {
	SM_WAL_STREAMING,
	SM_WAL_ARCHIVAL,
	SM_WAL_SUMMARY,
	SM_RESERVED,
	SM_WAL_SIZE
};

static const struct {
	enum start_msg	 id;
	int		 since;
	const char	*text;
} start_msgs[] = {
	{ SM_WAL_STREAMING, 12, "WAL streaming (max_wal_senders > 0) requires "
	    "wal_level \"replica\" or \"logical\"" },
	{ SM_WAL_STREAMING, 17, "WAL streaming (\"max_wal_senders\" > 0) "
	    "requires \"wal_level\" to be \"replica\" or \"logical\"" },
	{ SM_WAL_ARCHIVAL, 12, "WAL archival cannot be enabled when wal_level "
	    "is \"minimal\"" },
	{ SM_WAL_ARCHIVAL, 17, "WAL archival cannot be enabled when "
	    "\"wal_level\" is \"minimal\"" },
	{ SM_WAL_SUMMARY, 17, "WAL cannot be summarized when \"wal_level\" is "
	    "\"minimal\"" },
	/* %.0f: superuser_reserved_connections, max_connections. */
	{ SM_RESERVED, 12, "superuser_reserved_connections (%.0f) must be less "
	    "than max_connections (%.0f)" },
	/* %.0f: superuser_reserved, reserved, max_connections. */
	{ SM_RESERVED, 16, "superuser_reserved_connections (%.0f) plus "
	    "reserved_connections (%.0f) must be less than max_connections "
	    "(%.0f)" },
	{ SM_RESERVED, 17, "\"superuser_reserved_connections\" (%.0f) plus "
	    "\"reserved_connections\" (%.0f) must be less than "
	    "\"max_connections\" (%.0f)" },
	/* %s: min_wal_size or max_wal_size. */
	{ SM_WAL_SIZE, 12, "\"%s\" must be at least twice "
	    "\"wal_segment_size\"" },
};

static const char *
start_msg(int major, enum start_msg id)
{
	const char	*text = NULL;

	for (size_t i = 0; i < sizeof(start_msgs) / sizeof(*start_msgs); i++)
		if (start_msgs[i].id == id && start_msgs[i].since <= major)
			text = start_msgs[i].text;
	return text;
}

/*
 * postmaster.c PostmasterMain(), PG 12-18: wal_level=minimal excludes
 * WAL streaming, archiving and (17+) WAL summaries.
 */
void
check_conf_wal_minimal(struct check_ctx *cx, const struct rule *r)
{
	struct guc_value	 wl, ms, am, sw;
	struct pos		 wlpos, mspos, ampos, swpos;
	int			 wlset, msset, amset, swset;
	struct diag		*dg;

	(void)r;
	if (cx->conf_refused ||
	    !effective(cx, "wal_level", &wl, &wlpos, &wlset) ||
	    strcmp(wl.enumval, "minimal") != 0)
		return;
	if (effective(cx, "max_wal_senders", &ms, &mspos, &msset) &&
	    ms.num > 0) {
		dg = diag_rule(cx->d, RULE_CONF_WAL_MINIMAL,
		    msset ? &mspos : &wlpos, "%s",
		    start_msg(cx->major, SM_WAL_STREAMING));
		if (!msset)
			diag_hint(cx->d, dg, "max_wal_senders defaults to %.0f",
			    ms.num);
	}
	if (effective(cx, "archive_mode", &am, &ampos, &amset) &&
	    strcmp(am.enumval, "off") != 0)
		diag_rule(cx->d, RULE_CONF_WAL_MINIMAL, amset ? &ampos : &wlpos,
		    "%s", start_msg(cx->major, SM_WAL_ARCHIVAL));
	if (start_msg(cx->major, SM_WAL_SUMMARY) != NULL &&
	    effective(cx, "summarize_wal", &sw, &swpos, &swset) && sw.boolval)
		diag_rule(cx->d, RULE_CONF_WAL_MINIMAL, swset ? &swpos : &wlpos,
		    "%s", start_msg(cx->major, SM_WAL_SUMMARY));
}

/* postmaster.c: the reserved connections must leave room for others. */
void
check_conf_reserved_connections(struct check_ctx *cx, const struct rule *r)
{
	struct guc_value	 mc, su, rc;
	struct pos		 mcpos, supos, rcpos;
	int			 mcset, suset, rcset = 0;
	double			 reserved = 0;

	(void)r;
	if (cx->conf_refused ||
	    !effective(cx, "max_connections", &mc, &mcpos, &mcset) ||
	    !effective(cx, "superuser_reserved_connections", &su, &supos,
	    &suset))
		return;
	if (cx->major >= 16) {
		if (!effective(cx, "reserved_connections", &rc, &rcpos, &rcset))
			return;
		reserved = rc.num;
	}
	if (su.num + reserved < mc.num)
		return;
	if (cx->major >= 16)
		diag_rule(cx->d, RULE_CONF_RESERVED_CONNECTIONS,
		    suset ? &supos : rcset ? &rcpos : &mcpos,
		    start_msg(cx->major, SM_RESERVED), su.num, reserved,
		    mc.num);
	else
		diag_rule(cx->d, RULE_CONF_RESERVED_CONNECTIONS,
		    suset ? &supos : &mcpos,
		    start_msg(cx->major, SM_RESERVED), su.num, mc.num);
}

/*
 * xlog.c ReadControlFile(): min_wal_size and max_wal_size must each be at
 * least two WAL segments.  The segment size is initdb's choice; 16MB is its
 * default and what this check assumes.
 */
void
check_conf_wal_size(struct check_ctx *cx, const struct rule *r)
{
	static const char *const names[] = { "min_wal_size", "max_wal_size" };
	struct guc_value	 gv;
	struct pos		 pos;
	struct diag		*dg;
	int			 set;

	(void)r;
	if (cx->conf_refused)
		return;
	for (size_t i = 0; i < 2; i++) {
		/* Base unit MB: fewer than two 16MB segments fails. */
		if (!effective(cx, names[i], &gv, &pos, &set) || !set ||
		    gv.num / 16 >= 2)
			continue;
		dg = diag_rule(cx->d, RULE_CONF_WAL_SIZE, &pos,
		    start_msg(cx->major, SM_WAL_SIZE), names[i]);
		diag_hint(cx->d, dg, "wal_segment_size is 16MB unless initdb "
		    "chose otherwise: %s must be 32MB or more", names[i]);
	}
}

/*
 * xlogrecovery.c (xlog.c before 15) error_multiple_recovery_targets(): the
 * assign hooks of the recovery_target* parameters refuse a second kind of
 * target while the file is applied, so the server does not start.
 */
void
check_conf_recovery_targets(struct check_ctx *cx, const struct rule *r)
{
	static const char *const names[] = {
		"recovery_target", "recovery_target_lsn", "recovery_target_name",
		"recovery_target_time", "recovery_target_xid",
	};
	const char	*list = "", *v;
	struct pos	 pos, last;
	int		 nset = 0;

	(void)r;
	if (cx->conf_refused)
		return;
	memset(&last, 0, sizeof(last));
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		if ((v = conf_effective(cx->conf, names[i], &pos)) == NULL ||
		    *v == '\0')
			continue;
		list = arena_printf(cx->a, "%s%s%s", list, nset ? ", " : "",
		    names[i]);
		nset++;
		/* The server fails on the target it applies second. */
		if (last.file == NULL || pos.line > last.line)
			last = pos;
	}
	if (nset > 1)
		diag_rule(cx->d, RULE_CONF_RECOVERY_TARGETS, &last,
		    "multiple recovery targets specified: %s", list);
}

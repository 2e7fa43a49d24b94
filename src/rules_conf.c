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
    check_conf_recovery_targets;

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
	if (!pgvocab_check_value(a, major, g, value, &gv)) {
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
	/* In file order again, so that findings come in reading order. */
	i = 0;
	for (const struct conf_setting *s = cx->conf->first; s != NULL;
	    s = s->next, i++)
		if (!ignored[i] && !rules_conf_setting(cx->a, cx->d, cx->major,
		    s->name, s->value, &s->name_pos, &s->value_pos, 1))
			cx->conf_refused = 1;
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

/* postmaster.c PostmasterMain(), PG 12-18: wal_level=minimal excludes
 * WAL streaming, archiving and (17+) WAL summaries. */
void
check_conf_wal_minimal(struct check_ctx *cx, const struct rule *r)
{
	struct guc_value	 wl, ms, am, sw;
	struct pos		 wlpos, mspos, ampos, swpos;
	int			 wlset, msset, amset, swset;

	(void)r;
	if (cx->conf_refused ||
	    !effective(cx, "wal_level", &wl, &wlpos, &wlset) ||
	    strcmp(wl.enumval, "minimal") != 0)
		return;
	if (effective(cx, "max_wal_senders", &ms, &mspos, &msset) &&
	    ms.num > 0)
		diag_rule(cx->d, RULE_CONF_WAL_MINIMAL, msset ? &mspos : &wlpos,
		    "WAL streaming (max_wal_senders > 0) requires wal_level "
		    "\"replica\" or \"logical\"%s",
		    msset ? "" : " (max_wal_senders defaults to 10)");
	if (effective(cx, "archive_mode", &am, &ampos, &amset) &&
	    strcmp(am.enumval, "off") != 0)
		diag_rule(cx->d, RULE_CONF_WAL_MINIMAL, amset ? &ampos : &wlpos,
		    "WAL archival cannot be enabled when wal_level is "
		    "\"minimal\"");
	if (cx->major >= 17 &&
	    effective(cx, "summarize_wal", &sw, &swpos, &swset) && sw.boolval)
		diag_rule(cx->d, RULE_CONF_WAL_MINIMAL, swset ? &swpos : &wlpos,
		    "WAL cannot be summarized when wal_level is \"minimal\"");
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
		    "superuser_reserved_connections (%.0f) plus "
		    "reserved_connections (%.0f) must be less than "
		    "max_connections (%.0f)", su.num, reserved, mc.num);
	else
		diag_rule(cx->d, RULE_CONF_RESERVED_CONNECTIONS,
		    suset ? &supos : &mcpos,
		    "superuser_reserved_connections (%.0f) must be less than "
		    "max_connections (%.0f)", su.num, mc.num);
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
	int			 set;

	(void)r;
	if (cx->conf_refused)
		return;
	for (size_t i = 0; i < 2; i++) {
		/* Base unit MB: fewer than two 16MB segments fails. */
		if (!effective(cx, names[i], &gv, &pos, &set) || !set ||
		    gv.num / 16 >= 2)
			continue;
		diag_rule(cx->d, RULE_CONF_WAL_SIZE, &pos,
		    "%s must be at least twice wal_segment_size (16MB by "
		    "default)", names[i]);
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

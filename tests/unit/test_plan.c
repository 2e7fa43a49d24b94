/*
 * Unit tests of change plans (plan.c): descriptions from YAML strings go
 * through the real pipeline (yaml_load_string, model_build, the cluster
 * rules), then plan_change().  Each ordering rule has a case whose order
 * holds only by that rule: every case runs with the ties between ready
 * steps broken both ways (plan_ties_reversed), so that an order that
 * holds by the tie-break alone fails one of the two runs.  The refusals
 * and the cycle are asserted by their messages.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "plan.h"
#include "rule.h"
#include "yaml_load.h"

#define HEAD_VP(ver, platform)						\
	"cluster: t\n"							\
	"postgres: {version: " #ver "}\n"				\
	"platform: " platform "\n"					\
	"replication:\n"						\
	"  user: replica\n"						\
	"  password: {env: PW}\n"
#define HEAD_V(ver)	HEAD_VP(ver, "generic")
#define HEAD		HEAD_V(15)
#define SLOTS		"  slots: true\n"
#define NODES		"nodes:\n"
#define P(extra)	"  - {name: p, role: primary, address: 10.0.0.1" extra "}\n"
#define S(name, host, extra)						\
	"  - {name: " name ", role: standby, address: 10.0.0." host extra "}\n"
#define MC(n)		"settings: {max_connections: " #n "}\n"
#define SYNC(list)	"synchronous: {standbys: [" list "]}\n"

/* p -> s1 -> s2 */
#define CASCADE		NODES P("") S("s1", "2", "") S("s2", "3", ", upstream: s1")
/* p -> s1, p -> s2 */
#define FLAT		NODES P("") S("s1", "2", "") S("s2", "3", "")

struct run {
	struct arena	*a;
	struct diags	 d;
	struct plan	*pl;
};

static struct cluster *load(struct run *, const char *name, const char *);
static void	 plan(struct run *, const char *old, const char *new,
		    int reversed);
static void	 done(struct run *);
static long	 find(const struct plan *, const char *label);
static void	 order(const char *old, const char *new, const char *first,
		    const char *second);
static void	 refused(const char *old, const char *new, const char *msg);
static const char *why_of(struct run *, const char *old, const char *new,
		    const char *label);

/* Load, model and check one description: no error allowed. */
static struct cluster *
load(struct run *r, const char *name, const char *yaml)
{
	struct ynode	*root;
	struct cluster	*cl = NULL;
	struct check_ctx cx;

	root = yaml_load_string(r->a, name, yaml, strlen(yaml), &r->d);
	if (root != NULL)
		cl = model_build(r->a, root, name, &r->d);
	if (cl != NULL) {
		cx.a = r->a;
		cx.d = &r->d;
		cx.cl = cl;
		rules_run(SCOPE_CLUSTER, &cx);
	}
	for (size_t i = 0; i < r->d.n; i++)
		if (r->d.v[i].level >= LEVEL_ERROR)
			print_message("%s:%u:%u: %s\n", name, r->d.v[i].pos.line,
			    r->d.v[i].pos.col, r->d.v[i].msg);
	assert_non_null(cl);
	assert_true(diags_max(&r->d) < LEVEL_ERROR);
	return cl;
}

static void
plan(struct run *r, const char *old, const char *new, int reversed)
{
	struct cluster	*o, *n;

	r->a = arena_new();
	diags_init(&r->d, r->a);
	o = load(r, "old.yaml", old);
	n = load(r, "new.yaml", new);
	r->d.n = 0;		/* the warnings of check are not ours */
	plan_ties_reversed = reversed;
	r->pl = plan_change(r->a, o, n, "old.yaml", &r->d);
	plan_ties_reversed = 0;
}

static void
done(struct run *r)
{
	arena_free(r->a);
}

/* "configure s1", "stop s2", "drop-slot p s2": the step's place, or -1. */
static long
find(const struct plan *pl, const char *label)
{
	char	 buf[256];

	for (size_t i = 0; i < pl->nsteps; i++) {
		const struct plan_step *st = &pl->steps[i];

		if (st->kind == STEP_DROP_SLOT)
			snprintf(buf, sizeof(buf), "%s %s %s",
			    step_kind_name(st->kind), st->node, st->argv[2]);
		else
			snprintf(buf, sizeof(buf), "%s %s",
			    step_kind_name(st->kind), st->node);
		if (strcmp(buf, label) == 0)
			return (long)i;
	}
	return -1;
}

static void
dump(const struct run *r)
{
	for (size_t i = 0; r->pl != NULL && i < r->pl->nsteps; i++)
		print_message("  %zu. %s %s: %s\n", i + 1,
		    step_kind_name(r->pl->steps[i].kind), r->pl->steps[i].node,
		    r->pl->steps[i].why);
	for (size_t i = 0; i < r->d.n; i++)
		print_message("  %s: %s\n", level_name(r->d.v[i].level),
		    r->d.v[i].msg);
}

/* Both steps are planned, first before second, whichever way ties go. */
static void
order(const char *old, const char *new, const char *first,
    const char *second)
{
	for (int rev = 0; rev < 2; rev++) {
		struct run	 r;
		long		 a, b;

		plan(&r, old, new, rev);
		if (r.pl == NULL)
			dump(&r);
		assert_non_null(r.pl);
		a = find(r.pl, first);
		b = find(r.pl, second);
		if (a < 0 || b < 0 || a > b) {
			print_message("want \"%s\" before \"%s\" (ties %s):\n",
			    first, second, rev ? "reversed" : "as usual");
			dump(&r);
		}
		assert_true(a >= 0);
		assert_true(b >= 0);
		assert_true(a < b);
		done(&r);
	}
}

/* No plan; an error whose message holds msg. */
static void
refused(const char *old, const char *new, const char *msg)
{
	struct run	 r;
	int		 found = 0;

	plan(&r, old, new, 0);
	for (size_t i = 0; i < r.d.n; i++)
		if (r.d.v[i].level == LEVEL_ERROR &&
		    strstr(r.d.v[i].msg, msg) != NULL)
			found = 1;
	if (r.pl != NULL || !found) {
		print_message("want a refusal with \"%s\":\n", msg);
		dump(&r);
	}
	assert_null(r.pl);
	assert_true(found);
	done(&r);
}

static const char *
why_of(struct run *r, const char *old, const char *new, const char *label)
{
	long	 i;

	plan(r, old, new, 0);
	assert_non_null(r->pl);
	i = find(r->pl, label);
	assert_true(i >= 0);
	return r->pl->steps[i].why;
}

/* --- the hot-standby parameters --- */

static void
test_raise_leaves_first(void **state)
{
	const char *old = HEAD MC(100) CASCADE;
	const char *new = HEAD MC(200) CASCADE;

	(void)state;
	order(old, new, "configure s2", "configure s1");
	order(old, new, "configure s1", "configure p");
}

static void
test_lower_primary_first(void **state)
{
	const char *old = HEAD MC(200) CASCADE;
	const char *new = HEAD MC(100) CASCADE;

	(void)state;
	order(old, new, "configure p", "configure s1");
	order(old, new, "configure s1", "configure s2");
}

/*
 * The WAL a cascaded standby replays carries the primary's values: with a
 * middle standby that does not check them (hot_standby off) and does not
 * change, the leaf still goes before the primary.
 */
static void
test_raise_skips_unchanged_middle(void **state)
{
	const char *old = HEAD NODES
	    P(", settings: {max_connections: 100}")
	    S("s1", "2", ", settings: {max_connections: 50, hot_standby: off}")
	    S("s2", "3", ", upstream: s1, settings: {max_connections: 100}");
	const char *new = HEAD NODES
	    P(", settings: {max_connections: 200}")
	    S("s1", "2", ", settings: {max_connections: 50, hot_standby: off}")
	    S("s2", "3", ", upstream: s1, settings: {max_connections: 200}");

	(void)state;
	order(old, new, "configure s2", "configure p");
}

/* A new node below the primary's old value waits for its configure. */
static void
test_new_node_below_old_primary(void **state)
{
	const char *old = HEAD MC(200) NODES P("") S("s1", "2", "");
	const char *new = HEAD MC(100) NODES P("") S("s1", "2", "")
	    S("s3", "4", "");

	(void)state;
	order(old, new, "configure p", "apply s3");
}

/* Near miss: at or above the primary's old value, no such constraint. */
static void
test_new_node_above_old_primary(void **state)
{
	const char *old = HEAD MC(100) NODES P("") S("s1", "2", "");
	const char *new = HEAD MC(100) NODES P("") S("s1", "2", "")
	    S("s3", "4", "");
	struct run	 r;

	(void)state;
	assert_null(strstr(why_of(&r, old, new, "apply s3"),
	    "max_connections"));
	done(&r);
}

static void
test_cycle_refused(void **state)
{
	const char *old = HEAD
	    "settings: {max_connections: 100, max_worker_processes: 16}\n"
	    CASCADE;
	const char *new = HEAD
	    "settings: {max_connections: 200, max_worker_processes: 8}\n"
	    CASCADE;

	(void)state;
	refused(old, new, "cannot be made safely in one plan");
	refused(old, new, "max_worker_processes");
}

/* A removed standby asks to stop before its upstream raises the value. */
static void
test_removed_standby_stops_before_raise(void **state)
{
	const char *old = HEAD MC(100) FLAT;
	const char *new = HEAD MC(200) NODES P("") S("s1", "2", "");

	(void)state;
	order(old, new, "stop s2", "configure p");
}

/* ... unless that would make a cycle: then it is only a wish. */
static void
test_removed_sync_standby_raise(void **state)
{
	const char *old = HEAD MC(100) SYNC("s1, s2") FLAT;
	const char *new = HEAD MC(200) SYNC("s1") NODES P("") S("s1", "2", "");

	(void)state;
	order(old, new, "configure p", "stop s2");
}

/* --- new nodes --- */

static void
test_new_node_admitted_everywhere(void **state)
{
	const char *old = HEAD CASCADE;
	const char *new = HEAD CASCADE S("s3", "4", "");

	(void)state;
	order(old, new, "hba p", "apply s3");
	order(old, new, "hba s1", "apply s3");
	order(old, new, "hba s2", "apply s3");
}

static void
test_new_upstream_built_first(void **state)
{
	const char *old = HEAD NODES P("") S("s1", "2", "");
	const char *new = HEAD NODES P("") S("s1", "2", "")
	    S("s4", "5", ", upstream: s3") S("s3", "4", "");

	(void)state;
	order(old, new, "apply s3", "apply s4");
}

/*
 * One subnet for every node: a new node needs no new pg_hba.conf line, so
 * that only the rule under test orders its copy.
 */
#define NET		", subnet: 10.0.0.0/24"

static void
test_new_node_slot_first(void **state)
{
	const char *old = HEAD SLOTS NODES P(NET) S("s1", "2", NET);
	const char *new = HEAD SLOTS NODES P(NET) S("s1", "2", NET)
	    S("s3", "4", NET);

	(void)state;
	order(old, new, "slots p", "apply s3");
}

static void
test_new_node_senders_raised_first(void **state)
{
	const char *old = HEAD NODES
	    P(NET ", settings: {max_wal_senders: 2}") S("s1", "2", NET);
	const char *new = HEAD NODES
	    P(NET ", settings: {max_wal_senders: 4}") S("s1", "2", NET)
	    S("s3", "4", NET);

	(void)state;
	order(old, new, "configure p", "apply s3");
}

static void
test_new_node_on_removed_host(void **state)
{
	const char *old = HEAD FLAT;
	const char *new = HEAD NODES P("") S("s1", "2", "") S("s4", "3", "");

	(void)state;
	order(old, new, "stop s2", "apply s4");
}

/* --- synchronous standbys --- */

static void
test_sync_named_after_streaming(void **state)
{
	const char *old = HEAD NODES P("") S("s1", "2", "");
	const char *new = HEAD SYNC("s3") NODES P("") S("s1", "2", "")
	    S("s3", "4", "");

	(void)state;
	order(old, new, "apply s3", "configure p");
	/* p must admit s3 before, so its pg_hba.conf goes apart. */
	order(old, new, "hba p", "apply s3");
}

static void
test_sync_taken_out_before_stop(void **state)
{
	const char *old = HEAD SYNC("s1, s2") FLAT;
	const char *new = HEAD SYNC("s1") NODES P("") S("s1", "2", "");

	(void)state;
	order(old, new, "configure p", "stop s2");
}

static void
test_sync_repointed_in(void **state)
{
	const char *old = HEAD CASCADE;
	const char *new = HEAD SYNC("s2") FLAT;

	(void)state;
	order(old, new, "configure s2", "configure p");
}

static void
test_sync_repointed_out(void **state)
{
	const char *old = HEAD SYNC("s1, s2") FLAT;
	const char *new = HEAD SYNC("s1") CASCADE;

	(void)state;
	order(old, new, "configure p", "configure s2");
}

/* --- removed nodes and re-pointed standbys --- */

static void
test_removed_slot_dropped_after_stop(void **state)
{
	const char *old = HEAD SLOTS FLAT;
	const char *new = HEAD SLOTS NODES P("") S("s1", "2", "");

	(void)state;
	order(old, new, "stop s2", "drop-slot p s2");
}

static void
test_children_repointed_before_stop(void **state)
{
	const char *old = HEAD CASCADE;
	const char *new = HEAD NODES P("") S("s2", "3", "");

	(void)state;
	order(old, new, "configure s2", "stop s1");
}

static void
test_removed_chain_leaves_first(void **state)
{
	const char *old = HEAD CASCADE;
	const char *new = HEAD NODES P("");

	(void)state;
	order(old, new, "stop s2", "stop s1");
}

static void
test_repoint_slot_moves(void **state)
{
	const char *old = HEAD SLOTS CASCADE;
	const char *new = HEAD SLOTS FLAT;

	(void)state;
	order(old, new, "slots p", "configure s2");
	order(old, new, "configure s2", "drop-slot s1 s2");
}

static void
test_repoint_to_new_node(void **state)
{
	const char *old = HEAD FLAT;
	const char *new = HEAD NODES P("") S("s1", "2", "")
	    S("s2", "3", ", upstream: s3") S("s3", "4", "");

	(void)state;
	order(old, new, "apply s3", "configure s2");
}

/* A swap in a cascade: the new upstream is re-pointed first. */
static void
test_repoint_upstream_first(void **state)
{
	const char *old = HEAD CASCADE;
	const char *new = HEAD NODES P("") S("s1", "2", ", upstream: s2")
	    S("s2", "3", "");

	(void)state;
	order(old, new, "configure s2", "configure s1");
}

/* The upstream moves to its new port first, when nothing says otherwise. */
static void
test_port_upstream_first(void **state)
{
	const char *old = HEAD CASCADE;
	const char *new = HEAD NODES P(", port: 5433") S("s1", "2", "")
	    S("s2", "3", ", upstream: s1");

	(void)state;
	order(old, new, "configure p", "configure s1");
}

/* ... but that is a wish: a raise of max_connections overrules it. */
static void
test_port_gives_way(void **state)
{
	const char *old = HEAD MC(100) CASCADE;
	const char *new = HEAD MC(200) NODES P(", port: 5433")
	    S("s1", "2", "") S("s2", "3", ", upstream: s1");

	(void)state;
	order(old, new, "configure s1", "configure p");
}

static void
test_senders_lowered_after_leaving(void **state)
{
	const char *old = HEAD NODES P(", settings: {max_wal_senders: 3}")
	    S("s1", "2", "") S("s2", "3", "");
	const char *new = HEAD NODES P(", settings: {max_wal_senders: 1}")
	    S("s1", "2", "");

	(void)state;
	order(old, new, "stop s2", "configure p");
}

/* A server with more slots than max_replication_slots does not start. */
static void
test_slots_lowered_after_drop(void **state)
{
	const char *old = HEAD SLOTS NODES
	    P(", settings: {max_replication_slots: 2}")
	    S("s1", "2", "") S("s2", "3", "");
	const char *new = HEAD SLOTS NODES
	    P(", settings: {max_replication_slots: 1}") S("s1", "2", "");

	(void)state;
	order(old, new, "drop-slot p s2", "configure p");
}

static void
test_repoint_pg12_restarts(void **state)
{
	const char *old = HEAD_V(12) CASCADE;
	const char *new = HEAD_V(12) FLAT;
	struct run	 r;

	(void)state;
	assert_non_null(strstr(why_of(&r, old, new, "configure s2"),
	    "PostgreSQL 12 reads primary_conninfo only at start"));
	done(&r);
	old = HEAD CASCADE;
	new = HEAD FLAT;
	assert_null(strstr(why_of(&r, old, new, "configure s2"),
	    "only at start"));
	done(&r);
}

/* Restarting the only synchronous standby holds commits: the why says so. */
static void
test_sync_restart_warned(void **state)
{
	struct run	 r;

	(void)state;
	assert_non_null(strstr(why_of(&r, HEAD MC(200) SYNC("s1") FLAT,
	    HEAD MC(100) SYNC("s1") FLAT, "configure s1"),
	    "commits on the primary wait"));
	done(&r);
	/* Near miss: with s2 to stand in, nothing waits. */
	assert_null(strstr(why_of(&r, HEAD MC(200) SYNC("s1, s2") FLAT,
	    HEAD MC(100) SYNC("s1, s2") FLAT, "configure s1"),
	    "commits on the primary wait"));
	done(&r);
}

/* --- steps that are or are not there --- */

static void
test_nothing_to_do(void **state)
{
	struct run	 r;

	(void)state;
	plan(&r, HEAD SLOTS SYNC("s1") CASCADE, HEAD SLOTS SYNC("s1") CASCADE,
	    0);
	assert_non_null(r.pl);
	assert_int_equal(r.pl->nsteps, 0);
	assert_non_null(strstr(r.pl->markdown, "Nothing to do"));
	done(&r);
}

static void
test_hba_only(void **state)
{
	const char *new = HEAD CASCADE "access:\n"
	    "  - {type: host, database: all, user: all, address: "
	    "10.1.0.0/16, method: scram-sha-256}\n";
	struct run	 r;

	(void)state;
	plan(&r, HEAD CASCADE, new, 0);
	assert_non_null(r.pl);
	assert_int_equal(r.pl->nsteps, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(r.pl->steps[i].kind, STEP_HBA);
		assert_string_equal(r.pl->steps[i].argv[1], "hba");
	}
	done(&r);
}

/* Where it can, configure installs pg_hba.conf itself. */
static void
test_hba_merged(void **state)
{
	struct run	 r;

	(void)state;
	plan(&r, HEAD MC(100) CASCADE, HEAD MC(200) CASCADE S("s3", "4", ""),
	    0);
	assert_non_null(r.pl);
	assert_true(find(r.pl, "hba s1") < 0);
	assert_true(find(r.pl, "hba s2") < 0);
	assert_true(find(r.pl, "configure s1") >= 0);
	assert_int_equal(r.pl->nsteps, 4);
	done(&r);
}

static void
test_argv_and_json_shape(void **state)
{
	struct run	 r;
	long		 i;

	(void)state;
	plan(&r, HEAD SLOTS FLAT, HEAD SLOTS NODES P("") S("s1", "2", ""), 0);
	assert_non_null(r.pl);
	i = find(r.pl, "stop s2");
	assert_true(i >= 0);
	assert_string_equal(r.pl->steps[i].argv[0], "/usr/local/pgsql/bin/pg_ctl");
	assert_string_equal(r.pl->steps[i].argv[6], "stop");
	assert_null(r.pl->steps[i].argv[7]);
	i = find(r.pl, "drop-slot p s2");
	assert_true(i >= 0);
	assert_string_equal(r.pl->steps[i].argv[0], "./runbook.sh");
	assert_string_equal(r.pl->steps[i].argv[1], "drop-slot");
	assert_string_equal(r.pl->steps[i].argv[3], "--yes");
	done(&r);
}

static void
test_deterministic(void **state)
{
	const char *old = HEAD SLOTS MC(100) CASCADE;
	const char *new = HEAD SLOTS MC(200) SYNC("s1, s3") CASCADE
	    S("s3", "4", "");
	struct run	 r1, r2;

	(void)state;
	plan(&r1, old, new, 0);
	plan(&r2, old, new, 0);
	assert_non_null(r1.pl);
	assert_non_null(r2.pl);
	assert_string_equal(r1.pl->markdown, r2.pl->markdown);
	done(&r1);
	done(&r2);
}

/* --- refusals --- */

static void
test_refusals(void **state)
{
	const char *base = HEAD FLAT;

	(void)state;
	refused(base, HEAD_V(16) FLAT, "major version changes from 15 to 16");
	refused(HEAD_VP(15, "debian") FLAT, HEAD FLAT,
	    "platform changes");
	refused(base, HEAD NODES "  - {name: q, role: primary, address: "
	    "10.0.0.1}\n" S("s1", "2", "") S("s2", "3", ""),
	    "the primary changes from \"p\" to \"q\" and \"p\" is removed");
	refused(base, HEAD NODES "  - {name: p, role: standby, address: "
	    "10.0.0.1, upstream: s1}\n"
	    "  - {name: s1, role: primary, address: 10.0.0.2}\n"
	    S("s2", "3", ", upstream: s1"), "the primary changes");
	refused(base, HEAD NODES P("") S("s1", "2", ", data_directory: /d")
	    S("s2", "3", ""), "data_directory of node \"s1\" changes");
	refused(base, HEAD NODES P("") S("s1", "2", ", config_directory: /c")
	    S("s2", "3", ""), "config_directory of node \"s1\" changes");
	refused(base, HEAD NODES P("") S("s1", "2", ", bin_directory: /b")
	    S("s2", "3", ""), "bin_directory of node \"s1\" changes");
	refused(base, HEAD NODES P("") S("s1", "2", ", service: pg")
	    S("s2", "3", ""), "service of node \"s1\" changes");
	refused(base, HEAD NODES P("") S("s1", "2", ", os_user: pg")
	    S("s2", "3", ""), "os_user of node \"s1\" changes");
	refused(base, HEAD "initdb: {data_checksums: true}\n" FLAT,
	    "initdb: changes");
	refused(base, HEAD NODES P("") S("s1", "9", "") S("s2", "3", ""),
	    "the address of node \"s1\" changes");
	refused(base, "cluster: t\npostgres: {version: 15}\n"
	    "platform: generic\nreplication:\n  user: other\n"
	    "  password: {env: PW}\n" FLAT, "the replication user changes");
}

/* Near miss: a new cluster name is planned; the default passfile, named
 * after the cluster, is written anew on each standby. */
static void
test_cluster_name_allowed(void **state)
{
	const char *new = "cluster: u\npostgres: {version: 15}\n"
	    "platform: generic\nreplication:\n  user: replica\n"
	    "  password: {env: PW}\n" FLAT;
	struct run	 r;

	(void)state;
	plan(&r, HEAD FLAT, new, 0);
	assert_non_null(r.pl);
	assert_true(find(r.pl, "configure s1") >= 0);
	assert_non_null(strstr(r.pl->markdown, "pgpair-u.pgpass"));
	done(&r);
}

/* --- the reviewer's view --- */

static void
test_review(void **state)
{
	const char *yaml = HEAD MC(150) NODES
	    P(", settings: {max_wal_senders: 5}, data_directory: /srv/p")
	    S("s1", "2", "") S("s2", "3", ", upstream: s1");
	struct run	 r;
	struct cluster	*cl;

	(void)state;
	r.a = arena_new();
	diags_init(&r.d, r.a);
	cl = load(&r, "t.yaml", yaml);
	r.pl = plan_review(r.a, cl, &r.d);
	assert_int_equal(r.pl->nsteps, 3);
	assert_string_equal(r.pl->steps[0].node, "p");
	assert_string_equal(r.pl->steps[1].node, "s1");
	assert_string_equal(r.pl->steps[2].node, "s2");
	assert_string_equal(r.pl->steps[2].argv[1], "apply");
	assert_non_null(strstr(r.pl->markdown,
	    "| `max_connections` | `150` | cluster |"));
	assert_non_null(strstr(r.pl->markdown,
	    "| `max_wal_senders` | `5` | node |"));
	assert_non_null(strstr(r.pl->markdown,
	    "| `max_locks_per_transaction` | `64` | default |"));
	assert_non_null(strstr(r.pl->markdown, "| `port` | `5432` | pgpair |"));
	assert_non_null(strstr(r.pl->markdown,
	    "| data_directory | `/srv/p` | node |"));
	assert_non_null(strstr(r.pl->markdown,
	    "| data_directory | `/usr/local/pgsql/data` | platform default |"));
	done(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raise_leaves_first),
		cmocka_unit_test(test_lower_primary_first),
		cmocka_unit_test(test_raise_skips_unchanged_middle),
		cmocka_unit_test(test_new_node_below_old_primary),
		cmocka_unit_test(test_new_node_above_old_primary),
		cmocka_unit_test(test_cycle_refused),
		cmocka_unit_test(test_removed_standby_stops_before_raise),
		cmocka_unit_test(test_removed_sync_standby_raise),
		cmocka_unit_test(test_new_node_admitted_everywhere),
		cmocka_unit_test(test_new_upstream_built_first),
		cmocka_unit_test(test_new_node_slot_first),
		cmocka_unit_test(test_new_node_senders_raised_first),
		cmocka_unit_test(test_new_node_on_removed_host),
		cmocka_unit_test(test_sync_named_after_streaming),
		cmocka_unit_test(test_sync_taken_out_before_stop),
		cmocka_unit_test(test_sync_repointed_in),
		cmocka_unit_test(test_sync_repointed_out),
		cmocka_unit_test(test_removed_slot_dropped_after_stop),
		cmocka_unit_test(test_children_repointed_before_stop),
		cmocka_unit_test(test_removed_chain_leaves_first),
		cmocka_unit_test(test_repoint_slot_moves),
		cmocka_unit_test(test_repoint_to_new_node),
		cmocka_unit_test(test_repoint_upstream_first),
		cmocka_unit_test(test_port_upstream_first),
		cmocka_unit_test(test_port_gives_way),
		cmocka_unit_test(test_senders_lowered_after_leaving),
		cmocka_unit_test(test_slots_lowered_after_drop),
		cmocka_unit_test(test_repoint_pg12_restarts),
		cmocka_unit_test(test_sync_restart_warned),
		cmocka_unit_test(test_nothing_to_do),
		cmocka_unit_test(test_hba_only),
		cmocka_unit_test(test_hba_merged),
		cmocka_unit_test(test_argv_and_json_shape),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_cluster_name_allowed),
		cmocka_unit_test(test_review),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

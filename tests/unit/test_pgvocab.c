/*
 * Unit tests of pgvocab: catalog lookups per major, hints for unknown
 * names, and the value checker's parsing of booleans, integers with units,
 * reals and enums, with the server's messages.  t005 checks the same
 * parser against real servers.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "pgvocab.h"

static struct arena *A;

static int
setup(void **state)
{
	(void)state;
	A = arena_new();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

/* Check name = value on major; returns ok and fills *gv. */
static int
check(int major, const char *name, const char *value, struct guc_value *gv)
{
	const struct guc_def *g = pgvocab_find(major, name);

	assert_non_null(g);
	return pgvocab_check_value(A, major, g, value, gv);
}

static void
test_lookup(void **state)
{
	const struct guc_def *g, *all;
	unsigned n;

	(void)state;
	for (int m = PG_MAJOR_MIN; m <= PG_MAJOR_MAX; m++) {
		assert_true(pgvocab_supported(m));
		all = pgvocab_all(m, &n);
		assert_non_null(all);
		assert_true(n > 300);
		/* Every entry is found by the binary search. */
		for (unsigned i = 0; i < n; i++)
			assert_ptr_equal(pgvocab_find(m, all[i].name), &all[i]);
	}
	assert_false(pgvocab_supported(11));
	assert_false(pgvocab_supported(19));
	assert_null(pgvocab_find(11, "max_connections"));

	g = pgvocab_find(15, "MAX_Connections");
	assert_non_null(g);
	assert_string_equal(g->name, "max_connections");
	assert_int_equal(g->type, GUC_INT);
	assert_int_equal(g->context, GUCCTX_POSTMASTER);
	assert_true(g->min == 1 && g->max == 262143);
	assert_true(pgvocab_default_num(g) == 100);

	g = pgvocab_find(16, "shared_buffers");
	assert_non_null(g);
	assert_string_equal(g->unit, "8kB");
	assert_true(pgvocab_default_num(g) == 16384);

	/* Names the server spells in mixed case. */
	g = pgvocab_find(18, "datestyle");
	assert_non_null(g);
	assert_string_equal(g->name, "DateStyle");

	/* Per version. */
	assert_non_null(pgvocab_find(12, "wal_keep_segments"));
	assert_null(pgvocab_find(13, "wal_keep_segments"));
	assert_null(pgvocab_find(12, "wal_keep_size"));
	assert_non_null(pgvocab_find(17, "transaction_timeout"));
	assert_null(pgvocab_find(16, "transaction_timeout"));

	/* guc.c map_old_guc_names: old aliases of current parameters. */
	g = pgvocab_find(14, "sort_mem");
	assert_non_null(g);
	assert_string_equal(g->name, "work_mem");
	assert_string_equal(pgvocab_find(18, "ssl_ecdh_curve")->name,
	    "ssl_groups");
	assert_string_equal(pgvocab_find(17, "ssl_ecdh_curve")->name,
	    "ssl_ecdh_curve");

	assert_null(pgvocab_find(15, "max_connection"));
	assert_string_equal(guc_type_name(GUC_REAL), "real");
}

static void
test_custom(void **state)
{
	(void)state;
	assert_true(pgvocab_is_custom("pg_stat_statements.track"));
	assert_true(pgvocab_is_custom("a.b.c"));
	assert_true(pgvocab_is_custom("my_ext.x$1"));
	assert_false(pgvocab_is_custom("max_connections"));
	assert_false(pgvocab_is_custom(".x"));
	assert_false(pgvocab_is_custom("x."));
	assert_false(pgvocab_is_custom("a..b"));
	assert_false(pgvocab_is_custom("a.1b"));
	assert_false(pgvocab_is_custom("a.b-c"));
}

static void
test_unknown_hint(void **state)
{
	const char *h;

	(void)state;
	h = pgvocab_unknown_hint(A, 13, "wal_keep_segments");
	assert_non_null(h);
	assert_string_equal(h, "renamed to wal_keep_size in PostgreSQL 13");
	assert_string_equal(pgvocab_unknown_hint(A, 18, "wal_keep_segments"),
	    "renamed to wal_keep_size in PostgreSQL 13");
	assert_string_equal(pgvocab_unknown_hint(A, 12, "wal_keep_size"),
	    "added in PostgreSQL 13, as the new name of wal_keep_segments");
	assert_string_equal(pgvocab_unknown_hint(A, 16, "force_parallel_mode"),
	    "renamed to debug_parallel_query in PostgreSQL 16");
	/* History from the catalogs. */
	assert_string_equal(pgvocab_unknown_hint(A, 16, "promote_trigger_file"),
	    "removed in PostgreSQL 16");
	assert_string_equal(pgvocab_unknown_hint(A, 18, "promote_trigger_file"),
	    "removed in PostgreSQL 16");
	assert_string_equal(pgvocab_unknown_hint(A, 14,
	    "vacuum_cleanup_index_scale_factor"), "removed in PostgreSQL 14");
	assert_string_equal(pgvocab_unknown_hint(A, 17,
	    "old_snapshot_threshold"), "removed in PostgreSQL 17");
	assert_string_equal(pgvocab_unknown_hint(A, 15, "stats_temp_directory"),
	    "removed in PostgreSQL 15");
	assert_string_equal(pgvocab_unknown_hint(A, 16, "transaction_timeout"),
	    "added in PostgreSQL 17");
	assert_string_equal(pgvocab_unknown_hint(A, 12, "io_method"),
	    "added in PostgreSQL 18");
	/* Did you mean. */
	assert_string_equal(pgvocab_unknown_hint(A, 15, "max_connection"),
	    "did you mean \"max_connections\"?");
	assert_string_equal(pgvocab_unknown_hint(A, 15, "shared_bufers"),
	    "did you mean \"shared_buffers\"?");
	assert_string_equal(pgvocab_unknown_hint(A, 15, "wal_levle"),
	    "did you mean \"wal_level\"?");
	assert_string_equal(pgvocab_unknown_hint(A, 15, "hot_standby_feedbac"),
	    "did you mean \"hot_standby_feedback\"?");
	assert_null(pgvocab_unknown_hint(A, 15, "completely_unrelated_name"));
	assert_null(pgvocab_unknown_hint(A, 11, "max_connection"));
}

static void
test_bool(void **state)
{
	static const struct {
		const char	*v;
		int		 ok, val;
	} cases[] = {
		{ "on", 1, 1 }, { "ON", 1, 1 }, { "of", 1, 0 }, { "off", 1, 0 },
		{ "o", 0, 0 }, { "t", 1, 1 }, { "TrU", 1, 1 },
		{ "truee", 0, 0 },
		{ "y", 1, 1 }, { "n", 1, 0 }, { "1", 1, 1 }, { "0", 1, 0 },
		{ "2", 0, 0 }, { "01", 0, 0 }, { "", 0, 0 }, { "on ", 0, 0 },
		{ " on", 0, 0 }, { "offf", 0, 0 },
	};
	struct guc_value gv;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ok = check(15, "hot_standby", cases[i].v, &gv);

		if (ok != cases[i].ok)
			fail_msg("\"%s\": ok=%d", cases[i].v, ok);
		if (ok)
			assert_int_equal(gv.boolval, cases[i].val);
	}
	assert_false(check(15, "hot_standby", "maybe", &gv));
	assert_string_equal(gv.msg,
	    "parameter \"hot_standby\" requires a Boolean value");
	assert_null(gv.hint);
}

static void
test_int_units(void **state)
{
	struct guc_value gv;

	(void)state;
	assert_true(check(15, "shared_buffers", "1GB", &gv));
	assert_true(gv.num == 131072);
	assert_true(check(15, "shared_buffers", "100 MB", &gv));
	assert_true(gv.num == 12800);
	assert_true(check(15, "shared_buffers", "1.5GB", &gv));
	assert_true(gv.num == 196608);
	assert_true(check(15, "shared_buffers", "128", &gv));
	assert_true(gv.num == 128);
	assert_true(check(15, "work_mem", "2048B", &gv) == 0);
	assert_true(check(15, "work_mem", "65536B", &gv));
	assert_true(gv.num == 64);

	/* Units are case-sensitive: the server's hint lists the valid ones. */
	assert_false(check(15, "shared_buffers", "1gb", &gv));
	assert_string_equal(gv.msg,
	    "invalid value for parameter \"shared_buffers\": \"1gb\"");
	assert_string_equal(gv.hint, "Valid units for this parameter are "
	    "\"B\", \"kB\", \"MB\", \"GB\", and \"TB\".");
	assert_false(check(15, "shared_buffers", "1 GB x", &gv));
	assert_false(check(15, "shared_buffers", "10Mb", &gv));
	assert_false(check(15, "checkpoint_timeout", "5m", &gv));
	assert_string_equal(gv.hint, "Valid units for this parameter are "
	    "\"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".");

	/* No unit allowed: no hint. */
	assert_false(check(15, "max_connections", "10 MB", &gv));
	assert_null(gv.hint);

	/* Time units, rounding to the next smaller unit and to the base. */
	assert_true(check(15, "checkpoint_timeout", "1.5min", &gv));
	assert_true(gv.num == 90);
	assert_true(check(15, "statement_timeout", "1500us", &gv));
	assert_true(gv.num == 2);
	assert_true(check(15, "statement_timeout", "1.5s", &gv));
	assert_true(gv.num == 1500);
	/* 500ms is 0.5 s, which rint() makes 0: below the minimum of 30 s. */
	assert_false(check(15, "checkpoint_timeout", "500ms", &gv));
	assert_string_equal(gv.msg, "0 s is outside the valid range for "
	    "parameter \"checkpoint_timeout\" (30 .. 86400)");
	/* PG 17 repeats the unit after the bounds. */
	assert_false(check(17, "checkpoint_timeout", "2d", &gv));
	assert_string_equal(gv.msg, "172800 s is outside the valid range for "
	    "parameter \"checkpoint_timeout\" (30 s .. 86400 s)");
}

static void
test_int_forms(void **state)
{
	struct guc_value gv;

	(void)state;
	/* Fractions round (PG 12 and later). */
	assert_true(check(12, "max_connections", "1.5", &gv));
	assert_true(gv.num == 2);
	assert_true(check(15, "max_connections", "1e2", &gv));
	assert_true(gv.num == 100);
	/* strtol() base 0: hex and octal. */
	assert_true(check(15, "max_connections", "0x10", &gv));
	assert_true(gv.num == 16);
	assert_true(check(15, "max_connections", "010", &gv));
	assert_true(gv.num == 8);
	assert_false(check(15, "max_connections", "08", &gv));
	/* White space around the number, but no sign-less fraction. */
	assert_true(check(15, "max_connections", " 7 ", &gv));
	assert_true(gv.num == 7);
	assert_false(check(15, "max_connections", "-.5", &gv));
	assert_false(check(15, "max_connections", "lots", &gv));
	assert_string_equal(gv.msg,
	    "invalid value for parameter \"max_connections\": \"lots\"");
	assert_null(gv.hint);
	assert_false(check(15, "max_connections", "12abc", &gv));

	/* Ranges. */
	assert_true(check(15, "max_connections", "262143", &gv));
	assert_false(check(15, "max_connections", "262144", &gv));
	assert_string_equal(gv.msg, "262144 is outside the valid range for "
	    "parameter \"max_connections\" (1 .. 262143)");
	assert_false(check(15, "max_connections", "0", &gv));
	assert_false(check(15, "deadlock_timeout", "2147483648", &gv));
	assert_string_equal(gv.hint, "Value exceeds integer range.");
	assert_true(check(15, "deadlock_timeout", "2147483647", &gv));
	assert_false(check(15, "shared_buffers", "16TB", &gv));
	assert_string_equal(gv.hint, "Value exceeds integer range.");

	/* Internal parameters cannot be set from a file at all. */
	assert_false(check(15, "block_size", "8192", &gv));
	assert_string_equal(gv.msg,
	    "parameter \"block_size\" cannot be changed");
}

static void
test_real(void **state)
{
	struct guc_value gv;

	(void)state;
	assert_true(check(15, "random_page_cost", "1.5", &gv));
	assert_true(gv.num == 1.5);
	assert_true(check(15, "random_page_cost", "1e3", &gv));
	assert_true(gv.num == 1000);
	assert_false(check(15, "random_page_cost", "-1", &gv));
	assert_string_equal(gv.msg, "-1 is outside the valid range for "
	    "parameter \"random_page_cost\" (0 .. 1.79769e+308)");
	assert_false(check(15, "random_page_cost", "inf", &gv));
	assert_string_equal(gv.msg, "Infinity is outside the valid range for "
	    "parameter \"random_page_cost\" (0 .. 1.79769e+308)");
	assert_false(check(15, "random_page_cost", "nan", &gv));
	assert_string_equal(gv.msg,
	    "invalid value for parameter \"random_page_cost\": \"nan\"");
	assert_false(check(15, "random_page_cost", "1 kB", &gv));
	assert_null(gv.hint);
	/* A real with a time unit. */
	assert_true(check(15, "vacuum_cost_delay", "100us", &gv));
	assert_true(fabs(gv.num - 0.1) < 1e-12);
	assert_false(check(15, "vacuum_cost_delay", "1s", &gv));
	assert_string_equal(gv.msg, "1000 ms is outside the valid range for "
	    "parameter \"vacuum_cost_delay\" (0 .. 100)");
	assert_false(check(15, "cursor_tuple_fraction", "1.01", &gv));
}

static void
test_enum(void **state)
{
	struct guc_value gv;

	(void)state;
	assert_true(check(15, "wal_level", "REPLICA", &gv));
	assert_string_equal(gv.enumval, "replica");
	/* Hidden values, found by asking the servers. */
	assert_true(check(15, "wal_level", "archive", &gv));
	assert_true(check(18, "wal_level", "hot_standby", &gv));
	assert_true(check(15, "synchronous_commit", "true", &gv));
	assert_true(check(15, "log_min_messages", "debug", &gv));
	assert_true(check(12, "password_encryption", "on", &gv));
	assert_false(check(14, "password_encryption", "on", &gv));
	assert_false(check(15, "wal_level", "minimal2", &gv));
	assert_string_equal(gv.msg,
	    "invalid value for parameter \"wal_level\": \"minimal2\"");
	assert_string_equal(gv.hint,
	    "Available values: minimal, replica, logical.");
	/* wal_compression: bool before 15, enum after. */
	assert_true(check(14, "wal_compression", "of", &gv));
	assert_false(check(15, "wal_compression", "of", &gv));
	assert_true(check(15, "wal_compression", "yes", &gv));
	/* Strings are not checked. */
	assert_true(check(15, "application_name", "any thing", &gv));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_custom),
		cmocka_unit_test(test_unknown_hint),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_int_units),
		cmocka_unit_test(test_int_forms),
		cmocka_unit_test(test_real),
		cmocka_unit_test(test_enum),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * Unit tests of pgvocab: catalog lookups per major, hints for unknown
 * names, and the value checker's parsing of booleans, integers with units,
 * reals and enums, and the check hooks of string parameters, with the
 * server's messages.  t005 checks the same parser against real servers.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

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
		/*
		 * Every entry is found by the binary search, an old name as
		 * the parameter it stands for.
		 */
		for (unsigned i = 0; i < n; i++) {
			g = pgvocab_find(m, all[i].name);
			assert_non_null(g);
			if (all[i].alias == NULL)
				assert_ptr_equal(g, &all[i]);
			else
				assert_string_equal(g->name, all[i].alias);
		}
		/* Shown by neither pg_settings nor --describe-config. */
		g = pgvocab_find(m, "ssl_renegotiation_limit");
		assert_non_null(g);
		assert_false(g->listed);
		assert_true(g->type == GUC_INT && g->min == 0 && g->max == 0);
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

	assert_true(pgvocab_find(15, "max_connections")->listed);
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

/*
 * The string check hooks: each case is the server's verdict (t005 and
 * tests/lint/corpus compare them with real servers); msg NULL is the
 * generic "invalid value for parameter" complaint.
 */
struct hook_case {
	int		 major;
	const char	*name;
	const char	*value;
	int		 ok;
	const char	*msg;
	const char	*hint;
};

static void
run_hook_cases(const struct hook_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++, c++) {
		struct guc_value gv;
		int ok = check(c->major, c->name, c->value, &gv);

		if (ok != c->ok)
			fail_msg("%d %s = '%s': ok %d, expected %d (%s)",
			    c->major, c->name, c->value, ok, c->ok,
			    ok ? "" : gv.msg);
		if (ok)
			continue;
		if (c->msg != NULL)
			assert_string_equal(gv.msg, c->msg);
		else {
			const struct guc_def *g = pgvocab_find(c->major,
			    c->name);
			char *want = arena_printf(A, "invalid value for "
			    "parameter \"%s\": \"%s\"", g->name, c->value);

			assert_string_equal(gv.msg, want);
		}
		if (c->hint == NULL)
			assert_null(gv.hint);
		else {
			assert_non_null(gv.hint);
			assert_string_equal(gv.hint, c->hint);
		}
	}
}

#define NCASES(t)	(sizeof(t) / sizeof((t)[0]))

static void
test_hook_lists(void **state)
{
	static const char bad[] = "List syntax is invalid.";
	static const struct hook_case cases[] = {
		{ 18, "DateStyle", "iso, nonsense", 0, NULL,
		    "Unrecognized key word: \"nonsense\"." },
		{ 18, "DateStyle", "ISO, DMY", 1, NULL, NULL },
		{ 18, "datestyle", "Postgres, European", 1, NULL, NULL },
		{ 18, "DateStyle", "\"ISO\" , \"dmy\"", 1, NULL, NULL },
		{ 18, "DateStyle", "default, dmy", 1, NULL, NULL },
		{ 18, "DateStyle", "SQL, YMD, sql", 1, NULL, NULL },
		{ 18, "DateStyle", "\"iso , dmy\"", 0, NULL,
		    "Unrecognized key word: \"iso , dmy\"." },
		{ 18, "DateStyle", "ISO,", 0, NULL, bad },
		{ 18, "DateStyle", "iso, sql", 0, NULL,
		    "Conflicting \"DateStyle\" specifications." },
		{ 17, "DateStyle", "euro, mdy", 0, NULL,
		    "Conflicting \"datestyle\" specifications." },
		{ 15, "log_destination", "stderr,nowhere", 0, NULL,
		    "Unrecognized key word: \"nowhere\"." },
		{ 15, "log_destination", "stderr, jsonlog, CSVLOG", 1, NULL,
		    NULL },
		{ 14, "log_destination", "jsonlog", 0, NULL,
		    "Unrecognized key word: \"jsonlog\"." },
		{ 14, "log_destination", "stderr,", 0, NULL, bad },
		{ 18, "search_path", "\"unclosed, public", 0, NULL, bad },
		{ 18, "search_path", "\"$user\", public", 1, NULL, NULL },
		{ 18, "search_path", "\"a\"\"b\" , c", 1, NULL, NULL },
		{ 18, "search_path", "\"a\"b", 0, NULL, bad },
		{ 18, "search_path", "a,,b", 0, NULL, bad },
		{ 18, "search_path", "", 1, NULL, NULL },
		{ 16, "search_path", "a\vb", 1, NULL, NULL },
		{ 17, "search_path", "a\vb", 0, NULL, bad },
		{ 18, "temp_tablespaces", "a b", 0, NULL, bad },
		{ 18, "temp_tablespaces", "a, \"B c\"", 1, NULL, NULL },
		{ 18, "listen_addresses", "\"a", 0,
		    "invalid list syntax in parameter \"listen_addresses\"",
		    NULL },
		{ 18, "listen_addresses", "localhost, \"::1\"", 1, NULL, NULL },
		{ 18, "unix_socket_directories", "/tmp, /var/my dir", 1, NULL,
		    NULL },
		{ 18, "unix_socket_directories", "/tmp,", 0,
		    "invalid list syntax in parameter "
		    "\"unix_socket_directories\"", NULL },
		/* Only logged by the server: accepted. */
		{ 18, "shared_preload_libraries", "\"a", 1, NULL, NULL },
		{ 18, "cluster_name", "h\xc3\xa9llo", 1, NULL, NULL },
	};

	(void)state;
	run_hook_cases(cases, NCASES(cases));
}

static void
test_hook_replication(void **state)
{
	static const struct hook_case cases[] = {
		{ 18, "primary_slot_name", "Bad-Slot", 0, NULL,
		    "replication slot name \"Bad-Slot\" contains invalid "
		    "character. Replication slot names may only contain "
		    "lower case letters, numbers, and the underscore "
		    "character." },
		{ 12, "primary_slot_name", "Bad-Slot", 0, NULL,
		    "Replication slot names may only contain lower case "
		    "letters, numbers, and the underscore character." },
		{ 18, "primary_slot_name", "good_slot_1", 1, NULL, NULL },
		{ 18, "primary_slot_name", "", 1, NULL, NULL },
		{ 13, "primary_slot_name",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		    0, NULL, "replication slot name \"aaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" is too long" },
		{ 13, "primary_slot_name",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		    1, NULL, NULL },
		{ 18, "synchronous_standby_names", "FIRST 2 (s1, s2", 0, NULL,
		    "syntax error at end of input" },
		{ 18, "synchronous_standby_names", "ANY 2 (a, \"b c\", *)", 1,
		    NULL, NULL },
		{ 18, "synchronous_standby_names", "2 (s1, s2)", 1, NULL, NULL },
		{ 18, "synchronous_standby_names", "s1, s2", 1, NULL, NULL },
		{ 18, "synchronous_standby_names", "*", 1, NULL, NULL },
		{ 18, "synchronous_standby_names", "2", 1, NULL, NULL },
		{ 18, "synchronous_standby_names", "anyx, firsty", 1, NULL,
		    NULL },
		{ 18, "synchronous_standby_names", "s1 s2", 0, NULL,
		    "syntax error at or near \"s2\"" },
		{ 18, "synchronous_standby_names", "ANY (s1)", 0, NULL,
		    "syntax error at or near \"(\"" },
		{ 18, "synchronous_standby_names", "\"a\" \"b\"", 0, NULL,
		    "syntax error at or near \"\"\"" },
		{ 18, "synchronous_standby_names", "\"abc", 0, NULL,
		    "unterminated quoted identifier at end of input" },
		{ 18, "synchronous_standby_names", "  ", 0, NULL,
		    "syntax error at end of input" },
		{ 18, "synchronous_standby_names", "0 (s1)", 0,
		    "number of synchronous standbys (0) must be greater than "
		    "zero", NULL },
		{ 18, "synchronous_standby_names", "2147483648 (a)", 0,
		    "number of synchronous standbys (-2147483648) must be "
		    "greater than zero", NULL },
		{ 18, "synchronous_standby_names", "99999999999 (a)", 1, NULL,
		    NULL },
		{ 18, "synchronous_standby_names", "4294967297 (a)", 1, NULL,
		    NULL },
	};

	(void)state;
	run_hook_cases(cases, NCASES(cases));
}

static void
test_hook_recovery(void **state)
{
	static const struct hook_case cases[] = {
		{ 18, "recovery_target", "immediate", 1, NULL, NULL },
		{ 18, "recovery_target", "IMMEDIATE", 0, NULL,
		    "The only allowed value is \"immediate\"." },
		{ 18, "recovery_target_lsn", "not-an-lsn", 0, NULL, NULL },
		{ 18, "recovery_target_lsn", "0/3000000", 1, NULL, NULL },
		{ 18, "recovery_target_lsn", "FFFFFFFF/ffffffff", 1, NULL,
		    NULL },
		{ 18, "recovery_target_lsn", "123456789/0", 0, NULL, NULL },
		{ 18, "recovery_target_lsn", "0/1 ", 0, NULL, NULL },
		{ 18, "recovery_target_xid", "abc", 1, NULL, NULL },
		{ 18, "recovery_target_xid", "18446744073709551615", 1, NULL,
		    NULL },
		{ 18, "recovery_target_xid", "18446744073709551616", 0, NULL,
		    NULL },
		{ 18, "recovery_target_timeline", "latest", 1, NULL, NULL },
		{ 18, "recovery_target_timeline", "0x10", 1, NULL, NULL },
		{ 17, "recovery_target_timeline", "18446744073709551616", 0,
		    NULL, "\"recovery_target_timeline\" is not a valid number." },
		{ 16, "recovery_target_timeline", "18446744073709551616", 0,
		    NULL, "recovery_target_timeline is not a valid number." },
		{ 18, "recovery_target_time", "2024-01-01 12:00:00+00", 1, NULL,
		    NULL },
		{ 18, "recovery_target_time", "TODAY", 1, NULL, NULL },
		{ 18, "recovery_target_time", "yesterday UTC", 1, NULL, NULL },
		{ 18, "recovery_target_time", "today", 0, NULL, NULL },
		{ 18, "recovery_target_time", "epoch", 0, NULL, NULL },
		{ 18, "recovery_target_time", "not-a-time", 0, NULL, NULL },
		{ 16, "recovery_target_name",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		    0, NULL,
		    "recovery_target_name is too long (maximum 63 characters)." },
		{ 17, "recovery_target_name",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		    1, NULL, NULL },
	};

	(void)state;
	run_hook_cases(cases, NCASES(cases));
}

/* Numbers and POSIX specs need no time zone database. */
static void
test_hook_timezone(void **state)
{
	static const char range[] = "UTC timezone offset is out of range.";
	static const struct hook_case cases[] = {
		{ 18, "TimeZone", "+3", 1, NULL, NULL },
		{ 18, "TimeZone", "-167.5", 1, NULL, NULL },
		{ 18, "TimeZone", "168", 0, NULL, range },
		{ 18, "TimeZone", "nan", 0, NULL, range },
		{ 18, "TimeZone", "GMT", 1, NULL, NULL },
		{ 18, "TimeZone", "XYZ-3", 1, NULL, NULL },
		{ 18, "TimeZone", "<+03>-3", 1, NULL, NULL },
		{ 18, "TimeZone", "abc3def,m3.2.0,m11.1.0", 1, NULL, NULL },
		{ 18, "TimeZone", "abc3def2,J60/2,300/-3:00:00", 1, NULL,
		    NULL },
		{ 18, "TimeZone", "abc3def,M3.2.0", 0, NULL, NULL },
		{ 18, "TimeZone", "abc168", 0, NULL, NULL },
		{ 18, "TimeZone", "<abc", 0, NULL, NULL },
		{ 18, "TimeZone", "interval '+03:00'", 1, NULL, NULL },
		{ 18, "TimeZone", "interval +3", 0, NULL, NULL },
		{ 18, "log_timezone", "+3", 1, NULL, NULL },
		{ 18, "log_timezone", "3.5", 1, NULL, NULL },
		{ 18, "log_timezone", "168", 0, NULL, NULL },
	};

	(void)state;
	run_hook_cases(cases, NCASES(cases));
}

/* Names, from the system's time zone database. */
static void
test_hook_timezone_names(void **state)
{
	static const struct hook_case cases[] = {
		{ 18, "TimeZone", "Nowhere/Atlantis", 0, NULL, NULL },
		{ 18, "TimeZone", "Europe/Paris", 1, NULL, NULL },
		{ 18, "TimeZone", "europe/PARIS", 1, NULL, NULL },
		{ 18, "TimeZone", ":Europe/Paris", 1, NULL, NULL },
		{ 18, "TimeZone", "UTC", 1, NULL, NULL },
		{ 18, "TimeZone", "EST5EDT", 1, NULL, NULL },
		{ 18, "TimeZone", "Europe", 0, NULL, NULL },
		{ 18, "TimeZone", "Europe/../Europe/Paris", 0, NULL, NULL },
		{ 18, "TimeZone", "zone.tab", 0, NULL, NULL },
		{ 18, "log_timezone", "Nowhere/Atlantis", 0, NULL, NULL },
		{ 18, "log_timezone", "America/New_York", 1, NULL, NULL },
	};
	struct guc_value gv;

	(void)state;
	if (access("/usr/share/zoneinfo/Europe/Paris", R_OK) != 0 ||
	    access("/usr/share/zoneinfo/zone.tab", R_OK) != 0)
		skip();
	run_hook_cases(cases, NCASES(cases));
	if (access("/usr/share/zoneinfo/right/Europe/Paris", R_OK) == 0) {
		assert_false(check(18, "TimeZone", "right/Europe/Paris", &gv));
		assert_string_equal(gv.msg, "time zone \"right/Europe/Paris\" "
		    "appears to use leap seconds");
		assert_string_equal(gv.hint,
		    "PostgreSQL does not support leap seconds.");
	}
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
		cmocka_unit_test(test_hook_lists),
		cmocka_unit_test(test_hook_replication),
		cmocka_unit_test(test_hook_recovery),
		cmocka_unit_test(test_hook_timezone),
		cmocka_unit_test(test_hook_timezone_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * Unit tests for the postgresql.conf rules (rules_conf.c), the data
 * directory rules (rules_datadir.c) and inline suppression (suppress.c):
 * each rule fires on the mistake and stays quiet on the near miss.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"
#include "conf_parse.h"
#include "diag.h"
#include "rule.h"
#include "rules_conf.h"
#include "srcfile.h"
#include "suppress.h"

struct run {
	struct arena		*a;
	struct diags		 d;
	struct conf_file_set	 set;
};

/* Parse text as a postgresql.conf of major and run the conf rules. */
static struct run *
lint_text(int major, const char *text)
{
	struct run		*r = calloc(1, sizeof(*r));
	struct srcfile		*sf;
	struct check_ctx	 cx;

	assert_non_null(r);
	r->a = arena_new();
	diags_init(&r->d, r->a);
	conf_set_init(&r->set);
	sf = srcfile_from_mem(r->a, "t.conf", text, strlen(text));
	assert_int_equal(conf_parse_srcfile(r->a, sf, &r->d, &r->set), 0);
	conf_resolve(&r->set, &r->d);
	memset(&cx, 0, sizeof(cx));
	cx.a = r->a;
	cx.d = &r->d;
	cx.major = major;
	cx.conf = &r->set;
	rules_run(SCOPE_CONF, &cx);
	diags_sort(&r->d);
	return r;
}

static void
run_free(struct run *r)
{
	arena_free(r->a);
	free(r);
}

static size_t
count_rule(const struct diags *d, const char *rule)
{
	size_t	 n = 0;

	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].rule != NULL && strcmp(d->v[i].rule, rule) == 0)
			n++;
	return n;
}

static const struct diag *
first_rule(const struct diags *d, const char *rule)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].rule != NULL && strcmp(d->v[i].rule, rule) == 0)
			return &d->v[i];
	return NULL;
}

static void
test_unknown_parameter(void **state)
{
	struct run		*r;
	const struct diag	*dg;

	(void)state;
	r = lint_text(15, "port = 5433\nwal_keep_segments = 32\n");
	dg = first_rule(&r->d, "conf-unknown-parameter");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 2);
	assert_int_equal(dg->pos.col, 1);
	assert_int_equal(dg->level, LEVEL_ERROR);
	assert_non_null(dg->hint);
	assert_non_null(strstr(dg->hint, "wal_keep_size"));
	run_free(r);
	/* The same name is fine in 12, where it still existed. */
	r = lint_text(12, "wal_keep_segments = 32\n");
	assert_int_equal(count_rule(&r->d, "conf-unknown-parameter"), 0);
	run_free(r);
	/* A dotted name is a custom placeholder. */
	r = lint_text(15, "myext.setting = 'x'\n");
	assert_int_equal(r->d.n, 0);
	run_free(r);
}

static void
test_invalid_value_only_when_it_applies(void **state)
{
	struct run		*r;
	const struct diag	*dg;

	(void)state;
	r = lint_text(16, "shared_buffers = 1gb\n");
	dg = first_rule(&r->d, "conf-invalid-value");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 1);
	assert_int_equal(dg->pos.col, 18);
	run_free(r);
	/* An overridden line's value is never parsed by the server. */
	r = lint_text(16, "shared_buffers = 1gb\nshared_buffers = 1GB\n");
	assert_int_equal(count_rule(&r->d, "conf-invalid-value"), 0);
	assert_int_equal(count_rule(&r->d, "conf-duplicate"), 1);
	run_free(r);
	/* But an overridden line's unknown name still stops the start. */
	r = lint_text(16, "shared_bufers = 1GB\nshared_bufers = 2GB\n");
	assert_int_equal(count_rule(&r->d, "conf-unknown-parameter"), 2);
	run_free(r);
}

static void
test_server_reading_order(void **state)
{
	struct run		*r;
	const struct diag	*dg;

	(void)state;
	/* Only an exact-case later line hides an earlier value. */
	r = lint_text(15, "work_mem = lots\nWork_Mem = 4MB\n");
	dg = first_rule(&r->d, "conf-invalid-value");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 1);
	run_free(r);
	r = lint_text(15, "work_mem = lots\nwork_mem = 4MB\n");
	assert_int_equal(count_rule(&r->d, "conf-invalid-value"), 0);
	run_free(r);
	/* An unknown name stops the server before any value is parsed. */
	r = lint_text(15, "work_mem = lots\nno_such_parameter = 1\n"
	    "wal_level = minimal\n");
	assert_int_equal(count_rule(&r->d, "conf-unknown-parameter"), 1);
	assert_int_equal(count_rule(&r->d, "conf-invalid-value"), 0);
	assert_int_equal(count_rule(&r->d, "conf-wal-minimal"), 0);
	run_free(r);
	/* A bad value stops it before the start-time combinations. */
	r = lint_text(15, "work_mem = lots\nwal_level = minimal\n");
	assert_int_equal(count_rule(&r->d, "conf-invalid-value"), 1);
	assert_int_equal(count_rule(&r->d, "conf-wal-minimal"), 0);
	run_free(r);
}

static void
test_recovery_targets(void **state)
{
	struct run		*r;
	const struct diag	*dg;

	(void)state;
	r = lint_text(15, "recovery_target_xid = '1234'\n"
	    "recovery_target_lsn = '0/3000000'\n");
	dg = first_rule(&r->d, "conf-recovery-targets");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 2);
	run_free(r);
	r = lint_text(15, "recovery_target_xid = '1234'\n"
	    "recovery_target_lsn = ''\n");
	assert_int_equal(count_rule(&r->d, "conf-recovery-targets"), 0);
	run_free(r);
}

static void
test_wal_minimal(void **state)
{
	struct run		*r;
	const struct diag	*dg;

	(void)state;
	/* max_wal_senders defaults to 10: minimal alone fails. */
	r = lint_text(15, "wal_level = minimal\n");
	dg = first_rule(&r->d, "conf-wal-minimal");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 1);
	assert_int_equal(dg->level, LEVEL_ERROR);
	run_free(r);
	r = lint_text(15, "wal_level = minimal\nmax_wal_senders = 0\n");
	assert_int_equal(count_rule(&r->d, "conf-wal-minimal"), 0);
	run_free(r);
	r = lint_text(15, "wal_level = minimal\nmax_wal_senders = 0\n"
	    "archive_mode = on\n");
	dg = first_rule(&r->d, "conf-wal-minimal");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 3);
	run_free(r);
	/* summarize_wal exists from 17. */
	r = lint_text(17, "wal_level = minimal\nmax_wal_senders = 0\n"
	    "summarize_wal = on\n");
	assert_int_equal(count_rule(&r->d, "conf-wal-minimal"), 1);
	run_free(r);
	r = lint_text(15, "wal_level = replica\n");
	assert_int_equal(r->d.n, 0);
	run_free(r);
}

static void
test_reserved_connections(void **state)
{
	struct run	*r;

	(void)state;
	r = lint_text(15, "max_connections = 3\n");
	assert_int_equal(count_rule(&r->d, "conf-reserved-connections"), 1);
	run_free(r);
	r = lint_text(15, "max_connections = 4\n");
	assert_int_equal(count_rule(&r->d, "conf-reserved-connections"), 0);
	run_free(r);
	/* 16 adds reserved_connections to the sum. */
	r = lint_text(16, "max_connections = 5\nreserved_connections = 2\n");
	assert_int_equal(count_rule(&r->d, "conf-reserved-connections"), 1);
	run_free(r);
	r = lint_text(16, "max_connections = 6\nreserved_connections = 2\n");
	assert_int_equal(count_rule(&r->d, "conf-reserved-connections"), 0);
	run_free(r);
}

/*
 * The process slots at their limit, which the differential test cannot
 * start servers for (a server accepting 262000 connections would map
 * gigabytes): 12-17 count max_connections + autovacuum_max_workers (3) +
 * 1 + max_worker_processes (8) + max_wal_senders (10) <= 262143, checked
 * as each line is read; 18 counts autovacuum_worker_slots (16) and 2.
 */
static void
test_max_backends(void **state)
{
	struct run		*r;
	const struct diag	*dg;

	(void)state;
	r = lint_text(17, "max_connections = 262121\n");
	assert_int_equal(count_rule(&r->d, "conf-max-backends"), 0);
	run_free(r);
	r = lint_text(17, "max_connections = 262122\n");
	dg = first_rule(&r->d, "conf-max-backends");
	assert_non_null(dg);
	assert_string_equal(dg->msg, "invalid value for parameter "
	    "\"max_connections\": 262122");
	run_free(r);
	r = lint_text(18, "max_connections = 262107\n");
	assert_int_equal(count_rule(&r->d, "conf-max-backends"), 0);
	run_free(r);
	r = lint_text(18, "max_connections = 262108\n");
	dg = first_rule(&r->d, "conf-max-backends");
	assert_non_null(dg);
	assert_string_equal(dg->msg, "too many server processes configured");
	run_free(r);
	/*
	 * Reading order: the line that takes the sum over is refused, and a
	 * refused value is not applied, so a later line may pass again.
	 */
	r = lint_text(12, "max_worker_processes = 200000\n"
	    "max_connections = 100000\nmax_wal_senders = 70000\n");
	assert_int_equal(count_rule(&r->d, "conf-max-backends"), 2);
	dg = first_rule(&r->d, "conf-max-backends");
	assert_int_equal(dg->pos.line, 2);
	run_free(r);
	r = lint_text(12, "max_worker_processes = 200000\n"
	    "max_connections = 100000\nmax_wal_senders = 50000\n");
	assert_int_equal(count_rule(&r->d, "conf-max-backends"), 1);
	run_free(r);
	/* 18 no longer counts autovacuum_max_workers. */
	r = lint_text(18, "autovacuum_max_workers = 262100\n");
	assert_int_equal(count_rule(&r->d, "conf-max-backends"), 0);
	run_free(r);
	r = lint_text(16, "autovacuum_max_workers = 262100\n");
	assert_int_equal(count_rule(&r->d, "conf-max-backends"), 1);
	run_free(r);
}

static void
test_wal_size(void **state)
{
	struct run	*r;

	(void)state;
	r = lint_text(15, "max_wal_size = 16MB\n");
	assert_int_equal(count_rule(&r->d, "conf-wal-size"), 1);
	run_free(r);
	r = lint_text(15, "max_wal_size = 32MB\nmin_wal_size = 32MB\n");
	assert_int_equal(count_rule(&r->d, "conf-wal-size"), 0);
	run_free(r);
}

static void
run_datadir(struct run *r, struct datadir *dd, const char *conf)
{
	struct srcfile		*sf;
	struct check_ctx	 cx;

	r->a = arena_new();
	diags_init(&r->d, r->a);
	conf_set_init(&r->set);
	sf = srcfile_from_mem(r->a, "postgresql.auto.conf", conf, strlen(conf));
	assert_int_equal(conf_parse_srcfile(r->a, sf, &r->d, &r->set), 0);
	conf_resolve(&r->set, &r->d);
	memset(&cx, 0, sizeof(cx));
	cx.a = r->a;
	cx.d = &r->d;
	cx.major = dd->pg_version;
	cx.conf = &r->set;
	cx.datadir = dd;
	rules_run(SCOPE_DATADIR, &cx);
}

static void
test_datadir(void **state)
{
	struct datadir	 dd = { "/data", 15, 0, 0, 0 };
	struct run	 r;

	(void)state;
	dd.recovery_conf = 1;
	run_datadir(&r, &dd, "");
	assert_int_equal(count_rule(&r.d, "datadir-recovery-conf"), 1);
	assert_string_equal(first_rule(&r.d, "datadir-recovery-conf")->pos.file,
	    "/data/recovery.conf");
	arena_free(r.a);

	dd.recovery_conf = 0;
	dd.standby_signal = 1;
	run_datadir(&r, &dd, "");
	assert_int_equal(count_rule(&r.d, "datadir-standby-no-source"), 1);
	assert_int_equal(first_rule(&r.d, "datadir-standby-no-source")->level,
	    LEVEL_WARNING);
	arena_free(r.a);
	run_datadir(&r, &dd, "primary_conninfo = 'host=10.0.0.1 "
	    "passfile=/var/lib/pgsql/x.pgpass'\n");
	assert_int_equal(r.d.n, 0);
	arena_free(r.a);

	dd.recovery_signal = 1;
	run_datadir(&r, &dd, "restore_command = 'cp /a/%f %p'\n");
	assert_int_equal(count_rule(&r.d, "datadir-both-signals"), 1);
	assert_int_equal(count_rule(&r.d, "datadir-standby-no-source"), 0);
	arena_free(r.a);
}

/*
 * Read the conf file path as lint does, so that its inline suppression
 * comments are kept in d, and forget what the reading reported.
 */
static void
read_notes(struct arena *a, struct diags *d, const char *path)
{
	struct conf_file_set	 set;

	diags_init(d, a);
	assert_true(conf_parse_file(a, path, d, &set) >= 0);
	d->n = 0;
}

static void
test_suppress(void **state)
{
	char		 path[] = "/tmp/test_suppress.XXXXXX";
	struct arena	*a = arena_new();
	struct diags	 d;
	struct pos	 p;
	FILE		*fp;
	int		 fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(fp = fdopen(fd, "w"));
	fputs("# pgpair: disable=conf-duplicate,conf-wal-size\n"
	    "max_wal_size = 16MB\n"
	    "port = 5432 # pgpair: disable=conf-invalid-value\n"
	    "port = x\n"
	    "\n"
	    "shared_buffers = 1gb\n", fp);
	fclose(fp);
	read_notes(a, &d, path);
	assert_int_equal(d.nsup, 2);
	p.file = path;
	p.col = 1;
	p.line = 2;	/* the line above disables it */
	diag_add(&d, &p, LEVEL_ERROR, "conf-wal-size", "x");
	p.line = 2;	/* another rule on the same line stays */
	diag_add(&d, &p, LEVEL_ERROR, "conf-syntax", "x");
	p.line = 3;	/* on its own line */
	diag_add(&d, &p, LEVEL_ERROR, "conf-invalid-value", "x");
	p.line = 4;	/* the line above, from an end-of-line comment */
	diag_add(&d, &p, LEVEL_ERROR, "conf-invalid-value", "x");
	p.line = 6;	/* two lines below: not covered */
	diag_add(&d, &p, LEVEL_ERROR, "conf-invalid-value", "x");
	p.file = "/elsewhere.conf";	/* another file: not covered */
	p.line = 3;
	diag_add(&d, &p, LEVEL_ERROR, "conf-invalid-value", "x");
	suppress_apply(&d);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.v[0].rule, "conf-syntax");
	assert_int_equal(d.v[1].pos.line, 6);
	assert_string_equal(d.v[2].pos.file, "/elsewhere.conf");
	unlink(path);
	arena_free(a);
}

/*
 * A directive far along a long line, and on the last line without a
 * newline; findings out of order.
 */
static void
test_suppress_long_lines(void **state)
{
	char		 path[] = "/tmp/test_suppress.XXXXXX";
	struct arena	*a = arena_new();
	struct diags	 d;
	struct pos	 p;
	FILE		*fp;
	int		 fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(fp = fdopen(fd, "w"));
	fputs("port = 1\n", fp);
	/* line 2: a directive after 200,000 bytes */
	fputs("port = 2 # ", fp);
	for (int i = 0; i < 200000; i++)
		fputc('x', fp);
	fputs(" pgpair: disable=conf-syntax\n", fp);
	fputs("port = 3\n", fp);
	fputs("port = 4 # pgpair: disable=conf-wal-size", fp);	/* no \n */
	fclose(fp);
	read_notes(a, &d, path);
	p.file = path;
	p.col = 1;
	p.line = 4;	/* the last line, without a newline */
	diag_add(&d, &p, LEVEL_ERROR, "conf-wal-size", "x");
	p.line = 3;	/* the long line above */
	diag_add(&d, &p, LEVEL_ERROR, "conf-syntax", "x");
	p.line = 2;	/* on the long line itself */
	diag_add(&d, &p, LEVEL_ERROR, "conf-syntax", "x");
	p.line = 1;	/* not covered */
	diag_add(&d, &p, LEVEL_ERROR, "conf-syntax", "x");
	p.line = 5;	/* no such line, and line 4 names another rule */
	diag_add(&d, &p, LEVEL_ERROR, "conf-syntax", "x");
	suppress_apply(&d);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.v[0].pos.line, 1);
	assert_int_equal(d.v[1].pos.line, 5);
	unlink(path);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_parameter),
		cmocka_unit_test(test_invalid_value_only_when_it_applies),
		cmocka_unit_test(test_server_reading_order),
		cmocka_unit_test(test_recovery_targets),
		cmocka_unit_test(test_wal_minimal),
		cmocka_unit_test(test_reserved_connections),
		cmocka_unit_test(test_max_backends),
		cmocka_unit_test(test_wal_size),
		cmocka_unit_test(test_datadir),
		cmocka_unit_test(test_suppress),
		cmocka_unit_test(test_suppress_long_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

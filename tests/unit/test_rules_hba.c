/*
 * Unit tests for rules_hba.c: each rule fires on its mistake, at the right
 * line and column, and stays quiet on the near miss; hba-shadowed also on
 * the coverage cases of hba.c check_hba() and on a 100,000-line file with
 * planted shadows (correctness only: the timing is bench/bench-lint.sh's).
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
#include "diag.h"
#include "hba_parse.h"
#include "rule.h"
#include "strbuf.h"

struct fx {
	struct arena	*a;
	struct diags	 d;
	struct hba_file	 f;
};

static int
setup(void **state)
{
	struct fx	*fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->a = arena_new();
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	arena_free(fx->a);
	free(fx);
	return 0;
}

/*
 * Parse text (len bytes) as major, expect no parse diagnostic unless
 * parse_errors, then run rule id alone; returns the number of findings.
 */
static size_t
run_len(struct fx *fx, enum rule_id id, int major, const char *repl_user,
    const char *text, size_t len, int parse_errors)
{
	struct hba_opts		 o = { .major = major,
	    .features = HBA_FEAT_DEFAULT };
	struct check_ctx	 cx;
	struct diags		 pd;

	diags_init(&pd, fx->a);
	assert_int_equal(hba_parse_buf(fx->a, "pg_hba.conf", text, len, &o,
	    &pd, &fx->f), 0);
	if (!parse_errors)
		assert_int_equal(pd.n, 0);
	diags_init(&fx->d, fx->a);
	memset(&cx, 0, sizeof(cx));
	cx.a = fx->a;
	cx.d = &fx->d;
	cx.major = major;
	cx.hba = &fx->f;
	cx.repl_user = repl_user;
	rule_run(id, &cx);
	diags_sort(&fx->d);
	return fx->d.n;
}

static size_t
run(struct fx *fx, enum rule_id id, const char *text)
{
	return run_len(fx, id, 16, NULL, text, strlen(text), 0);
}

/* Finding i: rule, warning, line and column. */
static void
assert_at(struct fx *fx, size_t i, const char *rule, unsigned line,
    unsigned col)
{
	assert_true(i < fx->d.n);
	assert_string_equal(fx->d.v[i].rule, rule);
	assert_int_equal(fx->d.v[i].level, LEVEL_WARNING);
	assert_int_equal(fx->d.v[i].pos.line, line);
	assert_int_equal(fx->d.v[i].pos.col, col);
}

/* --- hba-replication-all --- */

static void
replication_all_fires(void **state)
{
	struct fx	*fx = *state;
	const char	*t = "local all postgres peer\n"
	    "host replication replicator 10.0.0.5/32 scram-sha-256\n"
	    "host all replicator 10.0.0.7/32 scram-sha-256\n";

	assert_int_equal(run(fx, RULE_HBA_REPLICATION_ALL, t), 1);
	assert_at(fx, 0, "hba-replication-all", 3, 6);
	assert_string_equal(fx->d.v[0].msg, "database \"all\" does not match "
	    "replication connections, and no \"replication\" line admits "
	    "\"replicator\" from \"10.0.0.7/32\"");
	/* with a known replication user, that name decides */
	t = "host all standby1 10.0.0.7/32 scram-sha-256\n";
	assert_int_equal(run_len(fx, RULE_HBA_REPLICATION_ALL, 16, "standby1",
	    t, strlen(t), 0), 1);
	assert_at(fx, 0, "hba-replication-all", 1, 6);
	/* local lines need a local replication line */
	assert_int_equal(run(fx, RULE_HBA_REPLICATION_ALL,
	    "host replication REPL all scram-sha-256\n"
	    "local all,db2 REPL peer\n"), 1);
	assert_at(fx, 0, "hba-replication-all", 2, 7);
}

static void
replication_all_quiet(void **state)
{
	struct fx	*fx = *state;
	const char	*t;

	/* a replication line for the address, after the line */
	assert_int_equal(run(fx, RULE_HBA_REPLICATION_ALL,
	    "host all replicator 10.0.0.0/24 scram-sha-256\n"
	    "host replication replicator 10.0.0.7/32 scram-sha-256\n"), 0);
	/* for all users, IPv6 */
	assert_int_equal(run(fx, RULE_HBA_REPLICATION_ALL,
	    "host replication all fd00::/8 scram-sha-256\n"
	    "host all replicator fd00::7/128 scram-sha-256\n"), 0);
	/* the line names replication too; reject; another user */
	assert_int_equal(run(fx, RULE_HBA_REPLICATION_ALL,
	    "host all,replication replicator 10.0.0.7/32 scram-sha-256\n"
	    "host all replicator 10.0.0.8/32 reject\n"
	    "host all app 10.0.0.9/32 scram-sha-256\n"), 0);
	/* a known replication user: other names are not it */
	t = "host all replicator 10.0.0.7/32 scram-sha-256\n";
	assert_int_equal(run_len(fx, RULE_HBA_REPLICATION_ALL, 16, "standby1",
	    t, strlen(t), 0), 0);
}

/* --- hba-shadowed --- */

static void
shadowed_fires(void **state)
{
	struct fx	*fx = *state;

	assert_int_equal(run(fx, RULE_HBA_SHADOWED,
	    "host all all 10.0.0.0/8 scram-sha-256\n"
	    "\n"
	    "host all all 10.1.2.3/32 trust\n"), 1);
	assert_at(fx, 0, "hba-shadowed", 3, 1);
	assert_string_equal(fx->d.v[0].msg, "line 1 matches every connection "
	    "this line matches, so this line never applies");
}

static void
shadowed_quiet(void **state)
{
	struct fx	*fx = *state;

	/* the narrow line first: both apply */
	assert_int_equal(run(fx, RULE_HBA_SHADOWED,
	    "host all all 10.1.2.3/32 trust\n"
	    "host all all 10.0.0.0/8 scram-sha-256\n"), 0);
}

/* Which lines each later line is shadowed by, in one file. */
static void
shadowed_coverage(void **state)
{
	struct fx	*fx = *state;

	/* all does not cover replication; replication covers only itself */
	assert_int_equal(run(fx, RULE_HBA_SHADOWED,
	    "host all all all scram-sha-256\n"
	    "host replication all 10.0.0.1/32 scram-sha-256\n"
	    "host replication rep 10.0.0.1/32 scram-sha-256\n"), 1);
	assert_at(fx, 0, "hba-shadowed", 3, 1);
	/* connection types */
	assert_int_equal(run(fx, RULE_HBA_SHADOWED,
	    "hostssl all all all scram-sha-256\n"
	    "host all all 10.0.0.1/32 scram-sha-256\n"
	    "hostnossl all all 10.0.0.2/32 scram-sha-256\n"
	    "hostgssenc all all 10.0.0.2/32 scram-sha-256\n"
	    "hostnogssenc all all 10.0.0.3/32 scram-sha-256\n"
	    "hostssl all all 10.0.0.3/32 scram-sha-256\n"
	    "local all all peer\n"
	    "local all all trust\n"), 3);
	assert_at(fx, 0, "hba-shadowed", 4, 1);		/* by line 3 */
	assert_string_equal(fx->d.v[0].msg, "line 3 matches every connection "
	    "this line matches, so this line never applies");
	assert_at(fx, 1, "hba-shadowed", 6, 1);		/* by line 1, not 5 */
	assert_string_equal(fx->d.v[1].msg, "line 1 matches every connection "
	    "this line matches, so this line never applies");
	assert_at(fx, 2, "hba-shadowed", 8, 1);
	/* a quoted "all" and +group are names, regexes only themselves */
	assert_int_equal(run(fx, RULE_HBA_SHADOWED,
	    "host \"all\" +admins 10.0.0.0/8 scram-sha-256\n"
	    "host db1 +admins 10.0.0.1/32 scram-sha-256\n"
	    "host all \"+admins\" 10.0.0.1/32 scram-sha-256\n"
	    "host all /^app 10.0.0.0/8 scram-sha-256\n"
	    "host all app1 10.0.0.1/32 scram-sha-256\n"
	    "host db2 /^app 10.0.0.1/32 scram-sha-256\n"
	    "host \"all\" +admins 10.0.0.0/16 md5\n"), 2);
	assert_at(fx, 0, "hba-shadowed", 6, 1);
	assert_at(fx, 1, "hba-shadowed", 7, 1);
	/* every database and user token of the later line must be covered */
	assert_int_equal(run(fx, RULE_HBA_SHADOWED,
	    "host db1,db2 u1,u2 10.0.0.0/8 scram-sha-256\n"
	    "host db1,db3 u1 10.0.0.1/32 scram-sha-256\n"
	    "host db2,db1 u2 10.0.0.1/32 scram-sha-256\n"
	    "host sameuser all 10.0.0.0/8 scram-sha-256\n"
	    "host sameuser u3 10.0.0.1/32 scram-sha-256\n"), 2);
	assert_at(fx, 0, "hba-shadowed", 3, 1);
	assert_at(fx, 1, "hba-shadowed", 5, 1);
	/* families, masks, names, samehost and samenet */
	assert_int_equal(run(fx, RULE_HBA_SHADOWED,
	    "host all all 0.0.0.0/0 scram-sha-256\n"
	    "host all all ::1/128 scram-sha-256\n"
	    "host all all 192.168.1.0 255.255.255.0 scram-sha-256\n"
	    "host all all fe80::/10 scram-sha-256\n"
	    "host all all fe80::1/128 md5\n"
	    "host all all samenet scram-sha-256\n"
	    "host all all samehost md5\n"
	    "host all all .Example.COM scram-sha-256\n"
	    "host all all db.example.com md5\n"
	    "host all all example.com md5\n"), 4);
	assert_at(fx, 0, "hba-shadowed", 3, 1);
	assert_at(fx, 1, "hba-shadowed", 5, 1);
	assert_at(fx, 2, "hba-shadowed", 7, 1);
	assert_at(fx, 3, "hba-shadowed", 9, 1);
	/* a mask that is not a prefix, either side */
	assert_int_equal(run(fx, RULE_HBA_SHADOWED,
	    "host all all 10.0.0.1 255.0.255.255 scram-sha-256\n"
	    "host all all 10.7.0.1/32 md5\n"
	    "host all all 10.7.0.2/32 md5\n"
	    "host all all 172.16.0.0/16 scram-sha-256\n"
	    "host all all 172.16.0.9 255.255.0.255 md5\n"), 2);
	assert_at(fx, 0, "hba-shadowed", 2, 1);
	assert_at(fx, 1, "hba-shadowed", 5, 1);
}

/*
 * A generated 100,000-line file: distinct /32 lines per database and
 * user, a few wide lines, and four planted shadows.
 */
static void
shadowed_large(void **state)
{
	struct fx	*fx = *state;
	struct strbuf	 sb;
	const unsigned	 n = 100000;

	strbuf_init(&sb);
	for (unsigned i = 1; i <= n; i++) {
		if (i == 10)
			strbuf_addf(&sb, "host all all 172.16.0.0/12 "
			    "scram-sha-256\n");
		else if (i == 20)
			strbuf_addf(&sb, "host app,app2 all 192.168.0.0/16 "
			    "scram-sha-256\n");
		else if (i == 50000)		/* under line 10 */
			strbuf_addf(&sb, "host db1 u1 172.20.1.1/32 md5\n");
		else if (i == 70000)		/* a copy of line 30000 */
			strbuf_addf(&sb, "host db%u u%u 10.%u.%u.%u/32 "
			    "scram-sha-256\n", 30000u % 97, 30000u % 89,
			    30000u >> 16 & 255, 30000u >> 8 & 255, 30000u & 255);
		else if (i == 80000)		/* hostssl under line 20 */
			strbuf_addf(&sb, "hostssl app2 bob 192.168.7.7/32 "
			    "md5\n");
		else if (i == 90000)		/* under line 10, IPv6 no */
			strbuf_addf(&sb, "host all all fd00::%x:%x/128 "
			    "md5\n", i >> 16, i & 0xffff);
		else if (i == 95000)		/* under line 20 */
			strbuf_addf(&sb, "host app u5 192.168.0.0/24 md5\n");
		else
			strbuf_addf(&sb, "host db%u u%u 10.%u.%u.%u/32 "
			    "scram-sha-256\n", i % 97, i % 89, i >> 16 & 255,
			    i >> 8 & 255, i & 255);
	}
	assert_int_equal(run_len(fx, RULE_HBA_SHADOWED, 16, NULL,
	    sb.buf, sb.len, 0), 4);
	strbuf_release(&sb);
	assert_int_equal(fx->f.nlines, n);
	assert_at(fx, 0, "hba-shadowed", 50000, 1);
	assert_string_equal(fx->d.v[0].msg, "line 10 matches every connection "
	    "this line matches, so this line never applies");
	assert_at(fx, 1, "hba-shadowed", 70000, 1);
	assert_string_equal(fx->d.v[1].msg, "line 30000 matches every "
	    "connection this line matches, so this line never applies");
	assert_at(fx, 2, "hba-shadowed", 80000, 1);
	assert_string_equal(fx->d.v[2].msg, "line 20 matches every connection "
	    "this line matches, so this line never applies");
	assert_at(fx, 3, "hba-shadowed", 95000, 1);
}

/*
 * rules_hba_file() checks each line of a big file as it is read, while
 * the scanner reuses its buffers: its findings, parse errors included, are
 * those of the checks run on the file's lines as a list, and --cluster's
 * list of lines is the same.
 */
static void
as_read_agrees(void **state)
{
	struct fx		*fx = *state;
	struct strbuf		 sb;
	struct hba_opts		 o = { .major = 16,
	    .features = HBA_FEAT_DEFAULT };
	struct check_ctx	 cx;
	struct diags		 d1, d2;
	struct hba_file		 kept, list;
	char			 path[] = "/tmp/pgpair-hba-XXXXXX";
	size_t			 nrules[RULE__COUNT] = { 0 };
	unsigned		 lineno = 1, planted = 0, twin = 0, found = 0;
	FILE			*fp;
	int			 fd;

	strbuf_init(&sb);
	strbuf_addf(&sb, "local all postgres peer\n");
	for (unsigned i = 1; sb.len < 3 * 1024 * 1024; i++, lineno++) {
		if (i % 1013 == 0) {
			/*
			 * hba-shadowed between two lines of the common shape
			 * (one database, one user, a network): the finding is
			 * at column 3 of the second and names the first.
			 */
			strbuf_addf(&sb, "host all u%u fd01::%x/128 "
			    "scram-sha-256\n", i % 7, i & 0xffff);
			strbuf_addf(&sb, "  host all u%u fd01::%x/128 md5\n",
			    i % 7, i & 0xffff);
			lineno++;
			if (twin == 0)
				twin = lineno;
			planted++;
		} else if (i % 5000 == 0)	/* refused: hba-syntax */
			strbuf_addf(&sb, "host db%u u%u 10.0.0.%u/33 md5\n",
			    i % 7, i % 5, i % 250);
		else if (i % 3001 == 0)		/* hba-replication-all */
			strbuf_addf(&sb, "host all repl%u 10.9.%u.0/24 "
			    "scram-sha-256\n", i % 3, i % 250);
		else if (i % 2003 == 0)		/* hba-weak-auth */
			strbuf_addf(&sb, "host app%u \"all\" 172.16.%u.0/24 "
			    "trust\n", i % 11, i % 250);
		else if (i % 1009 == 0)		/* hba-shadowed, from i - 1 */
			strbuf_addf(&sb, "hostssl db%u,x u%u 10.%u.%u.%u/32 md5\n",
			    (i - 1) % 97, (i - 1) % 89, (i - 1) >> 16 & 255,
			    (i - 1) >> 8 & 255, (i - 1) & 255);
		else if (i % 997 == 0)		/* replication everywhere */
			strbuf_addf(&sb, "host replication +r%u ::/0 "
			    "scram-sha-256\n", i % 4);
		else if (i % 10 == 3)
			strbuf_addf(&sb, "host all u%u fd00::%x:%x/128 "
			    "scram-sha-256\n", i % 200, i >> 16, i & 0xffff);
		else if (i % 10 == 7)
			strbuf_addf(&sb, "host db%u u%u .example.org md5 # "
			    "names\n", i % 13, i % 17);
		else
			strbuf_addf(&sb, "host db%u,db%u u%u 10.%u.%u.%u/32 "
			    "scram-sha-256\n", i % 97, i % 61, i % 89,
			    i >> 16 & 255, i >> 8 & 255, i & 255);
	}
	/* the last line has a finding too */
	strbuf_addf(&sb, "host all all 0.0.0.0/0 trust\n");
	fd = mkstemp(path);
	assert_true(fd != -1);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(sb.buf, 1, sb.len, fp), sb.len);
	assert_int_equal(fclose(fp), 0);

	diags_init(&d1, fx->a);
	d1.max = SIZE_MAX;	/* every finding, to compare them all */
	memset(&cx, 0, sizeof(cx));
	cx.a = fx->a;
	cx.d = &d1;
	cx.major = 16;
	assert_int_equal(rules_hba_file(&cx, path, &o, &kept), 0);

	diags_init(&d2, fx->a);
	d2.max = SIZE_MAX;
	assert_int_equal(hba_parse_file(fx->a, path, &o, &d2, &list), 0);
	memset(&cx, 0, sizeof(cx));
	cx.a = fx->a;
	cx.d = &d2;
	cx.major = 16;
	cx.hba = &list;
	rules_run(SCOPE_HBA, &cx);
	assert_int_equal(unlink(path), 0);
	strbuf_release(&sb);

	diags_sort(&d1);
	diags_sort(&d2);
	assert_int_equal(d1.n, d2.n);
	for (size_t i = 0; i < d1.n; i++) {
		assert_string_equal(d1.v[i].rule, d2.v[i].rule);
		assert_int_equal(d1.v[i].pos.line, d2.v[i].pos.line);
		assert_int_equal(d1.v[i].pos.col, d2.v[i].pos.col);
		assert_string_equal(d1.v[i].msg, d2.v[i].msg);
		nrules[rule_find(d1.v[i].rule) - rules]++;
		if (strcmp(d1.v[i].rule, "hba-shadowed") == 0 &&
		    d1.v[i].pos.col == 3) {
			found++;
			if (d1.v[i].pos.line == twin)
				assert_string_equal(d1.v[i].msg, arena_printf(fx->a,
				    "line %u matches every connection this "
				    "line matches, so this line never applies",
				    twin - 1));
		}
	}
	assert_true(planted > 10);
	assert_int_equal(found, planted);
	/* every kind of finding planted is there, many times */
	assert_true(nrules[RULE_HBA_SYNTAX] > 10);
	assert_true(nrules[RULE_HBA_SHADOWED] > 10);
	assert_true(nrules[RULE_HBA_WEAK_AUTH] > 10);
	assert_true(nrules[RULE_HBA_REPLICATION_ALL] > 10);
	assert_true(nrules[RULE_HBA_REPLICATION_EVERYWHERE] > 10);
	assert_int_equal(d1.v[d1.n - 1].pos.line, list.nlines);
	assert_int_equal(kept.nlines, list.nlines);
	assert_int_equal(kept.nerrors, list.nerrors);
	assert_true(list.nlines > 50000);
}

/* --- hba-weak-auth --- */

static void
weak_auth_fires(void **state)
{
	struct fx	*fx = *state;
	const char	*t = "host all all 10.0.0.0/8 md5\n";

	assert_int_equal(run(fx, RULE_HBA_WEAK_AUTH,
	    "host all all 10.0.0.0/8 trust\n"
	    "host all all 192.168.0.1 255.255.255.255 password\n"
	    "host all all ::/0 md5\n"), 3);
	assert_at(fx, 0, "hba-weak-auth", 1, 25);
	assert_string_equal(fx->d.v[0].msg, "trust admits anyone who can "
	    "reach the server from \"10.0.0.0/8\", without a password");
	assert_at(fx, 1, "hba-weak-auth", 2, 42);
	assert_at(fx, 2, "hba-weak-auth", 3, 19);
	assert_string_equal(fx->d.v[2].msg, "md5 from \"::/0\": use "
	    "scram-sha-256, the default since PostgreSQL 14");
	assert_int_equal(run_len(fx, RULE_HBA_WEAK_AUTH, 18, NULL, t,
	    strlen(t), 0), 1);
	assert_non_null(strstr(fx->d.v[0].msg,
	    "MD5 password support is deprecated"));
}

static void
weak_auth_quiet(void **state)
{
	struct fx	*fx = *state;

	assert_int_equal(run(fx, RULE_HBA_WEAK_AUTH,
	    "local all all trust\n"
	    "host all all 127.0.0.1/32 trust\n"
	    "host all all 127.0.0.0/8 md5\n"
	    "host all all ::1/128 password\n"
	    "host all all samehost trust\n"
	    "host all all 10.0.0.0/8 scram-sha-256\n"
	    /* judged whole: a certificate the server verifies */
	    "hostssl all all 10.0.0.0/8 md5 clientcert=verify-full\n"
	    "hostssl all all 10.0.0.0/8 password clientcert=verify-ca\n"
	    "hostssl all all 10.0.0.0/8 trust clientcert=verify-full\n"), 0);
	/* trust with a CA's certificate admits its holders as anyone */
	assert_int_equal(run(fx, RULE_HBA_WEAK_AUTH,
	    "hostssl all all 10.0.0.0/8 trust clientcert=verify-ca\n"
	    "host all all 10.0.0.0/8 md5\n"), 2);
	assert_string_equal(fx->d.v[0].msg, "trust with clientcert=verify-ca "
	    "admits anyone from \"10.0.0.0/8\" who has a certificate of the "
	    "CA, as any user; use clientcert=verify-full or cert");
}

/* --- hba-replication-everywhere --- */

static void
replication_everywhere_fires(void **state)
{
	struct fx	*fx = *state;

	assert_int_equal(run(fx, RULE_HBA_REPLICATION_EVERYWHERE,
	    "host replication all 0.0.0.0/0 scram-sha-256\n"
	    "host replication,db1 rep all scram-sha-256\n"
	    "host replication rep 10.0.0.1 0.0.0.0 scram-sha-256\n"
	    "hostssl replication rep ::/0 md5 clientcert=verify-ca\n"
	    "host replication all all trust\n"), 5);
	assert_at(fx, 0, "hba-replication-everywhere", 1, 22);
	assert_string_equal(fx->d.v[0].msg, "replication connections are "
	    "allowed from every address (\"0.0.0.0/0\")");
	assert_at(fx, 1, "hba-replication-everywhere", 2, 26);
	assert_at(fx, 2, "hba-replication-everywhere", 3, 22);
	assert_at(fx, 3, "hba-replication-everywhere", 4, 25);
	assert_at(fx, 4, "hba-replication-everywhere", 5, 22);
	assert_string_equal(fx->d.v[4].msg, "replication connections are "
	    "allowed from every address (\"all\"), with trust: anyone who "
	    "reaches the port can copy the whole cluster");
}

static void
replication_everywhere_quiet(void **state)
{
	struct fx	*fx = *state;

	assert_int_equal(run(fx, RULE_HBA_REPLICATION_EVERYWHERE,
	    "host replication rep 10.0.0.7/32 scram-sha-256\n"
	    "host all all 0.0.0.0/0 scram-sha-256\n"
	    "host \"replication\" all all scram-sha-256\n"
	    "host replication all 0.0.0.0/0 reject\n"
	    "local replication all peer\n"
	    /* initdb's own lines: not everywhere; trust from a network is
	     * hba-weak-auth's */
	    "local replication all trust\n"
	    "host replication all 127.0.0.1/32 trust\n"
	    "host replication all ::1/128 trust\n"
	    "host replication rep 10.0.0.7/32 trust\n"
	    /* a certificate that names the user */
	    "hostssl replication rep all cert\n"
	    "hostssl replication rep 0.0.0.0/0 scram-sha-256 "
	    "clientcert=verify-full\n"), 0);
}

/* --- hba-host-bits --- */

static void
host_bits_fires(void **state)
{
	struct fx	*fx = *state;

	assert_int_equal(run(fx, RULE_HBA_HOST_BITS,
	    "host all all 192.168.1.5/24 scram-sha-256\n"
	    "host all all 2001:db8::1/64 scram-sha-256\n"
	    "host all all 10.0.0.1 255.0.0.0 scram-sha-256\n"), 3);
	assert_at(fx, 0, "hba-host-bits", 1, 14);
	assert_string_equal(fx->d.v[0].msg, "address \"192.168.1.5/24\" has "
	    "host bits set: the server reads it as 192.168.1.0/24");
	assert_string_equal(fx->d.v[0].hint, "write 192.168.1.0/24 for the "
	    "network, or /32 for the one host");
	assert_string_equal(fx->d.v[1].msg, "address \"2001:db8::1/64\" has "
	    "host bits set: the server reads it as 2001:db8::/64");
	assert_string_equal(fx->d.v[2].msg, "address \"10.0.0.1 255.0.0.0\" "
	    "has host bits set: the server reads it as 10.0.0.0/8");
}

static void
host_bits_quiet(void **state)
{
	struct fx	*fx = *state;

	assert_int_equal(run(fx, RULE_HBA_HOST_BITS,
	    "local all all peer\n"
	    "host all all 192.168.1.0/24 scram-sha-256\n"
	    "host all all 192.168.1.5/32 scram-sha-256\n"
	    "host all all 10.0.0.0 255.0.0.0 scram-sha-256\n"
	    "host all all 0.0.0.0/0 scram-sha-256\n"
	    "host all all ::/0 scram-sha-256\n"
	    "host all all all scram-sha-256\n"
	    "host all all db.example.com scram-sha-256\n"), 0);
}

/* --- hba-no-local-superuser --- */

static void
no_local_superuser_fires(void **state)
{
	struct fx	*fx = *state;

	assert_int_equal(run(fx, RULE_HBA_NO_LOCAL_SUPERUSER,
	    "host app app 10.0.0.0/8 scram-sha-256\n"), 1);
	assert_at(fx, 0, "hba-no-local-superuser", 0, 0);
	assert_string_equal(fx->d.v[0].pos.file, "pg_hba.conf");
	/* the first match rejects */
	assert_int_equal(run(fx, RULE_HBA_NO_LOCAL_SUPERUSER,
	    "local all all reject\n"
	    "host all all all reject\n"
	    "local all postgres peer\n"
	    "host all postgres 127.0.0.1/32 scram-sha-256\n"), 1);
	/* replication lines and other users do not let it in */
	assert_int_equal(run(fx, RULE_HBA_NO_LOCAL_SUPERUSER,
	    "local replication all peer\n"
	    "local all app peer\n"
	    "host postgres postgres 10.0.0.0/8 scram-sha-256\n"), 1);
}

static void
no_local_superuser_quiet(void **state)
{
	struct fx	*fx = *state;
	const char	*t;

	assert_int_equal(run(fx, RULE_HBA_NO_LOCAL_SUPERUSER,
	    "local all postgres peer\n"), 0);
	assert_int_equal(run(fx, RULE_HBA_NO_LOCAL_SUPERUSER,
	    "local all all reject\n"
	    "host template1 all ::1/128 scram-sha-256\n"), 0);
	/* a group may hold the superuser: pgpair cannot tell */
	assert_int_equal(run(fx, RULE_HBA_NO_LOCAL_SUPERUSER,
	    "local all +dba peer\n"), 0);
	/* a file the server refuses is not loaded */
	t = "host app app 10.0.0.0/8 nosuch\n";
	assert_int_equal(run_len(fx, RULE_HBA_NO_LOCAL_SUPERUSER, 16, NULL,
	    t, strlen(t), 1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(replication_all_fires, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(replication_all_quiet, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(shadowed_fires, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(shadowed_quiet, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(shadowed_coverage, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(as_read_agrees, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(shadowed_large, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(weak_auth_fires, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(weak_auth_quiet, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(replication_everywhere_fires,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(replication_everywhere_quiet,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(host_bits_fires, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(host_bits_quiet, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(no_local_superuser_fires,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(no_local_superuser_quiet,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for quote.c: exact output for every target on plain and
 * hostile input (quotes, blanks, newlines, $(...), backticks, semicolons,
 * backslashes, non-ASCII), and a round trip of quote_shell through a real
 * bash.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "arena.h"
#include "quote.h"
#include "strbuf.h"

typedef char	*quote_fn(struct arena *, const char *);

struct qcase {
	const char	*in;
	const char	*out;		/* NULL: the function must refuse */
};

/* Hostile strings every target must survive. */
static const char *const hostile[] = {
	"",
	" ",
	"plain",
	"two words",
	"it's",
	"''",
	"'\\''",
	"\"double\"",
	"a\nb",
	"trailing newline\n",
	"\r\n",
	"tab\there",
	"$(touch /tmp/pgpair-pwned)",
	"${HOME}",
	"$HOME",
	"`id`",
	"a; rm -rf /",
	"a && b || c",
	"a | b > c < d",
	"back\\slash",
	"\\",
	"\\'",
	"'\\",
	"*?[a-z]",
	"~root",
	"#comment",
	"-n",
	"--",
	"!!",
	"{a,b}",
	"a=b",
	"%1",
	"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x98",
	"\xd0\xbf\xd0\xb0\xd1\x80\xd0\xbe\xd0\xbb\xd1\x8c",
	"\x01\x02\x7f",
	"\xff\xfe",
	"x\\\ny",
};

static void
run_cases(quote_fn *fn, const struct qcase *c, size_t n)
{
	struct arena	*a = arena_new();
	char		*r;

	for (size_t i = 0; i < n; i++) {
		r = fn(a, c[i].in);
		if (c[i].out == NULL && r != NULL)
			fail_msg("case %zu: got [%s], expected NULL", i, r);
		if (c[i].out != NULL && (r == NULL || strcmp(r, c[i].out) != 0))
			fail_msg("case %zu: got [%s], expected [%s]", i,
			    r == NULL ? "(null)" : r, c[i].out);
	}
	arena_free(a);
}

static void
test_shell(void **state)
{
	static const struct qcase c[] = {
		{ "", "''" },
		{ "pg1", "pg1" },
		{ "/var/lib/pgsql/15/data", "/var/lib/pgsql/15/data" },
		{ "host=a,b:5432@x%y+z=w", "host=a,b:5432@x%y+z=w" },
		{ "two words", "'two words'" },
		{ "it's", "'it'\\''s'" },
		{ "'", "''\\'''" },
		{ "$(id)", "'$(id)'" },
		{ "`id`", "'`id`'" },
		{ "a;b", "'a;b'" },
		{ "a\nb", "'a\nb'" },
		{ "back\\slash", "'back\\slash'" },
		{ "~root", "'~root'" },
		{ "*", "'*'" },
		{ "caf\xc3\xa9", "'caf\xc3\xa9'" },
		{ "!x", "'!x'" },
	};

	(void)state;
	run_cases(quote_shell, c, sizeof(c) / sizeof(c[0]));
}

/*
 * What a real bash makes of the quoted word: run
 * bash -c 'printf %s <quoted>' and compare the output byte for byte.
 */
static void
test_shell_round_trip(void **state)
{
	struct arena	*a = arena_new();
	struct strbuf	 cmd = STRBUF_INIT, out = STRBUF_INIT;
	char		 buf[4096], extra[64];
	const char	*q;
	FILE		*fp;
	size_t		 n, i, j;
	int		 st;

	(void)state;
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]) + 256; i++) {
		const char *s;

		if (i < sizeof(hostile) / sizeof(hostile[0]))
			s = hostile[i];
		else {
			/* Every byte value 1..255, alone and in context. */
			j = i - sizeof(hostile) / sizeof(hostile[0]);
			if (j == 0)
				continue;
			snprintf(extra, sizeof(extra), "x%cy'%c", (int)j,
			    (int)j);
			s = extra;
		}
		q = quote_shell(a, s);
		/* The outer command line is quoted by quote_shell too. */
		strbuf_reset(&cmd);
		strbuf_addstr(&cmd, "bash --norc --noprofile -c ");
		strbuf_addstr(&cmd, quote_shell(a, arena_printf(a,
		    "printf %%s %s", q)));
		fp = popen(cmd.buf, "r");
		assert_non_null(fp);
		strbuf_reset(&out);
		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			strbuf_add(&out, buf, n);
		st = pclose(fp);
		if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fail_msg("bash failed on [%s] (status %d)", q, st);
		if (out.len != strlen(s) || memcmp(out.buf, s, out.len) != 0)
			fail_msg("round trip of [%s] gave [%s]", s, out.buf);
	}
	strbuf_release(&cmd);
	strbuf_release(&out);
	arena_free(a);
}

static void
test_sql_ident(void **state)
{
	static const struct qcase c[] = {
		{ "", NULL },
		{ "replica", "replica" },
		{ "_x1$", "_x1$" },
		{ "Replica", "\"Replica\"" },
		{ "1abc", "\"1abc\"" },
		{ "$x", "\"$x\"" },
		{ "a b", "\"a b\"" },
		{ "a\"b", "\"a\"\"b\"" },
		{ "\"", "\"\"\"\"" },
		{ "x\"; DROP TABLE t; --", "\"x\"\"; DROP TABLE t; --\"" },
		{ "it's", "\"it's\"" },
		{ "a\nb", "\"a\nb\"" },
		{ "back\\slash", "\"back\\slash\"" },
		{ "caf\xc3\xa9", "\"caf\xc3\xa9\"" },
		{ "$(id)", "\"$(id)\"" },
		/* reserved, type/function-name and column-name keywords */
		{ "user", "\"user\"" },
		{ "all", "\"all\"" },
		{ "select", "\"select\"" },
		{ "current_user", "\"current_user\"" },
		{ "authorization", "\"authorization\"" },
		{ "left", "\"left\"" },
		{ "none", "\"none\"" },
		{ "int", "\"int\"" },
		{ "json_table", "\"json_table\"" },
		{ "system_user", "\"system_user\"" },
		{ "xmltable", "\"xmltable\"" },
		{ "zone", "zone" },		/* unreserved */
		{ "replication", "replication" },
		{ "role", "role" },
		{ "users", "users" },
		{ "selects", "selects" },
		/* 63 bytes, and 64 which the server would cut to 63; the
		 * limit is on the name, not on its quoted form */
		{ "a23456789012345678901234567890123456789012345678901234567890123",
		  "a23456789012345678901234567890123456789012345678901234567890123" },
		{ "a234567890123456789012345678901234567890123456789012345678901234",
		  NULL },
		{ "\"23456789012345678901234567890123456789012345678901234567890123",
		  "\"\"\"23456789012345678901234567890123456789012345678901234567890123\"" },
	};

	(void)state;
	run_cases(quote_sql_ident, c, sizeof(c) / sizeof(c[0]));
}

static void
test_sql_literal(void **state)
{
	static const struct qcase c[] = {
		{ "", "''" },
		{ "abc", "'abc'" },
		{ "it's", "'it''s'" },
		{ "'; DROP ROLE x; --", "'''; DROP ROLE x; --'" },
		{ "back\\slash", "E'back\\\\slash'" },
		{ "\\'", "E'\\\\'''" },
		{ "\\", "E'\\\\'" },
		{ "a\nb", "'a\nb'" },
		{ "\"q\"", "'\"q\"'" },
		{ "$$x$$", "'$$x$$'" },
		{ "caf\xc3\xa9", "'caf\xc3\xa9'" },
		{ "$(id) `id`", "'$(id) `id`'" },
	};

	(void)state;
	run_cases(quote_sql_literal, c, sizeof(c) / sizeof(c[0]));
}

static void
test_conf_value(void **state)
{
	static const struct qcase c[] = {
		{ "", "''" },
		{ "60s", "'60s'" },
		{ "it's", "'it''s'" },
		{ "back\\slash", "'back\\\\slash'" },
		{ "\\'", "'\\\\'''" },
		{ "a\nb", NULL },
		{ "a\rb", NULL },
		{ "x\n", NULL },
		{ "# not a comment", "'# not a comment'" },
		{ "user=replica password='x y'",
		    "'user=replica password=''x y'''" },
		{ "caf\xc3\xa9", "'caf\xc3\xa9'" },
		{ "$(id);`id`", "'$(id);`id`'" },
	};

	(void)state;
	run_cases(quote_conf_value, c, sizeof(c) / sizeof(c[0]));
}

static void
test_hba_token(void **state)
{
	static char	 long_ok[254], long_bad[255];
	static struct qcase c[] = {
		{ "", "\"\"" },
		{ "replica", "replica" },
		{ "192.168.0.0/24", "192.168.0.0/24" },
		{ "scram-sha-256", "scram-sha-256" },
		{ "a b", "\"a b\"" },
		{ "a\tb", "\"a\tb\"" },
		{ "a,b", "\"a,b\"" },
		{ "a#b", "\"a#b\"" },
		{ "it's", "\"it's\"" },
		{ "+group", "\"+group\"" },
		{ "@file", "\"@file\"" },
		/* a regular expression from PG 16 on, even quoted */
		{ "/^regex$", NULL },
		{ "/", NULL },
		{ "a/b", "a/b" },
		{ "a+b@c/d", "a+b@c/d" },
		{ "all", "\"all\"" },
		{ "ALL", "\"ALL\"" },
		{ "replication", "\"replication\"" },
		{ "sameuser", "\"sameuser\"" },
		{ "samerole", "\"samerole\"" },
		{ "samegroup", "\"samegroup\"" },
		{ "samehost", "\"samehost\"" },
		{ "samenet", "\"samenet\"" },
		{ "include", "\"include\"" },
		{ "a\"b", NULL },
		{ "\"", NULL },
		{ "a\nb", NULL },
		{ "a\rb", NULL },
		{ "back\\slash", "back\\slash" },
		{ "$(id)", "$(id)" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
		{ NULL, NULL },		/* long_ok */
		{ NULL, NULL },		/* long_bad */
	};
	size_t		 n = sizeof(c) / sizeof(c[0]);
	struct arena	*a = arena_new();
	char		*r;

	(void)state;
	memset(long_ok, 'x', sizeof(long_ok) - 1);
	memset(long_bad, 'x', sizeof(long_bad) - 1);
	c[n - 2].in = long_ok;
	c[n - 2].out = long_ok;
	c[n - 1].in = long_bad;
	run_cases(quote_hba_token, c, n);
	long_ok[0] = ' ';
	r = quote_hba_token(a, long_ok);
	assert_non_null(r);
	assert_int_equal(strlen(r), 255);
	arena_free(a);
}

static void
test_hba_marked(void **state)
{
	static char	 long_ok[253], long_bad[254];
	struct arena	*a = arena_new();

	(void)state;
	assert_string_equal(quote_hba_marked(a, '+', "admins"), "+admins");
	assert_string_equal(quote_hba_marked(a, '@', "/etc/users"),
	    "@/etc/users");
	assert_string_equal(quote_hba_marked(a, '+', "/x"), "+/x");
	assert_string_equal(quote_hba_marked(a, '+', "all"), "+all");
	assert_string_equal(quote_hba_marked(a, '@', "a b"), "@\"a b\"");
	assert_string_equal(quote_hba_marked(a, '+', "a,b"), "+\"a,b\"");
	assert_string_equal(quote_hba_marked(a, '+', ""), "+\"\"");
	assert_null(quote_hba_marked(a, '+', "a\"b"));
	assert_null(quote_hba_marked(a, '@', "a\nb"));
	assert_null(quote_hba_marked(a, '-', "a"));
	/* marker, quotes and 252 bytes fill the 256-byte buffer of 12-15 */
	memset(long_ok, ' ', sizeof(long_ok) - 1);
	memset(long_bad, ' ', sizeof(long_bad) - 1);
	assert_int_equal(strlen(quote_hba_marked(a, '+', long_ok)), 255);
	assert_null(quote_hba_marked(a, '+', long_bad));
	arena_free(a);
}

static void
test_conninfo_value(void **state)
{
	static const struct qcase c[] = {
		{ "", "''" },
		{ "replica", "replica" },
		{ "192.168.0.10", "192.168.0.10" },
		{ "/var/run/postgresql", "/var/run/postgresql" },
		{ "a b", "'a b'" },
		{ "it's", "'it\\'s'" },
		{ "back\\slash", "'back\\\\slash'" },
		{ "a=b", "'a=b'" },
		{ "x password=evil", "'x password=evil'" },
		{ "a\nb", "'a\nb'" },
		{ "caf\xc3\xa9", "'caf\xc3\xa9'" },
		{ "$(id)", "'$(id)'" },
	};

	(void)state;
	run_cases(quote_conninfo_value, c, sizeof(c) / sizeof(c[0]));
}

static void
test_pgpass_field(void **state)
{
	static const struct qcase c[] = {
		{ "", "" },
		{ "replica", "replica" },
		{ "a:b", "a\\:b" },
		{ "back\\slash", "back\\\\slash" },
		{ "\\:", "\\\\\\:" },
		{ "*", "\\*" },
		{ "a*", "a*" },
		{ "#host", "\\#host" },
		{ "a#", "a#" },
		{ "a b'\"$(id);`x`", "a b'\"$(id);`x`" },
		{ "a\nb", NULL },
		{ "a\r", NULL },
		{ "::1", "\\:\\:1" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
	};

	(void)state;
	run_cases(quote_pgpass_field, c, sizeof(c) / sizeof(c[0]));
}

/* Properties every quoter must have on every hostile string. */
static void
test_hostile_all(void **state)
{
	struct arena	*a = arena_new();
	const char	*s, *r;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		s = hostile[i];
		/* shell: never NULL, bare only for the safe set */
		r = quote_shell(a, s);
		assert_non_null(r);
		if (strcmp(r, s) == 0)
			assert_true(*s != '\0' && s[strspn(s,
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "abcdefghijklmnopqrstuvwxyz"
			    "0123456789_@%+=:,./-")] == '\0');
		/* SQL literal: never NULL, starts with ' or E' */
		r = quote_sql_literal(a, s);
		assert_non_null(r);
		assert_true(r[0] == '\'' || (r[0] == 'E' && r[1] == '\''));
		/* conf: NULL exactly for newlines */
		r = quote_conf_value(a, s);
		assert_int_equal(r == NULL, strpbrk(s, "\r\n") != NULL);
		/* hba: NULL exactly for newlines, double quotes and a
		 * leading / */
		r = quote_hba_token(a, s);
		assert_int_equal(r == NULL, strpbrk(s, "\r\n\"") != NULL ||
		    *s == '/');
		/* SQL identifier: NULL only for "" (and over 63 bytes) */
		r = quote_sql_ident(a, s);
		assert_int_equal(r == NULL, *s == '\0');
		assert_non_null(quote_conninfo_value(a, s));
		r = quote_pgpass_field(a, s);
		assert_int_equal(r == NULL, strpbrk(s, "\r\n") != NULL);
	}
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shell),
		cmocka_unit_test(test_shell_round_trip),
		cmocka_unit_test(test_sql_ident),
		cmocka_unit_test(test_sql_literal),
		cmocka_unit_test(test_conf_value),
		cmocka_unit_test(test_hba_token),
		cmocka_unit_test(test_hba_marked),
		cmocka_unit_test(test_conninfo_value),
		cmocka_unit_test(test_pgpass_field),
		cmocka_unit_test(test_hostile_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

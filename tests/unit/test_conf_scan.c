/*
 * Unit tests for conf_scan.c and srcfile.c: guc-file.l's tokens and its
 * longest-match ties, exact lines and columns (after multibyte UTF-8 and
 * invalid bytes), comments, NUL bytes, and DeescapeQuotedString()'s
 * decoding of quoted values.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "conf_scan.h"
#include "diag.h"
#include "srcfile.h"

/* Scan all of buf (len bytes) into toks; returns the count, EOF included. */
static size_t
scan_all(struct arena *a, const char *buf, size_t len,
    struct conf_token *toks, size_t max)
{
	struct conf_scanner	 sc;
	struct srcfile		*sf;
	size_t			 n = 0;

	sf = srcfile_from_mem(a, "t.conf", buf, len);
	conf_scan_init(&sc, sf);
	while (n < max) {
		if (conf_scan_next(&sc, &toks[n++]) == CONF_TOK_EOF)
			break;
	}
	return n;
}

static void
test_line_tokens(void **state)
{
	static const char	 in[] = "port = 5432 # the port\n\nname 'x'";
	struct arena		*a = arena_new();
	struct conf_token	 t[16];
	size_t			 n;

	(void)state;
	n = scan_all(a, in, sizeof(in) - 1, t, 16);
	assert_int_equal(n, 8);
	assert_int_equal(t[0].type, CONF_TOK_ID);
	assert_int_equal(t[0].off, 0);
	assert_int_equal(t[0].len, 4);
	assert_int_equal(t[1].type, CONF_TOK_EQUALS);
	assert_int_equal(t[1].off, 5);
	assert_int_equal(t[2].type, CONF_TOK_INTEGER);
	assert_int_equal(t[2].off, 7);
	assert_int_equal(t[2].len, 4);
	/* The comment is eaten; the '\n' after it is the EOL token. */
	assert_int_equal(t[3].type, CONF_TOK_EOL);
	assert_int_equal(t[3].off, 22);
	assert_int_equal(t[3].line, 1);
	assert_int_equal(t[4].type, CONF_TOK_EOL);
	assert_int_equal(t[4].line, 2);
	assert_int_equal(t[5].type, CONF_TOK_ID);
	assert_int_equal(t[5].line, 3);
	assert_int_equal(t[6].type, CONF_TOK_STRING);
	assert_int_equal(t[6].len, 3);
	assert_int_equal(t[7].type, CONF_TOK_EOF);
	assert_int_equal(t[7].off, sizeof(in) - 1);
	arena_free(a);
}

/* One token at the start of the input: its kind and length in bytes. */
struct first_case {
	const char	*in;
	size_t		 inlen;		/* 0: strlen(in) */
	enum conf_tok	 type;
	size_t		 len;
};

static void
test_first_token(void **state)
{
	static const struct first_case cases[] = {
		{ "abc", 0, CONF_TOK_ID, 3 },
		{ "_x9", 0, CONF_TOK_ID, 3 },
		/* ID and QUALIFIED_ID tie with UNQUOTED_STRING and win. */
		{ "a.b", 0, CONF_TOK_QUALIFIED_ID, 3 },
		{ "pg_stat_statements.max", 0, CONF_TOK_QUALIFIED_ID, 22 },
		/* Longer than any ID form: an unquoted string. */
		{ "a.b.c", 0, CONF_TOK_UNQUOTED, 5 },
		{ "a.1", 0, CONF_TOK_UNQUOTED, 3 },
		{ "a.", 0, CONF_TOK_UNQUOTED, 2 },
		{ "en_US.UTF-8", 0, CONF_TOK_UNQUOTED, 11 },
		{ "pg_log/x:y-z", 0, CONF_TOK_UNQUOTED, 12 },
		{ "5432", 0, CONF_TOK_INTEGER, 4 },
		{ "128MB", 0, CONF_TOK_INTEGER, 5 },
		{ "-12kB", 0, CONF_TOK_INTEGER, 5 },
		{ "+3", 0, CONF_TOK_INTEGER, 2 },
		{ "0x1F", 0, CONF_TOK_INTEGER, 4 },
		{ "0x", 0, CONF_TOK_INTEGER, 2 },
		{ "9a_b", 0, CONF_TOK_INTEGER, 2 },
		/* No exponent on integers: "1e" and then "5". */
		{ "1e5", 0, CONF_TOK_INTEGER, 2 },
		{ "1.5", 0, CONF_TOK_REAL, 3 },
		{ "1.5GB", 0, CONF_TOK_REAL, 3 },
		{ ".", 0, CONF_TOK_REAL, 1 },
		{ "-.", 0, CONF_TOK_REAL, 2 },
		{ "1.0e5", 0, CONF_TOK_REAL, 5 },
		{ "1.0e-5x", 0, CONF_TOK_REAL, 6 },
		{ "1.0e", 0, CONF_TOK_REAL, 3 },
		{ "'a''b'", 0, CONF_TOK_STRING, 6 },
		{ "'a'''", 0, CONF_TOK_STRING, 5 },
		{ "'a'' ", 0, CONF_TOK_STRING, 3 },
		{ "'a\\'b'", 0, CONF_TOK_STRING, 6 },
		{ "'#x' # y", 0, CONF_TOK_STRING, 4 },
		{ "''", 0, CONF_TOK_STRING, 2 },
		/* Unterminated, or a backslash before the newline. */
		{ "'abc", 0, CONF_TOK_ERROR, 1 },
		{ "'a\\\n'", 0, CONF_TOK_ERROR, 1 },
		{ "'C:\\'", 0, CONF_TOK_ERROR, 1 },
		{ "=", 0, CONF_TOK_EQUALS, 1 },
		{ "==", 0, CONF_TOK_EQUALS, 1 },
		{ "-", 0, CONF_TOK_ERROR, 1 },
		{ "/var/lib", 0, CONF_TOK_ERROR, 1 },
		{ "\"x\"", 0, CONF_TOK_ERROR, 1 },
		{ "$x", 0, CONF_TOK_ERROR, 1 },
		/* Bytes 0x80-0xff are letters, UTF-8 or not. */
		{ "\xc3\xa9t\xc3\xa9", 0, CONF_TOK_ID, 5 },
		{ "\xff\xfe", 0, CONF_TOK_ID, 2 },
		{ "\0x", 2, CONF_TOK_ERROR, 1 },
		/* A NUL is any other byte inside quotes. */
		{ "'a\0b'", 5, CONF_TOK_STRING, 5 },
		{ "", 0, CONF_TOK_EOF, 0 },
		{ "   # only a comment", 0, CONF_TOK_EOF, 0 },
	};
	struct arena		*a = arena_new();
	struct conf_token	 t[4];
	size_t			 i, len;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = cases[i].inlen != 0 ? cases[i].inlen :
		    strlen(cases[i].in);
		scan_all(a, cases[i].in, len, t, 1);
		if (t[0].type != cases[i].type || t[0].len != cases[i].len)
			fail_msg("\"%s\": got %s/%zu, want %s/%zu", cases[i].in,
			    conf_tok_name(t[0].type), t[0].len,
			    conf_tok_name(cases[i].type), cases[i].len);
	}
	arena_free(a);
}

static void
test_cr_and_blanks(void **state)
{
	static const char	 in[] = "\ta\t=\r1\r\n";
	struct arena		*a = arena_new();
	struct conf_token	 t[8];
	size_t			 n;

	(void)state;
	n = scan_all(a, in, sizeof(in) - 1, t, 8);
	assert_int_equal(n, 5);
	assert_int_equal(t[0].type, CONF_TOK_ID);
	assert_int_equal(t[0].off, 1);
	assert_int_equal(t[1].type, CONF_TOK_EQUALS);
	assert_int_equal(t[2].type, CONF_TOK_INTEGER);
	assert_int_equal(t[2].len, 1);
	assert_int_equal(t[3].type, CONF_TOK_EOL);
	assert_int_equal(t[4].type, CONF_TOK_EOF);
	assert_int_equal(t[4].line, 2);
	arena_free(a);
}

static void
test_positions_utf8(void **state)
{
	/* é and ü are two bytes, € three, 😀 four; \xff is invalid. */
	static const char	 in[] =
	    "x = 1\n\xc3\xa9 = '\xc3\xbc\xe2\x82\xac' tok\n"
	    "\xf0\x9f\x98\x80\t\xff\x80 z\n";
	struct arena		*a = arena_new();
	struct srcfile		*sf;
	struct pos		 p;
	const char		*line;
	size_t			 len, off;

	(void)state;
	sf = srcfile_from_mem(a, "t.conf", in, sizeof(in) - 1);
	/* four lines: the last one, after the final newline, is empty */
	assert_non_null(srcfile_line(sf, 4, &len));
	assert_int_equal(len, 0);
	assert_null(srcfile_line(sf, 5, &len));
	assert_int_equal(sf->nlines, 4);
	p = srcfile_pos(sf, 0);
	assert_string_equal(p.file, "t.conf");
	assert_int_equal(p.line, 1);
	assert_int_equal(p.col, 1);
	/* "tok": é, space, =, space, 'ü€', space -> column 10. */
	off = (size_t)(strstr(in, "tok") - in);
	p = srcfile_pos(sf, off);
	assert_int_equal(p.line, 2);
	assert_int_equal(p.col, 10);
	/* "z": 😀 tab, then two invalid bytes (one column each), space. */
	off = (size_t)(strchr(in, 'z') - in);
	p = srcfile_pos(sf, off);
	assert_int_equal(p.line, 3);
	assert_int_equal(p.col, 6);
	/* The end of the buffer is on the empty last line. */
	p = srcfile_pos(sf, sizeof(in) - 1);
	assert_int_equal(p.line, 4);
	assert_int_equal(p.col, 1);
	line = srcfile_line(sf, 2, &len);
	assert_non_null(line);
	assert_int_equal(len, strlen("\xc3\xa9 = '\xc3\xbc\xe2\x82\xac' tok"));
	assert_null(srcfile_line(sf, 5, &len));
	arena_free(a);
}

static void
test_utf8_len(void **state)
{
	(void)state;
	assert_int_equal(srcfile_utf8_len((const unsigned char *)"a", 1), 1);
	assert_int_equal(srcfile_utf8_len(
	    (const unsigned char *)"\xc3\xa9", 2), 2);
	/* Truncated, overlong, surrogate, above U+10FFFF, stray. */
	assert_int_equal(srcfile_utf8_len(
	    (const unsigned char *)"\xc3\xa9", 1), 0);
	assert_int_equal(srcfile_utf8_len(
	    (const unsigned char *)"\xc0\xaf", 2), 0);
	assert_int_equal(srcfile_utf8_len(
	    (const unsigned char *)"\xe0\x80\xaf", 3), 0);
	assert_int_equal(srcfile_utf8_len(
	    (const unsigned char *)"\xed\xa0\x80", 3), 0);
	assert_int_equal(srcfile_utf8_len(
	    (const unsigned char *)"\xf4\x90\x80\x80", 4), 0);
	assert_int_equal(srcfile_utf8_len((const unsigned char *)"\x80", 1),
	    0);
}

static void
test_token_lines(void **state)
{
	static const char	 in[] = "a 1\nb 'x\\ny'\n\nc = d # e\n";
	struct arena		*a = arena_new();
	struct conf_token	 t[16];
	size_t			 n;

	(void)state;
	n = scan_all(a, in, sizeof(in) - 1, t, 16);
	assert_int_equal(n, 12);
	assert_int_equal(t[3].line, 2);		/* b */
	assert_int_equal(t[4].type, CONF_TOK_STRING);
	assert_int_equal(t[4].line, 2);
	assert_int_equal(t[6].type, CONF_TOK_EOL);
	assert_int_equal(t[6].line, 3);
	assert_int_equal(t[7].line, 4);		/* c */
	assert_int_equal(t[9].type, CONF_TOK_ID);	/* d */
	assert_int_equal(t[10].type, CONF_TOK_EOL);
	arena_free(a);
}

/* A quoted token and its decoded value; the value may hold no NUL. */
struct unquote_case {
	const char	*in;
	size_t		 inlen;		/* 0: strlen(in) */
	const char	*want;
};

static void
test_unquote(void **state)
{
	static const struct unquote_case cases[] = {
		{ "''", 0, "" },
		{ "'plain'", 0, "plain" },
		{ "'it''s'", 0, "it's" },
		{ "'a'''", 0, "a'" },
		{ "'it\\'s'", 0, "it's" },
		{ "'a\\\\b'", 0, "a\\b" },
		{ "'\\b\\f\\n\\r\\t'", 0, "\b\f\n\r\t" },
		{ "'\\101\\102C'", 0, "ABC" },
		{ "'\\61'", 0, "1" },
		/* At most three octal digits: \123 then '4'. */
		{ "'\\1234'", 0, "S4" },
		/* \777 is 511: the byte 0xff. */
		{ "'\\777'", 0, "\xff" },
		/* \0 and \400 make a NUL byte, which ends the value. */
		{ "'ab\\0cd'", 0, "ab" },
		{ "'ab\\400cd'", 0, "ab" },
		/* Any other escaped byte is itself. */
		{ "'\\x\\q\\8\\#'", 0, "xq8#" },
		{ "'\\''", 0, "'" },
		{ "'# not a comment'", 0, "# not a comment" },
		{ "'\xc3\xa9'", 0, "\xc3\xa9" },
		/*
		 * A raw NUL inside the quotes: the server's C string ends there
		 * and the byte before it is taken for the closing quote.
		 */
		{ "'abc\0de'", 8, "ab" },
		{ "'\0'", 3, "" },
	};
	struct arena	*a = arena_new();
	const char	*got;
	size_t		 i, len;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = cases[i].inlen != 0 ? cases[i].inlen :
		    strlen(cases[i].in);
		got = conf_scan_unquote(a, cases[i].in, len);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu %s: got \"%s\", want \"%s\"", i,
			    cases[i].in, got, cases[i].want);
	}
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_tokens),
		cmocka_unit_test(test_first_token),
		cmocka_unit_test(test_cr_and_blanks),
		cmocka_unit_test(test_positions_utf8),
		cmocka_unit_test(test_utf8_len),
		cmocka_unit_test(test_token_lines),
		cmocka_unit_test(test_unquote),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

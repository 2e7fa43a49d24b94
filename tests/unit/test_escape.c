/*
 * Unit tests for escape.c: the escaping policy of each output format, on
 * the bytes that need it, and the columns esc_char() gives characters.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escape.h"

/* What esc_put() writes for the n bytes at s, in mode. */
static char *
put(enum esc_mode mode, const char *s, size_t n)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	esc_put(fp, mode, s, n);
	fclose(fp);
	return buf;
}

static void
check(enum esc_mode mode, const char *in, size_t n, const char *want)
{
	char	*got = put(mode, in, n);

	assert_string_equal(got, want);
	free(got);
}

#define CHECK(mode, lit, want)	check((mode), (lit), sizeof(lit) - 1, (want))

/* Valid UTF-8 and plain ASCII go out as they are, in every format. */
static void
test_plain(void **state)
{
	(void)state;
	CHECK(ESC_TEXT, "host all \xc3\xa9t\xc3\xa9 md5", "host all \xc3\xa9t\xc3\xa9 md5");
	CHECK(ESC_JSON, "caf\xc3\xa9 \xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac");
	CHECK(ESC_GITHUB_MSG, "a: b, c", "a: b, c");
}

/* A byte that starts no valid sequence is \xNN in every format. */
static void
test_invalid_bytes(void **state)
{
	(void)state;
	/* stray continuation, overlong '/', surrogate, truncated, 0xff */
	CHECK(ESC_TEXT, "a\x80" "b\xc0\xaf" "c\xed\xa0\x80" "d\xe2\x82" "e\xff",
	    "a\\x80b\\xc0\\xafc\\xed\\xa0\\x80d\\xe2\\x82e\\xff");
	CHECK(ESC_JSON, "a\x80" "b", "a\\\\x80b");
	CHECK(ESC_GITHUB_MSG, "a\xfe", "a\\xfe");
	CHECK(ESC_GITHUB_PROP, "a\xfe", "a\\xfe");
	/* a URI carries the byte itself, percent-encoded */
	CHECK(ESC_URI, "d\xff/x y.conf", "d%FF/x%20y.conf");
}

/* Control characters never reach a terminal; a tab and a line break do. */
static void
test_controls(void **state)
{
	(void)state;
	CHECK(ESC_TEXT, "\x1b[31mred\x1b]0;t\x07\tx\ny\r\x7f",
	    "\\x1b[31mred\\x1b]0;t\\x07\tx\ny\\x0d\\x7f");
	/* C1 (CSI as U+009B) and bidi overrides are characters: \uNNNN */
	CHECK(ESC_TEXT, "\xc2\x9b" "2J \xe2\x80\xae" "abc", "\\u009b2J \\u202eabc");
	CHECK(ESC_JSON, "\x1b\t\n\r\"\\\x01\xc2\x85\xe2\x80\xa8",
	    "\\u001b\\t\\n\\r\\\"\\\\\\u0001\\u0085\\u2028");
	CHECK(ESC_JSON, "a\0b", "a\\u0000b");
}

/* GitHub: %, CR and LF in messages; and : and , in properties. */
static void
test_github(void **state)
{
	(void)state;
	CHECK(ESC_GITHUB_MSG, "50% a:b,c\r\nd\x1b", "50%25 a:b,c%0D%0Ad\\x1b");
	CHECK(ESC_GITHUB_PROP, "50% a:b,c\r\nd", "50%25 a%3Ab%2Cc%0D%0Ad");
}

/* URIs keep the unreserved characters and '/', encode the rest. */
static void
test_uri(void **state)
{
	(void)state;
	CHECK(ESC_URI, "db/pg_hba.conf~-", "db/pg_hba.conf~-");
	CHECK(ESC_URI, "a:b/c%d#e?f \xc3\xa9", "a%3Ab/c%25d%23e%3Ff%20%C3%A9");
}

/* esc_char(): lengths, code points and columns as written in text. */
static void
test_char(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
		long		 cp;
		unsigned	 width;
	} cases[] = {
		{ "a", 1, 'a', 1 },
		{ "\t", 1, '\t', 1 },
		{ "\x1b", 1, 0x1b, 4 },
		{ "\xc3\xa9", 2, 0xe9, 1 },
		{ "e\xcc\x81", 1, 'e', 1 },
		{ "\xcc\x81", 2, 0x301, 0 },
		{ "\xe6\x97\xa5", 3, 0x65e5, 2 },
		{ "\xf0\x9f\x98\x80", 4, 0x1f600, 2 },
		{ "\xc2\x85", 2, 0x85, 6 },
		{ "\xe2\x80\xae", 3, 0x202e, 6 },
		{ "\xff", 1, -1, 4 },
		{ "\xe2\x82", 1, -1, 4 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long		 cp;
		unsigned	 w;
		size_t		 len;

		len = esc_char((const unsigned char *)cases[i].s,
		    strlen(cases[i].s), &cp, &w);
		assert_int_equal(len, cases[i].len);
		assert_int_equal(cp, cases[i].cp);
		assert_int_equal(w, cases[i].width);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_invalid_bytes),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_github),
		cmocka_unit_test(test_uri),
		cmocka_unit_test(test_char),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for yaml_load.c: node positions (lines and character columns
 * from 1, also after multibyte characters), duplicate keys, libyaml errors,
 * aliases, documents, encodings, I/O errors and the scalar helpers.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
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
#include "yaml_load.h"

struct fx {
	struct arena	*a;
	struct diags	 d;
};

static int
setup(void **state)
{
	struct fx	*fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->a = arena_new();
	diags_init(&fx->d, fx->a);
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

static struct ynode *
load(struct fx *fx, const char *text)
{
	return yaml_load_string(fx->a, "t.yaml", text, strlen(text), &fx->d);
}

static void
assert_pos(const struct pos *p, unsigned line, unsigned col)
{
	if (p->line != line || p->col != col)
		fail_msg("position %u:%u, expected %u:%u", p->line, p->col,
		    line, col);
}

static void
assert_scalar(const struct ynode *n, const char *s, unsigned line,
    unsigned col)
{
	assert_non_null(n);
	assert_int_equal(n->kind, YNODE_SCALAR);
	assert_int_equal(n->len, strlen(s));
	assert_string_equal(n->str, s);
	assert_pos(&n->pos, line, col);
	assert_string_equal(n->pos.file, "t.yaml");
}

/* The only diagnostic, with its rule, position and message. */
static void
assert_one_diag(struct fx *fx, const char *rule, unsigned line, unsigned col,
    const char *msg)
{
	if (fx->d.n != 1) {
		for (size_t i = 0; i < fx->d.n; i++)
			print_message("diag: %u:%u %s\n", fx->d.v[i].pos.line,
			    fx->d.v[i].pos.col, fx->d.v[i].msg);
		fail_msg("%zu diagnostics, expected 1", fx->d.n);
	}
	if (rule == NULL)
		assert_null(fx->d.v[0].rule);
	else
		assert_string_equal(fx->d.v[0].rule, rule);
	assert_int_equal(fx->d.v[0].level, LEVEL_ERROR);
	assert_pos(&fx->d.v[0].pos, line, col);
	assert_string_equal(fx->d.v[0].msg, msg);
}

static void
test_positions(void **state)
{
	struct fx	*fx = *state;
	struct ynode	*root, *n, *node0;

	root = load(fx,
	    "cluster: shop\n"
	    "nodes:\n"
	    "  - name: pg1\n"
	    "    port: 5432\n"
	    "h\xc3\xa9llo:\n"				/* héllo */
	    "  \xd0\xba\xd0\xbb\xd1\x8e\xd1\x87: "	/* ключ */
	    "\xd0\xb7\xd0\xbd\xd0\xb0\xd1\x87\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5\n"
	    "  x: [\xc3\xa9, \"b\", 'c']\n"		/* [é, "b", 'c'] */
	    "  \xe2\x82\xac\xe2\x82\xac: "			/* €€: */
	    "\xf0\x9f\x90\x98 |\n"				/* 🐘 | */
	    "  lit: |\n"
	    "    text\n");
	assert_non_null(root);
	assert_int_equal(fx->d.n, 0);
	assert_int_equal(root->kind, YNODE_MAP);
	assert_pos(&root->pos, 1, 1);
	assert_int_equal(root->npairs, 3);

	assert_scalar(root->pairs[0].key, "cluster", 1, 1);
	assert_scalar(root->pairs[0].value, "shop", 1, 10);
	assert_int_equal(root->pairs[0].value->style, YSTYLE_PLAIN);

	n = ynode_get(root, "nodes");
	assert_non_null(n);
	assert_int_equal(n->kind, YNODE_SEQ);
	assert_pos(&n->pos, 3, 3);
	assert_int_equal(n->nitems, 1);
	node0 = n->items[0];
	assert_int_equal(node0->kind, YNODE_MAP);
	assert_pos(&node0->pos, 3, 5);
	assert_scalar(node0->pairs[1].key, "port", 4, 5);
	assert_scalar(ynode_get(node0, "port"), "5432", 4, 11);

	n = ynode_get(root, "h\xc3\xa9llo");
	assert_non_null(n);
	assert_int_equal(n->kind, YNODE_MAP);
	assert_pos(&n->pos, 6, 3);
	assert_scalar(n->pairs[0].key, "\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87",
	    6, 3);
	/* 4 two-byte characters and ": " before the value: column 9. */
	assert_scalar(n->pairs[0].value, "\xd0\xb7\xd0\xbd\xd0\xb0\xd1\x87"
	    "\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5", 6, 9);
	n = ynode_get(root->pairs[2].value, "x");
	assert_non_null(n);
	assert_int_equal(n->kind, YNODE_SEQ);
	assert_pos(&n->pos, 7, 6);
	assert_scalar(n->items[0], "\xc3\xa9", 7, 7);
	assert_scalar(n->items[1], "b", 7, 10);
	assert_int_equal(n->items[1]->style, YSTYLE_QUOTED);
	assert_scalar(n->items[2], "c", 7, 15);
	assert_int_equal(n->items[2]->style, YSTYLE_QUOTED);
	/* A 3-byte key and a 4-byte value: characters, not bytes. */
	n = root->pairs[2].value;
	assert_scalar(n->pairs[2].key, "\xe2\x82\xac\xe2\x82\xac", 8, 3);
	assert_scalar(n->pairs[2].value, "\xf0\x9f\x90\x98 |", 8, 7);
	assert_scalar(n->pairs[3].value, "text\n", 9, 8);
	assert_int_equal(n->pairs[3].value->style, YSTYLE_QUOTED);
}

static void
test_bom_and_crlf(void **state)
{
	struct fx	*fx = *state;
	struct ynode	*root;

	root = load(fx, "\xef\xbb\xbf" "a: 1\r\nb:  x\r\n");
	assert_non_null(root);
	assert_scalar(root->pairs[0].key, "a", 1, 1);
	assert_scalar(root->pairs[0].value, "1", 1, 4);
	assert_scalar(root->pairs[1].value, "x", 2, 5);
}

static void
test_duplicate_keys(void **state)
{
	struct fx	*fx = *state;
	struct ynode	*root;

	root = load(fx,
	    "a:\n"
	    "  port: 1\n"
	    "  b: {x: 1, \"x\": 2}\n"
	    "  port: 3\n"
	    "\"a\": x\n"
	    "'a': y\n"
	    "c: [{k: 1, k: 2}]\n");
	assert_null(root);
	assert_int_equal(fx->d.n, 5);
	diags_sort(&fx->d);
	for (size_t i = 0; i < fx->d.n; i++)
		assert_string_equal(fx->d.v[i].rule, "yaml-duplicate-key");
	assert_pos(&fx->d.v[0].pos, 3, 13);
	assert_string_equal(fx->d.v[0].msg,
	    "duplicate key \"x\" (first at line 3)");
	assert_pos(&fx->d.v[1].pos, 4, 3);
	assert_string_equal(fx->d.v[1].msg,
	    "duplicate key \"port\" (first at line 2)");
	assert_pos(&fx->d.v[2].pos, 5, 1);
	assert_string_equal(fx->d.v[2].msg,
	    "duplicate key \"a\" (first at line 1)");
	assert_pos(&fx->d.v[3].pos, 6, 1);
	assert_string_equal(fx->d.v[3].msg,
	    "duplicate key \"a\" (first at line 1)");
	assert_pos(&fx->d.v[4].pos, 7, 12);
	assert_string_equal(fx->d.v[4].pos.file, "t.yaml");
}

static void
test_near_duplicates(void **state)
{
	struct fx	*fx = *state;
	struct ynode	*root;

	/* Same key in different maps, and keys that differ only in case. */
	root = load(fx, "a: {port: 1}\nb: {port: 1}\nport: 2\nPort: 3\n"
	    "\"a\\0\": 4\n");
	assert_non_null(root);
	assert_int_equal(fx->d.n, 0);
	assert_int_equal(root->npairs, 5);
	assert_int_equal(root->pairs[4].key->len, 2);
}

static void
test_duplicate_key_shown_escaped(void **state)
{
	struct fx	*fx = *state;

	assert_null(load(fx, "\"a\\n\\\"b\": 1\n\"a\\n\\\"b\": 2\n"));
	assert_one_diag(fx, "yaml-duplicate-key", 2, 1,
	    "duplicate key \"a\\n\\\"b\" (first at line 1)");
}

static void
test_syntax_errors(void **state)
{
	struct fx	*fx = *state;

	assert_null(load(fx, "a: 1\nb: c: d\n"));
	assert_one_diag(fx, "yaml-syntax", 2, 5,
	    "mapping values are not allowed in this context");
}

static void
test_syntax_error_context(void **state)
{
	struct fx	*fx = *state;

	assert_null(load(fx, "a:\n  b: [1,\n"));
	assert_one_diag(fx, "yaml-syntax", 3, 1,
	    "did not find expected node content (while parsing a flow node)");
}

static void
test_syntax_error_context_elsewhere(void **state)
{
	struct fx	*fx = *state;

	assert_null(load(fx, "a: 1\nb: \"open\n"));
	assert_one_diag(fx, "yaml-syntax", 3, 1,
	    "found unexpected end of stream (while scanning a quoted scalar "
	    "that starts at line 2, column 4)");
}

static void
test_empty(void **state)
{
	struct fx	*fx = *state;
	static const char *const inputs[] = {
		"", "\n", "# only a comment\n", "---\n", "--- \n...\n",
	};
	struct ynode	*root;

	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		root = load(fx, inputs[i]);
		assert_non_null(root);
		assert_int_equal(root->kind, YNODE_MAP);
		assert_int_equal(root->npairs, 0);
		assert_int_equal(root->pos.line, 0);
		assert_string_equal(root->pos.file, "t.yaml");
	}
	assert_int_equal(fx->d.n, 0);

	/* An explicit null stays a scalar: the schema says what it wants. */
	root = load(fx, "~\n");
	assert_non_null(root);
	assert_int_equal(root->kind, YNODE_SCALAR);
	assert_true(ynode_is_null(root));
}

static void
test_aliases(void **state)
{
	struct fx	*fx = *state;
	struct ynode	*root, *base, *k;

	root = load(fx,
	    "base: &b {port: 5432, tags: [x]}\n"
	    "n1: *b\n"
	    "name: &nm pg1\n"
	    "n2: {copy: *nm}\n"
	    "*nm : aliased key\n");
	assert_non_null(root);
	assert_int_equal(fx->d.n, 0);
	base = ynode_get(root, "base");
	assert_non_null(base);
	assert_ptr_equal(ynode_get(root, "n1"), base);
	assert_ptr_equal(ynode_get(ynode_get(root, "n2"), "copy"),
	    ynode_get(root, "name"));
	/* An aliased key is a copy that points at the alias. */
	k = root->pairs[4].key;
	assert_scalar(k, "pg1", 5, 1);
	assert_scalar(ynode_get(root, "pg1"), "aliased key", 5, 7);
}

static void
test_alias_errors(void **state)
{
	struct fx	*fx = *state;

	assert_null(load(fx, "a: 1\nb: *nope\n"));
	assert_one_diag(fx, "yaml-syntax", 2, 4, "undefined alias \"nope\"");
	fx->d.n = 0;

	assert_null(load(fx, "a: &r [1, *r]\n"));
	assert_one_diag(fx, "yaml-syntax", 1, 11,
	    "alias \"r\" is inside the node it refers to");
	fx->d.n = 0;

	/* An alias to a mapping used as a key. */
	assert_null(load(fx, "a: &m {x: 1}\n*m : 2\n"));
	assert_one_diag(fx, "yaml-syntax", 2, 1,
	    "a mapping key must be a scalar, not a mapping");
}

static void
test_alias_bomb(void **state)
{
	struct fx	*fx = *state;

	/* "Billion laughs": 9^9 nodes once expanded. */
	assert_null(load(fx,
	    "a: &a [x, x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
	    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n"));
	assert_int_equal(fx->d.n, 1);
	assert_string_equal(fx->d.v[0].rule, "yaml-syntax");
	assert_non_null(strstr(fx->d.v[0].msg, "expands to more than"));
}

static void
test_multiple_documents(void **state)
{
	struct fx	*fx = *state;

	assert_null(load(fx, "a: 1\n---\nb: 2\n"));
	assert_one_diag(fx, "yaml-syntax", 2, 1,
	    "more than one document in the file");
	fx->d.n = 0;
	assert_null(load(fx, "---\na: 1\n...\n---\n"));
	assert_int_equal(fx->d.n, 1);
	assert_pos(&fx->d.v[0].pos, 4, 1);
}

static void
test_non_scalar_keys(void **state)
{
	struct fx	*fx = *state;

	assert_null(load(fx, "? [a, b]\n: c\n"));
	assert_one_diag(fx, "yaml-syntax", 1, 3,
	    "a mapping key must be a scalar, not a list");
	fx->d.n = 0;
	assert_null(load(fx, "x: {{a: 1}: 2}\n"));
	assert_one_diag(fx, "yaml-syntax", 1, 5,
	    "a mapping key must be a scalar, not a mapping");
}

static void
test_encoding_errors(void **state)
{
	struct fx	*fx = *state;
	static const char nul[] = "a: 1\nb: x\0y\n";

	assert_null(yaml_load_string(fx->a, "t.yaml", nul, sizeof(nul) - 1,
	    &fx->d));
	assert_one_diag(fx, "yaml-syntax", 2, 5, "NUL byte in the file");
	fx->d.n = 0;

	/* Latin-1 é after a UTF-8 é: column counts characters. */
	assert_null(load(fx, "a: 1\n\xc3\xa9: \xe9t\xe9\n"));
	assert_one_diag(fx, "yaml-syntax", 2, 4,
	    "invalid UTF-8 (byte 0xE9): the file must be UTF-8 text");
	fx->d.n = 0;

	/* Overlong '/', a surrogate, a truncated sequence at the end. */
	assert_null(load(fx, "a: \xc0\xaf\n"));
	assert_int_equal(fx->d.n, 1);
	assert_null(load(fx, "a: \xed\xa0\x80\n"));
	assert_int_equal(fx->d.n, 2);
	assert_null(load(fx, "a: \xe2\x82"));
	assert_int_equal(fx->d.n, 3);
	/* UTF-16 is not guessed from its byte order mark. */
	assert_null(load(fx, "\xff\xfe" "a\0"));
	assert_int_equal(fx->d.n, 4);
	fx->d.n = 0;

	/* A control character: libyaml's reader error, placed by offset. */
	assert_null(load(fx, "a: 1\nb: \xc3\xa9\x01\n"));
	assert_one_diag(fx, "yaml-syntax", 2, 5,
	    "control characters are not allowed (0x01)");
}

static void
test_tags(void **state)
{
	struct fx	*fx = *state;
	struct ynode	*root;
	int		 b;
	long long	 v;

	root = load(fx, "a: !!str true\nb: ! 12\nc: true\nd: !!str 12\n");
	assert_non_null(root);
	assert_int_equal(ynode_get(root, "a")->style, YSTYLE_QUOTED);
	assert_int_equal(ynode_bool(ynode_get(root, "a"), &b), -1);
	assert_int_equal(ynode_get(root, "b")->style, YSTYLE_QUOTED);
	assert_int_equal(ynode_int(ynode_get(root, "b"), &v), -1);
	assert_int_equal(ynode_bool(ynode_get(root, "c"), &b), 0);
	assert_int_equal(b, 1);
	assert_false(ynode_is_number(ynode_get(root, "d")));
}

static void
test_scalar_helpers(void **state)
{
	struct fx	*fx = *state;
	static const struct {
		const char	*text;
		int		 isnull, boolr, boolv, intr;
		long long	 intv;
		int		 num;
	} cases[] = {
		/* text		   null bool  v  int  value		num */
		{ "true",		0,  0, 1, -1, 0,		0 },
		{ "True",		0,  0, 1, -1, 0,		0 },
		{ "TRUE",		0,  0, 1, -1, 0,		0 },
		{ "false",		0,  0, 0, -1, 0,		0 },
		{ "FALSE",		0,  0, 0, -1, 0,		0 },
		{ "yes",		0, -1, 0, -1, 0,		0 },
		{ "on",			0, -1, 0, -1, 0,		0 },
		{ "tRUE",		0, -1, 0, -1, 0,		0 },
		{ "\"true\"",		0, -1, 0, -1, 0,		0 },
		{ "~",			1, -1, 0, -1, 0,		0 },
		{ "null",		1, -1, 0, -1, 0,		0 },
		{ "Null",		1, -1, 0, -1, 0,		0 },
		{ "NULL",		1, -1, 0, -1, 0,		0 },
		{ "nULL",		0, -1, 0, -1, 0,		0 },
		{ "''",			0, -1, 0, -1, 0,		0 },
		{ "0",			0, -1, 0,  0, 0,		1 },
		{ "-0",			0, -1, 0,  0, 0,		1 },
		{ "5432",		0, -1, 0,  0, 5432,		1 },
		{ "+12",		0, -1, 0,  0, 12,		1 },
		{ "-12",		0, -1, 0,  0, -12,		1 },
		{ "007",		0, -1, 0,  0, 7,		1 },
		{ "0x1F",		0, -1, 0,  0, 31,		1 },
		{ "0o17",		0, -1, 0,  0, 15,		1 },
		{ "0x",			0, -1, 0, -1, 0,		0 },
		{ "0o8",		0, -1, 0, -1, 0,		0 },
		{ "-0x1",		0, -1, 0, -1, 0,		0 },
		{ "1_000",		0, -1, 0, -1, 0,		0 },
		{ "12 ",		0, -1, 0,  0, 12,		1 },
		{ "'12'",		0, -1, 0, -1, 0,		0 },
		{ "9223372036854775807", 0, -1, 0, 0, LLONG_MAX,	1 },
		{ "-9223372036854775808", 0, -1, 0, 0, LLONG_MIN,	1 },
		{ "9223372036854775808", 0, -1, 0, -2, 0,		1 },
		{ "-9223372036854775809", 0, -1, 0, -2, 0,		1 },
		{ "99999999999999999999999", 0, -1, 0, -2, 0,		1 },
		{ "0x8000000000000000",	0, -1, 0, -2, 0,		1 },
		{ "1.5",		0, -1, 0, -1, 0,		1 },
		{ "-.5",		0, -1, 0, -1, 0,		1 },
		{ "1.",			0, -1, 0, -1, 0,		1 },
		{ "1e3",		0, -1, 0, -1, 0,		1 },
		{ "2.5E-3",		0, -1, 0, -1, 0,		1 },
		{ ".",			0, -1, 0, -1, 0,		0 },
		{ "1e",			0, -1, 0, -1, 0,		0 },
		{ ".inf",		0, -1, 0, -1, 0,		0 },
		{ ".nan",		0, -1, 0, -1, 0,		0 },
		{ "60s",		0, -1, 0, -1, 0,		0 },
		{ "1GB",		0, -1, 0, -1, 0,		0 },
		{ "\"5\"",		0, -1, 0, -1, 0,		0 },
	};
	struct ynode	*root, *n;
	char		 buf[128];
	long long	 v;
	int		 b;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf), "v: %s\n", cases[i].text);
		root = load(fx, buf);
		if (root == NULL)
			fail_msg("%s: not loaded", cases[i].text);
		n = ynode_get(root, "v");
		assert_non_null(n);
		if (ynode_is_null(n) != cases[i].isnull)
			fail_msg("%s: ynode_is_null", cases[i].text);
		b = -7;
		if (ynode_bool(n, &b) != cases[i].boolr ||
		    (cases[i].boolr == 0 && b != cases[i].boolv))
			fail_msg("%s: ynode_bool", cases[i].text);
		v = -7;
		if (ynode_int(n, &v) != cases[i].intr ||
		    (cases[i].intr == 0 && v != cases[i].intv))
			fail_msg("%s: ynode_int gave %lld", cases[i].text, v);
		if (ynode_is_number(n) != cases[i].num)
			fail_msg("%s: ynode_is_number", cases[i].text);
	}
	assert_int_equal(fx->d.n, 0);

	/* An empty plain value is null; non-scalars are nothing. */
	root = load(fx, "a:\nb: [1]\n");
	assert_true(ynode_is_null(ynode_get(root, "a")));
	n = ynode_get(root, "b");
	assert_false(ynode_is_null(n));
	assert_int_equal(ynode_bool(n, &b), -1);
	assert_int_equal(ynode_int(n, &v), -1);
	assert_false(ynode_is_number(n));
	assert_null(ynode_get(n, "b"));
	assert_null(ynode_get(root, "c"));
	assert_null(ynode_get(NULL, "c"));
	assert_string_equal(ynode_kind_name(YNODE_SCALAR), "scalar");
	assert_string_equal(ynode_kind_name(YNODE_MAP), "mapping");
	assert_string_equal(ynode_kind_name(YNODE_SEQ), "list");
}

static void
test_deep_nesting(void **state)
{
	struct fx	*fx = *state;
	char		 buf[1024];

	memset(buf, '[', 500);
	memset(buf + 500, ']', 500);
	buf[1000] = '\0';
	assert_null(load(fx, buf));
	assert_int_equal(fx->d.n, 1);
	assert_string_equal(fx->d.v[0].msg, "nesting deeper than 200 levels");
}

static void
test_file(void **state)
{
	struct fx	*fx = *state;
	char		 path[] = "/tmp/test_yaml_load.XXXXXX";
	struct ynode	*root;
	FILE		*fp;
	int		 fd, ioerr = -1;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs("a:\n  b: 1\n", fp);
	assert_int_equal(fclose(fp), 0);
	root = yaml_load_file(fx->a, path, &fx->d, &ioerr);
	assert_int_equal(unlink(path), 0);
	assert_non_null(root);
	assert_int_equal(ioerr, 0);
	assert_string_equal(root->pos.file, path);
	assert_pos(&ynode_get(ynode_get(root, "a"), "b")->pos, 2, 6);
}

/*
 * yaml_load_file_text() hands back the bytes as read, BOM, CRLF and a
 * missing final newline included, also when they are not valid YAML (the
 * description is kept verbatim in a generated tree).
 */
static void
test_file_text(void **state)
{
	static const char *const texts[] = {
		"\xef\xbb\xbf# c\r\na: 1\r\nb: [x, y]",
		"a: [unclosed\n",
		"",
	};
	struct fx	*fx = *state;
	char		 path[] = "/tmp/test_yaml_load.XXXXXX";
	const char	*text;
	size_t		 len, i;
	FILE		*fp;
	int		 fd, ioerr;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		strcpy(path, "/tmp/test_yaml_load.XXXXXX");
		fd = mkstemp(path);
		assert_true(fd >= 0);
		fp = fdopen(fd, "w");
		assert_non_null(fp);
		fputs(texts[i], fp);
		assert_int_equal(fclose(fp), 0);
		ioerr = -1;
		(void)yaml_load_file_text(fx->a, path, &fx->d, &ioerr, &text,
		    &len);
		assert_int_equal(unlink(path), 0);
		assert_int_equal(ioerr, 0);
		assert_non_null(text);
		assert_int_equal(len, strlen(texts[i]));
		assert_memory_equal(text, texts[i], len + 1);
	}
	/* Not read: NULL and 0. */
	text = "x";
	len = 1;
	assert_null(yaml_load_file_text(fx->a, "/nonexistent/x.yaml", &fx->d,
	    &ioerr, &text, &len));
	assert_int_equal(ioerr, 1);
	assert_null(text);
	assert_int_equal(len, 0);
}

/*
 * libyaml drops comments, so the loader offers every line to
 * suppress_note() as it reads the file: a description's inline suppression
 * comments are kept (lint applies them).
 */
static void
test_file_suppression_notes(void **state)
{
	struct fx	*fx = *state;
	char		 path[] = "/tmp/test_yaml_load.XXXXXX";
	FILE		*fp;
	int		 fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs("a: 1\r\n# pgpair: disable=cluster-weak-auth\n"
	    "b: '#x'  # pgpair: disable=x,y", fp);
	assert_int_equal(fclose(fp), 0);
	assert_non_null(yaml_load_file(fx->a, path, &fx->d, NULL));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(fx->d.nsup, 2);
	assert_string_equal(fx->d.sup[0].file, path);
	assert_int_equal(fx->d.sup[0].line, 2);
	assert_int_equal(fx->d.sup[0].len, strlen("cluster-weak-auth"));
	assert_int_equal(fx->d.sup[1].line, 3);
	assert_memory_equal(fx->d.sup[1].ids, "x,y", 3);
}

static void
test_file_errors(void **state)
{
	struct fx	*fx = *state;
	int		 ioerr = 0;
	char		 msg[128];

	assert_null(yaml_load_file(fx->a, "/nonexistent/x.yaml", &fx->d,
	    &ioerr));
	assert_int_equal(ioerr, 1);
	assert_one_diag(fx, NULL, 0, 0,
	    "cannot open \"/nonexistent/x.yaml\": No such file or directory");
	assert_string_equal(fx->d.v[0].pos.file, "/nonexistent/x.yaml");
	fx->d.n = 0;

	ioerr = 0;
	assert_null(yaml_load_file(fx->a, "/", &fx->d, &ioerr));
	assert_int_equal(ioerr, 1);
	snprintf(msg, sizeof(msg), "cannot open \"/\": %s", strerror(EISDIR));
	assert_one_diag(fx, NULL, 0, 0, msg);
	fx->d.n = 0;

	/* Nothing but a regular file is read: a device is not even opened. */
	ioerr = 0;
	assert_null(yaml_load_file(fx->a, "/dev/zero", &fx->d, &ioerr));
	assert_int_equal(ioerr, 1);
	assert_one_diag(fx, NULL, 0, 0, "cannot open \"/dev/zero\": not a "
	    "regular file but a device");
	fx->d.n = 0;

	/* io_error may be NULL. */
	assert_null(yaml_load_file(fx->a, "/nonexistent/x.yaml", &fx->d,
	    NULL));
	assert_int_equal(fx->d.n, 1);
}

int
main(void)
{
#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_positions),
		T(test_bom_and_crlf),
		T(test_duplicate_keys),
		T(test_near_duplicates),
		T(test_duplicate_key_shown_escaped),
		T(test_syntax_errors),
		T(test_syntax_error_context),
		T(test_syntax_error_context_elsewhere),
		T(test_empty),
		T(test_aliases),
		T(test_alias_errors),
		T(test_alias_bomb),
		T(test_multiple_documents),
		T(test_non_scalar_keys),
		T(test_encoding_errors),
		T(test_tags),
		T(test_scalar_helpers),
		T(test_deep_nesting),
		T(test_file),
		T(test_file_text),
		T(test_file_suppression_notes),
		T(test_file_errors),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}

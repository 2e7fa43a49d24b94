/*
 * Unit tests for tmpl.c: every test of the Mustache spec (read from
 * $MUSTACHE_SPEC_DIR, by default $top_srcdir/../shared/mustache-spec, and
 * loaded with libyaml into struct tval), then our own cases for error
 * positions, TMPL_ESCAPE_NONE and the partial recursion limit.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "strbuf.h"
#include "tmpl.h"

/* The spec files we run; "~lambdas" needs lambdas, which we don't have. */
static const char *const spec_files[] = {
	"comments", "delimiters", "interpolation", "inverted", "partials",
	"sections"
};

/* One spec test, loaded into the suite's arena. */
struct spec_case {
	const char		*file;
	const char		*name;
	const char		*template;
	const char		*expected;
	const struct tval	*data;
	const struct tval	*partials;	/* name -> text, or NULL */
};

static struct arena	*suite_arena;

static const char	*spec_dir(void);
static int		 plain_number(const char *);
static const char	*canon_number(struct arena *, const char *);
static struct tval	*to_tval(struct arena *, yaml_document_t *,
			    yaml_node_t *, int);
static const struct tval *map_lookup(const struct tval *, const char *);
static size_t		 load_spec(struct arena *, const char *, const char *,
			    struct CMUnitTest **, size_t *, size_t *);
static const char	*spec_partial(void *, const char *, size_t *);
static void		 run_spec_case(void **);
static void		 spec_skipped(void **);
static const char	*map_partial(void *, const char *, size_t *);
static int		 render(struct arena *, const char *, const char *,
			    const struct tval *, enum tmpl_escape,
			    struct strbuf *, struct diags *);

static const char *
spec_dir(void)
{
	static char	 buf[4096];
	const char	*s, *top;

	if ((s = getenv("MUSTACHE_SPEC_DIR")) != NULL && *s != '\0')
		return s;
	if ((top = getenv("top_srcdir")) == NULL || *top == '\0')
		top = ".";
	if ((size_t)snprintf(buf, sizeof(buf), "%s/../shared/mustache-spec",
	    top) >= sizeof(buf))
		return NULL;
	return buf;
}

/* Does a plain YAML scalar read as a decimal number (YAML 1.2 core)? */
static int
plain_number(const char *s)
{
	int	 digits = 0;

	if (*s == '-' || *s == '+')
		s++;
	while (*s >= '0' && *s <= '9') {
		s++;
		digits++;
	}
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	if (digits == 0)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/*
 * A number in its canonical form, as a dynamic language would print it:
 * the shortest %g that reads back the same double ("1.210" -> "1.21",
 * "85" -> "85").
 */
static const char *
canon_number(struct arena *a, const char *s)
{
	char	 buf[64];
	double	 d = strtod(s, NULL);
	int	 prec;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	return arena_strdup(a, buf);
}

/*
 * Convert a libyaml document node.  Plain scalars resolve as YAML does:
 * null, ~ and the empty scalar to TVAL_NULL, true/false to TVAL_BOOL,
 * numbers to their canonical text; quoted scalars stay strings.
 */
static struct tval *
to_tval(struct arena *a, yaml_document_t *doc, yaml_node_t *n, int depth)
{
	struct tval	*v, *item;
	yaml_node_item_t *it;
	yaml_node_pair_t *pr;
	yaml_node_t	*k;
	const char	*s;

	assert_non_null(n);
	assert_true(depth < 64);
	switch (n->type) {
	case YAML_SCALAR_NODE:
		s = arena_strndup(a, (const char *)n->data.scalar.value,
		    n->data.scalar.length);
		if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
			return tval_str(a, s);
		if (*s == '\0' || strcmp(s, "~") == 0 ||
		    strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
		    strcmp(s, "NULL") == 0)
			return tval_null(a);
		if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 ||
		    strcmp(s, "TRUE") == 0)
			return tval_bool(a, 1);
		if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 ||
		    strcmp(s, "FALSE") == 0)
			return tval_bool(a, 0);
		if (plain_number(s))
			return tval_str(a, canon_number(a, s));
		return tval_str(a, s);
	case YAML_SEQUENCE_NODE:
		v = tval_list(a);
		for (it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++) {
			item = to_tval(a, doc, yaml_document_get_node(doc,
			    *it), depth + 1);
			tval_push(a, v, item);
		}
		return v;
	case YAML_MAPPING_NODE:
		v = tval_map(a);
		for (pr = n->data.mapping.pairs.start;
		    pr < n->data.mapping.pairs.top; pr++) {
			k = yaml_document_get_node(doc, pr->key);
			assert_non_null(k);
			assert_int_equal(k->type, YAML_SCALAR_NODE);
			tval_set(a, v, arena_strndup(a,
			    (const char *)k->data.scalar.value,
			    k->data.scalar.length), to_tval(a, doc,
			    yaml_document_get_node(doc, pr->value),
			    depth + 1));
		}
		return v;
	default:
		fail_msg("unexpected YAML node type %d", (int)n->type);
	}
	return NULL;
}

static const struct tval *
map_lookup(const struct tval *m, const char *key)
{
	size_t	 i;

	if (m == NULL || m->kind != TVAL_MAP)
		return NULL;
	for (i = 0; i < m->nkeys; i++)
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	return NULL;
}

static void
free_doc(void *p)
{
	yaml_document_delete(p);
}

/*
 * Load dir/base.yml and append one cmocka test per spec test to *tests.
 * Returns the number added; a file that does not open adds none and
 * bumps *missing.
 */
static size_t
load_spec(struct arena *a, const char *dir, const char *base,
    struct CMUnitTest **tests, size_t *ntests, size_t *missing)
{
	yaml_parser_t	 parser;
	yaml_document_t	*doc;
	struct spec_case *sc;
	const struct tval *root, *list, *t, *v;
	const char	*path;
	FILE		*fp;
	size_t		 i, added = 0;
	int		 ok;

	path = arena_printf(a, "%s/%s.yml", dir, base);
	if ((fp = fopen(path, "r")) == NULL) {
		(*missing)++;
		return 0;
	}
	doc = arena_alloc(a, sizeof(*doc));
	if (!yaml_parser_initialize(&parser)) {
		fclose(fp);
		fprintf(stderr, "%s: cannot initialise libyaml\n", path);
		exit(1);
	}
	yaml_parser_set_input_file(&parser, fp);
	ok = yaml_parser_load(&parser, doc);
	if (!ok) {
		fprintf(stderr, "%s:%zu:%zu: %s\n", path,
		    parser.problem_mark.line + 1,
		    parser.problem_mark.column + 1,
		    parser.problem != NULL ? parser.problem : "YAML error");
		yaml_parser_delete(&parser);
		fclose(fp);
		exit(1);
	}
	yaml_parser_delete(&parser);
	fclose(fp);
	arena_defer(a, free_doc, doc);

	root = to_tval(a, doc, yaml_document_get_root_node(doc), 0);
	list = map_lookup(root, "tests");
	if (list == NULL || list->kind != TVAL_LIST) {
		fprintf(stderr, "%s: no \"tests\" list\n", path);
		exit(1);
	}
	for (i = 0; i < list->nitems; i++) {
		t = list->items[i];
		sc = arena_calloc(a, 1, sizeof(*sc));
		sc->file = base;
		v = map_lookup(t, "name");
		sc->name = v != NULL && v->kind == TVAL_STR ? v->str : "?";
		v = map_lookup(t, "template");
		sc->template = v != NULL && v->kind == TVAL_STR ? v->str : "";
		v = map_lookup(t, "expected");
		sc->expected = v != NULL && v->kind == TVAL_STR ? v->str : "";
		sc->data = map_lookup(t, "data");
		sc->partials = map_lookup(t, "partials");
		*tests = arena_grow(a, *tests, *ntests, *ntests + 1,
		    sizeof(**tests));
		(*tests)[*ntests].name = arena_printf(a, "%s: %s", base,
		    sc->name);
		(*tests)[*ntests].test_func = run_spec_case;
		(*tests)[*ntests].setup_func = NULL;
		(*tests)[*ntests].teardown_func = NULL;
		(*tests)[*ntests].initial_state = sc;
		(*ntests)++;
		added++;
	}
	return added;
}

/* Partials of a spec test: a map from name to template text. */
static const char *
spec_partial(void *arg, const char *name, size_t *len)
{
	const struct tval	*v = map_lookup(arg, name);

	if (v == NULL || v->kind != TVAL_STR)
		return NULL;
	*len = strlen(v->str);
	return v->str;
}

static void
run_spec_case(void **state)
{
	const struct spec_case	*sc = *state;
	struct arena		*a = arena_new();
	struct strbuf		 out = STRBUF_INIT;
	struct diags		 d;
	int			 rc;

	diags_init(&d, a);
	rc = tmpl_render(a, sc->name, sc->template, strlen(sc->template),
	    sc->data, spec_partial, (void *)sc->partials, TMPL_ESCAPE_HTML,
	    &out, &d);
	if (rc != 0 || strcmp(out.buf, sc->expected) != 0)
		print_error("%s: %s\n  template: \"%s\"\n  expected: \"%s\"\n"
		    "  got:      \"%s\" (rc %d, %zu diagnostics%s%s)\n",
		    sc->file, sc->name, sc->template, sc->expected, out.buf,
		    rc, d.n, d.n > 0 ? ": " : "", d.n > 0 ? d.v[0].msg : "");
	assert_int_equal(rc, 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(out.buf, sc->expected);
	strbuf_release(&out);
	arena_free(a);
}

static void
spec_skipped(void **state)
{
	print_message("Mustache spec not found in \"%s\"; set "
	    "MUSTACHE_SPEC_DIR\n", spec_dir() != NULL ? spec_dir() : "?");
	skip();
}

/* Our own tests: a partial table in a tval map, and a render helper. */
static const char *
map_partial(void *arg, const char *name, size_t *len)
{
	return spec_partial(arg, name, len);
}

static int
render(struct arena *a, const char *tpl, const char *name,
    const struct tval *ctx, enum tmpl_escape esc, struct strbuf *out,
    struct diags *d)
{
	return tmpl_render(a, name, tpl, strlen(tpl), ctx, map_partial,
	    NULL, esc, out, d);
}

/* Expect exactly one error at file:line:col whose message contains what. */
static void
expect_error(const char *tpl, unsigned line, unsigned col, const char *what)
{
	struct arena	*a = arena_new();
	struct strbuf	 out = STRBUF_INIT;
	struct diags	 d;

	diags_init(&d, a);
	strbuf_addstr(&out, "keep");
	assert_int_equal(render(a, tpl, "t.mustache", tval_map(a),
	    TMPL_ESCAPE_HTML, &out, &d), -1);
	assert_string_equal(out.buf, "keep");
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].level, LEVEL_ERROR);
	assert_null(d.v[0].rule);
	assert_string_equal(d.v[0].pos.file, "t.mustache");
	assert_int_equal(d.v[0].pos.line, line);
	assert_int_equal(d.v[0].pos.col, col);
	if (strstr(d.v[0].msg, what) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", d.v[0].msg, what);
	strbuf_release(&out);
	arena_free(a);
}

static void
test_unclosed_section(void **state)
{
	expect_error("line one\n  {{#outer}}\n  {{#inner}}x{{/inner}}\n",
	    2, 3, "unclosed section \"outer\"");
	/* Columns count characters, not bytes. */
	expect_error("\xc3\xa9t\xc3\xa9 {{^a}}", 1, 5,
	    "unclosed section \"a\"");
}

static void
test_mismatched_close(void **state)
{
	expect_error("{{#a}}\n{{#b}}\n  x {{/a}}\n{{/b}}\n{{/a}}\n", 3, 5,
	    "mismatched section close \"a\": expected \"b\"");
	expect_error("ok\n{{/a}}", 2, 1, "without an open section");
}

static void
test_unclosed_tag(void **state)
{
	expect_error("a\nb {{name\n", 2, 3, "unclosed tag");
	expect_error("{{{raw}}", 1, 1, "unclosed tag");
	expect_error("{{=<% %>=}}\n<%name%>\n<%x}}", 3, 1, "unclosed tag");
}

static void
test_bad_delimiters(void **state)
{
	expect_error("x\n{{=<%=}}", 2, 1, "invalid set-delimiter tag");
	expect_error("{{=a b c=}}", 1, 1, "invalid set-delimiter tag");
	expect_error("{{}}", 1, 1, "empty tag name");
}

static void
test_escape_none(void **state)
{
	struct arena	*a = arena_new();
	struct strbuf	 out = STRBUF_INIT;
	struct diags	 d;
	struct tval	*ctx = tval_map(a);

	diags_init(&d, a);
	tval_set_str(a, ctx, "v", "a & b < \"c\" > 'd'");
	assert_int_equal(render(a, "{{v}}|{{{v}}}|{{&v}}", "t", ctx,
	    TMPL_ESCAPE_NONE, &out, &d), 0);
	assert_string_equal(out.buf, "a & b < \"c\" > 'd'|a & b < \"c\" > 'd'"
	    "|a & b < \"c\" > 'd'");
	strbuf_reset(&out);
	assert_int_equal(render(a, "{{v}}", "t", ctx, TMPL_ESCAPE_HTML, &out,
	    &d), 0);
	assert_string_equal(out.buf, "a &amp; b &lt; &quot;c&quot; &gt; 'd'");
	assert_int_equal(d.n, 0);
	strbuf_release(&out);
	arena_free(a);
}

static void
test_partial_recursion(void **state)
{
	struct arena	*a = arena_new();
	struct strbuf	 out = STRBUF_INIT;
	struct diags	 d;
	struct tval	*partials = tval_map(a);

	diags_init(&d, a);
	tval_set_str(a, partials, "loop", "x\n  {{>loop}}\n");
	assert_int_equal(tmpl_render(a, "main", "a{{>loop}}", 10, NULL,
	    map_partial, partials, TMPL_ESCAPE_NONE, &out, &d), -1);
	assert_int_equal(out.len, 0);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].pos.file, "loop");
	assert_int_equal(d.v[0].pos.line, 2);
	assert_int_equal(d.v[0].pos.col, 3);
	assert_non_null(strstr(d.v[0].msg, "partials nested too deeply"));

	/* An error inside a partial points into the partial. */
	arena_free(a);
	a = arena_new();
	diags_init(&d, a);
	partials = tval_map(a);
	tval_set_str(a, partials, "bad", "ok\n{{#s}}\n");
	assert_int_equal(tmpl_render(a, "main", "  {{>bad}}\n", 11, NULL,
	    map_partial, partials, TMPL_ESCAPE_NONE, &out, &d), -1);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].pos.file, "bad");
	assert_int_equal(d.v[0].pos.line, 2);
	assert_int_equal(d.v[0].pos.col, 1);
	strbuf_release(&out);
	arena_free(a);
}

/*
 * A short template that would render for ages or fill the memory fails,
 * with nothing written: sections over a list nested 10 deep (10^10 nodes),
 * with no text at all, and a partial that doubles its output at every
 * level while the view's nesting lasts (2^40 copies).
 */
static void
test_render_bounds(void **state)
{
	static const char nested[] =
	    "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}"
	    "{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}";
	struct arena	*a = arena_new();
	struct strbuf	 out = STRBUF_INIT;
	struct diags	 d;
	struct tval	*ctx = tval_map(a), *list = tval_list(a), *partials, *c;

	(void)state;
	diags_init(&d, a);
	for (int i = 0; i < 10; i++)
		tval_push(a, list, tval_bool(a, 1));
	tval_set(a, ctx, "l", list);
	strbuf_addstr(&out, "kept");
	assert_int_equal(tmpl_render(a, "nested", nested, strlen(nested), ctx,
	    NULL, NULL, TMPL_ESCAPE_NONE, &out, &d), -1);
	assert_string_equal(out.buf, "kept");
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].msg, "renders too much"));

	/* c: {c: {c: ... 40 deep, c: false}}, and p renders p twice inside
	 * c: the lookup of the innermost c must not go up to its parent. */
	diags_init(&d, a);
	ctx = tval_map(a);
	tval_set(a, ctx, "c", tval_bool(a, 0));
	for (int i = 0; i < 40; i++) {
		c = tval_map(a);
		tval_set(a, c, "c", ctx);
		ctx = c;
	}
	partials = tval_map(a);
	tval_set_str(a, partials, "p", "{{#c}}{{>p}}{{>p}}{{/c}}x");
	assert_int_equal(tmpl_render(a, "main", "{{>p}}", 6, ctx, map_partial,
	    partials, TMPL_ESCAPE_NONE, &out, &d), -1);
	assert_string_equal(out.buf, "kept");
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].pos.file, "p");
	assert_non_null(strstr(d.v[0].msg, "renders too much"));
	strbuf_release(&out);
	arena_free(a);
}

/* Values built with tval_*: replacement keeps order, sections, "" falsey. */
static void
test_tval(void **state)
{
	struct arena	*a = arena_new();
	struct strbuf	 out = STRBUF_INIT;
	struct diags	 d;
	struct tval	*ctx = tval_map(a), *list = tval_list(a), *m;
	int		 i;

	diags_init(&d, a);
	for (i = 0; i < 20; i++) {
		m = tval_map(a);
		tval_set_str(a, m, "n", arena_printf(a, "%d", i));
		tval_set_bool(a, m, "even", i % 2 == 0);
		tval_push(a, list, m);
	}
	tval_set(a, ctx, "items", list);
	tval_set_str(a, ctx, "empty", "");
	tval_set_str(a, ctx, "k", "first");
	tval_set_str(a, ctx, "k", "second");
	assert_int_equal(ctx->nkeys, 3);
	assert_string_equal(ctx->keys[2], "k");
	assert_int_equal(render(a, "{{#items}}{{#even}}{{n}},{{/even}}"
	    "{{/items}}{{^empty}}E{{/empty}}{{#empty}}X{{/empty}}{{k}}",
	    "t", ctx, TMPL_ESCAPE_HTML, &out, &d), 0);
	assert_string_equal(out.buf, "0,2,4,6,8,10,12,14,16,18,Esecond");
	strbuf_release(&out);
	arena_free(a);
}

int
main(void)
{
	static const struct CMUnitTest own[] = {
		cmocka_unit_test(test_unclosed_section),
		cmocka_unit_test(test_mismatched_close),
		cmocka_unit_test(test_unclosed_tag),
		cmocka_unit_test(test_bad_delimiters),
		cmocka_unit_test(test_escape_none),
		cmocka_unit_test(test_partial_recursion),
		cmocka_unit_test(test_render_bounds),
		cmocka_unit_test(test_tval),
	};
	static const struct CMUnitTest skipped[] = {
		cmocka_unit_test(spec_skipped),
	};
	struct CMUnitTest	*tests = NULL;
	const char		*dir;
	size_t			 i, ntests = 0, missing = 0;
	int			 rc;

	suite_arena = arena_new();
	dir = spec_dir();
	for (i = 0; dir != NULL &&
	    i < sizeof(spec_files) / sizeof(spec_files[0]); i++)
		load_spec(suite_arena, dir, spec_files[i], &tests, &ntests,
		    &missing);
	if (dir == NULL || missing == sizeof(spec_files) /
	    sizeof(spec_files[0]))
		rc = cmocka_run_group_tests_name("mustache spec", skipped,
		    NULL, NULL);
	else if (missing > 0) {
		fprintf(stderr, "%s: %zu of the spec files are missing\n",
		    dir, missing);
		rc = 1;
	} else
		rc = _cmocka_run_group_tests("mustache spec", tests, ntests,
		    NULL, NULL);
	rc += cmocka_run_group_tests_name("tmpl", own, NULL, NULL);
	arena_free(suite_arena);
	return rc;
}

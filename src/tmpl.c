/*
 * Mustache templates (spec v1, without lambdas): a parser that turns template
 * text into a tree of nodes, applying the standalone-line rules as it goes,
 * and a renderer that walks the tree against a context stack of struct tval.
 * render.c calls tmpl_render() for every output file of generate.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "strbuf.h"
#include "tmpl.h"

/* Partials nested deeper than this are taken for endless recursion. */
#define TMPL_MAX_PARTIAL_DEPTH	64
/* Sections nested deeper than this are refused (the renderer recurses). */
#define TMPL_MAX_SECTION_DEPTH	100
/* Longest delimiter we accept from a set-delimiter tag. */
#define TMPL_MAX_DELIM		16
/*
 * The most nodes one tmpl_render() call renders, and the most bytes it
 * writes: sections over lists nest, and partials recurse within the depth
 * limit, so a short template (a --templates override) could otherwise run
 * for ages or fill the memory.  Generate's files are far smaller.
 */
#define TMPL_MAX_STEPS		10000000
#define TMPL_MAX_OUTPUT		(64u << 20)

enum nkind {
	N_TEXT,			/* literal text */
	N_VAR,			/* {{name}}: escaped */
	N_RAW,			/* {{{name}}} or {{&name}}: not escaped */
	N_SECTION,		/* {{#name}} ... {{/name}} */
	N_INVERTED,		/* {{^name}} ... {{/name}} */
	N_PARTIAL		/* {{>name}} */
};

struct node {
	enum nkind	 kind;
	const char	*s;		/* N_TEXT: borrowed; else the name */
	size_t		 len;
	const char	**parts;	/* name split at '.'; none for "." */
	size_t		 nparts;
	const char	*indent;	/* N_PARTIAL: standalone indentation */
	size_t		 indentlen;
	size_t		 off;		/* offset of the tag, for positions */
	struct node	*child;		/* sections: the body */
	struct node	*next;
};

/* A parsed template. */
struct tpl {
	const char	*name;
	const char	*text;
	size_t		 len;
	size_t		 shift;		/* indentation added to every line */
	struct node	*first;
};

/* Parsed partials of one tmpl_render() call, keyed by name and indent. */
struct pcache {
	const char	*name;
	const char	*indent;
	size_t		 indentlen;
	struct tpl	*tpl;		/* NULL: no such partial */
	struct pcache	*next;
};

struct render {
	struct arena	*a;
	struct diags	*d;
	tmpl_partial_fn	*partial;
	void		*arg;
	enum tmpl_escape esc;
	struct strbuf	*out;
	size_t		 start;		/* out->len before this call */
	size_t		 steps;		/* nodes rendered: TMPL_MAX_STEPS */
	struct pcache	*cache;
};

/* The context stack lives on the C stack, one frame per section level. */
struct cstack {
	const struct tval	*v;
	const struct cstack	*up;
};

/* An open section while parsing: where its body's nodes are appended. */
struct open {
	struct node	*sec;		/* NULL for the top level */
	struct node	**tail;
};

static void	 tpl_error(struct diags *, const struct tpl *, size_t,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
static struct tpl *tpl_parse(struct arena *, struct diags *, const char *,
		    const char *, size_t, size_t);
static int	 is_blank(int);
static size_t	 find(const char *, size_t, size_t, const char *, size_t);
static size_t	 find_closer(const char *, size_t, size_t, int, const char *,
		    size_t);
static void	 trim(const char **, size_t *);
static int	 set_delims(const char *, size_t, char *, size_t *, char *,
		    size_t *);
static struct node *new_node(struct arena *, enum nkind, const char *,
		    size_t, size_t);
static void	 split_name(struct arena *, struct node *);
static int	 render_nodes(struct render *, const struct tpl *,
		    const struct node *, const struct cstack *, int);
static int	 render_partial(struct render *, const struct tpl *,
		    const struct node *, const struct cstack *, int);
static const struct tval *lookup(const struct cstack *, const struct node *);
static const struct tval *map_get(const struct tval *, const char *);
static int	 truthy(const struct tval *);
static void	 emit_value(struct render *, const struct tval *, int);
static char	*indent_text(struct arena *, const char *, size_t,
		    const char *, size_t, size_t *);

/*
 * Report an error at byte offset off of template t.  Columns count UTF-8
 * characters; the indentation that was added to a standalone partial is
 * taken off again so that the column points into the partial's own file.
 */
static void
tpl_error(struct diags *d, const struct tpl *t, size_t off, const char *fmt,
    ...)
{
	struct pos	 pos;
	va_list		 ap;
	size_t		 i;
	unsigned	 line = 1, col = 1;

	if (d == NULL)
		return;
	for (i = 0; i < off && i < t->len; i++) {
		if (t->text[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)t->text[i] & 0xC0) != 0x80)
			col++;
	}
	col = col > t->shift ? col - (unsigned)t->shift : 1;
	pos.file = arena_strdup(d->a, t->name);
	pos.line = line;
	pos.col = col;
	va_start(ap, fmt);
	diag_vadd(d, &pos, LEVEL_ERROR, NULL, fmt, ap);
	va_end(ap);
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Offset of the first s[0..n) in text[from..len), or len when absent. */
static size_t
find(const char *text, size_t from, size_t len, const char *s, size_t n)
{
	const char	*p;

	while (from < len && len - from >= n) {
		p = memchr(text + from, s[0], len - from - n + 1);
		if (p == NULL)
			break;
		from = (size_t)(p - text);
		if (memcmp(p, s, n) == 0)
			return from;
		from++;
	}
	return len;
}

/*
 * Offset of the first close delimiter in text[from..len) that directly
 * follows the character c ("}" of a triple mustache, "=" of a set-delimiter
 * tag), or len.  Returns the offset of c.
 */
static size_t
find_closer(const char *text, size_t from, size_t len, int c,
    const char *ctag, size_t clen)
{
	size_t	 at, start = from;

	for (;;) {
		at = find(text, from, len, ctag, clen);
		if (at == len)
			return len;
		if (at > start && text[at - 1] == c)
			return at - 1;
		from = at + 1;
	}
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && is_blank((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_blank((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/*
 * Parse the inside of a set-delimiter tag, "<% %>": exactly two words
 * without '=' or blanks.  Returns 0, or -1 when the tag is invalid.
 */
static int
set_delims(const char *s, size_t n, char *o, size_t *olen, char *c,
    size_t *clen)
{
	size_t	 i = 0, start;
	int	 w;

	for (w = 0; w < 2; w++) {
		while (i < n && is_blank((unsigned char)s[i]))
			i++;
		start = i;
		while (i < n && !is_blank((unsigned char)s[i])) {
			if (s[i] == '=')
				return -1;
			i++;
		}
		if (i == start || i - start > TMPL_MAX_DELIM)
			return -1;
		if (w == 0) {
			memcpy(o, s + start, i - start);
			*olen = i - start;
		} else {
			memcpy(c, s + start, i - start);
			*clen = i - start;
		}
	}
	while (i < n && is_blank((unsigned char)s[i]))
		i++;
	return i == n ? 0 : -1;
}

static struct node *
new_node(struct arena *a, enum nkind kind, const char *s, size_t len,
    size_t off)
{
	struct node	*n;

	n = arena_calloc(a, 1, sizeof(*n));
	n->kind = kind;
	n->s = s;
	n->len = len;
	n->off = off;
	return n;
}

/*
 * Split a tag name at dots.  "." alone is the implicit iterator and gets no
 * parts; "a.b" is never one key (the spec's "Dotted Names are never single
 * keys").
 */
static void
split_name(struct arena *a, struct node *n)
{
	size_t	 i, k, start;

	n->s = arena_strndup(a, n->s, n->len);
	if (n->len == 1 && n->s[0] == '.')
		return;
	n->nparts = 1;
	for (i = 0; i < n->len; i++)
		if (n->s[i] == '.')
			n->nparts++;
	n->parts = arena_calloc(a, n->nparts, sizeof(*n->parts));
	for (i = start = k = 0; i <= n->len; i++)
		if (i == n->len || n->s[i] == '.') {
			n->parts[k++] = arena_strndup(a, n->s + start,
			    i - start);
			start = i + 1;
		}
}

/*
 * Parse text into a tree.  A tag that is alone on its line apart from
 * blanks (a section, inverted section, close, comment, partial or
 * set-delimiter tag) is "standalone": its whole line, newline included,
 * disappears, and a partial keeps the leading blanks as its indentation.
 * The checks look at the raw text: an earlier tag on the same line is
 * never blank, so it makes the line non-standalone by itself.
 * Returns NULL after reporting an error to d.
 */
static struct tpl *
tpl_parse(struct arena *a, struct diags *d, const char *name,
    const char *text, size_t len, size_t shift)
{
	struct tpl	*t;
	struct open	*stack;
	struct node	*n;
	char		 otag[TMPL_MAX_DELIM], ctag[TMPL_MAX_DELIM];
	const char	*cs;
	size_t		 olen = 2, clen = 2, depth = 0, cap = 16;
	size_t		 pos = 0, textstart = 0, tagstart, tagend, cn, ce;
	size_t		 ls, after, textend;
	int		 sigil;

	t = arena_calloc(a, 1, sizeof(*t));
	t->name = name;
	t->text = text;
	t->len = len;
	t->shift = shift;
	memcpy(otag, "{{", 2);
	memcpy(ctag, "}}", 2);
	stack = arena_calloc(a, cap, sizeof(*stack));
	stack[0].sec = NULL;
	stack[0].tail = &t->first;

	for (;;) {
		tagstart = find(text, pos, len, otag, olen);
		if (tagstart == len) {
			if (textstart < len) {
				n = new_node(a, N_TEXT, text + textstart,
				    len - textstart, textstart);
				*stack[depth].tail = n;
				stack[depth].tail = &n->next;
			}
			break;
		}

		/* The tag's type and extent. */
		cs = text + tagstart + olen;
		cn = len - tagstart - olen;
		sigil = cn > 0 ? (unsigned char)cs[0] : 0;
		if (sigil == '{' || sigil == '=') {
			ce = find_closer(text, tagstart + olen + 1, len,
			    sigil == '{' ? '}' : '=', ctag, clen);
			if (ce == len) {
				tpl_error(d, t, tagstart, "unclosed tag: "
				    "\"%c%.*s\" not found", sigil == '{' ?
				    '}' : '=', (int)clen, ctag);
				return NULL;
			}
			tagend = ce + 1 + clen;
			cs++;
			cn = ce - (tagstart + olen + 1);
		} else {
			ce = find(text, tagstart + olen, len, ctag, clen);
			if (ce == len) {
				tpl_error(d, t, tagstart, "unclosed tag: "
				    "\"%.*s\" not found", (int)clen, ctag);
				return NULL;
			}
			tagend = ce + clen;
			cn = ce - (tagstart + olen);
			if (sigil == '&' || sigil == '#' || sigil == '^' ||
			    sigil == '/' || sigil == '!' || sigil == '>') {
				cs++;
				cn--;
			} else
				sigil = 0;
		}

		/* Standalone line: blanks before and after, then a newline. */
		textend = tagstart;
		after = tagend;
		if (sigil != 0 && sigil != '{' && sigil != '&') {
			for (ls = tagstart; ls > 0 &&
			    is_blank((unsigned char)text[ls - 1]); ls--)
				;
			while (after < len &&
			    is_blank((unsigned char)text[after]))
				after++;
			if ((ls == 0 || text[ls - 1] == '\n') &&
			    (after == len || text[after] == '\n' ||
			    (text[after] == '\r' && after + 1 < len &&
			    text[after + 1] == '\n'))) {
				textend = ls;
				if (after < len)
					after += text[after] == '\r' ? 2 : 1;
			} else
				after = tagend;
		}
		if (textstart < textend) {
			n = new_node(a, N_TEXT, text + textstart,
			    textend - textstart, textstart);
			*stack[depth].tail = n;
			stack[depth].tail = &n->next;
		}
		pos = textstart = after;

		if (sigil == '!')
			continue;
		if (sigil == '=') {
			if (set_delims(cs, cn, otag, &olen, ctag,
			    &clen) == -1) {
				tpl_error(d, t, tagstart, "invalid "
				    "set-delimiter tag \"%.*s\"",
				    (int)(tagend - tagstart),
				    text + tagstart);
				return NULL;
			}
			continue;
		}
		trim(&cs, &cn);
		if (cn == 0) {
			tpl_error(d, t, tagstart, "empty tag name");
			return NULL;
		}
		if (sigil == '/') {
			if (depth == 0) {
				tpl_error(d, t, tagstart, "section close "
				    "\"%.*s\" without an open section",
				    (int)cn, cs);
				return NULL;
			}
			n = stack[depth].sec;
			if (n->len != cn || memcmp(n->s, cs, cn) != 0) {
				tpl_error(d, t, tagstart, "mismatched section "
				    "close \"%.*s\": expected \"%s\"",
				    (int)cn, cs, n->s);
				return NULL;
			}
			depth--;
			continue;
		}

		switch (sigil) {
		case '#':
			n = new_node(a, N_SECTION, cs, cn, tagstart);
			break;
		case '^':
			n = new_node(a, N_INVERTED, cs, cn, tagstart);
			break;
		case '>':
			n = new_node(a, N_PARTIAL, arena_strndup(a, cs, cn),
			    cn, tagstart);
			n->indent = text + textend;
			n->indentlen = tagstart - textend;
			break;
		case '{':
		case '&':
			n = new_node(a, N_RAW, cs, cn, tagstart);
			break;
		default:
			n = new_node(a, N_VAR, cs, cn, tagstart);
			break;
		}
		if (n->kind != N_PARTIAL)
			split_name(a, n);
		*stack[depth].tail = n;
		stack[depth].tail = &n->next;
		if (n->kind == N_SECTION || n->kind == N_INVERTED) {
			if (depth + 1 > TMPL_MAX_SECTION_DEPTH) {
				tpl_error(d, t, tagstart, "sections nested "
				    "too deeply (limit %d)",
				    TMPL_MAX_SECTION_DEPTH);
				return NULL;
			}
			if (depth + 1 == cap) {
				stack = arena_grow(a, stack, cap, cap * 2,
				    sizeof(*stack));
				cap *= 2;
			}
			depth++;
			stack[depth].sec = n;
			stack[depth].tail = &n->child;
		}
	}
	if (depth > 0) {
		n = stack[depth].sec;
		tpl_error(d, t, n->off, "unclosed section \"%s\"", n->s);
		return NULL;
	}
	return t;
}

/* The value of key in map m, or NULL when m is no map or lacks the key. */
static const struct tval *
map_get(const struct tval *m, const char *key)
{
	size_t	 i;

	if (m == NULL || m->kind != TVAL_MAP)
		return NULL;
	for (i = 0; i < m->nkeys; i++)
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	return NULL;
}

/*
 * Resolve a tag name.  The first part is searched from the top of the
 * context stack down; the rest must follow from there, with no fallback to
 * lower frames (the spec's "Broken Chain Resolution").  NULL for a miss.
 */
static const struct tval *
lookup(const struct cstack *cs, const struct node *n)
{
	const struct tval	*v = NULL;
	size_t			 i;

	if (n->nparts == 0)
		return cs->v;
	for (; cs != NULL; cs = cs->up)
		if ((v = map_get(cs->v, n->parts[0])) != NULL)
			break;
	for (i = 1; v != NULL && i < n->nparts; i++)
		v = map_get(v, n->parts[i]);
	return v;
}

/* Falsey: missing, null, false, an empty list and an empty string. */
static int
truthy(const struct tval *v)
{
	if (v == NULL)
		return 0;
	switch (v->kind) {
	case TVAL_NULL:
		return 0;
	case TVAL_BOOL:
		return v->b;
	case TVAL_STR:
		return v->str != NULL && v->str[0] != '\0';
	case TVAL_LIST:
		return v->nitems > 0;
	case TVAL_MAP:
		return 1;
	}
	return 0;
}

/* Interpolate v; lists and maps print nothing. */
static void
emit_value(struct render *r, const struct tval *v, int escape)
{
	const char	*s, *p, *rep;

	if (v == NULL)
		return;
	switch (v->kind) {
	case TVAL_BOOL:
		s = v->b ? "true" : "false";
		break;
	case TVAL_STR:
		s = v->str != NULL ? v->str : "";
		break;
	default:
		return;
	}
	if (!escape || r->esc == TMPL_ESCAPE_NONE) {
		strbuf_addstr(r->out, s);
		return;
	}
	for (p = s; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		default:
			continue;
		}
		strbuf_add(r->out, p, (size_t)(s - p));
		strbuf_addstr(r->out, rep);
		p = s + 1;
	}
	strbuf_add(r->out, p, (size_t)(s - p));
}

static int
render_nodes(struct render *r, const struct tpl *t, const struct node *n,
    const struct cstack *cs, int depth)
{
	const struct tval	*v;
	struct cstack		 frame;
	size_t			 i;

	for (; n != NULL; n = n->next) {
		if (++r->steps > TMPL_MAX_STEPS ||
		    r->out->len - r->start > TMPL_MAX_OUTPUT) {
			tpl_error(r->d, t, n->off, "the template renders too "
			    "much (more than %d nodes or %u MB)",
			    TMPL_MAX_STEPS, TMPL_MAX_OUTPUT >> 20);
			return -1;
		}
		switch (n->kind) {
		case N_TEXT:
			strbuf_add(r->out, n->s, n->len);
			break;
		case N_VAR:
		case N_RAW:
			emit_value(r, lookup(cs, n), n->kind == N_VAR);
			break;
		case N_SECTION:
			v = lookup(cs, n);
			if (!truthy(v))
				break;
			frame.up = cs;
			if (v->kind == TVAL_LIST) {
				for (i = 0; i < v->nitems; i++) {
					frame.v = v->items[i];
					if (render_nodes(r, t, n->child,
					    &frame, depth) == -1)
						return -1;
				}
				break;
			}
			frame.v = v;
			if (render_nodes(r, t, n->child, &frame, depth) == -1)
				return -1;
			break;
		case N_INVERTED:
			if (!truthy(lookup(cs, n)) &&
			    render_nodes(r, t, n->child, cs, depth) == -1)
				return -1;
			break;
		case N_PARTIAL:
			if (render_partial(r, t, n, cs, depth) == -1)
				return -1;
			break;
		}
	}
	return 0;
}

/*
 * Copy text with indent put in front of every line; a final newline
 * starts no new line.  The result lives in a.
 */
static char *
indent_text(struct arena *a, const char *text, size_t len,
    const char *indent, size_t ilen, size_t *outlen)
{
	size_t	 i, lines = 1, n = 0;
	char	*buf;

	for (i = 0; i + 1 < len; i++)
		if (text[i] == '\n')
			lines++;
	buf = arena_alloc(a, len + lines * ilen + 1);
	for (i = 0; i < len; i++) {
		if (i == 0 || text[i - 1] == '\n') {
			memcpy(buf + n, indent, ilen);
			n += ilen;
		}
		buf[n++] = text[i];
	}
	buf[n] = '\0';
	*outlen = n;
	return buf;
}

/*
 * Render partial n of template t.  A standalone partial is indented by
 * prefixing each line of its text before it is parsed (the spec's
 * "Standalone Indentation": interpolated newlines stay unindented).  Each
 * partial is parsed once per indentation per tmpl_render() call.
 */
static int
render_partial(struct render *r, const struct tpl *t, const struct node *n,
    const struct cstack *cs, int depth)
{
	struct pcache	*pc;
	const char	*text;
	size_t		 len = 0;

	if (depth >= TMPL_MAX_PARTIAL_DEPTH) {
		tpl_error(r->d, t, n->off, "partials nested too deeply "
		    "(limit %d): \"%s\"", TMPL_MAX_PARTIAL_DEPTH, n->s);
		return -1;
	}
	for (pc = r->cache; pc != NULL; pc = pc->next)
		if (strcmp(pc->name, n->s) == 0 &&
		    pc->indentlen == n->indentlen &&
		    memcmp(pc->indent, n->indent, n->indentlen) == 0)
			break;
	if (pc == NULL) {
		pc = arena_calloc(r->a, 1, sizeof(*pc));
		pc->name = n->s;
		pc->indent = n->indent;
		pc->indentlen = n->indentlen;
		text = r->partial != NULL ? r->partial(r->arg, n->s, &len) :
		    NULL;
		if (text != NULL) {
			if (n->indentlen > 0)
				text = indent_text(r->a, text, len, n->indent,
				    n->indentlen, &len);
			pc->tpl = tpl_parse(r->a, r->d, n->s, text, len,
			    n->indentlen);
			if (pc->tpl == NULL)
				return -1;
		}
		pc->next = r->cache;
		r->cache = pc;
	}
	if (pc->tpl == NULL)
		return 0;	/* the spec's "Failed Lookup": render nothing */
	return render_nodes(r, pc->tpl, pc->tpl->first, cs, depth + 1);
}

int
tmpl_render(struct arena *a, const char *name, const char *text, size_t len,
    const struct tval *ctx, tmpl_partial_fn *partial, void *arg,
    enum tmpl_escape esc, struct strbuf *out, struct diags *d)
{
	struct render	 r;
	struct tpl	*t;
	struct cstack	 root;
	struct tval	 null;
	size_t		 start = out->len;

	if (name == NULL)
		name = "<template>";
	if ((t = tpl_parse(a, d, name, text, len, 0)) == NULL)
		return -1;
	if (ctx == NULL) {
		memset(&null, 0, sizeof(null));
		null.kind = TVAL_NULL;
		ctx = &null;
	}
	memset(&r, 0, sizeof(r));
	r.a = a;
	r.d = d;
	r.partial = partial;
	r.arg = arg;
	r.esc = esc;
	r.out = out;
	r.start = start;
	root.v = ctx;
	root.up = NULL;
	if (render_nodes(&r, t, t->first, &root, 0) == -1) {
		/* Nothing half-rendered: take back what this call added. */
		if (out->len != start) {
			out->len = start;
			out->buf[start] = '\0';
		}
		return -1;
	}
	return 0;
}

struct tval *
tval_null(struct arena *a)
{
	struct tval	*v;

	v = arena_calloc(a, 1, sizeof(*v));
	v->kind = TVAL_NULL;
	return v;
}

struct tval *
tval_bool(struct arena *a, int b)
{
	struct tval	*v = tval_null(a);

	v->kind = TVAL_BOOL;
	v->b = b != 0;
	return v;
}

struct tval *
tval_str(struct arena *a, const char *s)
{
	struct tval	*v = tval_null(a);

	v->kind = TVAL_STR;
	v->str = s;
	return v;
}

struct tval *
tval_list(struct arena *a)
{
	struct tval	*v = tval_null(a);

	v->kind = TVAL_LIST;
	return v;
}

struct tval *
tval_map(struct arena *a)
{
	struct tval	*v = tval_null(a);

	v->kind = TVAL_MAP;
	return v;
}

void
tval_push(struct arena *a, struct tval *list, struct tval *v)
{
	size_t	 ncap;

	if (list->nitems == list->cap) {
		ncap = list->cap == 0 ? 8 : list->cap * 2;
		list->items = arena_grow(a, list->items, list->cap, ncap,
		    sizeof(*list->items));
		list->cap = ncap;
	}
	list->items[list->nitems++] = v;
}

/* The key is copied; an existing key keeps its place and takes v. */
void
tval_set(struct arena *a, struct tval *map, const char *key, struct tval *v)
{
	size_t	 i, ncap;

	for (i = 0; i < map->nkeys; i++)
		if (strcmp(map->keys[i], key) == 0) {
			map->vals[i] = v;
			return;
		}
	if (map->nkeys == map->cap) {
		ncap = map->cap == 0 ? 8 : map->cap * 2;
		map->keys = arena_grow(a, map->keys, map->cap, ncap,
		    sizeof(*map->keys));
		map->vals = arena_grow(a, map->vals, map->cap, ncap,
		    sizeof(*map->vals));
		map->cap = ncap;
	}
	map->keys[map->nkeys] = arena_strdup(a, key);
	map->vals[map->nkeys++] = v;
}

void
tval_set_str(struct arena *a, struct tval *map, const char *key,
    const char *s)
{
	tval_set(a, map, key, tval_str(a, s));
}

void
tval_set_bool(struct arena *a, struct tval *map, const char *key, int b)
{
	tval_set(a, map, key, tval_bool(a, b));
}

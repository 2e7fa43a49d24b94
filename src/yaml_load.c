/*
 * libyaml events -> a tree of struct ynode in an arena, each node with the
 * file, line and column of its first character.  This is the first stage of
 * check and generate; it also catches what libyaml lets through: duplicate
 * keys, non-scalar keys, several documents, undefined or recursive aliases,
 * NUL bytes and invalid UTF-8.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "rule.h"
#include "srcfile.h"
#include "strbuf.h"
#include "suppress.h"
#include "yaml_load.h"

#define YAML_MAX_DEPTH	200			/* nested collections */
#define YAML_MAX_WEIGHT	1000000			/* nodes, aliases expanded */
#define YAML_SHOW_MAX	60			/* bytes of a key in messages */

#define TAG_STR		"tag:yaml.org,2002:str"

/* An anchor: the latest definition of a name wins, as YAML says. */
struct anchor {
	struct anchor	*next;		/* same hash bucket */
	const char	*name;
	struct ynode	*node;
	size_t		 weight;	/* nodes once aliases are expanded */
	int		 complete;	/* its collection has ended */
};

/* An open collection. */
struct frame {
	struct ynode	*node;
	struct ynode	*key;		/* map: key waiting for its value */
	size_t		 cap;		/* of node->pairs or node->items */
	size_t		 weight;
	struct anchor	*anchor;	/* defined on this collection or NULL */
};

struct loader {
	struct arena	*a;
	struct diags	*d;
	const char	*file;		/* in a, for the tree */
	const char	*dfile;		/* in d->a, for diagnostics */
	const unsigned char *text;	/* what libyaml reads */
	size_t		 len;
	struct frame	*stack;
	size_t		 depth, stackcap;
	struct anchor	**buckets;
	size_t		 nbuckets, nanchors;
	struct ynode	*root;
	int		 ndocs;
	int		 nerrors;
};

struct keyref {
	const struct ynode *key;
	size_t		 idx;
};

static void		 note_lines(struct diags *, const char *, const char *,
			    size_t);
static struct ynode	*load_text(struct loader *, const unsigned char *,
			    size_t);
static int		 check_encoding(struct loader *);
static void		 offset_pos(const struct loader *, size_t,
			    struct pos *);
static int		 run_parser(struct loader *, yaml_parser_t *);
static void		 parser_error(struct loader *, const yaml_parser_t *);
static int		 handle_event(struct loader *, const yaml_event_t *);
static void		 mark_pos(const struct loader *, const yaml_mark_t *,
			    struct pos *);
static struct ynode	*new_node(struct loader *, enum ynode_kind,
			    const yaml_mark_t *);
static int		 open_collection(struct loader *, struct ynode *,
			    const yaml_char_t *);
static int		 close_collection(struct loader *);
static int		 attach(struct loader *, struct ynode *, size_t,
			    const struct pos *);
static struct anchor	*anchor_define(struct loader *, const yaml_char_t *,
			    struct ynode *);
static struct anchor	*anchor_find(const struct loader *, const char *);
static size_t		 hash_name(const char *);
static void		 check_duplicates(struct loader *,
			    const struct ynode *);
static int		 keyref_cmp(const void *, const void *);
static const char	*show(struct loader *, const char *, size_t);
static void		 error_at(struct loader *, enum rule_id,
			    const struct pos *, const char *, ...)
			    __attribute__((format(printf, 4, 5)));
static void		 oom(void);
static int		 sceq(const struct ynode *, const char *);
static int		 parse_uint(const char *, size_t, unsigned, unsigned
			    long long *);

struct ynode *
yaml_load_file(struct arena *a, const char *path, struct diags *d,
    int *io_error)
{
	return yaml_load_file_text(a, path, d, io_error, NULL, NULL);
}

struct ynode *
yaml_load_file_text(struct arena *a, const char *path, struct diags *d,
    int *io_error, const char **text, size_t *len)
{
	struct srcfile	*sf;
	struct loader	 ld;
	struct pos	 pos;
	size_t		 bom;

	if (io_error != NULL)
		*io_error = 0;
	if (text != NULL) {
		*text = NULL;
		*len = 0;
	}
	memset(&pos, 0, sizeof(pos));
	pos.file = arena_strdup(d->a, path);

	/* A regular file of at most SRCFILE_MAX bytes; nothing blocks. */
	if ((sf = srcfile_read(a, path)) == NULL) {
		diag_add(d, &pos, LEVEL_ERROR, NULL, "cannot open \"%s\": %s",
		    path, srcfile_strerror(errno));
		if (io_error != NULL)
			*io_error = 1;
		return NULL;
	}

	/*
	 * The bytes as read, before load_text() steps over a BOM: for the
	 * caller, and for reports that quote the file's lines (after the
	 * BOM, where columns start).
	 */
	if (text != NULL) {
		*text = sf->buf;
		*len = sf->len;
	}
	bom = sf->len >= 3 && memcmp(sf->buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	diags_source(d, a, pos.file, sf->buf + bom, sf->len - bom);
	note_lines(d, pos.file, sf->buf, sf->len);
	memset(&ld, 0, sizeof(ld));
	ld.a = a;
	ld.d = d;
	ld.file = arena_strdup(a, path);
	ld.dfile = pos.file;
	return load_text(&ld, (const unsigned char *)sf->buf, sf->len);
}

struct ynode *
yaml_load_string(struct arena *a, const char *name, const char *text,
    size_t len, struct diags *d)
{
	struct loader	 ld;

	memset(&ld, 0, sizeof(ld));
	ld.a = a;
	ld.d = d;
	ld.file = arena_strdup(a, name);
	ld.dfile = arena_strdup(d->a, name);
	note_lines(d, ld.dfile, text, len);
	return load_text(&ld, (const unsigned char *)text, len);
}

/* libyaml drops comments: each line is offered as it is. */
static void
note_lines(struct diags *d, const char *file, const char *text, size_t len)
{
	const char	*nl;
	size_t		 n;

	for (size_t at = 0, line = 1; at < len; line++) {
		nl = memchr(text + at, '\n', len - at);
		n = nl != NULL ? (size_t)(nl - text) + 1 - at : len - at;
		suppress_note(d, file, (unsigned)line, text + at, n);
		at += n;
	}
}

/* The common part: check the bytes, run libyaml, return the root. */
static struct ynode *
load_text(struct loader *ld, const unsigned char *text, size_t len)
{
	yaml_parser_t	 parser;
	struct ynode	*root;
	int		 ok;

	/* A UTF-8 byte order mark is invisible: columns start after it. */
	if (len >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF) {
		text += 3;
		len -= 3;
	}
	ld->text = text;
	ld->len = len;
	if (!check_encoding(ld))
		return NULL;

	if (!yaml_parser_initialize(&parser))
		oom();
	/* Never guess UTF-16 from a BOM: positions count UTF-8 characters. */
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&parser, text, len);
	ok = run_parser(ld, &parser);
	yaml_parser_delete(&parser);
	if (!ok || ld->nerrors > 0)
		return NULL;

	root = ld->root;
	/*
	 * No document, or one that is empty ("---" alone): an empty map, so
	 * that the schema reports the missing keys.  Its position is the
	 * whole file.
	 */
	if (root == NULL || (root->kind == YNODE_SCALAR &&
	    root->style == YSTYLE_PLAIN && root->len == 0)) {
		root = arena_calloc(ld->a, 1, sizeof(*root));
		root->kind = YNODE_MAP;
		root->pos.file = ld->file;
	}
	return root;
}

/*
 * libyaml reports some encoding problems itself, but says nothing of a NUL
 * byte and positions its reader errors by byte offset only.  Check the
 * whole input first so that every such error has a clear message and a
 * line and column.  Strict UTF-8: no overlong forms, no surrogates,
 * nothing above U+10FFFF.
 */
static int
check_encoding(struct loader *ld)
{
	const unsigned char	*s = ld->text;
	struct pos		 pos;
	size_t			 i = 0, need, k;
	uint32_t		 cp, min;

	while (i < ld->len) {
		if (s[i] == '\0') {
			offset_pos(ld, i, &pos);
			error_at(ld, RULE_YAML_SYNTAX, &pos,
			    "NUL byte in the file");
			return 0;
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xC2 && s[i] <= 0xDF) {
			need = 1;
			cp = s[i] & 0x1F;
			min = 0x80;
		} else if (s[i] >= 0xE0 && s[i] <= 0xEF) {
			need = 2;
			cp = s[i] & 0x0F;
			min = 0x800;
		} else if (s[i] >= 0xF0 && s[i] <= 0xF4) {
			need = 3;
			cp = s[i] & 0x07;
			min = 0x10000;
		} else
			goto bad;
		if (ld->len - i <= need)
			goto bad;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += need + 1;
	}
	return 1;

bad:
	offset_pos(ld, i, &pos);
	error_at(ld, RULE_YAML_SYNTAX, &pos,
	    "invalid UTF-8 (byte 0x%02X): the file must be UTF-8 text", s[i]);
	return 0;
}

/* Line and column (in characters) of a byte offset into valid input. */
static void
offset_pos(const struct loader *ld, size_t off, struct pos *pos)
{
	size_t	 i;

	memset(pos, 0, sizeof(*pos));
	pos->file = ld->file;
	pos->line = 1;
	pos->col = 1;
	for (i = 0; i < off && i < ld->len; i++) {
		if (ld->text[i] == '\n') {
			pos->line++;
			pos->col = 1;
		} else if ((ld->text[i] & 0xC0) != 0x80)
			pos->col++;
	}
}

/* Feed every event to handle_event(); 0 on the first fatal error. */
static int
run_parser(struct loader *ld, yaml_parser_t *p)
{
	yaml_event_t	 ev;
	int		 ok, done;

	do {
		if (!yaml_parser_parse(p, &ev)) {
			parser_error(ld, p);
			return 0;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		ok = handle_event(ld, &ev);
		yaml_event_delete(&ev);
		if (!ok)
			return 0;
	} while (!done);
	return 1;
}

/* libyaml's problem and context, at the problem mark. */
static void
parser_error(struct loader *ld, const yaml_parser_t *p)
{
	struct pos	 pos;
	const char	*problem;

	if (p->error == YAML_MEMORY_ERROR)
		oom();
	problem = p->problem != NULL ? p->problem : "unknown libyaml error";
	if (p->error == YAML_READER_ERROR) {
		/* The reader knows a byte offset, not a mark. */
		offset_pos(ld, p->problem_offset, &pos);
		if (p->problem_value != -1)
			error_at(ld, RULE_YAML_SYNTAX, &pos, "%s (0x%02X)",
			    problem, (unsigned)p->problem_value);
		else
			error_at(ld, RULE_YAML_SYNTAX, &pos, "%s", problem);
		return;
	}
	mark_pos(ld, &p->problem_mark, &pos);
	if (p->context == NULL)
		error_at(ld, RULE_YAML_SYNTAX, &pos, "%s", problem);
	else if (p->context_mark.line == p->problem_mark.line &&
	    p->context_mark.column == p->problem_mark.column)
		error_at(ld, RULE_YAML_SYNTAX, &pos, "%s (%s)", problem,
		    p->context);
	else
		error_at(ld, RULE_YAML_SYNTAX, &pos,
		    "%s (%s that starts at line %zu, column %zu)", problem,
		    p->context, p->context_mark.line + 1,
		    p->context_mark.column + 1);
}

static int
handle_event(struct loader *ld, const yaml_event_t *ev)
{
	struct ynode	*n;
	struct anchor	*an;
	struct pos	 pos;
	const char	*tag;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++ld->ndocs > 1) {
			mark_pos(ld, &ev->start_mark, &pos);
			error_at(ld, RULE_YAML_SYNTAX, &pos,
			    "more than one document in the file");
			return 0;
		}
		return 1;
	case YAML_SCALAR_EVENT:
		n = new_node(ld, YNODE_SCALAR, &ev->start_mark);
		n->str = arena_strndup(ld->a,
		    (const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		n->style = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ||
		    ev->data.scalar.style == YAML_ANY_SCALAR_STYLE ?
		    YSTYLE_PLAIN : YSTYLE_QUOTED;
		/* !!str and the non-specific "!" both say "a string". */
		tag = (const char *)ev->data.scalar.tag;
		if (tag != NULL && (strcmp(tag, TAG_STR) == 0 ||
		    strcmp(tag, "!") == 0))
			n->style = YSTYLE_QUOTED;
		if (ev->data.scalar.anchor != NULL) {
			an = anchor_define(ld, ev->data.scalar.anchor, n);
			an->weight = 1;
			an->complete = 1;
		}
		return attach(ld, n, 1, NULL);
	case YAML_SEQUENCE_START_EVENT:
		n = new_node(ld, YNODE_SEQ, &ev->start_mark);
		return open_collection(ld, n, ev->data.sequence_start.anchor);
	case YAML_MAPPING_START_EVENT:
		n = new_node(ld, YNODE_MAP, &ev->start_mark);
		return open_collection(ld, n, ev->data.mapping_start.anchor);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return close_collection(ld);
	case YAML_ALIAS_EVENT:
		mark_pos(ld, &ev->start_mark, &pos);
		an = anchor_find(ld, (const char *)ev->data.alias.anchor);
		if (an == NULL) {
			error_at(ld, RULE_YAML_SYNTAX, &pos,
			    "undefined alias \"%s\"", show(ld,
			    (const char *)ev->data.alias.anchor,
			    strlen((const char *)ev->data.alias.anchor)));
			return 0;
		}
		if (!an->complete) {
			error_at(ld, RULE_YAML_SYNTAX, &pos,
			    "alias \"%s\" is inside the node it refers to",
			    show(ld, an->name, strlen(an->name)));
			return 0;
		}
		/*
		 * The alias shares the anchored node, so a "billion laughs"
		 * file costs no memory here; attach() still bounds the
		 * expanded size for the code that walks the tree.
		 */
		return attach(ld, an->node, an->weight, &pos);
	default:
		return 1;
	}
}

/*
 * libyaml (0.2.5 checked by the unit tests) counts lines and columns from 0,
 * and columns in characters, not bytes: add 1 once.
 */
static void
mark_pos(const struct loader *ld, const yaml_mark_t *m, struct pos *pos)
{
	pos->file = ld->file;
	pos->line = m->line + 1 > UINT_MAX ? UINT_MAX : (unsigned)m->line + 1;
	pos->col = m->column + 1 > UINT_MAX ? UINT_MAX :
	    (unsigned)m->column + 1;
}

static struct ynode *
new_node(struct loader *ld, enum ynode_kind kind, const yaml_mark_t *m)
{
	struct ynode	*n = arena_calloc(ld->a, 1, sizeof(*n));

	n->kind = kind;
	mark_pos(ld, m, &n->pos);
	return n;
}

static int
open_collection(struct loader *ld, struct ynode *n,
    const yaml_char_t *anchor)
{
	struct frame	*f;

	if (ld->depth == YAML_MAX_DEPTH) {
		error_at(ld, RULE_YAML_SYNTAX, &n->pos,
		    "nesting deeper than %d levels", YAML_MAX_DEPTH);
		return 0;
	}
	/* A key must be a scalar: say so before descending into it. */
	if (ld->depth > 0 && ld->stack[ld->depth - 1].node->kind == YNODE_MAP &&
	    ld->stack[ld->depth - 1].key == NULL) {
		error_at(ld, RULE_YAML_SYNTAX, &n->pos,
		    "a mapping key must be a scalar, not a %s",
		    ynode_kind_name(n->kind));
		return 0;
	}
	if (ld->depth == ld->stackcap) {
		ld->stackcap = ld->stackcap == 0 ? 16 : ld->stackcap * 2;
		ld->stack = arena_grow(ld->a, ld->stack, ld->depth,
		    ld->stackcap, sizeof(*ld->stack));
	}
	f = &ld->stack[ld->depth++];
	memset(f, 0, sizeof(*f));
	f->node = n;
	f->weight = 1;
	if (anchor != NULL)
		f->anchor = anchor_define(ld, anchor, n);
	return 1;
}

static int
close_collection(struct loader *ld)
{
	struct frame	 f;

	if (ld->depth == 0)
		return 1;	/* libyaml never does this */
	f = ld->stack[--ld->depth];
	if (f.node->kind == YNODE_MAP)
		check_duplicates(ld, f.node);
	if (f.anchor != NULL) {
		f.anchor->weight = f.weight;
		f.anchor->complete = 1;
	}
	return attach(ld, f.node, f.weight, NULL);
}

/*
 * Hang a finished node (weight nodes once expanded) under the open
 * collection, or make it the root.  For an alias, apos is where the alias
 * is: errors point there, and an alias used as a key becomes a copy of the
 * scalar carrying that position.
 */
static int
attach(struct loader *ld, struct ynode *n, size_t weight,
    const struct pos *apos)
{
	const struct pos *epos = apos != NULL ? apos : &n->pos;
	struct frame	*f;
	struct ynode	*k;

	if (ld->depth == 0) {
		ld->root = n;
		return 1;
	}
	f = &ld->stack[ld->depth - 1];
	if (weight > YAML_MAX_WEIGHT - f->weight) {
		error_at(ld, RULE_YAML_SYNTAX, epos,
		    "the document expands to more than %d nodes (too many "
		    "aliases)", YAML_MAX_WEIGHT);
		return 0;
	}
	f->weight += weight;

	if (f->node->kind == YNODE_SEQ) {
		if (f->node->nitems == f->cap) {
			f->cap = f->cap == 0 ? 4 : f->cap * 2;
			f->node->items = arena_grow(ld->a, f->node->items,
			    f->node->nitems, f->cap, sizeof(*f->node->items));
		}
		f->node->items[f->node->nitems++] = n;
		return 1;
	}

	if (f->key == NULL) {
		if (n->kind != YNODE_SCALAR) {
			error_at(ld, RULE_YAML_SYNTAX, epos,
			    "a mapping key must be a scalar, not a %s",
			    ynode_kind_name(n->kind));
			return 0;
		}
		if (apos != NULL) {
			k = arena_alloc(ld->a, sizeof(*k));
			*k = *n;
			k->pos = *apos;
			n = k;
		}
		f->key = n;
		return 1;
	}
	if (f->node->npairs == f->cap) {
		f->cap = f->cap == 0 ? 4 : f->cap * 2;
		f->node->pairs = arena_grow(ld->a, f->node->pairs,
		    f->node->npairs, f->cap, sizeof(*f->node->pairs));
	}
	f->node->pairs[f->node->npairs].key = f->key;
	f->node->pairs[f->node->npairs].value = n;
	f->node->npairs++;
	f->key = NULL;
	return 1;
}

static size_t
hash_name(const char *s)
{
	size_t	 h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static struct anchor *
anchor_define(struct loader *ld, const yaml_char_t *name, struct ynode *n)
{
	struct anchor	*an, *next, *rev, **nb;
	size_t		 i, nn, h;

	if (ld->nanchors >= ld->nbuckets) {
		nn = ld->nbuckets == 0 ? 16 : ld->nbuckets * 2;
		nb = arena_calloc(ld->a, nn, sizeof(*nb));
		/*
		 * Chains hold the newest definition first.  Reverse each old
		 * chain, then push: the newest lands at the head again.
		 */
		for (i = 0; i < ld->nbuckets; i++) {
			rev = NULL;
			for (an = ld->buckets[i]; an != NULL; an = next) {
				next = an->next;
				an->next = rev;
				rev = an;
			}
			for (an = rev; an != NULL; an = next) {
				next = an->next;
				h = hash_name(an->name) & (nn - 1);
				an->next = nb[h];
				nb[h] = an;
			}
		}
		ld->buckets = nb;
		ld->nbuckets = nn;
	}
	an = arena_calloc(ld->a, 1, sizeof(*an));
	an->name = arena_strdup(ld->a, (const char *)name);
	an->node = n;
	h = hash_name(an->name) & (ld->nbuckets - 1);
	an->next = ld->buckets[h];
	ld->buckets[h] = an;
	ld->nanchors++;
	return an;
}

static struct anchor *
anchor_find(const struct loader *ld, const char *name)
{
	struct anchor	*an;

	if (ld->nbuckets == 0)
		return NULL;
	for (an = ld->buckets[hash_name(name) & (ld->nbuckets - 1)];
	    an != NULL; an = an->next)
		if (strcmp(an->name, name) == 0)
			return an;
	return NULL;
}

/*
 * Equal keys compare as text, however they are quoted: "a", 'a' and a
 * are one key.  Sort by text, then by document order, so each repeat
 * follows the first occurrence: n log n even for huge maps.
 */
static void
check_duplicates(struct loader *ld, const struct ynode *map)
{
	struct keyref	*v;
	size_t		 i, first;

	if (map->npairs < 2)
		return;
	v = arena_calloc(ld->a, map->npairs, sizeof(*v));
	for (i = 0; i < map->npairs; i++) {
		v[i].key = map->pairs[i].key;
		v[i].idx = i;
	}
	qsort(v, map->npairs, sizeof(*v), keyref_cmp);
	for (first = 0, i = 1; i < map->npairs; i++) {
		if (v[i].key->len == v[first].key->len &&
		    memcmp(v[i].key->str, v[first].key->str,
		    v[i].key->len) == 0) {
			error_at(ld, RULE_YAML_DUPLICATE_KEY, &v[i].key->pos,
			    "duplicate key \"%s\" (first at line %u)",
			    show(ld, v[i].key->str, v[i].key->len),
			    v[first].key->pos.line);
		} else
			first = i;
	}
}

static int
keyref_cmp(const void *pa, const void *pb)
{
	const struct keyref	*a = pa, *b = pb;
	size_t			 n;
	int			 c;

	n = a->key->len < b->key->len ? a->key->len : b->key->len;
	if ((c = memcmp(a->key->str, b->key->str, n)) != 0)
		return c;
	if (a->key->len != b->key->len)
		return a->key->len < b->key->len ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/*
 * User text for a message, in d's arena: control characters, quotes and
 * backslashes escaped, cut at YAML_SHOW_MAX bytes on a character boundary.
 */
static const char *
show(struct loader *ld, const char *s, size_t len)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*r;
	size_t		 i;
	unsigned char	 c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (sb.len >= YAML_SHOW_MAX && (c & 0xC0) != 0x80) {
			strbuf_addstr(&sb, "...");
			break;
		}
		if (c == '"' || c == '\\') {
			strbuf_addch(&sb, '\\');
			strbuf_addch(&sb, c);
		} else if (c == '\n')
			strbuf_addstr(&sb, "\\n");
		else if (c == '\t')
			strbuf_addstr(&sb, "\\t");
		else if (c < 0x20 || c == 0x7F)
			strbuf_addf(&sb, "\\x%02X", c);
		else
			strbuf_addch(&sb, c);
	}
	r = arena_strndup(ld->d->a, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

/* Report through the rule table, with the file name diagnostics own. */
static void
error_at(struct loader *ld, enum rule_id id, const struct pos *pos,
    const char *fmt, ...)
{
	struct pos	 p = *pos;
	va_list		 ap;

	p.file = ld->dfile;
	va_start(ap, fmt);
	diag_vadd(ld->d, &p, rules[id].level, rules[id].id, fmt, ap);
	va_end(ap);
	ld->nerrors++;
}

/* libyaml ran out of memory: fatal, as in xmalloc.c. */
static void
oom(void)
{
	fputs("pgpair: out of memory\n", stderr);
	exit(2);
}

struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	size_t	 i, len;

	if (map == NULL || map->kind != YNODE_MAP)
		return NULL;
	len = strlen(key);
	for (i = 0; i < map->npairs; i++)
		if (map->pairs[i].key->len == len &&
		    memcmp(map->pairs[i].key->str, key, len) == 0)
			return map->pairs[i].value;
	return NULL;
}

/* A scalar whose whole text is s (a scalar may hold NUL bytes). */
static int
sceq(const struct ynode *n, const char *s)
{
	return n->len == strlen(s) && memcmp(n->str, s, n->len) == 0;
}

int
ynode_is_null(const struct ynode *n)
{
	if (n == NULL || n->kind != YNODE_SCALAR || n->style != YSTYLE_PLAIN)
		return 0;
	return n->len == 0 || sceq(n, "~") || sceq(n, "null") ||
	    sceq(n, "Null") || sceq(n, "NULL");
}

int
ynode_bool(const struct ynode *n, int *out)
{
	if (n == NULL || n->kind != YNODE_SCALAR || n->style != YSTYLE_PLAIN)
		return -1;
	if (sceq(n, "true") || sceq(n, "True") || sceq(n, "TRUE")) {
		*out = 1;
		return 0;
	}
	if (sceq(n, "false") || sceq(n, "False") || sceq(n, "FALSE")) {
		*out = 0;
		return 0;
	}
	return -1;
}

/*
 * Digits of base (8, 10 or 16) into *out; -1 when s is empty or holds
 * another character, -2 when the value does not fit.
 */
static int
parse_uint(const char *s, size_t len, unsigned base, unsigned long long *out)
{
	unsigned long long	 v = 0;
	unsigned		 dg;
	size_t			 i;
	int			 overflow = 0;
	char			 c;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		c = s[i];
		if (c >= '0' && c <= '9')
			dg = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			dg = (unsigned)(c - 'a') + 10;
		else if (c >= 'A' && c <= 'F')
			dg = (unsigned)(c - 'A') + 10;
		else
			return -1;
		if (dg >= base)
			return -1;
		if (v > (ULLONG_MAX - dg) / base)
			overflow = 1;
		else
			v = v * base + dg;
	}
	*out = v;
	return overflow ? -2 : 0;
}

/*
 * YAML 1.2 core schema integers: [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+.
 * Returns 0, -1 when n is not such a plain scalar, -2 when the value does
 * not fit a long long.
 */
int
ynode_int(const struct ynode *n, long long *out)
{
	unsigned long long	 v;
	const char		*s;
	size_t			 len;
	int			 neg = 0, r;

	if (n == NULL || n->kind != YNODE_SCALAR || n->style != YSTYLE_PLAIN)
		return -1;
	s = n->str;
	len = n->len;
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
		r = parse_uint(s + 2, len - 2, s[1] == 'x' ? 16 : 8, &v);
		if (r != 0)
			return r;
		if (v > (unsigned long long)LLONG_MAX)
			return -2;
		*out = (long long)v;
		return 0;
	}
	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		s++;
		len--;
	}
	if ((r = parse_uint(s, len, 10, &v)) != 0)
		return r;
	if (neg) {
		if (v > (unsigned long long)LLONG_MAX + 1)
			return -2;
		/* -(LLONG_MAX + 1) without signed overflow */
		*out = v == 0 ? 0 : -(long long)(v - 1) - 1;
	} else {
		if (v > (unsigned long long)LLONG_MAX)
			return -2;
		*out = (long long)v;
	}
	return 0;
}

/*
 * A core-schema int, or a float matching
 * [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?.  .inf and .nan are
 * left out on purpose: no PostgreSQL setting pgpair writes takes them.
 */
int
ynode_is_number(const struct ynode *n)
{
	long long	 ll;
	const char	*s, *e;
	size_t		 digits = 0;

	if (n == NULL || n->kind != YNODE_SCALAR || n->style != YSTYLE_PLAIN)
		return 0;
	if (ynode_int(n, &ll) != -1)
		return 1;	/* an int, perhaps too big for us */
	s = n->str;
	e = n->str + n->len;
	if (s < e && (*s == '-' || *s == '+'))
		s++;
	while (s < e && *s >= '0' && *s <= '9') {
		s++;
		digits++;
	}
	if (s < e && *s == '.') {
		s++;
		while (s < e && *s >= '0' && *s <= '9') {
			s++;
			digits++;
		}
	}
	if (digits == 0)
		return 0;
	if (s < e && (*s == 'e' || *s == 'E')) {
		s++;
		if (s < e && (*s == '-' || *s == '+'))
			s++;
		if (s == e || *s < '0' || *s > '9')
			return 0;
		while (s < e && *s >= '0' && *s <= '9')
			s++;
	}
	return s == e;
}

const char *
ynode_kind_name(enum ynode_kind k)
{
	switch (k) {
	case YNODE_SCALAR:
		return "scalar";
	case YNODE_MAP:
		return "mapping";
	case YNODE_SEQ:
		return "list";
	}
	return "node";
}

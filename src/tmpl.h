/*
 * A Mustache template engine (spec v1.x: interpolation, sections, inverted
 * sections, comments, partials, set-delimiters; no lambdas).  Rendering is
 * the last stage of generate: render.c builds a view of struct tval from
 * the model, with every value already quoted for its target, and renders
 * templates/ through tmpl_render() with escaping switched off.
 */
#ifndef PGPAIR_TMPL_H
#define PGPAIR_TMPL_H

#include <stddef.h>

#include "diag.h"

struct arena;
struct strbuf;

enum tval_kind {
	TVAL_NULL,
	TVAL_BOOL,
	TVAL_STR,
	TVAL_LIST,
	TVAL_MAP
};

/* A view value.  Maps keep insertion order; a later tval_set wins. */
struct tval {
	enum tval_kind	 kind;
	int		 b;		/* TVAL_BOOL */
	const char	*str;		/* TVAL_STR */
	struct tval	**items;	/* TVAL_LIST */
	size_t		 nitems;
	const char	**keys;		/* TVAL_MAP */
	struct tval	**vals;
	size_t		 nkeys;
	size_t		 cap;		/* internal */
};

struct tval	*tval_null(struct arena *);
struct tval	*tval_bool(struct arena *, int);
struct tval	*tval_str(struct arena *, const char *);	/* borrows s */
struct tval	*tval_list(struct arena *);
struct tval	*tval_map(struct arena *);
void		 tval_push(struct arena *, struct tval *list, struct tval *v);
void		 tval_set(struct arena *, struct tval *map, const char *key,
		    struct tval *v);
/* Shorthands for tval_set with a string or a boolean. */
void		 tval_set_str(struct arena *, struct tval *map, const char *key,
		    const char *s);
void		 tval_set_bool(struct arena *, struct tval *map, const char *key,
		    int b);

enum tmpl_escape {
	TMPL_ESCAPE_HTML,	/* the spec's default: & " < > escaped */
	TMPL_ESCAPE_NONE	/* pgpair: values arrive quoted for their target */
};

/* Looks up partial name: returns its text (and length) or NULL. */
typedef const char *tmpl_partial_fn(void *arg, const char *name, size_t *len);

/*
 * Render template text (named name, for positions) with view ctx into out.
 * Partials are fetched through partial (may be NULL) and rendered with the
 * indentation of a standalone tag.  A syntax error in the template (an
 * unclosed tag or section, a mismatched close, bad delimiters) goes to d as
 * "name:line:col" with rule NULL, and the result is -1; else 0.
 */
int		 tmpl_render(struct arena *a, const char *name, const char *text,
		    size_t len, const struct tval *ctx, tmpl_partial_fn *partial,
		    void *arg, enum tmpl_escape esc, struct strbuf *out,
		    struct diags *d);

#endif

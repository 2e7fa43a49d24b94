/*
 * libFuzzer target: the Mustache engine (tmpl.c), template and view both
 * from the input.  With no "%%file" line the input is a template rendered
 * against an empty view; otherwise the top part is the view, as YAML
 * (maps, lists, strings; plain true/false and null as such), the first
 * file is the template and every file is a partial by its name, with or
 * without ".mustache".  A template named *.html renders with the spec's
 * HTML escaping, any other as generate renders (no escaping).
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fuzz.h"
#include "strbuf.h"
#include "tmpl.h"
#include "yaml_load.h"

/* Nodes of a view, at most: aliases could make a small YAML a huge view. */
#define VIEW_MAX_NODES	20000

static struct tval	*view(struct arena *, const struct ynode *, size_t *);
static const char	*partial(void *, const char *, size_t *);

static struct tval *
view(struct arena *a, const struct ynode *y, size_t *budget)
{
	struct tval	*v;
	int		 b;

	if (*budget == 0)
		return tval_null(a);
	(*budget)--;
	switch (y->kind) {
	case YNODE_MAP:
		v = tval_map(a);
		for (size_t i = 0; i < y->npairs; i++)
			tval_set(a, v, y->pairs[i].key->str,
			    view(a, y->pairs[i].value, budget));
		return v;
	case YNODE_SEQ:
		v = tval_list(a);
		for (size_t i = 0; i < y->nitems; i++)
			tval_push(a, v, view(a, y->items[i], budget));
		return v;
	default:
		if (ynode_is_null(y))
			return tval_null(a);
		if (ynode_bool(y, &b) == 0)
			return tval_bool(a, b);
		return tval_str(a, y->str);
	}
}

static const char *
partial(void *arg, const char *name, size_t *len)
{
	struct arena	*a = arg;
	const char	*text;

	/* "a/../b" is not a name in a templates folder. */
	if (strstr(name, "..") != NULL || name[0] == '/')
		return NULL;
	if ((text = fuzz_vfs_get(name, len)) != NULL)
		return text;
	return fuzz_vfs_get(arena_printf(a, "%s.mustache", name), len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a;
	struct diags		 d;
	struct strbuf		 out = STRBUF_INIT;
	const struct ynode	*root = NULL;
	const struct tval	*ctx = NULL;
	const char		*text, *name;
	size_t			 len, budget = VIEW_MAX_NODES, nlen;

	a = arena_new();
	diags_init(&d, a);
	if (fuzz_vfs_begin(data, size) == 1)
		text = fuzz_vfs_nth(0, &name, &len);
	else {
		text = fuzz_vfs_nth(0, &name, &len);
		root = yaml_load_string(a, "view.yaml", text, len, &d);
		if (root != NULL)
			ctx = view(a, root, &budget);
		text = fuzz_vfs_nth(1, &name, &len);
	}
	nlen = strlen(name);
	tmpl_render(a, name, text, len, ctx, partial, a,
	    nlen >= 5 && strcmp(name + nlen - 5, ".html") == 0 ?
	    TMPL_ESCAPE_HTML : TMPL_ESCAPE_NONE, &out, &d);
	strbuf_release(&out);
	fuzz_report(&d);
	arena_free(a);
	fuzz_vfs_end();
	return 0;
}

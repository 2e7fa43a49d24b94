/*
 * .pgpair.yaml: found, read and applied; see repoconf.h.  The file is
 * read by the description's YAML loader, so that its mistakes have
 * positions too, and its values are checked by the option parser's own
 * checks (cmd_opt_value()), so that they mean what the options mean.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "cmd.h"
#include "diag.h"
#include "repoconf.h"
#include "rule.h"
#include "strbuf.h"
#include "suggest.h"
#include "yaml_load.h"

static const char *const top_keys[] = {
	"exclude", "fail-on", "pg-version", "rules",
};
#define NTOP_KEYS	(sizeof(top_keys) / sizeof(top_keys[0]))

static int	 exists(const char *);
static const char *absolute_dir(struct arena *, const char *path);
static size_t	 split(struct arena *, const char *, const char ***);
static int	 segs_match(const char *const *, size_t, const char *const *,
		    size_t);
static int	 scalar(struct diags *, const struct ynode *, const char *);
static int	 read_rules(struct repoconf *, struct diags *,
		    const struct ynode *);
static int	 read_exclude(struct arena *, struct repoconf *,
		    struct diags *, const struct ynode *);

static int
exists(const char *path)
{
	struct stat	 st;

	return lstat(path, &st) == 0;
}

const char *
repoconf_find(struct arena *a)
{
	char		 cwd[PATH_MAX];
	struct strbuf	 up = STRBUF_INIT;
	const char	*found = NULL;
	char		*slash;

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return NULL;
	for (;;) {
		const char	*p = arena_printf(a, "%s%s" REPOCONF_NAME,
				    cwd, strcmp(cwd, "/") == 0 ? "" : "/");

		if (exists(p)) {
			found = arena_printf(a, "%s" REPOCONF_NAME, up.buf);
			break;
		}
		/* The repository's root is as far as its configuration goes. */
		if (exists(arena_printf(a, "%s/.git", cwd)) ||
		    strcmp(cwd, "/") == 0)
			break;
		slash = strrchr(cwd, '/');
		if (slash == cwd)
			slash[1] = '\0';
		else
			*slash = '\0';
		strbuf_addstr(&up, "../");
	}
	strbuf_release(&up);
	return found;
}

/* The absolute folder of path, lexically (no link is followed). */
static const char *
absolute_dir(struct arena *a, const char *path)
{
	char		 cwd[PATH_MAX];
	const char	**seg, *full;
	size_t		 n;
	struct strbuf	 sb = STRBUF_INIT;
	char		*r;

	if (path[0] == '/')
		full = path;
	else if (getcwd(cwd, sizeof(cwd)) != NULL)
		full = arena_printf(a, "%s/%s", cwd, path);
	else
		return NULL;
	n = split(a, full, &seg);
	/* the last segment is the file itself */
	for (size_t i = 0; i + 1 < n; i++)
		strbuf_addf(&sb, "/%s", seg[i]);
	if (sb.len == 0)
		strbuf_addch(&sb, '/');
	r = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return r;
}

/*
 * The segments of path, made absolute against nothing: "" and "." are
 * dropped and ".." takes the one before it away.  Returns their number.
 */
static size_t
split(struct arena *a, const char *path, const char ***out)
{
	const char	**v;
	size_t		 n = 0, len;

	v = arena_alloc(a, (strlen(path) / 2 + 2) * sizeof(*v));
	while (*path != '\0') {
		len = strcspn(path, "/");
		if (len == 2 && strncmp(path, "..", 2) == 0) {
			if (n > 0)
				n--;
		} else if (len > 0 && !(len == 1 && path[0] == '.'))
			v[n++] = arena_strndup(a, path, len);
		path += len;
		while (*path == '/')
			path++;
	}
	*out = v;
	return n;
}

/* Do the glob's segments match the path's?  "**" matches any number. */
static int
segs_match(const char *const *g, size_t ng, const char *const *p, size_t np)
{
	if (ng == 0)
		return np == 0;
	if (strcmp(g[0], "**") == 0) {
		for (size_t k = 0; k <= np; k++)
			if (segs_match(g + 1, ng - 1, p + k, np - k))
				return 1;
		return 0;
	}
	return np > 0 && fnmatch(g[0], p[0], 0) == 0 &&
	    segs_match(g + 1, ng - 1, p + 1, np - 1);
}

int
repoconf_excluded(const struct repoconf *cf, const char *path)
{
	struct arena	*a;
	char		 cwd[PATH_MAX];
	const char	**dseg, **pseg, **gseg, *full;
	size_t		 nd, np, ng;
	int		 hit = 0;

	if (cf->nexclude == 0)
		return 0;
	if (path[0] != '/' && getcwd(cwd, sizeof(cwd)) == NULL)
		return 0;
	a = arena_new();
	full = path[0] == '/' ? path : arena_printf(a, "%s/%s", cwd, path);
	nd = split(a, cf->dir, &dseg);
	np = split(a, full, &pseg);
	for (size_t i = 0; i < nd; i++)
		if (i >= np || strcmp(dseg[i], pseg[i]) != 0)
			goto out;	/* not below the configuration */
	pseg += nd;
	np -= nd;
	for (size_t e = 0; e < cf->nexclude && !hit; e++) {
		const char	*glob = cf->exclude[e];
		int		 anchored;

		/* Without a '/' but at its end, a name at any depth. */
		anchored = strchr(glob, '/') != NULL &&
		    strchr(glob, '/') != glob + strlen(glob) - 1;
		ng = split(a, anchored ? glob : arena_printf(a, "**/%s", glob),
		    &gseg);
		/* the path itself, or a folder it is in */
		for (size_t k = 1; k <= np && !hit; k++)
			hit = segs_match(gseg, ng, pseg, k);
	}
out:
	arena_free(a);
	return hit;
}

/* n is a scalar, or an error at it saying what key wanted. */
static int
scalar(struct diags *d, const struct ynode *n, const char *key)
{
	if (n->kind == YNODE_SCALAR)
		return 1;
	diag_add(d, &n->pos, LEVEL_ERROR, NULL, "\"%s\" takes a single value, "
	    "not a %s", key, ynode_kind_name(n->kind));
	return 0;
}

/* rules: RULE: off|info|warning|error, for rules that exist. */
static int
read_rules(struct repoconf *cf, struct diags *d, const struct ynode *map)
{
	const char	*ids[RULE__COUNT], *near;
	int		 ok = 1, lv;

	if (map->kind != YNODE_MAP) {
		diag_add(d, &map->pos, LEVEL_ERROR, NULL, "\"rules\" takes a "
		    "map of rule names to off, info, warning or error, not a "
		    "%s", ynode_kind_name(map->kind));
		return 0;
	}
	for (size_t i = 0; i < RULE__COUNT; i++)
		ids[i] = rules[i].id;
	for (size_t i = 0; i < map->npairs; i++) {
		const struct ynode	*k = map->pairs[i].key;
		const struct ynode	*v = map->pairs[i].value;
		const struct rule	*r = rule_find(k->str);

		if (r == NULL) {
			near = suggest_closest(k->str, ids, RULE__COUNT);
			if (near != NULL)
				diag_add(d, &k->pos, LEVEL_ERROR, NULL,
				    "unknown rule \"%s\"; did you mean \"%s\"?",
				    k->str, near);
			else
				diag_add(d, &k->pos, LEVEL_ERROR, NULL,
				    "unknown rule \"%s\": \"pgpair rules\" "
				    "lists them", k->str);
			ok = 0;
			continue;
		}
		if (!scalar(d, v, k->str)) {
			ok = 0;
			continue;
		}
		if ((lv = level_from_name(v->str)) < 0) {
			diag_add(d, &v->pos, LEVEL_ERROR, NULL, "the level of "
			    "\"%s\" must be off, info, warning or error, not "
			    "\"%s\"", k->str, v->str);
			ok = 0;
			continue;
		}
		cf->level[r - rules] = lv;
	}
	return ok;
}

/* exclude: a glob, or a list of them. */
static int
read_exclude(struct arena *a, struct repoconf *cf, struct diags *d,
    const struct ynode *n)
{
	const struct ynode	*const *items = (const struct ynode *const *)&n;
	size_t			 count = 1;
	int			 ok = 1;

	if (n->kind == YNODE_SEQ) {
		items = (const struct ynode *const *)n->items;
		count = n->nitems;
	} else if (n->kind != YNODE_SCALAR) {
		diag_add(d, &n->pos, LEVEL_ERROR, NULL, "\"exclude\" takes a "
		    "glob or a list of globs, not a %s",
		    ynode_kind_name(n->kind));
		return 0;
	}
	cf->exclude = arena_calloc(a, count + 1, sizeof(*cf->exclude));
	for (size_t i = 0; i < count; i++) {
		if (!scalar(d, items[i], "exclude")) {
			ok = 0;
			continue;
		}
		if (items[i]->len == 0 || strlen(items[i]->str) !=
		    items[i]->len) {
			diag_add(d, &items[i]->pos, LEVEL_ERROR, NULL,
			    "an empty glob, or one with a NUL byte");
			ok = 0;
			continue;
		}
		cf->exclude[cf->nexclude++] = items[i]->str;
	}
	return ok;
}

struct repoconf *
repoconf_load(struct arena *a, const char *path, struct diags *d)
{
	struct repoconf		*cf;
	struct ynode		*root;
	struct strbuf		 why = STRBUF_INIT;
	const char		*near;
	int			 io_error, ok = 1, iv;

	if ((root = yaml_load_file(a, path, d, &io_error)) == NULL)
		return NULL;
	cf = arena_calloc(a, 1, sizeof(*cf));
	cf->path = arena_strdup(a, path);
	cf->fail_on = -1;
	for (size_t i = 0; i < RULE__COUNT; i++)
		cf->level[i] = -1;
	if ((cf->dir = absolute_dir(a, path)) == NULL) {
		struct pos	 p = { cf->path, 0, 0 };

		diag_add(d, &p, LEVEL_ERROR, NULL, "cannot tell the folder "
		    "of \"%s\": %s", path, strerror(errno));
		return NULL;
	}
	if (root->kind != YNODE_MAP) {
		diag_add(d, &root->pos, LEVEL_ERROR, NULL, "a configuration is "
		    "a map of keys (%s, %s, %s, %s), not a %s", top_keys[0],
		    top_keys[1], top_keys[2], top_keys[3],
		    ynode_kind_name(root->kind));
		return NULL;
	}
	for (size_t i = 0; i < root->npairs; i++) {
		const struct ynode	*k = root->pairs[i].key;
		const struct ynode	*v = root->pairs[i].value;
		enum opt_id		 id;

		if (strcmp(k->str, "rules") == 0) {
			ok &= read_rules(cf, d, v);
			continue;
		}
		if (strcmp(k->str, "exclude") == 0) {
			ok &= read_exclude(a, cf, d, v);
			continue;
		}
		if (strcmp(k->str, "pg-version") == 0)
			id = OPT_PG_VERSION;
		else if (strcmp(k->str, "fail-on") == 0)
			id = OPT_FAIL_ON;
		else {
			near = suggest_closest(k->str, top_keys, NTOP_KEYS);
			if (near != NULL)
				diag_add(d, &k->pos, LEVEL_ERROR, NULL,
				    "unknown key \"%s\"; did you mean \"%s\"?",
				    k->str, near);
			else
				diag_add(d, &k->pos, LEVEL_ERROR, NULL,
				    "unknown key \"%s\": the keys are %s, %s, "
				    "%s and %s", k->str, top_keys[0],
				    top_keys[1], top_keys[2], top_keys[3]);
			ok = 0;
			continue;
		}
		/* The checks of the option it stands for, in its words. */
		if (!scalar(d, v, k->str)) {
			ok = 0;
			continue;
		}
		strbuf_reset(&why);
		if (cmd_opt_value(NULL, id, v->str, &iv, &why) != 0) {
			diag_add(d, &v->pos, LEVEL_ERROR, NULL, "%s %s",
			    k->str, why.buf);
			ok = 0;
			continue;
		}
		if (id == OPT_PG_VERSION)
			cf->major = iv;
		else
			cf->fail_on = iv;
	}
	strbuf_release(&why);
	return ok ? cf : NULL;
}

void
repoconf_apply(const struct repoconf *cf, struct diags *d)
{
	size_t	 k = 0;
	long	 i;

	for (size_t j = 0; j < d->n; j++) {
		struct diag	*dg = &d->v[j];

		if (dg->rule != NULL) {
			/* Findings carry the table's own string. */
			for (i = 0; i < RULE__COUNT; i++)
				if (rules[i].id == dg->rule)
					break;
			if (i == RULE__COUNT) {
				const struct rule *r = rule_find(dg->rule);

				i = r != NULL ? r - rules : RULE__COUNT;
			}
			if (i < RULE__COUNT && cf->level[i] == LEVEL_OFF)
				continue;
			if (i < RULE__COUNT && cf->level[i] > 0)
				dg->level = (enum level)cf->level[i];
		}
		d->v[k++] = *dg;
	}
	d->n = k;
}

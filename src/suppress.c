/*
 * Inline suppression comments; see suppress.h.  A directive is kept as the
 * text of its list of rules, with its file and line; findings are many
 * (one per line of a big file, at times) and directives few, so the
 * directives are sorted once and each finding looks up its own line and
 * the line above.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "rule.h"
#include "suppress.h"

#define DIRECTIVE	"pgpair: disable="

static int	 cmp_sup(const void *, const void *);
static int	 disables(const struct diags *, const char *, unsigned,
		    const char *);
static int	 names(const struct suppression *, const char *);
static uint64_t	 sup_hash(const char *, unsigned);
static void	 sup_index(struct diags *);
static int	 indexed(const struct diags *, const char *, unsigned,
		    const char *);

void
suppress_note(struct diags *d, const char *file, unsigned line,
    const char *text, size_t len)
{
	const char		*end = text + len, *hash, *p, *ids;
	struct suppression	*s;
	size_t			 ncap;

	if ((hash = memchr(text, '#', len)) == NULL ||
	    (p = memmem(hash, (size_t)(end - hash), DIRECTIVE,
	    sizeof(DIRECTIVE) - 1)) == NULL)
		return;
	/* a comma-separated list of ids, ended by a blank or the line */
	ids = p + sizeof(DIRECTIVE) - 1;
	for (p = ids; p < end && !isspace((unsigned char)*p); p++)
		continue;
	if (p == ids)
		return;
	if (d->nsup == d->capsup) {
		ncap = d->capsup == 0 ? 8 : 2 * d->capsup;
		d->sup = arena_grow(d->a, d->sup, d->nsup, ncap,
		    sizeof(*d->sup));
		d->capsup = ncap;
	}
	s = &d->sup[d->nsup++];
	/* a file usually holds several: they share its name */
	s->file = d->nsup > 1 && strcmp(s[-1].file, file) == 0 ? s[-1].file :
	    arena_strdup(d->a, file);
	s->line = line;
	s->len = (size_t)(p - ids);
	s->ids = memcpy(arena_alloc(d->a, s->len), ids, s->len);
}

/* By file, then line. */
static int
cmp_sup(const void *a, const void *b)
{
	const struct suppression	*x = a, *y = b;
	int				 c = strcmp(x->file, y->file);

	if (c != 0)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/* Does a directive on line line of file (d->sup sorted) name rule? */
static int
disables(const struct diags *d, const char *file, unsigned line,
    const char *rule)
{
	struct suppression	 key;
	size_t			 lo = 0, hi = d->nsup, mid;

	key.file = file;
	key.line = line;
	/* the first directive at or after (file, line) */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp_sup(&d->sup[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* a file read twice has its directives twice: each is looked at */
	for (; lo < d->nsup && cmp_sup(&d->sup[lo], &key) == 0; lo++)
		if (names(&d->sup[lo], rule))
			return 1;
	return 0;
}

/* Is rule in the list of the directive s? */
static int
names(const struct suppression *s, const char *rule)
{
	const struct rule	*r;
	const char		*p = s->ids, *end = p + s->len;
	size_t			 rlen = strlen(rule);

	while (p < end) {
		const char	*e = memchr(p, ',', (size_t)(end - p));

		if (e == NULL)
			e = end;
		if ((size_t)(e - p) == rlen && memcmp(p, rule, rlen) == 0)
			return 1;
		/* a retired id names the rule that took it over */
		if ((r = rule_find_len(p, (size_t)(e - p))) != NULL &&
		    strcmp(r->id, rule) == 0)
			return 1;
		p = e + 1;
	}
	return 0;
}

/* FNV-1a of the file name, then the line. */
static uint64_t
sup_hash(const char *file, unsigned line)
{
	uint64_t	 h = 1469598103934665603ull;

	for (; *file != '\0'; file++) {
		h ^= (unsigned char)*file;
		h *= 1099511628211ull;
	}
	h ^= line;
	h *= 1099511628211ull;
	return h ^ (h >> 31);
}

/*
 * Bring the index up to the directives kept: an open-addressing table of
 * their positions in d->sup plus one (0: empty), at most half full.
 */
static void
sup_index(struct diags *d)
{
	size_t	 i, k, cap, mask;

	if (d->nsupidx == d->nsup)
		return;
	if (2 * d->nsup > d->capsupidx) {
		for (cap = 64; cap < 4 * d->nsup; cap *= 2)
			continue;
		d->supidx = arena_calloc(d->a, cap, sizeof(*d->supidx));
		d->capsupidx = cap;
		d->nsupidx = 0;
	}
	mask = d->capsupidx - 1;
	for (i = d->nsupidx; i < d->nsup; i++) {
		for (k = sup_hash(d->sup[i].file, d->sup[i].line) & mask;
		    d->supidx[k] != 0; k = (k + 1) & mask)
			continue;
		d->supidx[k] = i + 1;
	}
	d->nsupidx = d->nsup;
}

/* disables() through the index. */
static int
indexed(const struct diags *d, const char *file, unsigned line,
    const char *rule)
{
	const struct suppression	*s;
	size_t				 k, mask = d->capsupidx - 1;

	for (k = sup_hash(file, line) & mask; d->supidx[k] != 0;
	    k = (k + 1) & mask) {
		s = &d->sup[d->supidx[k] - 1];
		if (s->line == line && strcmp(s->file, file) == 0 &&
		    names(s, rule))
			return 1;
	}
	return 0;
}

int
suppress_covers(struct diags *d, const char *file, unsigned line,
    const char *rule)
{
	if (d->nsup == 0 || file == NULL || line == 0 || rule == NULL)
		return 0;
	sup_index(d);
	return indexed(d, file, line, rule) ||
	    (line > 1 && indexed(d, file, line - 1, rule));
}

void
suppress_apply(struct diags *d)
{
	size_t	 i, k = 0;

	if (d->nsup == 0)
		return;
	qsort(d->sup, d->nsup, sizeof(*d->sup), cmp_sup);
	/* the index names places in d->sup, which moved */
	d->supidx = NULL;
	d->capsupidx = d->nsupidx = 0;
	for (i = 0; i < d->n; i++) {
		const struct diag	*dg = &d->v[i];

		/* a finding on a whole file: a directive on its first line */
		if (dg->rule != NULL && dg->pos.file != NULL &&
		    dg->pos.line == 0 && disables(d, dg->pos.file, 1, dg->rule))
			continue;
		if (dg->rule != NULL && dg->pos.file != NULL &&
		    dg->pos.line != 0 &&
		    (disables(d, dg->pos.file, dg->pos.line, dg->rule) ||
		    disables(d, dg->pos.file, dg->pos.line - 1, dg->rule)))
			continue;
		d->v[k++] = *dg;
	}
	d->n = k;
}

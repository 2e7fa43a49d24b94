/*
 * The diagnostic sink: an array of records in the run arena, at most
 * DIAGS_MAX of them and a count by level of the rest, sorted once before
 * reporting.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "suppress.h"

static const char *const level_names[] = {
	[LEVEL_OFF] = "off",
	[LEVEL_INFO] = "info",
	[LEVEL_WARNING] = "warning",
	[LEVEL_ERROR] = "error",
};

void
diags_init(struct diags *d, struct arena *a)
{
	memset(d, 0, sizeof(*d));
	d->a = a;
	d->max = DIAGS_MAX;
}

struct diag *
diag_vadd(struct diags *d, const struct pos *pos, enum level level,
    const char *rule, const char *fmt, va_list ap)
{
	struct diag	*dg;
	size_t		 ncap;

	if (d->n >= d->max) {
		/*
		 * Count it unless it is suppressed: the directives of a line
		 * and of the line above are read before a finding on it is
		 * made.  A known limit: conf_scan notes a line's directive
		 * at the line's end, so past DIAGS_MAX a syntax error on the
		 * directive's own line is counted though suppressed.
		 */
		if (pos == NULL || rule == NULL ||
		    !suppress_covers(d, pos->file, pos->line, rule))
			d->more[level]++;
		memset(&d->spare, 0, sizeof(d->spare));
		d->spare.level = level;
		d->spare.rule = rule;
		d->spare.msg = "";
		return &d->spare;
	}
	if (d->n == d->cap) {
		ncap = d->cap == 0 ? 16 : d->cap * 2;
		d->v = arena_grow(d->a, d->v, d->n, ncap, sizeof(*d->v));
		d->cap = ncap;
	}
	dg = &d->v[d->n];
	memset(dg, 0, sizeof(*dg));
	if (pos != NULL)
		dg->pos = *pos;
	dg->level = level;
	dg->rule = rule;
	dg->msg = arena_vprintf(d->a, fmt, ap);
	dg->seq = d->n++;
	return dg;
}

struct diag *
diag_add(struct diags *d, const struct pos *pos, enum level level,
    const char *rule, const char *fmt, ...)
{
	struct diag	*dg;
	va_list		 ap;

	va_start(ap, fmt);
	dg = diag_vadd(d, pos, level, rule, fmt, ap);
	va_end(ap);
	return dg;
}

int
diags_full(const struct diags *d)
{
	return d->n >= d->max;
}

void
diag_hint(struct diags *d, struct diag *dg, const char *fmt, ...)
{
	va_list	 ap;

	if (dg == &d->spare)
		return;
	va_start(ap, fmt);
	dg->hint = arena_vprintf(d->a, fmt, ap);
	va_end(ap);
}

void
diags_source(struct diags *d, struct arena *a, const char *file,
    const char *buf, size_t len)
{
	struct diag_source	*s;
	size_t			 ncap;

	if (a != d->a || file == NULL || diags_find_source(d, file) != NULL)
		return;
	if (d->nsrc == d->capsrc) {
		ncap = d->capsrc == 0 ? 8 : d->capsrc * 2;
		d->src = arena_grow(d->a, d->src, d->nsrc, ncap,
		    sizeof(*d->src));
		d->capsrc = ncap;
	}
	s = &d->src[d->nsrc++];
	s->file = file;
	s->buf = buf;
	s->len = len;
}

const struct diag_source *
diags_find_source(const struct diags *d, const char *file)
{
	/* Few files; positions usually share the very string. */
	for (size_t i = 0; i < d->nsrc; i++)
		if (d->src[i].file == file || strcmp(d->src[i].file, file) == 0)
			return &d->src[i];
	return NULL;
}

static int
strcmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
cmp_diag(const void *pa, const void *pb)
{
	const struct diag	*a = pa, *b = pb;
	int			 c;

	if ((c = strcmp_null(a->pos.file, b->pos.file)) != 0)
		return c;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	if (a->pos.col != b->pos.col)
		return a->pos.col < b->pos.col ? -1 : 1;
	if ((c = strcmp_null(a->rule, b->rule)) != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Findings mostly arrive in order (one file read top to bottom): check
 * before sorting, which costs a fifth of a large lint run otherwise. */
void
diags_sort(struct diags *d)
{
	size_t	 i;

	for (i = 1; i < d->n; i++)
		if (cmp_diag(&d->v[i - 1], &d->v[i]) > 0)
			break;
	if (i < d->n)
		qsort(d->v, d->n, sizeof(*d->v), cmp_diag);
}

enum level
diags_max(const struct diags *d)
{
	enum level	 max = LEVEL_OFF;

	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].level > max)
			max = d->v[i].level;
	for (int l = LEVEL_ERROR; l > (int)max; l--)
		if (d->more[l] > 0)
			return (enum level)l;
	return max;
}

size_t
diags_more(const struct diags *d, enum level *max)
{
	size_t	 n = 0;

	if (max != NULL)
		*max = LEVEL_OFF;
	for (int l = LEVEL_INFO; l <= LEVEL_ERROR; l++) {
		n += d->more[l];
		if (max != NULL && d->more[l] > 0)
			*max = (enum level)l;
	}
	return n;
}

size_t
diags_count(const struct diags *d, enum level level)
{
	size_t	 n = d->more[level];

	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].level == level)
			n++;
	return n;
}

const char *
level_name(enum level l)
{
	return level_names[l];
}

int
level_from_name(const char *s)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(*level_names); i++)
		if (strcmp(s, level_names[i]) == 0)
			return (int)i;
	return -1;
}

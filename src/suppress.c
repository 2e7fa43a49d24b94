/*
 * Inline suppression comments; see suppress.h.  Findings are few, so the
 * files they name are read again only when there are findings at all.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "srcfile.h"
#include "suppress.h"

#define DIRECTIVE	"pgpair: disable="

struct seen {
	const char		*path;
	const struct srcfile	*sf;	/* NULL: unreadable */
};

/* 1 when line (from 1) of sf holds a directive naming rule. */
static int
line_disables(const struct srcfile *sf, unsigned line, const char *rule)
{
	const char	*p, *end, *hash, *d;
	size_t		 rlen = strlen(rule);

	if (line == 0 || line > sf->nlines)
		return 0;
	p = sf->buf + sf->lines[line - 1];
	end = line < sf->nlines ? sf->buf + sf->lines[line] : sf->buf + sf->len;
	if ((hash = memchr(p, '#', (size_t)(end - p))) == NULL)
		return 0;
	for (d = hash; d + sizeof(DIRECTIVE) - 1 <= end; d++) {
		if (memcmp(d, DIRECTIVE, sizeof(DIRECTIVE) - 1) != 0)
			continue;
		d += sizeof(DIRECTIVE) - 1;
		/* A comma-separated list of ids, ended by a blank or the line. */
		while (d < end && !isspace((unsigned char)*d)) {
			const char	*e = d;

			while (e < end && *e != ',' &&
			    !isspace((unsigned char)*e))
				e++;
			if ((size_t)(e - d) == rlen && memcmp(d, rule, rlen) == 0)
				return 1;
			d = e < end && *e == ',' ? e + 1 : e;
		}
		return 0;
	}
	return 0;
}

void
suppress_apply(struct arena *a, struct diags *d)
{
	struct seen	*seen = NULL;
	size_t		 nseen = 0, k = 0;

	for (size_t i = 0; i < d->n; i++) {
		const struct diag	*dg = &d->v[i];
		const struct srcfile	*sf = NULL;
		size_t			 j;
		int			 drop = 0;

		if (dg->rule != NULL && dg->pos.file != NULL &&
		    dg->pos.line != 0) {
			for (j = 0; j < nseen; j++)
				if (strcmp(seen[j].path, dg->pos.file) == 0)
					break;
			if (j == nseen) {
				seen = arena_grow(a, seen, nseen, nseen + 1,
				    sizeof(*seen));
				seen[nseen].path = dg->pos.file;
				seen[nseen].sf = srcfile_read(a, dg->pos.file);
				nseen++;
			}
			if ((sf = seen[j].sf) != NULL)
				drop = line_disables(sf, dg->pos.line, dg->rule) ||
				    line_disables(sf, dg->pos.line - 1, dg->rule);
		}
		if (!drop)
			d->v[k++] = *dg;
	}
	d->n = k;
}

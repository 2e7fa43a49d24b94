/*
 * Inline suppression comments; see suppress.h.  Findings are few, so the
 * files they name are read again only when there are findings at all, and
 * then as a stream: first to see whether the directive is written anywhere
 * in the file (most files have none, and need nothing more), then, when it
 * is, line by line: only the lines that hold findings, and the lines above
 * them, are kept.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "srcfile.h"
#include "suppress.h"
#include "xmalloc.h"

#define DIRECTIVE	"pgpair: disable="
#define CHUNK		(64 * 1024)

/*
 * A line of a file that holds a directive: its bytes, the '\n' that ends
 * it included (most lines hold none and are not kept).
 */
struct line {
	const char	*text;
	unsigned	 len;
	unsigned	 no;		/* from 1 */
};

struct seen {
	const char	*path;
	int		 plain;		/* its reader saw no directive */
	unsigned	 max;		/* the last line wanted */
	unsigned char	*want;		/* [no]: 1 when line no is wanted */
	struct line	*v;		/* the wanted lines with a directive */
	size_t		 n, cap;
};

/* What read_lines() gathers of the line it is in. */
struct acc {
	char		*buf;
	size_t		 len, cap;
};

static void	 keep(struct arena *, struct seen *, unsigned, const char *,
		    size_t);
static void	 acc_add(struct acc *, const char *, size_t);
static int	 has_directive(int);
static void	 read_lines(struct arena *, struct seen *);
static struct seen *seen_of(struct arena *, struct seen **, size_t *,
		    const struct diag *);
static const struct line *find_line(const struct seen *, unsigned);
static int	 line_disables(const struct line *, const char *);

/* 1 when l holds a directive naming rule. */
static int
line_disables(const struct line *l, const char *rule)
{
	const char	*p, *end, *hash, *d;
	size_t		 rlen = strlen(rule);

	if (l == NULL)
		return 0;
	p = l->text;
	end = p + l->len;
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

static const struct line *
find_line(const struct seen *s, unsigned no)
{
	size_t	 lo = 0, hi = s->n;

	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (s->v[mid].no < no)
			lo = mid + 1;
		else if (s->v[mid].no > no)
			hi = mid;
		else
			return &s->v[mid];
	}
	return NULL;
}

/*
 * Keep the n bytes at p as the text of line no when they hold a directive.
 * Lines come in order, so s->v stays sorted.
 */
static void
keep(struct arena *a, struct seen *s, unsigned no, const char *p, size_t n)
{
	const char	*hash;
	size_t		 rest;

	if ((hash = memchr(p, '#', n)) == NULL)
		return;
	rest = n - (size_t)(hash - p);
	for (; rest >= sizeof(DIRECTIVE) - 1; hash++, rest--)
		if (memcmp(hash, DIRECTIVE, sizeof(DIRECTIVE) - 1) == 0) {
			if (n > UINT_MAX)
				return;
			if (s->n == s->cap) {
				s->v = arena_grow(a, s->v, s->n,
				    s->cap * 2 + 4, sizeof(*s->v));
				s->cap = s->cap * 2 + 4;
			}
			s->v[s->n].no = no;
			s->v[s->n].text = arena_strndup(a, p, n);
			s->v[s->n].len = (unsigned)n;
			s->n++;
			return;
		}
}

static void
acc_add(struct acc *c, const char *p, size_t n)
{
	if (c->len + n > c->cap) {
		c->cap = c->len + n > 2 * c->cap ? c->len + n : 2 * c->cap;
		c->buf = xrealloc(c->buf, c->cap);
	}
	memcpy(c->buf + c->len, p, n);
	c->len += n;
}

/*
 * 1 when the file open at fd holds the text of DIRECTIVE somewhere, 0 when
 * it does not, -1 when it cannot be read; fd is left at the start.  No
 * line is told apart yet: each '=' (a byte most lines of pg_hba.conf lack)
 * is looked behind, the end of each chunk kept for the next.
 */
static int
has_directive(int fd)
{
	const size_t	 keep = sizeof(DIRECTIVE) - 2;	/* before its '=' */
	char		*buf = xmalloc(keep + CHUNK);
	const char	*p, *end;
	size_t		 have = 0;
	ssize_t		 r;
	int		 found = 0;

	for (;;) {
		if ((r = read(fd, buf + have, CHUNK)) == -1) {
			if (errno == EINTR)
				continue;
			found = -1;
			break;
		}
		if (r == 0)
			break;
		end = buf + have + r;
		for (p = buf + have; (p = memchr(p, '=', (size_t)(end - p))) !=
		    NULL; p++)
			if ((size_t)(p - buf) >= keep &&
			    memcmp(p - keep, DIRECTIVE, keep) == 0) {
				found = 1;
				break;
			}
		if (found)
			break;
		/* the bytes a directive ending in the next chunk may begin in */
		have = (size_t)(end - buf) < keep ? (size_t)(end - buf) : keep;
		memmove(buf, end - have, have);
	}
	free(buf);
	if (found != -1 && lseek(fd, 0, SEEK_SET) == -1)
		found = -1;
	return found;
}

/*
 * Read s->path, up to line s->max, keeping the wanted lines that hold a
 * directive.  A file that cannot be read keeps none, so it suppresses
 * nothing.
 */
static void
read_lines(struct arena *a, struct seen *s)
{
	struct acc	 c = { NULL, 0, 0 };
	char		*buf;
	unsigned	 no = 1, next = 1;
	size_t		 skipped;
	ssize_t		 r;
	int		 fd, ok = 1;

	if ((fd = open(s->path, O_RDONLY)) == -1)
		return;
	if (has_directive(fd) != 1) {
		(void)close(fd);
		return;
	}
	buf = xmalloc(CHUNK);
	while (no <= s->max) {
		const char	*p, *end, *nl;

		if ((r = read(fd, buf, CHUNK)) == -1) {
			if (errno == EINTR)
				continue;
			ok = 0;
			break;
		}
		if (r == 0)
			break;
		for (p = buf, end = buf + r; p < end && no <= s->max;) {
			/*
			 * The lines before the next wanted one (most, in a big
			 * file) are only counted, a block at a time.
			 */
			if (c.len == 0 && !s->want[no]) {
				if (next < no)
					next = no;
				while (next <= s->max && !s->want[next])
					next++;
				p = srcfile_skip_nl(p, (size_t)(end - p),
				    next - no, &skipped);
				no += (unsigned)skipped;
				continue;
			}
			nl = memchr(p, '\n', (size_t)(end - p));
			if (nl != NULL && c.len == 0)
				keep(a, s, no, p, (size_t)(nl + 1 - p));
			else {
				acc_add(&c, p, nl != NULL ?
				    (size_t)(nl + 1 - p) : (size_t)(end - p));
				if (nl != NULL)
					keep(a, s, no, c.buf, c.len);
			}
			if (nl == NULL)
				break;
			c.len = 0;
			no++;
			p = nl + 1;
		}
	}
	/* the last line, without a '\n' */
	if (ok && no <= s->max && s->want[no] && c.len > 0)
		keep(a, s, no, c.buf, c.len);
	free(c.buf);
	free(buf);
	if (close(fd) == -1)
		ok = 0;
	if (!ok)
		s->n = 0;
}

/*
 * The file of dg among the *n in *seen, added (with a, the arena) when it
 * is not there yet; NULL when dg names no line of a file.  Files are few:
 * the list grows one at a time.
 */
static struct seen *
seen_of(struct arena *a, struct seen **seen, size_t *n, const struct diag *dg)
{
	size_t	 j;

	if (dg->rule == NULL || dg->pos.file == NULL || dg->pos.line == 0)
		return NULL;
	for (j = 0; j < *n; j++)
		if (strcmp((*seen)[j].path, dg->pos.file) == 0)
			return &(*seen)[j];
	if (a == NULL)
		return NULL;
	*seen = arena_grow(a, *seen, *n, *n + 1, sizeof(**seen));
	memset(&(*seen)[j], 0, sizeof((*seen)[j]));
	(*seen)[j].path = dg->pos.file;
	(*n)++;
	return &(*seen)[j];
}

void
suppress_apply(struct arena *a, struct diags *d)
{
	struct seen	*seen = NULL, *f;
	size_t		 nseen = 0, k = 0, i, j;

	/* the files, and the last line each must show */
	for (i = 0; i < d->n; i++)
		if ((f = seen_of(a, &seen, &nseen, &d->v[i])) != NULL &&
		    d->v[i].pos.line > f->max)
			f->max = d->v[i].pos.line;
	for (j = 0; j < nseen; j++) {
		seen[j].want = arena_calloc(a, (size_t)seen[j].max + 1, 1);
		for (i = 0; i < d->nplain; i++)
			if (strcmp(d->plain[i], seen[j].path) == 0)
				seen[j].plain = 1;
	}
	/* those lines: the lines of findings, and the lines above them */
	for (i = 0; i < d->n; i++)
		if ((f = seen_of(NULL, &seen, &nseen, &d->v[i])) != NULL) {
			f->want[d->v[i].pos.line] = 1;
			f->want[d->v[i].pos.line - 1] = 1;
		}
	for (j = 0; j < nseen; j++)
		if (!seen[j].plain)
			read_lines(a, &seen[j]);

	for (i = 0; i < d->n; i++) {
		const struct diag	*dg = &d->v[i];

		if ((f = seen_of(NULL, &seen, &nseen, dg)) != NULL &&
		    (line_disables(find_line(f, dg->pos.line), dg->rule) ||
		    line_disables(find_line(f, dg->pos.line - 1), dg->rule)))
			continue;
		d->v[k++] = *dg;
	}
	d->n = k;
}

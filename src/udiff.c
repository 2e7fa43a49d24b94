/*
 * Unified diffs of two texts in memory (see udiff.h).  The texts are cut
 * into lines, equal lines get equal numbers, and Myers' O(ND) algorithm
 * ("An O(ND) Difference Algorithm and Its Variations", 1986), in its
 * linear-space form, marks the lines deleted from the old text and the
 * lines inserted into the new one: the search for the middle of a
 * shortest edit path runs from both corners of the box at once, and each
 * half is solved the same way.  The marks then become hunks.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "udiff.h"
#include "xmalloc.h"

#define NONE		PTRDIFF_MIN	/* no path reaches this diagonal */
#define MIN_COST	4096		/* the least default cost bound */

struct line {
	const char	*p;
	size_t		 len;		/* with its '\n', when it has one */
};

struct side {
	struct line	*line;
	size_t		*id;		/* equal lines have equal ids */
	char		*changed;	/* deleted (old) or inserted (new) */
	ptrdiff_t	 n;
};

struct ctx {
	struct side	 a, b;		/* old, new */
	ptrdiff_t	*fw, *bw;	/* per diagonal x - y: furthest x */
	ptrdiff_t	 max_cost;
};

/* A run of changes: old lines [a0, a1) became new lines [b0, b1). */
struct change {
	ptrdiff_t	 a0, a1, b0, b1;
};

static void	 cut_lines(const char *, size_t, struct side *);
static void	 number_lines(struct ctx *);
static uint64_t	 hash_line(const struct line *);
static void	 compare(struct ctx *, ptrdiff_t, ptrdiff_t, ptrdiff_t,
		    ptrdiff_t);
static void	 split(struct ctx *, ptrdiff_t, ptrdiff_t, ptrdiff_t,
		    ptrdiff_t, ptrdiff_t *, ptrdiff_t *);
static size_t	 changes(const struct ctx *, struct change **);
static void	 put_range(struct strbuf *, ptrdiff_t start, ptrdiff_t n);
static void	 put_line(struct strbuf *, char, const struct line *);
static void	 put_hunk(struct strbuf *, const struct ctx *,
		    const struct change *, size_t, ptrdiff_t);

/* Lines end with '\n'; the last one may lack it. */
static void
cut_lines(const char *text, size_t len, struct side *s)
{
	const char	*p = text, *end = text + len, *nl;
	ptrdiff_t	 n = 0;

	for (p = text; p < end && (nl = memchr(p, '\n', (size_t)(end - p)))
	    != NULL; p = nl + 1)
		n++;
	if (p < end)
		n++;
	s->n = n;
	s->line = xcalloc((size_t)n + 1, sizeof(*s->line));
	s->id = xcalloc((size_t)n + 1, sizeof(*s->id));
	s->changed = xcalloc((size_t)n + 1, 1);
	n = 0;
	for (p = text; p < end; p = nl) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		else
			nl++;
		s->line[n].p = p;
		s->line[n++].len = (size_t)(nl - p);
	}
}

/* FNV-1a, 64 bits. */
static uint64_t
hash_line(const struct line *l)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < l->len; i++) {
		h ^= (unsigned char)l->p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/*
 * Give every line the number of its class, so that the search compares
 * numbers: an open-addressing table over the lines of both texts.
 */
static void
number_lines(struct ctx *c)
{
	struct slot {
		uint64_t		 h;
		const struct line	*l;
		size_t			 id;
	}		*tab;
	struct side	*s;
	size_t		 cap = 16, next = 1, i, total;
	uint64_t	 h;

	total = (size_t)c->a.n + (size_t)c->b.n;
	while (cap < 2 * total)
		cap *= 2;
	tab = xcalloc(cap, sizeof(*tab));
	for (s = &c->a; s != NULL; s = s == &c->a ? &c->b : NULL)
		for (ptrdiff_t k = 0; k < s->n; k++) {
			const struct line *l = &s->line[k];

			h = hash_line(l);
			for (i = h & (cap - 1); tab[i].id != 0;
			    i = (i + 1) & (cap - 1))
				if (tab[i].h == h && tab[i].l->len == l->len &&
				    memcmp(tab[i].l->p, l->p, l->len) == 0)
					break;
			if (tab[i].id == 0) {
				tab[i].h = h;
				tab[i].l = l;
				tab[i].id = next++;
			}
			s->id[k] = tab[i].id;
		}
	free(tab);
}

/*
 * Mark the changes that turn old lines [xlo, xhi) into new lines
 * [ylo, yhi).  The smaller half of each split is solved by recursion and
 * the larger one by the loop, so the stack stays O(log n) deep.
 */
static void
compare(struct ctx *c, ptrdiff_t xlo, ptrdiff_t xhi, ptrdiff_t ylo,
    ptrdiff_t yhi)
{
	const size_t	*A = c->a.id, *B = c->b.id;
	ptrdiff_t	 xm, ym;

	for (;;) {
		while (xlo < xhi && ylo < yhi && A[xlo] == B[ylo]) {
			xlo++;
			ylo++;
		}
		while (xlo < xhi && ylo < yhi && A[xhi - 1] == B[yhi - 1]) {
			xhi--;
			yhi--;
		}
		if (xlo == xhi) {
			while (ylo < yhi)
				c->b.changed[ylo++] = 1;
			return;
		}
		if (ylo == yhi) {
			while (xlo < xhi)
				c->a.changed[xlo++] = 1;
			return;
		}
		split(c, xlo, xhi, ylo, yhi, &xm, &ym);
		if ((xm - xlo) + (ym - ylo) < (xhi - xm) + (yhi - ym)) {
			compare(c, xlo, xm, ylo, ym);
			xlo = xm;
			ylo = ym;
		} else {
			compare(c, xm, xhi, ym, yhi);
			xhi = xm;
			yhi = ym;
		}
	}
}

/*
 * A point (*xm, *ym) on a shortest edit path through the box from
 * (xlo, ylo) to (xhi, yhi), which compare() trimmed: its corners start no
 * snake, and both sides are non-empty.  Diagonal k holds the points with
 * x - y = k.  Forward, fw[k] is the furthest x that a path of the round's
 * cost (or less) from the top left reaches on k; backward, bw[k] the
 * least x that one from the bottom right reaches.  A move that would
 * leave the box is not taken; a diagonal none reaches holds NONE.  When
 * the paths meet, their meeting point is on a shortest path (Myers,
 * lemma 3).  When the cost passes max_cost, the point that got furthest
 * serves instead: the script stays correct, maybe longer than needed.
 */
static void
split(struct ctx *c, ptrdiff_t xlo, ptrdiff_t xhi, ptrdiff_t ylo,
    ptrdiff_t yhi, ptrdiff_t *xm, ptrdiff_t *ym)
{
	const size_t	*A = c->a.id, *B = c->b.id;
	ptrdiff_t	*fw = c->fw, *bw = c->bw;
	const ptrdiff_t	 kmin = xlo - yhi, kmax = xhi - ylo;
	const ptrdiff_t	 fk = xlo - ylo, bk = xhi - yhi;
	const int	 odd = ((fk - bk) & 1) != 0;
	/* The diagonals of this round, of the one before and before that. */
	ptrdiff_t	 flo = fk, fhi = fk, flo2 = 1, fhi2 = 0;
	ptrdiff_t	 blo = bk, bhi = bk, blo2 = 1, bhi2 = 0;
	ptrdiff_t	 cost, k, lo, hi, x, y, t, fbest, bbest;

	fw[fk] = xlo;
	bw[bk] = xhi;
	for (cost = 1;; cost++) {
		lo = flo > kmin ? flo - 1 : flo + 1;
		hi = fhi < kmax ? fhi + 1 : fhi - 1;
		for (k = hi; k >= lo; k -= 2) {
			x = k >= flo2 && k <= fhi2 ? fw[k] : NONE;
			/* Down from k + 1 keeps x, right from k - 1 adds 1. */
			if (k + 1 <= fhi && (t = fw[k + 1]) != NONE &&
			    t - (k + 1) < yhi && t > x)
				x = t;
			if (k - 1 >= flo && (t = fw[k - 1]) != NONE &&
			    t < xhi && t + 1 > x)
				x = t + 1;
			if (x != NONE)
				for (y = x - k; x < xhi && y < yhi &&
				    A[x] == B[y]; y++)
					x++;
			fw[k] = x;
			if (odd && x != NONE && k >= blo && k <= bhi &&
			    bw[k] != NONE && bw[k] <= x) {
				*xm = x;
				*ym = x - k;
				goto found;
			}
		}
		flo2 = flo;
		fhi2 = fhi;
		flo = lo;
		fhi = hi;

		lo = blo > kmin ? blo - 1 : blo + 1;
		hi = bhi < kmax ? bhi + 1 : bhi - 1;
		for (k = lo; k <= hi; k += 2) {
			x = k >= blo2 && k <= bhi2 ? bw[k] : NONE;
			/* Up from k - 1 keeps x, left from k + 1 takes 1. */
			if (k - 1 >= blo && (t = bw[k - 1]) != NONE &&
			    t - (k - 1) > ylo && (x == NONE || t < x))
				x = t;
			if (k + 1 <= bhi && (t = bw[k + 1]) != NONE &&
			    t > xlo && (x == NONE || t - 1 < x))
				x = t - 1;
			if (x != NONE)
				for (y = x - k; x > xlo && y > ylo &&
				    A[x - 1] == B[y - 1]; y--)
					x--;
			bw[k] = x;
			if (!odd && x != NONE && k >= flo && k <= fhi &&
			    fw[k] != NONE && fw[k] >= x) {
				*xm = x;
				*ym = x - k;
				goto found;
			}
		}
		blo2 = blo;
		bhi2 = bhi;
		blo = lo;
		bhi = hi;

		if (cost < c->max_cost)
			continue;
		/*
		 * Too costly: split where one side got furthest, measured
		 * in x + y from its corner.
		 */
		fbest = bbest = -1;
		*xm = xlo;
		*ym = ylo;
		for (k = flo; k <= fhi; k += 2)
			if ((x = fw[k]) != NONE &&
			    (t = 2 * x - k - xlo - ylo) > fbest) {
				fbest = t;
				*xm = x;
				*ym = x - k;
			}
		for (k = blo; k <= bhi; k += 2)
			if ((x = bw[k]) != NONE &&
			    (t = xhi + yhi - (2 * x - k)) > bbest) {
				bbest = t;
				if (bbest > fbest) {
					*xm = x;
					*ym = x - k;
				}
			}
		break;
	}
found:
	/* A corner would leave one half as big as the box: never. */
	if ((*xm == xlo && *ym == ylo) || (*xm == xhi && *ym == yhi)) {
		*xm = xlo + (xhi - xlo + 1) / 2;
		*ym = ylo + (yhi - ylo) / 2;
	}
}

/* The runs of changes, in order; *out is malloc'd. */
static size_t
changes(const struct ctx *c, struct change **out)
{
	struct change	*v = NULL;
	size_t		 n = 0, cap = 0;
	ptrdiff_t	 i = 0, j = 0;

	while (i < c->a.n || j < c->b.n) {
		if ((i < c->a.n && c->a.changed[i]) ||
		    (j < c->b.n && c->b.changed[j])) {
			if (n == cap) {
				cap = cap * 2 + 8;
				v = xreallocarray(v, cap, sizeof(*v));
			}
			v[n].a0 = i;
			v[n].b0 = j;
			while (i < c->a.n && c->a.changed[i])
				i++;
			while (j < c->b.n && c->b.changed[j])
				j++;
			v[n].a1 = i;
			v[n++].b1 = j;
		} else {
			/* A line both keep. */
			i++;
			j++;
		}
	}
	*out = v;
	return n;
}

/* "L,N" as diff -u writes it: "L" for one line, "L-1,0" for none. */
static void
put_range(struct strbuf *out, ptrdiff_t start, ptrdiff_t n)
{
	if (n == 1)
		strbuf_addf(out, "%td", start + 1);
	else if (n == 0)
		strbuf_addf(out, "%td,0", start);
	else
		strbuf_addf(out, "%td,%td", start + 1, n);
}

static void
put_line(struct strbuf *out, char mark, const struct line *l)
{
	strbuf_addch(out, mark);
	strbuf_add(out, l->p, l->len);
	if (l->len == 0 || l->p[l->len - 1] != '\n')
		strbuf_addstr(out, "\n\\ No newline at end of file\n");
}

/* One hunk: the n runs of changes at v, with ctx lines around them. */
static void
put_hunk(struct strbuf *out, const struct ctx *c, const struct change *v,
    size_t n, ptrdiff_t ctx)
{
	ptrdiff_t	 before, after, a0, a1, b0, b1, i, j;
	size_t		 r;

	before = v[0].a0 < ctx ? v[0].a0 : ctx;
	after = c->a.n - v[n - 1].a1 < ctx ? c->a.n - v[n - 1].a1 : ctx;
	a0 = v[0].a0 - before;
	b0 = v[0].b0 - before;
	a1 = v[n - 1].a1 + after;
	b1 = v[n - 1].b1 + after;
	strbuf_addstr(out, "@@ -");
	put_range(out, a0, a1 - a0);
	strbuf_addstr(out, " +");
	put_range(out, b0, b1 - b0);
	strbuf_addstr(out, " @@\n");
	for (i = a0, j = b0, r = 0; i < a1 || j < b1; ) {
		if (r < n && i == v[r].a0 && j == v[r].b0) {
			for (; i < v[r].a1; i++)
				put_line(out, '-', &c->a.line[i]);
			for (; j < v[r].b1; j++)
				put_line(out, '+', &c->b.line[j]);
			r++;
		} else {
			put_line(out, ' ', &c->a.line[i]);
			i++;
			j++;
		}
	}
}

size_t
udiff_hunks(struct strbuf *out, const char *a, size_t alen, const char *b,
    size_t blen, unsigned context, size_t max_cost)
{
	struct ctx	 c;
	struct change	*v;
	ptrdiff_t	*diag, ndiag, ctx = (ptrdiff_t)context;
	size_t		 n, i, first, hunks = 0;

	memset(&c, 0, sizeof(c));
	cut_lines(a, alen, &c.a);
	cut_lines(b, blen, &c.b);
	number_lines(&c);
	/* Diagonals -b.n - 1 to a.n + 1, for each direction. */
	ndiag = c.a.n + c.b.n + 3;
	diag = xcalloc(2 * (size_t)ndiag, sizeof(*diag));
	c.fw = diag + c.b.n + 1;
	c.bw = diag + ndiag + c.b.n + 1;
	if (max_cost == 0) {
		max_cost = MIN_COST;
		while (max_cost < (size_t)ndiag / max_cost)
			max_cost *= 2;
	}
	c.max_cost = max_cost > PTRDIFF_MAX ? PTRDIFF_MAX :
	    (ptrdiff_t)max_cost;
	compare(&c, 0, c.a.n, 0, c.b.n);
	free(diag);

	/* Runs whose contexts overlap or touch share a hunk. */
	n = changes(&c, &v);
	for (first = 0, i = 1; i <= n; i++)
		if (i == n || v[i].a0 - v[i - 1].a1 > 2 * ctx) {
			put_hunk(out, &c, v + first, i - first, ctx);
			hunks++;
			first = i;
		}
	free(v);
	free(c.a.line);
	free(c.a.id);
	free(c.a.changed);
	free(c.b.line);
	free(c.b.id);
	free(c.b.changed);
	return hunks;
}

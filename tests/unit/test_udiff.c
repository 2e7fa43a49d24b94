/*
 * Unit tests for udiff.c: hunks as diff -u (GNU diffutils 3.8) prints them
 * for empty texts, missing final newlines, insertions, deletions, changes
 * and hunks merged when their contexts meet; then random texts, whose
 * diff applied to the old text must give the new one, with as few changed
 * lines as a longest common subsequence allows, and still a correct (if
 * longer) diff when the cost bound cuts the search short.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "strbuf.h"
#include "udiff.h"

static const char abc20[] = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\no\n"
    "p\nq\nr\ns\nt\n";

/* The hunks from a to b, with 3 lines of context; *nh gets their number. */
static char *
hunks(const char *a, const char *b, size_t *nh)
{
	struct strbuf	 sb = STRBUF_INIT;
	size_t		 n;

	n = udiff_hunks(&sb, a, strlen(a), b, strlen(b), UDIFF_CONTEXT, 0);
	if (nh != NULL)
		*nh = n;
	return strbuf_detach(&sb, NULL);
}

static void
expect(const char *a, const char *b, size_t want_hunks, const char *want)
{
	size_t	 nh;
	char	*got = hunks(a, b, &nh);

	assert_string_equal(got, want);
	assert_int_equal(nh, want_hunks);
	free(got);
}

static void
test_equal(void **state)
{
	(void)state;
	expect("", "", 0, "");
	expect(abc20, abc20, 0, "");
	expect("no newline", "no newline", 0, "");
}

static void
test_empty(void **state)
{
	(void)state;
	expect("", "a\nb\n", 1, "@@ -0,0 +1,2 @@\n+a\n+b\n");
	expect("a\nb\n", "", 1, "@@ -1,2 +0,0 @@\n-a\n-b\n");
	/* An empty line is a line. */
	expect("", "\n", 1, "@@ -0,0 +1 @@\n+\n");
}

static void
test_no_final_newline(void **state)
{
	(void)state;
	expect("a\nb", "a\nb\n", 1,
	    "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
	expect("a\nb\n", "a\nb", 1,
	    "@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n");
	expect("x", "y", 1, "@@ -1 +1 @@\n-x\n\\ No newline at end of file\n"
	    "+y\n\\ No newline at end of file\n");
	/* A context line without one. */
	expect("a\nb", "c\na\nb", 1, "@@ -1,2 +1,3 @@\n+c\n a\n b\n"
	    "\\ No newline at end of file\n");
}

static void
test_insert_delete_change(void **state)
{
	(void)state;
	/* j deleted, new1 and new2 after l. */
	expect(abc20, "a\nb\nc\nd\ne\nf\ng\nh\ni\nk\nl\nnew1\nnew2\nm\nn\n"
	    "o\np\nq\nr\ns\nt\n", 1, "@@ -7,9 +7,10 @@\n g\n h\n i\n-j\n k\n l\n"
	    "+new1\n+new2\n m\n n\n o\n");
	/* A change in the middle, then at the very start and end. */
	expect("a\nb\nc\nd\ne\nf\ng\n", "a\nb\nc\nD\ne\nf\ng\n", 1,
	    "@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n");
	expect("a\nb\nc\nd\ne\n", "A\nb\nc\nd\ne\n", 1,
	    "@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n d\n");
	expect("a\nb\nc\nd\ne\n", "a\nb\nc\nd\nE\n", 1,
	    "@@ -2,4 +2,4 @@\n b\n c\n d\n-e\n+E\n");
}

static void
test_hunk_merging(void **state)
{
	char	 six[64], seven[64];

	(void)state;
	/* Six unchanged lines between two changes: the contexts touch. */
	memcpy(six, abc20, sizeof(abc20));
	six[0] = 'A';
	six[14] = 'H';
	expect(abc20, six, 1, "@@ -1,11 +1,11 @@\n-a\n+A\n b\n c\n d\n e\n"
	    " f\n g\n-h\n+H\n i\n j\n k\n");
	/* Seven: two hunks. */
	memcpy(seven, abc20, sizeof(abc20));
	seven[0] = 'A';
	seven[16] = 'I';
	expect(abc20, seven, 2, "@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n d\n"
	    "@@ -6,7 +6,7 @@\n f\n g\n h\n-i\n+I\n j\n k\n l\n");
}

/* --- random texts --- */

/* The n-th line of a random text: few distinct lines, so many repeats. */
static void
random_text(struct strbuf *sb, unsigned *seed, size_t nlines,
    unsigned alphabet)
{
	strbuf_reset(sb);
	for (size_t i = 0; i < nlines; i++)
		strbuf_addf(sb, "line %u\n", (unsigned)rand_r(seed) % alphabet);
	/* Now and then no final newline. */
	if (sb->len > 0 && rand_r(seed) % 4 == 0)
		sb->buf[--sb->len] = '\0';
}

/* Edits of a: deletions, insertions and changes of single lines. */
static void
mutate(struct strbuf *out, const char *a, unsigned *seed, unsigned alphabet)
{
	const char	*p = a, *nl;

	strbuf_reset(out);
	while (*p != '\0') {
		nl = strchr(p, '\n');
		nl = nl == NULL ? p + strlen(p) : nl + 1;
		switch (rand_r(seed) % 8) {
		case 0:		/* delete */
			break;
		case 1:		/* insert before */
			strbuf_addf(out, "line %u\n",
			    (unsigned)rand_r(seed) % alphabet);
			strbuf_add(out, p, (size_t)(nl - p));
			break;
		case 2:		/* change */
			strbuf_addf(out, "line %u\n",
			    (unsigned)rand_r(seed) % alphabet);
			break;
		default:
			strbuf_add(out, p, (size_t)(nl - p));
		}
		p = nl;
	}
	if (rand_r(seed) % 4 == 0)
		strbuf_addstr(out, "tail\n");
	if (out->len > 0 && rand_r(seed) % 4 == 0 &&
	    out->buf[out->len - 1] == '\n')
		out->buf[--out->len] = '\0';
}

/* The next line of *p (with its '\n'), or NULL at the end. */
static const char *
next_line(const char **p, size_t *len)
{
	const char	*s = *p, *nl;

	if (*s == '\0')
		return NULL;
	nl = strchr(s, '\n');
	*len = nl == NULL ? strlen(s) : (size_t)(nl - s) + 1;
	*p = s + *len;
	return s;
}

/*
 * Apply the hunks of diff to old, as patch(1) would, checking every
 * context and deleted line and every header count; the result goes to
 * out.  *changed gets the number of - and + lines.
 */
static void
apply(struct strbuf *out, const char *old, const char *diff, size_t *changed)
{
	const char	*op = old, *dp = diff, *dl, *ol;
	size_t		 dlen, olen = 0, oldno = 0;
	unsigned long	 a0, an, b0, bn, seen_a, seen_b;
	char		 tail[8];
	int		 n;

	strbuf_reset(out);
	*changed = 0;
	while ((dl = next_line(&dp, &dlen)) != NULL) {
		an = bn = 1;
		n = sscanf(dl, "@@ -%lu,%lu +%lu,%lu @@%7s", &a0, &an, &b0,
		    &bn, tail);
		if (n != 4) {
			n = sscanf(dl, "@@ -%lu +%lu,%lu @@", &a0, &b0, &bn);
			if (n != 3 && (n = sscanf(dl, "@@ -%lu,%lu +%lu @@",
			    &a0, &an, &b0)) != 3)
				assert_int_equal(sscanf(dl, "@@ -%lu +%lu @@",
				    &a0, &b0), 2);
		}
		/* Copy the old lines before the hunk. */
		if (an == 0)
			a0++;
		while (oldno + 1 < a0) {
			assert_non_null(ol = next_line(&op, &olen));
			strbuf_add(out, ol, olen);
			oldno++;
		}
		seen_a = seen_b = 0;
		while (seen_a < an || seen_b < bn) {
			char	 mark;
			size_t	 clen;
			int	 nonl;

			assert_non_null(dl = next_line(&dp, &dlen));
			mark = dl[0];
			clen = dlen - 1;
			/* "\ No newline": this line had none. */
			nonl = strncmp(dp, "\\ No newline at end of file\n",
			    28) == 0;
			if (nonl) {
				dp += 28;
				clen--;
			}
			if (mark == ' ' || mark == '-') {
				assert_non_null(ol = next_line(&op, &olen));
				assert_int_equal(olen, clen);
				assert_memory_equal(ol, dl + 1, clen);
				oldno++;
				seen_a++;
			}
			if (mark == ' ' || mark == '+') {
				strbuf_add(out, dl + 1, clen);
				seen_b++;
			}
			if (mark == '-' || mark == '+')
				(*changed)++;
			else
				assert_int_equal(mark, ' ');
		}
		assert_int_equal(seen_a, an);
		assert_int_equal(seen_b, bn);
	}
	while ((ol = next_line(&op, &olen)) != NULL)
		strbuf_add(out, ol, olen);
}

/* Lines of a text, for the LCS. */
static size_t
split_lines(const char *s, const char ***v, size_t **lens)
{
	size_t		 n = 0, len;
	const char	*p = s, *l;

	*v = calloc(strlen(s) + 1, sizeof(**v));
	*lens = calloc(strlen(s) + 1, sizeof(**lens));
	assert_non_null(*v);
	assert_non_null(*lens);
	while ((l = next_line(&p, &len)) != NULL) {
		(*v)[n] = l;
		(*lens)[n++] = len;
	}
	return n;
}

/* The length of a longest common subsequence of the lines: O(n m). */
static size_t
lcs(const char *a, const char *b, size_t *na, size_t *nb)
{
	const char	**av, **bv;
	size_t		 *al, *bl, *row, *prev, i, j, r;

	*na = split_lines(a, &av, &al);
	*nb = split_lines(b, &bv, &bl);
	row = calloc(*nb + 1, sizeof(*row));
	prev = calloc(*nb + 1, sizeof(*prev));
	assert_non_null(row);
	assert_non_null(prev);
	for (i = 1; i <= *na; i++) {
		for (j = 1; j <= *nb; j++) {
			if (al[i - 1] == bl[j - 1] &&
			    memcmp(av[i - 1], bv[j - 1], al[i - 1]) == 0)
				row[j] = prev[j - 1] + 1;
			else
				row[j] = row[j - 1] > prev[j] ? row[j - 1] :
				    prev[j];
		}
		memcpy(prev, row, (*nb + 1) * sizeof(*row));
	}
	r = prev[*nb];
	free(av);
	free(bv);
	free(al);
	free(bl);
	free(row);
	free(prev);
	return r;
}

static void
check_random(unsigned seed, size_t nlines, unsigned alphabet, int unrelated)
{
	struct strbuf	 a = STRBUF_INIT, b = STRBUF_INIT, d = STRBUF_INIT;
	struct strbuf	 got = STRBUF_INIT;
	size_t		 changed, na, nb, common, cost;
	unsigned	 s = seed;

	random_text(&a, &s, nlines, alphabet);
	if (unrelated)
		random_text(&b, &s, nlines / 2 + (size_t)rand_r(&s) % nlines,
		    alphabet);
	else
		mutate(&b, a.buf, &s, alphabet);
	/* The default bound, then ones that cut the search short. */
	for (cost = 0; cost <= 3; cost++) {
		strbuf_reset(&d);
		if (udiff_hunks(&d, a.buf, a.len, b.buf, b.len, cost == 0 ?
		    UDIFF_CONTEXT : (unsigned)cost - 1, cost) == 0)
			assert_true(a.len == b.len &&
			    memcmp(a.buf, b.buf, a.len) == 0);
		apply(&got, a.buf, d.buf, &changed);
		if (got.len != b.len || memcmp(got.buf, b.buf, b.len) != 0)
			fail_msg("seed %u cost %zu: the diff\n%s\napplied to\n"
			    "%s\ngives\n%s\nnot\n%s", seed, cost, d.buf, a.buf,
			    got.buf, b.buf);
		if (cost == 0 && nlines <= 400) {
			/* A shortest script: n + m - 2 LCS changed lines. */
			common = lcs(a.buf, b.buf, &na, &nb);
			if (changed != na + nb - 2 * common)
				fail_msg("seed %u: %zu lines changed, the LCS "
				    "allows %zu", seed, changed,
				    na + nb - 2 * common);
		}
	}
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&d);
	strbuf_release(&got);
}

static void
test_random_edits(void **state)
{
	(void)state;
	for (unsigned seed = 1; seed <= 1500; seed++)
		check_random(seed, seed % 60, 2 + seed % 9, 0);
	for (unsigned seed = 1; seed <= 40; seed++)
		check_random(seed * 7919, 300, 40, 0);
}

static void
test_random_unrelated(void **state)
{
	(void)state;
	for (unsigned seed = 1; seed <= 600; seed++)
		check_random(seed, 1 + seed % 50, 2 + seed % 5, 1);
	for (unsigned seed = 1; seed <= 10; seed++)
		check_random(seed * 104729, 400, 30, 1);
}

/* Big and unrelated: the default bound keeps it short; still correct. */
static void
test_large(void **state)
{
	struct strbuf	 a = STRBUF_INIT, b = STRBUF_INIT, d = STRBUF_INIT;
	struct strbuf	 got = STRBUF_INIT;
	unsigned	 s = 42;
	size_t		 changed;

	(void)state;
	random_text(&a, &s, 30000, 100000);
	random_text(&b, &s, 30000, 100000);
	assert_int_not_equal(udiff_hunks(&d, a.buf, a.len, b.buf, b.len,
	    UDIFF_CONTEXT, 0), 0);
	apply(&got, a.buf, d.buf, &changed);
	assert_int_equal(got.len, b.len);
	assert_memory_equal(got.buf, b.buf, b.len);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&d);
	strbuf_release(&got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_insert_delete_change),
		cmocka_unit_test(test_hunk_merging),
		cmocka_unit_test(test_random_edits),
		cmocka_unit_test(test_random_unrelated),
		cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

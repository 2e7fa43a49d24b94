/* Did-you-mean by edit distance; see suggest.h. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"
#include "xmalloc.h"

size_t
suggest_distance(const char *a, const char *b, size_t max)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, best, d, *row0, *row1,
		 *row2, *t;

	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	/* Three rows: the transposition needs the row before the last. */
	row0 = xcalloc(lb + 1, sizeof(size_t));
	row1 = xcalloc(lb + 1, sizeof(size_t));
	row2 = xcalloc(lb + 1, sizeof(size_t));
	for (j = 0; j <= lb; j++)
		row1[j] = j;
	for (i = 1; i <= la; i++) {
		row2[0] = i;
		best = i;
		for (j = 1; j <= lb; j++) {
			int	 ca = tolower((unsigned char)a[i - 1]);
			int	 cb = tolower((unsigned char)b[j - 1]);

			d = row1[j - 1] + (ca != cb);
			if (row1[j] + 1 < d)
				d = row1[j] + 1;
			if (row2[j - 1] + 1 < d)
				d = row2[j - 1] + 1;
			if (i > 1 && j > 1 &&
			    ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb &&
			    row0[j - 2] + 1 < d)
				d = row0[j - 2] + 1;
			row2[j] = d;
			if (d < best)
				best = d;
		}
		if (best > max) {
			free(row0);
			free(row1);
			free(row2);
			return max + 1;
		}
		t = row0;
		row0 = row1;
		row1 = row2;
		row2 = t;
	}
	d = row1[lb];
	free(row0);
	free(row1);
	free(row2);
	return d > max ? max + 1 : d;
}

const char *
suggest_closest(const char *word, const char *const *words, size_t n)
{
	const char	*best = NULL;
	size_t		 max, bestd, d;

	max = strlen(word) / 3;
	if (max < 1)
		max = 1;
	if (max > 3)
		max = 3;
	bestd = max + 1;
	for (size_t i = 0; i < n; i++) {
		d = suggest_distance(word, words[i], max);
		if (d < bestd) {
			bestd = d;
			best = words[i];
		}
	}
	return best;
}

/*
 * Line diffs of two texts in memory, printed as the hunks of a unified
 * diff (diff -u): what pgpair diff shows between a tree on disk and what
 * generate would write.  The edit script is a shortest one, by Myers' O(ND)
 * algorithm in linear space; past a cost bound a good, not always
 * shortest, script keeps the time bounded too.
 */
#ifndef PGPAIR_UDIFF_H
#define PGPAIR_UDIFF_H

#include <stddef.h>

struct strbuf;

#define UDIFF_CONTEXT	3	/* lines of context, as diff -u */

/*
 * Append to out the hunks that turn the alen bytes at a into the blen
 * bytes at b: "@@ -L,N +L,N @@" lines, each followed by its context lines
 * (" "), deletions ("-") and insertions ("+"), with context lines of
 * context around each change; hunks whose contexts overlap or touch are
 * one.  A line is what ends with '\n', or the text's last bytes, which are
 * then followed by "\ No newline at end of file".  No "---"/"+++" lines:
 * the caller names the files.  max_cost bounds the work (the edit cost at
 * which a split stops being searched for a shortest script); 0 chooses
 * one from the sizes.  Returns the number of hunks, 0 when a and b are
 * equal.  Memory: O(lines of a + lines of b), freed before returning.
 */
size_t	 udiff_hunks(struct strbuf *out, const char *a, size_t alen,
	    const char *b, size_t blen, unsigned context, size_t max_cost);

#endif

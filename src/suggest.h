/*
 * Did-you-mean: the closest of a set of known words to an unknown one, by
 * edit distance.  Used for unknown keys in descriptions and unknown
 * parameters in postgresql.conf.
 */
#ifndef PGPAIR_SUGGEST_H
#define PGPAIR_SUGGEST_H

#include <stddef.h>

/* Optimal string alignment distance (Levenshtein plus transpositions),
 * case-insensitive; gives up and returns max + 1 beyond max. */
size_t		 suggest_distance(const char *a, const char *b, size_t max);
/* The closest of words[0..n) to word when it is close enough (within a
 * third of its length, at least 1, at most 3), else NULL.  Ties go to the
 * first. */
const char	*suggest_closest(const char *word, const char *const *words,
		    size_t n);

#endif

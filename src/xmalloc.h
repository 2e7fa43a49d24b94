/*
 * Allocation that never returns NULL.  Out of memory is fatal in one place:
 * these functions print "pgpair: out of memory" and exit with status 2.
 */
#ifndef PGPAIR_XMALLOC_H
#define PGPAIR_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
/* Like reallocarray(3): n * size with overflow check. */
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

#endif

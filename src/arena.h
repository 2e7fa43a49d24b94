/*
 * Region allocator.  Memory taken from an arena is released all at once by
 * arena_free(); nothing is freed piece by piece, so error paths just return.
 * Objects owned by other libraries (libyaml parsers, PCRE2 code) are handed
 * to arena_defer() and released with the arena, in reverse order.
 */
#ifndef PGPAIR_ARENA_H
#define PGPAIR_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* A new, empty arena.  Never returns NULL. */
struct arena	*arena_new(void);
/* Run the deferred destructors, newest first, then release every block. */
void		 arena_free(struct arena *);

/* Uninitialised memory, aligned for any type; lives as long as the arena. */
void		*arena_alloc(struct arena *, size_t);
/* Zeroed memory for n objects of size bytes (overflow-checked). */
void		*arena_calloc(struct arena *, size_t n, size_t size);
/* Grow an array allocated in the arena; the old copy is simply abandoned. */
void		*arena_grow(struct arena *, void *old, size_t oldn, size_t newn,
		    size_t size);
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
char		*arena_vprintf(struct arena *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));
/* Call fn(p) when the arena is freed. */
void		 arena_defer(struct arena *, void (*fn)(void *), void *p);

#endif

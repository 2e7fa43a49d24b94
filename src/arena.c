/*
 * Region allocator: a list of blocks, bump allocation inside the newest one,
 * and a list of deferred destructors for memory owned by other libraries.
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xmalloc.h"

#define ARENA_BLOCK	(64 * 1024)
#define ARENA_ALIGN	16

struct block {
	struct block	*next;
	size_t		 size, used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct defer {
	struct defer	*next;
	void		(*fn)(void *);
	void		*p;
};

struct arena {
	struct block	*blocks;
	struct defer	*defers;
};

struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void
arena_free(struct arena *a)
{
	struct block	*b, *bn;
	struct defer	*d, *dn;

	if (a == NULL)
		return;
	/* Destructors first: they may read memory that lives in blocks. */
	for (d = a->defers; d != NULL; d = dn) {
		dn = d->next;
		d->fn(d->p);
	}
	for (b = a->blocks; b != NULL; b = bn) {
		bn = b->next;
		free(b);
	}
	free(a);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct block	*b = a->blocks;
	size_t		 need, size;

	need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need < n)
		need = SIZE_MAX;	/* overflow: xmalloc below fails */
	if (b == NULL || b->size - b->used < need) {
		size = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;
		if (size > SIZE_MAX - sizeof(struct block))
			size = SIZE_MAX - sizeof(struct block);
		b = xmalloc(sizeof(struct block) + size);
		b->size = size;
		b->used = 0;
		if (size == need && a->blocks != NULL) {
			/* A large object: keep the current block for small ones. */
			b->next = a->blocks->next;
			a->blocks->next = b;
		} else {
			b->next = a->blocks;
			a->blocks = b;
		}
	}
	b->used += need;
	return b->data + b->used - need;
}

void *
arena_calloc(struct arena *a, size_t n, size_t size)
{
	void	*p;

	if (size != 0 && n > SIZE_MAX / size) {
		fputs("pgpair: out of memory\n", stderr);
		exit(2);
	}
	p = arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return p;
}

void *
arena_grow(struct arena *a, void *old, size_t oldn, size_t newn, size_t size)
{
	void	*p = arena_calloc(a, newn, size);

	if (old != NULL)
		memcpy(p, old, (oldn < newn ? oldn : newn) * size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/*
 * Most messages fit in what is left of the newest block: format them there
 * at once, and measure and format again only when they do not.
 */
char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	struct block	*b = a->blocks;
	va_list		 aq;
	char		*p, *q;
	size_t		 room;
	int		 n;

	if (b != NULL && b->size - b->used > 1) {
		room = b->size - b->used;
		if (room > INT_MAX)
			room = INT_MAX;
		p = (char *)b->data + b->used;
		va_copy(aq, ap);
		n = vsnprintf(p, room, fmt, aq);
		va_end(aq);
		if (n >= 0 && (size_t)n < room) {
			/*
			 * Keep it: room is a multiple of ARENA_ALIGN, so this
			 * allocation is the text's own place.
			 */
			q = arena_alloc(a, (size_t)n + 1);
			return q == p ? p : memcpy(q, p, (size_t)n + 1);
		}
	}
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		n = 0;
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_defer(struct arena *a, void (*fn)(void *), void *p)
{
	struct defer	*d = arena_alloc(a, sizeof(*d));

	d->fn = fn;
	d->p = p;
	d->next = a->defers;
	a->defers = d;
}

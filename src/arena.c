/*
 * Region allocator: a list of blocks, bump allocation inside the newest one,
 * and a list of deferred destructors for memory owned by other libraries.
 */
#include "config.h"

#include <sys/mman.h>

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
/*
 * Blocks grow with the arena, up to ARENA_BIG_MAX, so that a big input
 * takes a few big blocks.  A block of half of ARENA_HUGE or more is mapped
 * on its own, in whole aligned ARENA_HUGE units, and offered to the kernel for transparent huge
 * pages: touching memory page by page costs more than using it (a big
 * pg_hba.conf is linted in less time than 4 KiB faults over its lines
 * would take).
 */
#define ARENA_BIG_MAX	(16 * 1024 * 1024)
#define ARENA_HUGE	(2 * 1024 * 1024)

struct block {
	struct block	*next;
	size_t		 size, used;
	size_t		 mapped;	/* bytes mapped, or 0: malloc'd */
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
	size_t		 total;		/* bytes in blocks */
};

static struct block	*block_new(size_t);
static void		 block_free(struct block *);

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
		block_free(b);
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
		size = a->total < ARENA_BLOCK ? ARENA_BLOCK :
		    a->total < ARENA_BIG_MAX ? a->total : ARENA_BIG_MAX;
		if (need > size / 4)
			size = need;
		if (size > SIZE_MAX - ARENA_HUGE - sizeof(struct block))
			size = SIZE_MAX - ARENA_HUGE - sizeof(struct block);
		b = block_new(size);
		a->total += size;
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

/* A block of size bytes of data. */
static struct block *
block_new(size_t size)
{
	struct block	*b;
	size_t		 len, mapped;
	char		*p, *q;

	len = sizeof(struct block) + size;
	if (len < ARENA_HUGE / 2) {
		b = xmalloc(len);
		b->mapped = 0;
		b->size = size;
		return b;
	}
	/* whole huge pages, aligned: map one more and trim the ends */
	len = (len + ARENA_HUGE - 1) & ~(size_t)(ARENA_HUGE - 1);
	mapped = len + ARENA_HUGE;
	p = mmap(NULL, mapped, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		b = xmalloc(sizeof(struct block) + size);
		b->mapped = 0;
		b->size = size;
		return b;
	}
	q = (char *)(((uintptr_t)p + ARENA_HUGE - 1) &
	    ~(uintptr_t)(ARENA_HUGE - 1));
	if (q > p)
		(void)munmap(p, (size_t)(q - p));
	if (q + len < p + mapped)
		(void)munmap(q + len, (size_t)(p + mapped - (q + len)));
#ifdef MADV_HUGEPAGE
	(void)madvise(q, len, MADV_HUGEPAGE);
#endif
	b = (struct block *)(void *)q;
	b->mapped = len;
	b->size = len - sizeof(struct block);
	return b;
}

static void
block_free(struct block *b)
{
	if (b->mapped != 0)
		(void)munmap(b, b->mapped);
	else
		free(b);
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

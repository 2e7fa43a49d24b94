/*
 * Growable byte buffer for rendered text and messages.  buf is always
 * NUL-terminated (an empty strbuf points at a static ""), so it can be used
 * as a C string.  Growing the buffer moves it: pointers into buf are
 * invalidated by every add.
 */
#ifndef PGPAIR_STRBUF_H
#define PGPAIR_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char	*buf;
	size_t	 len;
	size_t	 cap;
};

extern char strbuf_empty[];
#define STRBUF_INIT	{ strbuf_empty, 0, 0 }

void	 strbuf_init(struct strbuf *);
void	 strbuf_add(struct strbuf *, const void *, size_t);
void	 strbuf_addstr(struct strbuf *, const char *);
void	 strbuf_addch(struct strbuf *, int);
void	 strbuf_addf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 strbuf_vaddf(struct strbuf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	 strbuf_reset(struct strbuf *);
void	 strbuf_release(struct strbuf *);
/* Hand the malloc'd buffer to the caller (never NULL); the strbuf is reset. */
char	*strbuf_detach(struct strbuf *, size_t *len);

#endif

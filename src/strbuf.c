/* Growable byte buffer; see strbuf.h. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xmalloc.h"

char strbuf_empty[1];

void
strbuf_init(struct strbuf *sb)
{
	sb->buf = strbuf_empty;
	sb->len = sb->cap = 0;
}

static void
grow(struct strbuf *sb, size_t extra)
{
	size_t	 want = sb->len + extra + 1;

	if (want <= sb->cap)
		return;
	if (want < sb->cap * 2)
		want = sb->cap * 2;
	if (want < 64)
		want = 64;
	sb->buf = xrealloc(sb->cap == 0 ? NULL : sb->buf, want);
	sb->cap = want;
}

void
strbuf_add(struct strbuf *sb, const void *p, size_t n)
{
	grow(sb, n);
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void
strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void
strbuf_addch(struct strbuf *sb, int c)
{
	grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void
strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list	 aq;
	int	 n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n <= 0)
		return;
	grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void
strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->cap != 0)
		sb->buf[0] = '\0';
}

void
strbuf_release(struct strbuf *sb)
{
	if (sb->cap != 0)
		free(sb->buf);
	strbuf_init(sb);
}

char *
strbuf_detach(struct strbuf *sb, size_t *len)
{
	char	*p;

	if (len != NULL)
		*len = sb->len;
	p = sb->cap != 0 ? sb->buf : xstrdup("");
	strbuf_init(sb);
	return p;
}

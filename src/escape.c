/*
 * The escaping policy of every output format; see escape.h.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "srcfile.h"
#include "strbuf.h"

/* Ranges of code points, sorted, for the width and bidi tables. */
struct range {
	long	 lo, hi;
};

/* Combining marks and zero-width characters: no column of their own. */
static const struct range zero_width[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x1ab0, 0x1aff },
	{ 0x1dc0, 0x1dff }, { 0x200b, 0x200d }, { 0x20d0, 0x20ff },
	{ 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f },
};
/* East Asian Wide and Fullwidth blocks, and the emoji pictographs. */
static const struct range wide[] = {
	{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
	{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
	{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
	{ 0x1f900, 0x1f9ff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};
/*
 * Characters that reorder the text around them on display (the bidi
 * embeddings, overrides and isolates, and the marks): a line quoted from a
 * file must show what its bytes say, so they are written as escapes.
 */
static const struct range bidi[] = {
	{ 0x061c, 0x061c }, { 0x200e, 0x200f }, { 0x202a, 0x202e },
	{ 0x2066, 0x2069 },
};

static int
in(const struct range *r, size_t n, long cp)
{
	for (size_t i = 0; i < n && r[i].lo <= cp; i++)
		if (cp <= r[i].hi)
			return 1;
	return 0;
}

#define IN(tab, cp)	in((tab), sizeof(tab) / sizeof((tab)[0]), (cp))

/* C0, DEL and C1: written as escapes in every format. */
static int
is_control(long cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f);
}

/* Written as \uNNNN in text and GitHub commands (not a byte escape). */
static int
is_unicode_escaped(long cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || IN(bidi, cp);
}

size_t
esc_char(const unsigned char *s, size_t n, long *cp, unsigned *width)
{
	size_t	 len = srcfile_utf8_len(s, n);
	long	 c;

	if (len == 0) {
		*cp = -1;
		*width = 4;		/* \xNN */
		return 1;
	}
	switch (len) {
	case 1:
		c = s[0];
		break;
	case 2:
		c = (long)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		break;
	case 3:
		c = (long)(s[0] & 0x0f) << 12 | (long)(s[1] & 0x3f) << 6 |
		    (s[2] & 0x3f);
		break;
	default:
		c = (long)(s[0] & 0x07) << 18 | (long)(s[1] & 0x3f) << 12 |
		    (long)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
		break;
	}
	*cp = c;
	if (c == '\t')
		*width = 1;
	else if (is_unicode_escaped(c))
		*width = 6;		/* \uNNNN */
	else if (is_control(c))
		*width = 4;
	else if (IN(zero_width, c))
		*width = 0;
	else if (IN(wide, c))
		*width = 2;
	else
		*width = 1;
	return len;
}

void
esc_text_char(struct strbuf *sb, const unsigned char *s, size_t len, long cp)
{
	if (cp < 0)
		strbuf_addf(sb, "\\x%02x", s[0]);
	else if (cp == '\t' || cp == '\n')
		strbuf_addch(sb, (int)cp);
	else if (is_unicode_escaped(cp))
		strbuf_addf(sb, "\\u%04lx", cp);
	else if (is_control(cp))
		strbuf_addf(sb, "\\x%02lx", cp);
	else
		strbuf_add(sb, s, len);
}

/* One character in a JSON string. */
static void
json_char(struct strbuf *sb, const unsigned char *s, size_t len, long cp)
{
	switch (cp) {
	case -1:
		/* the text \xNN: JSON has no way to carry a stray byte */
		strbuf_addf(sb, "\\\\x%02x", s[0]);
		return;
	case '"':
		strbuf_addstr(sb, "\\\"");
		return;
	case '\\':
		strbuf_addstr(sb, "\\\\");
		return;
	case '\n':
		strbuf_addstr(sb, "\\n");
		return;
	case '\r':
		strbuf_addstr(sb, "\\r");
		return;
	case '\t':
		strbuf_addstr(sb, "\\t");
		return;
	}
	/* U+2028 and U+2029 end lines in JavaScript, which reads JSON too. */
	if (is_control(cp) || IN(bidi, cp) || cp == 0x2028 || cp == 0x2029)
		strbuf_addf(sb, "\\u%04lx", cp);
	else
		strbuf_add(sb, s, len);
}

/*
 * One character of a GitHub workflow command: the runner decodes %25,
 * %0D and %0A in messages, and %3A and %2C in property values too
 * (actions/toolkit, command.ts escapeData() and escapeProperty()).
 */
static void
github_char(struct strbuf *sb, const unsigned char *s, size_t len, long cp,
    int prop)
{
	switch (cp) {
	case '%':
		strbuf_addstr(sb, "%25");
		return;
	case '\r':
		strbuf_addstr(sb, "%0D");
		return;
	case '\n':
		strbuf_addstr(sb, "%0A");
		return;
	case ':':
	case ',':
		if (prop) {
			strbuf_addf(sb, "%%%02X", (unsigned)cp);
			return;
		}
		break;
	case '\t':
		strbuf_addch(sb, '\t');
		return;
	}
	esc_text_char(sb, s, len, cp);
}

/* RFC 3986 unreserved characters, and the path separator. */
static int
uri_keeps(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL;
}

/*
 * Is the byte c one that mode writes as it is, whatever surrounds it?
 * Printable ASCII but the characters the format escapes.  Runs of them go
 * out in one write: most of what is printed.
 */
static int
plain(enum esc_mode mode, unsigned char c)
{
	if (c < 0x20 || c >= 0x7f)
		return 0;
	switch (mode) {
	case ESC_JSON:
		return c != '"' && c != '\\';
	case ESC_GITHUB_MSG:
		return c != '%';
	case ESC_GITHUB_PROP:
		return c != '%' && c != ':' && c != ',';
	default:
		return 1;
	}
}

/* The end of the run of plain bytes of s from i on (i: none). */
static size_t
plain_run(enum esc_mode mode, const unsigned char *s, size_t i, size_t n)
{
	/* printable ASCII is plain in every mode but a few bytes */
	if (mode == ESC_TEXT)
		while (i < n && ESC_PRINTABLE(s[i]))
			i++;
	else
		while (i < n && plain(mode, s[i]))
			i++;
	return i;
}

void
esc_add(struct strbuf *sb, enum esc_mode mode, const char *str, size_t n)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, j, len;
	unsigned		 width;
	long			 cp;

	if (mode == ESC_URI) {
		for (i = 0; i < n; i++)
			if (s[i] != '\0' && uri_keeps(s[i]))
				strbuf_addch(sb, s[i]);
			else
				strbuf_addf(sb, "%%%02X", s[i]);
		return;
	}
	while (i < n) {
		j = plain_run(mode, s, i, n);
		if (j > i) {
			strbuf_add(sb, s + i, j - i);
			i = j;
			continue;
		}
		len = esc_char(s + i, n - i, &cp, &width);
		switch (mode) {
		case ESC_TEXT:
			esc_text_char(sb, s + i, len, cp);
			break;
		case ESC_JSON:
			json_char(sb, s + i, len, cp);
			break;
		case ESC_GITHUB_MSG:
		case ESC_GITHUB_PROP:
			github_char(sb, s + i, len, cp,
			    mode == ESC_GITHUB_PROP);
			break;
		case ESC_URI:
			break;
		}
		i += len;
	}
}

void
esc_put(FILE *fp, enum esc_mode mode, const char *s, size_t n)
{
	struct strbuf	 sb = STRBUF_INIT;

	/* most strings need no escape: they go out as they are */
	if (mode != ESC_URI &&
	    plain_run(mode, (const unsigned char *)s, 0, n) == n) {
		fwrite(s, 1, n, fp);
		return;
	}
	esc_add(&sb, mode, s, n);
	fwrite(sb.buf, 1, sb.len, fp);
	strbuf_release(&sb);
}

void
esc_puts(FILE *fp, enum esc_mode mode, const char *s)
{
	esc_put(fp, mode, s, strlen(s));
}

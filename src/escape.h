/*
 * How the bytes of file names, messages and quoted input are written in
 * each output format: one policy for every format, so that any input
 * gives valid output and nothing from a file reaches a terminal or a log
 * viewer raw.  Only the printers (report*.c) use it.
 *
 * The policy: valid UTF-8 is kept, with the characters each format must
 * escape escaped its own way.  A byte that starts no valid UTF-8 sequence
 * (RFC 3629, as srcfile_utf8_len() decides) is written as the four
 * characters \xNN (lower-case hex), the same in every format.  Control
 * characters (C0, DEL, C1) and the Unicode bidirectional controls become
 * \xNN (C0, DEL) or \uNNNN (the others) in text and in GitHub commands,
 * and JSON's own escapes in JSON; in text, a tab and a line break in a
 * message are kept.  A URI percent-encodes every byte but the unreserved
 * ones and '/'.
 */
#ifndef PGPAIR_ESCAPE_H
#define PGPAIR_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

enum esc_mode {
	ESC_TEXT,		/* for people, on a terminal */
	ESC_JSON,		/* inside a JSON string: quotes not included */
	ESC_GITHUB_MSG,		/* a workflow command's message */
	ESC_GITHUB_PROP,	/* a workflow command's property value */
	ESC_URI			/* a relative URI reference (path) */
};

struct strbuf;

/* Printable ASCII: plain in text, a column each. */
#define ESC_PRINTABLE(c)	((unsigned char)(c) - 0x20u < 0x5fu)

/* Append the n bytes at s to sb as mode says. */
void	 esc_add(struct strbuf *sb, enum esc_mode mode, const char *s,
	    size_t n);
/* Write them to fp. */
void	 esc_put(FILE *fp, enum esc_mode mode, const char *s, size_t n);
/* The same for a NUL-terminated string. */
void	 esc_puts(FILE *fp, enum esc_mode mode, const char *s);

/*
 * One character of the n bytes at s (n >= 1): its length in bytes (1 for
 * a byte that starts no valid sequence, *cp then -1), its code point in
 * *cp, and in *width the columns it takes on a terminal once written as
 * ESC_TEXT writes it (an escape counts its characters; a wide East Asian
 * character 2, a combining mark 0; a tab 1, which the caller expands).
 */
size_t	 esc_char(const unsigned char *s, size_t n, long *cp,
	    unsigned *width);
/* Append the character esc_char() read at s (len bytes) as ESC_TEXT
 * writes it. */
void	 esc_text_char(struct strbuf *sb, const unsigned char *s, size_t len,
	    long cp);

#endif

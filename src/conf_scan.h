/*
 * The postgresql.conf scanner: the tokens of guc-file.l (PostgreSQL 12 to
 * 18, unchanged across them), found with flex's longest-match rule over a
 * srcfile buffer.  conf_parse.c turns the tokens into settings and
 * includes; this module knows nothing of names or values.
 */
#ifndef PGPAIR_CONF_SCAN_H
#define PGPAIR_CONF_SCAN_H

#include <stddef.h>

struct arena;
struct diags;
struct srcfile;

/*
 * guc-file.l's token kinds, in the order of its rules, which breaks ties
 * between matches of equal length.  LETTER is [A-Za-z_\200-\377].
 *   ID            LETTER (LETTER | digit)*
 *   QUALIFIED_ID  ID "." ID
 *   STRING        '...' with '' and backslash escapes, on one line
 *   UNQUOTED      LETTER (LETTER | digit | [-._:/])*
 *   INTEGER       [-+]? (digit+ | 0x hexdigit+) [a-zA-Z]*
 *   REAL          [-+]? digit* "." digit* ([Ee] [-+]? digit+)?
 *   ERROR         any other single byte but '\n', NUL included
 */
enum conf_tok {
	CONF_TOK_EOF = 0,	/* end of the buffer (flex's 0) */
	CONF_TOK_ID,
	CONF_TOK_QUALIFIED_ID,
	CONF_TOK_STRING,
	CONF_TOK_UNQUOTED,
	CONF_TOK_INTEGER,
	CONF_TOK_REAL,
	CONF_TOK_EQUALS,	/* = */
	CONF_TOK_EOL,		/* \n */
	CONF_TOK_ERROR
};

/*
 * A token: bytes [off, off + len) of the buffer, on line `line' (tokens
 * never span lines).  An EOL token is the '\n' itself; an EOF token has
 * len 0 at the end of the buffer.
 */
struct conf_token {
	enum conf_tok	 type;
	const char	*text;		/* borrows the srcfile buffer */
	size_t		 off;
	size_t		 len;
	unsigned	 line;
};

struct conf_scanner {
	const struct srcfile	*sf;	/* borrowed */
	size_t			 off;	/* next byte to read */
	unsigned		 line;	/* line of that byte, from 1 */
	size_t			 bol;	/* where that line starts */
	/*
	 * When set, each line is offered to suppress_note() as it is read,
	 * as a line of notes_file.
	 */
	struct diags		*notes;
	const char		*notes_file;
};

/* Start scanning sf from its first byte (notes NULL). */
void		 conf_scan_init(struct conf_scanner *,
		    const struct srcfile *);
/*
 * The next token, skipping blanks ([ \t\r]) and comments ('#' to the end
 * of the line).  Fills *tok and returns its type; at the end of the buffer
 * returns CONF_TOK_EOF every time.  Never fails: what matches no rule is a
 * one-byte CONF_TOK_ERROR, as flex's "." rule gives.
 */
enum conf_tok	 conf_scan_next(struct conf_scanner *,
		    struct conf_token *);
/*
 * The value of a CONF_TOK_STRING token (text with its quotes, len bytes):
 * quotes stripped, '' made one quote, \b \f \n \r \t decoded, \ and one to
 * three octal digits made that byte (modulo 256), \ and any other byte made
 * that byte; guc-file.l DeescapeQuotedString(), PG 12-18.  Like the server,
 * which works on a C string, the value ends at the first NUL: a NUL byte
 * inside the quotes, or one made by an octal escape, cuts it there.
 * Result lives in a.
 */
char		*conf_scan_unquote(struct arena *a, const char *text,
		    size_t len);
/* "ID", "STRING", ... for tests and debugging output. */
const char	*conf_tok_name(enum conf_tok);

#endif

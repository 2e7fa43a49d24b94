/*
 * The postgresql.conf scanner; see conf_scan.h.  Each rule of guc-file.l
 * (PG 12-18) is a function giving the length of its match at a position;
 * the longest match wins and, on a tie, the earlier rule, as in flex.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "arena.h"
#include "conf_scan.h"
#include "srcfile.h"
#include "suppress.h"

static int	 is_letter(unsigned char);
static int	 is_letter_or_digit(unsigned char);
static int	 is_digit(unsigned char);
static int	 is_hexdigit(unsigned char);
static int	 is_unit_letter(unsigned char);
static size_t	 match_id(const unsigned char *, size_t);
static size_t	 match_qualified_id(const unsigned char *, size_t);
static size_t	 match_string(const unsigned char *, size_t);
static size_t	 match_unquoted(const unsigned char *, size_t);
static size_t	 match_integer(const unsigned char *, size_t);
static size_t	 match_real(const unsigned char *, size_t);

/* guc-file.l LETTER: [A-Za-z_\200-\377]; every byte >= 0x80 is a letter. */
static int
is_letter(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	    c >= 0x80;
}

static int
is_letter_or_digit(unsigned char c)
{
	return is_letter(c) || is_digit(c);
}

/* Not isdigit(): the scanner's classes are ASCII, whatever the locale. */
static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
is_hexdigit(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int
is_unit_letter(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* ID: {LETTER}{LETTER_OR_DIGIT}* */
static size_t
match_id(const unsigned char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || !is_letter(s[0]))
		return 0;
	for (i = 1; i < n && is_letter_or_digit(s[i]); i++)
		continue;
	return i;
}

/* QUALIFIED_ID: {ID}"."{ID}; exactly one dot, so "a.b.c" is not one. */
static size_t
match_qualified_id(const unsigned char *s, size_t n)
{
	size_t	 i, k;

	if ((i = match_id(s, n)) == 0 || i >= n || s[i] != '.')
		return 0;
	if ((k = match_id(s + i + 1, n - i - 1)) == 0)
		return 0;
	return i + 1 + k;
}

/*
 * STRING: \'([^'\\\n]|\\.|\'\')*\'.  The only ambiguity is a quote inside:
 * it may close the string or start a '' pair.  flex takes the longest
 * match, so remember every place the string could close and keep going
 * through '' pairs.  A backslash takes any next byte but '\n' (flex's
 * "."); a '\n' or the end of the buffer ends the attempt.
 */
static size_t
match_string(const unsigned char *s, size_t n)
{
	size_t	 i, best = 0;

	if (n == 0 || s[0] != '\'')
		return 0;
	i = 1;
	while (i < n) {
		if (s[i] == '\\') {
			if (i + 1 >= n || s[i + 1] == '\n')
				break;
			i += 2;
		} else if (s[i] == '\'') {
			best = i + 1;
			if (i + 1 < n && s[i + 1] == '\'')
				i += 2;
			else
				break;
		} else if (s[i] == '\n')
			break;
		else
			i++;
	}
	return best;
}

/* UNQUOTED_STRING: {LETTER}({LETTER_OR_DIGIT}|[-._:/])* */
static size_t
match_unquoted(const unsigned char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || !is_letter(s[0]))
		return 0;
	for (i = 1; i < n; i++)
		if (!is_letter_or_digit(s[i]) && s[i] != '-' && s[i] != '.' &&
		    s[i] != '_' && s[i] != ':' && s[i] != '/')
			break;
	return i;
}

/*
 * INTEGER: {SIGN}?({DIGIT}+|0x{HEXDIGIT}+){UNIT_LETTER}*.  Both branches
 * are tried: "0x1F" is 4 bytes as hex but only "0x" as digits plus a unit.
 */
static size_t
match_integer(const unsigned char *s, size_t n)
{
	size_t	 sign, i, dec = 0, hex = 0;

	sign = n > 0 && (s[0] == '-' || s[0] == '+');
	for (i = sign; i < n && is_digit(s[i]); i++)
		continue;
	if (i > sign) {
		while (i < n && is_unit_letter(s[i]))
			i++;
		dec = i;
	}
	if (sign + 2 < n && s[sign] == '0' && s[sign + 1] == 'x' &&
	    is_hexdigit(s[sign + 2])) {
		for (i = sign + 2; i < n && is_hexdigit(s[i]); i++)
			continue;
		while (i < n && is_unit_letter(s[i]))
			i++;
		hex = i;
	}
	return dec > hex ? dec : hex;
}

/*
 * REAL: {SIGN}?{DIGIT}*"."{DIGIT}*{EXPONENT}?, EXPONENT [Ee]{SIGN}?{DIGIT}+.
 * Digits are optional on both sides, so "." and "-." are REALs.  The
 * exponent counts only when complete.
 */
static size_t
match_real(const unsigned char *s, size_t n)
{
	size_t	 i, k;

	i = n > 0 && (s[0] == '-' || s[0] == '+');
	while (i < n && is_digit(s[i]))
		i++;
	if (i >= n || s[i] != '.')
		return 0;
	i++;
	while (i < n && is_digit(s[i]))
		i++;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		k = i + 1;
		if (k < n && (s[k] == '-' || s[k] == '+'))
			k++;
		if (k < n && is_digit(s[k])) {
			while (k < n && is_digit(s[k]))
				k++;
			i = k;
		}
	}
	return i;
}

void
conf_scan_init(struct conf_scanner *sc, const struct srcfile *sf)
{
	sc->sf = sf;
	sc->off = 0;
	sc->line = 1;
	sc->bol = 0;
	sc->notes = NULL;
	sc->notes_file = NULL;
}

enum conf_tok
conf_scan_next(struct conf_scanner *sc, struct conf_token *tok)
{
	/* Rules in guc-file.l order: on equal length the first one wins. */
	static const struct {
		enum conf_tok	 type;
		size_t		(*match)(const unsigned char *, size_t);
	} rules[] = {
		{ CONF_TOK_ID, match_id },
		{ CONF_TOK_QUALIFIED_ID, match_qualified_id },
		{ CONF_TOK_STRING, match_string },
		{ CONF_TOK_UNQUOTED, match_unquoted },
		{ CONF_TOK_INTEGER, match_integer },
		{ CONF_TOK_REAL, match_real },
	};
	/*
	 * The rules that can match at all, by the first byte: each needs a
	 * letter, a quote, or a sign, digit or dot there.  (Trying only these
	 * changes nothing: the others match nothing.)
	 */
	static const unsigned char letter_rules[] = { 0, 1, 3 };
	static const unsigned char quote_rules[] = { 2 };
	static const unsigned char number_rules[] = { 4, 5 };
	const unsigned char	*buf = (const unsigned char *)sc->sf->buf;
	const unsigned char	*nl, *cand;
	size_t			 end = sc->sf->len, n, best, len, ncand;
	unsigned		 i;
	unsigned char		 c;

	/* [ \t\r]+ and #.* are eaten; neither can be part of a token. */
	for (;;) {
		while (sc->off < end && (buf[sc->off] == ' ' ||
		    buf[sc->off] == '\t' || buf[sc->off] == '\r'))
			sc->off++;
		if (sc->off < end && buf[sc->off] == '#') {
			nl = memchr(buf + sc->off, '\n', end - sc->off);
			sc->off = nl != NULL ? (size_t)(nl - buf) : end;
			continue;
		}
		break;
	}

	tok->text = sc->sf->buf + sc->off;
	tok->off = sc->off;
	tok->line = sc->line;
	if (sc->off >= end) {
		/* the last line, when it has no newline */
		if (sc->notes != NULL && sc->bol < end)
			suppress_note(sc->notes, sc->notes_file, sc->line,
			    sc->sf->buf + sc->bol, end - sc->bol);
		sc->bol = end;
		tok->type = CONF_TOK_EOF;
		tok->len = 0;
		return tok->type;
	}
	if (buf[sc->off] == '\n') {
		tok->type = CONF_TOK_EOL;
		tok->len = 1;
		sc->off++;
		if (sc->notes != NULL)
			suppress_note(sc->notes, sc->notes_file, sc->line,
			    sc->sf->buf + sc->bol, sc->off - sc->bol);
		sc->bol = sc->off;
		sc->line++;
		return tok->type;
	}

	n = end - sc->off;
	c = buf[sc->off];
	if (is_letter(c)) {
		cand = letter_rules;
		ncand = sizeof(letter_rules);
	} else if (c == '\'') {
		cand = quote_rules;
		ncand = sizeof(quote_rules);
	} else if (is_digit(c) || c == '-' || c == '+' ||
	    c == '.') {
		cand = number_rules;
		ncand = sizeof(number_rules);
	} else {
		cand = NULL;
		ncand = 0;
	}
	tok->type = CONF_TOK_ERROR;
	best = 1;		/* flex's "." takes one byte */
	for (i = 0; i < ncand; i++) {
		len = rules[cand[i]].match(buf + sc->off, n);
		if (len > best || (len == best && tok->type == CONF_TOK_ERROR &&
		    len > 0)) {
			best = len;
			tok->type = rules[cand[i]].type;
		}
	}
	if (tok->type == CONF_TOK_ERROR && c == '=')
		tok->type = CONF_TOK_EQUALS;
	tok->len = best;
	sc->off += best;
	return tok->type;
}

char *
conf_scan_unquote(struct arena *a, const char *text, size_t len)
{
	const char	*s;
	char		*out, *cstr;
	size_t		 n, i, j, k;
	long		 oct;

	/*
	 * The server passes yytext to a function that takes a C string, so a
	 * NUL inside the quotes ends the input there, and the byte before it
	 * is then taken for the closing quote.  Reproduce that on a copy.
	 */
	cstr = arena_strndup(a, text, len);
	n = strlen(cstr);
	if (n < 2 || cstr[0] != '\'')
		return arena_strdup(a, "");
	s = cstr + 1;
	n--;			/* n still counts the closing quote */
	out = arena_alloc(a, n);
	for (i = 0, j = 0; i < n; i++, j++) {
		if (s[i] == '\\') {
			i++;
			switch (s[i]) {
			case 'b':
				out[j] = '\b';
				break;
			case 'f':
				out[j] = '\f';
				break;
			case 'n':
				out[j] = '\n';
				break;
			case 'r':
				out[j] = '\r';
				break;
			case 't':
				out[j] = '\t';
				break;
			case '0': case '1': case '2': case '3':
			case '4': case '5': case '6': case '7':
				oct = 0;
				for (k = 0; k < 3 && s[i + k] >= '0' &&
				    s[i + k] <= '7'; k++)
					oct = (oct << 3) + (s[i + k] - '0');
				i += k - 1;
				out[j] = (char)(unsigned char)(oct & 0xff);
				break;
			default:
				out[j] = s[i];
				break;
			}
		} else if (s[i] == '\'' && s[i + 1] == '\'')
			out[j] = s[++i];	/* '' is one quote */
		else
			out[j] = s[i];
	}
	/* The closing quote was copied last; it becomes the terminator. */
	out[j - 1] = '\0';
	return out;
}

const char *
conf_tok_name(enum conf_tok t)
{
	static const char *const names[] = {
		[CONF_TOK_EOF] = "EOF",
		[CONF_TOK_ID] = "ID",
		[CONF_TOK_QUALIFIED_ID] = "QUALIFIED_ID",
		[CONF_TOK_STRING] = "STRING",
		[CONF_TOK_UNQUOTED] = "UNQUOTED_STRING",
		[CONF_TOK_INTEGER] = "INTEGER",
		[CONF_TOK_REAL] = "REAL",
		[CONF_TOK_EQUALS] = "EQUALS",
		[CONF_TOK_EOL] = "EOL",
		[CONF_TOK_ERROR] = "ERROR",
	};

	if ((unsigned)t < sizeof(names) / sizeof(names[0]))
		return names[t];
	return "?";
}

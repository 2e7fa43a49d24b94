/*
 * The pg_hba.conf tokenizer: lines, continuation, fields, tokens, @file and
 * include records, mirroring tokenize_auth_file(), next_field_expand() and
 * next_token() of PostgreSQL's src/backend/libpq/hba.c for 12 to 18.  The
 * parser (hba_parse.c) reads the records it produces.
 *
 * A file costs one pass over its bytes: the scanner reuses its buffers from
 * one record to the next and counts columns on from the last position (or
 * takes them from the offset, on lines of ASCII).  The file's bytes are
 * left as read: reports quote its lines under their diagnostics.
 *
 * Included and @files are read from disk once for a top file (struct
 * incl), scanned once for each depth they are met at, and an @file's
 * tokens are kept for the next line that names it, so that files that
 * include each other cost what they hold, not what the server would read.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "hba_scan.h"
#include "hba_vocab.h"
#include "srcfile.h"
#include "strbuf.h"
#include "suppress.h"
#include "xmalloc.h"

/* hba.c before 16: char buf[MAX_TOKEN], MAX_TOKEN 10240 (12 to 15). */
#define MAX_TOKEN_OLD	10240
/* hba.c 12 and 13: fgets() into char rawline[MAX_LINE], MAX_LINE 20480. */
#define MAX_LINE_OLD	20480
/* conffiles.h CONF_FILE_MAX_DEPTH, used for @file and includes in 16+. */
#define MAX_DEPTH	10
/*
 * pgpair's own bounds, not the server's (pgpair-lint(1), Limits): files
 * included by one top file, @files and includes counted; include
 * records in one file; files in an include_dir folder; tokens that @files
 * give for one top file, each copy counted (the server copies an @file's
 * tokens into every line that names it, and @files naming other @files
 * several times would grow exponentially up to MAX_DEPTH).
 */
#define MAX_FILES	1000
#define MAX_INCLUDES	1000
#define MAX_DIR_FILES	1000
#define MAX_AT_TOKENS	100000
/* The depths a file is scanned at, 0 (the top file) to MAX_DEPTH. */
#define NDEPTH		(MAX_DEPTH + 1)
#define NBUCKET		256

/*
 * Where the bytes of the logical line came from.  Columns are counted on
 * from the last position asked for on the segment's line, or are offsets
 * on a line of ASCII.
 */
struct seg {
	size_t		 off;		/* first byte in the logical line */
	size_t		 at;		/* its offset in the file */
	unsigned	 line;		/* the line of at */
	unsigned	 col;		/* the column of at */
	int		 safe;		/* columns can be counted on from at */
	int		 ascii;		/* a column is a byte: no counting */
	size_t		 cur_at;	/* the last offset asked for ... */
	unsigned	 cur_col;	/* ... and its column */
};

/* A field under construction: tokens [first, first + n) of the record. */
struct fieldv {
	size_t		 first, n;
	int		 written;	/* pos and end are set */
	struct pos	 pos, end;	/* as written on the line */
};

/* An @file's expansion at one depth: its tokens, or the error it gave. */
struct atmemo {
	int			 done;
	struct hba_token	*tok;		/* in the arena */
	size_t			 ntok;
	enum hba_scan_err	 err;
	const char		*error;		/* NULL: tokens */
	int			 lim;		/* the error is one of depth */
};

/*
 * A file read for the top file: its bytes as read, never written over
 * (a scan of it keeps its texts in the arena), the depths it was scanned
 * at as an included file, and its expansions as an @file.
 */
struct hfile {
	const char		*path;		/* canonical: the key */
	struct srcfile		*sf;		/* NULL: not read yet, or err */
	int			 err;
	int			 top;		/* the top file */
	unsigned		 scanned;	/* bit d: included at depth d */
	int			 noted;		/* lines offered to suppress */
	struct atmemo		*at;		/* NDEPTH of them, or NULL */
	struct hfile		*hnext;
};

/* What the scans of one top file share. */
struct incl {
	struct arena		*a;
	struct hfile		*bucket[NBUCKET];
	unsigned		 nfiles;	/* MAX_FILES */
	size_t			 ntokens;	/* MAX_AT_TOKENS */
	const char		*top;		/* the top file's path */
	const char		*top_text;	/* its bytes, from memory */
	size_t			 top_len;
	int			 lim;		/* see deliver() */
};

/*
 * One file being read.  The buffers after seg serve one record after
 * another: a record's tokens and texts are gathered there and handed out
 * from there, for the consumer to copy what it keeps.
 */
struct scan {
	struct arena		*a;
	int			 major;
	const char		*name;
	const struct srcfile	*sf;
	const char		*text;
	size_t			 len;
	size_t			 at;		/* next unread byte */
	size_t			 nul;		/* the first NUL byte from the
						   line on, len for none,
						   SIZE_MAX before a look */
	int			 repeat;	/* see scan_text() */
	int			 lim;		/* failed on a limit */
	unsigned		 nincludes;	/* MAX_INCLUDES */
	unsigned		 lineno;	/* the line of byte at */
	int			 bol;		/* byte at starts its line */
	int			 depth;
	struct diags		*notes;		/* suppress_note()'s, or NULL */
	struct incl		*inc;
	hba_scan_fn		*fn;		/* where records go */
	void			*arg;
	char			*lb;		/* the logical line, NUL-ended */
	size_t			 llen, lcap;
	struct seg		*seg;
	size_t			 nseg, capseg;
	int			 fast;		/* one segment of ASCII */
	struct hba_token	*tok;		/* the record's tokens */
	size_t			 ntok, captok;
	struct fieldv		*fv;		/* its fields */
	size_t			 nfv, capfv;
	struct hba_field	*field;		/* the fields handed out */
	size_t			 capfield;
	char			*tb;		/* dequoted texts, each + NUL */
	size_t			 tlen, tcap;
};

/* hba.c expand: the record naming an @file, while the file is read. */
struct expand {
	struct scan		*s;
	struct fieldv		*fv;
	struct hba_tokline	*tl;
	const struct pos	*at;
	int			 failed;
	int			 lim;		/* the error is one of depth */
};

/* hba_scan_file(): the records, kept in a list. */
struct keep {
	struct arena		*a;
	struct hba_toklines	*out;
};

static void	 scan_text(struct arena *, struct srcfile *, int, int,
		    struct incl *, int, hba_scan_fn *, void *, struct diags *);
static void	 incl_init(struct incl *, struct arena *, const char *,
		    const char *, size_t);
static struct hfile *hfile_get(struct scan *, const char *, const char **);
static void	 deliver(struct scan *, struct hba_tokline *);
static int	 read_line(struct scan *, int *);
static void	 line_add(struct scan *, const char *, size_t);
static void	 add_seg(struct scan *, size_t, size_t, size_t);
static inline struct pos pos_at(struct scan *, size_t);
static struct pos pos_counted(struct scan *, size_t);
static inline int next_token(struct scan *, size_t *, int *, int *,
		    size_t *, size_t *, char **, size_t *, const char **);
static void	 next_field(struct scan *, size_t *, struct fieldv *,
		    struct hba_tokline *);
static void	 reserve(struct scan *, size_t, size_t);
static struct hba_token *tok_new(struct scan *, struct fieldv *);
static struct fieldv *field_new(struct scan *);
static void	 finish(struct scan *, struct hba_tokline *);
static void	 expand_file(struct scan *, const char *, struct fieldv *,
		    struct hba_tokline *, const struct pos *);
static void	 expand_record(void *, const struct hba_tokline *);
static int	 do_include(struct scan *, struct hba_tokline *);
static int	 include_file(struct scan *, const char *, int, int,
		    const char **);
static int	 include_dir(struct scan *, const char *, const char **);
static const char *join_path(struct arena *, const char *, const char *);
static void	 keep_record(void *, const struct hba_tokline *);
static int	 all_ascii(const char *, size_t);
static int	 cmp_str(const void *, const void *);

/*
 * The bytes next_token() looks at one by one: NUL, the blanks of hba.c
 * pg_isblank() (space, tab, CR), comma, # and the double quote are
 * SPECIAL; the blanks and comma, which come before a token, are SKIP too.
 */
#define SPECIAL	1
#define SKIP	2
static const unsigned char special[256] = {
	['\0'] = SPECIAL, ['#'] = SPECIAL, ['"'] = SPECIAL,
	['\t'] = SPECIAL | SKIP, ['\r'] = SPECIAL | SKIP,
	[' '] = SPECIAL | SKIP, [','] = SPECIAL | SKIP
};

int
hba_scan_file(struct arena *a, const char *path, int major,
    struct hba_toklines *out)
{
	struct keep	 k = { a, out };

	memset(out, 0, sizeof(*out));
	return hba_scan_file_each(a, path, major, keep_record, &k, NULL);
}

int
hba_scan_buf(struct arena *a, const char *name, const char *text, size_t len,
    int major, struct hba_toklines *out)
{
	struct keep	 k = { a, out };

	memset(out, 0, sizeof(*out));
	return hba_scan_buf_each(a, name, text, len, major, keep_record, &k,
	    NULL);
}

int
hba_scan_file_each(struct arena *a, const char *path, int major,
    hba_scan_fn *fn, void *arg, struct diags *notes)
{
	struct srcfile	*sf;
	struct incl	 inc;

	if ((sf = srcfile_read(a, path)) == NULL)
		return -1;
	incl_init(&inc, a, path, NULL, 0);
	scan_text(a, sf, major, 0, &inc, 0, fn, arg, notes);
	return 0;
}

int
hba_scan_buf_each(struct arena *a, const char *name, const char *text,
    size_t len, int major, hba_scan_fn *fn, void *arg, struct diags *notes)
{
	struct incl	 inc;

	incl_init(&inc, a, name, text, len);
	scan_text(a, srcfile_from_mem(a, name, text, len), major, 0, &inc, 0,
	    fn, arg, notes);
	return 0;
}

/* Copy a record handed out by the scanner into the list of k. */
static void
keep_record(void *arg, const struct hba_tokline *tl)
{
	struct keep		*k = arg;
	struct hba_tokline	*copy;

	copy = arena_alloc(k->a, sizeof(*copy));
	*copy = *tl;
	if (tl->nfield > 0) {
		copy->field = arena_alloc(k->a,
		    tl->nfield * sizeof(*copy->field));
		for (size_t i = 0; i < tl->nfield; i++) {
			const struct hba_field	*f = &tl->field[i];

			copy->field[i] = *f;
			copy->field[i].tok = arena_alloc(k->a,
			    f->ntok * sizeof(*f->tok));
			memcpy(copy->field[i].tok, f->tok,
			    f->ntok * sizeof(*f->tok));
			for (size_t j = 0; j < f->ntok; j++)
				copy->field[i].tok[j].text = arena_strdup(k->a,
				    f->tok[j].text);
		}
	}
	copy->next = NULL;
	if (k->out->last != NULL)
		k->out->last->next = copy;
	else
		k->out->first = copy;
	k->out->last = copy;
	k->out->n++;
}

/*
 * hba.c tokenize_auth_file(): read records until the end of text and hand
 * them (and those of included files) to fn.  A repeat scan is that of a
 * file scanned before at another depth: the server lists its lines again,
 * after the first time they can never match, so only records whose error
 * comes from this depth go to fn.  Every buffer is kept as read.
 */
static void
scan_text(struct arena *a, struct srcfile *sf, int major, int depth,
    struct incl *inc, int repeat, hba_scan_fn *fn, void *arg,
    struct diags *notes)
{
	/*
	 * A record starts empty.  memset() of its 88 bytes compiled to
	 * "rep stos", 5% of this function's time on large files (the
	 * instruction's start-up); a copy is a few moves.
	 */
	static const struct hba_tokline empty;
	struct scan		 s;
	struct hba_tokline	 tl;
	struct fieldv		*fv;
	size_t			 p;
	int			 toolong;

	memset(&s, 0, sizeof(s));
	s.a = a;
	s.major = major;
	s.name = sf->path;
	s.sf = sf;
	s.text = sf->buf;
	s.len = sf->len;
	s.lineno = 1;
	s.bol = 1;
	s.nul = SIZE_MAX;
	s.depth = depth;
	s.inc = inc;
	s.repeat = repeat;
	s.fn = fn;
	s.arg = arg;
	s.notes = notes;
	if (notes != NULL)
		diags_source(notes, a, sf->path, sf->buf, sf->len);

	while (s.at < s.len) {
		tl = empty;	/* copied, not memset(): see empty */
		s.lim = 0;
		if (read_line(&s, &toolong) == -1)
			break;
		/*
		 * Positions are where the bytes are in the file.  (After a line
		 * too long for 12 and 13, the server's numbering runs one
		 * ahead, as its fgets() counted the rest of the line as a
		 * line.)
		 */
		tl.pos.file = s.name;
		tl.pos.line = s.seg[0].line;
		tl.pos.col = s.seg[0].col;
		if (toolong) {
			/* hba.c 12, 13: the rest of the line is the next one */
			tl.err = HBA_SCAN_SYNTAX;
			tl.error = "authentication file line too long";
			tl.errpos = tl.pos;
			tl.eol = tl.pos;
			if (!s.repeat)
				s.fn(s.arg, &tl);
			continue;
		}
		/*
		 * Room for every text of the record: tokens are apart by at
		 * least one blank or comma, and a text is never longer than
		 * its token, so the texts and their NULs take at most the
		 * line's length plus one.
		 */
		if (s.llen + 1 > s.tcap) {
			s.tcap = s.llen + 1 > 2 * s.tcap ? s.llen + 1 :
			    2 * s.tcap;
			free(s.tb);
			s.tb = xmalloc(s.tcap);
		}
		s.tlen = 0;
		s.ntok = 0;
		s.nfv = 0;
		p = 0;
		while (s.lb[p] != '\0' && tl.error == NULL) {
			fv = field_new(&s);
			next_field(&s, &p, fv, &tl);
			/* a field of an empty @file is no field */
			if (fv->n > 0)
				s.nfv++;
		}
		if (s.nfv > 0)
			tl.eol = s.fv[s.nfv - 1].end;
		else
			tl.eol = pos_at(&s, p);
		finish(&s, &tl);
		if (tl.nfield == 0 && tl.error == NULL)
			continue;
		deliver(&s, &tl);
	}
	free(s.lb);
	free(s.seg);
	free(s.tok);
	free(s.fv);
	free(s.field);
	free(s.tb);
}

/*
 * A record is read: it names files to include (16+), or goes to fn.  In a
 * repeat scan only a record that failed on this depth does; inc->lim tells
 * expand_record() whether the record it gets did.
 */
static void
deliver(struct scan *s, struct hba_tokline *tl)
{
	if (tl->error == NULL && s->major >= 16 && tl->nfield == 2 &&
	    do_include(s, tl))
		return;
	if (s->repeat && !s->lim)
		return;
	s->inc->lim = s->lim;
	s->fn(s->arg, tl);
}

/*
 * Collect the next logical line into s->lb, with a segment for each
 * physical line.  PG 14 and later (hba.c tokenize_auth_file(), "Collect
 * the next input line, handling backslash continuations"): strip trailing
 * \n and \r, and while the line ends in a backslash that is beyond the last
 * one stripped, drop it and append the next line.  PG 12 and 13: fgets()
 * into 20480 bytes, no continuation; a chunk of 20479 bytes is "too long".
 * Returns -1 at the end of the text.
 */
static int
read_line(struct scan *s, int *toolong)
{
	const char	*start, *nl, *nul;
	size_t		 n, lastbs = 0, keep, base;

	*toolong = 0;
	s->llen = 0;
	s->nseg = 0;
	if (s->at >= s->len)
		return -1;
	for (;;) {
		start = s->text + s->at;
		nl = memchr(start, '\n', s->len - s->at);
		n = nl != NULL ? (size_t)(nl - start) + 1 : s->len - s->at;
		/* the whole line, for an inline suppression comment */
		if (s->notes != NULL && s->bol)
			suppress_note(s->notes, s->name, s->lineno, start, n);
		if (s->major < 14 && n > MAX_LINE_OLD - 1)
			n = MAX_LINE_OLD - 1;
		if (s->major < 14 && n == MAX_LINE_OLD - 1)
			*toolong = 1;
		add_seg(s, s->llen, s->at, n);
		base = s->llen;
		line_add(s, start, n);
		s->at += n;
		s->bol = start[n - 1] == '\n';
		if (s->bol)
			s->lineno++;
		/*
		 * Like C string functions, the server stops at a NUL byte.
		 * (The line before base holds none: it was cut at one.)  The
		 * next NUL of the text is looked for once, not on each line.
		 */
		if (s->nul == SIZE_MAX || s->nul < s->at - n) {
			nul = memchr(start, '\0', s->len - (s->at - n));
			s->nul = nul != NULL ? (size_t)(nul - s->text) :
			    s->len;
		}
		keep = base + (s->nul < s->at ? s->nul - (s->at - n) : n);
		while (keep > 0 && (s->lb[keep - 1] == '\n' ||
		    s->lb[keep - 1] == '\r'))
			keep--;
		s->llen = keep;
		s->lb[keep] = '\0';
		if (s->major >= 14 && keep > lastbs &&
		    s->lb[keep - 1] == '\\' && s->at < s->len) {
			s->lb[--s->llen] = '\0';
			lastbs = s->llen;
			continue;
		}
		/* A final backslash at the end of the file is dropped too. */
		if (s->major >= 14 && keep > lastbs && s->lb[keep - 1] == '\\')
			s->lb[--s->llen] = '\0';
		s->fast = s->nseg == 1 && s->seg[0].ascii;
		return 0;
	}
}

/* Append n bytes to the logical line and end it with a NUL. */
static void
line_add(struct scan *s, const char *p, size_t n)
{
	if (s->llen + n + 1 > s->lcap) {
		s->lcap = s->llen + n + 1 > 2 * s->lcap ? s->llen + n + 1 :
		    2 * s->lcap;
		s->lb = xrealloc(s->lb, s->lcap);
	}
	memcpy(s->lb + s->llen, p, n);
	s->llen += n;
	s->lb[s->llen] = '\0';
}

/*
 * A segment for the physical line (or 12 and 13's chunk of it) of n bytes
 * at at.
 */
static void
add_seg(struct scan *s, size_t off, size_t at, size_t n)
{
	struct seg	*g;
	size_t		 ncap;

	if (s->nseg == s->capseg) {
		ncap = s->capseg == 0 ? 4 : s->capseg * 2;
		s->seg = xreallocarray(s->seg, ncap, sizeof(*s->seg));
		s->capseg = ncap;
	}
	g = &s->seg[s->nseg++];
	g->off = off;
	g->at = at;
	g->line = s->lineno;
	/* only a chunk after a line too long for 12 and 13 starts mid-line */
	g->col = s->bol ? 1 : srcfile_pos(s->sf, at).col;
	/*
	 * Counting on from a byte gives its column only when no character
	 * runs across it: a line start or an ASCII byte.
	 */
	g->safe = g->col == 1 || (unsigned char)s->text[at] < 0x80;
	g->ascii = all_ascii(s->text + at, n);
	g->cur_at = at;
	g->cur_col = g->col;
}

/* The file position of byte off of the logical line. */
static inline struct pos
pos_at(struct scan *s, size_t off)
{
	struct pos	 pos;

	if (!s->fast)
		return pos_counted(s, off);
	pos.file = s->name;
	pos.line = s->seg[0].line;
	pos.col = s->seg[0].col + (unsigned)off;
	return pos;
}

/* pos_at() when columns are to be counted. */
static struct pos
pos_counted(struct scan *s, size_t off)
{
	struct seg	*g;
	struct pos	 pos;
	size_t		 i = s->nseg - 1, at;

	while (i > 0 && s->seg[i].off > off)
		i--;
	g = &s->seg[i];
	at = g->at + (off - g->off);
	pos.file = s->name;
	pos.line = g->line;
	if (g->ascii) {
		pos.col = g->col + (unsigned)(at - g->at);
		return pos;
	}
	if (!g->safe)
		return srcfile_pos(s->sf, at);
	/* on from the last position when it is before and on a boundary */
	if (at < g->cur_at || (g->cur_at != g->at &&
	    (unsigned char)s->text[g->cur_at] >= 0x80)) {
		g->cur_at = g->at;
		g->cur_col = g->col;
	}
	g->cur_col += srcfile_chars(s->text + g->cur_at, at - g->cur_at);
	g->cur_at = at;
	pos.col = g->cur_col;
	return pos;
}

/* No byte of the n at p has its high bit set. */
static int
all_ascii(const char *p, size_t n)
{
	uint64_t	 w, acc = 0;

	for (; n >= sizeof(w); p += sizeof(w), n -= sizeof(w)) {
		memcpy(&w, p, sizeof(w));
		acc |= w;
	}
	while (n-- > 0)
		acc |= (unsigned char)*p++;
	return (acc & 0x8080808080808080ull) == 0;
}

/*
 * hba.c next_token(): the next token from *pp, NUL-terminated, *lenp
 * bytes, into *textp.  Returns 1 for a token (possibly empty, as ""), 0 at
 * the end of the line or at a comment, -1 with *err for a token over
 * MAX_TOKEN (12 to 15).  *start gets the offset of the token's first
 * character, *end the offset after its last (or the line's end after a
 * comment), and *pp where to read on.
 *
 * A token of ordinary bytes only (most of them) is its own text: the
 * blank, comma or # after it in s->lb becomes its NUL, and reading goes
 * on past that byte, which would have been skipped anyway.  Any other is
 * dequoted into s->tb at s->tlen.
 */
static inline int
next_token(struct scan *s, size_t *pp, int *initial_quote, int *term_comma,
    size_t *start, size_t *end, char **textp, size_t *lenp,
    const char **err)
{
	unsigned char		*l = (unsigned char *)s->lb;
	unsigned char		*r = l + *pp, *q;
	char			*w0 = s->tb + s->tlen, *w = w0;
	int			 in_quote = 0, was_quote = 0, saw_quote = 0;
	int			 c;

	*initial_quote = *term_comma = 0;
	while (special[*r] & SKIP)
		r++;
	*start = (size_t)(r - l);
	for (q = r; !special[*q]; q++)
		continue;
	c = *q;
	if (q > r && c != '"' &&
	    (s->major >= 16 || q - r < MAX_TOKEN_OLD - 1)) {
		*textp = (char *)r;
		*lenp = (size_t)(q - r);
		*term_comma = c == ',';
		if (c == '#')
			*end = *pp = (size_t)(q - l) + strlen((char *)q);
		else {
			*end = (size_t)(q - l);
			*pp = *end + (c != '\0');
		}
		*q = '\0';
		return 1;
	}
	for (;;) {
		if (!special[*r]) {
			/* ordinary bytes are kept as they are */
			do
				*w++ = (char)*r++;
			while (!special[*r]);
			was_quote = 0;
			/*
			 * 12 to 15 refuse a byte that finds the token full
			 * (MAX_TOKEN - 1 bytes): one of these did when the
			 * last made it MAX_TOKEN long.
			 */
			if (s->major < 16 && w - w0 >= MAX_TOKEN_OLD)
				goto toolong;
		}
		c = *r;
		if (c == '\0' || (!in_quote && c != ',' && c != '#' &&
		    c != '"'))
			break;		/* the end, or a blank outside quotes */
		if (c == '#' && !in_quote) {
			/* a comment runs to the end of the (logical) line */
			r += strlen((const char *)r);
			break;
		}
		if (s->major < 16 && w - w0 >= MAX_TOKEN_OLD - 1)
			goto toolong;
		if (c == ',' && !in_quote) {
			*term_comma = 1;
			break;
		}
		if (c != '"' || was_quote)
			*w++ = (char)c;
		/* PG: "Literal double-quote is two double-quotes" */
		if (in_quote && c == '"')
			was_quote = !was_quote;
		else
			was_quote = 0;
		if (c == '"') {
			in_quote = !in_quote;
			saw_quote = 1;
			if (w == w0)
				*initial_quote = 1;
		}
		r++;
	}
	*w = '\0';
	*end = *pp = (size_t)(r - l);
	*textp = w0;
	*lenp = (size_t)(w - w0);
	if (!saw_quote && w == w0)
		return 0;
	s->tlen += *lenp + 1;
	return 1;

toolong:
	*err = "authentication file token too long";
	*pp = (size_t)(r - l) + strlen((const char *)r);
	return -1;
}

/*
 * Room for ntok more tokens and nfv more fields.  (A field being read
 * while an @file adds its tokens must stay where it is: growing the tokens
 * leaves the fields alone.)
 */
static void
reserve(struct scan *s, size_t ntok, size_t nfv)
{
	size_t	 ncap;

	if (s->ntok + ntok > s->captok) {
		ncap = s->ntok + ntok > 2 * s->captok ? s->ntok + ntok :
		    2 * s->captok;
		s->tok = xreallocarray(s->tok, ncap, sizeof(*s->tok));
		s->captok = ncap;
	}
	if (s->nfv + nfv > s->capfv) {
		ncap = s->nfv + nfv > 2 * s->capfv ? s->nfv + nfv :
		    2 * s->capfv;
		s->fv = xreallocarray(s->fv, ncap, sizeof(*s->fv));
		s->capfv = ncap;
	}
}

/*
 * hba.c next_field_expand(): tokens up to the end of a field, expanding
 * unquoted @file tokens.  Errors go to tl.
 */
static void
next_field(struct scan *s, size_t *pp, struct fieldv *fv,
    struct hba_tokline *tl)
{
	struct hba_token	*t;
	struct pos		 pos;
	const char		*err = NULL;
	char			*text;
	size_t			 start, n, tend, end = 0;
	int			 iq, comma, r;

	do {
		r = next_token(s, pp, &iq, &comma, &start, &tend, &text, &n,
		    &err);
		if (r == -1) {
			tl->err = HBA_SCAN_SYNTAX;
			tl->error = err;
			tl->errpos = pos_at(s, start);
			break;
		}
		if (r == 0)
			break;
		pos = pos_at(s, start);
		if (!fv->written)
			fv->pos = pos;
		end = tend;
		fv->written = 1;
		/* "@x" names a file, "@" alone and "\"@x\"" do not */
		if (!iq && n > 1 && text[0] == '@') {
			/* the name is copied at once: its room is reused */
			expand_file(s, text + 1, fv, tl, &pos);
			continue;
		}
		t = tok_new(s, fv);
		t->text = text;		/* lb or tb: they stay for the record */
		t->quoted = iq;
		t->key = 0;
		t->pos = pos;
	} while (comma && tl->error == NULL);
	/* where the field's last token ends (positions are asked in order) */
	if (fv->written)
		fv->end = pos_at(s, end);
}

/* A new token at the end of the field, for the caller to fill. */
static struct hba_token *
tok_new(struct scan *s, struct fieldv *fv)
{
	if (s->ntok == s->captok)
		reserve(s, 16, 0);
	fv->n++;
	return &s->tok[s->ntok++];
}

/* Room for one more field, which becomes one when it gets a token. */
static struct fieldv *
field_new(struct scan *s)
{
	struct fieldv	*fv;

	if (s->nfv == s->capfv)
		reserve(s, 0, 8);
	fv = &s->fv[s->nfv];
	fv->first = s->ntok;
	fv->n = 0;
	fv->written = 0;
	return fv;
}

/*
 * The record is complete: point tl's fields (in s->field) at its tokens
 * (in s->tok, whose texts are in s->tb, of at most the record's bytes
 * plus one, see scan_text(), or in the arena for an @file's).
 */
static void
finish(struct scan *s, struct hba_tokline *tl)
{
	size_t	 i;

	if (s->nfv == 0)
		return;
	if (s->nfv > s->capfield) {
		s->capfield = s->nfv > 2 * s->capfield ? s->nfv :
		    2 * s->capfield;
		free(s->field);
		s->field = xreallocarray(NULL, s->capfield,
		    sizeof(*s->field));
	}
	for (i = 0; i < s->nfv; i++) {
		s->field[i].tok = s->tok + s->fv[i].first;
		s->field[i].ntok = s->fv[i].n;
		s->field[i].pos = s->fv[i].pos;
		s->field[i].end = s->fv[i].end;
	}
	tl->field = s->field;
	tl->nfield = s->nfv;
}

/*
 * hba.c tokenize_expand_file() (tokenize_inc_file() before 16): every
 * token of every line of the file, appended to the field.  The first error
 * in that file becomes the error of the line that names it.  The file is
 * expanded once for each depth: the next line that names it at that depth
 * gets the same tokens (their texts live in the arena) or the same error.
 */
static void
expand_file(struct scan *s, const char *inc, struct fieldv *fv,
    struct hba_tokline *tl, const struct pos *at)
{
	struct expand		 e;
	struct hfile		*f;
	struct atmemo		*m;
	const char		*full, *err;
	size_t			 start, i;

	full = join_path(s->a, s->name, inc);
	if (s->depth + 1 > MAX_DEPTH) {
		/*
		 * 16+: open_auth_file()'s nesting limit.  Before 16 there is
		 * none; a loop of @files recurses until the server runs out of
		 * file descriptors, which fails the same line.
		 */
		tl->err = HBA_SCAN_INCLUDE;
		tl->errpos = *at;
		tl->error = s->major >= 16 ? arena_printf(s->a,
		    "could not open file \"%s\": maximum nesting depth "
		    "exceeded", full) : arena_printf(s->a, "could not open "
		    "secondary "
		    "authentication file \"@%s\" as \"%s\": %s", inc, full,
		    strerror(EMFILE));
		s->lim = 1;
		return;
	}
	if ((f = hfile_get(s, full, &err)) == NULL || f->sf == NULL) {
		tl->err = HBA_SCAN_INCLUDE;
		tl->errpos = *at;
		tl->error = f == NULL ? err : s->major >= 16 ?
		    arena_printf(s->a, "could not open file \"%s\": %s", full,
		    srcfile_strerror(f->err)) :
		    arena_printf(s->a, "could not open secondary "
		    "authentication file \"@%s\" as \"%s\": %s", inc, full,
		    srcfile_strerror(f->err));
		return;
	}
	if (f->at == NULL)
		f->at = arena_calloc(s->a, NDEPTH, sizeof(*f->at));
	m = &f->at[s->depth + 1];
	if (m->done) {
		if (m->error != NULL) {
			tl->err = m->err;
			tl->error = m->error;
			tl->errpos = *at;
			s->lim |= m->lim;
			return;
		}
		if (s->inc->ntokens + m->ntok > MAX_AT_TOKENS)
			goto too_many;
		s->inc->ntokens += m->ntok;
		reserve(s, m->ntok, 0);
		for (i = 0; i < m->ntok; i++)
			*tok_new(s, fv) = m->tok[i];
		return;
	}
	e.s = s;
	e.fv = fv;
	e.tl = tl;
	e.at = at;
	e.failed = 0;
	e.lim = 0;
	start = s->ntok;
	scan_text(s->a, f->sf, s->major, s->depth + 1, s->inc, 0,
	    expand_record, &e, f->noted ? NULL : s->notes);
	f->noted = 1;
	m->done = 1;
	if (e.failed) {
		m->err = tl->err;
		m->error = tl->error;
		m->lim = e.lim;
		s->lim |= e.lim;
		return;
	}
	m->ntok = s->ntok - start;
	m->tok = arena_alloc(s->a, (m->ntok + 1) * sizeof(*m->tok));
	memcpy(m->tok, s->tok + start, m->ntok * sizeof(*m->tok));
	return;

too_many:
	tl->err = HBA_SCAN_INCLUDE;
	tl->errpos = *at;
	tl->error = arena_printf(s->a, "could not expand \"%s\": more than %d "
	    "tokens from @files in all (pgpair's limit)", full, MAX_AT_TOKENS);
	s->lim = 1;
}

/* A record of an @file: its tokens join the field, or its error fails it. */
static void
expand_record(void *arg, const struct hba_tokline *l)
{
	struct expand		*e = arg;
	struct incl		*inc = e->s->inc;
	struct hba_token	*t;

	if (e->failed)
		return;
	if (l->error != NULL) {
		e->tl->err = l->err;
		e->tl->error = l->error;
		e->tl->errpos = *e->at;
		e->failed = 1;
		e->lim = inc->lim;
		return;
	}
	for (size_t i = 0; i < l->nfield; i++)
		for (size_t j = 0; j < l->field[i].ntok; j++) {
			if (++inc->ntokens > MAX_AT_TOKENS) {
				e->tl->err = HBA_SCAN_INCLUDE;
				e->tl->errpos = *e->at;
				e->tl->error = arena_printf(e->s->a,
				    "could not expand \"%s\": more than %d "
				    "tokens from @files in all (pgpair's "
				    "limit)", l->pos.file, MAX_AT_TOKENS);
				e->failed = e->lim = 1;
				return;
			}
			t = tok_new(e->s, e->fv);
			*t = l->field[i].tok[j];
			/* kept for the line, and for the next that names
			   the file at this depth */
			t->text = arena_strdup(e->s->a, t->text);
		}
}

/*
 * PG 16+ tokenize_auth_file(): a record of two fields whose first token is
 * include, include_if_exists or include_dir (quoted or not) reads other
 * files in its place.  Returns 1 when tl was such a record and has been
 * dealt with, 0 when tl is to be listed (an ordinary record, or an include
 * that failed: tl->error says why).
 */
static int
do_include(struct scan *s, struct hba_tokline *tl)
{
	const struct hba_keyword *kw;
	const char	*arg = tl->field[1].tok[0].text;
	const char	*err = NULL;

	kw = hba_keyword_find(tl->field[0].tok[0].text, HBA_FIELD_TYPE);
	if (kw == NULL)
		return 0;
	if (++s->nincludes > MAX_INCLUDES)
		err = arena_printf(s->a, "more than %d include records in one "
		    "file (pgpair's limit)", MAX_INCLUDES);
	else switch (kw->include) {
	case HBA_INCLUDE_FILE:
		include_file(s, arg, 0, 0, &err);
		break;
	case HBA_INCLUDE_IF_EXISTS:
		include_file(s, arg, 1, 0, &err);
		break;
	default:
		include_dir(s, arg, &err);
		break;
	}
	if (err == NULL)
		return 1;
	tl->err = HBA_SCAN_INCLUDE;
	tl->error = err;
	tl->errpos = tl->field[1].pos;
	return 0;
}

/*
 * hba.c tokenize_include_file(): the records of one included file, named
 * relative to the including one unless resolved is set.  A file already
 * scanned at this depth gives nothing new; one scanned at another depth
 * is scanned again for what fails at this one only (scan_text()).
 */
static int
include_file(struct scan *s, const char *inc, int missing_ok, int resolved,
    const char **err)
{
	struct hfile	*f;
	const char	*full;
	int		 repeat;

	full = resolved ? inc : join_path(s->a, s->name, inc);
	if (s->depth + 1 > MAX_DEPTH) {
		*err = arena_printf(s->a, "could not open file \"%s\": "
		    "maximum nesting depth exceeded", full);
		s->lim = 1;
		return -1;
	}
	if ((f = hfile_get(s, full, err)) == NULL)
		return -1;
	if (f->sf == NULL) {
		/* "skipping missing ... file"; not what cannot be read */
		if (f->err == ENOENT && missing_ok)
			return 0;
		*err = arena_printf(s->a, "could not open file \"%s\": %s",
		    full, srcfile_strerror(f->err));
		return -1;
	}
	if (f->scanned & (1u << (s->depth + 1)))
		return 0;
	repeat = f->scanned != 0;
	f->scanned |= 1u << (s->depth + 1);
	scan_text(s->a, f->sf, s->major, s->depth + 1, s->inc, repeat, s->fn,
	    s->arg, f->noted ? NULL : s->notes);
	f->noted = 1;
	return 0;
}

/*
 * The shared state of the scans of the top file name (text and len when
 * it was read from memory).  The top file is in the table, so that a file
 * including it back finds it; its own scan writes over its buffer, so it
 * is read again (or copied again) the first time that happens.
 */
static void
incl_init(struct incl *inc, struct arena *a, const char *name,
    const char *text, size_t len)
{
	struct hfile	*f;

	memset(inc, 0, sizeof(*inc));
	inc->a = a;
	inc->top = name;
	inc->top_text = text;
	inc->top_len = len;
	f = arena_calloc(a, 1, sizeof(*f));
	f->path = srcfile_canonical(a, name);
	f->top = 1;
	f->scanned = 1;		/* at depth 0 */
	f->noted = 1;
	inc->bucket[srcfile_name_hash(f->path) % NBUCKET] = f;
}

/*
 * The file named full, read once for the top file: from the table, else
 * from disk (f->sf NULL and f->err set when it cannot be read).  NULL,
 * with *err set, past MAX_FILES.
 */
static struct hfile *
hfile_get(struct scan *s, const char *full, const char **err)
{
	struct incl	*inc = s->inc;
	struct hfile	*f, **b;
	const char	*key = srcfile_canonical(s->a, full);

	b = &inc->bucket[srcfile_name_hash(key) % NBUCKET];
	for (f = *b; f != NULL; f = f->hnext)
		if (strcmp(f->path, key) == 0)
			break;
	if (f == NULL) {
		if (inc->nfiles >= MAX_FILES) {
			*err = arena_printf(s->a, "could not open file \"%s\": "
			    "more than %d files included (pgpair's limit)",
			    full, MAX_FILES);
			s->lim = 1;
			return NULL;
		}
		inc->nfiles++;
		f = arena_calloc(s->a, 1, sizeof(*f));
		f->path = key;
		f->hnext = *b;
		*b = f;
	} else if (!f->top || f->sf != NULL || f->err != 0)
		return f;
	/* new, or the top file met again */
	if (f->top && inc->top_text != NULL)
		f->sf = srcfile_from_mem(s->a, inc->top, inc->top_text,
		    inc->top_len);
	else if ((f->sf = srcfile_read(s->a, f->top ? inc->top : full)) ==
	    NULL)
		f->err = errno;
	return f;
}

/*
 * hba.c include_dir with conffiles.c GetConfFilesInDir(): the files of the
 * directory whose names end in ".conf" and do not start with ".", in strcmp
 * order.  The server joins the errors of several files with newlines.
 */
static int
include_dir(struct scan *s, const char *inc, const char **err)
{
	const char	*dir, *one;
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	const char	**names = NULL;
	size_t		 n = 0, cap = 0, i, nl;
	struct strbuf	 errs = STRBUF_INIT;

	dir = join_path(s->a, s->name, inc);
	if ((d = opendir(dir)) == NULL) {
		*err = arena_printf(s->a, "could not open directory \"%s\"",
		    dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		nl = strlen(de->d_name);
		if (de->d_name[0] == '.' || nl < 6 ||
		    strcmp(de->d_name + nl - 5, ".conf") != 0)
			continue;
		one = arena_printf(s->a, "%s/%s", dir, de->d_name);
		if (stat(one, &st) == -1) {
			closedir(d);
			*err = arena_printf(s->a, "could not stat file \"%s\"",
			    one);
			return -1;
		}
		if (S_ISDIR(st.st_mode))
			continue;
		if (n == MAX_DIR_FILES) {
			closedir(d);
			*err = arena_printf(s->a, "could not open directory "
			    "\"%s\": more than %d files (pgpair's limit)", dir,
			    MAX_DIR_FILES);
			return -1;
		}
		if (n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			names = arena_grow(s->a, names, n, cap, sizeof(*names));
		}
		names[n++] = one;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		one = NULL;
		if (include_file(s, names[i], 0, 1, &one) == -1) {
			if (errs.len > 0)
				strbuf_addch(&errs, '\n');
			strbuf_addstr(&errs, one);
		}
	}
	if (errs.len > 0)
		*err = arena_strndup(s->a, errs.buf, errs.len);
	strbuf_release(&errs);
	return *err == NULL ? 0 : -1;
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * conffiles.c AbsoluteConfigLocation(): an absolute name as it is, else
 * relative to the directory of the including file.
 */
static const char *
join_path(struct arena *a, const char *outer, const char *inc)
{
	const char	*slash;

	if (inc[0] == '/')
		return arena_strdup(a, inc);
	if ((slash = strrchr(outer, '/')) == NULL)
		return arena_strdup(a, inc);
	return arena_printf(a, "%.*s/%s", (int)(slash - outer), outer, inc);
}

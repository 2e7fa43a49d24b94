/*
 * The pg_hba.conf tokenizer: lines, continuation, fields, tokens, @file and
 * include records, mirroring tokenize_auth_file(), next_field_expand() and
 * next_token() of PostgreSQL's src/backend/libpq/hba.c for 12 to 18.  The
 * parser (hba_parse.c) reads the records it produces.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "hba_scan.h"
#include "srcfile.h"
#include "strbuf.h"

/* hba.c before 16: char buf[MAX_TOKEN], MAX_TOKEN 10240 (12 to 15). */
#define MAX_TOKEN_OLD	10240
/* hba.c 12 and 13: fgets() into char rawline[MAX_LINE], MAX_LINE 20480. */
#define MAX_LINE_OLD	20480
/* conffiles.h CONF_FILE_MAX_DEPTH, used for @file and includes in 16+. */
#define MAX_DEPTH	10

/* Where the bytes of the logical line came from. */
struct seg {
	size_t		 off;		/* first byte in the logical line */
	size_t		 at;		/* its offset in the file */
};

/* One file being read. */
struct scan {
	struct arena		*a;
	int			 major;
	const char		*name;
	const struct srcfile	*sf;
	const char		*text;
	size_t			 len;
	size_t			 at;		/* next unread byte */
	int			 depth;
	struct hba_toklines	*out;
	struct strbuf		 line;		/* the logical line */
	struct seg		*seg;
	size_t			 nseg, capseg;
	struct strbuf		 tok;		/* token being dequoted */
};

/* A field under construction. */
struct fieldv {
	struct hba_token	*v;
	size_t			 n, cap;
	int			 written;	/* pos and end are set */
	struct pos		 pos, end;	/* as written on the line */
};

static void	 scan_text(struct arena *, const struct srcfile *, int, int,
		    struct hba_toklines *);
static int	 read_line(struct scan *, int *);
static void	 add_seg(struct scan *, size_t, size_t);
static struct pos pos_at(const struct scan *, size_t);
static int	 next_token(struct scan *, size_t *, int *, int *, size_t *,
		    const char **);
static void	 next_field(struct scan *, size_t *, struct fieldv *,
		    struct hba_tokline *);
static void	 expand_file(struct scan *, const char *, struct fieldv *,
		    struct hba_tokline *, const struct pos *);
static int	 do_include(struct scan *, struct hba_tokline *);
static int	 include_file(struct scan *, const char *, int, int,
		    const char **);
static int	 include_dir(struct scan *, const char *, const char **);
static const char *join_path(struct arena *, const char *, const char *);
static void	 fieldv_add(struct arena *, struct fieldv *,
		    const struct hba_token *);
static void	 tokline_append(struct hba_toklines *, struct hba_tokline *);
static int	 is_blank(int);
static int	 cmp_str(const void *, const void *);

int
hba_scan_file(struct arena *a, const char *path, int major,
    struct hba_toklines *out)
{
	const struct srcfile	*sf;

	memset(out, 0, sizeof(*out));
	if ((sf = srcfile_read(a, path)) == NULL)
		return -1;
	scan_text(a, sf, major, 0, out);
	return 0;
}

int
hba_scan_buf(struct arena *a, const char *name, const char *text, size_t len,
    int major, struct hba_toklines *out)
{
	memset(out, 0, sizeof(*out));
	scan_text(a, srcfile_from_mem(a, name, text, len), major, 0, out);
	return 0;
}

/*
 * hba.c tokenize_auth_file(): read records until the end of text, append
 * them (and those of included files) to out.
 */
static void
scan_text(struct arena *a, const struct srcfile *sf, int major, int depth,
    struct hba_toklines *out)
{
	const char		*name = sf->path;
	struct scan		 s;
	struct hba_tokline	*tl;
	struct fieldv		 fv;
	size_t			 p;
	int			 toolong;

	memset(&s, 0, sizeof(s));
	s.a = a;
	s.major = major;
	s.name = name;
	s.sf = sf;
	s.text = sf->buf;
	s.len = sf->len;
	s.depth = depth;
	s.out = out;
	strbuf_init(&s.line);
	strbuf_init(&s.tok);

	while (s.at < s.len) {
		tl = arena_calloc(a, 1, sizeof(*tl));
		/*
		 * Positions are where the bytes are in the file.  (After a line
		 * too long for 12 and 13, the server's numbering runs one
		 * ahead, as its fgets() counted the rest of the line as a
		 * line.)
		 */
		tl->pos = srcfile_pos(sf, s.at);
		if (read_line(&s, &toolong) == -1)
			break;
		if (toolong) {
			/* hba.c 12, 13: the rest of the line is the next one */
			tl->err = HBA_SCAN_SYNTAX;
			tl->error = "authentication file line too long";
			tl->errpos = tl->pos;
			tl->eol = tl->pos;
			tokline_append(out, tl);
			continue;
		}
		p = 0;
		while (s.line.buf[p] != '\0' && tl->error == NULL) {
			memset(&fv, 0, sizeof(fv));
			next_field(&s, &p, &fv, tl);
			if (fv.n == 0)
				continue;
			tl->field = arena_grow(a, tl->field, tl->nfield,
			    tl->nfield + 1, sizeof(*tl->field));
			tl->field[tl->nfield].tok = fv.v;
			tl->field[tl->nfield].ntok = fv.n;
			tl->field[tl->nfield].pos = fv.pos;
			tl->field[tl->nfield].end = fv.end;
			tl->nfield++;
		}
		if (tl->nfield > 0)
			tl->eol = tl->field[tl->nfield - 1].end;
		else
			tl->eol = pos_at(&s, p);
		if (tl->nfield == 0 && tl->error == NULL)
			continue;
		if (tl->error == NULL && s.major >= 16 && tl->nfield == 2 &&
		    do_include(&s, tl))
			continue;
		tokline_append(out, tl);
	}
	strbuf_release(&s.line);
	strbuf_release(&s.tok);
}

/*
 * Collect the next logical line into s->line, with a segment for each
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
	const char	*start, *nl;
	size_t		 n, lastbs = 0, keep;

	*toolong = 0;
	strbuf_reset(&s->line);
	s->nseg = 0;
	if (s->at >= s->len)
		return -1;
	for (;;) {
		start = s->text + s->at;
		nl = memchr(start, '\n', s->len - s->at);
		n = nl != NULL ? (size_t)(nl - start) + 1 : s->len - s->at;
		if (s->major < 14 && n > MAX_LINE_OLD - 1)
			n = MAX_LINE_OLD - 1;
		if (s->major < 14 && n == MAX_LINE_OLD - 1)
			*toolong = 1;
		add_seg(s, s->line.len, s->at);
		strbuf_add(&s->line, start, n);
		s->at += n;
		/* Like C string functions, the server stops at a NUL byte. */
		keep = strlen(s->line.buf);
		while (keep > 0 && (s->line.buf[keep - 1] == '\n' ||
		    s->line.buf[keep - 1] == '\r'))
			keep--;
		s->line.len = keep;
		s->line.buf[keep] = '\0';
		if (s->major >= 14 && keep > lastbs &&
		    s->line.buf[keep - 1] == '\\' && s->at < s->len) {
			s->line.buf[--s->line.len] = '\0';
			lastbs = s->line.len;
			continue;
		}
		/* A final backslash at the end of the file is dropped too. */
		if (s->major >= 14 && keep > lastbs &&
		    s->line.buf[keep - 1] == '\\')
			s->line.buf[--s->line.len] = '\0';
		return 0;
	}
}

static void
add_seg(struct scan *s, size_t off, size_t at)
{
	size_t	 ncap;

	if (s->nseg == s->capseg) {
		ncap = s->capseg == 0 ? 4 : s->capseg * 2;
		s->seg = arena_grow(s->a, s->seg, s->nseg, ncap,
		    sizeof(*s->seg));
		s->capseg = ncap;
	}
	s->seg[s->nseg].off = off;
	s->seg[s->nseg].at = at;
	s->nseg++;
}

/* The file position of byte off of the logical line. */
static struct pos
pos_at(const struct scan *s, size_t off)
{
	size_t	 i = s->nseg - 1;

	while (i > 0 && s->seg[i].off > off)
		i--;
	return srcfile_pos(s->sf, s->seg[i].at + (off - s->seg[i].off));
}

static int
is_blank(int c)
{
	/* hba.c pg_isblank() */
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * hba.c next_token(): the next token from *pp, dequoted into s->tok.
 * Returns 1 for a token (possibly empty, as ""), 0 at the end of the line
 * or at a comment, -1 with *err for a token over MAX_TOKEN (12 to 15).
 * *start gets the offset of the token's first character.
 */
static int
next_token(struct scan *s, size_t *pp, int *initial_quote, int *term_comma,
    size_t *start, const char **err)
{
	const char	*l = s->line.buf;
	size_t		 p = *pp;
	int		 in_quote = 0, was_quote = 0, saw_quote = 0;
	int		 c;

	strbuf_reset(&s->tok);
	*initial_quote = *term_comma = 0;
	while (l[p] != '\0' && (is_blank(l[p]) || l[p] == ','))
		p++;
	*start = p;
	while ((c = (unsigned char)l[p]) != '\0' &&
	    (!is_blank(c) || in_quote)) {
		if (c == '#' && !in_quote) {
			/* a comment runs to the end of the (logical) line */
			p += strlen(l + p);
			break;
		}
		if (s->major < 16 && s->tok.len >= MAX_TOKEN_OLD - 1) {
			*err = "authentication file token too long";
			*pp = p + strlen(l + p);
			return -1;
		}
		if (c == ',' && !in_quote) {
			*term_comma = 1;
			break;
		}
		if (c != '"' || was_quote)
			strbuf_addch(&s->tok, c);
		/* PG: "Literal double-quote is two double-quotes" */
		if (in_quote && c == '"')
			was_quote = !was_quote;
		else
			was_quote = 0;
		if (c == '"') {
			in_quote = !in_quote;
			saw_quote = 1;
			if (s->tok.len == 0)
				*initial_quote = 1;
		}
		p++;
	}
	*pp = p;
	return saw_quote || s->tok.len > 0;
}

/*
 * hba.c next_field_expand(): tokens up to the end of a field, expanding
 * unquoted @file tokens.  Errors go to tl.
 */
static void
next_field(struct scan *s, size_t *pp, struct fieldv *fv,
    struct hba_tokline *tl)
{
	struct hba_token	 t;
	const char		*err = NULL;
	size_t			 start;
	int			 iq, comma, r;

	do {
		r = next_token(s, pp, &iq, &comma, &start, &err);
		if (r == -1) {
			tl->err = HBA_SCAN_SYNTAX;
			tl->error = err;
			tl->errpos = pos_at(s, start);
			return;
		}
		if (r == 0)
			return;
		t.text = arena_strndup(s->a, s->tok.buf, s->tok.len);
		t.quoted = iq;
		t.pos = pos_at(s, start);
		t.end = pos_at(s, *pp);
		if (!fv->written)
			fv->pos = t.pos;
		fv->end = t.end;
		fv->written = 1;
		/* "@x" names a file, "@" alone and "\"@x\"" do not */
		if (!iq && s->tok.len > 1 && t.text[0] == '@')
			expand_file(s, t.text + 1, fv, tl, &t.pos);
		else
			fieldv_add(s->a, fv, &t);
	} while (comma && tl->error == NULL);
}

/*
 * hba.c tokenize_expand_file() (tokenize_inc_file() before 16): every
 * token of every line of the file, appended to the field.  The first error
 * in that file becomes the error of the line that names it.
 */
static void
expand_file(struct scan *s, const char *inc, struct fieldv *fv,
    struct hba_tokline *tl, const struct pos *at)
{
	struct hba_toklines	 sub;
	struct hba_tokline	*l;
	const struct srcfile	*sf;
	const char		*full;
	size_t			 i, j;

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
		return;
	}
	if ((sf = srcfile_read(s->a, full)) == NULL) {
		tl->err = HBA_SCAN_INCLUDE;
		tl->errpos = *at;
		tl->error = s->major >= 16 ? arena_printf(s->a,
		    "could not open file \"%s\": %s", full, strerror(errno)) :
		    arena_printf(s->a, "could not open secondary "
		    "authentication file \"@%s\" as \"%s\": %s", inc, full,
		    strerror(errno));
		return;
	}
	memset(&sub, 0, sizeof(sub));
	scan_text(s->a, sf, s->major, s->depth + 1, &sub);
	for (l = sub.first; l != NULL; l = l->next) {
		if (l->error != NULL) {
			tl->err = l->err;
			tl->error = l->error;
			tl->errpos = *at;
			return;
		}
		for (i = 0; i < l->nfield; i++)
			for (j = 0; j < l->field[i].ntok; j++)
				fieldv_add(s->a, fv, &l->field[i].tok[j]);
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
	const char	*kw = tl->field[0].tok[0].text;
	const char	*arg = tl->field[1].tok[0].text;
	const char	*err = NULL;

	if (strcmp(kw, "include") == 0)
		include_file(s, arg, 0, 0, &err);
	else if (strcmp(kw, "include_if_exists") == 0)
		include_file(s, arg, 1, 0, &err);
	else if (strcmp(kw, "include_dir") == 0)
		include_dir(s, arg, &err);
	else
		return 0;
	if (err == NULL)
		return 1;
	tl->err = HBA_SCAN_INCLUDE;
	tl->error = err;
	tl->errpos = tl->field[1].pos;
	return 0;
}

/*
 * hba.c tokenize_include_file(): the records of one included file, named
 * relative to the including one unless resolved is set.
 */
static int
include_file(struct scan *s, const char *inc, int missing_ok, int resolved,
    const char **err)
{
	const struct srcfile	*sf;
	const char		*full;

	full = resolved ? inc : join_path(s->a, s->name, inc);
	if (s->depth + 1 > MAX_DEPTH) {
		*err = arena_printf(s->a, "could not open file \"%s\": "
		    "maximum nesting depth exceeded", full);
		return -1;
	}
	if ((sf = srcfile_read(s->a, full)) == NULL) {
		if (errno == ENOENT && missing_ok)
			return 0;	/* "skipping missing ... file" */
		*err = arena_printf(s->a, "could not open file \"%s\": %s",
		    full, strerror(errno));
		return -1;
	}
	scan_text(s->a, sf, s->major, s->depth + 1, s->out);
	return 0;
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

static void
fieldv_add(struct arena *a, struct fieldv *fv, const struct hba_token *t)
{
	size_t	 ncap;

	if (fv->n == fv->cap) {
		ncap = fv->cap == 0 ? 4 : fv->cap * 2;
		fv->v = arena_grow(a, fv->v, fv->n, ncap, sizeof(*fv->v));
		fv->cap = ncap;
	}
	fv->v[fv->n++] = *t;
}

static void
tokline_append(struct hba_toklines *out, struct hba_tokline *tl)
{
	tl->next = NULL;
	if (out->last != NULL)
		out->last->next = tl;
	else
		out->first = tl;
	out->last = tl;
	out->n++;
}

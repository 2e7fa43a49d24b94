/*
 * The pg_hba.conf parser: gives the records of hba_scan.c their meaning and
 * judges them as PostgreSQL's hba.c parse_hba_line() and
 * parse_hba_auth_opt() do for 12 to 18, with the server's messages.  Lines
 * the server refuses become hba-syntax or hba-include diagnostics; the
 * rest is left to the checks of rules_hba.c.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "hba_parse.h"
#include "pgvocab.h"
#include "hba_scan.h"
#include "rule.h"
#include "xmalloc.h"

/* STYLE: "stop a file after 100 errors". */
#define MAX_DIAGS	100

/* State while parsing one line. */
struct pf;

struct lp {
	struct arena		*a;
	struct pf		*pf;		/* the file's state */
	const struct hba_opts	*o;
	const struct hba_tokline *tl;
	struct hba_line		*hl;
	struct hba_token	*tok;		/* hl's databases and users */
	/* where the fields are, for messages */
	struct pos		 addr_pos, method_pos;
	/* a refusal: the offending field and the rule that reports it */
	struct pos		 error_pos;
	enum rule_id		 error_rule;
	/* what parse_hba_auth_opt() remembers for the later checks */
	uint32_t	 seen;		/* bits (1u << HBA_OPT_*) */
	int		 nlist[HBA_OPT__COUNT];	/* elements of a list: 0
						   for none */
	int		 oauth_delegate;	/* delegate_ident_mapping=1 */
	const char	*oauth_validator;	/* validator=, or NULL */
};

static void	 parse_record(void *, const struct hba_tokline *);
static void	 parse_line(struct lp *);
static void	 parse_fields(struct lp *);
static const struct hba_keyword *name_of(const struct pf *,
		    const struct hba_token *, int, unsigned *, const char **);
static uint32_t	 key_of(struct pf *, const struct hba_token *, int);
static void	 ask_names(struct pf *, const struct hba_field *, int);
static struct hba_token *keep_tokens(struct pf *,
		    const struct hba_field *, const struct hba_field *);
static int	 fail(struct lp *, const struct pos *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	 fail_rule(struct lp *, enum rule_id, const struct pos *,
		    const char *, ...)
		    __attribute__((format(printf, 4, 5)));
static void	 soft(struct lp *, const struct pos *, const char *);
static int	 parse_type(struct lp *, const struct hba_field *);
static int	 parse_names(struct lp *, const struct hba_field *);
static int	 parse_address(struct lp *, const struct hba_field **,
		    const struct hba_field *);
static int	 parse_method(struct lp *, const struct hba_field *);
static int	 parse_option(struct lp *, const struct hba_token *);
static int	 check_mandatory(struct lp *);
static int	 split_guc_list(struct lp *, const char *, char ***);
static int	 mask_prefix(int, const unsigned char *);
static struct hba_lc lc_of(const struct pos *);
static int	 check_oauth_validator(struct lp *, const struct pos *);
static void	 report(struct diags *, size_t *, const struct lp *);

/* A name of a database or user field, numbered (HBA_KEY_*). */
struct sym {
	uint32_t	 h;
	uint32_t	 key;		/* 0: an empty slot */
};

/*
 * The names met, by their keys: an open-addressing table of hashes and
 * keys only, and the texts apart, by key number (a file whose names are
 * all new fills the table at random places: slots of 8 bytes take half the
 * pages of 16).  The table is malloc'd and the old one freed as it
 * doubles, so that the next allocations reuse its pages (in the arena,
 * every old copy stayed: 690 more page faults of 4,240 for a user of its
 * own on each of 100,000 lines).
 */
struct hba_syms {
	struct arena	*a;		/* the texts */
	struct sym	*sym;		/* malloc'd */
	size_t		 cap, n;
	const char	**text;		/* [key >> 2], malloc'd */
	size_t		 captext;
};

/* State while parsing the records of one file. */
struct pf {
	struct arena		*a;
	struct diags		*d;
	struct hba_opts		 opts;
	const char		*path;
	hba_line_fn		*fn;		/* where lines go */
	void			*arg;
	size_t			 nd;		/* diagnostics reported */
	size_t			 nlines;
	struct hba_line		 line;		/* the line being read */
	struct hba_token	*tok;		/* its databases and users */
	size_t			 captok;
	struct hba_syms		*syms;		/* names met, by their keys */
};

/* hba_parse_file(): the lines, copied into a list. */
struct keep {
	struct arena		*a;
	struct hba_file		*out;
};

static int	 parse_each(struct arena *, const char *, const char *,
		    size_t, int, const struct hba_opts *, struct diags *,
		    hba_line_fn *, void *);
static void	 keep_line(void *, const struct hba_line *);

int
hba_parse_file(struct arena *a, const char *path, const struct hba_opts *opts,
    struct diags *d, struct hba_file *out)
{
	struct keep	 k = { a, out };

	return parse_each(a, path, NULL, 0, 0, opts, d, keep_line, &k);
}

int
hba_parse_buf(struct arena *a, const char *name, const char *text, size_t len,
    const struct hba_opts *opts, struct diags *d, struct hba_file *out)
{
	struct keep	 k = { a, out };

	return parse_each(a, name, text, len, 1, opts, d, keep_line, &k);
}

int
hba_parse_file_each(struct arena *a, const char *path,
    const struct hba_opts *opts, struct diags *d, hba_line_fn *fn, void *arg)
{
	return parse_each(a, path, NULL, 0, 0, opts, d, fn, arg);
}

int
hba_parse_buf_each(struct arena *a, const char *name, const char *text,
    size_t len, const struct hba_opts *opts, struct diags *d,
    hba_line_fn *fn, void *arg)
{
	return parse_each(a, name, text, len, 1, opts, d, fn, arg);
}

/*
 * Parse path (or text, len bytes, when in_mem) and hand each line to fn.
 * hba.c load_hba(): a file without a single record is refused ("contains
 * no entries"), since nobody could connect; reported for the whole file.
 */
static int
parse_each(struct arena *a, const char *path, const char *text, size_t len,
    int in_mem, const struct hba_opts *opts, struct diags *d,
    hba_line_fn *fn, void *arg)
{
	static const struct hba_opts	 def = { 18, HBA_FEAT_DEFAULT, NULL,
	    NULL };
	struct pf			 pf;
	struct pos			 p = { path, 0, 0 };
	int				 rc = 0;

	memset(&pf, 0, sizeof(pf));
	pf.a = a;
	pf.d = d;
	pf.opts = opts != NULL ? *opts : def;
	pf.syms = pf.opts.syms != NULL ? pf.opts.syms : hba_syms_new(a);
	pf.path = path;
	pf.fn = fn;
	pf.arg = arg;
	if (fn == keep_line) {
		struct keep	*k = arg;

		memset(k->out, 0, sizeof(*k->out));
		k->out->path = path;
		k->out->opts = pf.opts;
		k->out->syms = pf.syms;
	}
	if (in_mem)
		hba_scan_buf_each(a, path, text, len, pf.opts.major,
		    parse_record, &pf, d);
	else
		rc = hba_scan_file_each(a, path, pf.opts.major, parse_record,
		    &pf, d);
	free(pf.tok);
	if (rc == 0 && pf.nlines == 0) {
		diag_rule(d, RULE_HBA_SYNTAX, &p, "configuration file \"%s\" "
		    "contains no entries", path);
		if (fn == keep_line)
			((struct keep *)arg)->out->nerrors++;
	}
	return rc;
}

/* A copy of hl, its arrays and its texts in a. */
struct hba_line *
hba_line_copy(struct arena *a, const struct hba_line *hl)
{
	struct hba_line		*c = arena_alloc(a, sizeof(*c));
	struct hba_token	*t = NULL;
	size_t			 n = (size_t)hl->ndb + hl->nuser;

	*c = *hl;
	c->next = NULL;
	if (hl->db != NULL && n > 0) {
		t = arena_alloc(a, n * sizeof(*t));
		memcpy(t, hl->db, hl->ndb * sizeof(*t));
		if (hl->nuser > 0)
			memcpy(t + hl->ndb, hl->user, hl->nuser * sizeof(*t));
		for (size_t i = 0; i < n; i++)
			t[i].text = arena_strdup(a, t[i].text);
	}
	c->db = hl->db != NULL ? t : NULL;
	c->user = hl->user != NULL ? t + hl->ndb : NULL;
	if (hl->addr_text != NULL)
		c->addr_text = arena_strdup(a, hl->addr_text);
	if (hl->mask_text != NULL)
		c->mask_text = arena_strdup(a, hl->mask_text);
	if (hl->nopt > 0) {
		c->opt = arena_alloc(a, hl->nopt * sizeof(*c->opt));
		memcpy(c->opt, hl->opt, hl->nopt * sizeof(*c->opt));
		for (size_t i = 0; i < hl->nopt; i++)
			if (c->opt[i].value != NULL)
				c->opt[i].value = arena_strdup(a,
				    c->opt[i].value);
	}
	return c;
}

/* Append a copy of each line to the list of k. */
static void
keep_line(void *arg, const struct hba_line *hl)
{
	struct keep	*k = arg;

	hba_file_append(k->out, hba_line_copy(k->a, hl));
}

/*
 * One record from the scanner, given its meaning and handed on.  The
 * record and its texts are the scanner's, and the line ours, until this
 * returns.
 */
static void
parse_record(void *arg, const struct hba_tokline *tl)
{
	/*
	 * Both start empty: copies of empty ones, as memset() of their 300
	 * bytes compiled to two "rep stos" a line, whose start-up is slow.
	 */
	static const struct lp		 empty_lp;
	static const struct hba_line	 empty_line;
	struct pf	*pf = arg;
	struct lp	 lp = empty_lp;

	pf->line = empty_line;
	lp.a = pf->a;
	lp.o = &pf->opts;
	lp.tl = tl;
	lp.pf = pf;
	lp.hl = &pf->line;
	parse_line(&lp);
	pf->nlines++;
	report(pf->d, &pf->nd, &lp);
	pf->fn(pf->arg, lp.hl);
}

/* The line and column of pos, whose file is the record's. */
static struct hba_lc
lc_of(const struct pos *pos)
{
	struct hba_lc	 at;

	at.line = pos->line;
	at.col = pos->col;
	return at;
}

struct pos
hba_line_pos(const struct hba_line *hl, struct hba_lc at)
{
	struct pos	 p;

	p.file = at.line != 0 ? hl->pos.file : NULL;
	p.line = at.line;
	p.col = at.col;
	return p;
}

void
hba_file_append(struct hba_file *f, struct hba_line *hl)
{
	if (f->last != NULL)
		f->last->next = hl;
	else
		f->first = hl;
	f->last = hl;
	f->nlines++;
	if (hl->error != NULL)
		f->nerrors++;
}

/*
 * One diagnostic per line of the message (include_dir joins several).  The
 * server numbers a record by its first line (14 and later continue a
 * record with a backslash), so an error on a continuation line is reported
 * there, with the exact place in the message.
 */
static void
report(struct diags *d, size_t *nd, const struct lp *lp)
{
	const struct hba_line	*hl = lp->hl;
	const char		*m, *nl, *where = "";
	struct pos		 at = lp->error_pos;

	if (hl->error == NULL)
		return;
	if (at.line != hl->pos.line && at.file != NULL && hl->pos.file != NULL &&
	    strcmp(at.file, hl->pos.file) == 0) {
		where = arena_printf(d->a, " (on continuation line %u, column %u)",
		    at.line, at.col);
		at = hl->pos;
	}
	for (m = hl->error; *nd < MAX_DIAGS; m = nl + 1) {
		nl = strchr(m, '\n');
		diag_rule(d, lp->error_rule, &at, "%.*s%s",
		    nl != NULL ? (int)(nl - m) : (int)strlen(m), m, where);
		(*nd)++;
		if (nl == NULL)
			break;
	}
}

/* A refusal: the server's message at pos.  Returns -1 for "return NULL". */
static int
fail(struct lp *lp, const struct pos *pos, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	lp->hl->error = arena_vprintf(lp->a, fmt, ap);
	va_end(ap);
	lp->error_pos = *pos;
	lp->error_rule = RULE_HBA_SYNTAX;
	lp->hl->error_loads = 0;
	return -1;
}

static int
fail_rule(struct lp *lp, enum rule_id r, const struct pos *pos,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	lp->hl->error = arena_vprintf(lp->a, fmt, ap);
	va_end(ap);
	lp->error_pos = *pos;
	lp->error_rule = r;
	lp->hl->error_loads = 0;
	return -1;
}

/*
 * hba.c sets err_msg and goes on for a hostssl line without SSL and a
 * hostgssenc line without GSSAPI: pg_hba_file_rules shows the error, the
 * file still loads, and a later error replaces the message.
 */
static void
soft(struct lp *lp, const struct pos *pos, const char *msg)
{
	lp->hl->error = msg;
	lp->error_pos = *pos;
	lp->error_rule = RULE_HBA_CANNOT_MATCH;
	lp->hl->error_loads = 1;
}

/*
 * The tokens of field f and then those of g (when not NULL), which the
 * scanner lends only for the record, in one block the line keeps until it
 * is handed on: the scanner's own when they follow each other there (as
 * they nearly always do), else a copy.  The parser writes their keys.
 */
static struct hba_token *
keep_tokens(struct pf *pf, const struct hba_field *f,
    const struct hba_field *g)
{
	size_t	 n = f->ntok + (g != NULL ? g->ntok : 0);

	if (g == NULL || g->tok == f->tok + f->ntok)
		return f->tok;
	if (n > pf->captok) {
		pf->captok = n > 2 * pf->captok ? n : 2 * pf->captok;
		free(pf->tok);
		pf->tok = xreallocarray(NULL, pf->captok, sizeof(*pf->tok));
	}
	memcpy(pf->tok, f->tok, f->ntok * sizeof(*pf->tok));
	memcpy(pf->tok + f->ntok, g->tok, g->ntok * sizeof(*pf->tok));
	return pf->tok;
}

/* The texts of t, freed with its arena. */
static void
syms_free(void *p)
{
	struct hba_syms	*t = p;

	free(t->sym);
	free(t->text);
}

struct hba_syms *
hba_syms_new(struct arena *a)
{
	struct hba_syms	*t = arena_calloc(a, 1, sizeof(*t));

	t->a = a;
	arena_defer(a, syms_free, t);
	return t;
}

/* The hash of a name of kind k. */
static uint32_t
syms_hash(unsigned k, const char *text)
{
	const unsigned char	*p = (const unsigned char *)text;
	uint32_t		 h = 2166136261u ^ k;	/* FNV-1a */

	for (; *p != '\0'; p++) {
		h ^= *p;
		h *= 16777619u;
	}
	return h;
}

/*
 * Fetch into the cache the slot where a name of kind k is looked for
 * first: a name met for the first time misses the cache there, at a
 * random place of a table of up to 2 MB (a user of its own on every line),
 * and parse_line() asks early and looks up late.
 */
static void
syms_ask(struct hba_syms *t, unsigned k, const char *text)
{
	if (t->cap == 0)
		return;
#if defined(__GNUC__) || defined(__clang__)
	__builtin_prefetch(&t->sym[syms_hash(k, text) & (t->cap - 1)]);
#else
	(void)text;
#endif
}

/*
 * The key of a name of kind k (the table keeps a copy of the text): the
 * same number for the same kind and text.
 */
uint32_t
hba_syms_key(struct hba_syms *t, unsigned k, const char *text)
{
	uint32_t		 h = syms_hash(k, text);
	size_t			 i;

	if ((t->n + 1) * 2 > t->cap) {
		struct sym	*old = t->sym;
		size_t		 ocap = t->cap;

		t->cap = ocap == 0 ? 256 : 2 * ocap;
		t->sym = xcalloc(t->cap, sizeof(*t->sym));
		for (size_t j = 0; j < ocap; j++) {
			if (old[j].key == 0)
				continue;
			for (i = old[j].h & (t->cap - 1);
			    t->sym[i].key != 0;
			    i = (i + 1) & (t->cap - 1))
				continue;
			t->sym[i] = old[j];
		}
		free(old);
	}
	for (i = h & (t->cap - 1); t->sym[i].key != 0;
	    i = (i + 1) & (t->cap - 1))
		if (t->sym[i].h == h && HBA_KEY_KIND(t->sym[i].key) == k &&
		    strcmp(t->text[t->sym[i].key >> 2], text) == 0)
			return t->sym[i].key;
	if (++t->n >= t->captext) {
		/* realloc: a large block moves without a copy */
		t->captext = t->captext == 0 ? 256 : 2 * t->captext;
		t->text = xreallocarray(t->text, t->captext, sizeof(*t->text));
	}
	t->text[t->n] = arena_strdup(t->a, text);
	t->sym[i].h = h;
	t->sym[i].key = (uint32_t)(t->n << 2) | k;
	return t->sym[i].key;
}

/*
 * hba.c check_db() and check_role(): what a database token (user 0) or a
 * user token (user 1) names: a keyword (returned), or a name of *kind,
 * *text (NULL returned).
 */
static const struct hba_keyword *
name_of(const struct pf *pf, const struct hba_token *t, int user,
    unsigned *kind, const char **text)
{
	const struct hba_keyword	*kw;
	const char			*x = t->text;

	*kind = HBA_KIND_NAME;
	*text = x;
	if (user && !t->quoted && x[0] == '+') {
		*kind = HBA_KIND_GROUP;
		*text = x + 1;
		return NULL;
	}
	if (!user && pf->opts.major >= 16 && x[0] == '/') {
		*kind = HBA_KIND_REGEX;
		return NULL;
	}
	if (!t->quoted && (kw = hba_keyword_find(x, user ? HBA_FIELD_USER :
	    HBA_FIELD_DATABASE)) != NULL)
		return kw;
	if (pf->opts.major >= 16 && x[0] == '/')
		*kind = HBA_KIND_REGEX;
	return NULL;
}

/* The key of a database or user token. */
static uint32_t
key_of(struct pf *pf, const struct hba_token *t, int user)
{
	const struct hba_keyword	*kw;
	const char			*text;
	unsigned			 kind;

	if ((kw = name_of(pf, t, user, &kind, &text)) != NULL)
		return kw->key;
	return hba_syms_key(pf->syms, kind, text);
}

/*
 * syms_ask() for the names of a database or user field.  A keyword is
 * asked for as a name too: its slot is fetched for nothing, which costs
 * less than telling keywords apart twice.
 */
static void
ask_names(struct pf *pf, const struct hba_field *f, int user)
{
	for (size_t i = 0; i < f->ntok; i++) {
		const struct hba_token	*t = &f->tok[i];

		if (user && !t->quoted && t->text[0] == '+')
			syms_ask(pf->syms, HBA_KIND_GROUP, t->text + 1);
		else
			syms_ask(pf->syms, pf->opts.major >= 16 &&
			    t->text[0] == '/' ? HBA_KIND_REGEX : HBA_KIND_NAME,
			    t->text);
	}
}

/*
 * A line: its fields, then the keys of its names.  The table of names is
 * asked for them first (syms_ask()) and looked up last, so that its cache
 * misses overlap the reading of the other fields.
 */
static void
parse_line(struct lp *lp)
{
	const struct hba_tokline	*tl = lp->tl;
	struct hba_line			*hl = lp->hl;

	if (tl->error == NULL && tl->nfield > 2) {
		ask_names(lp->pf, &tl->field[1], 0);
		ask_names(lp->pf, &tl->field[2], 1);
	}
	parse_fields(lp);
	for (size_t i = 0; i < hl->ndb; i++)
		lp->tok[i].key = key_of(lp->pf, &lp->tok[i], 0);
	for (size_t i = 0; i < hl->nuser; i++)
		lp->tok[hl->ndb + i].key = key_of(lp->pf,
		    &lp->tok[hl->ndb + i], 1);
}

/* hba.c parse_hba_line(), field by field. */
static void
parse_fields(struct lp *lp)
{
	const struct hba_tokline	*tl = lp->tl;
	const struct hba_field		*f = tl->field, *end;
	struct hba_line			*hl = lp->hl;
	struct hba_token		*tok;

	hl->pos = tl->pos;
	hl->prefixlen = -1;
	if (tl->error != NULL) {
		fail_rule(lp, tl->err == HBA_SCAN_INCLUDE ? RULE_HBA_INCLUDE :
		    RULE_HBA_SYNTAX, &tl->errpos, "%s", tl->error);
		return;
	}
	end = f + tl->nfield;

	if (parse_type(lp, f) == -1)
		return;
	f++;

	/* Databases, then users; 16+ compiles a token starting with /. */
	if (f == end) {
		fail(lp, &tl->eol, "end-of-line before database specification");
		return;
	}
	/* the database and user tokens are kept in one block */
	tok = keep_tokens(lp->pf, f, f + 1 < end ? f + 1 : NULL);
	hl->db = lp->tok = tok;
	hl->ndb = (unsigned)f->ntok;
	if (parse_names(lp, f) == -1)
		return;
	f++;
	if (f == end) {
		fail(lp, &tl->eol, "end-of-line before role specification");
		return;
	}
	hl->user = hl->db + hl->ndb;
	hl->nuser = (unsigned)f->ntok;
	if (parse_names(lp, f) == -1)
		return;
	f++;

	if (hl->conntype != HBA_LOCAL && parse_address(lp, &f, end) == -1)
		return;

	if (f == end) {
		fail(lp, &tl->eol, "end-of-line before authentication method");
		return;
	}
	if (parse_method(lp, f) == -1)
		return;
	for (f++; f < end; f++)
		for (size_t i = 0; i < f->ntok; i++)
			if (parse_option(lp, &f->tok[i]) == -1)
				return;
	check_mandatory(lp);
}

static int
parse_type(struct lp *lp, const struct hba_field *f)
{
	struct hba_line	*hl = lp->hl;
	const char	*t = f->tok[0].text;

	hl->type_at = lc_of(&f->pos);
	if (f->ntok > 1)
		return fail(lp, &f->pos,
		    "multiple values specified for connection type");
	hl->conntype = hba_conntype_find(t);
	switch (hl->conntype) {
	case HBA_HOSTSSL:
		if (!(lp->o->features & HBA_FEAT_SSL))
			soft(lp, &f->pos, "hostssl record cannot match because "
			    "SSL is not supported by this build");
		else if (lp->o->features & HBA_FEAT_SSL_OFF)
			soft(lp, &f->pos, "hostssl record cannot match because "
			    "SSL is disabled");
		break;
	case HBA_HOSTGSSENC:
		if (!(lp->o->features & HBA_FEAT_GSS))
			soft(lp, &f->pos, "hostgssenc record cannot match "
			    "because GSSAPI is not supported by this build");
		break;
	case HBA_CONN_NONE:
		/* include records came with PostgreSQL 16 */
		if (lp->o->major < 16 &&
		    hba_keyword_find(t, HBA_FIELD_TYPE) != NULL)
			return fail_rule(lp, RULE_HBA_INCLUDE, &f->pos,
			    "invalid connection type \"%s\"", t);
		return fail(lp, &f->pos, "invalid connection type \"%s\"", t);
	default:
		break;
	}
	return 0;
}

/* PG 16+ regcomp_auth_token(): a token starting with / is a regex, quoted
 * or not. */
static int
parse_names(struct lp *lp, const struct hba_field *f)
{
	const char	*err;

	if (lp->o->major < 16)
		return 0;
	for (size_t i = 0; i < f->ntok; i++) {
		if (f->tok[i].text[0] != '/')
			continue;
		if ((err = hba_regex_error(f->tok[i].text + 1)) != NULL)
			return fail(lp, &f->tok[i].pos,
			    "invalid regular expression \"%s\": %s",
			    f->tok[i].text + 1, err);
	}
	return 0;
}

/*
 * The address field, and the mask field when the address is numeric
 * without a CIDR suffix.  Advances *fp past what it reads.
 */
static int
parse_address(struct lp *lp, const struct hba_field **fp,
    const struct hba_field *end)
{
	const struct hba_field	*f = *fp;
	const struct hba_token	*t;
	const struct hba_keyword *kw;
	struct hba_line		*hl = lp->hl;
	const char		*str, *slash;
	char			 abuf[64];
	unsigned char		 mbytes[16];
	int			 ret, fam, mfam, bits;

	if (f == end)
		return fail(lp, &lp->tl->eol,
		    "end-of-line before IP address specification");
	lp->addr_pos = f->pos;
	hl->addr_at = lc_of(&f->pos);
	t = &f->tok[0];
	hl->addr_text = t->text;
	if (f->ntok > 1)
		return fail(lp, &f->pos,
		    "multiple values specified for host address");
	*fp = ++f;
	/* keywords only unquoted: "all" in quotes is a host name */
	if (!t->quoted && (kw = hba_keyword_find(t->text,
	    HBA_FIELD_ADDRESS)) != NULL) {
		hl->addr_kind = kw->addr == HBA_WORD_ALL ? HBA_ADDR_ALL :
		    kw->addr == HBA_WORD_SAMEHOST ? HBA_ADDR_SAMEHOST :
		    HBA_ADDR_SAMENET;
		return 0;
	}

	/* the address without /bits; a short one is cut on the stack */
	if ((slash = strchr(t->text, '/')) == NULL)
		str = t->text;
	else if ((size_t)(slash - t->text) < sizeof(abuf)) {
		memcpy(abuf, t->text, (size_t)(slash - t->text));
		abuf[slash - t->text] = '\0';
		str = abuf;
	} else
		str = arena_strndup(lp->a, t->text,
		    (size_t)(slash - t->text));
	/* getaddrinfo(AI_NUMERICHOST): EAI_NONAME means a host name. */
	ret = hba_ip_parse(str, 0, &fam, hl->addr);
	if (ret == EAI_NONAME) {
		hl->addr_kind = HBA_ADDR_HOSTNAME;
		/* the name outlives the line in the sets made of it */
		hl->addr_text = arena_strdup(lp->a, t->text);
	} else if (ret != 0)
		return fail(lp, &lp->addr_pos, "invalid IP address \"%s\": %s",
		    str, gai_strerror(ret));
	else {
		hl->addr_kind = HBA_ADDR_IP;
		hl->family = fam;
	}

	if (slash != NULL) {
		if (hl->addr_kind == HBA_ADDR_HOSTNAME)
			return fail(lp, &lp->addr_pos, "specifying both host "
			    "name and CIDR mask is invalid: \"%s\"", t->text);
		if ((bits = hba_cidr_bits(slash + 1, fam, hl->mask)) < 0)
			return fail(lp, &lp->addr_pos,
			    "invalid CIDR mask in address \"%s\"", t->text);
		hl->prefixlen = bits;
		return 0;
	}
	if (hl->addr_kind == HBA_ADDR_HOSTNAME)
		return 0;

	/* A numeric address without /bits: the next field is the mask. */
	if (f == end)
		return fail(lp, &lp->tl->eol,
		    "end-of-line before netmask specification");
	hl->mask_text = f->tok[0].text;
	if (f->ntok > 1)
		return fail(lp, &f->pos,
		    "multiple values specified for netmask");
	ret = hba_ip_parse(f->tok[0].text, 0, &mfam, mbytes);
	if (ret != 0)
		return fail(lp, &f->pos, "invalid IP mask \"%s\": %s",
		    f->tok[0].text, gai_strerror(ret));
	if (mfam != fam)
		return fail(lp, &f->pos, "IP address and mask do not match");
	memcpy(hl->mask, mbytes, sizeof(mbytes));
	hl->prefixlen = mask_prefix(fam, hl->mask);
	*fp = ++f;
	return 0;
}

/*
 * inet_pton(AF_INET): four decimal numbers of 0 to 255 without leading
 * zeros, apart by dots, and nothing else.  Read here because nearly every
 * line of a pg_hba.conf has one and the library call costs as much as the
 * rest of the address's parsing.
 */
static int
dotted_quad(const char *s, unsigned char *b)
{
	unsigned	 v, digits;

	for (int i = 0; i < 4; i++) {
		if (i > 0 && *s++ != '.')
			return 0;
		for (v = 0, digits = 0; *s >= '0' && *s <= '9'; s++, digits++) {
			if (digits > 0 && v == 0)
				return 0;	/* a leading zero */
			v = v * 10 + (unsigned)(*s - '0');
			if (v > 255)
				return 0;
		}
		if (digits == 0)
			return 0;
		b[i] = (unsigned char)v;
	}
	return *s == '\0';
}

int
hba_ip_parse(const char *s, int strict, int *fam, unsigned char *bytes)
{
	struct addrinfo	 hints, *res = NULL;
	unsigned char	 b[16];
	int		 ret;

	/*
	 * What inet_pton() accepts, getaddrinfo() accepts as the same
	 * address: it tries inet_aton() (of which dotted quads are a part)
	 * and then inet_pton(AF_INET6), and a string with a colon is no
	 * inet_aton() address.  Everything else (host names, the short and
	 * octal forms of inet_aton(), scope ids as in fe80::1%eth0) is left to
	 * getaddrinfo() itself.
	 */
	if (dotted_quad(s, b)) {
		*fam = 4;
		if (bytes != NULL) {
			memset(bytes, 0, 16);
			memcpy(bytes, b, 4);
		}
		return 0;
	}
	if (strchr(s, ':') != NULL && inet_pton(AF_INET6, s, b) == 1) {
		*fam = 6;
		if (bytes != NULL)
			memcpy(bytes, b, 16);
		return 0;
	}
	if (strict)
		return EAI_NONAME;
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST;
	hints.ai_family = AF_UNSPEC;
	ret = getaddrinfo(s, NULL, &hints, &res);
	if (ret == 0 && res == NULL)
		ret = EAI_NONAME;
	if (ret != 0) {
		if (res != NULL)
			freeaddrinfo(res);
		return ret;
	}
	if (res->ai_family == AF_INET) {
		*fam = 4;
		if (bytes != NULL) {
			memset(bytes, 0, 16);
			memcpy(bytes, &((struct sockaddr_in *)(void *)
			    res->ai_addr)->sin_addr, 4);
		}
	} else {
		*fam = 6;
		if (bytes != NULL)
			memcpy(bytes, &((struct sockaddr_in6 *)(void *)
			    res->ai_addr)->sin6_addr, 16);
	}
	freeaddrinfo(res);
	return 0;
}

int
hba_cidr_bits(const char *numbits, int fam, unsigned char *mask)
{
	char	*endp;
	long	 bits;
	size_t	 n;

	/*
	 * One to three digits, as nearly every mask is, read here; strtol()
	 * for the rest (its blanks, signs and overflow are the server's).
	 */
	for (n = 0; n < 4 && numbits[n] >= '0' && numbits[n] <= '9'; n++)
		continue;
	if (n > 0 && n < 4 && numbits[n] == '\0') {
		for (bits = 0; n > 0; n--, numbits++)
			bits = bits * 10 + (*numbits - '0');
	} else {
		bits = strtol(numbits, &endp, 10);
		if (*numbits == '\0' || *endp != '\0')
			return -1;
	}
	if (bits < 0 || bits > (fam == 4 ? 32 : 128))
		return -1;
	memset(mask, 0, 16);
	memset(mask, 0xff, (size_t)bits / 8);
	if (bits % 8 != 0)
		mask[bits / 8] = (unsigned char)(0xff00u >> (bits % 8));
	return (int)bits;
}

/* The prefix length of a mask column, -1 when its bits are not
 * contiguous (the server accepts such masks). */
static int
mask_prefix(int fam, const unsigned char *mask)
{
	int	 n = fam == 4 ? 32 : 128, bits = 0, i;

	while (bits < n && (mask[bits / 8] & (0x80 >> (bits % 8))))
		bits++;
	for (i = bits; i < n; i++)
		if (mask[i / 8] & (0x80 >> (i % 8)))
			return -1;
	return bits;
}

static int
parse_method(struct lp *lp, const struct hba_field *f)
{
	struct hba_line			*hl = lp->hl;
	const char			*t = f->tok[0].text;
	const struct hba_method_def	*m;

	lp->method_pos = f->pos;
	hl->method_at = lc_of(&f->pos);
	if (f->ntok > 1)
		return fail(lp, &f->pos,
		    "multiple values specified for authentication type");
	m = hba_method_find(t);
	if (m == NULL || lp->o->major < m->since)
		return fail(lp, &f->pos, "invalid authentication method \"%s\"",
		    t);
	/* hba.c #ifdef ENABLE_GSS, ENABLE_SSPI, USE_PAM, ... */
	if ((m->needs & lp->o->features) != m->needs)
		return fail(lp, &f->pos, "invalid authentication method "
		    "\"%s\": not supported by this build", t);
	hl->method = m->method;
	/* hba.c: "When using ident on local connections, change it to peer" */
	if (hl->conntype == HBA_LOCAL && hl->method == AUTH_IDENT)
		hl->method = AUTH_PEER;
	if (hl->conntype == HBA_LOCAL && hl->method == AUTH_GSS)
		return fail(lp, &f->pos,
		    "gssapi authentication is not supported on local sockets");
	if (hl->conntype != HBA_LOCAL && hl->method == AUTH_PEER)
		return fail(lp, &f->pos,
		    "peer authentication is only supported on local sockets");
	if (hl->conntype != HBA_HOSTSSL && hl->method == AUTH_CERT)
		return fail(lp, &f->pos,
		    "cert authentication is only supported on hostssl "
		    "connections");
	return 0;
}

/*
 * hba.c parse_hba_auth_opt()'s reading of a value, by the syntax the
 * option table gives: 0, or -1 after fail().
 */
typedef int	 optval_fn(struct lp *, const struct hba_option_def *,
		    const struct pos *, const char *);

static optval_fn	 val_any, val_clientcert, val_clientname, val_ldapurl,
			 val_port, val_list, val_ports;

static optval_fn *const optval_check[] = {
	[HBA_VAL_ANY] = val_any,
	[HBA_VAL_CLIENTCERT] = val_clientcert,
	[HBA_VAL_CLIENTNAME] = val_clientname,
	[HBA_VAL_LDAPURL] = val_ldapurl,
	[HBA_VAL_PORT] = val_port,
	[HBA_VAL_LIST] = val_list,
	[HBA_VAL_PORTS] = val_ports,
};

static int
val_any(struct lp *lp, const struct hba_option_def *od, const struct pos *pos,
    const char *val)
{
	if (od->opt == HBA_OPT_DELEGATE_IDENT_MAPPING)
		lp->oauth_delegate = strcmp(val, "1") == 0;
	else if (od->opt == HBA_OPT_VALIDATOR)
		lp->oauth_validator = arena_strdup(lp->a, val);
	return 0;
}

/* 12 and 13 also take 1 and 0, as verify-ca and no-verify. */
static int
val_clientcert(struct lp *lp, const struct hba_option_def *od,
    const struct pos *pos, const char *val)
{
	enum hba_method	 m = lp->hl->method;
	int		 major = lp->o->major;

	if (strcmp(val, "verify-full") == 0)
		return 0;
	if (major < 14) {
		if (strcmp(val, "1") == 0 || strcmp(val, "verify-ca") == 0)
			return 0;
		if (strcmp(val, "0") == 0 || strcmp(val, "no-verify") == 0) {
			if (m == AUTH_CERT)
				return fail(lp, pos, "clientcert %s be set to "
				    "\"no-verify\" when using \"cert\" "
				    "authentication",
				    major == 12 ? "can not" : "cannot");
			return 0;
		}
	} else if (strcmp(val, "verify-ca") == 0) {
		if (m == AUTH_CERT)
			return fail(lp, pos, "clientcert can only be set to "
			    "\"verify-full\" when using \"cert\" "
			    "authentication");
		return 0;
	}
	/* logged only: the view shows no message, the load fails */
	return fail(lp, pos, "invalid value for clientcert: \"%s\"", val);
}

static int
val_clientname(struct lp *lp, const struct hba_option_def *od,
    const struct pos *pos, const char *val)
{
	if (strcmp(val, "CN") == 0 || strcmp(val, "DN") == 0)
		return 0;
	return fail(lp, pos, od->bad, val);
}

/*
 * OpenLDAP ldap_url_parse() knows ldap, ldaps and ldapi (and the
 * scheme-less form); hba.c then allows ldap and ldaps.  Other
 * ldap_url_parse() failures are left to the server: lint reports only
 * what it knows the server refuses.
 */
static int
val_ldapurl(struct lp *lp, const struct hba_option_def *od,
    const struct pos *pos, const char *val)
{
	const char	*sep, *dn;
	size_t		 sl;

	sep = strstr(val, "://");
	sl = sep != NULL ? (size_t)(sep - val) : 0;
	if (sep != NULL && sl == 5 && strncasecmp(val, "ldapi", 5) == 0)
		return fail(lp, pos, "unsupported LDAP URL scheme: %.*s",
		    (int)sl, val);
	if (sep == NULL || !((sl == 4 && strncasecmp(val, "ldap", 4) == 0) ||
	    (sl == 5 && strncasecmp(val, "ldaps", 5) == 0)))
		/* ldap_err2string(LDAP_URL_ERR_BADSCHEME), sic */
		return fail(lp, pos, "could not parse LDAP URL \"%s\": "
		    "Time limit exceeded", val);
	/* the URL's host and DN stand for ldapserver and ldapbasedn */
	dn = strchr(sep + 3, '/');
	if (dn != NULL && dn[1] != '\0' && dn[1] != '?')
		lp->seen |= 1u << HBA_OPT_LDAPBASEDN;
	return 0;
}

static int
val_port(struct lp *lp, const struct hba_option_def *od,
    const struct pos *pos, const char *val)
{
	if (atoi(val) == 0)
		return fail(lp, pos, od->bad, val);
	return 0;
}

/* A list; an empty one is no list: "requires argument" follows. */
static int
val_list(struct lp *lp, const struct hba_option_def *od,
    const struct pos *pos, const char *val)
{
	int	 n;

	if ((n = split_guc_list(lp, val, NULL)) < 0)
		return fail(lp, pos, od->bad, val);
	lp->nlist[od->opt] = n;
	return 0;
}

static int
val_ports(struct lp *lp, const struct hba_option_def *od,
    const struct pos *pos, const char *val)
{
	char	**ports;
	int	 n;

	if ((n = split_guc_list(lp, val, &ports)) < 0)
		return fail(lp, pos, od->bad, val);
	for (int i = 0; i < n; i++)
		if (atoi(ports[i]) == 0)
			return fail(lp, pos, od->bad, val);
	lp->nlist[od->opt] = n;
	return 0;
}

/*
 * hba.c parse_hba_auth_opt() for one name=value token: the option's row
 * of the table says which lines may carry it and how its value reads.
 */
static int
parse_option(struct lp *lp, const struct hba_token *t)
{
	struct hba_line			*hl = lp->hl;
	const struct pos		*pos = &t->pos;
	const struct hba_option_def	*od;
	const char			*eq, *name, *val;

	if ((eq = strchr(t->text, '=')) == NULL)
		return fail(lp, pos, "authentication option not in name=value "
		    "format: %s", t->text);
	name = arena_strndup(lp->a, t->text, (size_t)(eq - t->text));
	val = eq + 1;
	hl->opt = arena_grow(lp->a, hl->opt, hl->nopt, hl->nopt + 1,
	    sizeof(*hl->opt));
	hl->opt[hl->nopt].name = name;
	hl->opt[hl->nopt].value = val;
	hl->opt[hl->nopt].pos = *pos;
	hl->nopt++;

	if ((od = hba_option_find(name, lp->o->major)) == NULL)
		return fail(lp, pos, "unrecognized authentication option name: "
		    "\"%s\"", name);
	lp->seen |= 1u << od->opt;
	if (od->hostssl && hl->conntype != HBA_HOSTSSL)
		return fail(lp, pos, "%s can only be configured for "
		    "\"hostssl\" rows", name);
	if (od->methods != 0 && !(od->methods & (1u << hl->method)))
		return fail(lp, pos, "authentication option \"%s\" is only "
		    "valid for authentication methods %s", name,
		    od->methods_text);
	return optval_check[od->value](lp, od, pos, val);
}

/* The options of the line seen so far, of mask (bits of HBA_OPT_*). */
#define SEEN(lp, mask)	(((lp)->seen & (mask)) != 0)
#define OPT(o)		(1u << HBA_OPT_##o)

/* The checks at the end of parse_hba_line(); errors point at the method. */
static int
check_mandatory(struct lp *lp)
{
	struct hba_line		*hl = lp->hl;
	const struct pos	*pos = &lp->method_pos;
	int			 nserv = lp->nlist[HBA_OPT_RADIUSSERVERS];
	int			 nsec = lp->nlist[HBA_OPT_RADIUSSECRETS];
	int			 nport = lp->nlist[HBA_OPT_RADIUSPORTS];
	int			 nid = lp->nlist[HBA_OPT_RADIUSIDENTIFIERS];

	if (hl->method == AUTH_LDAP) {
		/* HAVE_LDAP_INITIALIZE (OpenLDAP): ldapserver is optional */
		if (SEEN(lp, OPT(LDAPPREFIX) | OPT(LDAPSUFFIX))) {
			if (SEEN(lp, OPT(LDAPBASEDN) | OPT(LDAPBINDDN) |
			    OPT(LDAPBINDPASSWD) | OPT(LDAPSEARCHATTRIBUTE) |
			    OPT(LDAPSEARCHFILTER)))
				return fail(lp, pos, "%s", lp->o->major >= 18 ?
				    "cannot mix options for simple bind and "
				    "search+bind modes" : "cannot use "
				    "ldapbasedn, "
				    "ldapbinddn, ldapbindpasswd, "
				    "ldapsearchattribute, ldapsearchfilter, or "
				    "ldapurl together with ldapprefix");
		} else if (!SEEN(lp, OPT(LDAPBASEDN)))
			return fail(lp, pos, "authentication method \"ldap\" "
			    "requires argument \"ldapbasedn\", \"ldapprefix\", "
			    "or \"ldapsuffix\" to be set");
		if (SEEN(lp, OPT(LDAPSEARCHATTRIBUTE)) &&
		    SEEN(lp, OPT(LDAPSEARCHFILTER)))
			return fail(lp, pos, "cannot use ldapsearchattribute "
			    "together with ldapsearchfilter");
	}
	if (hl->method == AUTH_RADIUS) {
		if (nserv == 0)
			return fail(lp, pos, "authentication method \"radius\" "
			    "requires argument \"radiusservers\" to be set");
		if (nsec == 0)
			return fail(lp, pos, "authentication method \"radius\" "
			    "requires argument \"radiussecrets\" to be set");
		if (nsec != 1 && nsec != nserv)
			return fail(lp, pos, "the number of RADIUS secrets "
			    "(%d) "
			    "must be 1 or the same as the number of RADIUS "
			    "servers (%d)", nsec, nserv);
		if (nport > 1 && nport != nserv)
			return fail(lp, pos, "the number of RADIUS ports (%d) "
			    "must be 1 or the same as the number of RADIUS "
			    "servers (%d)", nport, nserv);
		if (nid > 1 && nid != nserv)
			return fail(lp, pos, "the number of RADIUS identifiers "
			    "(%d) must be 1 or the same as the number of "
			    "RADIUS "
			    "servers (%d)", nid, nserv);
	}
	if (hl->method == AUTH_OAUTH) {
		if (!SEEN(lp, OPT(SCOPE)))
			return fail(lp, pos, "authentication method \"oauth\" "
			    "requires argument \"scope\" to be set");
		if (!SEEN(lp, OPT(ISSUER)))
			return fail(lp, pos, "authentication method \"oauth\" "
			    "requires argument \"issuer\" to be set");
		if (check_oauth_validator(lp, pos) != 0)
			return -1;
		if (lp->oauth_delegate && SEEN(lp, OPT(MAP)))
			return fail(lp, pos, "map cannot be used in "
			    "combination "
			    "with delegate_ident_mapping");
	}
	return 0;
}

/*
 * auth-oauth.c check_oauth_validator(), PG 18: the line needs
 * oauth_validator_libraries from postgresql.conf (opts->oauth_validators;
 * NULL when unknown, which is the server's default: empty), and a
 * validator= that it lists when it lists several.
 */
static int
check_oauth_validator(struct lp *lp, const struct pos *pos)
{
	const char	*libs = lp->o->oauth_validators;
	char		**elems = NULL;
	int		 n;

	if (libs == NULL || *libs == '\0')
		return fail(lp, pos, "oauth_validator_libraries must be set for "
		    "authentication method oauth");
	if ((n = split_guc_list(lp, libs, &elems)) < 0)
		return fail(lp, pos, "invalid list syntax in parameter "
		    "\"oauth_validator_libraries\"");
	if (lp->oauth_validator == NULL) {
		if (n == 1)
			return 0;
		return fail(lp, pos, "authentication method \"oauth\" requires "
		    "argument \"validator\" to be set when "
		    "oauth_validator_libraries contains multiple options");
	}
	for (int i = 0; i < n; i++)
		if (strcmp(elems[i], lp->oauth_validator) == 0)
			return 0;
	return fail(lp, pos, "validator \"%s\" is not permitted by "
	    "oauth_validator_libraries", lp->oauth_validator);
}

/*
 * varlena.c SplitGUCList(), through pgvocab's splitter: the number of
 * elements, or -1 for a syntax error; with elems, *elems gets them.
 */
static int
split_guc_list(struct lp *lp, const char *s, char ***elems)
{
	size_t	 n;

	if (!pgvocab_split_list(lp->a, lp->o->major, s, PG_LIST_GUC, elems,
	    &n))
		return -1;
	return (int)n;
}

/*
 * The errors of PostgreSQL's regcomp() (src/backend/regex, REG_ADVANCED)
 * that a pattern shows without compiling it: unbalanced parentheses and
 * brackets, a backslash at the end, a quantifier with nothing before it.
 * Returns pg_regerror()'s text or NULL.  Other ARE errors (bad escapes,
 * bounds) are left to the server: we never report what we are not sure
 * the server reports.
 */
const char *
hba_regex_error(const char *re)
{
	int		 depth = 0;
	const char	*p = re;

	/* ARE directors: ***= makes the rest a literal string */
	if (strncmp(re, "***=", 4) == 0)
		return NULL;
	if (strncmp(re, "***:", 4) == 0)
		re = p = re + 4;
	for (; *p != '\0'; p++) {
		switch (*p) {
		case '\\':
			if (p[1] == '\0')
				return "invalid escape \\ sequence";
			p++;
			break;
		case '(':
			depth++;
			if (p[1] == '*' || p[1] == '+')
				return "quantifier operand invalid";
			if (p[1] == '?')
				p++;	/* (?: (?= (?! (?<= (?<! and (?i) */
			break;
		case ')':
			if (--depth < 0)
				return "parentheses () not balanced";
			break;
		case '|':
			if (p[1] == '*' || p[1] == '+' || p[1] == '?')
				return "quantifier operand invalid";
			break;
		case '[':
			/* a bracket expression: ] first is literal */
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			for (; *p != ']'; p++) {
				if (*p == '\0')
					return "brackets [] not balanced";
				/* in AREs a backslash stays special in [] */
				if (*p == '\\' && p[1] == '\0')
					return NULL;
				if (*p == '\\') {
					p++;
					continue;
				}
				if (*p == '[' && (p[1] == ':' || p[1] == '.' ||
				    p[1] == '=')) {
					char	 kind = p[1];

					for (p += 2; !(p[0] == kind &&
					    p[1] == ']'); p++)
						if (*p == '\0')
							return "brackets [] "
							    "not balanced";
					p++;
				}
			}
			break;
		default:
			if (p == re && (*p == '*' || *p == '+' || *p == '?'))
				return "quantifier operand invalid";
			break;
		}
	}
	if (depth > 0)
		return "parentheses () not balanced";
	return NULL;
}

/*
 * The postgresql.conf parser; see conf_parse.h.  Each function below
 * mirrors one of the server's, cited with the version it was read from, so
 * that an error here is an error there, on the same line, and nowhere else.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "conf_parse.h"
#include "conf_scan.h"
#include "diag.h"
#include "rule.h"
#include "srcfile.h"

/* conf_resolve(): a name of the hash table and its group. */
struct slot {
	const char	*name;		/* NULL: empty */
	size_t		 g;
};

/* The depths a file can be read at: 0 (the top file) to the server's limit. */
#define NDEPTH		(CONF_FILE_MAX_DEPTH + 1)
/* Hash buckets of the files read for one top file. */
#define NBUCKET		256

enum item_kind {
	ITEM_SETTING,
	ITEM_INCLUDE,
	ITEM_INCLUDE_IF_EXISTS,
	ITEM_INCLUDE_DIR,
	ITEM_OVER		/* a directive past CONF_MAX_INCLUDES */
};

/* An error said about a directive: once, whatever the depths it fails at. */
enum said {
	SAID_BLANK = 1 << 0,
	SAID_DEPTH = 1 << 1,
	SAID_RECURSION = 1 << 2,
	SAID_OPEN = 1 << 3,
	SAID_LIST = 1 << 4
};

struct cfile;

/* include_dir: the files of the folder, listed once. */
struct dirlist {
	const char	*path;		/* the folder, resolved */
	const char	*error;		/* why it cannot be listed, or NULL */
	int		 missing;	/* the folder is not there (ENOENT) */
	const char	**names;	/* canonical, sorted */
	struct cfile	**target;	/* each file, once looked up */
	size_t		 n;
	/* how many of them were read from a file at each depth */
	size_t		 nread[NDEPTH];
};

/* An include directive: what it names, and what it gave at each depth. */
struct directive {
	enum item_kind		 kind;
	const char		*value;		/* unquoted */
	struct pos		 pos;		/* of that value */
	const char		*path;		/* include: resolved, or NULL */
	struct cfile		*target;	/* include: once looked up */
	unsigned		 readmask;	/* include: depths it read at */
	struct dirlist		*dir;		/* include_dir, once listed */
	unsigned		 said;		/* enum said */
};

/*
 * A line of a file that the walks care about: a setting, or a directive.
 * Small, as a file of settings has one per line.
 */
struct item {
	struct conf_setting	*s;	/* depth UNLINKED until listed */
	struct directive	*dv;
};

/* conf_setting.depth of a setting walk() has not listed yet. */
#define UNLINKED	UINT_MAX

/*
 * A file, read and parsed once for one top file however often it is
 * included: its settings and directives in order, and what its inclusion
 * at each depth gave.
 */
struct cfile {
	const char		*path;		/* canonical: the key */
	const char		*dpath;		/* as shown, in d's arena */
	const struct srcfile	*sf;		/* NULL: unreadable (err) */
	int			 err;
	int			 parsed;
	int			 syntax_ok;
	struct item		*items;
	size_t			 nitems, capitems;
	unsigned char		 ok[NDEPTH];	/* 0 unknown, 1 ok, 2 failed */
	unsigned char		 walked[NDEPTH];
	struct cfile		*hnext;
};

/*
 * One top file's reading.  The server reads a file again at every
 * inclusion, and two files that include each other a few times make it
 * read millions; here each file is read and parsed once (struct cfile),
 * visited once for each depth it is included at (at most NDEPTH times),
 * and each of its lines reported once, so that time and memory follow the
 * size of the files, not of the include graph.
 */
struct parser {
	struct arena		*a;
	struct diags		*d;
	struct conf_file_set	*set;
	struct cfile		*bucket[NBUCKET];
	unsigned		 nfiles;	/* CONF_MAX_FILES */
	int			 said_files;	/* that limit was reported */
	struct conf_setting	*first;		/* walk()'s list */
	size_t			 nsettings;
};

static struct cfile *lookup(struct parser *, const char *, int);
static void	 parse_file(struct parser *, struct cfile *);
static struct item *item_new(struct parser *, struct cfile *);
static int	 visit(struct parser *, struct cfile *, unsigned);
static int	 include_item(struct parser *, struct cfile *,
		    struct directive *, unsigned);
static int	 include_path(struct parser *, struct cfile *,
		    struct directive *, const char *, const char *, int,
		    unsigned, struct cfile **);
static int	 include_dir(struct parser *, struct cfile *,
		    struct directive *, unsigned);
static void	 list_dir(struct parser *, struct directive *);
static struct diag *say(struct parser *, struct directive *, enum said,
		    const struct pos *, const char *, ...)
		    __attribute__((format(printf, 5, 6)));
static void	 walk(struct parser *, struct cfile *, unsigned,
	    const struct pos *);
static struct conf_setting *new_setting(struct parser *,
		    const struct srcfile *, const char *,
		    const struct conf_token *, const struct conf_token *);
static struct pos tok_pos(const struct srcfile *, const char *,
		    const struct conf_token *);
static int	 all_blank(const char *);
static char	*resolve(struct arena *, const char *, const char *);
static int	 cmp_cstr(const void *, const void *);
static uint64_t	 name_hash(const char *);
static int	 cmp_by_pos(const void *, const void *);
static int	 pos_eq(const struct pos *, const struct pos *);
static int	 read_once(const struct cfile *);
static int	 layered(const struct conf_setting *,
	    const struct conf_setting *);

void
conf_set_init(struct conf_file_set *set)
{
	memset(set, 0, sizeof(*set));
}

int
conf_parse_file(struct arena *a, const char *path, struct diags *d,
    struct conf_file_set *set)
{
	int	 rc;

	conf_set_init(set);
	rc = conf_parse_append(a, path, d, set);
	if (rc >= 0)
		conf_resolve(set, d);
	return rc;
}

int
conf_parse_append(struct arena *a, const char *path, struct diags *d,
    struct conf_file_set *set)
{
	struct srcfile	*sf;
	struct pos	 pos;

	if ((sf = srcfile_read(a, path)) == NULL) {
		memset(&pos, 0, sizeof(pos));
		pos.file = arena_strdup(d->a, path);
		diag_add(d, &pos, LEVEL_ERROR, NULL, "cannot open \"%s\": %s",
		    path, srcfile_strerror(errno));
		return -1;
	}
	return conf_parse_srcfile(a, sf, d, set);
}

int
conf_parse_srcfile(struct arena *a, const struct srcfile *sf,
    struct diags *d, struct conf_file_set *set)
{
	struct parser		 p;
	struct cfile		*top;
	struct conf_setting	*s;
	int			 ok;

	memset(&p, 0, sizeof(p));
	p.a = a;
	p.d = d;
	p.set = set;
	/*
	 * The top file is shown as given; only includes are canonicalised.
	 * It is in the table too, so that a file including it back finds it
	 * read.
	 */
	top = lookup(&p, srcfile_canonical(a, sf->path), 0);
	top->sf = sf;
	top->dpath = arena_strdup(d->a, sf->path);

	/* Pass 1: read, parse and report, forwards. */
	ok = visit(&p, top, CONF_FILE_START_DEPTH);
	/* Pass 2: the settings, each line where it is read last. */
	walk(&p, top, CONF_FILE_START_DEPTH, NULL);
	if (p.first != NULL) {
		if (set->last != NULL)
			set->last->next = p.first;
		else
			set->first = p.first;
		for (s = p.first; s->next != NULL; s = s->next)
			continue;
		set->last = s;
		set->nsettings += p.nsettings;
	}
	return ok ? 0 : 1;
}

/*
 * The file of canonical name path: found in the table, or a new entry read
 * from disk (or, for create == 0, not read: the top file).  NULL past
 * CONF_MAX_FILES.
 */
static struct cfile *
lookup(struct parser *p, const char *path, int create)
{
	struct cfile	*f, **b;

	b = &p->bucket[srcfile_name_hash(path) % NBUCKET];
	for (f = *b; f != NULL; f = f->hnext)
		if (strcmp(f->path, path) == 0)
			return f;
	if (create && p->nfiles >= CONF_MAX_FILES)
		return NULL;
	f = arena_calloc(p->a, 1, sizeof(*f));
	f->path = path;
	f->hnext = *b;
	*b = f;
	if (create) {
		p->nfiles++;
		if ((f->sf = srcfile_read(p->a, path)) == NULL)
			f->err = errno;
		f->dpath = arena_strdup(p->d->a, path);
	}
	return f;
}

/*
 * guc-file.l ParseConfigFp(), PG 12-18: one logical line per turn, "name
 * [=] value" then end of line or end of file.  Any other shape is a syntax
 * error near the token where it went wrong; the scan then resumes after
 * the next end of line, and the file is abandoned after 100 errors.  The
 * settings and directives become f's items; the server runs a directive
 * at once, before the next line, and visit() follows them in this order.
 */
static void
parse_file(struct parser *p, struct cfile *f)
{
	const struct srcfile	*sf = f->sf;
	struct conf_scanner	 sc;
	struct conf_token	 tok, name, val;
	struct conf_file	*cf;
	struct directive	*dv;
	struct diag		*dg;
	struct pos		 pos;
	const char		*nul;
	char			*nm;
	enum conf_tok		 t;
	enum item_kind		 kind;
	unsigned		 nerr = 0, ndir = 0;

	f->parsed = 1;
	f->syntax_ok = 1;
	cf = arena_calloc(p->a, 1, sizeof(*cf));
	cf->path = f->dpath;
	cf->src = sf;
	if (p->set->files_last != NULL)
		p->set->files_last->next = cf;
	else
		p->set->files = cf;
	p->set->files_last = cf;

	conf_scan_init(&sc, sf);
	sc.notes = p->d;
	sc.notes_file = f->dpath;
	diags_source(p->d, p->a, f->dpath, sf->buf, sf->len);
	for (;;) {
		t = conf_scan_next(&sc, &tok);
		if (t == CONF_TOK_EOF)
			break;
		if (t == CONF_TOK_EOL)	/* empty or comment line */
			continue;

		/* The first token of a line is the name. */
		if (t != CONF_TOK_ID && t != CONF_TOK_QUALIFIED_ID)
			goto parse_error;
		name = tok;

		/* An optional '='. */
		t = conf_scan_next(&sc, &tok);
		if (t == CONF_TOK_EQUALS)
			t = conf_scan_next(&sc, &tok);

		/* Exactly one value: not '=', not an error byte. */
		if (t != CONF_TOK_ID && t != CONF_TOK_STRING &&
		    t != CONF_TOK_INTEGER && t != CONF_TOK_REAL &&
		    t != CONF_TOK_UNQUOTED)
			goto parse_error;
		val = tok;

		/* Then the end of the line, or of the file. */
		t = conf_scan_next(&sc, &tok);
		if (t != CONF_TOK_EOL && t != CONF_TOK_EOF)
			goto parse_error;

		/* Directives are compared with guc_name_compare(). */
		nm = arena_strndup(p->a, name.text, name.len);
		if (conf_name_cmp(nm, "include_dir") == 0)
			kind = ITEM_INCLUDE_DIR;
		else if (conf_name_cmp(nm, "include_if_exists") == 0)
			kind = ITEM_INCLUDE_IF_EXISTS;
		else if (conf_name_cmp(nm, "include") == 0)
			kind = ITEM_INCLUDE;
		else
			kind = ITEM_SETTING;
		if (kind == ITEM_SETTING)
			item_new(p, f)->s = new_setting(p, sf, f->dpath, &name,
			    &val);
		else {
			pos = tok_pos(sf, f->dpath, &val);
			/*
			 * Fan-out: pgpair's bound, said at the first directive
			 * past it; the later ones fail without a word.
			 */
			if (++ndir > CONF_MAX_INCLUDES) {
				if (ndir == CONF_MAX_INCLUDES + 1) {
					diag_rule(p->d, RULE_CONF_INCLUDE, &pos,
					    "more than %d include directives "
					    "in one file (pgpair's limit)",
					    CONF_MAX_INCLUDES);
					p->set->nerrors++;
				}
				kind = ITEM_OVER;
			}
			dv = item_new(p, f)->dv = arena_calloc(p->a, 1,
			    sizeof(*dv));
			dv->kind = kind;
			dv->value = val.type == CONF_TOK_STRING ?
			    conf_scan_unquote(p->a, val.text, val.len) :
			    arena_strndup(p->a, val.text, val.len);
			dv->pos = pos;
		}
		if (t == CONF_TOK_EOF)
			break;
		continue;

parse_error:
		pos = tok_pos(sf, f->dpath, &tok);
		if (t == CONF_TOK_EOL || t == CONF_TOK_EOF) {
			dg = diag_rule(p->d, RULE_CONF_SYNTAX, &pos,
			    "syntax error near end of line");
			/*
			 * At the end of a file without a final newline the
			 * server counts one line too few (it numbers from
			 * the last '\n' seen): say so, as its log will differ.
			 */
			if (t == CONF_TOK_EOF)
				diag_hint(p->d, dg, "the server reports this "
				    "as line %u", tok.line - 1);
		} else {
			/* The server prints yytext with %s: up to a NUL. */
			nul = memchr(tok.text, '\0', tok.len);
			diag_rule(p->d, RULE_CONF_SYNTAX, &pos,
			    "syntax error near token \"%.*s\"",
			    (int)(nul != NULL ? (size_t)(nul - tok.text) :
			    tok.len), tok.text);
		}
		p->set->nerrors++;
		f->syntax_ok = 0;
		if (++nerr >= CONF_MAX_SYNTAX_ERRORS) {
			memset(&pos, 0, sizeof(pos));
			pos.file = f->dpath;
			diag_rule(p->d, RULE_CONF_SYNTAX, &pos,
			    "too many syntax errors found, abandoning file "
			    "\"%s\"", f->dpath);
			break;
		}
		/* Resynchronise at the next end of line. */
		while (t != CONF_TOK_EOL && t != CONF_TOK_EOF)
			t = conf_scan_next(&sc, &tok);
		if (t == CONF_TOK_EOF)
			break;
	}
}

static struct item *
item_new(struct parser *p, struct cfile *f)
{
	struct item	*it;
	size_t		 ncap;

	if (f->nitems == f->capitems) {
		ncap = f->capitems == 0 ? 16 : f->capitems * 2;
		f->items = arena_grow(p->a, f->items, f->nitems, ncap,
		    sizeof(*f->items));
		f->capitems = ncap;
	}
	it = &f->items[f->nitems++];
	memset(it, 0, sizeof(*it));
	return it;
}

/*
 * Pass 1: f read at depth, as the server would, once per depth.  Reports
 * what fails, once per file or directive, and records what each
 * inclusion read for walk().  Returns 1 when neither f nor what it
 * includes had an error.
 */
static int
visit(struct parser *p, struct cfile *f, unsigned depth)
{
	int	 ok;

	if (f->ok[depth] != 0)
		return f->ok[depth] == 1;
	if (!f->parsed)
		parse_file(p, f);
	ok = f->syntax_ok;
	for (size_t i = 0; i < f->nitems; i++)
		if (f->items[i].dv != NULL &&
		    !include_item(p, f, f->items[i].dv, depth + 1))
			ok = 0;
	f->ok[depth] = ok ? 1 : 2;
	return ok;
}

/*
 * guc-file.l ParseConfigFile(), PG 12-18, for include and
 * include_if_exists: an all-blank name is refused before anything else,
 * then the path is made relative to the including file's directory.
 * depth is that of the file included.
 */
static int
include_item(struct parser *p, struct cfile *f, struct directive *dv,
    unsigned depth)
{
	switch (dv->kind) {
	case ITEM_OVER:
		return 0;
	case ITEM_INCLUDE_DIR:
		return include_dir(p, f, dv, depth);
	default:
		break;
	}
	if (all_blank(dv->value)) {
		say(p, dv, SAID_BLANK, &dv->pos,
		    "empty configuration file name: \"%s\"", dv->value);
		return 0;
	}
	if (dv->path == NULL)
		dv->path = resolve(p->a, dv->value, f->path);
	return include_path(p, f, dv, dv->value, dv->path,
	    dv->kind == ITEM_INCLUDE, depth, &dv->target);
}

/*
 * The rest of ParseConfigFile(): the depth limit (checked on the name as
 * written), direct self-inclusion (a cycle through other files runs into
 * the depth limit instead), then open and parse.  A file that cannot be
 * opened is an error for include and silently skipped for
 * include_if_exists; the server only logs "skipping missing configuration
 * file".  A directory opens with fopen() there and then fails in the
 * scanner ("input in flex scanner failed"), even for include_if_exists.
 * What pgpair refuses to read (not a regular file, too large) is an error
 * either way: the server would open it.  *target gets the file.
 */
static int
include_path(struct parser *p, struct cfile *f, struct directive *dv,
    const char *shown, const char *path, int strict, unsigned depth,
    struct cfile **target)
{
	struct cfile	*g;
	int		 ok;

	if (depth > CONF_FILE_MAX_DEPTH) {
		say(p, dv, SAID_DEPTH, &dv->pos,
		    "could not open configuration file \"%s\": maximum "
		    "nesting depth exceeded", shown);
		return 0;
	}
	if (strcmp(path, f->path) == 0) {
		say(p, dv, SAID_RECURSION, &dv->pos,
		    "configuration file recursion in \"%s\"", f->path);
		return 0;
	}
	if ((g = *target) == NULL &&
	    (g = *target = lookup(p, path, 1)) == NULL) {
		/* Said once for the top file; later ones fail silently. */
		if (!p->said_files) {
			diag_rule(p->d, RULE_CONF_INCLUDE, &dv->pos,
			    "could not open configuration file \"%s\": more "
			    "than %d files included (pgpair's limit)", shown,
			    CONF_MAX_FILES);
			p->set->nerrors++;
			p->said_files = 1;
		}
		return 0;
	}
	if (g->sf == NULL) {
		if (g->err == EISDIR) {
			/* The server names the directory, line 1, as a file
			 * whose reading failed. */
			struct pos	 dir = { g->dpath, 1, 1 };

			say(p, dv, SAID_OPEN, &dir,
			    "input in flex scanner failed: \"%s\" is a "
			    "directory, included at %s:%u", shown,
			    dv->pos.file != NULL ? dv->pos.file : "?",
			    dv->pos.line);
		} else if (strict || g->err == ESPIPE || g->err == ENXIO ||
		    g->err == ENODEV || g->err == EFBIG)
			say(p, dv, SAID_OPEN, &dv->pos,
			    "could not open configuration file \"%s\": %s",
			    path, srcfile_strerror(g->err));
		else
			return 1;
		return 0;
	}
	ok = visit(p, g, depth);
	dv->readmask |= 1u << depth;
	return ok;
}

/*
 * guc-file.l ParseConfigDirectory() (PG 12-15) and conffiles.c
 * GetConfFilesInDir() (PG 16-18): the files listed by list_dir(), each
 * included as with include, at the directory's depth.  The first file
 * that fails ends the directory: later files are not read at all.
 */
static int
include_dir(struct parser *p, struct cfile *f, struct directive *dv,
    unsigned depth)
{
	struct dirlist	*dl;
	struct diag	*dg;
	size_t		 i;
	int		 ok = 1;

	if (all_blank(dv->value)) {
		say(p, dv, SAID_BLANK, &dv->pos,
		    "empty configuration directory name: \"%s\"", dv->value);
		return 0;
	}
	if (dv->dir == NULL) {
		dv->path = resolve(p->a, dv->value, f->path);
		list_dir(p, dv);
	}
	dl = dv->dir;
	if (dl->error != NULL) {
		/*
		 * Debian's postgresql.conf has include_dir = 'conf.d', empty;
		 * committed to git, whose trees hold no empty folder, the
		 * file names a folder that a checkout lacks.
		 */
		if ((dg = say(p, dv, SAID_LIST, &dv->pos, "%s",
		    dl->error)) != NULL && dl->missing)
			diag_hint(p->d, dg, "the folder must exist, even "
			    "empty, and git keeps no empty folder: commit a "
			    "file in it such as .gitkeep (the server reads "
			    "only *.conf)");
		return 0;
	}
	/* readmask says whether include_path() read the file */
	for (i = 0; i < dl->n && ok; i++) {
		dv->readmask = 0;
		ok = include_path(p, f, dv, dl->names[i], dl->names[i], 1,
		    depth, &dl->target[i]);
		if (dv->readmask != 0)
			dl->nread[depth] = i + 1;
	}
	dv->readmask = 0;
	return ok;
}

/*
 * The names that are at least 6 bytes long, do not start with '.' and
 * end in ".conf", that are not directories (stat() follows symbolic
 * links; one that cannot be stat'ed is an error), sorted with strcmp.  A
 * folder of more than CONF_MAX_DIR_FILES of them is refused, before any
 * is read.
 */
static void
list_dir(struct parser *p, struct directive *dv)
{
	struct dirlist	*dl;
	struct stat	 st;
	struct dirent	*de;
	DIR		*dir;
	char		*fn;
	size_t		 cap = 32, len;

	dl = dv->dir = arena_calloc(p->a, 1, sizeof(*dl));
	dl->path = dv->path;
	if ((dir = opendir(dl->path)) == NULL) {
		dl->missing = errno == ENOENT;
		dl->error = arena_printf(p->a, "could not open configuration "
		    "directory \"%s\": %s", dl->path, strerror(errno));
		return;
	}
	dl->names = arena_alloc(p->a, cap * sizeof(*dl->names));
	for (;;) {
		errno = 0;
		if ((de = readdir(dir)) == NULL) {
			if (errno == 0)
				break;
			dl->error = arena_printf(p->a, "could not read "
			    "configuration directory \"%s\": %s", dl->path,
			    strerror(errno));
			goto out;
		}
		len = strlen(de->d_name);
		if (len < 6 || de->d_name[0] == '.' ||
		    strcmp(de->d_name + len - 5, ".conf") != 0)
			continue;
		fn = srcfile_canonical(p->a, arena_printf(p->a, "%s/%s",
		    dl->path, de->d_name));
		if (stat(fn, &st) == -1) {
			dl->error = arena_printf(p->a, "could not stat file "
			    "\"%s\": %s", fn, strerror(errno));
			goto out;
		}
		if (S_ISDIR(st.st_mode))
			continue;
		if (dl->n == CONF_MAX_DIR_FILES) {
			dl->error = arena_printf(p->a, "could not open "
			    "configuration directory \"%s\": more than %d "
			    "files (pgpair's limit)", dl->path,
			    CONF_MAX_DIR_FILES);
			goto out;
		}
		if (dl->n == cap) {
			dl->names = arena_grow(p->a, dl->names, cap, cap * 2,
			    sizeof(*dl->names));
			cap *= 2;
		}
		dl->names[dl->n++] = fn;
	}
	qsort(dl->names, dl->n, sizeof(*dl->names), cmp_cstr);
	dl->target = arena_calloc(p->a, dl->n + 1, sizeof(*dl->target));
out:
	(void)closedir(dir);
	if (dl->error != NULL)
		dl->n = 0;
}

/*
 * A conf-syntax or conf-include error about directive it, unless one of
 * its kind was said already: the server says it at every inclusion, and
 * once is enough for the reader of a report.
 */
static struct diag *
say(struct parser *p, struct directive *dv, enum said what,
    const struct pos *at, const char *fmt, ...)
{
	struct diag	*dg;
	va_list	 ap;

	if (dv->said & what)
		return NULL;
	dv->said |= what;
	va_start(ap, fmt);
	dg = diag_vadd(p->d, at, rules[RULE_CONF_INCLUDE].level,
	    rules[RULE_CONF_INCLUDE].id, fmt, ap);
	va_end(ap);
	p->set->nerrors++;
	return dg;
}

/*
 * Pass 2: the settings of f read at depth, in reading order, each line
 * only where the server reads it last, which is all that decides what
 * wins.  Walked backwards, a file already walked at a depth is passed
 * over: its later reading, met first, holds every line of this one, later
 * (a reading at one depth is the same wherever it is).  Lines are
 * prepended to p->first, so the list comes out forwards.  at is the
 * include or include_if_exists line that read f, else NULL (the top file,
 * a file of an include_dir folder, which is not in sight, and a file read
 * more than once, as in a cycle, which is no base to build on).
 */
/* Whether f was read at one depth only. */
static int
read_once(const struct cfile *f)
{
	unsigned	 n = 0;

	for (unsigned i = 0; i < NDEPTH; i++)
		n += f->ok[i] != 0;
	return n == 1;
}

static void
walk(struct parser *p, struct cfile *f, unsigned depth, const struct pos *at)
{
	struct conf_setting	*s;
	struct directive	*dv;
	struct dirlist		*dl;
	size_t		 i, j;

	if (f->walked[depth])
		return;
	f->walked[depth] = 1;
	for (i = f->nitems; i-- > 0; ) {
		if ((s = f->items[i].s) != NULL) {
			if (s->depth != UNLINKED)
				continue;
			s->depth = depth;
			if (at != NULL)
				s->included_at = *at;
			s->next = p->first;
			p->first = s;
			p->nsettings++;
			continue;
		}
		dv = f->items[i].dv;
		switch (dv->kind) {
		case ITEM_INCLUDE:
		case ITEM_INCLUDE_IF_EXISTS:
			if (dv->readmask & (1u << (depth + 1)))
				walk(p, dv->target, depth + 1,
				    read_once(dv->target) ? &dv->pos : NULL);
			break;
		case ITEM_INCLUDE_DIR:
			if ((dl = dv->dir) == NULL || depth + 1 >= NDEPTH)
				break;
			for (j = dl->nread[depth + 1]; j-- > 0; )
				walk(p, dl->target[j], depth + 1, NULL);
			break;
		case ITEM_SETTING:
		case ITEM_OVER:
			break;
		}
	}
}

static struct conf_setting *
new_setting(struct parser *p, const struct srcfile *sf, const char *dpath,
    const struct conf_token *name, const struct conf_token *val)
{
	struct conf_setting	*s;

	s = arena_calloc(p->a, 1, sizeof(*s));
	s->name = arena_strndup(p->a, name->text, name->len);
	s->quoted = val->type == CONF_TOK_STRING;
	s->value = s->quoted ? conf_scan_unquote(p->a, val->text, val->len) :
	    arena_strndup(p->a, val->text, val->len);
	s->value_type = val->type;
	s->depth = UNLINKED;
	s->name_pos = tok_pos(sf, dpath, name);
	s->value_pos = tok_pos(sf, dpath, val);
	return s;
}

/*
 * A file that includes another and then sets what that one set means to
 * override it ("include 'base.conf'" then "listen_addresses = ''"): the
 * author of the later line has the include in sight, and the included
 * file serves other files as it is.  Not for an include at the end of a
 * file, whose own earlier lines it overrides unseen.
 */
static int
layered(const struct conf_setting *s, const struct conf_setting *win)
{
	const struct pos *at = &s->included_at;

	return at->file != NULL && (at->file == win->name_pos.file ||
	    strcmp(at->file, win->name_pos.file) == 0) &&
	    at->line < win->name_pos.line;
}

void
conf_resolve(struct conf_file_set *set, struct diags *d)
{
	struct conf_setting	*s, *win, **v, **mem;
	struct slot		*tab;
	struct arena		*tmp;
	size_t			*next, *head, *last, cap, n, i, j, k, g, ng;

	for (s = set->first; s != NULL; s = s->next) {
		s->overridden = 0;
		s->overridden_by = NULL;
	}
	if (set->nsettings < 2)
		return;
	/*
	 * Group the settings by folded name with a hash table, each group
	 * in reading order: v[i] is setting i, next[i] the next of its group
	 * (or SIZE_MAX), head[g] and last[g] the ends of group g.
	 */
	tmp = arena_new();
	n = set->nsettings;
	for (cap = 64; cap / 2 < n; cap *= 2)
		continue;
	tab = arena_calloc(tmp, cap, sizeof(*tab));
	v = arena_alloc(tmp, n * sizeof(*v));
	next = arena_alloc(tmp, n * sizeof(*next));
	head = arena_alloc(tmp, n * sizeof(*head));
	last = arena_alloc(tmp, n * sizeof(*last));
	mem = arena_alloc(tmp, n * sizeof(*mem));
	ng = 0;
	for (s = set->first, i = 0; s != NULL; s = s->next, i++) {
		v[i] = s;
		next[i] = SIZE_MAX;
		for (k = name_hash(s->name) & (cap - 1); tab[k].name != NULL;
		    k = (k + 1) & (cap - 1))
			if (conf_name_cmp(tab[k].name, s->name) == 0)
				break;
		if (tab[k].name == NULL) {
			tab[k].name = s->name;
			tab[k].g = ng;
			head[ng] = last[ng] = i;
			ng++;
		} else {
			g = tab[k].g;
			next[last[g]] = i;
			last[g] = i;
		}
	}

	for (g = 0; g < ng; g++) {
		if (head[g] == last[g])
			continue;
		/* the last setting wins; the others, in reading order */
		win = v[last[g]];
		for (i = head[g], j = 0; i != last[g]; i = next[i]) {
			v[i]->overridden = 1;
			v[i]->overridden_by = win;
			mem[j++] = v[i];
		}
		if (d == NULL)
			continue;
		/*
		 * Report each overridden line once, in file order: an include
		 * cycle reads the same line many times over before the depth
		 * limit stops it.  Reading order is file order unless
		 * includes went back and forth.
		 */
		for (k = 1; k < j; k++)
			if (cmp_by_pos(&mem[k - 1], &mem[k]) > 0)
				break;
		if (k < j)
			qsort(mem, j, sizeof(*mem), cmp_by_pos);
		for (k = 0; k < j; k++) {
			s = mem[k];
			if (pos_eq(&s->name_pos, &win->name_pos) ||
			    (k > 0 && pos_eq(&s->name_pos,
			    &mem[k - 1]->name_pos)) || layered(s, win))
				continue;
			if (s->name_pos.file == win->name_pos.file ||
			    strcmp(s->name_pos.file, win->name_pos.file) == 0)
				diag_rule(d, RULE_CONF_DUPLICATE, &s->name_pos,
				    "parameter \"%s\" is set again on line %u; "
				    "the last setting wins", s->name,
				    win->name_pos.line);
			else
				diag_rule(d, RULE_CONF_DUPLICATE, &s->name_pos,
				    "parameter \"%s\" is set again in \"%s\" "
				    "line %u; the last setting wins", s->name,
				    win->name_pos.file, win->name_pos.line);
		}
	}
	arena_free(tmp);
}

/* FNV-1a of a name with ASCII A-Z folded, as conf_name_cmp() compares. */
static uint64_t
name_hash(const char *name)
{
	uint64_t	 h = 1469598103934665603ull;
	unsigned char	 c;

	for (; *name != '\0'; name++) {
		c = (unsigned char)*name;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h ^= c;
		h *= 1099511628211ull;
	}
	return h ^ (h >> 29);
}

int
conf_name_cmp(const char *a, const char *b)
{
	unsigned char	 ca, cb;

	for (;; a++, b++) {
		ca = (unsigned char)*a;
		cb = (unsigned char)*b;
		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb || ca == '\0')
			return (int)ca - (int)cb;
	}
}

/* The position of a token; the file name is the one kept in d's arena. */
static struct pos
tok_pos(const struct srcfile *sf, const char *dpath,
    const struct conf_token *tok)
{
	struct pos	 pos;

	/* the scanner counted the lines already */
	pos = srcfile_pos_on(sf, tok->line, tok->off);
	pos.file = dpath;
	return pos;
}

/* guc-file.l: strspn(name, " \t\r\n") == strlen(name). */
static int
all_blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/*
 * conffiles.c AbsoluteConfigLocation() (PG 16-18; guc-file.l before): an
 * absolute name as it is, a relative one joined to the directory of the
 * including file.  The top file may be relative to the working directory,
 * so results are too.
 */
static char *
resolve(struct arena *a, const char *name, const char *calling)
{
	const char	*slash;

	if (name[0] == '/' || calling == NULL)
		return srcfile_canonical(a, name);
	if ((slash = strrchr(calling, '/')) == NULL)
		return srcfile_canonical(a, name);
	if (slash == calling)
		return srcfile_canonical(a, arena_printf(a, "/%s", name));
	return srcfile_canonical(a, arena_printf(a, "%.*s/%s",
	    (int)(slash - calling), calling, name));
}

/* pg_qsort_strcmp: plain strcmp, whatever the locale. */
static int
cmp_cstr(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Settings by file, line, column of the name. */
static int
cmp_by_pos(const void *x, const void *y)
{
	const struct pos	*a =
	    &(*(const struct conf_setting *const *)x)->name_pos;
	const struct pos	*b =
	    &(*(const struct conf_setting *const *)y)->name_pos;
	int			 c;

	/* names in positions are shared: one string per file read */
	if (a->file != b->file && (c = strcmp(a->file, b->file)) != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

static int
pos_eq(const struct pos *a, const struct pos *b)
{
	return a->line == b->line && a->col == b->col &&
	    (a->file == b->file || strcmp(a->file, b->file) == 0);
}

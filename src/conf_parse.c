/*
 * The postgresql.conf parser; see conf_parse.h.  Each function below
 * mirrors one of the server's, cited with the version it was read from, so
 * that an error here is an error there, on the same line, and nowhere else.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
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

struct parser {
	struct arena		*a;
	struct diags		*d;
	struct conf_file_set	*set;
	unsigned		 nfiles;	/* read so far: CONF_MAX_FILES */
};

static int	 parse_src(struct parser *, const struct srcfile *,
		    const char *, unsigned);
static int	 include_file(struct parser *, const char *,
		    const struct pos *, const char *, int, unsigned);
static int	 include_path(struct parser *, const char *, const char *,
		    const struct pos *, const char *, int, unsigned);
static int	 include_dir(struct parser *, const char *,
		    const struct pos *, const char *, unsigned);
static void	 add_setting(struct parser *, const struct srcfile *,
		    const char *, const struct conf_token *,
		    const struct conf_token *, unsigned);
static struct pos tok_pos(const struct srcfile *, const char *,
		    const struct conf_token *);
static int	 all_blank(const char *);
static char	*canonical(struct arena *, const char *);
static char	*resolve(struct arena *, const char *, const char *);
static int	 cmp_cstr(const void *, const void *);
static uint64_t	 name_hash(const char *);
static int	 cmp_by_pos(const void *, const void *);
static int	 pos_eq(const struct pos *, const struct pos *);

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
		    path, strerror(errno));
		return -1;
	}
	return conf_parse_srcfile(a, sf, d, set);
}

int
conf_parse_srcfile(struct arena *a, const struct srcfile *sf,
    struct diags *d, struct conf_file_set *set)
{
	struct parser	 p;
	unsigned	 before = set->nerrors;

	p.a = a;
	p.d = d;
	p.set = set;
	p.nfiles = 1;
	/* The top file is shown as given; only includes are canonicalised. */
	parse_src(&p, sf, arena_strdup(d->a, sf->path), CONF_FILE_START_DEPTH);
	return set->nerrors > before ? 1 : 0;
}

/*
 * guc-file.l ParseConfigFp(), PG 12-18: one logical line per turn, "name
 * [=] value" then end of line or end of file.  Any other shape is a syntax
 * error near the token where it went wrong; the scan then resumes after
 * the next end of line, and the file is abandoned after 100 errors.
 * Returns 0 when this file or one it includes had an error.
 */
static int
parse_src(struct parser *p, const struct srcfile *sf, const char *dpath,
    unsigned depth)
{
	struct conf_scanner	 sc;
	struct conf_token	 tok, name, val;
	struct conf_file	*cf;
	struct diag		*dg;
	struct pos		 pos;
	const char		*nul;
	char			*nm, *value, *cpath;
	enum conf_tok		 t;
	unsigned		 nerr = 0;
	int			 ok = 1;

	cf = arena_calloc(p->a, 1, sizeof(*cf));
	cf->path = dpath;
	cf->src = sf;
	cf->depth = depth;
	if (p->set->files_last != NULL)
		p->set->files_last->next = cf;
	else
		p->set->files = cf;
	p->set->files_last = cf;
	/* What includes are resolved against and compared with. */
	cpath = canonical(p->a, sf->path);

	conf_scan_init(&sc, sf);
	sc.notes = p->d;
	sc.notes_file = dpath;
	diags_source(p->d, p->a, dpath, sf->buf, sf->len);
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

		/*
		 * Directives are compared with guc_name_compare(), so INCLUDE
		 * works too; they run at once, before the next line.
		 */
		nm = arena_strndup(p->a, name.text, name.len);
		if (conf_name_cmp(nm, "include_dir") == 0 ||
		    conf_name_cmp(nm, "include_if_exists") == 0 ||
		    conf_name_cmp(nm, "include") == 0) {
			value = val.type == CONF_TOK_STRING ?
			    conf_scan_unquote(p->a, val.text, val.len) :
			    arena_strndup(p->a, val.text, val.len);
			pos = tok_pos(sf, dpath, &val);
			if (conf_name_cmp(nm, "include_dir") == 0) {
				if (!include_dir(p, value, &pos, cpath,
				    depth + 1))
					ok = 0;
			} else if (!include_file(p, value, &pos, cpath,
			    conf_name_cmp(nm, "include") == 0, depth + 1))
				ok = 0;
		} else
			add_setting(p, sf, dpath, &name, &val, depth);
		if (t == CONF_TOK_EOF)
			break;
		continue;

parse_error:
		pos = tok_pos(sf, dpath, &tok);
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
		ok = 0;
		if (++nerr >= CONF_MAX_SYNTAX_ERRORS) {
			memset(&pos, 0, sizeof(pos));
			pos.file = dpath;
			diag_rule(p->d, RULE_CONF_SYNTAX, &pos,
			    "too many syntax errors found, abandoning file "
			    "\"%s\"", dpath);
			break;
		}
		/* Resynchronise at the next end of line. */
		while (t != CONF_TOK_EOL && t != CONF_TOK_EOF)
			t = conf_scan_next(&sc, &tok);
		if (t == CONF_TOK_EOF)
			break;
	}
	return ok;
}

static void
add_setting(struct parser *p, const struct srcfile *sf, const char *dpath,
    const struct conf_token *name, const struct conf_token *val,
    unsigned depth)
{
	struct conf_setting	*s;

	s = arena_calloc(p->a, 1, sizeof(*s));
	s->name = arena_strndup(p->a, name->text, name->len);
	s->quoted = val->type == CONF_TOK_STRING;
	s->value = s->quoted ? conf_scan_unquote(p->a, val->text, val->len) :
	    arena_strndup(p->a, val->text, val->len);
	s->value_type = val->type;
	s->name_pos = tok_pos(sf, dpath, name);
	s->value_pos = tok_pos(sf, dpath, val);
	s->depth = depth;
	if (p->set->last != NULL)
		p->set->last->next = s;
	else
		p->set->first = s;
	p->set->last = s;
	p->set->nsettings++;
}

/*
 * guc-file.l ParseConfigFile(), PG 12-18, for include and
 * include_if_exists: an all-blank name is refused before anything else,
 * then the path is made relative to the including file's directory.
 */
static int
include_file(struct parser *p, const char *value, const struct pos *at,
    const char *calling, int strict, unsigned depth)
{
	if (all_blank(value)) {
		diag_rule(p->d, RULE_CONF_INCLUDE, at,
		    "empty configuration file name: \"%s\"", value);
		p->set->nerrors++;
		return 0;
	}
	return include_path(p, value, resolve(p->a, value, calling), at,
	    calling, strict, depth);
}

/*
 * The rest of ParseConfigFile(): the depth limit (checked on the name as
 * written), direct self-inclusion (a cycle through other files runs into
 * the depth limit instead), then open and parse.  A file that cannot be
 * opened is an error for include and silently skipped for
 * include_if_exists; the server only logs "skipping missing configuration
 * file".  A directory opens with fopen() there and then fails in the
 * scanner ("input in flex scanner failed"), even for include_if_exists.
 */
static int
include_path(struct parser *p, const char *shown, const char *path,
    const struct pos *at, const char *calling, int strict, unsigned depth)
{
	const struct srcfile	*sf;

	if (depth > CONF_FILE_MAX_DEPTH) {
		diag_rule(p->d, RULE_CONF_INCLUDE, at,
		    "could not open configuration file \"%s\": maximum "
		    "nesting depth exceeded", shown);
		p->set->nerrors++;
		return 0;
	}
	if (calling != NULL && strcmp(path, calling) == 0) {
		diag_rule(p->d, RULE_CONF_INCLUDE, at,
		    "configuration file recursion in \"%s\"", calling);
		p->set->nerrors++;
		return 0;
	}
	/* Said once (nfiles stops one past the limit); the inclusions after
	 * it fail without a word. */
	if (p->nfiles >= CONF_MAX_FILES) {
		if (p->nfiles == CONF_MAX_FILES) {
			diag_rule(p->d, RULE_CONF_INCLUDE, at,
			    "could not open configuration file \"%s\": more "
			    "than %d files included (pgpair's limit)", shown,
			    CONF_MAX_FILES);
			p->nfiles++;
		}
		p->set->nerrors++;
		return 0;
	}
	p->nfiles++;
	if ((sf = srcfile_read(p->a, path)) == NULL) {
		if (errno == EISDIR) {
			/* The server names the directory, line 1, as a file
			 * whose reading failed. */
			struct pos	 dir = { arena_strdup(p->d->a, path), 1, 1 };

			diag_rule(p->d, RULE_CONF_INCLUDE, &dir,
			    "input in flex scanner failed: \"%s\" is a "
			    "directory, included at %s:%u", shown,
			    at->file != NULL ? at->file : "?", at->line);
		} else if (strict) {
			diag_rule(p->d, RULE_CONF_INCLUDE, at,
			    "could not open configuration file \"%s\": %s",
			    path, strerror(errno));
		} else
			return 1;
		p->set->nerrors++;
		return 0;
	}
	return parse_src(p, sf, arena_strdup(p->d->a, path), depth);
}

/*
 * guc-file.l ParseConfigDirectory() (PG 12-15) and conffiles.c
 * GetConfFilesInDir() (PG 16-18): the names that are at least 6 bytes
 * long, do not start with '.' and end in ".conf", that are not directories
 * (stat() follows symbolic links; one that cannot be stat'ed is an error),
 * sorted with strcmp, each included as with include, at the directory's
 * depth.  The first file that fails ends the directory: later files are
 * not read at all.
 */
static int
include_dir(struct parser *p, const char *value, const struct pos *at,
    const char *calling, unsigned depth)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*dir;
	char		*dirpath, *fn, **names;
	size_t		 n = 0, cap = 32, len, i;

	if (all_blank(value)) {
		diag_rule(p->d, RULE_CONF_INCLUDE, at,
		    "empty configuration directory name: \"%s\"", value);
		p->set->nerrors++;
		return 0;
	}
	dirpath = resolve(p->a, value, calling);
	if ((dir = opendir(dirpath)) == NULL) {
		diag_rule(p->d, RULE_CONF_INCLUDE, at,
		    "could not open configuration directory \"%s\": %s",
		    dirpath, strerror(errno));
		p->set->nerrors++;
		return 0;
	}
	names = arena_alloc(p->a, cap * sizeof(*names));
	for (;;) {
		errno = 0;
		if ((de = readdir(dir)) == NULL) {
			if (errno == 0)
				break;
			diag_rule(p->d, RULE_CONF_INCLUDE, at,
			    "could not read configuration directory \"%s\": "
			    "%s", dirpath, strerror(errno));
			goto fail;
		}
		len = strlen(de->d_name);
		if (len < 6 || de->d_name[0] == '.' ||
		    strcmp(de->d_name + len - 5, ".conf") != 0)
			continue;
		fn = canonical(p->a, arena_printf(p->a, "%s/%s", dirpath,
		    de->d_name));
		if (stat(fn, &st) == -1) {
			diag_rule(p->d, RULE_CONF_INCLUDE, at,
			    "could not stat file \"%s\": %s", fn,
			    strerror(errno));
			goto fail;
		}
		if (S_ISDIR(st.st_mode))
			continue;
		if (n == cap) {
			names = arena_grow(p->a, names, cap, cap * 2,
			    sizeof(*names));
			cap *= 2;
		}
		names[n++] = fn;
	}
	(void)closedir(dir);

	qsort(names, n, sizeof(*names), cmp_cstr);
	for (i = 0; i < n; i++)
		if (!include_path(p, names[i], names[i], at, calling, 1,
		    depth))
			return 0;
	return 1;

fail:
	p->set->nerrors++;
	(void)closedir(dir);
	return 0;
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
			    &mem[k - 1]->name_pos)))
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
 * path.c canonicalize_path(), lexically: no empty or "." components, ".."
 * cancels the component before it, no trailing slash.  The server opens
 * the result, so "a/../b" is "b" even when a is a symbolic link.
 */
static char *
canonical(struct arena *a, const char *path)
{
	char	*out, *o;
	const char *s, *e;
	size_t	 clen;
	size_t	 depth = 0;	/* components that ".." may remove */
	int	 isabs = path[0] == '/';

	out = arena_alloc(a, strlen(path) + 2);
	o = out;
	if (isabs)
		*o++ = '/';
	for (s = path; *s != '\0'; s = e) {
		while (*s == '/')
			s++;
		if (*s == '\0')
			break;
		for (e = s; *e != '\0' && *e != '/'; e++)
			continue;
		clen = (size_t)(e - s);
		if (clen == 1 && s[0] == '.')
			continue;
		if (clen == 2 && s[0] == '.' && s[1] == '.') {
			if (depth > 0) {
				/* Drop the last component and its slash. */
				while (o > out + isabs && o[-1] != '/')
					o--;
				if (o > out + isabs)
					o--;
				depth--;
				continue;
			}
			if (isabs)
				continue;	/* "/.." is "/" */
		} else
			depth++;
		if (o > out + isabs)
			*o++ = '/';
		memcpy(o, s, clen);
		o += clen;
	}
	if (o == out)
		*o++ = '.';
	*o = '\0';
	return out;
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
		return canonical(a, name);
	if ((slash = strrchr(calling, '/')) == NULL)
		return canonical(a, name);
	if (slash == calling)
		return canonical(a, arena_printf(a, "/%s", name));
	return canonical(a, arena_printf(a, "%.*s/%s",
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

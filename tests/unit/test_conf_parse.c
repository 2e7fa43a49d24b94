/*
 * Unit tests for conf_parse.c: settings with their positions, the server's
 * syntax errors and where they point, the 100-error bound, include /
 * include_if_exists / include_dir (relative paths, order, filtering,
 * failures, the depth limit and self-inclusion, pgpair's own bounds, each
 * file read once), and the last setting winning.  Include tests write
 * their files under a fresh mkdtemp(3) folder, removed afterwards.
 */
#include "config.h"

#include <sys/stat.h>

#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"
#include "conf_parse.h"
#include "diag.h"
#include "srcfile.h"

/* Each test's arena, diagnostics, settings and scratch folder. */
struct fixture {
	struct arena		*a;
	struct diags		 d;
	struct conf_file_set	 set;
	char			 dir[64];
};

static int
setup(void **state)
{
	struct fixture	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	fx->a = arena_new();
	diags_init(&fx->d, fx->a);
	conf_set_init(&fx->set);
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_conf_parse.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	*state = fx;
	return 0;
}

static int
rm_entry(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	if (nftw(fx->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS) == -1)
		return -1;
	arena_free(fx->a);
	free(fx);
	return 0;
}

/* The path of name under the scratch folder, in the fixture's arena. */
static const char *
path_of(struct fixture *fx, const char *name)
{
	return arena_printf(fx->a, "%s/%s", fx->dir, name);
}

/* Write len bytes (0: strlen) to name under the scratch folder. */
static void
put(struct fixture *fx, const char *name, const char *text, size_t len)
{
	FILE	*fp;

	if (len == 0)
		len = strlen(text);
	fp = fopen(path_of(fx, name), "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void
mkdir_in(struct fixture *fx, const char *name)
{
	assert_int_equal(mkdir(path_of(fx, name), 0755), 0);
}

/* Parse len bytes (0: strlen) of text as file "t.conf" from memory. */
static int
parse_mem(struct fixture *fx, const char *text, size_t len)
{
	const struct srcfile	*sf;
	int			 rc;

	if (len == 0)
		len = strlen(text);
	sf = srcfile_from_mem(fx->a, "t.conf", text, len);
	rc = conf_parse_srcfile(fx->a, sf, &fx->d, &fx->set);
	conf_resolve(&fx->set, &fx->d);
	diags_sort(&fx->d);
	return rc;
}

static int
parse_path(struct fixture *fx, const char *name)
{
	int	 rc;

	rc = conf_parse_file(fx->a, path_of(fx, name), &fx->d, &fx->set);
	diags_sort(&fx->d);
	return rc;
}

/* The i-th setting (from 0) in reading order. */
static const struct conf_setting *
setting(struct fixture *fx, size_t i)
{
	const struct conf_setting	*s;

	for (s = fx->set.first; s != NULL && i > 0; s = s->next)
		i--;
	assert_non_null(s);
	return s;
}

static size_t
count_rule(struct fixture *fx, const char *rule)
{
	size_t	 i, n = 0;

	for (i = 0; i < fx->d.n; i++)
		if (fx->d.v[i].rule != NULL &&
		    strcmp(fx->d.v[i].rule, rule) == 0)
			n++;
	return n;
}

/* Check diagnostic i: rule, line, column and message. */
static void
check_diag(struct fixture *fx, size_t i, const char *rule, unsigned line,
    unsigned col, const char *msg)
{
	const struct diag	*dg;

	assert_true(i < fx->d.n);
	dg = &fx->d.v[i];
	assert_non_null(dg->rule);
	assert_string_equal(dg->rule, rule);
	assert_int_equal(dg->pos.line, line);
	assert_int_equal(dg->pos.col, col);
	assert_string_equal(dg->msg, msg);
}

static void
test_settings(void **state)
{
	struct fixture			*fx = *state;
	const struct conf_setting	*s;

	assert_int_equal(parse_mem(fx,
	    "# comment\n"
	    "port = 5432\n"
	    "  shared_buffers 128MB   # no '='\n"
	    "\xc3\xa9t\xc3\xa9.x='caf\xc3\xa9' # after multibyte\n"
	    "search_path = '\"$user\", public'\n"
	    "work_mem=4MB#tight\n"
	    "lc_messages = en_US.UTF-8\n"
	    "seq_page_cost = .5\n"
	    "log_line_prefix 'it''s %m\\t'", 0), 0);
	assert_int_equal(fx->d.n, 0);
	assert_int_equal(fx->set.nsettings, 8);

	s = setting(fx, 0);
	assert_string_equal(s->name, "port");
	assert_string_equal(s->value, "5432");
	assert_false(s->quoted);
	assert_int_equal(s->value_type, CONF_TOK_INTEGER);
	assert_string_equal(s->name_pos.file, "t.conf");
	assert_int_equal(s->name_pos.line, 2);
	assert_int_equal(s->name_pos.col, 1);
	assert_int_equal(s->value_pos.col, 8);
	assert_int_equal(s->depth, 0);

	s = setting(fx, 1);
	assert_string_equal(s->name, "shared_buffers");
	assert_string_equal(s->value, "128MB");
	assert_int_equal(s->name_pos.col, 3);
	assert_int_equal(s->value_pos.col, 18);

	s = setting(fx, 2);
	assert_string_equal(s->name, "\xc3\xa9t\xc3\xa9.x");
	assert_int_equal(s->value_type, CONF_TOK_STRING);
	assert_true(s->quoted);
	assert_string_equal(s->value, "caf\xc3\xa9");
	assert_int_equal(s->name_pos.line, 4);
	assert_int_equal(s->value_pos.col, 7);	/* é t é . x = */

	s = setting(fx, 3);
	assert_string_equal(s->value, "\"$user\", public");

	s = setting(fx, 4);
	assert_string_equal(s->value, "4MB");
	assert_int_equal(s->value_pos.col, 10);

	s = setting(fx, 5);
	assert_string_equal(s->value, "en_US.UTF-8");
	assert_int_equal(s->value_type, CONF_TOK_UNQUOTED);

	s = setting(fx, 6);
	assert_string_equal(s->value, ".5");
	assert_int_equal(s->value_type, CONF_TOK_REAL);

	/* The last line has no newline; the server accepts it. */
	s = setting(fx, 7);
	assert_string_equal(s->value, "it's %m\t");
	assert_int_equal(s->name_pos.line, 9);
	assert_null(s->next);
}

static void
test_syntax_errors(void **state)
{
	struct fixture	*fx = *state;

	assert_int_equal(parse_mem(fx,
	    "port = = 5432\n"		/* 1: a second '=' */
	    "= 5\n"			/* 2: no name */
	    "work_mem\n"		/* 3: no value */
	    "a = 'unterminated\n"	/* 4: the quote is an error byte */
	    "b = 1.5GB\n"		/* 5: REAL then ID */
	    "c = /tmp\n"		/* 6: '/' starts no token */
	    "d = x y # two\n"		/* 7: two values */
	    "\xc3\xa9 = 'x' 'y'\n"	/* 8: after a multibyte name */
	    "a-b = 1\n"			/* 9: unquoted string as name */
	    "ok = 1\n"			/* 10: read after the errors */
	    "e = # nothing\n", 0), 1);	/* 11 */
	assert_int_equal(count_rule(fx, "conf-syntax"), 10);
	assert_int_equal(fx->set.nerrors, 10);
	check_diag(fx, 0, "conf-syntax", 1, 8,
	    "syntax error near token \"=\"");
	check_diag(fx, 1, "conf-syntax", 2, 1,
	    "syntax error near token \"=\"");
	check_diag(fx, 2, "conf-syntax", 3, 9,
	    "syntax error near end of line");
	check_diag(fx, 3, "conf-syntax", 4, 5,
	    "syntax error near token \"'\"");
	check_diag(fx, 4, "conf-syntax", 5, 8,
	    "syntax error near token \"GB\"");
	check_diag(fx, 5, "conf-syntax", 6, 5,
	    "syntax error near token \"/\"");
	check_diag(fx, 6, "conf-syntax", 7, 7,
	    "syntax error near token \"y\"");
	check_diag(fx, 7, "conf-syntax", 8, 9,
	    "syntax error near token \"'y'\"");
	check_diag(fx, 8, "conf-syntax", 9, 1,
	    "syntax error near token \"a-b\"");
	/* "near end of line" points at the '\n', after the comment. */
	check_diag(fx, 9, "conf-syntax", 11, 14,
	    "syntax error near end of line");
	assert_null(fx->d.v[9].hint);
	assert_int_equal(fx->set.nsettings, 1);
	assert_string_equal(setting(fx, 0)->name, "ok");
}

/* Without a final newline the server numbers the error one line up. */
static void
test_error_at_eof(void **state)
{
	struct fixture	*fx = *state;

	assert_int_equal(parse_mem(fx, "port = 1\nwork_mem =", 0), 1);
	assert_int_equal(fx->d.n, 1);
	check_diag(fx, 0, "conf-syntax", 2, 11,
	    "syntax error near end of line");
	assert_non_null(fx->d.v[0].hint);
	assert_string_equal(fx->d.v[0].hint,
	    "the server reports this as line 1");
}

static void
test_error_bound(void **state)
{
	struct fixture	*fx = *state;
	struct strbuf_like {
		char	*p;
		size_t	 n;
	}		 b;
	size_t		 i;

	/* 150 bad lines, then a good one the server never reaches. */
	b.p = arena_alloc(fx->a, 150 * 4 + 16);
	b.n = 0;
	for (i = 0; i < 150; i++) {
		memcpy(b.p + b.n, "x =\n", 4);
		b.n += 4;
	}
	memcpy(b.p + b.n, "port = 1\n", 9);
	b.n += 9;
	assert_int_equal(parse_mem(fx, b.p, b.n), 1);
	assert_int_equal(count_rule(fx, "conf-syntax"), 101);
	assert_int_equal(fx->set.nsettings, 0);
	/* The whole-file message sorts first (line 0). */
	assert_int_equal(fx->d.v[0].pos.line, 0);
	assert_string_equal(fx->d.v[0].msg,
	    "too many syntax errors found, abandoning file \"t.conf\"");
	assert_int_equal(fx->d.v[100].pos.line, 100);
}

static void
test_nul_and_invalid_utf8(void **state)
{
	struct fixture	*fx = *state;
	/*
	 * 1: the value is cut at the NUL, and loses the y before it;
	 * 2: a NUL in a comment is fine; 3: a NUL byte is an error token;
	 * 4: invalid UTF-8 bytes are letters; 5: an invalid byte is one
	 * column.
	 */
	static const char in[] =
	    "a = 'xy\0z'\n"
	    "# a NUL \0 in a comment\n"
	    "b = 5\0\n"
	    "\xff\xfe = \xfa\n"
	    "c = '\xff' x\n";

	assert_int_equal(parse_mem(fx, in, sizeof(in) - 1), 1);
	assert_int_equal(fx->d.n, 2);
	check_diag(fx, 0, "conf-syntax", 3, 6, "syntax error near token \"\"");
	check_diag(fx, 1, "conf-syntax", 5, 9,
	    "syntax error near token \"x\"");
	assert_int_equal(fx->set.nsettings, 2);
	assert_string_equal(setting(fx, 0)->value, "x");
	assert_string_equal(setting(fx, 1)->name, "\xff\xfe");
	assert_string_equal(setting(fx, 1)->value, "\xfa");
	assert_int_equal(setting(fx, 1)->value_pos.col, 6);
}

static void
test_last_wins(void **state)
{
	struct fixture	*fx = *state;

	assert_int_equal(parse_mem(fx,
	    "port = 1\n"
	    "work_mem = 1MB\n"
	    "Port = 2\n"
	    "PORT = 3\n", 0), 0);
	assert_int_equal(fx->set.nsettings, 4);
	assert_true(setting(fx, 0)->overridden);
	assert_ptr_equal(setting(fx, 0)->overridden_by, setting(fx, 3));
	assert_false(setting(fx, 1)->overridden);
	assert_true(setting(fx, 2)->overridden);
	assert_false(setting(fx, 3)->overridden);
	assert_null(setting(fx, 3)->overridden_by);
	assert_int_equal(fx->d.n, 2);
	check_diag(fx, 0, "conf-duplicate", 1, 1,
	    "parameter \"port\" is set again on line 4; the last setting wins");
	check_diag(fx, 1, "conf-duplicate", 3, 1,
	    "parameter \"Port\" is set again on line 4; the last setting wins");
	assert_int_equal(fx->d.v[0].level, LEVEL_WARNING);
}

static void
test_include_relative(void **state)
{
	struct fixture			*fx = *state;
	const struct conf_setting	*s;

	mkdir_in(fx, "sub");
	put(fx, "main.conf",
	    "port = 1\n"
	    "include 'sub/a.conf'\n"
	    "INCLUDE = sub/../sub/b.conf # upper case, unquoted\n"
	    "work_mem = 2MB\n", 0);
	/* Relative to sub/, where a.conf is, not to main.conf. */
	put(fx, "sub/a.conf", "include_if_exists 'c.conf'\nport = 2\n", 0);
	put(fx, "sub/c.conf", "  max_connections = 7\n", 0);
	put(fx, "sub/b.conf", "include_if_exists 'missing.conf'\n", 0);
	assert_int_equal(parse_path(fx, "main.conf"), 0);
	/* Only the duplicate port. */
	assert_int_equal(fx->d.n, 1);
	assert_int_equal(fx->set.nsettings, 4);
	s = setting(fx, 1);
	assert_string_equal(s->name, "max_connections");
	assert_string_equal(s->name_pos.file, path_of(fx, "sub/c.conf"));
	assert_int_equal(s->name_pos.line, 1);
	assert_int_equal(s->name_pos.col, 3);
	assert_int_equal(s->depth, 2);
	s = setting(fx, 2);
	assert_string_equal(s->name_pos.file, path_of(fx, "sub/a.conf"));
	assert_string_equal(setting(fx, 3)->name, "work_mem");
	assert_true(setting(fx, 0)->overridden);
	assert_string_equal(fx->d.v[0].msg, arena_printf(fx->a,
	    "parameter \"port\" is set again in \"%s\" line 2; the last "
	    "setting wins", path_of(fx, "sub/a.conf")));
	/* Every file read, in order. */
	assert_string_equal(fx->set.files->path, path_of(fx, "main.conf"));
	assert_string_equal(fx->set.files->next->next->path,
	    path_of(fx, "sub/c.conf"));
}

static void
test_include_missing(void **state)
{
	struct fixture	*fx = *state;

	put(fx, "main.conf",
	    "include_if_exists 'nope.conf'\n"
	    "include   'nope.conf'\n"
	    "include ''\n"
	    "include_dir '  '\n"
	    "include_dir 'nodir'\n"
	    "port = 1\n", 0);
	assert_int_equal(parse_path(fx, "main.conf"), 1);
	assert_int_equal(fx->d.n, 4);
	assert_int_equal(fx->set.nerrors, 4);
	assert_string_equal(fx->d.v[0].pos.file, path_of(fx, "main.conf"));
	check_diag(fx, 0, "conf-include", 2, 11, arena_printf(fx->a,
	    "could not open configuration file \"%s\": No such file or "
	    "directory", path_of(fx, "nope.conf")));
	check_diag(fx, 1, "conf-include", 3, 9,
	    "empty configuration file name: \"\"");
	check_diag(fx, 2, "conf-include", 4, 13,
	    "empty configuration directory name: \"  \"");
	check_diag(fx, 3, "conf-include", 5, 13, arena_printf(fx->a,
	    "could not open configuration directory \"%s\": No such file or "
	    "directory", path_of(fx, "nodir")));
	/* The rest of the file is still read. */
	assert_int_equal(fx->set.nsettings, 1);
}

static void
test_include_directory_as_file(void **state)
{
	struct fixture	*fx = *state;

	mkdir_in(fx, "d");
	put(fx, "main.conf", "include_if_exists 'd'\n", 0);
	assert_int_equal(parse_path(fx, "main.conf"), 1);
	assert_int_equal(fx->d.n, 1);
	/* Where the server puts it: the directory itself, line 1. */
	check_diag(fx, 0, "conf-include", 1, 1, arena_printf(fx->a,
	    "input in flex scanner failed: \"d\" is a directory, included "
	    "at %s:1", path_of(fx, "main.conf")));
	assert_string_equal(fx->d.v[0].pos.file, path_of(fx, "d"));
}

static void
test_include_dir(void **state)
{
	struct fixture	*fx = *state;
	static const char *const order[] = {
		"10.conf", "9.conf", "B.conf", "a.conf", "b.conf", "link.conf"
	};
	size_t		 i;

	mkdir_in(fx, "conf.d");
	mkdir_in(fx, "conf.d/sub.conf");	/* a directory: skipped */
	put(fx, "main.conf", "include_dir 'conf.d'\nport = 9\n", 0);
	put(fx, "conf.d/b.conf", "b.conf = 1\n", 0);
	put(fx, "conf.d/a.conf", "a.conf = 1\n", 0);
	put(fx, "conf.d/B.conf", "x.upper = 1\n", 0);
	put(fx, "conf.d/10.conf", "x.f10 = 1\n", 0);
	put(fx, "conf.d/9.conf", "x.f9 = 1\n", 0);
	/* Skipped: hidden, wrong suffix, too short, no suffix. */
	put(fx, "conf.d/.hidden.conf", "bad =\n", 0);
	put(fx, "conf.d/x.conf.bak", "bad =\n", 0);
	put(fx, "conf.d/.conf", "bad =\n", 0);
	put(fx, "conf.d/README", "bad =\n", 0);
	put(fx, "target", "link.conf = 1\n", 0);
	assert_int_equal(symlink("../target",
	    path_of(fx, "conf.d/link.conf")), 0);
	assert_int_equal(parse_path(fx, "main.conf"), 0);
	assert_int_equal(fx->d.n, 0);
	assert_int_equal(fx->set.nsettings, 7);
	/* Names compare with strcmp: digits, upper case, lower case. */
	for (i = 0; i < 6; i++) {
		const struct conf_setting *s = setting(fx, i);

		assert_string_equal(s->name_pos.file, path_of(fx,
		    arena_printf(fx->a, "conf.d/%s", order[i])));
		assert_int_equal(s->depth, 1);
	}
	assert_string_equal(setting(fx, 6)->name, "port");
}

/* The first file that fails ends the directory, as in the server. */
static void
test_include_dir_stops(void **state)
{
	struct fixture	*fx = *state;

	mkdir_in(fx, "d");
	put(fx, "main.conf", "include_dir 'd'\nport = 1\nwork_mem =\n", 0);
	put(fx, "d/01.conf", "a.x = 1\n", 0);
	put(fx, "d/02.conf", "a.y = \nz.z = 1\n", 0);
	put(fx, "d/03.conf", "a.w = \n", 0);
	assert_int_equal(parse_path(fx, "main.conf"), 1);
	assert_int_equal(fx->d.n, 2);
	assert_string_equal(fx->d.v[0].pos.file, path_of(fx, "d/02.conf"));
	check_diag(fx, 0, "conf-syntax", 1, 7,
	    "syntax error near end of line");
	assert_string_equal(fx->d.v[1].pos.file, path_of(fx, "main.conf"));
	check_diag(fx, 1, "conf-syntax", 3, 11,
	    "syntax error near end of line");
	/* 02.conf is read to its end; 03.conf is never opened. */
	assert_int_equal(fx->set.nsettings, 3);
	assert_string_equal(setting(fx, 1)->name, "z.z");
}

/* Depth 10 is allowed; the include at depth 10 of an 11th file is not. */
static void
test_include_depth(void **state)
{
	struct fixture	*fx = *state;
	int		 i;

	put(fx, "main.conf", "include 'f1.conf'\n", 0);
	for (i = 1; i < 10; i++)
		put(fx, arena_printf(fx->a, "f%d.conf", i), arena_printf(fx->a,
		    "x.f%d = 1\ninclude 'f%d.conf'\n", i, i + 1), 0);
	put(fx, "f10.conf", "x.f10 = 1\n", 0);
	assert_int_equal(parse_path(fx, "main.conf"), 0);
	assert_int_equal(fx->set.nsettings, 10);
	assert_int_equal(fx->set.last->depth, 10);

	put(fx, "f10.conf", "x.f10 = 1\n  include 'f11.conf'\n", 0);
	put(fx, "f11.conf", "x.f11 = 1\n", 0);
	conf_set_init(&fx->set);
	diags_init(&fx->d, fx->a);
	assert_int_equal(parse_path(fx, "main.conf"), 1);
	assert_int_equal(fx->d.n, 1);
	assert_string_equal(fx->d.v[0].pos.file, path_of(fx, "f10.conf"));
	check_diag(fx, 0, "conf-include", 2, 11,
	    "could not open configuration file \"f11.conf\": maximum nesting "
	    "depth exceeded");
	assert_int_equal(fx->set.nsettings, 10);
}

/*
 * a -> b -> a runs into the depth limit.  The server reads the same lines
 * five times over, which is no duplicate to warn about; each is listed
 * once, where it is read last.
 */
static void
test_include_cycle(void **state)
{
	struct fixture	*fx = *state;

	put(fx, "main.conf", "include 'a.conf'\n", 0);
	put(fx, "a.conf", "x.a = 1\ninclude 'b.conf'\n", 0);
	put(fx, "b.conf", "x.b = 1\ninclude 'a.conf'\n", 0);
	assert_int_equal(parse_path(fx, "main.conf"), 1);
	assert_int_equal(fx->d.n, 1);
	/* a.conf is at depths 1, 3, ... 9; b.conf at 2 ... 10. */
	assert_string_equal(fx->d.v[0].pos.file, path_of(fx, "b.conf"));
	check_diag(fx, 0, "conf-include", 2, 9, "could not open "
	    "configuration file \"a.conf\": maximum nesting depth exceeded");
	assert_int_equal(fx->set.nsettings, 2);
	assert_string_equal(setting(fx, 0)->name, "x.a");
	assert_int_equal(setting(fx, 0)->depth, 9);
	assert_string_equal(setting(fx, 1)->name, "x.b");
	assert_int_equal(setting(fx, 1)->depth, 10);
	/* Each file read once. */
	assert_non_null(fx->set.files->next->next);
	assert_null(fx->set.files->next->next->next);
}

/*
 * A file included again later overrides what came between: the server
 * reads it again there.  Its line is listed once, at the later reading.
 */
static void
test_include_again_wins(void **state)
{
	struct fixture	*fx = *state;

	put(fx, "main.conf", "include 'a.conf'\nwork_mem = 2MB\n"
	    "include 'a.conf'\n", 0);
	put(fx, "a.conf", "work_mem = 1MB\n", 0);
	assert_int_equal(parse_path(fx, "main.conf"), 0);
	assert_int_equal(fx->set.nsettings, 2);
	assert_string_equal(setting(fx, 0)->name_pos.file,
	    path_of(fx, "main.conf"));
	assert_true(setting(fx, 0)->overridden);
	assert_string_equal(setting(fx, 1)->name_pos.file,
	    path_of(fx, "a.conf"));
	assert_false(setting(fx, 1)->overridden);
	assert_int_equal(fx->d.n, 1);
	check_diag(fx, 0, "conf-duplicate", 2, 1, arena_printf(fx->a,
	    "parameter \"work_mem\" is set again in \"%s\" line 1; the last "
	    "setting wins", path_of(fx, "a.conf")));
	/* read once */
	assert_string_equal(fx->set.files->next->path, path_of(fx, "a.conf"));
	assert_null(fx->set.files->next->next);
}

/*
 * x.conf is included at depth 1, where its include of y.conf works, and
 * at depth 10 through a chain, where it exceeds the depth limit: the
 * error is there once, and each line is listed where it is read last.
 */
static void
test_include_two_depths(void **state)
{
	struct fixture	*fx = *state;
	int		 i;

	put(fx, "main.conf", "include 'x.conf'\ninclude 'f1.conf'\n", 0);
	for (i = 1; i < 9; i++)
		put(fx, arena_printf(fx->a, "f%d.conf", i), arena_printf(fx->a,
		    "include 'f%d.conf'\n", i + 1), 0);
	put(fx, "f9.conf", "include 'x.conf'\n", 0);
	put(fx, "x.conf", "x.x = 1\ninclude 'y.conf'\n", 0);
	put(fx, "y.conf", "y.y = 1\n", 0);
	assert_int_equal(parse_path(fx, "main.conf"), 1);
	assert_int_equal(fx->d.n, 1);
	assert_string_equal(fx->d.v[0].pos.file, path_of(fx, "x.conf"));
	check_diag(fx, 0, "conf-include", 2, 9, "could not open "
	    "configuration file \"y.conf\": maximum nesting depth exceeded");
	assert_int_equal(fx->set.nsettings, 2);
	assert_string_equal(setting(fx, 0)->name, "y.y");
	assert_int_equal(setting(fx, 0)->depth, 2);
	assert_string_equal(setting(fx, 1)->name, "x.x");
	assert_int_equal(setting(fx, 1)->depth, 10);
}

/* What pgpair does not read: a FIFO (even for include_if_exists), a device. */
static void
test_include_not_regular(void **state)
{
	struct fixture	*fx = *state;

	assert_int_equal(mkfifo(path_of(fx, "fifo.conf"), 0600), 0);
	put(fx, "main.conf", "include_if_exists 'fifo.conf'\n"
	    "include '/dev/null'\nport = 5\n", 0);
	assert_int_equal(parse_path(fx, "main.conf"), 1);
	assert_int_equal(fx->d.n, 2);
	check_diag(fx, 0, "conf-include", 1, 19, arena_printf(fx->a,
	    "could not open configuration file \"%s\": not a regular file "
	    "but a FIFO", path_of(fx, "fifo.conf")));
	check_diag(fx, 1, "conf-include", 2, 9, "could not open "
	    "configuration file \"/dev/null\": not a regular file but a "
	    "device");
	assert_int_equal(fx->set.nsettings, 1);
}

/* pgpair's bounds: include directives in a file, files in a folder. */
static void
test_include_limits(void **state)
{
	struct fixture	*fx = *state;
	char		*text, *p;
	size_t		 i;

	text = p = arena_alloc(fx->a, (CONF_MAX_INCLUDES + 1) * 32);
	for (i = 0; i <= CONF_MAX_INCLUDES; i++)
		p += sprintf(p, "include_if_exists 'no.conf'\n");
	put(fx, "main.conf", text, 0);
	assert_int_equal(parse_path(fx, "main.conf"), 1);
	assert_int_equal(fx->d.n, 1);
	check_diag(fx, 0, "conf-include", CONF_MAX_INCLUDES + 1, 19,
	    arena_printf(fx->a, "more than %d include directives in one "
	    "file (pgpair's limit)", CONF_MAX_INCLUDES));

	/* A folder of one file too many is refused before any is read. */
	mkdir_in(fx, "d");
	for (i = 0; i <= CONF_MAX_DIR_FILES; i++)
		put(fx, arena_printf(fx->a, "d/%05zu.conf", i),
		    arena_printf(fx->a, "x.n%zu = 1\n", i), 0);
	put(fx, "main.conf", "include_dir 'd'\n", 0);
	conf_set_init(&fx->set);
	diags_init(&fx->d, fx->a);
	assert_int_equal(parse_path(fx, "main.conf"), 1);
	assert_int_equal(fx->d.n, 1);
	check_diag(fx, 0, "conf-include", 1, 13, arena_printf(fx->a,
	    "could not open configuration directory \"%s\": more than %d "
	    "files (pgpair's limit)", path_of(fx, "d"), CONF_MAX_DIR_FILES));
	assert_int_equal(fx->set.nsettings, 0);

	/* Files included in all: two folders within the bound each. */
	assert_int_equal(unlink(path_of(fx, "d/00000.conf")), 0);
	mkdir_in(fx, "e");
	put(fx, "e/1.conf", "x.z = 1\n", 0);
	put(fx, "main.conf", "include_dir 'd'\ninclude_dir 'e'\n", 0);
	conf_set_init(&fx->set);
	diags_init(&fx->d, fx->a);
	assert_int_equal(parse_path(fx, "main.conf"), 1);
	assert_int_equal(fx->d.n, 1);
	check_diag(fx, 0, "conf-include", 2, 13, arena_printf(fx->a,
	    "could not open configuration file \"%s\": more than %d files "
	    "included (pgpair's limit)", path_of(fx, "e/1.conf"),
	    CONF_MAX_FILES));
	assert_int_equal(fx->set.nsettings, CONF_MAX_FILES);
}

static void
test_include_self(void **state)
{
	struct fixture	*fx = *state;

	mkdir_in(fx, "d");
	put(fx, "main.conf", "include './main.conf'\n", 0);
	assert_int_equal(parse_path(fx, "main.conf"), 1);
	assert_int_equal(fx->d.n, 1);
	check_diag(fx, 0, "conf-include", 1, 9, arena_printf(fx->a,
	    "configuration file recursion in \"%s\"",
	    path_of(fx, "main.conf")));

	/* include_dir of its own folder: the file itself is in the list. */
	put(fx, "d/x.conf", "include_dir '.'\n", 0);
	put(fx, "main.conf", "include 'd/x.conf'\n", 0);
	conf_set_init(&fx->set);
	diags_init(&fx->d, fx->a);
	assert_int_equal(parse_path(fx, "main.conf"), 1);
	assert_int_equal(fx->d.n, 1);
	check_diag(fx, 0, "conf-include", 1, 13, arena_printf(fx->a,
	    "configuration file recursion in \"%s\"",
	    path_of(fx, "d/x.conf")));
}

static void
test_include_absolute(void **state)
{
	struct fixture	*fx = *state;

	mkdir_in(fx, "x");
	put(fx, "other.conf", "port = 3\n", 0);
	put(fx, "x/main.conf", arena_printf(fx->a, "include '%s'\n",
	    path_of(fx, "other.conf")), 0);
	assert_int_equal(parse_path(fx, "x/main.conf"), 0);
	assert_int_equal(fx->set.nsettings, 1);
	assert_string_equal(setting(fx, 0)->name_pos.file,
	    path_of(fx, "other.conf"));
}

static void
test_top_missing(void **state)
{
	struct fixture	*fx = *state;

	assert_int_equal(parse_path(fx, "absent.conf"), -1);
	assert_int_equal(fx->d.n, 1);
	assert_null(fx->d.v[0].rule);
	assert_int_equal(fx->d.v[0].level, LEVEL_ERROR);
	assert_int_equal(fx->d.v[0].pos.line, 0);
}

static void
test_name_cmp(void **state)
{
	(void)state;
	assert_int_equal(conf_name_cmp("Shared_Buffers", "shared_buffers"), 0);
	assert_true(conf_name_cmp("a", "b") < 0);
	assert_true(conf_name_cmp("ab", "a") > 0);
	/* Only ASCII folds, as in guc_name_compare(). */
	assert_true(conf_name_cmp("\xc3\x89", "\xc3\xa9") != 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_error_at_eof, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_error_bound, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_nul_and_invalid_utf8,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_wins, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_relative, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_missing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_directory_as_file,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_include_dir, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_dir_stops, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_depth, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_cycle, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_again_wins, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_two_depths, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_not_regular,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_include_limits, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_self, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_absolute, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_top_missing, setup,
		    teardown),
		cmocka_unit_test(test_name_cmp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

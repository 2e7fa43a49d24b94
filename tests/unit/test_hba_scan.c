/*
 * Unit tests for hba_scan.c: fields, tokens and their exact positions,
 * quoting, comments, @file expansion, backslash continuation and include
 * records, each for the PostgreSQL versions where the server's tokenizer
 * behaves differently; included and @files read once, and pgpair's bounds.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
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
#include "hba_scan.h"

struct fx {
	struct arena		*a;
	struct hba_toklines	 tl;
	char			 dir[64];	/* a scratch folder, or "" */
};

static int
setup(void **state)
{
	struct fx	*fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->a = arena_new();
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;
	char		 cmd[128];

	if (fx->dir[0] != '\0') {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
		if (system(cmd) != 0)
			return -1;
	}
	arena_free(fx->a);
	free(fx);
	return 0;
}

static const struct hba_tokline *
scan(struct fx *fx, int major, const char *text)
{
	assert_int_equal(hba_scan_buf(fx->a, "pg_hba.conf", text, strlen(text),
	    major, &fx->tl), 0);
	return fx->tl.first;
}

/* A file in the scratch folder; returns its path (in the arena). */
static const char *
write_file(struct fx *fx, const char *name, const char *text)
{
	const char	*path;
	FILE		*fp;

	if (fx->dir[0] == '\0') {
		strcpy(fx->dir, "/tmp/test_hba_scan.XXXXXX");
		assert_non_null(mkdtemp(fx->dir));
	}
	path = arena_printf(fx->a, "%s/%s", fx->dir, name);
	/* make the folders on the way, as mkdir -p */
	for (const char *sl = strchr(name, '/'); sl != NULL;
	    sl = strchr(sl + 1, '/')) {
		char	*sub = arena_printf(fx->a, "%s/%.*s", fx->dir,
		    (int)(sl - name), name);

		assert_int_equal(mkdir(sub, 0700) == 0 || errno == EEXIST, 1);
	}
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static void
assert_pos(const struct pos *p, unsigned line, unsigned col)
{
	assert_int_equal(p->line, line);
	assert_int_equal(p->col, col);
}

static void
test_field_columns(void **state)
{
	const struct hba_tokline *l;

	l = scan(*state, 18, "# comment\n\n"
	    "host  all\tdb1,\"u 2\"  127.0.0.1/32 md5 # trailing\n");
	assert_non_null(l);
	assert_null(l->next);
	assert_null(l->error);
	assert_int_equal(l->nfield, 5);
	assert_pos(&l->pos, 3, 1);
	assert_pos(&l->field[0].pos, 3, 1);
	assert_pos(&l->field[1].pos, 3, 7);
	assert_pos(&l->field[2].pos, 3, 11);
	assert_int_equal(l->field[2].ntok, 2);
	assert_string_equal(l->field[2].tok[1].text, "u 2");
	assert_pos(&l->field[2].tok[1].pos, 3, 15);
	assert_pos(&l->field[2].end, 3, 20);
	assert_pos(&l->field[3].pos, 3, 22);
	assert_pos(&l->field[4].pos, 3, 35);
	assert_pos(&l->eol, 3, 38);
}

static void
test_columns_count_characters(void **state)
{
	const struct hba_tokline *l;

	/* "é" is two bytes but one column */
	l = scan(*state, 18, "host \"dé\" u all md5\n");
	assert_string_equal(l->field[1].tok[0].text, "d\xc3\xa9");
	assert_pos(&l->field[2].pos, 1, 11);
}

static void
test_quoted_flag(void **state)
{
	const struct hba_tokline *l;

	l = scan(*state, 18, "host \"all\" all \"\" x\"y\"\n");
	assert_int_equal(l->nfield, 5);
	assert_string_equal(l->field[1].tok[0].text, "all");
	assert_int_equal(l->field[1].tok[0].quoted, 1);
	assert_string_equal(l->field[2].tok[0].text, "all");
	assert_int_equal(l->field[2].tok[0].quoted, 0);
	/* "" is an empty, quoted token, not nothing */
	assert_string_equal(l->field[3].tok[0].text, "");
	assert_int_equal(l->field[3].tok[0].quoted, 1);
	/* a quote after the first character does not make it quoted */
	assert_string_equal(l->field[4].tok[0].text, "xy");
	assert_int_equal(l->field[4].tok[0].quoted, 0);
}

static void
test_comma_lists(void **state)
{
	const struct hba_tokline *l;

	l = scan(*state, 18, "host \"a,b\",c d, e f ,g h,,i\n");
	assert_int_equal(l->nfield, 6);
	assert_int_equal(l->field[1].ntok, 2);
	assert_string_equal(l->field[1].tok[0].text, "a,b");
	assert_string_equal(l->field[1].tok[1].text, "c");
	/* a comma at the end of a token continues the field past blanks */
	assert_int_equal(l->field[2].ntok, 2);
	assert_string_equal(l->field[2].tok[1].text, "e");
	/* but blanks before the comma end it, and ",g" is a new field */
	assert_int_equal(l->field[3].ntok, 1);
	assert_string_equal(l->field[3].tok[0].text, "f");
	assert_string_equal(l->field[4].tok[0].text, "g");
	assert_pos(&l->field[4].pos, 1, 22);
	/* empty elements vanish: "h,,i" is two tokens */
	assert_int_equal(l->field[5].ntok, 2);
	l = scan(*state, 18, "a ,g h,,i\n");
	assert_int_equal(l->nfield, 3);
	assert_string_equal(l->field[1].tok[0].text, "g");
	assert_int_equal(l->field[2].ntok, 2);
	assert_string_equal(l->field[2].tok[1].text, "i");
}

/*
 * A line of more tokens than the scanner has room for at first, read in
 * one pass: the room grows in the middle of a field, and every field
 * still holds its own tokens.
 */
static void
test_many_tokens(void **state)
{
	struct fx			*fx = *state;
	const struct hba_tokline	*l;
	char				*text, *p;

	text = p = arena_alloc(fx->a, 4096);
	p += sprintf(p, "host ");
	for (int i = 0; i < 300; i++)
		p += sprintf(p, "%sdb%d", i > 0 ? "," : "", i);
	sprintf(p, " u%d,v 10.0.0.0/8 md5\n", 7);
	l = scan(fx, 18, text);
	assert_int_equal(l->nfield, 5);
	assert_int_equal(l->field[0].ntok, 1);
	assert_string_equal(l->field[0].tok[0].text, "host");
	assert_int_equal(l->field[1].ntok, 300);
	assert_string_equal(l->field[1].tok[0].text, "db0");
	assert_string_equal(l->field[1].tok[299].text, "db299");
	assert_int_equal(l->field[2].ntok, 2);
	assert_string_equal(l->field[2].tok[0].text, "u7");
	assert_string_equal(l->field[2].tok[1].text, "v");
	assert_string_equal(l->field[4].tok[0].text, "md5");
}

static void
test_doubled_quote(void **state)
{
	const struct hba_tokline *l;

	l = scan(*state, 18, "\"a\"\"b\" \"\"\"\" \"x#y\" z#w\n");
	assert_int_equal(l->nfield, 4);
	assert_string_equal(l->field[0].tok[0].text, "a\"b");
	assert_string_equal(l->field[1].tok[0].text, "\"");
	assert_string_equal(l->field[2].tok[0].text, "x#y");
	/* an unquoted # starts a comment, even inside a token */
	assert_string_equal(l->field[3].tok[0].text, "z");
}

static void
test_group_and_at(void **state)
{
	const struct hba_tokline *l;

	l = scan(*state, 18, "host all +admins,@ \"@x\" md5\n");
	assert_null(l->error);
	assert_string_equal(l->field[2].tok[0].text, "+admins");
	assert_int_equal(l->field[2].tok[0].quoted, 0);
	/* "@" alone and a quoted "@x" are names, not files */
	assert_string_equal(l->field[2].tok[1].text, "@");
	assert_string_equal(l->field[3].tok[0].text, "@x");
}

static void
test_at_file_relative(void **state)
{
	struct fx			*fx = *state;
	const struct hba_tokline	*l;
	const char			*top;

	top = write_file(fx, "pg_hba.conf",
	    "host all u0,@sub/users 10.0.0.0/8 md5\n");
	write_file(fx, "sub/users", "alice, bob\n# c\n\"carol x\" @inner\n");
	write_file(fx, "sub/inner", "dave\n");
	assert_int_equal(hba_scan_file(fx->a, top, 18, &fx->tl), 0);
	l = fx->tl.first;
	assert_null(l->error);
	assert_int_equal(l->nfield, 5);
	assert_int_equal(l->field[2].ntok, 5);
	assert_string_equal(l->field[2].tok[1].text, "alice");
	assert_string_equal(l->field[2].tok[3].text, "carol x");
	assert_int_equal(l->field[2].tok[3].quoted, 1);
	/* @inner is relative to sub/users, not to pg_hba.conf */
	assert_string_equal(l->field[2].tok[4].text, "dave");
	assert_non_null(strstr(l->field[2].tok[4].pos.file, "sub/inner"));
	/* the field is where it is written */
	assert_string_equal(l->field[2].pos.file, top);
	assert_pos(&l->field[2].pos, 1, 10);
	assert_pos(&l->field[2].tok[3].pos, 3, 1);
}

static void
test_at_file_missing(void **state)
{
	const struct hba_tokline *l;

	l = scan(*state, 15, "host all @nofile all md5\n");
	assert_int_equal(l->err, HBA_SCAN_INCLUDE);
	assert_string_equal(l->error, "could not open secondary authentication "
	    "file \"@nofile\" as \"nofile\": No such file or directory");
	assert_pos(&l->errpos, 1, 10);
	l = scan(*state, 16, "host all @nofile all md5\n");
	assert_string_equal(l->error,
	    "could not open file \"nofile\": No such file or directory");
}

static void
test_continuation(void **state)
{
	const struct hba_tokline *l;
	const char *text = "host all all \\\n    127.0.0.1/32 md5\nlocal all "
	    "all "
	    "trust\n";

	/* 14 and later join the lines; positions stay on the second line */
	l = scan(*state, 14, text);
	assert_int_equal(l->nfield, 5);
	assert_pos(&l->field[3].pos, 2, 5);
	assert_pos(&l->field[4].pos, 2, 18);
	assert_pos(&l->next->pos, 3, 1);
	/* 12 and 13 keep the backslash as a token of its own */
	l = scan(*state, 13, text);
	assert_int_equal(l->nfield, 4);
	assert_string_equal(l->field[3].tok[0].text, "\\");
	assert_int_equal(l->next->nfield, 2);
	assert_pos(&l->next->pos, 2, 1);
	/* a comment swallows the continuation line */
	l = scan(*state, 18, "a # b \\\nc\nd\n");
	assert_int_equal(l->nfield, 1);
	assert_string_equal(l->next->field[0].tok[0].text, "d");
	/* an empty line ends a continuation */
	l = scan(*state, 18, "a \\\n\nb\n");
	assert_int_equal(l->nfield, 1);
	assert_pos(&l->next->pos, 3, 1);
}

static void
test_crlf(void **state)
{
	const struct hba_tokline *l;

	l = scan(*state, 18, "local all all trust\r\nhost x\r\n");
	assert_int_equal(l->nfield, 4);
	assert_string_equal(l->field[3].tok[0].text, "trust");
	assert_int_equal(l->next->nfield, 2);
}

/*
 * Lines of ASCII without quotes: their texts are stored over the file's
 * own bytes, so each must survive the records read after it, up to the end
 * of a text without a final newline.
 */
static void
test_plain_lines(void **state)
{
	const char			*text = "host a,b,,c  x#note\r\n"
	    "local a, \nhost b ,c\n   # x\n\t\r\nhost @ x\na\001b c\n"
	    "host \"q\" x\nlocal y  \\\nz\nlocal all all trust";
	const struct hba_tokline	*l;

	l = scan(*state, 14, text);
	/* a comma list; a comment right after a token ends it at the CR */
	assert_int_equal(l->nfield, 3);
	assert_int_equal(l->field[1].ntok, 3);
	assert_string_equal(l->field[1].tok[0].text, "a");
	assert_string_equal(l->field[1].tok[1].text, "b");
	assert_string_equal(l->field[1].tok[2].text, "c");
	assert_pos(&l->field[1].tok[2].pos, 1, 11);
	assert_pos(&l->field[1].end, 1, 12);
	assert_string_equal(l->field[2].tok[0].text, "x");
	assert_pos(&l->field[2].end, 1, 20);
	assert_pos(&l->eol, 1, 20);
	/* a final comma ends the field at the comma */
	l = l->next;
	assert_int_equal(l->nfield, 2);
	assert_pos(&l->field[1].end, 2, 8);
	/* "b ,c" is two fields */
	l = l->next;
	assert_int_equal(l->nfield, 3);
	assert_pos(&l->field[2].pos, 3, 9);
	/* blank and comment lines are no records; "@" alone is a token */
	l = l->next;
	assert_pos(&l->pos, 6, 1);
	assert_string_equal(l->field[1].tok[0].text, "@");
	assert_int_equal(l->field[1].tok[0].quoted, 0);
	/* other control characters are in tokens */
	l = l->next;
	assert_string_equal(l->field[0].tok[0].text, "a\001b");
	assert_pos(&l->field[1].pos, 7, 5);
	/* a quoted line, then a continued one */
	l = l->next;
	assert_string_equal(l->field[1].tok[0].text, "q");
	assert_int_equal(l->field[1].tok[0].quoted, 1);
	l = l->next;
	assert_pos(&l->pos, 9, 1);
	assert_int_equal(l->nfield, 3);
	assert_pos(&l->field[2].pos, 10, 1);
	assert_pos(&l->eol, 10, 2);
	/* the last token ends at the end of the text */
	l = l->next;
	assert_int_equal(l->nfield, 4);
	assert_string_equal(l->field[3].tok[0].text, "trust");
	assert_pos(&l->field[3].end, 11, 20);
	assert_null(l->next);
	/* the texts of the first records outlive the others */
	l = ((struct fx *)*state)->tl.first;
	assert_string_equal(l->field[0].tok[0].text, "host");
	assert_string_equal(l->next->field[0].tok[0].text, "local");
	assert_string_equal(l->next->field[1].tok[0].text, "a");

	/* 13 does not continue lines: the backslash is a token */
	l = scan(*state, 13, text);
	for (int i = 0; i < 6; i++)
		l = l->next;
	assert_pos(&l->pos, 9, 1);
	assert_int_equal(l->nfield, 3);
	assert_string_equal(l->field[2].tok[0].text, "\\");
	assert_pos(&l->next->pos, 10, 1);
}

static void
test_token_too_long(void **state)
{
	struct fx			*fx = *state;
	const struct hba_tokline	*l;
	char				*text;
	size_t				 n = 10240;

	/* 12 to 15 allow 10239 bytes; 16 has no limit */
	text = arena_alloc(fx->a, n + 32);
	memcpy(text, "host all ", 9);
	memset(text + 9, 'u', n - 1);
	strcpy(text + 9 + n - 1, " all md5\n");
	l = scan(fx, 15, text);
	assert_null(l->error);
	memset(text + 9, 'u', n);
	strcpy(text + 9 + n, " all md5\n");
	l = scan(fx, 15, text);
	assert_int_equal(l->err, HBA_SCAN_SYNTAX);
	assert_string_equal(l->error, "authentication file token too long");
	assert_pos(&l->errpos, 1, 10);
	l = scan(fx, 16, text);
	assert_null(l->error);
	assert_int_equal(strlen(l->field[2].tok[0].text), n);
}

static void
test_include_records(void **state)
{
	struct fx			*fx = *state;
	const struct hba_tokline	*l;
	const char			*top;

	top = write_file(fx, "pg_hba.conf", "include sub/a.conf\n"
	    "include_if_exists sub/none.conf\n"
	    "include_dir sub/d\n"
	    "include sub/none.conf\n"
	    "local all all trust\n");
	write_file(fx, "sub/a.conf", "host all all 10.0.0.0/8 md5\n");
	write_file(fx, "sub/d/b.conf", "local b b trust\n");
	assert_int_equal(mkdir(arena_printf(fx->a, "%s/sub/d/c.conf", fx->dir),
	    0700), 0);
	write_file(fx, "sub/d/.a.conf", "bad\n");
	write_file(fx, "sub/d/a.txt", "bad\n");

	/* 16+: included lines in place, each in its own file */
	assert_int_equal(hba_scan_file(fx->a, top, 16, &fx->tl), 0);
	l = fx->tl.first;
	assert_non_null(strstr(l->pos.file, "sub/a.conf"));
	assert_string_equal(l->field[0].tok[0].text, "host");
	l = l->next;
	assert_non_null(strstr(l->pos.file, "sub/d/b.conf"));
	l = l->next;
	assert_string_equal(l->pos.file, top);
	assert_int_equal(l->err, HBA_SCAN_INCLUDE);
	assert_pos(&l->pos, 4, 1);
	assert_pos(&l->errpos, 4, 9);
	assert_non_null(strstr(l->error, "sub/none.conf\": No such file"));
	l = l->next;
	assert_string_equal(l->field[0].tok[0].text, "local");
	assert_null(l->next);

	/* 15: an include line is just a line of two fields */
	assert_int_equal(hba_scan_file(fx->a, top, 15, &fx->tl), 0);
	assert_int_equal(fx->tl.n, 5);
	assert_string_equal(fx->tl.first->field[0].tok[0].text, "include");
	assert_null(fx->tl.first->error);
}

static void
test_include_depth(void **state)
{
	struct fx			*fx = *state;
	const struct hba_tokline	*l;
	const char			*top;
	size_t				 n = 0;

	top = write_file(fx, "self.conf", "local all all trust\ninclude "
	    "self.conf\n");
	assert_int_equal(hba_scan_file(fx->a, top, 18, &fx->tl), 0);
	/*
	 * The server reads the file at depths 0 to 10 and the 11th include
	 * fails.  The copies after the first can never match: only the
	 * failing include is listed after the first copy.
	 */
	for (l = fx->tl.first; l != NULL; l = l->next)
		if (l->error == NULL)
			n++;
		else
			assert_non_null(strstr(l->error,
			    "maximum nesting depth exceeded"));
	assert_int_equal(n, 1);
	assert_int_equal(fx->tl.n, 2);
}

/*
 * A file included twice is read once and listed once: the server's second
 * copy of its lines can never match.  Included at a second depth, where a
 * nested include fails, it gives that error, and only that.
 */
static void
test_include_once(void **state)
{
	struct fx			*fx = *state;
	const struct hba_tokline	*l;
	const char			*top;
	int				 i;

	top = write_file(fx, "pg_hba.conf", "include a.conf\ninclude a.conf\n"
	    "local all all peer\n");
	write_file(fx, "a.conf", "host all all 10.0.0.0/8 md5\n");
	assert_int_equal(hba_scan_file(fx->a, top, 16, &fx->tl), 0);
	assert_int_equal(fx->tl.n, 2);
	assert_non_null(strstr(fx->tl.first->pos.file, "/a.conf"));
	assert_string_equal(fx->tl.last->field[0].tok[0].text, "local");

	top = write_file(fx, "two.conf", "include x.conf\ninclude f1.conf\n");
	for (i = 1; i < 9; i++)
		write_file(fx, arena_printf(fx->a, "f%d.conf", i),
		    arena_printf(fx->a, "include f%d.conf\n", i + 1));
	write_file(fx, "f9.conf", "include x.conf\n");
	write_file(fx, "x.conf", "local x x peer\ninclude y.conf\n");
	write_file(fx, "y.conf", "local y y peer\n");
	assert_int_equal(hba_scan_file(fx->a, top, 16, &fx->tl), 0);
	assert_int_equal(fx->tl.n, 3);
	l = fx->tl.first;
	assert_string_equal(l->field[1].tok[0].text, "x");
	l = l->next;
	assert_string_equal(l->field[1].tok[0].text, "y");
	l = l->next;
	assert_non_null(strstr(l->pos.file, "/x.conf"));
	assert_pos(&l->pos, 2, 1);
	assert_int_equal(l->err, HBA_SCAN_INCLUDE);
	assert_non_null(strstr(l->error, "y.conf\": maximum nesting depth "
	    "exceeded"));
}

/*
 * A top file read from memory that includes itself: the copy the server
 * would read again comes from memory too (there is no such file on disk).
 */
static void
test_include_self_from_memory(void **state)
{
	struct fx			*fx = *state;
	const struct hba_tokline	*l;

	l = scan(fx, 16, "local all all trust\ninclude /nonexistent/self\n");
	assert_non_null(strstr(l->next->error, "No such file"));
	assert_int_equal(hba_scan_buf(fx->a, "/nonexistent/self",
	    "local all all trust\ninclude self\n", 33, 16, &fx->tl), 0);
	assert_int_equal(fx->tl.n, 2);
	assert_non_null(strstr(fx->tl.last->error,
	    "maximum nesting depth exceeded"));
}

/*
 * An @file named on many lines is read once and expanded once: 3,000
 * lines naming it are no 3,000 files.  Its tokens keep their positions.
 */
static void
test_at_file_once(void **state)
{
	struct fx			*fx = *state;
	const struct hba_tokline	*l;
	struct {
		char	*p;
		size_t	 n;
	}				 b;
	const char			*top;
	size_t				 n = 0;
	int				 i;

	write_file(fx, "users", "alice\n  bob,carol\n");
	b.p = arena_alloc(fx->a, 3000 * 32);
	b.n = 0;
	for (i = 0; i < 3000; i++)
		b.n += (size_t)sprintf(b.p + b.n, "local all @users peer\n");
	top = write_file(fx, "pg_hba.conf", b.p);
	assert_int_equal(hba_scan_file(fx->a, top, 16, &fx->tl), 0);
	assert_int_equal(fx->tl.n, 3000);
	for (l = fx->tl.first; l != NULL; l = l->next, n++) {
		assert_null(l->error);
		assert_int_equal(l->field[2].ntok, 3);
	}
	assert_int_equal(n, 3000);
	l = fx->tl.last;
	assert_string_equal(l->field[2].tok[2].text, "carol");
	assert_non_null(strstr(l->field[2].tok[2].pos.file, "/users"));
	assert_pos(&l->field[2].tok[2].pos, 2, 7);
}

/* What @files give is bounded: 100,000 tokens for one top file. */
static void
test_at_file_tokens(void **state)
{
	struct fx			*fx = *state;
	const struct hba_tokline	*l;
	char				*text;
	size_t				 n = 0;
	const char			*top;
	int				 i;

	text = arena_alloc(fx->a, 60000 * 8);
	for (i = 0; i < 60000; i++)
		n += (size_t)sprintf(text + n, "u%d\n", i);
	write_file(fx, "many", text);
	top = write_file(fx, "pg_hba.conf", "local all @many peer\n"
	    "local all @many peer\n");
	assert_int_equal(hba_scan_file(fx->a, top, 16, &fx->tl), 0);
	l = fx->tl.first;
	assert_null(l->error);
	assert_int_equal(l->field[2].ntok, 60000);
	l = l->next;
	assert_int_equal(l->err, HBA_SCAN_INCLUDE);
	assert_non_null(strstr(l->error, "more than 100000 tokens from "
	    "@files in all (pgpair's limit)"));
	assert_pos(&l->errpos, 2, 11);
}

/* A FIFO is refused, even by include_if_exists: the server opens it. */
static void
test_include_fifo(void **state)
{
	struct fx	*fx = *state;
	const char	*top;

	top = write_file(fx, "pg_hba.conf", "include_if_exists fifo\n"
	    "local all @fifo peer\n");
	assert_int_equal(mkfifo(arena_printf(fx->a, "%s/fifo", fx->dir),
	    0600), 0);
	assert_int_equal(hba_scan_file(fx->a, top, 16, &fx->tl), 0);
	assert_int_equal(fx->tl.n, 2);
	assert_non_null(strstr(fx->tl.first->error, "/fifo\": not a regular "
	    "file but a FIFO"));
	assert_non_null(strstr(fx->tl.last->error, "/fifo\": not a regular "
	    "file but a FIFO"));
	assert_int_equal(hba_scan_file(fx->a, arena_printf(fx->a, "%s/fifo",
	    fx->dir), 16, &fx->tl), -1);
	assert_int_equal(errno, ESPIPE);
}

static void
test_missing_file(void **state)
{
	struct fx	*fx = *state;

	assert_int_equal(hba_scan_file(fx->a, "/nonexistent/pg_hba.conf", 18,
	    &fx->tl), -1);
}

static void
count_record(void *arg, const struct hba_tokline *tl)
{
	(void)tl;
	(*(size_t *)arg)++;
}

/*
 * The inline suppression comments hba_scan_file_each() keeps in d for a
 * file of text (of name name): how many.
 */
static size_t
notes_of(struct fx *fx, struct diags *d, const char *name, const char *text)
{
	const char	*path = write_file(fx, name, text);
	size_t		 n = 0;

	diags_init(d, fx->a);
	assert_int_equal(hba_scan_file_each(fx->a, path, 16, count_record, &n,
	    d), 0);
	assert_true(n > 0);
	return d->nsup;
}

/* The note i of d: its line and its list of rules. */
static void
assert_note(const struct diags *d, size_t i, unsigned line, const char *ids)
{
	assert_true(i < d->nsup);
	assert_int_equal(d->sup[i].line, line);
	assert_int_equal(d->sup[i].len, strlen(ids));
	assert_memory_equal(d->sup[i].ids, ids, strlen(ids));
}

/*
 * The scanner keeps every line that holds "# pgpair: disable=", wherever
 * the comment is (suppress.h): suppress_apply() never reads a file again.
 */
static void
test_suppression_notes(void **state)
{
	struct fx	*fx = *state;
	struct diags	 d;

	assert_int_equal(notes_of(fx, &d, "a.conf", "# a comment\n"
	    "host all all 10.0.0.0/8 md5 # another\n"), 0);
	/* a comment line, and a comment after a record */
	assert_int_equal(notes_of(fx, &d, "a.conf", "local all all peer\n"
	    "# pgpair: disable=hba-weak-auth\n"
	    "host all all 10.0.0.0/8 md5 #pgpair: disable=a,b c\n"), 2);
	assert_note(&d, 0, 2, "hba-weak-auth");
	assert_note(&d, 1, 3, "a,b");
	assert_non_null(strstr(d.sup[0].file, "/a.conf"));
	/* a quoted '#' before the comment */
	assert_int_equal(notes_of(fx, &d, "a.conf", "host \"a#b\" all "
	    "10.0.0.0/8 md5 # pgpair: disable=hba-weak-auth\n"), 1);
	assert_note(&d, 0, 1, "hba-weak-auth");
	/* a continued record (14 and later): the line of the comment */
	assert_int_equal(notes_of(fx, &d, "a.conf", "host all all \\\n"
	    "  10.0.0.0/8 md5 # pgpair: disable=hba-weak-auth\n"), 1);
	assert_note(&d, 0, 2, "hba-weak-auth");
	/* the last line, without a newline, and with a CR */
	assert_int_equal(notes_of(fx, &d, "a.conf", "local all all peer\n"
	    "host all all 10.0.0.0/8 md5 # pgpair: disable=x"), 1);
	assert_note(&d, 0, 2, "x");
	assert_int_equal(notes_of(fx, &d, "a.conf", "local all all peer\r\n"
	    "# pgpair: disable=x\r\n"), 1);
	assert_note(&d, 0, 2, "x");
	/* an empty list names nothing */
	assert_int_equal(notes_of(fx, &d, "a.conf", "local all all peer "
	    "# pgpair: disable= x\n"), 0);
	/* the lines of an @file, under its own name */
	write_file(fx, "users", "# pgpair: disable=y\nalice\n");
	assert_int_equal(notes_of(fx, &d, "a.conf",
	    "host all @users 10.0.0.0/8 md5\n"), 1);
	assert_note(&d, 0, 1, "y");
	assert_non_null(strstr(d.sup[0].file, "/users"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_field_columns, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_columns_count_characters,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoted_flag, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_comma_lists, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_many_tokens, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_doubled_quote, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_group_and_at, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_at_file_relative, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_at_file_missing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_continuation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_token_too_long, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_records, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_depth, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_self_from_memory,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_at_file_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_at_file_tokens, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_fifo, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_suppression_notes, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

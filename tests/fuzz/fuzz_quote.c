/*
 * libFuzzer target: every quoting function of quote.c on the input (up to
 * its first NUL), each of whose results must be NULL or read back, in its
 * target, as exactly the input.  postgresql.conf values and pg_hba.conf
 * tokens are read back by pgpair's own readers (checked against real
 * servers by tests/lint); SQL, libpq connection strings, .pgpass fields and
 * shell words by the small readers below, each transcribed from the
 * source named above it.  tests/unit/test_quote.c runs a real bash on
 * quote_shell's output.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "conf_parse.h"
#include "diag.h"
#include "fuzz.h"
#include "hba_parse.h"
#include "pgvocab.h"
#include "quote.h"
#include "srcfile.h"
#include "strbuf.h"

/* parser/scansup.c: identifiers are cut to NAMEDATALEN - 1 bytes. */
#define NAMEDATALEN	64

static void	 bad(const char *what, const char *in, const char *q);
static int	 read_shell(const char *q, struct strbuf *out);
static int	 read_sql_ident(const char *q, struct strbuf *out);
static int	 read_sql_literal(const char *q, struct strbuf *out);
static int	 read_conninfo(const char *q, struct strbuf *out);
static int	 read_pgpass(const char *q, struct strbuf *out);
static int	 pgpass_matches(const char *q, const char *in);
static int	 read_conf(struct arena *, const char *q, const char *in);
static int	 read_hba(struct arena *, const char *q, const char *in,
		    int major);
static int	 read_hba_group(struct arena *, const char *q, const char *in,
		    int major);
static int	 read_hba_file(struct arena *, const char *q, const char *in,
		    int major);

static void
bad(const char *what, const char *in, const char *q)
{
	fprintf(stderr, "%s: [%s] quoted as [%s] reads back otherwise\n",
	    what, in, q);
	abort();
}

/*
 * bash(1) QUOTING, for the words quote_shell() writes: bare characters
 * that no expansion touches, '...' taken literally, and \' for a quote.
 */
static int
read_shell(const char *q, struct strbuf *out)
{
	static const char bare[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-";
	const char	*e;

	if (*q == '\0')
		return -1;		/* no word at all */
	while (*q != '\0') {
		if (*q == '\'') {
			if ((e = strchr(q + 1, '\'')) == NULL)
				return -1;
			strbuf_add(out, q + 1, (size_t)(e - q - 1));
			q = e + 1;
		} else if (q[0] == '\\' && q[1] == '\'') {
			strbuf_addch(out, '\'');
			q += 2;
		} else if (strchr(bare, *q) != NULL) {
			strbuf_addch(out, *q++);
		} else
			return -1;
	}
	return 0;
}

/*
 * scan.l, identifiers: bare ones are lower-case [a-z_][a-z0-9_$]* (upper
 * case would be folded; whether a word is a keyword is quote.c's table,
 * checked against pg_get_keywords()), "..." with "" for a quote and not
 * empty; both are cut to NAMEDATALEN - 1 bytes.
 */
static int
read_sql_ident(const char *q, struct strbuf *out)
{
	if (*q == '"') {
		for (q++; ; q++) {
			if (*q == '\0')
				return -1;
			if (*q == '"' && q[1] == '"')
				q++;
			else if (*q == '"')
				break;
			strbuf_addch(out, *q);
		}
		if (q[1] != '\0' || out->len == 0)
			return -1;
	} else {
		if (!((*q >= 'a' && *q <= 'z') || *q == '_') ||
		    q[strspn(q, "abcdefghijklmnopqrstuvwxyz0123456789_$")] != '\0')
			return -1;
		strbuf_addstr(out, q);
	}
	if (out->len >= NAMEDATALEN) {
		out->len = NAMEDATALEN - 1;	/* as truncate_identifier() */
		out->buf[out->len] = '\0';
	}
	return 0;
}

/*
 * scan.l, string constants: '...' with '' for a quote, which must hold no
 * backslash (with standard_conforming_strings off it would escape), or
 * E'...' where \\ and \' and '' stand for \ and ' (other escapes are
 * not written by quote_sql_literal(), so they fail here).
 */
static int
read_sql_literal(const char *q, struct strbuf *out)
{
	int	 e = 0;

	if (*q == 'E') {
		e = 1;
		q++;
	}
	if (*q++ != '\'')
		return -1;
	for (;; q++) {
		if (*q == '\0')
			return -1;
		if (*q == '\'' && q[1] == '\'')
			q++;
		else if (*q == '\'')
			break;
		else if (*q == '\\') {
			if (!e || (q[1] != '\\' && q[1] != '\''))
				return -1;
			q++;
		}
		strbuf_addch(out, *q);
	}
	return q[1] == '\0' ? 0 : -1;
}

/*
 * interfaces/libpq/fe-connect.c conninfo_parse(), a value: bare up to a
 * blank with \ escaping the next character, or '...' in which \ escapes
 * the next character.  q is followed by " x=1" to see where it ends.
 */
static int
read_conninfo(const char *q, struct strbuf *out)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*cp;
	int		 rc = -1;

	strbuf_addstr(&sb, q);
	strbuf_addstr(&sb, " x=1");
	cp = sb.buf;
	if (*cp != '\'') {
		while (*cp != '\0') {
			if (isspace((unsigned char)*cp)) {
				cp++;
				break;
			}
			if (*cp == '\\') {
				cp++;
				if (*cp != '\0')
					strbuf_addch(out, *cp++);
			} else
				strbuf_addch(out, *cp++);
		}
	} else {
		for (cp++; ; ) {
			if (*cp == '\0')
				goto done;	/* unterminated quoted string */
			if (*cp == '\\') {
				cp++;
				if (*cp != '\0')
					strbuf_addch(out, *cp++);
				continue;
			}
			if (*cp == '\'') {
				cp++;
				break;
			}
			strbuf_addch(out, *cp++);
		}
		/* the next keyword is after blanks */
		while (isspace((unsigned char)*cp))
			cp++;
	}
	rc = strcmp(cp, "x=1") == 0 ? 0 : -1;
done:
	strbuf_release(&sb);
	return rc;
}

/*
 * fe-connect.c passwordFromFile(), the password field (the last): \
 * escapes any character, an unescaped ':' ends it; a line starting with
 * '#' is a comment.
 */
static int
read_pgpass(const char *q, struct strbuf *out)
{
	if (*q == '#')
		return -1;
	for (; *q != ':' && *q != '\0'; q++) {
		if (*q == '\\' && q[1] != '\0')
			q++;
		strbuf_addch(out, *q);
	}
	return *q == '\0' ? 0 : -1;
}

/*
 * fe-connect.c pwdfMatchesString(), the other fields: 1 when the field q,
 * followed by ':', matches exactly the value in and nothing else ("*" is
 * a wildcard; \ escapes).
 */
static int
pgpass_matches(const char *q, const char *in)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*tbuf, *ttok = in;
	int		 bslash = 0, r = 0;

	if (*q == '#')
		return 0;		/* as the first field: a comment */
	strbuf_addstr(&sb, q);
	strbuf_addch(&sb, ':');
	tbuf = sb.buf;
	if (tbuf[0] == '*' && tbuf[1] == ':')
		goto done;		/* a wildcard matches more than in */
	while (*tbuf != '\0') {
		if (*tbuf == '\\' && !bslash) {
			tbuf++;
			bslash = 1;
		}
		if (*tbuf == ':' && *ttok == '\0' && !bslash) {
			r = tbuf + 1 == sb.buf + sb.len;
			break;
		}
		bslash = 0;
		if (*ttok == '\0' || *tbuf != *ttok)
			break;
		tbuf++;
		ttok++;
	}
done:
	strbuf_release(&sb);
	return r;
}

/* The conf reader on "x = Q": one setting, no diagnostic, the value in. */
static int
read_conf(struct arena *a, const char *q, const char *in)
{
	struct diags		 d;
	struct conf_file_set	 set;
	struct srcfile		*sf;
	char			*line = arena_printf(a, "x = %s\n", q);

	diags_init(&d, a);
	conf_set_init(&set);
	sf = srcfile_from_mem(a, "q.conf", line, strlen(line));
	if (conf_parse_srcfile(a, sf, &d, &set) != 0 || d.n != 0 ||
	    set.nsettings != 1)
		return -1;
	return strcmp(set.first->value, in) == 0 && set.first->quoted ? 0 :
	    -1;
}

/*
 * The hba reader of major on "host Q Q 127.0.0.1/32 trust": no error, one
 * database and one user, each a plain name (not a keyword, group, file or
 * regular expression) that is the input.
 */
static int
read_hba(struct arena *a, const char *q, const char *in, int major)
{
	struct diags		 d;
	struct hba_opts		 o;
	struct hba_file		 f;
	const struct hba_line	*hl;
	char			*line = arena_printf(a,
				    "host %s %s 127.0.0.1/32 trust\n", q, q);

	diags_init(&d, a);
	memset(&o, 0, sizeof(o));
	o.major = major;
	o.features = HBA_FEAT_DEFAULT;
	hba_parse_buf(a, "q.conf", line, strlen(line), &o, &d, &f);
	if (d.n != 0 || f.nlines != 1 || (hl = f.first)->error != NULL ||
	    hl->ndb != 1 || hl->nuser != 1)
		return -1;
	if (HBA_KEY_KIND(hl->db[0].key) != HBA_KIND_NAME ||
	    HBA_KEY_KIND(hl->user[0].key) != HBA_KIND_NAME)
		return -1;
	return strcmp(hl->db[0].text, in) == 0 &&
	    strcmp(hl->user[0].text, in) == 0 ? 0 : -1;
}

/* The same with "+Q" as the user: a group named in. */
static int
read_hba_group(struct arena *a, const char *q, const char *in, int major)
{
	struct diags		 d;
	struct hba_opts		 o;
	struct hba_file		 f;
	const struct hba_line	*hl;
	char			*line = arena_printf(a,
				    "host all %s 127.0.0.1/32 trust\n", q);

	diags_init(&d, a);
	memset(&o, 0, sizeof(o));
	o.major = major;
	o.features = HBA_FEAT_DEFAULT;
	hba_parse_buf(a, "q.conf", line, strlen(line), &o, &d, &f);
	if (d.n != 0 || f.nlines != 1 || (hl = f.first)->error != NULL ||
	    hl->nuser != 1 || HBA_KEY_KIND(hl->user[0].key) != HBA_KIND_GROUP)
		return -1;
	return hl->user[0].text[0] == '+' &&
	    strcmp(hl->user[0].text + 1, in) == 0 ? 0 : -1;
}

/*
 * The same with "@Q" as the user, and a file of that name (relative to
 * the one that names it) holding "u1": the user is u1 and nothing else.
 */
static int
read_hba_file(struct arena *a, const char *q, const char *in, int major)
{
	struct diags		 d;
	struct hba_opts		 o;
	struct hba_file		 f;
	const struct hba_line	*hl;
	const char		*text = arena_printf(a,
				    "host all %s 127.0.0.1/32 trust%s%s\nu1\n",
				    q, FUZZ_MARK, in);
	int			 rc = -1;

	const char		*top, *path;
	size_t			 len;

	fuzz_vfs_begin((const uint8_t *)text, strlen(text));
	/* A name of the top file itself ("../fuzz/main") tests nothing. */
	top = fuzz_vfs_nth(0, &path, &len);
	if (fuzz_vfs_get(in, &len) == top) {
		fuzz_vfs_end();
		return 0;
	}
	diags_init(&d, a);
	memset(&o, 0, sizeof(o));
	o.major = major;
	o.features = HBA_FEAT_DEFAULT;
	if (hba_parse_file(a, FUZZ_MAIN, &o, &d, &f) == 0 && d.n == 0 &&
	    f.nlines == 1 && (hl = f.first)->error == NULL &&
	    hl->nuser == 1 && strcmp(hl->user[0].text, "u1") == 0)
		rc = 0;
	fuzz_vfs_end();
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a = arena_new();
	struct strbuf	 out = STRBUF_INIT;
	const char	*in, *q;

	in = arena_strndup(a, (const char *)data, size);

	strbuf_reset(&out);
	q = quote_shell(a, in);
	if (q == NULL || read_shell(q, &out) != 0 || strcmp(out.buf, in) != 0)
		bad("quote_shell", in, q);

	strbuf_reset(&out);
	if ((q = quote_sql_ident(a, in)) != NULL &&
	    (read_sql_ident(q, &out) != 0 || strcmp(out.buf, in) != 0))
		bad("quote_sql_ident", in, q);

	strbuf_reset(&out);
	if ((q = quote_sql_literal(a, in)) != NULL &&
	    (read_sql_literal(q, &out) != 0 || strcmp(out.buf, in) != 0))
		bad("quote_sql_literal", in, q);

	strbuf_reset(&out);
	if ((q = quote_conninfo_value(a, in)) != NULL &&
	    (read_conninfo(q, &out) != 0 || strcmp(out.buf, in) != 0))
		bad("quote_conninfo_value", in, q);

	strbuf_reset(&out);
	if ((q = quote_pgpass_field(a, in)) != NULL &&
	    (read_pgpass(q, &out) != 0 || strcmp(out.buf, in) != 0 ||
	    !pgpass_matches(q, in)))
		bad("quote_pgpass_field", in, q);

	if ((q = quote_conf_value(a, in)) != NULL && read_conf(a, q, in) != 0)
		bad("quote_conf_value", in, q);

	if ((q = quote_hba_token(a, in)) != NULL)
		for (int m = PG_MAJOR_MIN; m <= PG_MAJOR_MAX; m++)
			if (read_hba(a, q, in, m) != 0)
				bad(arena_printf(a, "quote_hba_token (PG %d)",
				    m), in, q);
	if ((q = quote_hba_marked(a, '+', in)) != NULL)
		for (int m = PG_MAJOR_MIN; m <= PG_MAJOR_MAX; m++)
			if (read_hba_group(a, q, in, m) != 0)
				bad(arena_printf(a, "quote_hba_marked + (PG %d)",
				    m), in, q);
	/* An empty name or one with a "%%file" line is no file here. */
	if ((q = quote_hba_marked(a, '@', in)) != NULL && *in != '\0' &&
	    strstr(in, "%%file") == NULL)
		for (int m = PG_MAJOR_MIN; m <= PG_MAJOR_MAX; m++)
			if (read_hba_file(a, q, in, m) != 0)
				bad(arena_printf(a, "quote_hba_marked @ (PG %d)",
				    m), in, q);
	strbuf_release(&out);
	arena_free(a);
	return 0;
}

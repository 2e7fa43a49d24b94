/*
 * Quoting for every target pgpair writes: shell words, SQL identifiers and
 * literals, pg_hba.conf tokens, postgresql.conf values, libpq connection
 * strings and .pgpass fields.  Templates interpolate only through these
 * functions, so they are the last line of defence against injection: when
 * a value cannot be written safely they return NULL rather than guess.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "hba_vocab.h"
#include "quote.h"
#include "strbuf.h"

/*
 * Every PostgreSQL keyword that is not "unreserved" (reserved, type/function
 * name or column name keywords), for versions 12 to 18: what
 * `SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'` printed on each
 * of those servers, merged.  Quoting an unreserved keyword too would be
 * harmless; leaving one of these bare is not.  Sorted for bsearch (C locale).
 */
static const char *const sql_keywords[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc",
	"asymmetric", "authorization", "between", "bigint", "binary", "bit",
	"boolean", "both", "case", "cast", "char", "character", "check",
	"coalesce", "collate", "collation", "column", "concurrently",
	"constraint", "create", "cross", "current_catalog", "current_date",
	"current_role", "current_schema", "current_time",
	"current_timestamp", "current_user", "dec", "decimal", "default",
	"deferrable", "desc", "distinct", "do", "else", "end", "except",
	"exists", "extract", "false", "fetch", "float", "for", "foreign",
	"freeze", "from", "full", "grant", "greatest", "group", "grouping",
	"having", "ilike", "in", "initially", "inner", "inout", "int",
	"integer", "intersect", "interval", "into", "is", "isnull", "join",
	"json", "json_array", "json_arrayagg", "json_exists", "json_object",
	"json_objectagg", "json_query", "json_scalar", "json_serialize",
	"json_table", "json_value", "lateral", "leading", "least", "left",
	"like", "limit", "localtime", "localtimestamp", "merge_action",
	"national", "natural", "nchar", "none", "normalize", "not",
	"notnull", "null", "nullif", "numeric", "offset", "on", "only", "or",
	"order", "out", "outer", "overlaps", "overlay", "placing",
	"position", "precision", "primary", "real", "references",
	"returning", "right", "row", "select", "session_user", "setof",
	"similar", "smallint", "some", "substring", "symmetric",
	"system_user", "table", "tablesample", "then", "time", "timestamp",
	"to", "trailing", "treat", "trim", "true", "union", "unique", "user",
	"using", "values", "varchar", "variadic", "verbose", "when", "where",
	"window", "with", "xmlattributes", "xmlconcat", "xmlelement",
	"xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi",
	"xmlroot", "xmlserialize", "xmltable",
};

/*
 * hba.c next_token(), PG 12-15: tokens live in a 256-byte buffer and a
 * longer one makes the whole line fail; the closing quote needs a slot too.
 */
#define HBA_MAX_TOKEN	253

/* max_identifier_length, PG 12-18 */
#define SQL_MAX_IDENT	63

#define SHELL_SAFE	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
			"0123456789_@%+=:,./-"
#define CONNINFO_SAFE	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
			"0123456789_@%+:,./-"

static int	 strcmp_p(const void *, const void *);
static int	 is_sql_keyword(const char *);
static char	*finish(struct arena *, struct strbuf *);

static int
strcmp_p(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static int
is_sql_keyword(const char *s)
{
	return bsearch(s, sql_keywords,
	    sizeof(sql_keywords) / sizeof(sql_keywords[0]),
	    sizeof(sql_keywords[0]), strcmp_p) != NULL;
}

/* Copy the built string into the arena and release the buffer. */
static char *
finish(struct arena *a, struct strbuf *sb)
{
	char	*r = arena_strndup(a, sb->buf, sb->len);

	strbuf_release(sb);
	return r;
}

char *
quote_shell(struct arena *a, const char *s)
{
	struct strbuf	 sb = STRBUF_INIT;

	if (*s != '\0' && s[strspn(s, SHELL_SAFE)] == '\0')
		return arena_strdup(a, s);
	/* Inside '...' bash takes every byte literally, save ' itself. */
	strbuf_addch(&sb, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			strbuf_addstr(&sb, "'\\''");
		else
			strbuf_addch(&sb, *s);
	}
	strbuf_addch(&sb, '\'');
	return finish(a, &sb);
}

char *
quote_sql_ident(struct arena *a, const char *s)
{
	struct strbuf	 sb = STRBUF_INIT;

	/*
	 * scansup.c truncate_identifier(): the server cuts an identifier to
	 * NAMEDATALEN - 1 bytes (max_identifier_length, 63 in 12-18), quoted
	 * or not, so a longer one would name another role.
	 */
	if (*s == '\0' || strlen(s) > SQL_MAX_IDENT)
		return NULL;
	/* scan.l: ident_start [A-Za-z\200-\377_], ident_cont adds [0-9$];
	 * upper case and non-ASCII would be folded or depend on encoding. */
	if (((*s >= 'a' && *s <= 'z') || *s == '_') &&
	    s[strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_$")] == '\0' &&
	    !is_sql_keyword(s))
		return arena_strdup(a, s);
	strbuf_addch(&sb, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			strbuf_addch(&sb, '"');
		strbuf_addch(&sb, *s);
	}
	strbuf_addch(&sb, '"');
	return finish(a, &sb);
}

char *
quote_sql_literal(struct arena *a, const char *s)
{
	struct strbuf	 sb = STRBUF_INIT;

	/*
	 * With a backslash, E'...' means the same whatever
	 * standard_conforming_strings says; without one, '...' does too.
	 */
	if (strchr(s, '\\') != NULL)
		strbuf_addch(&sb, 'E');
	strbuf_addch(&sb, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'' || *s == '\\')
			strbuf_addch(&sb, *s);
		strbuf_addch(&sb, *s);
	}
	strbuf_addch(&sb, '\'');
	return finish(a, &sb);
}

char *
quote_conf_value(struct arena *a, const char *s)
{
	struct strbuf	 sb = STRBUF_INIT;

	/*
	 * guc-file.l STRING: \'([^'\\\n]|\\.|\'\')*\'; GUC_scanstr() turns
	 * '' into ' and \\ into \.  A raw newline ends the line; a raw CR
	 * would survive but editors show it as one, so refuse both.
	 */
	if (strpbrk(s, "\n\r") != NULL)
		return NULL;
	strbuf_addch(&sb, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'' || *s == '\\')
			strbuf_addch(&sb, *s);
		strbuf_addch(&sb, *s);
	}
	strbuf_addch(&sb, '\'');
	return finish(a, &sb);
}

char *
quote_hba_token(struct arena *a, const char *s)
{
	/*
	 * hba.c next_token(): blanks are space, tab and CR; an unquoted
	 * comma separates list items and # starts a comment.  A leading +
	 * means group membership, @ a file of names, / (PG 16+) a regular
	 * expression.  Inside "..." + and @ are plain characters, but PG
	 * 16's regcomp_auth_token() takes a leading / for a regular
	 * expression quoted or not: such a name cannot be written for 16+,
	 * refuse it.  "" would be a literal quote in some versions only, so
	 * refuse " too.
	 */
	if (strpbrk(s, "\"\n\r") != NULL || strlen(s) > HBA_MAX_TOKEN ||
	    *s == '/')
		return NULL;
	if (*s != '\0' && strpbrk(s, " \t,#'") == NULL &&
	    strchr("+@", *s) == NULL && !hba_keyword_any_case(s))
		return arena_strdup(a, s);
	return arena_printf(a, "\"%s\"", s);
}

char *
quote_hba_marked(struct arena *a, int marker, const char *s)
{
	/*
	 * hba.c next_field_expand() and check_role(): @ and + count on the
	 * token's first character when it is not a quote; what follows may
	 * be quoted in part ("+\"a b\"" is the group "a b") and is a plain
	 * name, a leading / included.  With the quotes, the marker takes a
	 * slot of the 12-15 buffer.
	 */
	if (strpbrk(s, "\"\n\r") != NULL || strlen(s) >= HBA_MAX_TOKEN ||
	    (marker != '+' && marker != '@'))
		return NULL;
	if (*s != '\0' && strpbrk(s, " \t,#'") == NULL)
		return arena_printf(a, "%c%s", marker, s);
	return arena_printf(a, "%c\"%s\"", marker, s);
}

char *
quote_conninfo_value(struct arena *a, const char *s)
{
	struct strbuf	 sb = STRBUF_INIT;

	/*
	 * fe-connect.c conninfo_parse(): a value is bare up to a blank, or
	 * '...' in which \ escapes the next character.
	 */
	if (*s != '\0' && s[strspn(s, CONNINFO_SAFE)] == '\0')
		return arena_strdup(a, s);
	strbuf_addch(&sb, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'' || *s == '\\')
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, *s);
	}
	strbuf_addch(&sb, '\'');
	return finish(a, &sb);
}

char *
quote_pgpass_field(struct arena *a, const char *s)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*p;

	/*
	 * fe-connect.c passwordFromFile(): one entry per line, fields split
	 * at unescaped ':', '\' escapes any character.  A field that is
	 * exactly "*" is a wildcard and a line starting with '#' a comment,
	 * so a leading '*' or '#' is escaped as well (harmless elsewhere).
	 * A newline cannot be written at all.
	 */
	if (strpbrk(s, "\n\r") != NULL)
		return NULL;
	for (p = s; *p != '\0'; p++) {
		if (*p == ':' || *p == '\\' ||
		    (p == s && (*p == '*' || *p == '#')))
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, *p);
	}
	return finish(a, &sb);
}

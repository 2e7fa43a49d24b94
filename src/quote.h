/*
 * Quoting for every target pgpair writes: shell words, SQL identifiers and
 * literals, pg_hba.conf tokens and postgresql.conf values.  Each function
 * returns a new string in the arena.  A value that cannot be represented
 * safely in a target makes the function return NULL (the model rejects such
 * values earlier, with a position; this is the last line of defence).
 */
#ifndef PGPAIR_QUOTE_H
#define PGPAIR_QUOTE_H

struct arena;

/* A bash word: bare when it is made of [A-Za-z0-9_@%+=:,./-], else '...'
 * with ' written as '\''.  Never NULL; "" becomes ''. */
char	*quote_shell(struct arena *, const char *);
/* SQL identifier: bare when lower-case [a-z_][a-z0-9_$]* and not a reserved
 * word, else "..." with " doubled.  NULL when s is empty or longer than
 * 63 bytes (the server would cut it). */
char	*quote_sql_ident(struct arena *, const char *);
/* SQL literal '...' with ' doubled (standard_conforming_strings on);
 * a string holding a backslash is written E'...' with \\ and ''. */
char	*quote_sql_literal(struct arena *, const char *);
/* postgresql.conf value: '...' with ' doubled and \ doubled (guc-file.l
 * GUC_scanstr); NULL when s holds a newline (conf has no way to write it). */
char	*quote_conf_value(struct arena *, const char *);
/* pg_hba.conf token: bare when it has no blank, comma, quote, # or leading
 * + @, and is not a keyword (all, sameuser, samerole, samegroup,
 * replication, samehost, samenet); else "..." (a " inside cannot be written:
 * NULL).  Newlines, and a leading / (a regular expression from PG 16 on,
 * quoted or not): NULL. */
char	*quote_hba_token(struct arena *, const char *);
/* A pg_hba.conf +group (marker '+') or @file (marker '@'): the marker, then
 * s bare or in "..." (a leading / is a plain character there).  NULL as for
 * quote_hba_token(), or for another marker. */
char	*quote_hba_marked(struct arena *, int marker, const char *);
/* A libpq connection-string value: bare or '...' with \ and ' escaped. */
char	*quote_conninfo_value(struct arena *, const char *);
/* A .pgpass field: ':' and '\' escaped with '\'. */
char	*quote_pgpass_field(struct arena *, const char *);

#endif

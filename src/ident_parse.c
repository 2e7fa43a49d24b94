/*
 * The pg_ident.conf parser: gives the records of hba_scan.c their meaning
 * as PostgreSQL's hba.c parse_ident_line() does for 12 to 18, with the
 * server's messages.  Observed on the servers (the reload, and the view
 * pg_ident_file_mappings from 15): a line needs three fields of one token
 * each and fields after the third are ignored; the system user is a
 * regular expression when it starts with /, quoted or not, and from 16 the
 * database user too; every bad line is reported and the file is then not
 * loaded (a reload keeps the old maps; a start goes on without any).  An
 * empty file is fine.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "diag.h"
#include "hba_parse.h"
#include "hba_scan.h"
#include "ident_parse.h"
#include "rule.h"

/* STYLE: "stop a file after 100 errors". */
#define MAX_DIAGS	100

/* hba.c regcomp_auth_token() compiles the database user too from 16. */
#define PG_USER_REGEX_SINCE	16

struct ip {
	struct arena		*a;
	struct diags		*d;
	struct ident_file	*out;
	size_t			 ndiags;
};

static void	 parse_record(void *, const struct hba_tokline *);
static int	 take_field(struct ip *, struct ident_line *,
		    const struct hba_tokline *, size_t, struct hba_token *);
static void	 fail(struct ip *, struct ident_line *, enum rule_id,
		    const struct pos *, const char *);
static int	 parse(struct arena *, const char *, const char *, size_t,
		    int, int, struct diags *, struct ident_file *);

int
ident_is_regex(const struct hba_token *t)
{
	return t->text != NULL && t->text[0] == '/';
}

int
ident_parse_file(struct arena *a, const char *path, int major,
    struct diags *d, struct ident_file *out)
{
	return parse(a, path, NULL, 0, 0, major, d, out);
}

int
ident_parse_buf(struct arena *a, const char *name, const char *text,
    size_t len, int major, struct diags *d, struct ident_file *out)
{
	return parse(a, name, text, len, 1, major, d, out);
}

static int
parse(struct arena *a, const char *path, const char *text, size_t len,
    int in_mem, int major, struct diags *d, struct ident_file *out)
{
	struct ip	 ip;

	memset(out, 0, sizeof(*out));
	out->path = path;
	out->major = major;
	memset(&ip, 0, sizeof(ip));
	ip.a = a;
	ip.d = d;
	ip.out = out;
	if (in_mem)
		return hba_scan_buf_each(a, path, text, len, major,
		    parse_record, &ip, d);
	return hba_scan_file_each(a, path, major, parse_record, &ip, d);
}

/* The line refused: one diagnostic (within bounds), the line marked. */
static void
fail(struct ip *ip, struct ident_line *il, enum rule_id rule,
    const struct pos *at, const char *msg)
{
	il->error = msg;
	ip->out->nerrors++;
	if (ip->ndiags++ < MAX_DIAGS)
		diag_rule(ip->d, rule, at, "%s", msg);
}

/*
 * hba.c IDENT_FIELD_ABSENT() and IDENT_MULTI_VALUE(): field i must be
 * there and hold one token, which goes to *t.  Returns 0, or -1 when the
 * line is refused.
 */
static int
take_field(struct ip *ip, struct ident_line *il,
    const struct hba_tokline *tl, size_t i, struct hba_token *t)
{
	const struct hba_field	*f;

	if (i >= tl->nfield || tl->field[i].ntok == 0) {
		fail(ip, il, RULE_IDENT_SYNTAX, &tl->eol,
		    "missing entry at end of line");
		return -1;
	}
	f = &tl->field[i];
	if (f->ntok > 1) {
		/* the field, not its tokens: they may come from an @file */
		fail(ip, il, RULE_IDENT_SYNTAX, &f->pos,
		    "multiple values in ident field");
		return -1;
	}
	*t = f->tok[0];
	/* the text is the scanner's until parse_record() returns */
	t->text = arena_strdup(ip->a, t->text);
	return 0;
}

/* hba.c parse_ident_line(), field by field, then the regexes. */
static void
parse_record(void *arg, const struct hba_tokline *tl)
{
	struct ip		*ip = arg;
	struct ident_line	*il;
	const struct hba_token	*re[2];
	const char		*err;

	il = arena_calloc(ip->a, 1, sizeof(*il));
	il->pos = tl->pos;
	if (ip->out->last != NULL)
		ip->out->last->next = il;
	else
		ip->out->first = il;
	ip->out->last = il;
	ip->out->nlines++;

	if (tl->error != NULL) {
		fail(ip, il, tl->err == HBA_SCAN_INCLUDE ? RULE_IDENT_INCLUDE :
		    RULE_IDENT_SYNTAX, &tl->errpos, tl->error);
		return;
	}
	if (take_field(ip, il, tl, 0, &il->map) == -1 ||
	    take_field(ip, il, tl, 1, &il->sys) == -1 ||
	    take_field(ip, il, tl, 2, &il->pg) == -1)
		return;
	/* parse_ident_line() reads three fields and never looks further */
	if (tl->nfield > 3 && tl->field[3].ntok > 0) {
		il->extra = tl->field[3].tok[0];
		il->extra.text = arena_strdup(ip->a, il->extra.text);
		il->nextra = tl->nfield - 3;
	}
	re[0] = &il->sys;
	re[1] = ip->out->major >= PG_USER_REGEX_SINCE ? &il->pg : NULL;
	for (size_t i = 0; i < 2; i++) {
		if (re[i] == NULL || !ident_is_regex(re[i]) ||
		    (err = hba_regex_error(re[i]->text + 1)) == NULL)
			continue;
		fail(ip, il, RULE_IDENT_SYNTAX, &re[i]->pos,
		    arena_printf(ip->a, "invalid regular expression \"%s\": %s",
		    re[i]->text + 1, err));
		return;
	}
}

/*
 * Rules on the pg_ident.conf lines the server accepts (ident_parse.c reads
 * them and reports what it refuses).
 */
#include "config.h"

#include <string.h>

#include "diag.h"
#include "hba_scan.h"
#include "ident_parse.h"
#include "rule.h"

rule_check_fn check_ident_backreference, check_ident_extra_fields;

/* hba.c check_ident_usermap(): 16 skips \1 in a +group or a regex. */
#define NO_SUBST_SPECIAL_SINCE	16

static int	 regex_groups(const char *);

/*
 * The capturing subexpressions of an ARE: "(" not escaped, not in a
 * bracket expression and not "(?"; none after the director "***=", which
 * makes the rest a literal string.
 */
static int
regex_groups(const char *re)
{
	int	 n = 0;

	if (strncmp(re, "***=", 4) == 0)
		return 0;
	for (const char *p = re; *p != '\0'; p++) {
		if (*p == '\\') {
			if (*++p == '\0')
				break;
		} else if (*p == '[') {
			/* "]" right after "[" or "[^" is a member */
			p += p[1] == '^' ? 2 : 1;
			if (*p == ']')
				p++;
			while (*p != '\0' && *p != ']')
				p++;
			if (*p == '\0')
				break;
		} else if (*p == '(' && p[1] != '?')
			n++;
	}
	return n;
}

/*
 * hba.c check_ident_usermap(): with a regex system user, the first \1 of
 * the database user becomes what the first subexpression matched; with
 * none to match, the login fails ("regular expression ... has no
 * subexpressions as requested by backreference").
 */
void
check_ident_backreference(struct check_ctx *cx, const struct rule *r)
{
	(void)r;
	for (const struct ident_line *il = cx->ident->first; il != NULL;
	    il = il->next) {
		const char	*sub;

		if (il->error != NULL || (sub = strstr(il->pg.text, "\\1")) ==
		    NULL)
			continue;
		if (!ident_is_regex(&il->sys))
			diag_rule(cx->d, RULE_IDENT_BACKREFERENCE, &il->pg.pos,
			    "\\1 in \"%s\" is taken as written: the system user "
			    "\"%s\" is not a regular expression", il->pg.text,
			    il->sys.text);
		else if (cx->major >= NO_SUBST_SPECIAL_SINCE &&
		    ((il->pg.text[0] == '+' && !il->pg.quoted) ||
		    ident_is_regex(&il->pg)))
			diag_rule(cx->d, RULE_IDENT_BACKREFERENCE, &il->pg.pos,
			    "\\1 in \"%s\" is not replaced: from PostgreSQL 16 "
			    "a database user that is a %s is used as written",
			    il->pg.text, il->pg.text[0] == '+' ? "+group" :
			    "regular expression");
		else if (regex_groups(il->sys.text + 1) == 0)
			diag_rule(cx->d, RULE_IDENT_BACKREFERENCE, &il->pg.pos,
			    "regular expression \"%s\" has no subexpressions as "
			    "requested by backreference in \"%s\": every login "
			    "this line matches fails to map", il->sys.text + 1,
			    il->pg.text);
	}
}

/*
 * ident-extra-fields: hba.c parse_ident_line() takes the map, the system
 * user and the database user, and ignores any field after them.
 */
void
check_ident_extra_fields(struct check_ctx *cx, const struct rule *r)
{
	(void)r;
	for (const struct ident_line *il = cx->ident->first; il != NULL;
	    il = il->next) {
		if (il->error != NULL || il->nextra == 0)
			continue;
		diag_rule(cx->d, RULE_IDENT_EXTRA_FIELDS, &il->extra.pos,
		    "the server ignores \"%s\"%s: this line maps \"%s\" to "
		    "\"%s\"; a name with blanks needs double quotes",
		    il->extra.text, il->nextra > 1 ? " and what follows" : "",
		    il->sys.text, il->pg.text);
	}
}

/*
 * What rules_hba.c offers beyond the rule table: hba-shadowed's brief of a
 * line.  hba-shadowed costs about as much as reading the file, and
 * hba_run.c gives it a thread of its own; a line of the shape most big
 * files are made of (one database, one user, an IP network with a prefix
 * length, for TCP, loaded by the server) crosses to that thread as the
 * 48 bytes the check reads rather than as the line and its tokens.
 */
#ifndef PGPAIR_RULES_HBA_H
#define PGPAIR_RULES_HBA_H

#include <stdint.h>

#include "hba_parse.h"

struct check_ctx;

struct hba_brief {
	const char	*file;		/* the line's pos */
	unsigned	 line;
	struct hba_lc	 type_at;	/* where a finding is reported */
	uint32_t	 keys[2];	/* its database's and its user's */
	uint8_t		 conntype;	/* never HBA_CONN_NONE */
	uint8_t		 family;
	int16_t		 prefixlen;
	unsigned char	 addr[16];
};

/*
 * The brief of hl in *b, and 1, when hl has the shape above; else 0 (b
 * holds nothing), and hl goes to the rules whole.
 */
int	 hba_brief_of(const struct hba_line *hl, struct hba_brief *b);
/*
 * hba-shadowed on the line b is the brief of, as rules_hba_line() would run
 * it on the line: cx->state holds the index; cx->hl is not read.
 */
void	 check_hba_shadowed_brief(struct check_ctx *cx,
	    const struct hba_brief *b);

#endif

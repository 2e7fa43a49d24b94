/*
 * Inline suppression: a comment "# pgpair: disable=RULE[,RULE]" on the
 * line of a finding, or on the line above it, drops that finding.
 */
#ifndef PGPAIR_SUPPRESS_H
#define PGPAIR_SUPPRESS_H

struct arena;
struct diags;

/*
 * Drop every diagnostic of d that a disable comment in its file covers.
 * The files named by the diagnostics are read again (once each) to find
 * the comments, but for those d notes as plain (diags_note_plain()); a
 * file that cannot be read suppresses nothing.
 */
void	 suppress_apply(struct arena *a, struct diags *d);

#endif

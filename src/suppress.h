/*
 * Inline suppression: a comment "# pgpair: disable=RULE[,RULE]" on the
 * line of a finding, or on the line above it (for a finding on a whole
 * file, on its first line), drops that finding; a retired rule id names
 * the rule that took it over (rule_find()).  The
 * readers (hba_scan.c, conf_scan.c, yaml_load.c) offer every line they
 * read to suppress_note(), which keeps in the diagnostics the few that
 * hold the directive; suppress_apply() then drops the findings they name,
 * without reading any file again.
 */
#ifndef PGPAIR_SUPPRESS_H
#define PGPAIR_SUPPRESS_H

#include <stddef.h>

struct diags;

/*
 * Line line of file holds the len bytes at text (its newline may be
 * there too): when a '#' in them is followed by the directive, keep the
 * list of rules after the first directive, up to a blank, in d.  The
 * strings are copied (file too, unless d already keeps it).
 */
void	 suppress_note(struct diags *d, const char *file, unsigned line,
	    const char *text, size_t len);
/* Drop every diagnostic of d that a kept directive covers. */
void	 suppress_apply(struct diags *d);
/*
 * Does a directive kept so far cover a finding of rule on line line of
 * file?  For diag_add(), which counts the findings it does not keep: O(1),
 * through a hash index of the directives that grows with them.
 */
int	 suppress_covers(struct diags *d, const char *file, unsigned line,
	    const char *rule);

#endif

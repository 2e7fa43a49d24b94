/*
 * The pg_hba.conf rules on a file as it is read: hba_parse.c hands each
 * line to the SCOPE_HBA checks (rule.h).  A big file is read in one
 * thread and checked in another, the lines going across in batches, so
 * that reading and checking overlap; the findings are the same either
 * way, and in the same order once sorted.
 */
#ifndef PGPAIR_HBA_RUN_H
#define PGPAIR_HBA_RUN_H

#include <stddef.h>

#include "hba_parse.h"
#include "rule.h"

/*
 * Read path as opts says and run the SCOPE_HBA checks of cx on its lines,
 * then on its end.  cx gives the arena, diagnostics and what the checks
 * read (hl, hba_path and hba_lines are set here).  Parse errors and
 * findings go to cx->d.  When keep is not NULL, the lines are listed
 * there too (in cx->a).  Returns 0, or -1 with errno set when path cannot
 * be read (nothing is reported then).
 */
int	hba_run_file(struct check_ctx *cx, const char *path,
	    const struct hba_opts *opts, struct hba_file *keep);

#endif

/*
 * Writing the generated files whole or not at all: every file goes to a
 * temporary in its final directory first, is fsync'ed, and only when all of
 * them are written are they renamed into place.  A failure removes the
 * temporaries and leaves any old files untouched.
 */
#ifndef PGPAIR_OUTFILE_H
#define PGPAIR_OUTFILE_H

#include <stddef.h>

#include "diag.h"

struct outfile;

/* Returns 0, or -1 after reporting the I/O problem to d (rule NULL). */
int	 outfile_write_all(const char *dir, const struct outfile *files,
	    size_t n, struct diags *d);

#endif

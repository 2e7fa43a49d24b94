/*
 * Writing the generated files whole or not at all: every file goes to a
 * temporary in its final directory first, is fsync'ed, and only when all of
 * them are written are they renamed into place.  A failure removes the
 * temporaries and leaves any old files untouched.  A file that already
 * holds what would be written is left alone.
 */
#ifndef PGPAIR_OUTFILE_H
#define PGPAIR_OUTFILE_H

#include <stddef.h>

#include "diag.h"

struct outfile;

/* What writing a file under a directory does to the file there now. */
enum outfile_state {
	OUTFILE_CREATED,	/* there is none */
	OUTFILE_CHANGED,	/* other bytes, another mode, or no regular file */
	OUTFILE_UNCHANGED,	/* the same bytes and mode: left alone */
	OUTFILE__COUNT
};

/* "created", "changed", "unchanged": the words of generate and diff. */
const char	*outfile_state_name(enum outfile_state);
/*
 * Compare f with the file at dir/f->path, without following a symbolic
 * link there (a link is to be replaced: changed).  Returns 0 with *st set,
 * or -1 with errno when the file is there but cannot be read; nothing is
 * reported.  Reads in blocks: memory does not grow with the file.
 */
int		 outfile_state(const char *dir, const struct outfile *f,
		    enum outfile_state *st);
/*
 * Write the n files under dir, whole or not at all; a file whose bytes and
 * mode are already those of files[i] is not rewritten (its mtime stays).
 * states, when not NULL, has room for n and gets what happened to each
 * file.  Returns 0, or -1 after reporting the I/O problem to d (rule
 * NULL); nothing was then changed.
 */
int		 outfile_write_all(const char *dir, const struct outfile *files,
		    size_t n, enum outfile_state *states, struct diags *d);

#endif

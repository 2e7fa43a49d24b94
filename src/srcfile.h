/*
 * An input file in memory: the whole file read at once, an index of its
 * lines, and the mapping from byte offsets to the line:col positions every
 * diagnostic carries.  The lint scanners (conf_scan, hba_scan) read the
 * buffer; nothing here interprets the bytes beyond counting characters.
 */
#ifndef PGPAIR_SRCFILE_H
#define PGPAIR_SRCFILE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct arena;

/*
 * path is as given (srcfile_pos() puts it in pos.file); buf holds len
 * bytes and then a NUL that len does not count; lines[i] is the byte
 * offset where line i + 1 starts, and nlines is at least 1, even for an
 * empty file.  The line index is built in a by the first function below
 * that needs it (the pg_hba.conf scanner counts lines itself and seldom
 * does): read lines and nlines through them only.
 */
struct srcfile {
	const char	*path;
	const char	*buf;
	size_t		 len;
	struct arena	*a;
	size_t		*lines;		/* NULL: not built yet */
	size_t		 nlines;
};

/*
 * The most bytes pgpair reads of one input file: a cluster description, a
 * postgresql.conf or pg_hba.conf and every file they include, a lint
 * argument, a template, standard input.  pgpair's own bound, not the
 * server's; documented in pgpair(1), Limits.
 */
#define SRCFILE_MAX		(16 * 1024 * 1024)
#define SRCFILE_MAX_TEXT	"16 MiB"

/*
 * Read the file at path into a.  Returns the file, or NULL with errno set
 * when it cannot be opened or read.  Only a regular file is read, and only
 * when it holds at most SRCFILE_MAX bytes, so that no input can hang or
 * fill memory: a directory gives EISDIR, a FIFO ESPIPE, a socket ENXIO, a
 * device ENODEV (none of them is opened: a device may act on open), a
 * larger file EFBIG; srcfile_strerror() words these.  The open does not
 * block, and follows symbolic links as the server does.  The contents are
 * kept byte for byte: NUL bytes, invalid UTF-8 and CR stay in buf, and
 * only '\n' ends a line.
 */
struct srcfile	*srcfile_read(struct arena *a, const char *path);
/*
 * Standard input, whatever it is (a pipe, a terminal, a regular file),
 * shown as name, up to SRCFILE_MAX bytes (more: NULL with EFBIG).  It may
 * block: the user asked for it.
 */
struct srcfile	*srcfile_read_stdin(struct arena *a, const char *name);
/* strerror() with the words for the errors srcfile_read() makes up. */
const char	*srcfile_strerror(int err);
/* A file from memory: copies len bytes of buf and path into a. */
struct srcfile	*srcfile_from_mem(struct arena *a, const char *path,
		    const char *buf, size_t len);
/*
 * PostgreSQL's path.c canonicalize_path(), lexically: no empty or "."
 * components, ".." cancels the component before it, no trailing slash
 * ("." for nothing left).  The readers compare and cache included files
 * by this name.  The result lives in a.
 */
char		*srcfile_canonical(struct arena *a, const char *path);
/* FNV-1a of a file name: the readers' tables of files read once. */
uint64_t	 srcfile_name_hash(const char *path);

/*
 * The position of byte offset off (0 <= off <= len): the line from 1, and
 * the column from 1 counted in characters.  A valid UTF-8 sequence is one
 * character; each byte that does not start one (a stray continuation byte,
 * a truncated or overlong sequence) counts as one character on its own, as
 * do NUL, tab and CR.  O(log lines + line length).
 */
struct pos	 srcfile_pos(const struct srcfile *, size_t off);
/*
 * The characters in the n bytes at s, counted as srcfile_pos() counts them
 * (a sequence cut short at s + n counts byte by byte).  Scanners that know
 * a position on the current line use it to get the next one: when the
 * byte at offset b is ASCII (or b starts its line), the column of b + n is
 * the column of b plus srcfile_chars(buf + b, n).
 */
unsigned	 srcfile_chars(const char *s, size_t n);
/*
 * srcfile_pos() for an offset known to be on line (from 1), as scanners
 * that count lines know: O(length of the line before off).
 */
struct pos	 srcfile_pos_on(const struct srcfile *, unsigned line,
		    size_t off);
/* The 1-based line number holding offset off. */
unsigned	 srcfile_line_of(const struct srcfile *, size_t off);
/*
 * Line n (from 1) without its '\n' (a CR before it is kept); *lenp gets its
 * length.  Borrows the buffer.  NULL when there is no such line.
 */
const char	*srcfile_line(const struct srcfile *, unsigned n,
		    size_t *lenp);
/*
 * The length of the valid UTF-8 sequence starting at s (at most n bytes
 * available), or 0 when s does not start one.  Rejects overlong forms,
 * surrogates and code points above U+10FFFF, as RFC 3629 does.
 */
size_t		 srcfile_utf8_len(const unsigned char *s, size_t n);

#endif

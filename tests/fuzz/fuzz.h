/*
 * What the libFuzzer targets of tests/fuzz share: the fuzz input read as a
 * set of files, so that the readers' include, include_if_exists and @file
 * paths are fuzzed without touching the real file system.
 *
 * The input is the top file, then any number of further files, each
 * introduced by a line "%%file NAME" (NAME relative to /fuzz, the folder
 * of the top file /fuzz/main).  While a target runs, srcfile_read() (which
 * both readers use for every file they open) is routed here by the linker
 * (-Wl,--wrap=srcfile_read): a path names one of these files or none, so
 * include '/dev/zero' or @/etc/passwd are simply missing files.
 */
#ifndef PGPAIR_FUZZ_H
#define PGPAIR_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#define FUZZ_DIR	"/fuzz"
#define FUZZ_MAIN	"/fuzz/main"
#define FUZZ_MARK	"\n%%file "

struct arena;
struct diags;

/* The entry point libFuzzer and tests/fuzz/replay.c call. */
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Split data into files (borrowed: data must outlive fuzz_vfs_end()) and
 * route srcfile_read() to them until fuzz_vfs_end().  Returns the number of
 * files, the top one included.
 */
size_t	 fuzz_vfs_begin(const uint8_t *data, size_t size);
void	 fuzz_vfs_end(void);
/*
 * The file at path (canonical or not: "a/./b", "a//b" and "a/x/../b" are
 * the same), or NULL.  *len gets its length.
 */
const char *fuzz_vfs_get(const char *path, size_t *len);
/* The i-th file (0: the top file) and its canonical path; NULL past the
 * end. */
const char *fuzz_vfs_nth(size_t i, const char **path, size_t *len);

/*
 * Print d (sorted here) in every format of diagnostics, in memory, and
 * abort when JSON or SARIF is not one valid RFC 8259 document in UTF-8,
 * or text or GitHub output is not UTF-8 free of control characters (but
 * line breaks and tabs): every reader's diagnostics pass through here.
 */
void	 fuzz_report(struct diags *d);
/* 1 when buf[0..len) is one JSON value in UTF-8, blanks around it. */
int	 fuzz_json_valid(const char *buf, size_t len);

#endif

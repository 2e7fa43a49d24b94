/*
 * The postgresql.conf parser: conf_scan tokens -> settings, following
 * include, include_if_exists and include_dir as the server does
 * (guc-file.l ParseConfigFp/ParseConfigFile/ParseConfigDirectory and, from
 * PG 16, conffiles.c; the same behaviour in PG 12 to 18).  It reports what
 * makes the server refuse the file (rules conf-syntax and conf-include) and
 * settings overridden by a later one (conf-duplicate); the checks of names
 * and values are rules_conf.c's.
 */
#ifndef PGPAIR_CONF_PARSE_H
#define PGPAIR_CONF_PARSE_H

#include <stddef.h>

#include "conf_scan.h"
#include "diag.h"

struct arena;
struct srcfile;

/* guc.h CONF_FILE_START_DEPTH / CONF_FILE_MAX_DEPTH, PG 12-18. */
#define CONF_FILE_START_DEPTH	0
#define CONF_FILE_MAX_DEPTH	10
/*
 * pgpair's own bounds, not the server's (pgpair-lint(1), Limits).  Each
 * file is read once for a top file however often it is included, and the
 * files it includes, directly or not, are at most CONF_MAX_FILES different
 * names; a file holds at most CONF_MAX_INCLUDES include directives, and an
 * include_dir folder at most CONF_MAX_DIR_FILES files that would be read.
 */
#define CONF_MAX_FILES		1000
#define CONF_MAX_INCLUDES	1000
#define CONF_MAX_DIR_FILES	1000
/* guc-file.l: a file is abandoned after this many syntax errors. */
#define CONF_MAX_SYNTAX_ERRORS	100

/*
 * One "name = value" line, in the order the server reads them (an
 * included file's settings sit where its include directive was).  The
 * server reads a file again at each inclusion; a line is listed once,
 * where it is read last, which is where it can win.  Positions name the
 * file that holds the line.
 */
struct conf_setting {
	const char	*name;		/* as written */
	const char	*value;		/* unquoted, unescaped */
	int		 quoted;	/* value was a '...' string */
	enum conf_tok	 value_type;	/* token kind of the value */
	struct pos	 name_pos;
	struct pos	 value_pos;
	unsigned	 depth;		/* 0 in the top file; read last at */
	/* The include or include_if_exists line that read its file, read
	 * last; file NULL in the top file and in include_dir's files. */
	struct pos	 included_at;
	/*
	 * Set by conf_resolve(): a later setting of the same name, in any
	 * spelling, wins, so this one has no effect.  pg_file_settings
	 * marks fewer lines applied = f: it compares spellings with strcmp
	 * (PG 15: "Work_Mem = 2MB" before "work_mem = 3MB" shows applied =
	 * t), and custom names without a placeholder are never marked.
	 */
	int		 overridden;
	/* The setting that wins, or NULL. */
	const struct conf_setting *overridden_by;
	struct conf_setting *next;
};

/* A file that was read, in reading order: one entry per file. */
struct conf_file {
	const char		*path;	/* as shown in positions */
	const struct srcfile	*src;
	struct conf_file	*next;
};

/* nerrors counts the conf-syntax and conf-include errors reported. */
struct conf_file_set {
	struct conf_setting	*first, *last;
	size_t			 nsettings;
	struct conf_file	*files, *files_last;
	unsigned		 nerrors;
};

void	 conf_set_init(struct conf_file_set *);

/*
 * Parse the file at path and the files it includes, append their settings
 * to set, then resolve duplicates (conf_resolve() with d).  Paths in
 * include directives are relative to the directory of the including file;
 * path itself is used as given (relative to the working directory).
 *
 * Settings, files and their buffers live in a; file names in positions and
 * every message live in d's arena, so diagnostics outlive a.  Syntax and
 * include errors go to d as conf-syntax and conf-include, at the token
 * concerned (an include error at the directive's value), each once
 * however often the server would meet it.  Each file is read once (at
 * most SRCFILE_MAX bytes, a regular file), and time and memory follow the
 * size of the files, not the number of inclusions.
 *
 * Returns 0 when the server would accept the files' syntax and includes, 1
 * when an error was reported (the server will not start: it also skips
 * checking any setting then), or -1 when path itself cannot be read (a
 * level-error diagnostic with rule NULL, "cannot open ...", is added).
 */
int	 conf_parse_file(struct arena *a, const char *path, struct diags *d,
	    struct conf_file_set *set);
/*
 * The same without resolving duplicates, so that several top files (say
 * postgresql.conf, then postgresql.auto.conf) can go into one set before a
 * single conf_resolve().  set must have been initialised.
 */
int	 conf_parse_append(struct arena *a, const char *path,
	    struct diags *d, struct conf_file_set *set);
/*
 * Like conf_parse_append() for a file already in memory (tests, stdin).
 * Includes are still read from the file system, relative to sf->path.
 */
int	 conf_parse_srcfile(struct arena *a, const struct srcfile *sf,
	    struct diags *d, struct conf_file_set *set);
/*
 * Mark every setting that a later one of the same name overrides (names
 * compare as the server's guc_name_compare(): ASCII case folded), and,
 * when d is not NULL, report each overridden line once as conf-duplicate,
 * naming the line that wins.  O(n): settings are grouped by hashing
 * their names (a group that includes read out of file order is sorted).
 */
void	 conf_resolve(struct conf_file_set *set, struct diags *d);
/* guc.c guc_name_compare(): strcmp with ASCII A-Z folded to a-z. */
int	 conf_name_cmp(const char *, const char *);

#endif

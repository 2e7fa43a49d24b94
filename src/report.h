/*
 * Printing diagnostics: the only place that does.  Text is one line per
 * diagnostic, FILE:LINE:COL: level: message [rule], with an indented hint
 * line when there is one; JSON is one document with every diagnostic.
 */
#ifndef PGPAIR_REPORT_H
#define PGPAIR_REPORT_H

#include <stdio.h>

#include "diag.h"
#include "outfile.h"

enum report_format {
	REPORT_TEXT,
	REPORT_JSON
};

/* "text" or "json" -> the format; -1 for anything else. */
int	 report_format_from_name(const char *);
/* Print every diagnostic of d (sort it first) in format fmt to fp. */
void	 report_text(FILE *fp, const struct diags *d);
void	 report_json(FILE *fp, const struct diags *d);
void	 report(FILE *text_fp, FILE *json_fp, enum report_format fmt,
	    const struct diags *d);
/*
 * generate's report: the diagnostics of d, then what happened to each of
 * the n files written under dir.  Text (to text_fp): after the
 * diagnostics, "pgpair: created DIR/PATH" or "pgpair: changed DIR/PATH"
 * for each file written and "pgpair: N created, N changed, N unchanged in
 * DIR".  JSON (to json_fp): {"directory":DIR,"files":[{"path":PATH,
 * "state":STATE}],"diagnostics":[...]}, PATH relative to DIR.  files NULL:
 * nothing was written (no line about files; "files":[]).
 */
void	 report_written(FILE *text_fp, FILE *json_fp, enum report_format fmt,
	    const char *dir, const struct outfile *files,
	    const enum outfile_state *states, size_t n, const struct diags *d);
/* One file of pgpair diff, and what generate would do to it. */
struct report_diff_file {
	const char	*path;		/* relative to the tree */
	const char	*state;		/* outfile_state_name(), or "extra" */
	const char	*diff;		/* its part of the diff, or NULL */
};

/*
 * pgpair diff's report.  Text: the diagnostics of d on text_err, then
 * each file's diff, and "Only in DIR/FOLDER: NAME" for each extra file,
 * on out.  JSON (on out): {"directory":DIR,"equal":BOOL,"files":[{"path",
 * "state","diff"}],"diagnostics":[...]}, "diff" only for a file that
 * differs.  files NULL: no comparison was made ("files":[], no "equal").
 */
void	 report_diff(FILE *out, FILE *text_err, enum report_format fmt,
	    const char *dir, const struct report_diff_file *files, size_t n,
	    int equal, const struct diags *d);
/*
 * The member "diagnostics":[...] with every diagnostic of d, for a command
 * whose document holds more (plan).
 */
void	 report_json_diagnostics(FILE *fp, const struct diags *d);
/* Write s as a JSON string literal, quotes included. */
void	 json_string(FILE *fp, const char *s);

#endif

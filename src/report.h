/*
 * Printing diagnostics: the only place that does.  Text is one line per
 * diagnostic, FILE:LINE:COL: level: message [rule], with an indented hint
 * line when there is one; JSON is one document with every diagnostic.
 */
#ifndef PGPAIR_REPORT_H
#define PGPAIR_REPORT_H

#include <stdio.h>

#include "diag.h"

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
 * The JSON array of every diagnostic of d, without a line break, for a
 * command whose document holds more than the diagnostics (plan).
 */
void	 report_json_list(FILE *fp, const struct diags *d);
/* Write s as a JSON string literal, quotes included. */
void	 json_string(FILE *fp, const char *s);

#endif

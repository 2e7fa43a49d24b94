/*
 * Printing: the only place that does.  A command builds a struct report
 * (its diagnostics and the document it prints) and hands it to the
 * format the user chose, from one table of output formats: each format
 * has a printing function per kind of document, and a command takes the
 * formats that can print its kind.  The table feeds --format's check, the
 * usage lines, --help and so the completions.
 *
 * Text diagnostics are FILE:LINE:COL: level: message [rule], the line of
 * the file quoted under it with a caret under the column, and an indented
 * hint line; in colour on a terminal unless NO_COLOR is set.  Every format
 * writes the bytes of its input as escape.h says.
 */
#ifndef PGPAIR_REPORT_H
#define PGPAIR_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "outfile.h"

struct plan;
struct rule;
struct strbuf;

/* What a command prints besides its diagnostics. */
enum report_doc {
	DOC_NONE,		/* explain: its own text, no --format */
	DOC_DIAGS,		/* check, lint: the diagnostics alone */
	DOC_WRITTEN,		/* generate: and the files written */
	DOC_DIFF,		/* diff: and the diff */
	DOC_PLAN,		/* plan: and the plan */
	DOC_RULES,		/* rules: the rule table, no diagnostics */
	DOC__COUNT
};

/* One file of pgpair diff, and what generate would do to it. */
struct report_diff_file {
	const char	*path;		/* relative to the tree */
	const char	*state;		/* outfile_state_name(), "removed" or "extra" */
	const char	*diff;		/* its part of the diff, or NULL */
};

/* What a command hands the printer; everything is borrowed. */
struct report {
	enum report_doc			 doc;
	const struct diags		*d;	/* sorted */
	FILE				*out;	/* the document */
	FILE				*err;	/* text diagnostics when the
						   document is something else */
	/* DOC_WRITTEN, and DOC_PLAN with -o: files NULL, nothing written */
	const char			*dir;
	const struct outfile		*files;
	const enum outfile_state	*states;
	size_t				 nfiles;
	/* DOC_DIFF: files NULL, no comparison was made */
	const struct report_diff_file	*diff;
	size_t				 ndiff;
	int				 equal;
	/* DOC_PLAN: NULL, no plan */
	const struct plan		*plan;
};

typedef void	report_fn(const struct report *);

struct report_format {
	const char	*name;
	report_fn	*print[DOC__COUNT];	/* NULL: not for this kind */
};

/* The formats, the default ("text") first; ends with name NULL. */
extern const struct report_format report_formats[];

/* The format called name that prints documents of kind doc, or NULL. */
const struct report_format *report_format_find(const char *name,
		    enum report_doc doc);
/* "text|json|...": the formats for doc, in table order, into sb. */
void		 report_format_names(struct strbuf *sb, enum report_doc doc);
/* Print r in format f. */
void		 report_print(const struct report_format *f,
		    const struct report *r);

/*
 * The diagnostics of d as text (with the quoted lines, colour when fp is
 * a terminal), as one JSON document {"diagnostics":[...]}, or as that
 * member alone, for a command whose document holds more.
 */
void	 report_text(FILE *fp, const struct diags *d);
void	 report_json(FILE *fp, const struct diags *d);
void	 report_json_diagnostics(FILE *fp, const struct diags *d);
/* SARIF 2.1.0 and GitHub workflow commands (report_sarif.c). */
void	 report_sarif(FILE *fp, const struct diags *d);
void	 report_github(FILE *fp, const struct diags *d);
/*
 * When diag.c counted findings instead of keeping them (DIAGS_MAX): "N
 * more diagnostics not shown: ..." into sb, the highest level among them
 * into *max; returns N, 0 (and nothing added) when all were kept.
 */
size_t	 report_more(struct strbuf *sb, const struct diags *d,
	    enum level *max);
/* Write s as a JSON string literal, quotes included. */
void	 json_string(FILE *fp, const char *s);
/* The rule table as pgpair rules lists it (report_rules.c). */
void	 report_rules_text(const struct report *r);
void	 report_rules_json(const struct report *r);
void	 report_rules_mdoc(const struct report *r);
/* pgpair explain: "id (level)", a blank line, report_rule_help(). */
void	 report_explain(FILE *fp, const struct rule *r);
/*
 * A rule's documentation as pgpair explain prints it after the "id
 * (level)" line: the summary as a sentence, a blank line, the doc.  SARIF
 * gives the same text as the rule's help.
 */
void	 report_rule_help(struct strbuf *sb, const struct rule *r);

#endif

/*
 * Diagnostics and documents out: the table of output formats, and the
 * text and JSON printers.  Records arrive sorted (diags_sort); nothing
 * here decides anything.  SARIF and GitHub are in report_sarif.c, the
 * rule table's listings in report_rules.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "escape.h"
#include "plan.h"
#include "render.h"
#include "report.h"
#include "strbuf.h"

/* Columns of a quoted line shown around the caret. */
#define EXCERPT_WIDTH	160


/* SGR sequences of the text report on a terminal, as GCC colours. */
#define SGR_RESET	"\033[m"
#define SGR_BOLD	"\033[1m"
#define SGR_CARET	"\033[1;32m"

static const char *const level_sgr[] = {
	[LEVEL_OFF] = "",
	[LEVEL_INFO] = "\033[1;36m",
	[LEVEL_WARNING] = "\033[1;35m",
	[LEVEL_ERROR] = "\033[1;31m",
};

/* Where report_text() is in the source files it quotes. */
struct cursor {
	const struct diag_source	*src;
	unsigned			 line;	/* the line starting at off */
	size_t				 off;
};

static void	 put_uint(struct strbuf *, unsigned);
static void	 put_spaces(struct strbuf *, unsigned);
static int	 use_colour(FILE *);
static void	 text_more(FILE *, const struct diags *);
static void	 text_diag(struct strbuf *, const struct diags *,
		    const struct diag *, struct cursor *, int);
static int	 source_line(struct cursor *, const struct diag_source *,
		    unsigned, const char **, size_t *);
static void	 excerpt(struct strbuf *, unsigned, const char *, size_t,
		    unsigned, int);
static void	 put_path(FILE *, enum esc_mode, const char *dir,
		    const char *path, size_t len);
static void	 print_diags_text(const struct report *);
static void	 print_diags_json(const struct report *);
static void	 print_diags_sarif(const struct report *);
static void	 print_diags_github(const struct report *);
static void	 print_written_text(const struct report *);
static void	 print_written_json(const struct report *);
static void	 print_diff_text(const struct report *);
static void	 print_diff_json(const struct report *);
static void	 print_plan_text(const struct report *);
static void	 print_plan_json(const struct report *);

/*
 * The formats and what each prints, by kind of document: a command takes
 * a format when the entry for its kind is set.  The first is the default.
 */
const struct report_format report_formats[] = {
	{ "text", {
		[DOC_DIAGS] = print_diags_text,
		[DOC_WRITTEN] = print_written_text,
		[DOC_DIFF] = print_diff_text,
		[DOC_PLAN] = print_plan_text,
		[DOC_RULES] = report_rules_text,
	} },
	{ "json", {
		[DOC_DIAGS] = print_diags_json,
		[DOC_WRITTEN] = print_written_json,
		[DOC_DIFF] = print_diff_json,
		[DOC_PLAN] = print_plan_json,
		[DOC_RULES] = report_rules_json,
	} },
	{ "sarif", {
		[DOC_DIAGS] = print_diags_sarif,
	} },
	{ "github", {
		[DOC_DIAGS] = print_diags_github,
	} },
	{ "mdoc", {
		[DOC_RULES] = report_rules_mdoc,
	} },
	{ NULL, { NULL } }
};

const struct report_format *
report_format_find(const char *name, enum report_doc doc)
{
	for (const struct report_format *f = report_formats; f->name != NULL;
	    f++)
		if (f->print[doc] != NULL && strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

void
report_format_names(struct strbuf *sb, enum report_doc doc)
{
	int	 first = 1;

	for (const struct report_format *f = report_formats; f->name != NULL;
	    f++) {
		if (f->print[doc] == NULL)
			continue;
		if (!first)
			strbuf_addch(sb, '|');
		strbuf_addstr(sb, f->name);
		first = 0;
	}
}

void
report_print(const struct report_format *f, const struct report *r)
{
	f->print[r->doc](r);
}

/*
 * A number, and n spaces: the text report writes them for every
 * diagnostic, where printf's parsing of formats would be most of its cost.
 */
static void
put_uint(struct strbuf *sb, unsigned v)
{
	char	 b[16];
	size_t	 n = 0;

	do
		b[sizeof(b) - ++n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	strbuf_add(sb, b + sizeof(b) - n, n);
}

static void
put_spaces(struct strbuf *sb, unsigned n)
{
	static const char	 sp[] = "                                ";
	unsigned		 k;

	for (; n > 0; n -= k) {
		k = n < sizeof(sp) - 1 ? n : (unsigned)sizeof(sp) - 1;
		strbuf_add(sb, sp, k);
	}
}

/*
 * Colour only for a terminal (not a dumb one), and never when NO_COLOR is
 * set to anything (https://no-color.org).
 */
static int
use_colour(FILE *fp)
{
	const char	*nc = getenv("NO_COLOR"), *term = getenv("TERM");
	int		 fd = fileno(fp);

	if (nc != NULL && *nc != '\0')
		return 0;
	if (term == NULL || strcmp(term, "dumb") == 0)
		return 0;
	return fd >= 0 && isatty(fd);
}

/*
 * The diagnostics are written into a buffer and the buffer to fp every
 * 64 KB: a diagnostic is some twenty pieces, each a stdio call before
 * (10,000 findings: 35% of the text report's instructions).
 */
void
report_text(FILE *fp, const struct diags *d)
{
	struct cursor	 c = { NULL, 0, 0 };
	struct strbuf	 sb = STRBUF_INIT;
	int		 colour = use_colour(fp);

	for (size_t i = 0; i < d->n; i++) {
		text_diag(&sb, d, &d->v[i], &c, colour);
		if (sb.len >= 64 * 1024 || i + 1 == d->n) {
			fwrite(sb.buf, 1, sb.len, fp);
			strbuf_reset(&sb);
		}
	}
	strbuf_release(&sb);
	text_more(fp, d);
}

/*
 * One diagnostic: its line, the source line it points into (when the
 * file's bytes were kept) with a caret, and its hint.
 */
static void
text_diag(struct strbuf *sb, const struct diags *d, const struct diag *dg,
    struct cursor *c, int colour)
{
	const struct diag_source	*src = NULL;
	const char			*line;
	size_t				 len;

	if (colour)
		strbuf_addstr(sb, SGR_BOLD);
	if (dg->pos.file == NULL)
		strbuf_addstr(sb, "pgpair");
	else {
		esc_add(sb, ESC_TEXT, dg->pos.file, strlen(dg->pos.file));
		if (dg->pos.line != 0) {
			strbuf_addch(sb, ':');
			put_uint(sb, dg->pos.line);
			strbuf_addch(sb, ':');
			put_uint(sb, dg->pos.col);
		}
	}
	strbuf_addch(sb, ':');
	if (colour)
		strbuf_addf(sb, "%s %s%s:%s ", SGR_RESET, level_sgr[dg->level],
		    level_name(dg->level), SGR_RESET);
	else {
		strbuf_addch(sb, ' ');
		strbuf_addstr(sb, level_name(dg->level));
		strbuf_addstr(sb, ": ");
	}
	esc_add(sb, ESC_TEXT, dg->msg, strlen(dg->msg));
	if (dg->rule != NULL && colour)
		strbuf_addf(sb, " [%s%s%s]", level_sgr[dg->level], dg->rule,
		    SGR_RESET);
	else if (dg->rule != NULL) {
		strbuf_addstr(sb, " [");
		strbuf_addstr(sb, dg->rule);
		strbuf_addch(sb, ']');
	}
	strbuf_addch(sb, '\n');
	if (dg->pos.file != NULL && dg->pos.line != 0)
		src = diags_find_source(d, dg->pos.file);
	if (src != NULL && source_line(c, src, dg->pos.line, &line, &len))
		excerpt(sb, dg->pos.line, line, len, dg->pos.col, colour);
	if (dg->hint != NULL) {
		strbuf_addstr(sb, colour ? "  " SGR_BOLD "hint:" SGR_RESET " " :
		    "  hint: ");
		esc_add(sb, ESC_TEXT, dg->hint, strlen(dg->hint));
		strbuf_addch(sb, '\n');
	}
}

/*
 * Line n of src, without its line break (nor a CR before it), into *line
 * and *len; 0 when the file has no such line.  Diagnostics come sorted, so
 * the cursor mostly moves on from where the last one left it.
 */
static int
source_line(struct cursor *c, const struct diag_source *src, unsigned n,
    const char **line, size_t *len)
{
	const char	*nl;
	size_t		 end;

	if (c->src != src || n < c->line) {
		c->src = src;
		c->line = 1;
		c->off = 0;
	}
	while (c->line < n) {
		if ((nl = memchr(src->buf + c->off, '\n', src->len - c->off)) ==
		    NULL)
			return 0;
		c->off = (size_t)(nl - src->buf) + 1;
		c->line++;
	}
	/* After the last line break there is no line, only the file's end. */
	if (c->off == src->len && n > 1)
		return 0;
	nl = memchr(src->buf + c->off, '\n', src->len - c->off);
	end = nl != NULL ? (size_t)(nl - src->buf) : src->len;
	if (end > c->off && src->buf[end - 1] == '\r')
		end--;
	*line = src->buf + c->off;
	*len = end - c->off;
	return 1;
}

/*
 * The quoted line, " LINE | text", and under it the caret at column col
 * (counted in characters, as positions are).  Characters are written as
 * escape.h says for text, tabs expanded to the next multiple of 8, so that
 * the caret's place is known; a line wider than EXCERPT_WIDTH columns is
 * cut around the caret, with "..." where it was cut.
 */
static void
excerpt(struct strbuf *sb, unsigned lineno, const char *line, size_t len,
    unsigned col, int colour)
{
	const unsigned char	*s = (const unsigned char *)line;
	size_t			 i, k;
	unsigned		 chars, dcol, caret, total, from, w, width;
	unsigned		 digits, n;
	long			 cp;
	int			 plain;

	/*
	 * The columns before the caret, and the line's whole width.  A line
	 * of printable ASCII only (most are) has a column per byte.
	 */
	for (i = 0; i < len && ESC_PRINTABLE(s[i]); i++)
		continue;
	plain = i == len;
	caret = 0;
	for (i = 0, chars = 0, dcol = 0; !plain && i < len; i += k, chars++) {
		if (chars + 1 == col)
			caret = dcol;
		/* printable ASCII: a column each, no decoding */
		if (ESC_PRINTABLE(s[i])) {
			k = 1;
			dcol++;
			continue;
		}
		k = esc_char(s + i, len - i, &cp, &w);
		dcol += cp == '\t' ? 8 - dcol % 8 : w;
	}
	if (plain) {
		dcol = chars = (unsigned)len;
		if (col >= 1 && col <= len)
			caret = col - 1;
	}
	total = dcol;
	if (col == 0 || chars + 1 <= col)
		caret = col == 0 ? 0 : total;	/* at or past the end */
	from = 0;
	if (total > EXCERPT_WIDTH && caret >= EXCERPT_WIDTH - EXCERPT_WIDTH / 4)
		from = caret - EXCERPT_WIDTH / 2;

	for (digits = 0, n = lineno; digits == 0 || n != 0; n /= 10)
		digits++;
	width = digits < 4 ? 4 : digits;
	put_spaces(sb, 1 + width - digits);
	put_uint(sb, lineno);
	strbuf_addstr(sb, from > 0 ? " | ..." : " | ");
	if (plain) {
		strbuf_add(sb, s + from, total - from < EXCERPT_WIDTH ?
		    total - from : EXCERPT_WIDTH);
		if (total - from > EXCERPT_WIDTH)
			strbuf_addstr(sb, "...");
	}
	for (i = 0, dcol = 0; !plain && i < len; i += k) {
		/* a run of printable ASCII inside the window, in one write */
		for (k = 0; i + k < len && ESC_PRINTABLE(s[i + k]) &&
		    dcol + k >= from && dcol + k < from + EXCERPT_WIDTH; k++)
			continue;
		if (k > 0) {
			strbuf_add(sb, s + i, k);
			dcol += (unsigned)k;
			continue;
		}
		k = esc_char(s + i, len - i, &cp, &w);
		if (cp == '\t')
			w = 8 - dcol % 8;
		if (dcol >= from && dcol + w <= from + EXCERPT_WIDTH) {
			if (cp == '\t')
				put_spaces(sb, w);
			else
				esc_text_char(sb, s + i, k, cp);
		} else if (dcol >= from + EXCERPT_WIDTH) {
			strbuf_addstr(sb, "...");
			break;
		}
		dcol += w;
	}
	strbuf_addch(sb, '\n');
	put_spaces(sb, 1 + width);
	strbuf_addstr(sb, " | ");
	put_spaces(sb, caret - from + (from > 0 ? 3 : 0));
	strbuf_addstr(sb, colour ? SGR_CARET "^" SGR_RESET "\n" : "^\n");
}

/*
 * The last line, when diag.c counted findings instead of keeping them
 * (DIAGS_MAX).
 */
static void
text_more(FILE *fp, const struct diags *d)
{
	struct strbuf	 sb = STRBUF_INIT;
	enum level	 max;

	if (report_more(&sb, d, &max) == 0)
		return;
	fprintf(fp, "pgpair: %s: ", level_name(max));
	esc_puts(fp, ESC_TEXT, sb.buf);
	fputc('\n', fp);
	strbuf_release(&sb);
}

size_t
report_more(struct strbuf *sb, const struct diags *d, enum level *max)
{
	size_t		 n, k;
	const char	*sep = "";

	if ((n = diags_more(d, max)) == 0)
		return 0;
	strbuf_addf(sb, "%zu more diagnostics not shown:", n);
	for (int l = LEVEL_ERROR; l >= LEVEL_INFO; l--) {
		if ((k = d->more[l]) == 0)
			continue;
		strbuf_addf(sb, "%s %zu %s%s", sep, k,
		    level_name((enum level)l),
		    k != 1 && l != LEVEL_INFO ? "s" : "");
		sep = ",";
	}
	strbuf_addf(sb, " (pgpair keeps the first %zu)", d->max);
	return n;
}

void
json_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	esc_puts(fp, ESC_JSON, s);
	fputc('"', fp);
}

void
report_json_diagnostics(FILE *fp, const struct diags *d)
{
	fputs("\"diagnostics\":[", fp);
	for (size_t i = 0; i < d->n; i++) {
		const struct diag	*dg = &d->v[i];

		fputs(i ? ",{\"file\":" : "{\"file\":", fp);
		if (dg->pos.file != NULL)
			json_string(fp, dg->pos.file);
		else
			fputs("null", fp);
		if (dg->pos.line != 0)
			fprintf(fp, ",\"line\":%u,\"column\":%u", dg->pos.line,
			    dg->pos.col);
		else
			fputs(",\"line\":null,\"column\":null", fp);
		fprintf(fp, ",\"severity\":\"%s\",\"rule\":",
		    level_name(dg->level));
		if (dg->rule != NULL)
			json_string(fp, dg->rule);
		else
			fputs("null", fp);
		fputs(",\"message\":", fp);
		json_string(fp, dg->msg);
		if (dg->hint != NULL) {
			fputs(",\"hint\":", fp);
			json_string(fp, dg->hint);
		}
		fputc('}', fp);
	}
	fputc(']', fp);
	/* what diag.c counted instead of keeping (DIAGS_MAX) */
	if (diags_more(d, NULL) > 0)
		fprintf(fp, ",\"more\":{\"count\":%zu,\"error\":%zu,"
		    "\"warning\":%zu,\"info\":%zu}", diags_more(d, NULL),
		    d->more[LEVEL_ERROR], d->more[LEVEL_WARNING],
		    d->more[LEVEL_INFO]);
}

void
report_json(FILE *fp, const struct diags *d)
{
	fputc('{', fp);
	report_json_diagnostics(fp, d);
	fputs("}\n", fp);
}

static void
print_diags_text(const struct report *r)
{
	report_text(r->err, r->d);
}

static void
print_diags_json(const struct report *r)
{
	report_json(r->out, r->d);
}

static void
print_diags_sarif(const struct report *r)
{
	report_sarif(r->out, r->d);
}

static void
print_diags_github(const struct report *r)
{
	report_github(r->out, r->d);
}

/*
 * dir/path (the len bytes at path), without the trailing slashes dir may
 * have been given with; dir alone when len is 0.
 */
static void
put_path(FILE *fp, enum esc_mode mode, const char *dir, const char *path,
    size_t len)
{
	size_t	 n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	esc_put(fp, mode, dir, n);
	if (len > 0) {
		if (n == 0 || dir[n - 1] != '/')
			fputc('/', fp);
		esc_put(fp, mode, path, len);
	}
}

/*
 * generate's report.  Text: after the diagnostics, "pgpair: created
 * DIR/PATH" or "pgpair: changed DIR/PATH" for each file written, then
 * "pgpair: N created, N changed, N unchanged in DIR".  JSON: {"directory":
 * DIR,"files":[{"path":PATH,"state":STATE}],"diagnostics":[...]}, PATH
 * relative to DIR; "files":[] when nothing was written.
 */
static void
print_written_text(const struct report *r)
{
	size_t	 count[OUTFILE__COUNT] = { 0 };

	report_text(r->err, r->d);
	if (r->files == NULL)
		return;
	for (size_t i = 0; i < r->nfiles; i++) {
		count[r->states[i]]++;
		if (r->states[i] == OUTFILE_UNCHANGED)
			continue;
		fprintf(r->err, "pgpair: %s ",
		    outfile_state_name(r->states[i]));
		put_path(r->err, ESC_TEXT, r->dir, r->files[i].path,
		    strlen(r->files[i].path));
		fputc('\n', r->err);
	}
	fprintf(r->err, "pgpair: %zu %s, %zu %s, %zu %s in ",
	    count[OUTFILE_CREATED], outfile_state_name(OUTFILE_CREATED),
	    count[OUTFILE_CHANGED], outfile_state_name(OUTFILE_CHANGED),
	    count[OUTFILE_UNCHANGED], outfile_state_name(OUTFILE_UNCHANGED));
	put_path(r->err, ESC_TEXT, r->dir, "", 0);
	fputc('\n', r->err);
}

static void
print_written_json(const struct report *r)
{
	FILE	*fp = r->out;

	fputs("{\"directory\":", fp);
	json_string(fp, r->dir);
	fputs(",\"files\":[", fp);
	for (size_t i = 0; r->files != NULL && i < r->nfiles; i++) {
		fputs(i ? ",{\"path\":" : "{\"path\":", fp);
		json_string(fp, r->files[i].path);
		fprintf(fp, ",\"state\":\"%s\"}",
		    outfile_state_name(r->states[i]));
	}
	fputs("],", fp);
	report_json_diagnostics(fp, r->d);
	fputs("}\n", fp);
}

/*
 * pgpair diff's report.  Text: the diagnostics on err, then each file's
 * diff, and "Only in DIR/FOLDER: NAME" for each extra file, on out; the
 * diffs hold the files' bytes as they are, as diff(1) prints them.  JSON:
 * {"directory":DIR,"equal":BOOL,"files":[{"path","state","diff"}],
 * "diagnostics":[...]}, "diff" only for a file that differs, no "equal"
 * when no comparison was made.
 */
static void
print_diff_text(const struct report *r)
{
	const char	*slash, *path;

	report_text(r->err, r->d);
	for (size_t i = 0; r->diff != NULL && i < r->ndiff; i++) {
		if (r->diff[i].diff != NULL) {
			fputs(r->diff[i].diff, r->out);
			continue;
		}
		if (strcmp(r->diff[i].state, "extra") != 0)
			continue;
		/* diff -r's words: "Only in DIR/FOLDER: NAME". */
		path = r->diff[i].path;
		fputs("Only in ", r->out);
		slash = strrchr(path, '/');
		put_path(r->out, ESC_TEXT, r->dir, path, slash == NULL ? 0 :
		    (size_t)(slash - path));
		fputs(": ", r->out);
		esc_puts(r->out, ESC_TEXT, slash == NULL ? path : slash + 1);
		fputc('\n', r->out);
	}
}

static void
print_diff_json(const struct report *r)
{
	FILE	*fp = r->out;

	fputs("{\"directory\":", fp);
	json_string(fp, r->dir);
	if (r->diff != NULL)
		fprintf(fp, ",\"equal\":%s", r->equal ? "true" : "false");
	fputs(",\"files\":[", fp);
	for (size_t i = 0; r->diff != NULL && i < r->ndiff; i++) {
		fputs(i ? ",{\"path\":" : "{\"path\":", fp);
		json_string(fp, r->diff[i].path);
		fputs(",\"state\":", fp);
		json_string(fp, r->diff[i].state);
		if (r->diff[i].diff != NULL) {
			fputs(",\"diff\":", fp);
			json_string(fp, r->diff[i].diff);
		}
		fputc('}', fp);
	}
	fputs("],", fp);
	report_json_diagnostics(fp, r->d);
	fputs("}\n", fp);
}

/*
 * plan's report.  Text: with -o, what generate says of the files it
 * wrote; else the diagnostics on err and plan.md on out.  JSON: {"steps":
 * [{"node","argv":[...],"why"}],"diagnostics":[...]}, no step when there
 * is no plan.
 */
static void
print_plan_text(const struct report *r)
{
	if (r->dir != NULL) {
		print_written_text(r);
		return;
	}
	report_text(r->err, r->d);
	if (r->plan != NULL)
		fputs(r->plan->markdown, r->out);
}

static void
print_plan_json(const struct report *r)
{
	const struct plan	*pl = r->plan;
	FILE			*fp = r->out;

	fputs("{\"steps\":[", fp);
	for (size_t i = 0; pl != NULL && i < pl->nsteps; i++) {
		const struct plan_step *st = &pl->steps[i];

		fputs(i ? ",{\"node\":" : "{\"node\":", fp);
		json_string(fp, st->node);
		fputs(",\"argv\":[", fp);
		for (size_t k = 0; st->argv[k] != NULL; k++) {
			if (k > 0)
				fputc(',', fp);
			json_string(fp, st->argv[k]);
		}
		fputs("],\"why\":", fp);
		json_string(fp, st->why);
		fputc('}', fp);
	}
	fputs("],", fp);
	report_json_diagnostics(fp, r->d);
	fputs("}\n", fp);
}

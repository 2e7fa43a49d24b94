/*
 * Diagnostics out: text for people, JSON for programs.  Records arrive
 * sorted (diags_sort); nothing here decides anything.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "render.h"
#include "report.h"
#include "srcfile.h"

static void	 json_diagnostics(FILE *, const struct diags *);
static void	 text_more(FILE *, const struct diags *);
static void	 put_path(FILE *, const char *dir, const char *path,
		    size_t len);

int
report_format_from_name(const char *s)
{
	if (strcmp(s, "text") == 0)
		return REPORT_TEXT;
	if (strcmp(s, "json") == 0)
		return REPORT_JSON;
	return -1;
}

void
report_text(FILE *fp, const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag	*dg = &d->v[i];

		if (dg->pos.file == NULL)
			fputs("pgpair", fp);
		else if (dg->pos.line == 0)
			fputs(dg->pos.file, fp);
		else
			fprintf(fp, "%s:%u:%u", dg->pos.file, dg->pos.line,
			    dg->pos.col);
		fprintf(fp, ": %s: %s", level_name(dg->level), dg->msg);
		if (dg->rule != NULL)
			fprintf(fp, " [%s]", dg->rule);
		fputc('\n', fp);
		if (dg->hint != NULL)
			fprintf(fp, "  hint: %s\n", dg->hint);
	}
	text_more(fp, d);
}

/*
 * The last line, when diag.c counted findings instead of keeping them
 * (DIAGS_MAX): how many, of which levels, at the highest of them.
 */
static void
text_more(FILE *fp, const struct diags *d)
{
	enum level	 max;
	size_t		 n, k;
	const char	*sep = "";

	if ((n = diags_more(d, &max)) == 0)
		return;
	fprintf(fp, "pgpair: %s: %zu more diagnostics not shown:",
	    level_name(max), n);
	for (int l = LEVEL_ERROR; l >= LEVEL_INFO; l--) {
		if ((k = d->more[l]) == 0)
			continue;
		fprintf(fp, "%s %zu %s%s", sep, k, level_name((enum level)l),
		    k != 1 && l != LEVEL_INFO ? "s" : "");
		sep = ",";
	}
	fprintf(fp, " (pgpair keeps the first %zu)\n", d->max);
}

void
json_string(FILE *fp, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n;

	fputc('"', fp);
	for (; *p; p++) {
		/*
		 * JSON text is UTF-8 (RFC 8259 8.1), but messages quote the
		 * input's bytes as they are: a byte that starts no valid
		 * sequence becomes U+FFFD, as a decoder would show it.  The
		 * NUL at the end is no continuation byte, so reading up to 4
		 * stops there.
		 */
		if (*p >= 0x80) {
			if ((n = srcfile_utf8_len(p, 4)) == 0)
				fputs("\\ufffd", fp);
			else {
				fwrite(p, 1, n, fp);
				p += n - 1;
			}
			continue;
		}
		switch (*p) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(fp, "\\u%04x", *p);
			else
				fputc(*p, fp);
		}
	}
	fputc('"', fp);
}

/* "diagnostics":[...], the member every JSON document of ours has. */
static void
json_diagnostics(FILE *fp, const struct diags *d)
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
		fprintf(fp, ",\"severity\":\"%s\",\"rule\":", level_name(dg->level));
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
report_json_diagnostics(FILE *fp, const struct diags *d)
{
	json_diagnostics(fp, d);
}

void
report_json(FILE *fp, const struct diags *d)
{
	fputc('{', fp);
	json_diagnostics(fp, d);
	fputs("}\n", fp);
}

/*
 * dir/path (the len bytes at path), without the trailing slashes dir may
 * have been given with; dir alone when len is 0.
 */
static void
put_path(FILE *fp, const char *dir, const char *path, size_t len)
{
	size_t	 n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	fprintf(fp, "%.*s", (int)n, dir);
	if (len > 0)
		fprintf(fp, "%s%.*s", n > 0 && dir[n - 1] == '/' ? "" : "/",
		    (int)len, path);
}

void
report_written(FILE *text_fp, FILE *json_fp, enum report_format fmt,
    const char *dir, const struct outfile *files,
    const enum outfile_state *states, size_t n, const struct diags *d)
{
	size_t	 count[OUTFILE__COUNT] = { 0 };

	if (fmt == REPORT_JSON) {
		fputs("{\"directory\":", json_fp);
		json_string(json_fp, dir);
		fputs(",\"files\":[", json_fp);
		for (size_t i = 0; files != NULL && i < n; i++) {
			fputs(i ? ",{\"path\":" : "{\"path\":", json_fp);
			json_string(json_fp, files[i].path);
			fprintf(json_fp, ",\"state\":\"%s\"}",
			    outfile_state_name(states[i]));
		}
		fputs("],", json_fp);
		json_diagnostics(json_fp, d);
		fputs("}\n", json_fp);
		return;
	}
	report_text(text_fp, d);
	if (files == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		count[states[i]]++;
		if (states[i] == OUTFILE_UNCHANGED)
			continue;
		fprintf(text_fp, "pgpair: %s ", outfile_state_name(states[i]));
		put_path(text_fp, dir, files[i].path, strlen(files[i].path));
		fputc('\n', text_fp);
	}
	fprintf(text_fp, "pgpair: %zu %s, %zu %s, %zu %s in ",
	    count[OUTFILE_CREATED], outfile_state_name(OUTFILE_CREATED),
	    count[OUTFILE_CHANGED], outfile_state_name(OUTFILE_CHANGED),
	    count[OUTFILE_UNCHANGED], outfile_state_name(OUTFILE_UNCHANGED));
	put_path(text_fp, dir, "", 0);
	fputc('\n', text_fp);
}

void
report(FILE *text_fp, FILE *json_fp, enum report_format fmt,
    const struct diags *d)
{
	if (fmt == REPORT_JSON)
		report_json(json_fp, d);
	else
		report_text(text_fp, d);
}

void
report_diff(FILE *out, FILE *text_err, enum report_format fmt,
    const char *dir, const struct report_diff_file *files, size_t n,
    int equal, const struct diags *d)
{
	const char	*slash;

	if (fmt == REPORT_JSON) {
		fputs("{\"directory\":", out);
		json_string(out, dir);
		if (files != NULL)
			fprintf(out, ",\"equal\":%s", equal ? "true" : "false");
		fputs(",\"files\":[", out);
		for (size_t i = 0; files != NULL && i < n; i++) {
			fputs(i ? ",{\"path\":" : "{\"path\":", out);
			json_string(out, files[i].path);
			fputs(",\"state\":", out);
			json_string(out, files[i].state);
			if (files[i].diff != NULL) {
				fputs(",\"diff\":", out);
				json_string(out, files[i].diff);
			}
			fputc('}', out);
		}
		fputs("],", out);
		json_diagnostics(out, d);
		fputs("}\n", out);
		return;
	}
	report_text(text_err, d);
	for (size_t i = 0; files != NULL && i < n; i++) {
		if (files[i].diff != NULL) {
			fputs(files[i].diff, out);
			continue;
		}
		if (strcmp(files[i].state, "extra") != 0)
			continue;
		/* diff -r's words: "Only in DIR/FOLDER: NAME". */
		fputs("Only in ", out);
		slash = strrchr(files[i].path, '/');
		put_path(out, dir, files[i].path, slash == NULL ? 0 :
		    (size_t)(slash - files[i].path));
		fprintf(out, ": %s\n", slash == NULL ? files[i].path :
		    slash + 1);
	}
}

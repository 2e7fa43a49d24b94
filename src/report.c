/*
 * Diagnostics out: text for people, JSON for programs.  Records arrive
 * sorted (diags_sort); nothing here decides anything.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "report.h"

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
}

void
json_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
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

void
report_json_list(FILE *fp, const struct diags *d)
{
	fputc('[', fp);
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
}

void
report_json(FILE *fp, const struct diags *d)
{
	fputs("{\"diagnostics\":", fp);
	report_json_list(fp, d);
	fputs("}\n", fp);
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

/*
 * Diagnostics for CI: a SARIF 2.1.0 log for GitHub code scanning (and any
 * other SARIF reader), and GitHub Actions workflow commands, which the
 * runner turns into annotations on a pull request.  The rules, their
 * summaries, documentation and default levels come from the rule table.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "escape.h"
#include "report.h"
#include "rule.h"
#include "strbuf.h"

#define SARIF_SCHEMA	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/" \
			"errata01/os/schemas/sarif-schema-2.1.0.json"

/* SARIF's levels (3.27.10) and GitHub's commands, by our level. */
static const char *const sarif_level[] = {
	[LEVEL_OFF] = "none",
	[LEVEL_INFO] = "note",
	[LEVEL_WARNING] = "warning",
	[LEVEL_ERROR] = "error",
};
static const char *const github_command[] = {
	[LEVEL_OFF] = "notice",
	[LEVEL_INFO] = "notice",
	[LEVEL_WARNING] = "warning",
	[LEVEL_ERROR] = "error",
};

static const char	*relative(const char *file, const char *cwd,
			    int *absolute);
static long		 rule_index(const char *id);
static void		 sarif_text(FILE *, const char *msg,
			    const char *hint);
static void		 sarif_location(FILE *, const struct diag *,
			    const char *cwd);

/*
 * file as a path relative to the working directory cwd: a leading "./"
 * dropped, an absolute path below cwd made relative.  *absolute is set
 * when it stays absolute (outside cwd).
 */
static const char *
relative(const char *file, const char *cwd, int *absolute)
{
	size_t	 n;

	*absolute = 0;
	if (file[0] == '/') {
		n = cwd != NULL ? strlen(cwd) : 0;
		if (n > 1 && strncmp(file, cwd, n) == 0 && file[n] == '/')
			file += n + 1;
		else if (n == 1 && cwd[0] == '/')
			file += 1;
		else {
			*absolute = 1;
			return file;
		}
	}
	while (file[0] == '.' && file[1] == '/')
		for (file += 2; *file == '/'; file++)
			continue;
	return file;
}

/* The index of rule id in the table (and so in tool.driver.rules). */
static long
rule_index(const char *id)
{
	/* Findings carry the table's own string: try the pointer first. */
	for (size_t i = 0; i < RULE__COUNT; i++)
		if (rules[i].id == id)
			return (long)i;
	for (size_t i = 0; i < RULE__COUNT; i++)
		if (strcmp(rules[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* {"text":MSG}, the hint on a line of its own after the message. */
static void
sarif_text(FILE *fp, const char *msg, const char *hint)
{
	fputs("{\"text\":\"", fp);
	esc_puts(fp, ESC_JSON, msg);
	if (hint != NULL) {
		fputs("\\nhint: ", fp);
		esc_puts(fp, ESC_JSON, hint);
	}
	fputs("\"}", fp);
}

/*
 * "locations":[...] of a diagnostic with a file.  GitHub needs a line:
 * a finding about a whole file is placed on its first line.
 */
static void
sarif_location(FILE *fp, const struct diag *dg, const char *cwd)
{
	const char	*path;
	int		 absolute;

	path = relative(dg->pos.file, cwd, &absolute);
	fputs(",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
	    "{\"uri\":\"", fp);
	if (absolute)
		fputs("file://", fp);
	esc_puts(fp, ESC_URI, path);
	fputs("\"},\"region\":{", fp);
	if (dg->pos.line == 0)
		fputs("\"startLine\":1}}}]", fp);
	else
		fprintf(fp, "\"startLine\":%u,\"startColumn\":%u}}}]",
		    dg->pos.line, dg->pos.col > 0 ? dg->pos.col : 1);
}

/*
 * One run of pgpair.  Findings of a rule with a file are results; what
 * has no rule (a file that cannot be read) or no file is a notification
 * of the invocation, which did not succeed when one is an error.
 */
void
report_sarif(FILE *fp, const struct diags *d)
{
	struct strbuf	 help = STRBUF_INIT;
	char		 cwdbuf[PATH_MAX];
	const char	*cwd = getcwd(cwdbuf, sizeof(cwdbuf));
	enum level	 max;
	int		 ok = 1, first;

	fputs("{\"$schema\":\"" SARIF_SCHEMA "\",\"version\":\"2.1.0\","
	    "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"" PACKAGE_NAME "\","
	    "\"version\":\"" PACKAGE_VERSION "\",\"informationUri\":\""
	    PACKAGE_URL "\",\"rules\":[", fp);
	for (size_t i = 0; i < RULE__COUNT; i++) {
		fputs(i ? ",{\"id\":" : "{\"id\":", fp);
		json_string(fp, rules[i].id);
		fputs(",\"shortDescription\":", fp);
		sarif_text(fp, rules[i].summary, NULL);
		fputs(",\"fullDescription\":", fp);
		sarif_text(fp, rules[i].doc, NULL);
		strbuf_reset(&help);
		report_rule_help(&help, &rules[i]);
		fputs(",\"help\":", fp);
		sarif_text(fp, help.buf, NULL);
		fprintf(fp, ",\"defaultConfiguration\":{\"level\":\"%s\"}}",
		    sarif_level[rules[i].level]);
	}
	fputs("]}},\"invocations\":[{\"toolExecutionNotifications\":[", fp);
	first = 1;
	for (size_t i = 0; i < d->n; i++) {
		const struct diag	*dg = &d->v[i];

		if (dg->rule != NULL && dg->pos.file != NULL)
			continue;
		if (dg->rule == NULL && dg->level >= LEVEL_ERROR)
			ok = 0;
		fprintf(fp, "%s{\"level\":\"%s\",\"message\":",
		    first ? "" : ",", sarif_level[dg->level]);
		sarif_text(fp, dg->msg, dg->hint);
		if (dg->rule != NULL) {
			fputs(",\"associatedRule\":{\"id\":", fp);
			json_string(fp, dg->rule);
			fputc('}', fp);
		}
		if (dg->pos.file != NULL)
			sarif_location(fp, dg, cwd);
		fputc('}', fp);
		first = 0;
	}
	/* what diag.c counted instead of keeping */
	strbuf_reset(&help);
	if (report_more(&help, d, &max) > 0) {
		fprintf(fp, "%s{\"level\":\"%s\",\"message\":",
		    first ? "" : ",", sarif_level[max]);
		sarif_text(fp, help.buf, NULL);
		fputc('}', fp);
	}
	strbuf_release(&help);
	fprintf(fp, "],\"executionSuccessful\":%s}],"
	    "\"columnKind\":\"unicodeCodePoints\",\"results\":[",
	    ok ? "true" : "false");
	first = 1;
	for (size_t i = 0; i < d->n; i++) {
		const struct diag	*dg = &d->v[i];
		long			 ri;

		if (dg->rule == NULL || dg->pos.file == NULL)
			continue;
		fputs(first ? "{\"ruleId\":" : ",{\"ruleId\":", fp);
		json_string(fp, dg->rule);
		if ((ri = rule_index(dg->rule)) >= 0)
			fprintf(fp, ",\"ruleIndex\":%ld", ri);
		fprintf(fp, ",\"level\":\"%s\",\"message\":",
		    sarif_level[dg->level]);
		sarif_text(fp, dg->msg, dg->hint);
		sarif_location(fp, dg, cwd);
		fputc('}', fp);
		first = 0;
	}
	fputs("]}]}\n", fp);
}

/*
 * One workflow command a diagnostic, "::error file=F,line=L,col=C,
 * title=RULE::MESSAGE" (notice for info), the hint on a line of its own
 * in the message.  The runner reads them from the job's output.
 */
void
report_github(FILE *fp, const struct diags *d)
{
	char		 cwdbuf[PATH_MAX];
	const char	*cwd = getcwd(cwdbuf, sizeof(cwdbuf)), *sep;
	struct strbuf	 sb = STRBUF_INIT;
	enum level	 max;
	int		 absolute;

	for (size_t i = 0; i < d->n; i++) {
		const struct diag	*dg = &d->v[i];

		fprintf(fp, "::%s ", github_command[dg->level]);
		sep = "";
		if (dg->pos.file != NULL) {
			fputs("file=", fp);
			esc_puts(fp, ESC_GITHUB_PROP, relative(dg->pos.file,
			    cwd, &absolute));
			if (dg->pos.line != 0)
				fprintf(fp, ",line=%u,col=%u", dg->pos.line,
				    dg->pos.col);
			sep = ",";
		}
		fprintf(fp, "%stitle=", sep);
		esc_puts(fp, ESC_GITHUB_PROP, dg->rule != NULL ? dg->rule :
		    PACKAGE_NAME);
		fputs("::", fp);
		esc_puts(fp, ESC_GITHUB_MSG, dg->msg);
		if (dg->hint != NULL) {
			fputs("%0Ahint: ", fp);
			esc_puts(fp, ESC_GITHUB_MSG, dg->hint);
		}
		fputc('\n', fp);
	}
	if (report_more(&sb, d, &max) > 0) {
		fprintf(fp, "::%s title=" PACKAGE_NAME "::",
		    github_command[max]);
		esc_puts(fp, ESC_GITHUB_MSG, sb.buf);
		fputc('\n', fp);
	}
	strbuf_release(&sb);
}

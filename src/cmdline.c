/*
 * The command line: the table of commands and the options each takes,
 * and the one parser that reads them all.  getopt_long()'s tables, the
 * checks of each argument, every usage line and every --help are made
 * from these tables, and the completions read --help (completions/), so
 * that an option is declared once.  The repository configuration
 * (repoconf.c) is loaded here for the commands that take --config.
 */
#include "config.h"

#include <getopt.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cmd.h"
#include "diag.h"
#include "pgvocab.h"
#include "repoconf.h"
#include "report.h"
#include "strbuf.h"

#define STR_(x)		#x
#define STR(x)		STR_(x)
/* getopt_long() values of options without a short name: 256 + id. */
#define LONG_ONLY	256

/* The levels of --fail-on, in the order of its values. */
static const int fail_on_levels[] = {
	LEVEL_ERROR, LEVEL_WARNING, LEVEL_INFO, FAIL_NEVER
};

const struct opt_def opt_defs[OPT__COUNT] = {
	[OPT_CLUSTER] = { 'c', "cluster", "CLUSTER.yaml", OPTK_STRING, NULL,
	    0 },
	[OPT_CONFIG] = { 0, "config", "FILE", OPTK_STRING, NULL, 0 },
	[OPT_FAIL_ON] = { 0, "fail-on", "LEVEL", OPTK_CHOICE,
	    "error|warning|info|none", 0 },
	[OPT_FORMAT] = { 'f', "format", "FMT", OPTK_FORMAT, NULL, 0 },
	[OPT_FROM] = { 'F', "from", "OLD", OPTK_STRING, NULL, 0 },
	[OPT_NO_CONFIG] = { 0, "no-config", NULL, OPTK_FLAG, NULL, 0 },
	[OPT_OUTPUT] = { 'o', "output", "DIR", OPTK_STRING, NULL, 1 },
	[OPT_PG_VERSION] = { 'p', "pg-version", "N", OPTK_MAJOR, NULL, 0 },
	[OPT_STDIN_FILENAME] = { 0, "stdin-filename", "NAME", OPTK_STRING,
	    NULL, 0 },
	[OPT_TEMPLATES] = { 't', "templates", "DIR", OPTK_STRING, NULL, 0 },
	[OPT_TYPE] = { 't', "type", "TYPE", OPTK_CHOICE, "conf|hba|ident|cluster",
	    0 },
};

/* What --config, --no-config and --fail-on say, in each command. */
#define CONFIG_OPTS \
	{ OPT_CONFIG, "read FILE, not the .pgpair.yaml found from the\n" \
	    "working directory up", 0 }
#define NO_CONFIG_OPTS \
	{ OPT_NO_CONFIG, "read no .pgpair.yaml", 0 }
#define FAIL_ON_OPTS \
	{ OPT_FAIL_ON, "exit 1 when a finding is at LEVEL or above: error\n" \
	    "(default), warning, info, or none (never)", 0 }

static const struct cmd_opt check_opts[] = {
	CONFIG_OPTS,
	FAIL_ON_OPTS,
	{ OPT_FORMAT, "text (default, on stderr), or json, sarif or github\n"
	    "(on stdout)", 0 },
	NO_CONFIG_OPTS,
	{ OPT__COUNT, NULL, 0 }
};
static const struct cmd_opt diff_opts[] = {
	{ OPT_FORMAT, "text (default: the diff on stdout, diagnostics\n"
	    "on stderr) or json (on stdout)", 0 },
	{ OPT_TEMPLATES, "templates in DIR override the built-in ones", 0 },
	{ OPT__COUNT, NULL, 0 }
};
static const struct cmd_opt explain_opts[] = {
	{ OPT__COUNT, NULL, 0 }
};
static const struct cmd_opt generate_opts[] = {
	{ OPT_FORMAT, "text (default, on stderr) or json (on stdout)", 0 },
	{ OPT_OUTPUT, "write the files under DIR (required)", 1 },
	{ OPT_TEMPLATES, "templates in DIR override the built-in ones", 0 },
	{ OPT__COUNT, NULL, 0 }
};
static const struct cmd_opt lint_opts[] = {
	{ OPT_CLUSTER, "check the files against this description too", 0 },
	CONFIG_OPTS,
	FAIL_ON_OPTS,
	{ OPT_FORMAT, "text (default), json, sarif or github, on stdout", 0 },
	NO_CONFIG_OPTS,
	{ OPT_PG_VERSION, "PostgreSQL major, " STR(PG_MAJOR_MIN) " to "
	    STR(PG_MAJOR_MAX) " (default: PG_VERSION\n"
	    "of a data directory, else that of a generated tree's\n"
	    "description or --cluster's, else .pgpair.yaml's\n"
	    "pg-version, else " STR(PG_MAJOR_DEFAULT) ")", 0 },
	{ OPT_STDIN_FILENAME, "the name of the file read from standard input\n"
	    "(PATH -): its kind, and the file in positions", 0 },
	{ OPT_TYPE, "conf, hba, ident or cluster, for every PATH", 0 },
	{ OPT__COUNT, NULL, 0 }
};
static const struct cmd_opt plan_opts[] = {
	{ OPT_FORMAT, "text (default: the plan on stdout, diagnostics on\n"
	    "stderr) or json (steps and diagnostics on stdout)", 0 },
	{ OPT_FROM, "plan the change from OLD, a description or a tree\n"
	    "that generate wrote", 0 },
	{ OPT_OUTPUT, "write what generate writes for NEW, and plan.md", 0 },
	{ OPT__COUNT, NULL, 0 }
};
static const struct cmd_opt rules_opts[] = {
	{ OPT_FORMAT, "text (default), json, or mdoc (the pgpair-rules(7)\n"
	    "manual)", 0 },
	{ OPT__COUNT, NULL, 0 }
};

const struct cmd cmds[] = {	/* sorted by name */
	{ "check", cmd_check, DOC_DIAGS, check_opts, "CLUSTER.yaml", 1, 1,
	    "validate a cluster description; write nothing", NULL },
	{ "diff", cmd_diff, DOC_DIFF, diff_opts, "CLUSTER.yaml DIR", 2, 2,
	    "show what generate would change in DIR, as a unified diff",
	    "DIR as generate would write it: exit 0; else 1, as for an "
	    "invalid\ndescription.\n" },
	{ "explain", cmd_explain, DOC_NONE, explain_opts, "RULE", 1, 1,
	    "print a rule's documentation", NULL },
	{ "generate", cmd_generate, DOC_WRITTEN, generate_opts,
	    "CLUSTER.yaml", 1, 1,
	    "validate, then write every node's files and runbook", NULL },
	{ "lint", cmd_lint, DOC_DIAGS, lint_opts, "PATH ...", 1, -1,
	    "check postgresql.conf, pg_hba.conf, pg_ident.conf, data dirs, trees",
	    "PATH - reads standard input.\n" },
	{ "plan", cmd_plan, DOC_PLAN, plan_opts, "NEW.yaml", 1, 1,
	    "order the runbook steps of a change, or review a description",
	    NULL },
	{ "rules", cmd_rules, DOC_RULES, rules_opts, "", 0, 0,
	    "list every rule with its default level", NULL },
};
const unsigned cmds_count = sizeof(cmds) / sizeof(cmds[0]);

static int	 takes(const struct cmd *, enum opt_id);
static void	 usage_arg(struct strbuf *, const struct cmd *,
		    const struct opt_def *);
static void	 usage_line(struct strbuf *, const struct cmd *);
static int	 help(const struct cmd *);
static int	 set_opt(const struct cmd *, struct cmd_run *, enum opt_id,
		    const char *);
static void	 choices(struct strbuf *, const char *values);
static int	 load_config(struct cmd_run *, struct arena *);

const struct cmd *
cmd_find(const char *name)
{
	for (unsigned i = 0; i < cmds_count; i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

static int
takes(const struct cmd *c, enum opt_id id)
{
	for (const struct cmd_opt *o = c->opts; o->id != OPT__COUNT; o++)
		if (o->id == id)
			return 1;
	return 0;
}

/* The word after an option in the usage line: its values, or its name. */
static void
usage_arg(struct strbuf *sb, const struct cmd *c, const struct opt_def *od)
{
	switch (od->kind) {
	case OPTK_FORMAT:
		report_format_names(sb, c->doc);
		break;
	case OPTK_CHOICE:
		strbuf_addstr(sb, od->values);
		break;
	default:
		strbuf_addstr(sb, od->arg);
		break;
	}
}

/* "NAME [--opt ARG] ... -o DIR OPERANDS", as the SYNOPSIS says it. */
static void
usage_line(struct strbuf *sb, const struct cmd *c)
{
	strbuf_addstr(sb, c->name);
	for (int req = 0; req <= 1; req++)
		for (const struct cmd_opt *o = c->opts; o->id != OPT__COUNT;
		    o++) {
			const struct opt_def	*od = &opt_defs[o->id];

			if (o->required != req)
				continue;
			strbuf_addstr(sb, req ? " " : " [");
			if (od->usage_short)
				strbuf_addf(sb, "-%c", od->short_name);
			else
				strbuf_addf(sb, "--%s", od->long_name);
			if (od->kind != OPTK_FLAG) {
				strbuf_addch(sb, ' ');
				usage_arg(sb, c, od);
			}
			if (!req)
				strbuf_addch(sb, ']');
		}
	if (*c->operands != '\0')
		strbuf_addf(sb, " %s", c->operands);
}

int
cmd_usage_error(const struct cmd *c, const char *fmt, ...)
{
	struct strbuf	 sb = STRBUF_INIT;
	va_list		 ap;

	if (fmt != NULL) {
		fprintf(stderr, "pgpair %s: ", c->name);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	usage_line(&sb, c);
	fprintf(stderr, "usage: pgpair %s\n", sb.buf);
	strbuf_release(&sb);
	return EXIT_USAGE;
}

/*
 * --help: the usage line, the summary, the options, one a line (a long
 * help goes on over the next lines, under its start), and the notes.
 */
static int
help(const struct cmd *c)
{
	struct strbuf	 sb = STRBUF_INIT;
	size_t		 width = strlen("-h, --help");
	const char	*h, *nl;

	usage_line(&sb, c);
	printf("usage: pgpair %s\n\n%s.\n\nOptions:\n", sb.buf, c->summary);
	/* The heads, "-f, --format FMT", then aligned descriptions. */
	for (int pass = 0; pass < 2; pass++) {
		for (const struct cmd_opt *o = c->opts; o->id != OPT__COUNT;
		    o++) {
			const struct opt_def	*od = &opt_defs[o->id];

			strbuf_reset(&sb);
			if (od->short_name != 0)
				strbuf_addf(&sb, "-%c, ", od->short_name);
			strbuf_addf(&sb, "--%s", od->long_name);
			if (od->arg != NULL)
				strbuf_addf(&sb, " %s", od->arg);
			if (pass == 0) {
				if (sb.len > width)
					width = sb.len;
				continue;
			}
			printf("  %-*s  ", (int)width, sb.buf);
			for (h = o->help; (nl = strchr(h, '\n')) != NULL;
			    h = nl + 1)
				printf("%.*s\n  %-*s  ", (int)(nl - h), h,
				    (int)width, "");
			printf("%s\n", h);
		}
	}
	printf("  %-*s  this help\n", (int)width, "-h, --help");
	if (c->notes != NULL)
		printf("\n%s", c->notes);
	puts("\nExit status: 0 valid, 1 invalid, 2 usage or I/O error.\n"
	    "See pgpair(1).");
	strbuf_release(&sb);
	return EXIT_VALID;
}

/* "a, b or c" for the values "a|b|c". */
static void
choices(struct strbuf *sb, const char *values)
{
	const char	*bar;

	while ((bar = strchr(values, '|')) != NULL) {
		strbuf_add(sb, values, (size_t)(bar - values));
		values = bar + 1;
		strbuf_addstr(sb, strchr(values, '|') != NULL ? ", " : " or ");
	}
	strbuf_addstr(sb, values);
}

int
cmd_opt_value(const struct cmd *c, enum opt_id id, const char *arg,
    int *ival, struct strbuf *why)
{
	const struct opt_def	*od = &opt_defs[id];
	const char		*v, *bar;
	char			*end;
	long			 n;
	int			 i;

	*ival = 0;
	switch (od->kind) {
	case OPTK_FLAG:
	case OPTK_STRING:
		return 0;
	case OPTK_CHOICE:
		for (i = 0, v = od->values;; i++, v = bar + 1) {
			bar = strchr(v, '|');
			if (bar == NULL ? strcmp(v, arg) == 0 :
			    (strlen(arg) == (size_t)(bar - v) &&
			    strncmp(v, arg, (size_t)(bar - v)) == 0)) {
				*ival = i;
				return 0;
			}
			if (bar == NULL)
				break;
		}
		strbuf_addstr(why, "must be ");
		choices(why, od->values);
		strbuf_addf(why, ", not \"%s\"", arg);
		return -1;
	case OPTK_FORMAT:
		if (report_format_find(arg, c->doc) != NULL)
			return 0;
		strbuf_addstr(why, "must be ");
		{
			struct strbuf	 names = STRBUF_INIT;

			report_format_names(&names, c->doc);
			choices(why, names.buf);
			strbuf_release(&names);
		}
		strbuf_addf(why, ", not \"%s\"", arg);
		return -1;
	case OPTK_MAJOR:
		n = strtol(arg, &end, 10);
		if (*arg != '\0' && *end == '\0' && n >= PG_MAJOR_MIN &&
		    n <= PG_MAJOR_MAX && pgvocab_supported((int)n)) {
			*ival = (int)n;
			return 0;
		}
		strbuf_addf(why, "must be a major version from %d to %d, not "
		    "\"%s\"", PG_MAJOR_MIN, PG_MAJOR_MAX, arg);
		return -1;
	}
	return -1;
}

/* Take the argument of option id; a usage error when it is no good. */
static int
set_opt(const struct cmd *c, struct cmd_run *run, enum opt_id id,
    const char *arg)
{
	struct strbuf	 why = STRBUF_INIT;
	int		 rc;

	if ((rc = cmd_opt_value(c, id, arg, &run->ival[id], &why)) != 0)
		cmd_usage_error(c, "--%s %s", opt_defs[id].long_name, why.buf);
	strbuf_release(&why);
	if (rc != 0)
		return -1;
	run->arg[id] = arg;
	if (id == OPT_FORMAT)
		run->fmt = report_format_find(arg, c->doc);
	return 0;
}

/*
 * The repository configuration: --config FILE, else the .pgpair.yaml
 * found from the working directory up, unless --no-config.  Its errors
 * are a bad invocation: printed as text on stderr, whatever the format.
 */
static int
load_config(struct cmd_run *run, struct arena *a)
{
	struct diags	 d;
	const char	*path;

	if (run->arg[OPT_NO_CONFIG] != NULL) {
		if (run->arg[OPT_CONFIG] != NULL) {
			cmd_usage_error(run->cmd, "--config and --no-config "
			    "exclude each other");
			return -1;
		}
		return 0;
	}
	if ((path = run->arg[OPT_CONFIG]) == NULL &&
	    (path = repoconf_find(a)) == NULL)
		return 0;
	diags_init(&d, a);
	if ((run->cfg = repoconf_load(a, path, &d)) == NULL) {
		diags_sort(&d);
		report_text(stderr, &d);
		return -1;
	}
	return 0;
}

int
cmd_main(const struct cmd *c, int argc, char **argv)
{
	struct option	 longopts[OPT__COUNT + 2], *lo = longopts;
	struct cmd_run	 run;
	struct arena	*a;
	char		 optstring[3 * OPT__COUNT + 4], *os = optstring;
	const char	*bad;
	int		 ch, id, status;

	memset(&run, 0, sizeof(run));
	run.cmd = c;
	run.fail_on = LEVEL_ERROR;
	for (const struct report_format *f = report_formats; f->name != NULL;
	    f++)
		if (f->print[c->doc] != NULL) {
			run.fmt = f;
			break;
		}

	/* getopt_long()'s tables from the command's. */
	*os++ = ':';		/* ':' for a missing argument */
	*os++ = 'h';
	for (const struct cmd_opt *o = c->opts; o->id != OPT__COUNT; o++) {
		const struct opt_def	*od = &opt_defs[o->id];

		lo->name = od->long_name;
		lo->has_arg = od->kind == OPTK_FLAG ? no_argument :
		    required_argument;
		lo->flag = NULL;
		lo->val = LONG_ONLY + (int)o->id;
		lo++;
		if (od->short_name != 0) {
			*os++ = (char)od->short_name;
			if (od->kind != OPTK_FLAG)
				*os++ = ':';
		}
	}
	*os = '\0';
	*lo++ = (struct option){ "help", no_argument, NULL, 'h' };
	*lo = (struct option){ NULL, 0, NULL, 0 };

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, optstring, longopts, NULL)) !=
	    -1) {
		bad = argv[optind - 1];
		if (ch == 'h')
			return help(c);
		if (ch == '?') {
			if (optopt != 0 && optopt < LONG_ONLY)
				return cmd_usage_error(c, "unknown option "
				    "\"-%c\"", optopt);
			return cmd_usage_error(c, "unknown option \"%s\"", bad);
		}
		if (ch == ':') {
			if (optopt != 0 && optopt < LONG_ONLY)
				return cmd_usage_error(c, "option \"-%c\" "
				    "needs an argument", optopt);
			return cmd_usage_error(c, "option \"%s\" needs an "
			    "argument", bad);
		}
		if (ch >= LONG_ONLY)
			id = ch - LONG_ONLY;
		else
			for (id = 0; id < OPT__COUNT; id++)
				if (opt_defs[id].short_name == ch &&
				    takes(c, (enum opt_id)id))
					break;
		if (set_opt(c, &run, (enum opt_id)id, optarg != NULL ?
		    optarg : "") != 0)
			return EXIT_USAGE;
	}
	for (const struct cmd_opt *o = c->opts; o->id != OPT__COUNT; o++)
		if (o->required && run.arg[o->id] == NULL) {
			const struct opt_def	*od = &opt_defs[o->id];

			return od->usage_short ? cmd_usage_error(c, "-%c %s is "
			    "required", od->short_name, od->arg) :
			    cmd_usage_error(c, "--%s %s is required",
			    od->long_name, od->arg);
		}
	run.operands = argv + optind;
	run.noperands = argc - optind;
	if (run.noperands < c->min_args)
		return cmd_usage_error(c, "missing %.*s", (int)(strstr(
		    c->operands, " ...") != NULL ? strstr(c->operands, " ...") -
		    c->operands : (ptrdiff_t)strlen(c->operands)), c->operands);
	if (c->max_args >= 0 && run.noperands > c->max_args)
		return cmd_usage_error(c, "too many arguments: \"%s\"",
		    run.operands[c->max_args]);

	a = arena_new();
	if (takes(c, OPT_CONFIG) && load_config(&run, a) != 0) {
		arena_free(a);
		return EXIT_USAGE;
	}
	if (run.arg[OPT_FAIL_ON] != NULL)
		run.fail_on = fail_on_levels[run.ival[OPT_FAIL_ON]];
	else if (run.cfg != NULL && run.cfg->fail_on >= 0)
		run.fail_on = fail_on_levels[run.cfg->fail_on];
	status = c->fn(&run);
	arena_free(a);
	return status;
}

int
cmd_status(const struct cmd_run *run, const struct diags *d)
{
	int	 fail_on = run != NULL ? run->fail_on : LEVEL_ERROR;

	return d->n > 0 && (int)diags_max(d) >= fail_on ? EXIT_INVALID :
	    EXIT_VALID;
}

void
cmd_apply_config(const struct cmd_run *run, struct diags *d)
{
	if (run->cfg != NULL)
		repoconf_apply(run->cfg, d);
}

int
cmd_excluded(const struct cmd_run *run, const char *path)
{
	return run->cfg != NULL && repoconf_excluded(run->cfg, path);
}

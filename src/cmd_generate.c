/*
 * pgpair generate: validate a description, then render every node's files
 * and write them whole or not at all.  An invalid description writes
 * nothing.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cmd.h"
#include "diag.h"
#include "model.h"
#include "outfile.h"
#include "render.h"
#include "report.h"
#include "strbuf.h"

static const char options_help[] =
    "  -f, --format FMT     text (default, on stderr) or json (on stdout)\n"
    "  -h, --help           this help\n"
    "  -o, --output DIR     write the files under DIR (required)\n"
    "  -t, --templates DIR  templates in DIR override the built-in ones\n";

/*
 * The replication password, when it is at hand: from the environment
 * variable or the file the description names.  NULL when it is not; the
 * runbooks then set it at run time.  The password lives in the arena only.
 */
static const char *
read_password(struct arena *a, const struct cluster *cl, struct diags *d)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*pw = NULL;
	char		 buf[4096];
	size_t		 n;
	FILE		*fp;

	if (cl->pw_source == PASSWORD_ENV) {
		pw = getenv(cl->pw_ref);
		if (pw != NULL && *pw != '\0')
			return arena_strdup(a, pw);
		diag_add(d, NULL, LEVEL_INFO, NULL, "%s is not set: roles.sql "
		    "creates the role without a password, and the primary's "
		    "runbook sets it at run time", cl->pw_ref);
		return NULL;
	}
	if ((fp = fopen(cl->pw_ref, "r")) == NULL) {
		diag_add(d, NULL, LEVEL_INFO, NULL, "cannot read \"%s\" (%s): "
		    "roles.sql creates the role without a password, and the "
		    "primary's runbook sets it at run time", cl->pw_ref,
		    strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	/* One trailing line break is the file's, not the password's. */
	if (sb.len > 0 && sb.buf[sb.len - 1] == '\n')
		sb.buf[--sb.len] = '\0';
	if (sb.len > 0 && sb.buf[sb.len - 1] == '\r')
		sb.buf[--sb.len] = '\0';
	if (sb.len > 0 && strlen(sb.buf) == sb.len)
		pw = arena_strdup(a, sb.buf);
	memset(sb.buf, 0, sb.len);
	strbuf_release(&sb);
	memset(buf, 0, sizeof(buf));
	return pw;
}

int
cmd_generate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "templates", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	enum report_format	 fmt = REPORT_TEXT;
	struct render_opts	 ro;
	struct outfile		*files = NULL;
	struct cluster		*cl;
	struct arena		*a;
	struct diags		 d;
	size_t			 nfiles = 0;
	const char		*outdir = NULL;
	int			 c, io_error, status;

	memset(&ro, 0, sizeof(ro));
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:ho:t:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((c = report_format_from_name(optarg)) < 0) {
				fprintf(stderr, "pgpair: unknown format \"%s\"\n",
				    optarg);
				return cmd_usage("generate");
			}
			fmt = (enum report_format)c;
			break;
		case 'h':
			return cmd_help("generate", options_help);
		case 'o':
			outdir = optarg;
			break;
		case 't':
			ro.templates_dir = optarg;
			break;
		default:
			return cmd_usage("generate");
		}
	}
	if (argc - optind != 1 || outdir == NULL) {
		if (outdir == NULL && argc - optind == 1)
			fputs("pgpair: generate needs -o DIR\n", stderr);
		return cmd_usage("generate");
	}

	a = arena_new();
	diags_init(&d, a);
	cl = cluster_check_file(a, argv[optind], &d, &io_error);
	status = io_error ? EXIT_USAGE : cmd_status(&d);
	if (status == EXIT_VALID && cl == NULL)
		status = EXIT_INVALID;	/* cannot happen: no model, no error */
	if (status == EXIT_VALID) {
		ro.outdir = outdir;
		ro.password = read_password(a, cl, &d);
		if (render_cluster(a, cl, &ro, &files, &nfiles, &d) != 0)
			status = EXIT_USAGE;
		else if (outfile_write_all(outdir, files, nfiles, &d) != 0)
			status = EXIT_USAGE;
	}
	diags_sort(&d);
	report(stderr, stdout, fmt, &d);
	arena_free(a);
	return status;
}

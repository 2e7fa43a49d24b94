/*
 * pgpair rules and pgpair explain: the rule table, listed or explained.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"
#include "report.h"
#include "rule.h"

static const char rules_help[] =
    "  -f, --format FMT  text (default) or json\n"
    "  -h, --help        this help\n";

int
cmd_rules(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	 c, fmt = REPORT_TEXT;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((fmt = report_format_from_name(optarg)) < 0)
				return cmd_usage("rules");
			break;
		case 'h':
			return cmd_help("rules", rules_help);
		default:
			return cmd_usage("rules");
		}
	}
	if (optind != argc)
		return cmd_usage("rules");
	if (fmt == REPORT_JSON) {
		fputs("{\"rules\":[", stdout);
		for (size_t i = 0; i < RULE__COUNT; i++) {
			printf("%s{\"id\":", i ? "," : "");
			json_string(stdout, rules[i].id);
			printf(",\"level\":\"%s\",\"summary\":",
			    level_name(rules[i].level));
			json_string(stdout, rules[i].summary);
			fputs(",\"doc\":", stdout);
			json_string(stdout, rules[i].doc);
			fputc('}', stdout);
		}
		fputs("]}\n", stdout);
		return EXIT_VALID;
	}
	for (size_t i = 0; i < RULE__COUNT; i++)
		printf("%-28s %-8s %s\n", rules[i].id,
		    level_name(rules[i].level), rules[i].summary);
	return EXIT_VALID;
}

int
cmd_explain(int argc, char **argv)
{
	const struct rule	*r;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return cmd_help("explain", NULL);
	if (argc != 2)
		return cmd_usage("explain");
	if ((r = rule_find(argv[1])) == NULL) {
		fprintf(stderr, "pgpair: unknown rule \"%s\"; \"pgpair rules\" "
		    "lists them\n", argv[1]);
		return EXIT_USAGE;
	}
	printf("%s (%s)\n\n%s.\n\n%s\n", r->id, level_name(r->level),
	    r->summary, r->doc);
	return EXIT_VALID;
}

/*
 * pgpair rules and pgpair explain: the rule table, listed or explained
 * (report_rules.c prints both).
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "report.h"
#include "rule.h"

int
cmd_rules(struct cmd_run *run)
{
	struct report	 r = { .doc = DOC_RULES, .out = stdout,
			    .err = stderr };

	report_print(run->fmt, &r);
	return EXIT_VALID;
}

int
cmd_explain(struct cmd_run *run)
{
	const struct rule	*r;

	if ((r = rule_find(run->operands[0])) == NULL) {
		fprintf(stderr, "pgpair explain: unknown rule \"%s\"; \"pgpair "
		    "rules\" lists them\n", run->operands[0]);
		return EXIT_USAGE;
	}
	report_explain(stdout, r);
	return EXIT_VALID;
}

/*
 * The rule table, expanded from rules.def, and the loop that runs it.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "diag.h"
#include "rule.h"

/* The check functions, wherever they live. */
#define RULE(sym, id, level, scope, fn, summary, doc)	rule_check_fn fn;
#define NO_CHECK	no_check
#include "rules.def"
#undef RULE

const struct rule rules[RULE__COUNT] = {
#define RULE(sym, id, level, scope, fn, summary, doc)	\
	[RULE_##sym] = { id, level, scope, fn, summary, doc },
#include "rules.def"
#undef RULE
};

_Static_assert(sizeof(rules) / sizeof(rules[0]) == RULE__COUNT,
    "rules.def and enum rule_id disagree");

/* Placeholder for rules that a loader reports; rules_run() skips it. */
void
no_check(struct check_ctx *cx, const struct rule *r)
{
	(void)cx;
	(void)r;
}

const struct rule *
rule_find(const char *id)
{
	for (size_t i = 0; i < RULE__COUNT; i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	return NULL;
}

struct diag *
diag_rule(struct diags *d, enum rule_id id, const struct pos *pos,
    const char *fmt, ...)
{
	struct diag	*dg;
	va_list		 ap;

	va_start(ap, fmt);
	dg = diag_vadd(d, pos, rules[id].level, rules[id].id, fmt, ap);
	va_end(ap);
	return dg;
}

void
rules_run(enum rule_scope scope, struct check_ctx *cx)
{
	for (size_t i = 0; i < RULE__COUNT; i++)
		if (rules[i].scope == scope && rules[i].check != no_check)
			rules[i].check(cx, &rules[i]);
}

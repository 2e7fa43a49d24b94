/*
 * The rule table, expanded from rules.def, and the loop that runs it.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "diag.h"
#include "hba_parse.h"
#include "pgvocab.h"
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

static void	 hba_each(struct check_ctx *, enum rule_id);

/*
 * Released ids that another rule now reports under its own id, because
 * both named the same finding: they still name it wherever an id is
 * taken (suppression comments, --rule, explain).
 */
static const struct {
	const char	*id;
	enum rule_id	 now;
} aliases[] = {
	{ "cluster-weak-auth", RULE_HBA_WEAK_AUTH },
};

const struct rule *
rule_find(const char *id)
{
	return rule_find_len(id, strlen(id));
}

const struct rule *
rule_find_len(const char *id, size_t len)
{
	for (size_t i = 0; i < RULE__COUNT; i++)
		if (strncmp(rules[i].id, id, len) == 0 &&
		    rules[i].id[len] == '\0')
			return &rules[i];
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strncmp(aliases[i].id, id, len) == 0 &&
		    aliases[i].id[len] == '\0')
			return &rules[aliases[i].now];
	return NULL;
}

const char *
rule_aliases(enum rule_id r, size_t *i)
{
	for (; *i < sizeof(aliases) / sizeof(aliases[0]); (*i)++)
		if (aliases[*i].now == r)
			return aliases[(*i)++].id;
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
	if (scope == SCOPE_HBA) {
		hba_each(cx, RULE__COUNT);
		return;
	}
	for (size_t i = 0; i < RULE__COUNT; i++)
		if (rules[i].scope == scope && rules[i].check != no_check)
			rules[i].check(cx, &rules[i]);
}

void
rule_run(enum rule_id id, struct check_ctx *cx)
{
	if (rules[id].check == no_check)
		return;
	if (rules[id].scope == SCOPE_HBA)
		hba_each(cx, id);
	else
		rules[id].check(cx, &rules[id]);
}

/*
 * The SCOPE_HBA rules with a check, in table order, listed on first use:
 * they run on every line of a file.
 */
static size_t
hba_checks(const struct rule *const **out)
{
	static const struct rule	*v[RULE__COUNT];
	static size_t			 n;

	if (n == 0)
		for (size_t i = 0; i < RULE__COUNT; i++)
			if (rules[i].scope == SCOPE_HBA &&
			    rules[i].check != no_check)
				v[n++] = &rules[i];
	*out = v;
	return n;
}

/*
 * The SCOPE_HBA protocol (rules.def): rule only, or every such rule when
 * only is RULE__COUNT, on line hl, or at the end of the file when hl is
 * NULL.
 */
static void
hba_call(struct check_ctx *cx, enum rule_id only, const struct hba_line *hl)
{
	const struct rule *const *v;
	size_t			  n;

	cx->hl = hl;
	if (only != RULE__COUNT) {
		rules[only].check(cx, &rules[only]);
		return;
	}
	n = hba_checks(&v);
	for (size_t i = 0; i < n; i++)
		v[i]->check(cx, v[i]);
}

void
rules_hba_line(struct check_ctx *cx, const struct hba_line *hl)
{
	hba_call(cx, RULE__COUNT, hl);
}

/* Rule only (RULE__COUNT: every SCOPE_HBA rule) over the lines of cx->hba. */
static void
hba_each(struct check_ctx *cx, enum rule_id only)
{
	cx->hba_path = cx->hba->path;
	cx->syms = cx->hba->syms;
	for (const struct hba_line *hl = cx->hba->first; hl != NULL;
	    hl = hl->next)
		hba_call(cx, only, hl);
	hba_call(cx, only, NULL);
}

/* What rules_hba_file() hands each line to. */
struct hba_pass {
	struct check_ctx	*cx;
	struct hba_file		*keep;
};

static void
hba_file_line(void *arg, const struct hba_line *hl)
{
	struct hba_pass	*r = arg;

	hba_call(r->cx, RULE__COUNT, hl);
	if (r->keep != NULL)
		hba_file_append(r->keep, hba_line_copy(r->cx->a, hl));
}

/* rules_hba_file() and rules_hba_buf(): text NULL reads path. */
static int
hba_rules(struct check_ctx *cx, const char *path, const char *text,
    size_t len, const struct hba_opts *opts, struct hba_file *keep)
{
	struct hba_pass	 r = { cx, keep };
	struct hba_opts	 o = *opts;

	cx->hba_path = path;
	if (o.syms == NULL)
		o.syms = hba_syms_new(cx->a);
	cx->syms = o.syms;
	if (keep != NULL) {
		memset(keep, 0, sizeof(*keep));
		keep->path = path;
		keep->opts = o;
		keep->syms = o.syms;
	}
	if (text != NULL)
		hba_parse_buf_each(cx->a, path, text, len, &o, cx->d,
		    hba_file_line, &r);
	else if (hba_parse_file_each(cx->a, path, &o, cx->d, hba_file_line,
	    &r) != 0)
		return -1;
	hba_call(cx, RULE__COUNT, NULL);
	return 0;
}

int
rules_hba_file(struct check_ctx *cx, const char *path,
    const struct hba_opts *opts, struct hba_file *keep)
{
	return hba_rules(cx, path, NULL, 0, opts, keep);
}

int
rules_hba_buf(struct check_ctx *cx, const char *name, const char *text,
    size_t len, const struct hba_opts *opts, struct hba_file *keep)
{
	return hba_rules(cx, name, text, len, opts, keep);
}

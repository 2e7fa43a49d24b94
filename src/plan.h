/*
 * Change plans: from two checked models, the old description and the new
 * one, the ordered runbook commands that take a running cluster from one
 * to the other without stopping it from serving, each with the reason for
 * its place; and for one model, the reviewer's view of it.  cmd_plan.c
 * prints or writes what is computed here.
 */
#ifndef PGPAIR_PLAN_H
#define PGPAIR_PLAN_H

#include <stddef.h>

#include "diag.h"

struct arena;
struct cluster;

/* What a step runs, in the order that breaks ties between ready steps. */
enum step_kind {
	STEP_HBA,		/* ./runbook.sh hba --yes */
	STEP_SLOTS,		/* ./runbook.sh slots --yes */
	STEP_CONFIGURE,		/* ./runbook.sh configure --yes */
	STEP_BUILD,		/* ./runbook.sh apply --yes: a new node */
	STEP_STOP,		/* pg_ctl stop, or systemctl disable --now */
	STEP_DROP_SLOT,		/* ./runbook.sh drop-slot SLOT --yes */
	STEP__COUNT
};

struct plan_step {
	enum step_kind	 kind;
	const char	*node;		/* the node it runs on */
	const char	**argv;		/* NULL-terminated */
	const char	*why;		/* one sentence for the reviewer */
};

struct plan {
	struct plan_step *steps;
	size_t		 nsteps;
	const char	*markdown;	/* plan.md */
};

/*
 * The plan from old to new, both built and checked without error (the
 * caller refuses otherwise); old_label names the old description in
 * plan.md.  Everything lives in a.  A change that cannot be planned safely
 * (a major version or platform change, a new primary, a moved node, an
 * order with a cycle) gets error diagnostics in d, at the new
 * description's positions, and the result is NULL.
 */
struct plan	*plan_change(struct arena *a, const struct cluster *old,
		    const struct cluster *new, const char *old_label,
		    struct diags *d);
/*
 * The reviewer's view of cl: its topology, each node's effective
 * replication settings and paths with where each value comes from, the
 * runbooks in order (as steps: apply, node by node) and findings, the
 * diagnostics of check (borrowed, sorted), listed as check prints them.
 */
struct plan	*plan_review(struct arena *a, const struct cluster *cl,
		    const struct diags *findings);
/*
 * Tests only: break ties between ready steps the other way round, so that
 * an order that holds by the tie-break rather than by a rule shows.
 */
extern int	 plan_ties_reversed;
/* "hba", "configure", ...: the step's name in plan.md and in messages. */
const char	*step_kind_name(enum step_kind);

#endif

/*
 * Rules on a data directory as a whole: the signal files and the leftovers
 * of older versions that decide how the server starts.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "diag.h"
#include "rule.h"
#include "rules_conf.h"

rule_check_fn check_datadir_recovery_conf, check_datadir_standby_source,
    check_datadir_signals;

static struct pos
file_pos(struct check_ctx *cx, const char *name)
{
	struct pos	 p = { NULL, 0, 0 };

	p.file = arena_printf(cx->a, "%s/%s", cx->datadir->path, name);
	return p;
}

/* xlogrecovery.c (xlog.c before 15): PostgreSQL 12 removed recovery.conf,
 * and the startup process refuses to run while the file is there. */
void
check_datadir_recovery_conf(struct check_ctx *cx, const struct rule *r)
{
	struct pos	 p;

	(void)r;
	if (!cx->datadir->recovery_conf || cx->major < 12)
		return;
	p = file_pos(cx, "recovery.conf");
	diag_rule(cx->d, RULE_DATADIR_RECOVERY_CONF, &p,
	    "using recovery command file \"recovery.conf\" is not supported "
	    "in PostgreSQL %d", cx->major);
}

static int
is_empty(const char *v)
{
	return v == NULL || v[strspn(v, " \t")] == '\0';
}

/* A standby with neither a primary to stream from nor an archive to
 * restore from waits forever, in recovery, for WAL that never comes. */
void
check_datadir_standby_source(struct check_ctx *cx, const struct rule *r)
{
	struct pos	 p;

	(void)r;
	if (!cx->datadir->standby_signal || cx->conf == NULL)
		return;
	if (!is_empty(conf_effective(cx->conf, "primary_conninfo", NULL)) ||
	    !is_empty(conf_effective(cx->conf, "restore_command", NULL)))
		return;
	p = file_pos(cx, "standby.signal");
	diag_rule(cx->d, RULE_DATADIR_STANDBY_SOURCE, &p,
	    "standby.signal is present but neither primary_conninfo nor "
	    "restore_command is set: the standby will wait for WAL forever");
}

void
check_datadir_signals(struct check_ctx *cx, const struct rule *r)
{
	struct pos	 p;

	(void)r;
	if (!cx->datadir->standby_signal || !cx->datadir->recovery_signal)
		return;
	p = file_pos(cx, "recovery.signal");
	diag_rule(cx->d, RULE_DATADIR_SIGNALS, &p,
	    "both standby.signal and recovery.signal are present: the server "
	    "starts as a standby and ignores recovery.signal");
}

/*
 * Checks of postgresql.conf settings against the version's catalog: the one
 * judge of a setting's name and value, used by check and generate (settings
 * in a description) and by lint (settings in files).
 */
#ifndef PGPAIR_RULES_CONF_H
#define PGPAIR_RULES_CONF_H

#include "diag.h"

struct arena;
struct conf_file_set;
struct guc_def;

/*
 * Judge one setting as the server does when it reads postgresql.conf at
 * start: an unknown name (conf-unknown-parameter, with the history or a
 * did-you-mean as hint), a parameter that cannot be set, or, when
 * check_value is set, a value it refuses (conf-invalid-value).  Dotted
 * names are custom placeholders and pass.  Returns 1 when the setting is
 * accepted.
 */
int	 rules_conf_setting(struct arena *a, struct diags *d, int major,
	    const char *name, const char *value, const struct pos *name_pos,
	    const struct pos *value_pos, int check_value);
/*
 * The value in force for name after reading set (the last setting of it),
 * or NULL when the file does not set it; *pos gets its position.
 */
const char *conf_effective(const struct conf_file_set *set, const char *name,
	    struct pos *pos);

#endif

/*
 * Lookup in the built-in templates.  The table itself, templates_builtin[],
 * is generated from templates/ by tools/embed-templates.sh into
 * templates_data.c, sorted by name, so a binary search finds an entry.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "templates.h"

const struct template_file *
templates_find(const char *name)
{
	size_t	 lo = 0, hi = templates_builtin_count, mid;
	int	 c;

	if (name == NULL)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(name, templates_builtin[mid].name);
		if (c == 0)
			return &templates_builtin[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

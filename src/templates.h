/*
 * The templates of templates/, compiled into the binary by
 * tools/embed-templates.sh (templates_data.c is generated at build time).
 */
#ifndef PGPAIR_TEMPLATES_H
#define PGPAIR_TEMPLATES_H

#include <stddef.h>

struct template_file {
	const char	*name;		/* file name, e.g. "runbook-primary.sh.mustache" */
	const char	*text;
	size_t		 len;
};

extern const struct template_file templates_builtin[];
extern const size_t templates_builtin_count;

/* The built-in template called name, or NULL. */
const struct template_file *templates_find(const char *name);

#endif

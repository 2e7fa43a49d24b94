/*
 * The repository configuration, .pgpair.yaml: what a team decides once
 * for every run of check and lint in its repository, found as users
 * expect, from the working directory up to the root of the repository.
 *
 *	pg-version: 16		# lint's default major
 *	fail-on: warning	# as --fail-on
 *	rules:			# a rule's level, or off
 *	  hba-weak-auth: off
 *	  conf-unknown: error
 *	exclude:		# paths lint and check pass over (globs)
 *	  - vendor/
 *	  - "*.sample"
 *
 * The command line wins over the file.
 */
#ifndef PGPAIR_REPOCONF_H
#define PGPAIR_REPOCONF_H

#include <stddef.h>

#include "diag.h"
#include "rule.h"

struct arena;

#define REPOCONF_NAME	".pgpair.yaml"

struct repoconf {
	const char	*path;		/* as read */
	const char	*dir;		/* its folder, absolute: globs start
					   there */
	int		 major;		/* pg-version, or 0 */
	int		 fail_on;	/* the index of --fail-on's value, or
					   -1 */
	int		 level[RULE__COUNT];	/* -1: the rule's own; else
						   a level, LEVEL_OFF: off */
	const char	**exclude;	/* globs, as written */
	size_t		 nexclude;
};

/*
 * The configuration that applies here: REPOCONF_NAME in the working
 * directory, else in each folder above it, up to the first that holds a
 * .git (the repository's root) or /.  Returns its path (relative when it
 * is in the working directory or above it: "../.pgpair.yaml"), in a, or
 * NULL when there is none.
 */
const char	*repoconf_find(struct arena *a);
/*
 * Read the configuration at path.  Returns it (in a), or NULL after
 * reporting to d, with positions in the file: an unreadable file, bad
 * YAML, an unknown key, rule or level, a value of the wrong kind.
 */
struct repoconf	*repoconf_load(struct arena *a, const char *path,
		    struct diags *d);
/*
 * Each finding of a rule the configuration sets gets that level, and a
 * rule turned off loses its findings.
 */
void		 repoconf_apply(const struct repoconf *, struct diags *d);
/*
 * Does a glob of exclude match path (a file or a folder, relative to the
 * working directory or absolute), or a folder it is in?  A glob is
 * relative to the configuration's folder; one without a '/' (a trailing
 * one aside) matches a name at any depth, as in .gitignore; "**" matches
 * any number of folders.  A path outside that folder is never excluded.
 */
int		 repoconf_excluded(const struct repoconf *, const char *path);

#endif

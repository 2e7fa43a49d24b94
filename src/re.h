/*
 * PCRE2 wrapper for the validation patterns: compile once, match whole
 * strings.  Compiled code lives outside the arena and is released with it
 * through arena_defer().
 */
#ifndef PGPAIR_RE_H
#define PGPAIR_RE_H

#include <stddef.h>

struct arena;
struct re;

/* Compile pattern, anchored at both ends.  A bad pattern is a program bug:
 * it aborts with a message. */
struct re	*re_compile(struct arena *, const char *pattern);
/* 1 when the whole of s (len bytes) matches. */
int		 re_match(const struct re *, const char *s, size_t len);

#endif

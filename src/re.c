/* PCRE2 wrapper; see re.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "arena.h"
#include "re.h"

struct re {
	pcre2_code		*code;
	pcre2_match_data	*md;
};

static void
re_release(void *p)
{
	struct re	*r = p;

	pcre2_match_data_free(r->md);
	pcre2_code_free(r->code);
}

struct re *
re_compile(struct arena *a, const char *pattern)
{
	struct re	*r = arena_alloc(a, sizeof(*r));
	PCRE2_UCHAR	 msg[256];
	PCRE2_SIZE	 off;
	int		 err;

	r->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF, &err, &off, NULL);
	if (r->code == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		fprintf(stderr, "pgpair: internal error: pattern %s: %s at %zu\n",
		    pattern, (char *)msg, (size_t)off);
		abort();
	}
	r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
	arena_defer(a, re_release, r);
	return r;
}

int
re_match(const struct re *r, const char *s, size_t len)
{
	return pcre2_match(r->code, (PCRE2_SPTR)s, len, 0, 0, r->md, NULL) >= 0;
}

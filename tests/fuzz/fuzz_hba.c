/*
 * libFuzzer target: the pg_hba.conf reader and the hba rules, as lint runs
 * them, in the grammar of each major.  The first byte picks the major
 * (12 + byte % 7) and the build's features (byte / 7: ssl, gss, ldap, pam
 * and "ssl = off" bits, then whether oauth_validator_libraries is set);
 * the rest is the file and the files it includes or
 * names with @ (fuzz.h).
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fuzz.h"
#include "hba_parse.h"
#include "pgvocab.h"
#include "rule.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum { NMAJORS = PG_MAJOR_MAX - PG_MAJOR_MIN + 1 };
	struct arena		*a;
	struct diags		 d;
	struct hba_opts		 o;
	struct hba_file		 keep;
	struct check_ctx	 cx;

	if (size == 0)
		return 0;
	fuzz_vfs_begin(data + 1, size - 1);
	a = arena_new();
	diags_init(&d, a);
	memset(&o, 0, sizeof(o));
	o.major = PG_MAJOR_MIN + data[0] % NMAJORS;
	o.features = (unsigned)(data[0] / NMAJORS) & (HBA_FEAT_SSL |
	    HBA_FEAT_GSS | HBA_FEAT_LDAP | HBA_FEAT_PAM | HBA_FEAT_SSL_OFF);
	if ((data[0] / NMAJORS) & 0x20)
		o.oauth_validators = "validator";
	memset(&cx, 0, sizeof(cx));
	cx.a = a;
	cx.d = &d;
	cx.major = o.major;
	cx.repl_user = "replica";
	/* keep: the lines listed too, as lint --cluster keeps them. */
	rules_hba_file(&cx, FUZZ_MAIN, &o, &keep);
	fuzz_report(&d);
	arena_free(a);
	fuzz_vfs_end();
	return 0;
}

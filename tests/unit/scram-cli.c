/*
 * Test driver for tests/integration/t003-scram-login.sh: reads a password
 * from standard input (one trailing newline removed) and prints its
 * SCRAM-SHA-256 verifier with a random salt, as roles.sql would carry it.
 * Exit status 1 when the password is refused (non-ASCII, empty).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "scram.h"
#include "strbuf.h"

int
main(void)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct arena	*a;
	char		 buf[1024];
	const char	*v;
	size_t		 n;
	int		 rc = 0;

	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		strbuf_add(&sb, buf, n);
	if (ferror(stdin)) {
		perror("scram-cli: stdin");
		return 2;
	}
	if (sb.len > 0 && sb.buf[sb.len - 1] == '\n')
		sb.buf[--sb.len] = '\0';
	if (strlen(sb.buf) != sb.len) {
		fputs("scram-cli: NUL byte in the password\n", stderr);
		strbuf_release(&sb);
		return 1;
	}
	a = arena_new();
	if ((v = scram_verifier_random(a, sb.buf)) == NULL) {
		fputs("scram-cli: password refused\n", stderr);
		rc = 1;
	} else if (puts(v) == EOF || fflush(stdout) == EOF) {
		perror("scram-cli: stdout");
		rc = 2;
	}
	arena_free(a);
	strbuf_release(&sb);
	return rc;
}

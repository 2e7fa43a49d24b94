/*
 * SCRAM-SHA-256 verifiers as PostgreSQL stores them in pg_authid
 * (RFC 5802, RFC 7677; PostgreSQL src/common/scram-common.c):
 *     SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
 * with base64 salt and keys.  Hashing is GNU Nettle's.
 */
#ifndef PGPAIR_SCRAM_H
#define PGPAIR_SCRAM_H

#include <stddef.h>

struct arena;

#define SCRAM_ITERATIONS	4096
#define SCRAM_SALT_LEN		16

/*
 * Compute the verifier for password with the given raw salt and iteration
 * count.  The password is used as given (PostgreSQL applies SASLprep, which
 * leaves ASCII passwords unchanged; a non-ASCII password is rejected with
 * NULL so that we never store a verifier the server would not match).
 * Returns a string in a, or NULL.
 */
char	*scram_verifier(struct arena *a, const char *password,
	    const unsigned char *salt, size_t saltlen, int iterations);
/* The same with a fresh random salt from getentropy(). */
char	*scram_verifier_random(struct arena *a, const char *password);
/* 1 when verifier is well formed and was made from password, else 0. */
int	 scram_verifier_matches(const char *verifier, const char *password);

#endif

/*
 * SCRAM-SHA-256 verifiers in PostgreSQL's pg_authid format, so that
 * roles.sql never carries a password: only this module ever sees one.
 * Every hash, HMAC, PBKDF2 and base64 step is GNU Nettle's; the salt comes
 * from the kernel (getentropy()).  Nettle rather than OpenSSL's libcrypto:
 * every pgpair run loads the library, and libcrypto's relocations cost
 * more than a pre-commit lint of two small files.
 */
#include "config.h"

#include <limits.h>
#include <string.h>
#include <unistd.h>

#include <nettle/base64.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/pbkdf2.h>
#include <nettle/sha2.h>

#include "arena.h"
#include "scram.h"

#define SCRAM_KEY_LEN	SHA256_DIGEST_SIZE
#define SCRAM_PREFIX	"SCRAM-SHA-256$"
#define SCRAM_MAX_SALT	1024	/* bytes; PostgreSQL writes 16 */

struct scram_keys {
	unsigned char	 stored[SCRAM_KEY_LEN];
	unsigned char	 server[SCRAM_KEY_LEN];
};

static int	 password_ok(const char *);
static void	 derive(const char *, const unsigned char *, size_t, int,
		    struct scram_keys *);
static char	*b64_encode(struct arena *, const unsigned char *, size_t);
static int	 b64_decode(const char *, size_t, unsigned char *, size_t,
		    size_t *);

/*
 * PostgreSQL runs the password through SASLprep (RFC 4013), which returns
 * an ASCII string unchanged (saslprep.c pg_saslprep(): "an ASCII string
 * requires no further processing").  We do not implement SASLprep, so only
 * ASCII is accepted.  An empty password can never log in (libpq refuses to
 * send one), so it is refused too.
 */
static int
password_ok(const char *password)
{
	const unsigned char	*p;

	if (password == NULL || *password == '\0')
		return 0;
	for (p = (const unsigned char *)password; *p != '\0'; p++)
		if (*p >= 0x80)
			return 0;
	return 1;
}

/*
 * RFC 5802 section 3:
 *   SaltedPassword = Hi(password, salt, i)  (PBKDF2 with HMAC-SHA-256)
 *   ClientKey      = HMAC(SaltedPassword, "Client Key")
 *   StoredKey      = H(ClientKey)
 *   ServerKey      = HMAC(SaltedPassword, "Server Key")
 */
static void
derive(const char *password, const unsigned char *salt, size_t saltlen,
    int iterations, struct scram_keys *k)
{
	unsigned char		 salted[SCRAM_KEY_LEN], client[SCRAM_KEY_LEN];
	struct hmac_sha256_ctx	 h;
	struct sha256_ctx	 sh;

	pbkdf2_hmac_sha256(strlen(password), (const uint8_t *)password,
	    (unsigned)iterations, saltlen, salt, SCRAM_KEY_LEN, salted);
	hmac_sha256_set_key(&h, SCRAM_KEY_LEN, salted);
	hmac_sha256_update(&h, 10, (const uint8_t *)"Client Key");
	hmac_sha256_digest(&h, SCRAM_KEY_LEN, client);
	sha256_init(&sh);
	sha256_update(&sh, SCRAM_KEY_LEN, client);
	sha256_digest(&sh, SCRAM_KEY_LEN, k->stored);
	hmac_sha256_set_key(&h, SCRAM_KEY_LEN, salted);
	hmac_sha256_update(&h, 10, (const uint8_t *)"Server Key");
	hmac_sha256_digest(&h, SCRAM_KEY_LEN, k->server);
	explicit_bzero(salted, sizeof(salted));
	explicit_bzero(client, sizeof(client));
	explicit_bzero(&h, sizeof(h));
}

/* Standard base64 with padding and no line breaks, in the arena. */
static char *
b64_encode(struct arena *a, const unsigned char *p, size_t n)
{
	char	*s = arena_alloc(a, BASE64_ENCODE_RAW_LENGTH(n) + 1);

	base64_encode_raw(s, n, p);
	s[BASE64_ENCODE_RAW_LENGTH(n)] = '\0';
	return s;
}

/*
 * Decode exactly len characters of canonical base64 (alphabet, length a
 * multiple of 4, '=' only as the final one or two characters) into out,
 * which holds cap bytes.  Nettle's decoder alone would skip blanks.
 * Returns 1 and sets *outlen, or 0.
 */
static int
b64_decode(const char *s, size_t len, unsigned char *out, size_t cap,
    size_t *outlen)
{
	static const char	 alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct base64_decode_ctx ctx;
	unsigned char		 tmp[SCRAM_MAX_SALT + 3];
	size_t			 i, pad = 0, n;

	/* a multiple of 4 characters decodes to (at most) len / 4 * 3 bytes */
	if (len == 0 || len % 4 != 0 || len / 4 * 3 > sizeof(tmp))
		return 0;
	if (s[len - 1] == '=')
		pad = s[len - 2] == '=' ? 2 : 1;
	for (i = 0; i < len - pad; i++)
		if (s[i] == '\0' || strchr(alphabet, s[i]) == NULL)
			return 0;
	base64_decode_init(&ctx);
	n = sizeof(tmp);
	if (!base64_decode_update(&ctx, &n, tmp, len, s) ||
	    !base64_decode_final(&ctx) || n != len / 4 * 3 - pad)
		return 0;
	if (n > cap)
		return 0;
	memcpy(out, tmp, n);
	*outlen = n;
	return 1;
}

char *
scram_verifier(struct arena *a, const char *password,
    const unsigned char *salt, size_t saltlen, int iterations)
{
	struct scram_keys	 k;
	char			*r;

	if (!password_ok(password) || salt == NULL || saltlen == 0 ||
	    saltlen > SCRAM_MAX_SALT || iterations <= 0)
		return NULL;
	derive(password, salt, saltlen, iterations, &k);
	r = arena_printf(a, SCRAM_PREFIX "%d:%s$%s:%s", iterations,
	    b64_encode(a, salt, saltlen),
	    b64_encode(a, k.stored, sizeof(k.stored)),
	    b64_encode(a, k.server, sizeof(k.server)));
	explicit_bzero(&k, sizeof(k));
	return r;
}

char *
scram_verifier_random(struct arena *a, const char *password)
{
	unsigned char	 salt[SCRAM_SALT_LEN];

	if (getentropy(salt, sizeof(salt)) != 0)
		return NULL;
	return scram_verifier(a, password, salt, sizeof(salt),
	    SCRAM_ITERATIONS);
}

int
scram_verifier_matches(const char *verifier, const char *password)
{
	struct scram_keys	 want, got;
	unsigned char		 salt[SCRAM_MAX_SALT];
	const char		*p, *colon, *dollar;
	size_t			 saltlen, n;
	long			 iter = 0;
	int			 ok;

	if (verifier == NULL || !password_ok(password) ||
	    strncmp(verifier, SCRAM_PREFIX, strlen(SCRAM_PREFIX)) != 0)
		return 0;
	p = verifier + strlen(SCRAM_PREFIX);

	/* <iterations>: decimal, no sign, no leading zero */
	if (*p < '1' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		iter = iter * 10 + (*p - '0');
		if (iter > INT_MAX)
			return 0;
	}
	if (*p++ != ':')
		return 0;

	/* <salt>$<StoredKey>:<ServerKey> */
	if ((dollar = strchr(p, '$')) == NULL ||
	    !b64_decode(p, (size_t)(dollar - p), salt, sizeof(salt), &saltlen))
		return 0;
	p = dollar + 1;
	if ((colon = strchr(p, ':')) == NULL ||
	    !b64_decode(p, (size_t)(colon - p), want.stored,
	    sizeof(want.stored), &n) || n != SCRAM_KEY_LEN)
		return 0;
	p = colon + 1;
	if (!b64_decode(p, strlen(p), want.server, sizeof(want.server), &n) ||
	    n != SCRAM_KEY_LEN)
		return 0;

	derive(password, salt, saltlen, (int)iter, &got);
	ok = memeql_sec(got.stored, want.stored, SCRAM_KEY_LEN) &&
	    memeql_sec(got.server, want.server, SCRAM_KEY_LEN);
	explicit_bzero(&got, sizeof(got));
	return ok;
}

/*
 * Expert rules on pg_hba.conf: what the server accepts but an expert would
 * not.  They run on the lines of hba_parse.c after it has reported what the
 * server refuses, so every finding here is a warning.  Matching follows
 * hba.c check_hba(), check_db() and check_role() of PostgreSQL 12 to 18: a
 * connection takes the first line whose connection type, database, user
 * and address match it, and nothing else about a line (its method, its
 * options) decides whether it matches.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "hba_parse.h"
#include "hba_scan.h"
#include "rule.h"

rule_check_fn check_hba_replication_all, check_hba_shadowed,
    check_hba_weak_auth, check_hba_replication_everywhere,
    check_hba_no_local_superuser;

/* What a database or user token stands for (check_db(), check_role()). */
enum tok_kind {
	TK_ALL,
	TK_REPLICATION,		/* databases: physical walsenders only */
	TK_SAMEUSER,		/* databases */
	TK_SAMEROLE,		/* databases: samerole and samegroup */
	TK_GROUP,		/* users: unquoted +name */
	TK_REGEX,		/* 16 and later: starts with /, quoted or not */
	TK_NAME
};

/*
 * The kinds of connection, as sets: a Unix socket, and TCP with SSL, with
 * GSSAPI encryption or with neither (a connection never has both).
 */
#define CONN_LOCAL	0x1u
#define CONN_SSL	0x2u
#define CONN_GSS	0x4u
#define CONN_PLAIN	0x8u
#define CONN_TCP	(CONN_SSL | CONN_GSS | CONN_PLAIN)

/*
 * A list of lines in file order: numbers in struct shadow's cands, from
 * 1 (0 ends a list).  Candidates are numbered in the order they are filed,
 * which is file order, so the smaller number is the earlier line.
 */
struct clist {
	uint32_t	 head, tail;
};

/* Byte-string keys to values, open addressing; everything in an arena. */
struct hent {
	const unsigned char	*key;
	size_t			 klen;
	uint64_t		 h;
	void			*val;
};

struct hmap {
	struct arena	*a;
	struct hent	*v;
	size_t		 cap, n;
};

/* A token's key without copying it: a kind character and the text. */
struct tkey {
	char		 c;	/* * R U G + / =, or ? for any user */
	const char	*text;
};

/*
 * Token keys to small numbers, so that a bucket is found by numbers: a
 * line's keys are hashed once, not once per bucket probed.
 */
struct ient {
	const char	*text;		/* NULL: empty */
	size_t		 len;
	uint64_t	 h;
	uint32_t	 id;
	char		 c;
};

struct imap {
	struct ient	*v;
	size_t		 cap, n;
};

/* (connection type, database key, user key) to its bucket. */
struct bent {
	struct bucket	*b;		/* NULL: empty */
	uint32_t	 db, user;
	unsigned	 conn;
};

struct bmap {
	struct bent	*v;
	size_t		 cap, n;
};

/*
 * Lists of lines by the hash of their address key alone, open addressing,
 * one table per bucket (a lookup stays among the bucket's own lines, which
 * the cache is more likely to hold than a table of the whole file).
 * Generated files have a line per client, so the tables keep no keys:
 * lines of keys whose hashes collide share a list, and every candidate is
 * verified in full anyway.
 */
struct aent {
	uint32_t	 h;		/* 0: empty */
	struct clist	 l;
};

struct amap {
	struct aent	*v;
	uint32_t	 cap, n;
};

/* An earlier line that may shadow later ones. */
struct cand {
	const struct hba_line	*e;
	uint32_t		 next;
};

/*
 * The earlier lines of one (connection type, database key, user key):
 * lines for every address, samehost and samenet lines, lines whose mask is
 * not a prefix (rare; searched one by one), and which prefix lengths have
 * lines in the address map, per family.
 */
struct bucket {
	struct amap	 addrs;		/* family, /q, network; host names */
	struct clist	 all, samehost, samenet, odd4, odd6;
	uint64_t	 lens4;		/* bit q: a line for some /q */
	uint64_t	 lens6[3];	/* bits 0 to 128 */
};

/*
 * The index of check_hba_shadowed(), in an arena of its own that goes
 * when the check is done.  The candidates are counted up front; the hash
 * tables double as they fill.
 */
struct shadow {
	struct arena		*a;
	int			 major;
	struct imap		 keys;		/* token keys */
	struct bmap		 buckets;	/* conn, db key, user key */
	struct cand		*cands;		/* [0] unused */
	size_t			 ncands, capcands;
	uint32_t		 all_id, any_id, repl_id; /* "*", "?", "R" */
	uint64_t		 netmask[129][2];	/* /q as two words */
	/* by connection type: the types whose lines match all its own */
	enum hba_conntype	 cover[HBA_HOSTNOGSSENC + 1][6];
	size_t			 ncover[HBA_HOSTNOGSSENC + 1];
	int			 any_wide;	/* a bucket with user key "?" */
};

/* Lines whose database x user product exceeds this are indexed by
 * database only, under the user key "?", and verified one by one. */
#define WIDE_PRODUCT	64

static int		 usable(const struct hba_line *);
static unsigned		 conn_set(enum hba_conntype);
static enum tok_kind	 db_kind(const struct hba_token *, int);
static enum tok_kind	 user_kind(const struct hba_token *, int);
static const char	*tok_key(struct arena *, enum tok_kind,
			    const struct hba_token *);
static const char	*addr_shown(struct arena *, const struct hba_line *);
static int		 leading_ones(int, const unsigned char *);
static int		 bit_set(const unsigned char *, int);
static int		 lowest_bit(uint64_t);
static uint64_t		 mix(uint64_t);
static void		 hmap_init(struct hmap *, struct arena *);
static void		**hmap_slot(struct hmap *, const void *, size_t, int);
static uint64_t		 hash_bytes(const unsigned char *, size_t);
static uint32_t		 key_id(struct shadow *, struct tkey, int);
static struct clist	*amap_get(struct shadow *, struct amap *, uint64_t,
			    int);
static int		 db_token_covers(const struct hba_token *, enum tok_kind,
			    const struct hba_line *, int);
static int		 user_token_covers(const struct hba_token *,
			    enum tok_kind, const struct hba_line *, int);
static int		 addr_covers(const struct hba_line *,
			    const struct hba_line *);
static int		 line_covers(const struct hba_line *,
			    const struct hba_line *, int);
static struct tkey	 tkey_of(enum tok_kind, const struct hba_token *);
static struct bucket	*bucket_get(struct shadow *, enum hba_conntype,
			    uint32_t, uint32_t, int);
static struct bent	*bucket_slot(struct bmap *, uint32_t, uint32_t,
			    unsigned);
static uint64_t		 bucket_hash(uint32_t, uint32_t, unsigned);
static uint64_t		 addr_key(const struct shadow *, int, int,
			    const unsigned char *);
static uint64_t		 name_key(const char *);
static int		 indexed(const struct hba_line *);
static void		 clist_add(struct shadow *, struct clist *,
			    const struct hba_line *);
static void		 shadow_insert(struct shadow *, const struct hba_line *,
			    uint32_t, uint32_t);
static uint32_t		 shadow_find(struct shadow *, const struct hba_line *,
			    uint32_t, uint32_t);
static uint32_t		 best_in(struct shadow *, const struct clist *,
			    uint32_t, const struct hba_line *);
static uint32_t		 bucket_best(struct shadow *, struct bucket *,
			    uint32_t, const struct hba_line *);

/*
 * Lines the server loads: without an error, or with one that only marks
 * the line in pg_hba_file_rules (hostssl without SSL and the like).
 */
static int
usable(const struct hba_line *hl)
{
	return (hl->error == NULL || hl->error_loads) &&
	    hl->conntype != HBA_CONN_NONE && hl->method != AUTH_NONE;
}

/* hba.c check_hba(): which connections a connection type admits. */
static unsigned
conn_set(enum hba_conntype t)
{
	switch (t) {
	case HBA_LOCAL:
		return CONN_LOCAL;
	case HBA_HOST:
		return CONN_TCP;
	case HBA_HOSTSSL:
		return CONN_SSL;
	case HBA_HOSTNOSSL:
		return CONN_GSS | CONN_PLAIN;
	case HBA_HOSTGSSENC:
		return CONN_GSS;
	case HBA_HOSTNOGSSENC:
		return CONN_SSL | CONN_PLAIN;
	default:
		return 0;
	}
}

/*
 * hba.c check_db(): keywords count only unquoted; samegroup is samerole.
 * (The first byte picks the keywords to compare: most tokens are names.)
 */
static enum tok_kind
db_kind(const struct hba_token *t, int major)
{
	const char	*x = t->text;

	if (major >= 16 && x[0] == '/')
		return TK_REGEX;
	if (t->quoted)
		return TK_NAME;
	switch (x[0]) {
	case 'a':
		if (strcmp(x, "all") == 0)
			return TK_ALL;
		break;
	case 'r':
		if (strcmp(x, "replication") == 0)
			return TK_REPLICATION;
		break;
	case 's':
		if (strcmp(x, "sameuser") == 0)
			return TK_SAMEUSER;
		if (strcmp(x, "samerole") == 0 || strcmp(x, "samegroup") == 0)
			return TK_SAMEROLE;
		break;
	default:
		break;
	}
	return TK_NAME;
}

/* hba.c check_role(): +name and all only unquoted. */
static enum tok_kind
user_kind(const struct hba_token *t, int major)
{
	if (!t->quoted && t->text[0] == '+')
		return TK_GROUP;
	if (!t->quoted && t->text[0] == 'a' && strcmp(t->text, "all") == 0)
		return TK_ALL;
	if (major >= 16 && t->text[0] == '/')
		return TK_REGEX;
	return TK_NAME;
}

/* A string naming what a token matches: equal keys, equal sets. */
static const char *
tok_key(struct arena *a, enum tok_kind k, const struct hba_token *t)
{
	const char	*text;
	char		*key, c;
	size_t		 n;

	switch (k) {
	case TK_ALL:
		return "*";
	case TK_REPLICATION:
		return "R";
	case TK_SAMEUSER:
		return "U";
	case TK_SAMEROLE:
		return "G";
	case TK_GROUP:
		c = '+';
		text = t->text + 1;
		break;
	case TK_REGEX:
		c = '/';
		text = t->text;
		break;
	default:
		c = '=';
		text = t->text;
		break;
	}
	n = strlen(text);
	key = arena_alloc(a, n + 2);
	key[0] = c;
	memcpy(key + 1, text, n + 1);
	return key;
}

/* The address as written, with its mask column when it has one. */
static const char *
addr_shown(struct arena *a, const struct hba_line *hl)
{
	if (hl->addr_text == NULL)
		return "";
	if (hl->mask_text != NULL)
		return arena_printf(a, "%s %s", hl->addr_text, hl->mask_text);
	return hl->addr_text;
}

static int
bit_set(const unsigned char *b, int i)
{
	return (b[i / 8] >> (7 - i % 8)) & 1;
}

/* The number of leading one bits of a mask of family fam. */
static int
leading_ones(int fam, const unsigned char *mask)
{
	int	 n = fam == 4 ? 32 : 128, q = 0;

	while (q < n && bit_set(mask, q))
		q++;
	return q;
}

static void
hmap_init(struct hmap *m, struct arena *a)
{
	m->a = a;
	m->cap = 1024;
	m->n = 0;
	m->v = arena_calloc(a, m->cap, sizeof(*m->v));
}

static uint64_t
hash_bytes(const unsigned char *p, size_t n)
{
	uint64_t	 h = 1469598103934665603ull;	/* FNV-1a */

	while (n-- > 0) {
		h ^= *p++;
		h *= 1099511628211ull;
	}
	return h ^ (h >> 29);
}

/*
 * The value slot of key (klen bytes), or NULL when it is absent and create
 * is 0.  With create, an absent key is copied into the arena with a NULL
 * value.  Growing abandons the old table to the arena, so the memory used
 * stays within twice the live table.
 */
static void **
hmap_slot(struct hmap *m, const void *key, size_t klen, int create)
{
	uint64_t	 h = hash_bytes(key, klen);
	size_t		 i;

	if (create && (m->n + 1) * 2 > m->cap) {
		struct hent	*old = m->v;
		size_t		 ocap = m->cap;

		m->cap *= 2;
		m->v = arena_calloc(m->a, m->cap, sizeof(*m->v));
		for (size_t j = 0; j < ocap; j++) {
			if (old[j].key == NULL)
				continue;
			for (i = old[j].h & (m->cap - 1); m->v[i].key != NULL;
			    i = (i + 1) & (m->cap - 1))
				continue;
			m->v[i] = old[j];
		}
	}
	for (i = h & (m->cap - 1); m->v[i].key != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (m->v[i].h == h && m->v[i].klen == klen &&
		    memcmp(m->v[i].key, key, klen) == 0)
			return &m->v[i].val;
	if (!create)
		return NULL;
	m->v[i].key = memcpy(arena_alloc(m->a, klen + 1), key, klen);
	m->v[i].klen = klen;
	m->v[i].h = h;
	m->v[i].val = NULL;
	m->n++;
	return &m->v[i].val;
}

/* The index of the lowest set bit of a non-zero word. */
static int
lowest_bit(uint64_t w)
{
#if defined(__GNUC__) || defined(__clang__)
	return __builtin_ctzll(w);
#else
	int	 i = 0;

	while (!(w & 1)) {
		w >>= 1;
		i++;
	}
	return i;
#endif
}

/* splitmix64's finaliser: every input bit moves every output bit. */
static uint64_t
mix(uint64_t h)
{
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	return h ^ (h >> 31);
}

/*
 * The number of token key k (from 1), or 0 when it is new and create is
 * 0.  Keys borrow the tokens' texts.
 */
static uint32_t
key_id(struct shadow *s, struct tkey k, int create)
{
	struct imap	*m = &s->keys;
	const char	*p;
	uint64_t	 h = 1469598103934665603ull;	/* FNV-1a */
	size_t		 len, i;

	h ^= (unsigned char)k.c;
	h *= 1099511628211ull;
	for (p = k.text; *p != '\0'; p++) {
		h ^= (unsigned char)*p;
		h *= 1099511628211ull;
	}
	len = (size_t)(p - k.text);
	h ^= h >> 29;
	for (i = h & (m->cap - 1); m->v[i].text != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (m->v[i].h == h && m->v[i].c == k.c &&
		    m->v[i].len == len &&
		    memcmp(m->v[i].text, k.text, len) == 0)
			return m->v[i].id;
	if (!create)
		return 0;
	if ((m->n + 1) * 2 > m->cap) {
		struct ient	*old = m->v;
		size_t		 ocap = m->cap;

		m->cap *= 2;
		m->v = arena_calloc(s->a, m->cap, sizeof(*m->v));
		for (size_t j = 0; j < ocap; j++) {
			if (old[j].text == NULL)
				continue;
			for (i = old[j].h & (m->cap - 1); m->v[i].text != NULL;
			    i = (i + 1) & (m->cap - 1))
				continue;
			m->v[i] = old[j];
		}
		for (i = h & (m->cap - 1); m->v[i].text != NULL;
		    i = (i + 1) & (m->cap - 1))
			continue;
	}
	m->v[i].text = k.text;
	m->v[i].len = len;
	m->v[i].h = h;
	m->v[i].c = k.c;
	m->v[i].id = (uint32_t)++m->n;
	return m->v[i].id;
}

/*
 * The list of key hash h (its low 32 bits) in m, or NULL when absent and
 * create is 0.  A table starts small and doubles when half full.
 */
static struct clist *
amap_get(struct shadow *s, struct amap *m, uint64_t h64, int create)
{
	uint32_t	 h = (uint32_t)h64, i;

	if (h == 0)
		h = 1;
	if (m->cap == 0 && !create)
		return NULL;
	if (create && (m->n + 1) * 2 > m->cap) {
		struct aent	*old = m->v;
		uint32_t	 ocap = m->cap;

		m->cap = ocap == 0 ? 4 : ocap * 2;
		m->v = arena_calloc(s->a, m->cap, sizeof(*m->v));
		for (uint32_t j = 0; j < ocap; j++) {
			if (old[j].h == 0)
				continue;
			for (i = old[j].h & (m->cap - 1); m->v[i].h != 0;
			    i = (i + 1) & (m->cap - 1))
				continue;
			m->v[i] = old[j];
		}
	}
	for (i = h & (m->cap - 1); m->v[i].h != 0; i = (i + 1) & (m->cap - 1))
		if (m->v[i].h == h)
			return &m->v[i].l;
	if (!create)
		return NULL;
	m->v[i].h = h;
	m->n++;
	return &m->v[i].l;
}

/* Does database token t (of kind k) of a later line fall within e's? */
static int
db_token_covers(const struct hba_token *t, enum tok_kind k,
    const struct hba_line *e, int major)
{
	for (size_t i = 0; i < e->ndb; i++) {
		enum tok_kind	 ek = db_kind(&e->db[i], major);

		/* all is every database, but not physical replication */
		if (ek == TK_ALL && k != TK_REPLICATION)
			return 1;
		if (ek != k)
			continue;
		if (k == TK_ALL || k == TK_REPLICATION || k == TK_SAMEUSER ||
		    k == TK_SAMEROLE || strcmp(e->db[i].text, t->text) == 0)
			return 1;
	}
	return 0;
}

static int
user_token_covers(const struct hba_token *t, enum tok_kind k,
    const struct hba_line *e, int major)
{
	for (size_t i = 0; i < e->nuser; i++) {
		enum tok_kind	 ek = user_kind(&e->user[i], major);

		if (ek == TK_ALL)
			return 1;
		if (ek == k && strcmp(e->user[i].text, t->text) == 0)
			return 1;
	}
	return 0;
}

/*
 * Does every client address l admits fall within e's?  Local lines have
 * no address.  hba.c check_ip() compares only within a family; a host name
 * matches by forward and reverse lookup, a .suffix by the name's end
 * (hostname_match(), case-insensitive); samehost is one of the server's
 * addresses, each of which is in the server's own subnets (samenet).
 */
static int
addr_covers(const struct hba_line *e, const struct hba_line *l)
{
	size_t	 el, ll;

	if (l->conntype == HBA_LOCAL || e->addr_kind == HBA_ADDR_ALL)
		return 1;
	switch (l->addr_kind) {
	case HBA_ADDR_SAMEHOST:
		return e->addr_kind == HBA_ADDR_SAMEHOST ||
		    e->addr_kind == HBA_ADDR_SAMENET;
	case HBA_ADDR_SAMENET:
		return e->addr_kind == HBA_ADDR_SAMENET;
	case HBA_ADDR_HOSTNAME:
		if (e->addr_kind != HBA_ADDR_HOSTNAME)
			return 0;
		if (strcasecmp(e->addr_text, l->addr_text) == 0)
			return 1;
		el = strlen(e->addr_text);
		ll = strlen(l->addr_text);
		return e->addr_text[0] == '.' && ll > el &&
		    strcasecmp(l->addr_text + ll - el, e->addr_text) == 0;
	case HBA_ADDR_IP:
		if (e->addr_kind != HBA_ADDR_IP || e->family != l->family)
			return 0;
		/* l's set lies in e's when e's mask bits are all fixed in
		 * l and both agree on them */
		for (int i = 0; i < (l->family == 4 ? 4 : 16); i++)
			if ((e->mask[i] & ~l->mask[i]) != 0 ||
			    ((e->addr[i] ^ l->addr[i]) & e->mask[i]) != 0)
				return 0;
		return 1;
	default:
		return 0;
	}
}

/* Does e match every connection l matches? */
static int
line_covers(const struct hba_line *e, const struct hba_line *l, int major)
{
	unsigned	 ec = conn_set(e->conntype), lc = conn_set(l->conntype);

	if ((ec & lc) != lc)
		return 0;
	for (size_t i = 0; i < l->ndb; i++)
		if (!db_token_covers(&l->db[i], db_kind(&l->db[i], major), e,
		    major))
			return 0;
	for (size_t i = 0; i < l->nuser; i++)
		if (!user_token_covers(&l->user[i],
		    user_kind(&l->user[i], major), e, major))
			return 0;
	return addr_covers(e, l);
}

static struct tkey
tkey_of(enum tok_kind k, const struct hba_token *t)
{
	static const char	 kc[] = { [TK_ALL] = '*', [TK_REPLICATION] = 'R',
	    [TK_SAMEUSER] = 'U', [TK_SAMEROLE] = 'G', [TK_GROUP] = '+',
	    [TK_REGEX] = '/', [TK_NAME] = '=' };
	struct tkey		 key;

	key.c = kc[k];
	key.text = k == TK_GROUP ? t->text + 1 : k == TK_REGEX ||
	    k == TK_NAME ? t->text : "";
	return key;
}

/* Where a bucket's key starts its search in struct bmap. */
static uint64_t
bucket_hash(uint32_t db, uint32_t user, unsigned c)
{
	return mix(((uint64_t)db << 32 | user) +
	    (uint64_t)c * 0x9e3779b97f4a7c15ull);
}

/* The bucket of a connection type and database and user key numbers. */
static struct bucket *
bucket_get(struct shadow *s, enum hba_conntype c, uint32_t db, uint32_t user,
    int create)
{
	struct bmap	*m = &s->buckets;
	struct bucket	*b;
	size_t		 i;

	i = bucket_hash(db, user, (unsigned)c);
	for (i &= m->cap - 1; m->v[i].b != NULL; i = (i + 1) & (m->cap - 1))
		if (m->v[i].db == db && m->v[i].user == user &&
		    m->v[i].conn == (unsigned)c)
			return m->v[i].b;
	if (!create)
		return NULL;
	if ((m->n + 1) * 2 > m->cap) {
		struct bent	*old = m->v;
		size_t		 ocap = m->cap;

		m->cap *= 2;
		m->v = arena_calloc(s->a, m->cap, sizeof(*m->v));
		for (size_t j = 0; j < ocap; j++)
			if (old[j].b != NULL)
				*bucket_slot(m, old[j].db, old[j].user,
				    old[j].conn) = old[j];
		return bucket_get(s, c, db, user, create);
	}
	b = arena_calloc(s->a, 1, sizeof(*b));
	m->v[i].b = b;
	m->v[i].db = db;
	m->v[i].user = user;
	m->v[i].conn = (unsigned)c;
	m->n++;
	return b;
}

/* The empty slot for a key not in m. */
static struct bent *
bucket_slot(struct bmap *m, uint32_t db, uint32_t user, unsigned c)
{
	size_t	 i;

	i = bucket_hash(db, user, c);
	for (i &= m->cap - 1; m->v[i].b != NULL; i = (i + 1) & (m->cap - 1))
		continue;
	return &m->v[i];
}

static void
clist_add(struct shadow *s, struct clist *cl, const struct hba_line *e)
{
	uint32_t	 c;

	/* the tables were sized for every entry; this is a safety net */
	if (s->ncands == s->capcands) {
		s->cands = arena_grow(s->a, s->cands, s->capcands,
		    s->capcands * 2, sizeof(*s->cands));
		s->capcands *= 2;
	}
	c = (uint32_t)s->ncands++;
	s->cands[c].e = e;
	s->cands[c].next = 0;
	if (cl->tail != 0)
		s->cands[cl->tail].next = c;
	else
		cl->head = c;
	cl->tail = c;
}

/*
 * An address key: family, prefix length and the network, the address
 * under s->netmask[q].
 */
static uint64_t
addr_key(const struct shadow *s, int fam, int q, const unsigned char *addr)
{
	uint64_t	 w0, w1;

	memcpy(&w0, addr, sizeof(w0));
	memcpy(&w1, addr + 8, sizeof(w1));
	w0 &= s->netmask[q][0];
	w1 &= s->netmask[q][1];
	return mix(mix(w0 ^ ((uint64_t)fam << 8 | (uint64_t)q)) ^ w1);
}

/* A host name key: the name in lower case. */
static uint64_t
name_key(const char *name)
{
	uint64_t	 h = 1469598103934665603ull;	/* FNV-1a */

	for (const char *p = name; *p != '\0'; p++) {
		h ^= (unsigned char)(*p >= 'A' && *p <= 'Z' ?
		    *p - 'A' + 'a' : *p);
		h *= 1099511628211ull;
	}
	return mix(h ^ 'h');
}

/*
 * File e as a line that may shadow later ones, under each key pair; dk0
 * and uk0 are the numbers of its first database and user keys.
 */
static void
shadow_insert(struct shadow *s, const struct hba_line *e, uint32_t dk0,
    uint32_t uk0)
{
	int		 wide = (size_t)e->ndb * e->nuser > WIDE_PRODUCT;

	s->any_wide |= wide;
	for (size_t i = 0; i < e->ndb; i++) {
		uint32_t	 dk;

		dk = i == 0 ? dk0 : key_id(s, tkey_of(db_kind(&e->db[i],
		    s->major), &e->db[i]), 1);
		for (size_t j = 0; j < (wide ? 1 : e->nuser); j++) {
			struct bucket	*b;
			struct clist	*lp;
			uint32_t	 uk;

			uk = wide ? s->any_id : j == 0 ? uk0 : key_id(s,
			    tkey_of(user_kind(&e->user[j], s->major),
			    &e->user[j]), 1);
			b = bucket_get(s, e->conntype, dk, uk, 1);
			if (e->conntype == HBA_LOCAL ||
			    e->addr_kind == HBA_ADDR_ALL) {
				clist_add(s, &b->all, e);
				continue;
			}
			switch (e->addr_kind) {
			case HBA_ADDR_SAMEHOST:
				clist_add(s, &b->samehost, e);
				continue;
			case HBA_ADDR_SAMENET:
				clist_add(s, &b->samenet, e);
				continue;
			case HBA_ADDR_HOSTNAME:
				lp = amap_get(s, &b->addrs,
				    name_key(e->addr_text), 1);
				break;
			case HBA_ADDR_IP:
				if (e->prefixlen < 0) {
					clist_add(s, e->family == 4 ? &b->odd4 :
					    &b->odd6, e);
					continue;
				}
				lp = amap_get(s, &b->addrs, addr_key(s,
				    e->family, e->prefixlen, e->addr), 1);
				if (e->family == 4)
					b->lens4 |= 1ull << e->prefixlen;
				else
					b->lens6[e->prefixlen / 64] |=
					    1ull << (e->prefixlen % 64);
				break;
			default:
				continue;
			}
			clist_add(s, lp, e);
		}
	}
}

/*
 * The earlier of best and the first line of cl that covers l (candidate
 * numbers, 0 for none).
 */
static uint32_t
best_in(struct shadow *s, const struct clist *cl, uint32_t best,
    const struct hba_line *l)
{
	for (uint32_t c = cl != NULL ? cl->head : 0; c != 0;
	    c = s->cands[c].next) {
		if (best != 0 && c >= best)
			break;
		if (line_covers(s->cands[c].e, l, s->major))
			return c;
	}
	return best;
}

/* The candidates of one bucket for l: its addresses' lists, in turn. */
static uint32_t
bucket_best(struct shadow *s, struct bucket *b, uint32_t best,
    const struct hba_line *l)
{
	uint64_t	 w;
	int		 p;

	best = best_in(s, &b->all, best, l);
	if (l->conntype == HBA_LOCAL)
		return best;
	switch (l->addr_kind) {
	case HBA_ADDR_SAMEHOST:
		best = best_in(s, &b->samehost, best, l);
		/* FALLTHROUGH */
	case HBA_ADDR_SAMENET:
		return best_in(s, &b->samenet, best, l);
	case HBA_ADDR_HOSTNAME:
		/* the name itself, then each .suffix of it */
		for (const char *n = l->addr_text; n != NULL && *n != '\0';
		    n = strchr(n + 1, '.'))
			best = best_in(s, amap_get(s, &b->addrs,
			    name_key(n), 0), best, l);
		return best;
	case HBA_ADDR_IP:
		best = best_in(s, l->family == 4 ? &b->odd4 : &b->odd6, best,
		    l);
		/*
		 * A line for /q covers l when q <= l's fixed leading bits:
		 * the prefix lengths with lines, up to p, one word at a time.
		 */
		p = l->prefixlen >= 0 ? l->prefixlen :
		    leading_ones(l->family, l->mask);
		for (int k = 0; k * 64 <= p; k++) {
			w = l->family == 4 ? (k == 0 ? b->lens4 : 0) :
			    b->lens6[k];
			if (p - k * 64 < 63)
				w &= (2ull << (p - k * 64)) - 1;
			while (w != 0) {
				int	 q = k * 64 + lowest_bit(w);

				w &= w - 1;
				best = best_in(s, amap_get(s, &b->addrs,
				    addr_key(s, l->family, q, l->addr), 0),
				    best, l);
			}
		}
		return best;
	default:
		return best;
	}
}

/*
 * The earliest indexed line that covers l (a candidate number), or 0; dk
 * and uk are the numbers of l's first database and user keys.  An earlier
 * line that covers l holds l's first database token or a token covering
 * it, and the same for users, so the buckets of those key pairs (and the
 * "?" buckets of wide lines) hold every candidate; each is verified in
 * full.
 */
static uint32_t
shadow_find(struct shadow *s, const struct hba_line *l, uint32_t dk,
    uint32_t uk)
{
	uint32_t		 dks[2], uks[3], best = 0;
	size_t			 nd = 0, nu = 0;

	dks[nd++] = dk;
	if (dk != s->all_id && dk != s->repl_id)
		dks[nd++] = s->all_id;
	uks[nu++] = uk;
	if (uk != s->all_id)
		uks[nu++] = s->all_id;
	if (s->any_wide)
		uks[nu++] = s->any_id;
	for (size_t t = 0; t < s->ncover[l->conntype]; t++)
		for (size_t i = 0; i < nd; i++)
			for (size_t j = 0; j < nu; j++) {
				struct bucket	*b;

				b = bucket_get(s, s->cover[l->conntype][t],
				    dks[i], uks[j], 0);
				if (b != NULL)
					best = bucket_best(s, b, best, l);
			}
	return best;
}

/* Lines that may shadow others and be shadowed: those the server loads. */
static int
indexed(const struct hba_line *l)
{
	return usable(l) && l->error == NULL && l->ndb > 0 && l->nuser > 0;
}

/*
 * hba-shadowed: a line no connection can reach, because an earlier line
 * matches every connection it matches (the first match wins).
 *
 * Cost: each line is looked up, then (unless shadowed) indexed under the
 * pairs of its database and user keys (at most WIDE_PRODUCT pairs, else one
 * per database).  Keys are numbered as they are met, and a lookup probes at
 * most 3 connection types x 2 database keys x 3 user keys buckets by those
 * numbers; in a bucket, an IP line is found by one hash probe per prefix
 * length present in it (at most 33 or 129), a host name by one per
 * .suffix, the other address kinds by a list head.  Each candidate found
 * is verified in full, and a lookup stops at the first that covers the
 * line in each list, so for n lines the work is O(n * (w + c)), with w the
 * address width and c the candidates that share a key pair and an address
 * with a line but miss one of its other tokens (only lines with several
 * databases or users have such), and memory is O(input), freed when the
 * check is done.  A shadowed line is never indexed: whatever it covers,
 * the line shadowing it covers too, so duplicate lines cost nothing.
 */
void
check_hba_shadowed(struct check_ctx *cx, const struct rule *r)
{
	static const struct tkey	 all = { '*', "" }, any = { '?', "" };
	static const struct tkey	 repl = { 'R', "" };
	struct shadow			 s;
	struct pos			 at;
	size_t				 npairs = 0, k;

	(void)r;
	memset(&s, 0, sizeof(s));
	s.major = cx->hba->opts.major;
	/* the entries there can be, to size the tables once */
	for (const struct hba_line *l = cx->hba->first; l != NULL;
	    l = l->next) {
		if (!indexed(l))
			continue;
		k = (size_t)l->ndb * l->nuser > WIDE_PRODUCT ? l->ndb :
		    (size_t)l->ndb * l->nuser;
		npairs += k;
	}
	/*
	 * Candidates and keys (at most two per pair) are numbered in 32 bits.
	 * More would take hundreds of gigabytes of lines in memory first.
	 */
	if (npairs > UINT32_MAX / 4)
		return;
	s.a = arena_new();
	s.keys.cap = s.buckets.cap = 64;
	s.keys.v = arena_calloc(s.a, s.keys.cap, sizeof(*s.keys.v));
	s.buckets.v = arena_calloc(s.a, s.buckets.cap, sizeof(*s.buckets.v));
	s.capcands = npairs + 1;
	s.cands = arena_alloc(s.a, s.capcands * sizeof(*s.cands));
	s.ncands = 1;
	s.all_id = key_id(&s, all, 1);
	s.any_id = key_id(&s, any, 1);
	s.repl_id = key_id(&s, repl, 1);
	for (int q = 0; q <= 128; q++) {
		unsigned char	 m[16];

		memset(m, 0, sizeof(m));
		memset(m, 0xff, (size_t)q / 8);
		if (q % 8 != 0)
			m[q / 8] = (unsigned char)(0xff00u >> (q % 8));
		memcpy(&s.netmask[q][0], m, 8);
		memcpy(&s.netmask[q][1], m + 8, 8);
	}
	for (int t = HBA_LOCAL; t <= HBA_HOSTNOGSSENC; t++) {
		unsigned	 tc = conn_set((enum hba_conntype)t);

		for (int e = HBA_LOCAL; e <= HBA_HOSTNOGSSENC; e++)
			if ((conn_set((enum hba_conntype)e) & tc) == tc)
				s.cover[t][s.ncover[t]++] =
				    (enum hba_conntype)e;
	}

	for (const struct hba_line *l = cx->hba->first; l != NULL;
	    l = l->next) {
		const struct hba_line	*e;
		uint32_t		 c, dk, uk;

		/* a line with a loading error never matches: skip both ways */
		if (!indexed(l))
			continue;
		dk = key_id(&s, tkey_of(db_kind(&l->db[0], s.major),
		    &l->db[0]), 1);
		uk = key_id(&s, tkey_of(user_kind(&l->user[0], s.major),
		    &l->user[0]), 1);
		if ((c = shadow_find(&s, l, dk, uk)) == 0) {
			shadow_insert(&s, l, dk, uk);
			continue;
		}
		e = s.cands[c].e;
		at = hba_line_pos(l, l->type_at);
		if (e->pos.file != NULL && l->pos.file != NULL &&
		    strcmp(e->pos.file, l->pos.file) != 0)
			diag_rule(cx->d, RULE_HBA_SHADOWED, &at,
			    "line %u of \"%s\" matches every connection this "
			    "line matches, so this line never applies",
			    e->pos.line, e->pos.file);
		else
			diag_rule(cx->d, RULE_HBA_SHADOWED, &at,
			    "line %u matches every connection this line "
			    "matches, so this line never applies",
			    e->pos.line);
	}
	arena_free(s.a);
}

/* An address range [lo, hi] of a replication line, in network order. */
struct range {
	unsigned char	 lo[16], hi[16];
};

/* Replication lines of one user key. */
struct repl_user {
	int		 local;		/* local lines */
	int		 other;		/* all, samehost, samenet, names,
					   masks that are not prefixes */
	struct range	*r[2];		/* IPv4, IPv6: sorted by lo */
	unsigned char	(*maxhi[2])[16]; /* running maximum of hi */
	size_t		 n[2], cap[2];
};

/* IPv4 ranges leave bytes 4 to 15 zero, so 16 bytes compare either. */
static int
range_cmp(const void *a, const void *b)
{
	return memcmp(((const struct range *)a)->lo,
	    ((const struct range *)b)->lo, 16);
}

static void
line_range(const struct hba_line *hl, struct range *rg)
{
	int	 n = hl->family == 4 ? 4 : 16;

	memset(rg, 0, sizeof(*rg));
	for (int i = 0; i < n; i++) {
		rg->lo[i] = hl->addr[i] & hl->mask[i];
		rg->hi[i] = (unsigned char)(rg->lo[i] | ~hl->mask[i]);
	}
}

/* Does some replication line of u admit a connection l admits?  Where the
 * addresses cannot be compared (names, samenet), it assumes so. */
static int
repl_overlaps(const struct repl_user *u, const struct hba_line *l)
{
	struct range	 rg;
	size_t		 lo = 0, hi, f, len;

	if (u == NULL)
		return 0;
	if (l->conntype == HBA_LOCAL)
		return u->local > 0;
	if (u->other > 0)
		return 1;
	if (l->addr_kind != HBA_ADDR_IP || l->prefixlen < 0)
		return u->n[0] + u->n[1] > 0;
	f = l->family == 4 ? 0 : 1;
	len = f == 0 ? 4 : 16;
	line_range(l, &rg);
	/* the last range starting at or before l's end; ranges before it
	 * reach l when the furthest of their ends does */
	hi = u->n[f];
	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (memcmp(u->r[f][mid].lo, rg.hi, len) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && memcmp(u->maxhi[f][lo - 1], rg.lo, len) >= 0;
}

static int
looks_replication(const char *name, const char *repl_user)
{
	if (repl_user != NULL)
		return strcmp(name, repl_user) == 0;
	for (const char *p = name; *p != '\0'; p++)
		if (strncasecmp(p, "repl", 4) == 0)
			return 1;
	return 0;
}

/*
 * hba-replication-all: a line for database all whose user is the
 * replication user, when no replication line (before or after it) admits
 * that user from an address the line admits.
 */
void
check_hba_replication_all(struct check_ctx *cx, const struct rule *r)
{
	struct hmap	 users;
	int		 major = cx->hba->opts.major;

	(void)r;
	hmap_init(&users, cx->a);
	/* every replication line, by user key; all and regexes as "*" */
	for (const struct hba_line *hl = cx->hba->first; hl != NULL;
	    hl = hl->next) {
		int	 repl = 0;

		if (!usable(hl) || hl->method == AUTH_REJECT)
			continue;
		for (size_t i = 0; i < hl->ndb; i++)
			repl |= db_kind(&hl->db[i], major) == TK_REPLICATION;
		if (!repl)
			continue;
		for (size_t i = 0; i < hl->nuser; i++) {
			enum tok_kind	 k = user_kind(&hl->user[i], major);
			const char	*key = k == TK_REGEX ? "*" :
			    tok_key(cx->a, k, &hl->user[i]);
			struct repl_user **up;
			struct repl_user *u;
			size_t		 f;

			up = (struct repl_user **)hmap_slot(&users, key,
			    strlen(key), 1);
			if (*up == NULL)
				*up = arena_calloc(cx->a, 1, sizeof(**up));
			u = *up;
			if (hl->conntype == HBA_LOCAL) {
				u->local++;
				continue;
			}
			if (hl->addr_kind != HBA_ADDR_IP || hl->prefixlen < 0) {
				u->other++;
				continue;
			}
			f = hl->family == 4 ? 0 : 1;
			if (u->n[f] == u->cap[f]) {
				u->r[f] = arena_grow(cx->a, u->r[f], u->n[f],
				    u->cap[f] * 2 + 4, sizeof(*u->r[f]));
				u->cap[f] = u->cap[f] * 2 + 4;
			}
			line_range(hl, &u->r[f][u->n[f]++]);
		}
	}
	for (size_t i = 0; i < users.cap; i++) {
		struct repl_user	*u = users.v[i].val;

		if (users.v[i].key == NULL)
			continue;
		for (size_t f = 0; f < 2; f++) {
			if (u->n[f] == 0)
				continue;
			qsort(u->r[f], u->n[f], sizeof(*u->r[f]), range_cmp);
			u->maxhi[f] = arena_alloc(cx->a,
			    u->n[f] * sizeof(*u->maxhi[f]));
			for (size_t j = 0; j < u->n[f]; j++)
				memcpy(u->maxhi[f][j], j > 0 &&
				    memcmp(u->maxhi[f][j - 1], u->r[f][j].hi,
				    16) > 0 ? u->maxhi[f][j - 1] :
				    u->r[f][j].hi, 16);
		}
	}

	for (const struct hba_line *hl = cx->hba->first; hl != NULL;
	    hl = hl->next) {
		const struct hba_token	*all = NULL;
		struct repl_user	**up, *any;
		int			 repl = 0;

		if (!usable(hl) || hl->method == AUTH_REJECT)
			continue;
		for (size_t i = 0; i < hl->ndb; i++) {
			enum tok_kind	 k = db_kind(&hl->db[i], major);

			repl |= k == TK_REPLICATION;
			if (k == TK_ALL && all == NULL)
				all = &hl->db[i];
		}
		if (repl || all == NULL)
			continue;
		up = (struct repl_user **)hmap_slot(&users, "*", 1, 0);
		any = up != NULL ? *up : NULL;
		for (size_t i = 0; i < hl->nuser; i++) {
			enum tok_kind	 k = user_kind(&hl->user[i], major);
			const char	*key;

			if ((k != TK_NAME && k != TK_GROUP) ||
			    !looks_replication(hl->user[i].text +
			    (k == TK_GROUP), cx->repl_user) ||
			    (k == TK_GROUP && cx->repl_user != NULL))
				continue;
			key = tok_key(cx->a, k, &hl->user[i]);
			up = (struct repl_user **)hmap_slot(&users, key,
			    strlen(key), 0);
			if (repl_overlaps(any, hl) ||
			    repl_overlaps(up != NULL ? *up : NULL, hl))
				continue;
			if (hl->conntype == HBA_LOCAL)
				diag_rule(cx->d, RULE_HBA_REPLICATION_ALL,
				    &all->pos, "database \"all\" does not match "
				    "replication connections, and no "
				    "\"replication\" line admits \"%s\" over the "
				    "local socket", hl->user[i].text);
			else
				diag_rule(cx->d, RULE_HBA_REPLICATION_ALL,
				    &all->pos, "database \"all\" does not match "
				    "replication connections, and no "
				    "\"replication\" line admits \"%s\" from "
				    "\"%s\"", hl->user[i].text,
				    addr_shown(cx->a, hl));
			break;
		}
	}
}

/* Only the server's own host: 127.0.0.0/8 or narrower, ::1/128, samehost,
 * localhost. */
static int
loopback_only(const struct hba_line *hl)
{
	static const unsigned char	 v6lo[16] = { [15] = 1 };

	switch (hl->addr_kind) {
	case HBA_ADDR_SAMEHOST:
		return 1;
	case HBA_ADDR_HOSTNAME:
		return strcasecmp(hl->addr_text, "localhost") == 0;
	case HBA_ADDR_IP:
		if (hl->family == 4)
			return hl->mask[0] == 0xff && hl->addr[0] == 127;
		return hl->prefixlen == 128 && memcmp(hl->addr, v6lo, 16) == 0;
	default:
		return 0;
	}
}

/* hba-weak-auth: trust, password or md5 for connections from elsewhere. */
void
check_hba_weak_auth(struct check_ctx *cx, const struct rule *r)
{
	(void)r;
	for (const struct hba_line *hl = cx->hba->first; hl != NULL;
	    hl = hl->next) {
		const char	*a;
		struct pos	 mp;

		if (!usable(hl) || hl->conntype == HBA_LOCAL ||
		    (hl->method != AUTH_TRUST && hl->method != AUTH_PASSWORD &&
		    hl->method != AUTH_MD5) || loopback_only(hl))
			continue;
		a = addr_shown(cx->a, hl);
		mp = hba_line_pos(hl, hl->method_at);
		switch (hl->method) {
		case AUTH_TRUST:
			diag_rule(cx->d, RULE_HBA_WEAK_AUTH, &mp,
			    "trust admits anyone who can reach the server from "
			    "\"%s\", without a password", a);
			break;
		case AUTH_PASSWORD:
			diag_rule(cx->d, RULE_HBA_WEAK_AUTH, &mp,
			    hl->conntype == HBA_HOSTSSL ?
			    "password sends the password itself to the server "
			    "from \"%s\"; use scram-sha-256" :
			    "password sends the password in clear text from "
			    "\"%s\"; use scram-sha-256", a);
			break;
		case AUTH_MD5:
			if (cx->major >= 18)
				diag_rule(cx->d, RULE_HBA_WEAK_AUTH,
				    &mp, "md5 from \"%s\": MD5 "
				    "password support is deprecated; use "
				    "scram-sha-256, the default since "
				    "PostgreSQL 14", a);
			else
				diag_rule(cx->d, RULE_HBA_WEAK_AUTH,
				    &mp, "md5 from \"%s\": use "
				    "scram-sha-256, the default since "
				    "PostgreSQL 14", a);
			break;
		default:
			break;
		}
	}
}

/* hba-replication-everywhere: replication from any address, or by trust. */
void
check_hba_replication_everywhere(struct check_ctx *cx, const struct rule *r)
{
	int	 major = cx->hba->opts.major;

	(void)r;
	for (const struct hba_line *hl = cx->hba->first; hl != NULL;
	    hl = hl->next) {
		int		 repl = 0, everywhere, trust;
		struct pos	 ap, mp;

		if (!usable(hl) || hl->method == AUTH_REJECT)
			continue;
		for (size_t i = 0; i < hl->ndb; i++)
			repl |= db_kind(&hl->db[i], major) == TK_REPLICATION;
		if (!repl)
			continue;
		everywhere = hl->conntype != HBA_LOCAL &&
		    (hl->addr_kind == HBA_ADDR_ALL ||
		    (hl->addr_kind == HBA_ADDR_IP && hl->prefixlen == 0));
		trust = hl->method == AUTH_TRUST;
		ap = hba_line_pos(hl, hl->addr_at);
		mp = hba_line_pos(hl, hl->method_at);
		if (everywhere)
			diag_rule(cx->d, RULE_HBA_REPLICATION_EVERYWHERE,
			    &ap, "replication connections are "
			    "allowed from every address (\"%s\")%s",
			    addr_shown(cx->a, hl), trust ? ", with trust: "
			    "anyone who reaches the port can copy the whole "
			    "cluster" : "");
		else if (trust && hl->conntype == HBA_LOCAL)
			diag_rule(cx->d, RULE_HBA_REPLICATION_EVERYWHERE,
			    &mp, "replication connections with "
			    "trust: any local user can copy the whole cluster "
			    "without a password");
		else if (trust)
			diag_rule(cx->d, RULE_HBA_REPLICATION_EVERYWHERE,
			    &mp, "replication connections with "
			    "trust: anyone who can connect from \"%s\" can "
			    "copy the whole cluster without a password",
			    addr_shown(cx->a, hl));
	}
}

enum tri {
	TRI_NO,
	TRI_MAYBE,
	TRI_YES
};

/* One way in for a local superuser: a connection kind (CONN_LOCAL, or a
 * TCP kind from 127.0.0.1 or ::1) to a database. */
struct route {
	unsigned	 conn;
	int		 family;		/* TCP: 4 or 6 */
	unsigned char	 addr[16];
	const char	*db;
};

/*
 * Does hl match a connection of the superuser "postgres" by this route?
 * MAYBE where the answer depends on what the file does not say: role
 * membership, regular expressions, host name lookups.
 */
static enum tri
route_match(const struct hba_line *hl, const struct route *rt, int major)
{
	enum tri	 db = TRI_NO, user = TRI_NO, addr = TRI_YES;

	if (!(conn_set(hl->conntype) & rt->conn))
		return TRI_NO;
	if (rt->conn != CONN_LOCAL) {
		switch (hl->addr_kind) {
		case HBA_ADDR_ALL:
		case HBA_ADDR_SAMEHOST:		/* the loopback interface */
		case HBA_ADDR_SAMENET:
			break;
		case HBA_ADDR_IP:
			if (hl->family != rt->family)
				return TRI_NO;
			for (int i = 0; i < 16; i++)
				if ((hl->addr[i] ^ rt->addr[i]) & hl->mask[i])
					return TRI_NO;
			break;
		default:
			addr = TRI_MAYBE;
			break;
		}
	}
	for (size_t i = 0; i < hl->ndb && db != TRI_YES; i++) {
		const struct hba_token	*t = &hl->db[i];

		switch (db_kind(t, major)) {
		case TK_ALL:
			db = TRI_YES;
			break;
		case TK_SAMEUSER:
			/* a role is a member of itself */
		case TK_SAMEROLE:
			if (strcmp(rt->db, "postgres") == 0)
				db = TRI_YES;
			else if (db_kind(t, major) == TK_SAMEROLE)
				db = TRI_MAYBE;
			break;
		case TK_NAME:
			if (strcmp(t->text, rt->db) == 0)
				db = TRI_YES;
			break;
		case TK_REGEX:
			db = TRI_MAYBE;
			break;
		default:
			break;
		}
	}
	for (size_t i = 0; i < hl->nuser && user != TRI_YES; i++) {
		const struct hba_token	*t = &hl->user[i];

		switch (user_kind(t, major)) {
		case TK_ALL:
			user = TRI_YES;
			break;
		case TK_NAME:
			if (strcmp(t->text, "postgres") == 0)
				user = TRI_YES;
			break;
		default:
			user = TRI_MAYBE;
			break;
		}
	}
	if (db == TRI_NO || user == TRI_NO || addr == TRI_NO)
		return TRI_NO;
	if (db == TRI_MAYBE || user == TRI_MAYBE || addr == TRI_MAYBE)
		return TRI_MAYBE;
	return TRI_YES;
}

/*
 * hba-no-local-superuser: walk the file as check_hba() would for the
 * superuser connecting from the server's host (the socket, or TCP from
 * 127.0.0.1 or ::1, plain, with SSL or with GSSAPI, to postgres or
 * template1).  When the first line that matches rejects, or none matches,
 * for every one of these, the next reload locks the superuser out.
 */
void
check_hba_no_local_superuser(struct check_ctx *cx, const struct rule *r)
{
	static const unsigned	 conns[] = { CONN_PLAIN, CONN_SSL, CONN_GSS };
	static const char *const dbs[] = { "postgres", "template1" };
	struct route		 rt;
	struct pos		 p;
	int			 major = cx->hba->opts.major;

	(void)r;
	/* a file the server refuses is not loaded: nothing changes */
	for (const struct hba_line *hl = cx->hba->first; hl != NULL &&
	    cx->hba->nerrors > 0; hl = hl->next)
		if (hl->error != NULL && !hl->error_loads)
			return;
	for (int k = 0; k < 7; k++) {
		memset(&rt, 0, sizeof(rt));
		if (k == 0)
			rt.conn = CONN_LOCAL;
		else {
			rt.conn = conns[(k - 1) % 3];
			rt.family = k <= 3 ? 4 : 6;
			if (rt.family == 4) {
				rt.addr[0] = 127;
				rt.addr[3] = 1;
			} else
				rt.addr[15] = 1;
		}
		for (size_t d = 0; d < 2; d++) {
			enum tri	 m = TRI_NO;

			rt.db = dbs[d];
			for (const struct hba_line *hl = cx->hba->first;
			    hl != NULL; hl = hl->next) {
				/* lines with a loading error never match */
				if (!usable(hl) || hl->error != NULL)
					continue;
				if ((m = route_match(hl, &rt, major)) == TRI_NO)
					continue;
				if (m == TRI_YES && hl->method == AUTH_REJECT)
					m = TRI_NO;
				break;
			}
			if (m != TRI_NO)
				return;
		}
	}
	p.file = cx->hba->path;
	p.line = 0;
	p.col = 0;
	diag_rule(cx->d, RULE_HBA_NO_LOCAL_SUPERUSER, &p, "no line lets the "
	    "superuser \"postgres\" connect from the server itself: after the "
	    "next reload nobody can connect over the local socket or from "
	    "127.0.0.1 or ::1 to repair this file");
}

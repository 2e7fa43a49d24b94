/*
 * Expert rules on pg_hba.conf: what the server accepts but an expert would
 * not.  They see the lines of hba_parse.c one at a time, as they are read
 * (rule.h), after the parser has reported what the server refuses, so every
 * finding here is a warning; what a rule needs of earlier lines, it keeps
 * in its state (hba-shadowed: an index of them).  Matching follows
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
#include "xmalloc.h"

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

/*
 * Where a line is filed: its connection type, a database and a user key
 * number, and a place.  The places are every address (and local lines),
 * samehost, samenet, a host name, an IP network (family, prefix length,
 * network) and, searched one by one, masks that are not a prefix.
 */
enum place {
	PL_ALL,
	PL_SAMEHOST,
	PL_SAMENET,
	PL_NAME,
	PL_ODD4,
	PL_ODD6,
	PL_IP
};

/*
 * Lists of lines by the hash of their whole key, open addressing, one
 * table for the file: a lookup is one probe, wherever the line is.  The
 * table keeps no keys: lines of keys whose hashes collide share a list,
 * and every candidate is verified in full anyway.
 */
struct gent {
	uint32_t	 h;
	uint32_t	 head;		/* the list: a candidate number, 0 for
					   an empty slot */
};

struct gmap {
	struct gent	*v;
	size_t		 cap, n;
};

#define KLASS_FEW	8

/*
 * What the keys of a class have been filed under: the places, and the
 * prefix lengths of IP networks, per family.  A class is a connection type
 * with a database key that is all or not, and a user key that is all,
 * "?" (wide lines) or neither; a lookup probes only what its classes have.
 */
struct klass {
	unsigned	 places;	/* bit (1 << enum place) */
	uint64_t	 lens4;		/* bit q: a line for some /q */
	uint64_t	 lens6[3];	/* bits 0 to 128 */
	/*
	 * While a class has few entries (as classes of all do), they are
	 * tried one by one: a few lines read in the cache cost less than
	 * probes of the table at random places.
	 */
	uint32_t	 few[KLASS_FEW];	/* candidate numbers */
	unsigned	 nfew;		/* KLASS_FEW + 1: too many */
};

/*
 * What the index keeps of a line that may shadow later ones: what decides
 * whether it covers a line, with its tokens as key numbers, and its place.
 * The lines themselves are gone once read.
 */
struct sline {
	const char	*file;
	const uint32_t	*db;		/* key numbers: databases, users */
	union {
		const char	*name;	/* HBA_ADDR_HOSTNAME */
		const unsigned char *mask; /* HBA_ADDR_IP: 16 bytes */
	} u;
	unsigned	 line;
	uint16_t	 ndb, nuser;
	uint8_t		 conntype;	/* enum hba_conntype */
	uint8_t		 addr_kind;	/* enum hba_addr_kind */
	uint8_t		 family;
	int16_t		 prefixlen;
	unsigned char	 addr[16];
	uint32_t	 one[2];	/* the keys of a line with one each */
};

/* What a lookup reads of the line looked up. */
struct query {
	const uint32_t		*keys;		/* databases, then users */
	unsigned		 ndb, nuser;
	uint8_t			 conntype;	/* enum hba_conntype */
	uint8_t			 addr_kind;	/* enum hba_addr_kind */
	uint8_t			 family;
	int16_t			 prefixlen;	/* -1: not a prefix */
	const unsigned char	*addr, *mask;	/* HBA_ADDR_IP: 16 bytes each */
	const char		*addr_text;	/* HBA_ADDR_HOSTNAME */
};

/*
 * An entry of a list: a line, under one of its key pairs.  Lists are in
 * file order, of numbers in struct shadow's cands, from 1 (0 ends a list).
 * Candidates are numbered in the order they are filed, which is file
 * order, so the smaller number is the earlier line.
 */
struct cand {
	const struct sline	*e;
	uint32_t		 next;
	uint32_t		 tail;		/* the head of a list: its last */
};

/*
 * The index of check_hba_shadowed(): the lines it files in an arena of its
 * own, its two tables on the heap, where they double as they fill and
 * leave no old copy behind; all of it goes when the file is done.
 */
struct shadow {
	struct arena		*a;
	int			 major;
	struct gmap		 places;	/* every key filed */
	/* by connection type, [d * 3 + u]: d 1 for database all, u 1
	   for user all and 2 for "?" */
	struct klass		 cls[HBA_HOSTNOGSSENC + 1][6];
	unsigned		 live[HBA_HOSTNOGSSENC + 1]; /* bit d * 3 + u:
						   cls[c][d * 3 + u] has lines */
	struct cand		*cands;		/* [0] unused */
	size_t			 ncands, capcands;
	uint32_t		*lk;		/* the line's keys: databases,
						   then users */
	size_t			 caplk;
	uint32_t		 all_id, any_id, repl_id; /* all, "?", replication */
	uint64_t		 netmask[129][2];	/* /q as two words */
	unsigned char		 maskbytes[129][16];	/* and as bytes */
	/* by connection type: the types whose lines match all its own */
	enum hba_conntype	 cover[HBA_HOSTNOGSSENC + 1][6];
	size_t			 ncover[HBA_HOSTNOGSSENC + 1];
};

/* Lines whose database x user product exceeds this are indexed by
 * database only, under the user key "?", and verified one by one. */
#define WIDE_PRODUCT	64
/* "?": a key no token has (a keyword number hba_parse.c does not use). */
#define KEY_ANY		(15u << 2)

static int		 usable(const struct hba_line *);
static struct shadow	*shadow_of(struct check_ctx *);
static void		 report_shadowed(struct check_ctx *,
			    const struct sline *, const struct pos *,
			    const char *);
static int		 repl_candidate(struct check_ctx *,
			    const struct hba_token *);
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
static uint32_t		*gmap_get(struct shadow *, uint64_t, int);
static void		 gmap_grow(struct shadow *);
static int		 addr_covers(const struct sline *,
			    const struct query *);
static int		 line_covers(const struct shadow *,
			    const struct sline *, const struct query *);
static uint64_t		 pair_hash(unsigned, uint32_t, uint32_t);
static uint64_t		 place_hash(uint64_t, enum place, uint64_t);
static struct klass	*klass_of(struct shadow *, unsigned, uint32_t,
			    uint32_t);
static uint64_t		 ip_hash(const struct shadow *, uint64_t, int, int,
			    const unsigned char *);
static uint64_t		 name_key(const char *);
static int		 indexed(const struct hba_line *);
static void		 clist_add(struct shadow *, uint32_t *,
			    const struct sline *);
static struct shadow	*shadow_new(int);
static void		 query_of(struct shadow *, const struct hba_line *,
			    struct query *);
static void		 shadow_insert(struct shadow *, const struct query *,
			    const char *, unsigned);
static uint32_t		 shadow_find(struct shadow *, const struct query *);
static uint32_t		 best_in(struct shadow *, const uint32_t *,
			    uint32_t, const struct query *);
static uint32_t		 few_best(struct shadow *, const struct klass *,
			    uint32_t, const struct query *);
static uint32_t		 pair_best(struct shadow *, const struct klass *,
			    unsigned, uint32_t, uint32_t, uint32_t,
			    const struct query *);

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
	static const unsigned	 set[] = {
		[HBA_CONN_NONE] = 0,
		[HBA_LOCAL] = CONN_LOCAL,
		[HBA_HOST] = CONN_TCP,
		[HBA_HOSTSSL] = CONN_SSL,
		[HBA_HOSTNOSSL] = CONN_GSS | CONN_PLAIN,
		[HBA_HOSTGSSENC] = CONN_GSS,
		[HBA_HOSTNOGSSENC] = CONN_SSL | CONN_PLAIN
	};

	return (unsigned)t < sizeof(set) / sizeof(set[0]) ? set[t] : 0;
}

/* hba.c check_db(), by the key hba_parse.c gave the token. */
static enum tok_kind
db_kind(const struct hba_token *t, int major)
{
	(void)major;
	switch (t->key) {
	case HBA_KEY_ALL:
		return TK_ALL;
	case HBA_KEY_REPLICATION:
		return TK_REPLICATION;
	case HBA_KEY_SAMEUSER:
		return TK_SAMEUSER;
	case HBA_KEY_SAMEROLE:
		return TK_SAMEROLE;
	default:
		return HBA_KEY_KIND(t->key) == HBA_KIND_REGEX ? TK_REGEX :
		    TK_NAME;
	}
}

/* hba.c check_role(), likewise. */
static enum tok_kind
user_kind(const struct hba_token *t, int major)
{
	(void)major;
	if (t->key == HBA_KEY_ALL)
		return TK_ALL;
	switch (HBA_KEY_KIND(t->key)) {
	case HBA_KIND_GROUP:
		return TK_GROUP;
	case HBA_KIND_REGEX:
		return TK_REGEX;
	default:
		return TK_NAME;
	}
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
 * The list of key hash h in s->places, or NULL when absent and create is
 * 0.  The table doubles when half full.
 */
static uint32_t *
gmap_get(struct shadow *s, uint64_t h64, int create)
{
	struct gmap	*m = &s->places;
	uint32_t	 h = (uint32_t)(h64 >> 32);
	size_t		 i;

	if (create && (m->n + 1) * 2 > m->cap)
		gmap_grow(s);
	for (i = h & (m->cap - 1); m->v[i].head != 0;
	    i = (i + 1) & (m->cap - 1))
		if (m->v[i].h == h)
			return &m->v[i].head;
	if (!create)
		return NULL;
	/* the caller files a line there at once: the slot is taken */
	m->v[i].h = h;
	m->n++;
	return &m->v[i].head;
}

/* Twice the slots of s->places, the entries placed again. */
static void
gmap_grow(struct shadow *s)
{
	struct gmap	*m = &s->places;
	struct gent	*old = m->v;
	size_t		 ocap = m->cap, i;

	m->cap *= 2;
	m->v = xcalloc(m->cap, sizeof(*m->v));
	for (size_t j = 0; j < ocap; j++) {
		if (old[j].head == 0)
			continue;
		for (i = old[j].h & (m->cap - 1); m->v[i].head != 0;
		    i = (i + 1) & (m->cap - 1))
			continue;
		m->v[i] = old[j];
	}
	free(old);
}

/*
 * Does every client address l admits fall within e's?  Local lines have
 * no address.  hba.c check_ip() compares only within a family; a host name
 * matches by forward and reverse lookup, a .suffix by the name's end
 * (hostname_match(), case-insensitive); samehost is one of the server's
 * addresses, each of which is in the server's own subnets (samenet).
 */
static int
addr_covers(const struct sline *e, const struct query *l)
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
		if (strcasecmp(e->u.name, l->addr_text) == 0)
			return 1;
		el = strlen(e->u.name);
		ll = strlen(l->addr_text);
		return e->u.name[0] == '.' && ll > el &&
		    strcasecmp(l->addr_text + ll - el, e->u.name) == 0;
	case HBA_ADDR_IP:
		if (e->addr_kind != HBA_ADDR_IP || e->family != l->family)
			return 0;
		/*
		 * l's set lies in e's when e's mask bits are all fixed in l
		 * and both agree on them (IPv4 leaves bytes 4 to 15 zero).
		 */
		for (int i = 0; i < 16; i += 8) {
			uint64_t	 em, lm, ea, la;

			memcpy(&em, e->u.mask + i, 8);
			memcpy(&lm, l->mask + i, 8);
			memcpy(&ea, e->addr + i, 8);
			memcpy(&la, l->addr + i, 8);
			if ((em & ~lm) != 0 || ((ea ^ la) & em) != 0)
				return 0;
		}
		return 1;
	default:
		return 0;
	}
}

/*
 * Does e match every connection l matches?  Tokens compare by key number:
 * equal keys match the same names, all matches every database but
 * replication and every user.
 */
static int
line_covers(const struct shadow *s, const struct sline *e,
    const struct query *l)
{
	const uint32_t	*lk = l->keys;
	size_t		 i, j;

	if ((conn_set(e->conntype) & conn_set(l->conntype)) !=
	    conn_set(l->conntype))
		return 0;
	/* the address first: it tells most lines apart */
	if (!addr_covers(e, l))
		return 0;
	for (i = 0; i < l->ndb; i++) {
		for (j = 0; j < e->ndb; j++)
			if (e->db[j] == lk[i] || (e->db[j] == s->all_id &&
			    lk[i] != s->repl_id))
				break;
		if (j == e->ndb)
			return 0;
	}
	lk += l->ndb;
	for (i = 0; i < l->nuser; i++) {
		for (j = 0; j < e->nuser; j++)
			if (e->db[e->ndb + j] == lk[i] ||
			    e->db[e->ndb + j] == s->all_id)
				break;
		if (j == e->nuser)
			return 0;
	}
	return 1;
}

/* The hash of a connection type and database and user key numbers. */
static uint64_t
pair_hash(unsigned c, uint32_t db, uint32_t user)
{
	return mix(((uint64_t)db << 32 | user) +
	    (uint64_t)c * 0x9e3779b97f4a7c15ull);
}

/* The hash of a key: its pair's, a place and what tells places apart. */
static uint64_t
place_hash(uint64_t pair, enum place p, uint64_t where)
{
	return mix(pair ^ mix(where + (uint64_t)p * 0xc2b2ae3d27d4eb4full));
}

/* The class of a connection type and database and user key numbers. */
static struct klass *
klass_of(struct shadow *s, unsigned c, uint32_t db, uint32_t user)
{
	return &s->cls[c][(db == s->all_id) * 3 + (user == s->all_id ? 1 :
	    user == s->any_id ? 2 : 0)];
}

/* Line e at the end of the list at *head, as a new candidate. */
static void
clist_add(struct shadow *s, uint32_t *head, const struct sline *e)
{
	uint32_t	 c;

	if (s->ncands == s->capcands) {
		s->cands = xreallocarray(s->cands, s->capcands * 2,
		    sizeof(*s->cands));
		s->capcands *= 2;
	}
	c = (uint32_t)s->ncands++;
	s->cands[c].e = e;
	s->cands[c].next = 0;
	if (*head != 0) {
		s->cands[s->cands[*head].tail].next = c;
		s->cands[*head].tail = c;
	} else {
		*head = c;
		s->cands[c].tail = c;
	}
}

/*
 * The hash of an IP network's key: the pair's hash, the family, the
 * prefix length q and the network, the address under s->netmask[q].
 */
static uint64_t
ip_hash(const struct shadow *s, uint64_t pair, int fam, int q,
    const unsigned char *addr)
{
	uint64_t	 w0, w1;

	memcpy(&w0, addr, sizeof(w0));
	memcpy(&w1, addr + 8, sizeof(w1));
	w0 &= s->netmask[q][0];
	w1 &= s->netmask[q][1];
	return mix(pair ^ w0 * 0x9e3779b97f4a7c15ull ^
	    (w1 ^ ((uint64_t)fam << 8 | (uint64_t)q)) * 0xc2b2ae3d27d4eb4full);
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

/* The query of line l, its keys in s->lk. */
static void
query_of(struct shadow *s, const struct hba_line *l, struct query *q)
{
	size_t	 n = (size_t)l->ndb + l->nuser;

	if (n > s->caplk) {
		s->caplk = n > 2 * s->caplk ? n : 2 * s->caplk;
		free(s->lk);
		s->lk = xreallocarray(NULL, s->caplk, sizeof(*s->lk));
	}
	for (size_t i = 0; i < l->ndb; i++)
		s->lk[i] = l->db[i].key;
	for (size_t i = 0; i < l->nuser; i++)
		s->lk[l->ndb + i] = l->user[i].key;
	q->keys = s->lk;
	q->ndb = l->ndb;
	q->nuser = l->nuser;
	q->conntype = (uint8_t)l->conntype;
	q->addr_kind = (uint8_t)l->addr_kind;
	q->family = (uint8_t)l->family;
	q->prefixlen = (int16_t)l->prefixlen;
	q->addr = l->addr;
	q->mask = l->mask;
	q->addr_text = l->addr_text;
}

/*
 * File line l (line no of file) as one that may shadow later ones, under
 * each key pair.
 */
static void
shadow_insert(struct shadow *s, const struct query *l, const char *file,
    unsigned no)
{
	struct sline	*e;
	uint32_t	*keys;
	int		 wide = (size_t)l->ndb * l->nuser > WIDE_PRODUCT;

	e = arena_alloc(s->a, sizeof(*e));
	e->file = file;
	e->line = no;
	e->ndb = (uint16_t)l->ndb;
	e->nuser = (uint16_t)l->nuser;
	e->conntype = (uint8_t)l->conntype;
	e->addr_kind = (uint8_t)l->addr_kind;
	e->family = (uint8_t)l->family;
	e->prefixlen = (int16_t)l->prefixlen;
	memcpy(e->addr, l->addr, sizeof(e->addr));
	if (l->addr_kind == HBA_ADDR_HOSTNAME)
		e->u.name = l->addr_text;
	else if (l->addr_kind != HBA_ADDR_IP)
		e->u.name = NULL;
	else if (l->prefixlen >= 0)
		e->u.mask = s->maskbytes[l->prefixlen];
	else
		e->u.mask = memcpy(arena_alloc(s->a, 16), l->mask, 16);
	if (l->ndb == 1 && l->nuser == 1)
		keys = e->one;
	else
		keys = arena_alloc(s->a, ((size_t)l->ndb + l->nuser) *
		    sizeof(*keys));
	memcpy(keys, l->keys, ((size_t)l->ndb + l->nuser) * sizeof(*keys));
	e->db = keys;

	for (size_t i = 0; i < e->ndb; i++) {
		for (size_t j = 0; j < (wide ? 1 : e->nuser); j++) {
			uint32_t	 uk = wide ? s->any_id :
			    e->db[e->ndb + j];
			uint64_t	 pair, where = 0;
			struct klass	*k;
			enum place	 p;

			pair = pair_hash(e->conntype, e->db[i], uk);
			k = klass_of(s, e->conntype, e->db[i], uk);
			s->live[e->conntype] |= 1u <<
			    (k - s->cls[e->conntype]);
			if (e->conntype == HBA_LOCAL ||
			    e->addr_kind == HBA_ADDR_ALL)
				p = PL_ALL;
			else if (e->addr_kind == HBA_ADDR_SAMEHOST)
				p = PL_SAMEHOST;
			else if (e->addr_kind == HBA_ADDR_SAMENET)
				p = PL_SAMENET;
			else if (e->addr_kind == HBA_ADDR_HOSTNAME) {
				p = PL_NAME;
				where = name_key(e->u.name);
			} else if (e->addr_kind != HBA_ADDR_IP)
				continue;
			else if (e->prefixlen < 0)
				p = e->family == 4 ? PL_ODD4 : PL_ODD6;
			else {
				p = PL_IP;
				where = ip_hash(s, pair, e->family,
				    e->prefixlen, e->addr);
				if (e->family == 4)
					k->lens4 |= 1ull << e->prefixlen;
				else
					k->lens6[e->prefixlen / 64] |=
					    1ull << (e->prefixlen % 64);
			}
			k->places |= 1u << p;
			clist_add(s, gmap_get(s, p == PL_IP ? where :
			    place_hash(pair, p, where), 1), e);
			if (k->nfew < KLASS_FEW)
				k->few[k->nfew++] = (uint32_t)s->ncands - 1;
			else
				k->nfew = KLASS_FEW + 1;
		}
	}
}

/*
 * The earlier of best and the first line of the list at head (NULL: none)
 * that covers l (candidate numbers, 0 for none).
 */
static uint32_t
best_in(struct shadow *s, const uint32_t *head, uint32_t best,
    const struct query *l)
{
	for (uint32_t c = head != NULL ? *head : 0; c != 0;
	    c = s->cands[c].next) {
		if (best != 0 && c >= best)
			break;
		if (line_covers(s, s->cands[c].e, l))
			return c;
	}
	return best;
}

/*
 * The earlier of best and the first line filed under connection type c,
 * database key db and user key u (of class k) that covers l: the places l
 * may fall in, where the class has lines, one probe each.
 */
static uint32_t
pair_best(struct shadow *s, const struct klass *k, unsigned c, uint32_t db,
    uint32_t u, uint32_t best, const struct query *l)
{
	uint64_t		 pair, w;
	int			 p;

	/* one by one: whatever the pair, a line that covers does */
	if (k->nfew <= KLASS_FEW)
		return few_best(s, k, best, l);
	pair = pair_hash(c, db, u);
	if (k->places & (1u << PL_ALL))
		best = best_in(s, gmap_get(s, place_hash(pair, PL_ALL, 0), 0),
		    best, l);
	if (l->conntype == HBA_LOCAL)
		return best;
	switch (l->addr_kind) {
	case HBA_ADDR_SAMEHOST:
		if (k->places & (1u << PL_SAMEHOST))
			best = best_in(s, gmap_get(s, place_hash(pair,
			    PL_SAMEHOST, 0), 0), best, l);
		/* FALLTHROUGH */
	case HBA_ADDR_SAMENET:
		if (k->places & (1u << PL_SAMENET))
			best = best_in(s, gmap_get(s, place_hash(pair,
			    PL_SAMENET, 0), 0), best, l);
		return best;
	case HBA_ADDR_HOSTNAME:
		if (!(k->places & (1u << PL_NAME)))
			return best;
		/* the name itself, then each .suffix of it */
		for (const char *n = l->addr_text; n != NULL && *n != '\0';
		    n = strchr(n + 1, '.'))
			best = best_in(s, gmap_get(s, place_hash(pair, PL_NAME,
			    name_key(n)), 0), best, l);
		return best;
	case HBA_ADDR_IP:
		if (k->places & (1u << (l->family == 4 ? PL_ODD4 : PL_ODD6)))
			best = best_in(s, gmap_get(s, place_hash(pair,
			    l->family == 4 ? PL_ODD4 : PL_ODD6, 0), 0), best,
			    l);
		/*
		 * A line for /q covers l when q <= l's fixed leading bits:
		 * the prefix lengths with lines, up to p, one word at a time.
		 */
		p = l->prefixlen >= 0 ? l->prefixlen :
		    leading_ones(l->family, l->mask);
		for (int j = 0; j * 64 <= p; j++) {
			w = l->family == 4 ? (j == 0 ? k->lens4 : 0) :
			    k->lens6[j];
			if (p - j * 64 < 63)
				w &= (2ull << (p - j * 64)) - 1;
			while (w != 0) {
				int	 q = j * 64 + lowest_bit(w);

				w &= w - 1;
				best = best_in(s, gmap_get(s, ip_hash(s, pair,
				    l->family, q, l->addr), 0), best, l);
			}
		}
		return best;
	default:
		return best;
	}
}

/*
 * The earliest indexed line that covers l (a candidate number), or 0.  An
 * earlier
 * line that covers l holds l's first database token or a token covering
 * it, and the same for users, so the buckets of those key pairs (and the
 * "?" buckets of wide lines) hold every candidate; each is verified in
 * full.
 */
static uint32_t
shadow_find(struct shadow *s, const struct query *l)
{
	uint32_t	 dk = l->keys[0], uk = l->keys[l->ndb], best = 0;
	uint32_t	 us[3] = { uk, s->all_id, s->any_id };

	for (size_t t = 0; t < s->ncover[l->conntype]; t++) {
		unsigned	 c = s->cover[l->conntype][t];
		unsigned	 live = s->live[c];

		if (live == 0)
			continue;
		/* all does not cover replication; a key of all is all's */
		for (unsigned d = dk == s->all_id; d <= (dk != s->repl_id);
		    d++)
			for (unsigned u = uk == s->all_id; u < 3; u++)
				if (live & (1u << (d * 3 + u)))
					best = pair_best(s, &s->cls[c][d * 3 + u], c,
					    d ? s->all_id : dk, us[u], best, l);
	}
	return best;
}

/* Lines that may shadow others and be shadowed: those the server loads. */
static int
indexed(const struct hba_line *l)
{
	return usable(l) && l->error == NULL && l->ndb > 0 && l->nuser > 0;
}

/* The candidates of class k, one by one (it has few): the earlier of best
 * and the first that covers l. */
static uint32_t
few_best(struct shadow *s, const struct klass *k, uint32_t best,
    const struct query *l)
{
	for (unsigned i = 0; i < k->nfew; i++) {
		uint32_t		 cn = k->few[i];

		if (best != 0 && cn >= best)
			break;
		if (line_covers(s, s->cands[cn].e, l))
			return cn;
	}
	return best;
}

/* The index, empty. */
static struct shadow *
shadow_new(int major)
{
	struct arena			*a = arena_new();
	struct shadow			*s;

	s = arena_calloc(a, 1, sizeof(*s));
	s->a = a;
	s->major = major;
	s->places.cap = 1024;
	s->places.v = xcalloc(s->places.cap, sizeof(*s->places.v));
	s->capcands = 1024;
	s->cands = xreallocarray(NULL, s->capcands, sizeof(*s->cands));
	s->ncands = 1;
	s->caplk = 16;
	s->lk = xreallocarray(NULL, s->caplk, sizeof(*s->lk));
	s->all_id = HBA_KEY_ALL;
	s->any_id = KEY_ANY;
	s->repl_id = HBA_KEY_REPLICATION;
	for (int q = 0; q <= 128; q++) {
		unsigned char	 m[16];

		memset(m, 0, sizeof(m));
		memset(m, 0xff, (size_t)q / 8);
		if (q % 8 != 0)
			m[q / 8] = (unsigned char)(0xff00u >> (q % 8));
		memcpy(&s->netmask[q][0], m, 8);
		memcpy(&s->netmask[q][1], m + 8, 8);
		memcpy(s->maskbytes[q], m, 16);
	}
	for (int t = HBA_LOCAL; t <= HBA_HOSTNOGSSENC; t++) {
		unsigned	 tc = conn_set((enum hba_conntype)t);

		for (int e = HBA_LOCAL; e <= HBA_HOSTNOGSSENC; e++)
			if ((conn_set((enum hba_conntype)e) & tc) == tc)
				s->cover[t][s->ncover[t]++] =
				    (enum hba_conntype)e;
	}
	return s;
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
 * databases or users have such).  The index keeps a compact copy of each
 * line it files (struct sline), so memory is O(input), freed at the end
 * of the file.  A shadowed line is never indexed: whatever it covers, the
 * line shadowing it covers too, so duplicate lines cost nothing.
 */
void
check_hba_shadowed(struct check_ctx *cx, const struct rule *r)
{
	struct shadow		*s = cx->state[r - rules];
	const struct hba_line	*l = cx->hl;
	struct query		 q;
	struct pos		 at;
	uint32_t		 c;

	if (l == NULL) {
		/* the end of the file */
		if (s != NULL) {
			free(s->lk);
			free(s->cands);
			free(s->places.v);
			arena_free(s->a);
			cx->state[r - rules] = NULL;
		}
		return;
	}
	/* a line with a loading error never matches: skip both ways */
	if (!indexed(l) || (s = shadow_of(cx)) == NULL)
		return;
	query_of(s, l, &q);
	if ((c = shadow_find(s, &q)) == 0) {
		shadow_insert(s, &q, l->pos.file, l->pos.line);
		return;
	}
	at = hba_line_pos(l, l->type_at);
	report_shadowed(cx, s->cands[c].e, &at, l->pos.file);
}

/*
 * hba-shadowed's index for a line to be looked up in, made on first use;
 * NULL once it holds as many candidates as their 32-bit numbers allow.
 */
static struct shadow *
shadow_of(struct check_ctx *cx)
{
	struct shadow	*s = cx->state[RULE_HBA_SHADOWED];

	if (s == NULL)
		cx->state[RULE_HBA_SHADOWED] = s = shadow_new(cx->major);
	/* two keys per pair at most */
	return s->ncands > UINT32_MAX / 4 - WIDE_PRODUCT ? NULL : s;
}

/* The finding on a line of file at at, which candidate e covers. */
static void
report_shadowed(struct check_ctx *cx, const struct sline *e,
    const struct pos *at, const char *file)
{
	if (e->file != NULL && file != NULL && strcmp(e->file, file) != 0)
		diag_rule(cx->d, RULE_HBA_SHADOWED, at,
		    "line %u of \"%s\" matches every connection this "
		    "line matches, so this line never applies",
		    e->line, e->file);
	else
		diag_rule(cx->d, RULE_HBA_SHADOWED, at,
		    "line %u matches every connection this line "
		    "matches, so this line never applies", e->line);
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

/* hba-replication-all's state. */
struct repl_all {
	struct hmap		 users;		/* struct repl_user by key */
	struct hba_line		**held;		/* lines for database all */
	size_t			 nheld, capheld;
};

/* File the ranges of replication line hl under its users' keys. */
static void
repl_file(struct check_ctx *cx, struct repl_all *ra, const struct hba_line *hl)
{
	for (size_t i = 0; i < hl->nuser; i++) {
		enum tok_kind	 k = user_kind(&hl->user[i], cx->major);
		const char	*key = k == TK_REGEX ? "*" :
		    tok_key(cx->a, k, &hl->user[i]);
		struct repl_user **up;
		struct repl_user *u;
		size_t		 f;

		up = (struct repl_user **)hmap_slot(&ra->users, key,
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

/* A user of hl the rule is about: the replication user, or one like it. */
static int
repl_candidate(struct check_ctx *cx, const struct hba_token *t)
{
	enum tok_kind	 k = user_kind(t, cx->major);

	return (k == TK_NAME || k == TK_GROUP) &&
	    looks_replication(t->text + (k == TK_GROUP), cx->repl_user) &&
	    !(k == TK_GROUP && cx->repl_user != NULL);
}

/* The end of the file: each line held, against every replication line. */
static void
repl_judge(struct check_ctx *cx, struct repl_all *ra)
{
	struct hmap	*users = &ra->users;

	for (size_t i = 0; i < users->cap; i++) {
		struct repl_user	*u = users->v[i].val;

		if (users->v[i].key == NULL)
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
	for (size_t h = 0; h < ra->nheld; h++) {
		const struct hba_line	*hl = ra->held[h];
		const struct hba_token	*all = NULL;
		struct repl_user	**up, *any;

		for (size_t i = 0; i < hl->ndb && all == NULL; i++)
			if (db_kind(&hl->db[i], cx->major) == TK_ALL)
				all = &hl->db[i];
		up = (struct repl_user **)hmap_slot(users, "*", 1, 0);
		any = up != NULL ? *up : NULL;
		for (size_t i = 0; i < hl->nuser; i++) {
			enum tok_kind	 k = user_kind(&hl->user[i], cx->major);
			const char	*key;

			if (!repl_candidate(cx, &hl->user[i]))
				continue;
			key = tok_key(cx->a, k, &hl->user[i]);
			up = (struct repl_user **)hmap_slot(users, key,
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

/*
 * hba-replication-all: a line for database all whose user is the
 * replication user, when no replication line (before or after it) admits
 * that user from an address the line admits.  Replication lines are filed
 * by user as they come, lines for all with such a user are held (few
 * files have many), and both meet at the end of the file.
 */
void
check_hba_replication_all(struct check_ctx *cx, const struct rule *r)
{
	struct repl_all		*ra = cx->state[r - rules];
	const struct hba_line	*hl = cx->hl;
	int			 repl = 0, all = 0;

	if (ra == NULL) {
		cx->state[r - rules] = ra = arena_calloc(cx->a, 1,
		    sizeof(*ra));
		hmap_init(&ra->users, cx->a);
	}
	if (hl == NULL) {
		repl_judge(cx, ra);
		cx->state[r - rules] = NULL;
		return;
	}
	if (!usable(hl) || hl->method == AUTH_REJECT)
		return;
	for (size_t i = 0; i < hl->ndb; i++) {
		enum tok_kind	 k = db_kind(&hl->db[i], cx->major);

		repl |= k == TK_REPLICATION;
		all |= k == TK_ALL;
	}
	if (repl) {
		repl_file(cx, ra, hl);
		return;
	}
	if (!all)
		return;
	for (size_t i = 0; i < hl->nuser; i++) {
		if (!repl_candidate(cx, &hl->user[i]))
			continue;
		if (ra->nheld == ra->capheld) {
			ra->held = arena_grow(cx->a, ra->held, ra->nheld,
			    ra->capheld * 2 + 8, sizeof(*ra->held));
			ra->capheld = ra->capheld * 2 + 8;
		}
		ra->held[ra->nheld++] = hba_line_copy(cx->a, hl);
		return;
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
	const struct hba_line	*hl = cx->hl;
	const char		*a;
	struct pos		 mp;

	(void)r;
	if (hl == NULL || !usable(hl) || hl->conntype == HBA_LOCAL ||
	    (hl->method != AUTH_TRUST && hl->method != AUTH_PASSWORD &&
	    hl->method != AUTH_MD5) || loopback_only(hl))
		return;
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

/* hba-replication-everywhere: replication from any address, or by trust. */
void
check_hba_replication_everywhere(struct check_ctx *cx, const struct rule *r)
{
	const struct hba_line	*hl = cx->hl;
	int			 repl = 0, everywhere, trust;
	struct pos		 ap, mp;

	(void)r;
	if (hl == NULL || !usable(hl) || hl->method == AUTH_REJECT)
		return;
	for (size_t i = 0; i < hl->ndb; i++)
		repl |= db_kind(&hl->db[i], cx->major) == TK_REPLICATION;
	if (!repl)
		return;
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

/* The ways in of hba-no-local-superuser: 7 connection kinds x 2 databases. */
#define NROUTES	14

/* hba-no-local-superuser's state: each route's first matching line. */
struct superuser {
	struct route	 rt[NROUTES];
	enum tri	 m[NROUTES];	/* of the first line that matches */
	unsigned char	 done[NROUTES];	/* a line matched */
	int		 in;		/* some route lets the superuser in */
	int		 refused;	/* the server refuses the file */
};

static struct superuser *
superuser_new(struct arena *a)
{
	static const unsigned	 conns[] = { CONN_PLAIN, CONN_SSL, CONN_GSS };
	static const char *const dbs[] = { "postgres", "template1" };
	struct superuser	*su = arena_calloc(a, 1, sizeof(*su));

	for (int k = 0; k < 7; k++)
		for (int d = 0; d < 2; d++) {
			struct route	*rt = &su->rt[k * 2 + d];

			rt->db = dbs[d];
			if (k == 0) {
				rt->conn = CONN_LOCAL;
				continue;
			}
			rt->conn = conns[(k - 1) % 3];
			rt->family = k <= 3 ? 4 : 6;
			if (rt->family == 4) {
				rt->addr[0] = 127;
				rt->addr[3] = 1;
			} else
				rt->addr[15] = 1;
		}
	return su;
}

/*
 * hba-no-local-superuser: follow the file as check_hba() would for the
 * superuser connecting from the server's host (the socket, or TCP from
 * 127.0.0.1 or ::1, plain, with SSL or with GSSAPI, to postgres or
 * template1).  When the first line that matches rejects, or none matches,
 * for every one of these, the next reload locks the superuser out.  Each
 * way in is settled by the first line that matches it, so the lines after
 * the one that lets the superuser in cost nothing.
 */
void
check_hba_no_local_superuser(struct check_ctx *cx, const struct rule *r)
{
	struct superuser	*su = cx->state[r - rules];
	const struct hba_line	*hl = cx->hl;
	struct pos		 p;

	if (su == NULL)
		cx->state[r - rules] = su = superuser_new(cx->a);
	if (hl != NULL) {
		/* a file the server refuses is not loaded: nothing changes */
		if (hl->error != NULL && !hl->error_loads)
			su->refused = 1;
		/* lines with a loading error never match */
		if (su->in || su->refused || !usable(hl) || hl->error != NULL)
			return;
		for (int k = 0; k < NROUTES; k++) {
			enum tri	 m;

			if (su->done[k] ||
			    (m = route_match(hl, &su->rt[k], cx->major)) ==
			    TRI_NO)
				continue;
			if (m == TRI_YES && hl->method == AUTH_REJECT)
				m = TRI_NO;
			su->done[k] = 1;
			su->m[k] = m;
			su->in |= m != TRI_NO;
		}
		return;
	}
	cx->state[r - rules] = NULL;
	if (su->in || su->refused)
		return;
	p.file = cx->hba_path;
	p.line = 0;
	p.col = 0;
	diag_rule(cx->d, RULE_HBA_NO_LOCAL_SUPERUSER, &p, "no line lets the "
	    "superuser \"postgres\" connect from the server itself: after the "
	    "next reload nobody can connect over the local socket or from "
	    "127.0.0.1 or ::1 to repair this file");
}

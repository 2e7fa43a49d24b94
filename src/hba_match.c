/*
 * The matcher of pg_hba.conf lines and the index of a file's lines
 * (hba_match.h).  Matching follows hba.c check_hba(), check_db() and
 * check_role() of PostgreSQL 12 to 18: a connection takes the first line
 * whose connection type, database, user and address match it, and
 * nothing else about a line (its method, its options) decides whether it
 * matches.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "hba_match.h"
#include "hba_parse.h"
#include "xmalloc.h"

/* netmask[q]: the mask of /q as bytes, and as two words. */
static unsigned char	 masks[129][16];
static uint64_t		 maskwords[129][2];
static int		 masks_made;

static void		 make_masks(void);
static enum hba_match	 meet(enum hba_match, enum hba_match);
static enum hba_match	 conns_match(unsigned, unsigned);
static enum hba_match	 addr_match(const struct hba_set *,
			    const struct hba_set *);
static int		 loopback_set(const struct hba_set *, int);
static enum hba_match	 tok_match(uint32_t, uint32_t, int);
static enum hba_match	 field_match(const uint32_t *, size_t,
			    const uint32_t *, size_t, int);

static void
make_masks(void)
{
	if (masks_made)
		return;
	for (int q = 0; q <= 128; q++) {
		memset(masks[q], 0xff, (size_t)q / 8);
		if (q % 8 != 0)
			masks[q][q / 8] = (unsigned char)(0xff00u >> (q % 8));
		memcpy(&maskwords[q][0], masks[q], 8);
		memcpy(&maskwords[q][1], masks[q] + 8, 8);
	}
	masks_made = 1;
}

const unsigned char *
hba_prefix_mask(int q)
{
	make_masks();
	return masks[q];
}

/*
 * Two parts of a product: none when either is none, all when both are,
 * maybe when either cannot be told, some otherwise.
 */
static enum hba_match
meet(enum hba_match a, enum hba_match b)
{
	if (a == HBA_MATCH_NONE || b == HBA_MATCH_NONE)
		return HBA_MATCH_NONE;
	if (a == HBA_MATCH_ALL && b == HBA_MATCH_ALL)
		return HBA_MATCH_ALL;
	if (a == HBA_MATCH_MAYBE || b == HBA_MATCH_MAYBE)
		return HBA_MATCH_MAYBE;
	return HBA_MATCH_SOME;
}

static enum hba_match
conns_match(unsigned e, unsigned q)
{
	if ((e & q) == 0)
		return HBA_MATCH_NONE;
	return (e & q) == q ? HBA_MATCH_ALL : HBA_MATCH_SOME;
}

/*
 * Is q within the loopback interface's addresses (net 0: 127.0.0.1 and
 * ::1), or its networks (net 1: 127.0.0.0/8 and ::1)?  Every server has
 * that interface, so samehost and samenet always take these.
 */
static int
loopback_set(const struct hba_set *q, int net)
{
	static const unsigned char	 v6lo[16] = { [15] = 1 };

	if (q->addr_kind != HBA_ADDR_IP)
		return 0;
	if (q->family == 4)
		return net ? q->mask[0] == 0xff && q->addr[0] == 127 :
		    q->prefixlen == 32 && q->addr[0] == 127 &&
		    q->addr[1] == 0 && q->addr[2] == 0 && q->addr[3] == 1;
	return q->prefixlen == 128 && memcmp(q->addr, v6lo, 16) == 0;
}

/*
 * Networks of one family, e and q, as address and mask (IPv4 leaves bytes
 * 4 to 15 zero): *all when q lies in e, that is e's mask bits are all
 * fixed in q and both agree on them; *none when they do not meet, that is
 * they disagree on a bit both fix.
 */
static inline void
ip_relation(const unsigned char *ea, const unsigned char *em,
    const unsigned char *qa, const unsigned char *qm, int *all, int *none)
{
	*all = 1;
	*none = 0;
	for (int i = 0; i < 16; i += 8) {
		uint64_t	 emw, qmw, eaw, qaw;

		memcpy(&emw, em + i, 8);
		memcpy(&qmw, qm + i, 8);
		memcpy(&eaw, ea + i, 8);
		memcpy(&qaw, qa + i, 8);
		if ((emw & ~qmw) != 0)
			*all = 0;
		if (((eaw ^ qaw) & emw & qmw) != 0)
			*none = 1;
	}
}

/*
 * hba.c check_ip(), check_hostname(), check_same_host_or_net(): how e's
 * address takes q's.  Only TCP connections have one.  A host name matches
 * by forward and reverse lookup, a .suffix by the name's end
 * (hostname_match(), case-insensitive); samehost is one of the server's
 * addresses, each in the server's own subnets (samenet), and the loopback
 * interface is always there.
 */
static enum hba_match
addr_match(const struct hba_set *e, const struct hba_set *q)
{
	size_t	 el, ql;
	int	 all, none;

	if (e->addr_kind == HBA_ADDR_ALL)
		return HBA_MATCH_ALL;
	switch (q->addr_kind) {
	case HBA_ADDR_ALL:
		return e->addr_kind == HBA_ADDR_IP || e->addr_kind ==
		    HBA_ADDR_HOSTNAME ? HBA_MATCH_SOME : HBA_MATCH_MAYBE;
	case HBA_ADDR_SAMEHOST:
		if (e->addr_kind == HBA_ADDR_SAMEHOST ||
		    e->addr_kind == HBA_ADDR_SAMENET)
			return HBA_MATCH_ALL;
		return HBA_MATCH_MAYBE;
	case HBA_ADDR_SAMENET:
		if (e->addr_kind == HBA_ADDR_SAMENET)
			return HBA_MATCH_ALL;
		return HBA_MATCH_MAYBE;
	case HBA_ADDR_HOSTNAME:
		if (e->addr_kind != HBA_ADDR_HOSTNAME)
			return HBA_MATCH_MAYBE;
		if (strcasecmp(e->name, q->name) == 0)
			return HBA_MATCH_ALL;
		el = strlen(e->name);
		ql = strlen(q->name);
		if (e->name[0] == '.' && ql > el &&
		    strcasecmp(q->name + ql - el, e->name) == 0)
			return HBA_MATCH_ALL;
		return HBA_MATCH_MAYBE;
	case HBA_ADDR_IP:
		break;
	default:
		return HBA_MATCH_MAYBE;
	}
	switch (e->addr_kind) {
	case HBA_ADDR_IP:
		break;
	case HBA_ADDR_SAMEHOST:
	case HBA_ADDR_SAMENET:
		return loopback_set(q, e->addr_kind == HBA_ADDR_SAMENET) ?
		    HBA_MATCH_ALL : HBA_MATCH_MAYBE;
	default:
		return HBA_MATCH_MAYBE;
	}
	/* hba.c check_ip() compares only within a family */
	if (e->family != q->family)
		return HBA_MATCH_NONE;
	ip_relation(e->addr, e->mask, q->addr, q->mask, &all, &none);
	if (none)
		return HBA_MATCH_NONE;
	if (all)
		return HBA_MATCH_ALL;
	/* e fixes bits q leaves free: some of q, and a mask that is not a
	 * prefix may even miss all of it */
	return e->prefixlen >= 0 && q->prefixlen >= 0 ? HBA_MATCH_SOME :
	    HBA_MATCH_MAYBE;
}

/*
 * How token e takes token q (keys; db says databases).  Equal keys take
 * the same names, all takes every name (every database but replication),
 * and what stands for names the file does not list (sameuser, samerole,
 * +group, regular expressions, a keyword against a name) cannot be told.
 */
static enum hba_match
tok_match(uint32_t e, uint32_t q, int db)
{
	if (e == q)
		return HBA_MATCH_ALL;
	if (db && (e == HBA_KEY_REPLICATION || q == HBA_KEY_REPLICATION))
		/* replication connections match only the keyword */
		return HBA_MATCH_NONE;
	if (e == HBA_KEY_ALL)
		return HBA_MATCH_ALL;
	if (HBA_KEY_KIND(e) == HBA_KIND_NAME &&
	    HBA_KEY_KIND(q) == HBA_KIND_NAME)
		return HBA_MATCH_NONE;
	if (HBA_KEY_KIND(e) == HBA_KIND_NAME && q == HBA_KEY_ALL)
		return HBA_MATCH_SOME;
	return HBA_MATCH_MAYBE;
}

/* A field: every token of q against the tokens of e. */
static enum hba_match
field_match(const uint32_t *e, size_t ne, const uint32_t *q, size_t nq,
    int db)
{
	size_t	 nall = 0, nnone = 0, nmaybe = 0;

	for (size_t i = 0; i < nq; i++) {
		enum hba_match	 best = HBA_MATCH_NONE, m;

		for (size_t j = 0; j < ne && best != HBA_MATCH_ALL; j++) {
			m = tok_match(e[j], q[i], db);
			if (m > best)
				best = m;
		}
		nall += best == HBA_MATCH_ALL;
		nnone += best == HBA_MATCH_NONE;
		nmaybe += best == HBA_MATCH_MAYBE;
	}
	if (nall == nq)
		return HBA_MATCH_ALL;
	if (nnone == nq)
		return HBA_MATCH_NONE;
	return nmaybe > 0 ? HBA_MATCH_MAYBE : HBA_MATCH_SOME;
}

enum hba_match
hba_match(const struct hba_set *e, const struct hba_set *q)
{
	enum hba_match	 m;

	if ((m = conns_match(e->conns, q->conns)) == HBA_MATCH_NONE)
		return m;
	/* the address first: it tells most lines apart */
	if (q->conns & HBA_CONN_TCP)
		m = meet(m, addr_match(e, q));
	if (m == HBA_MATCH_NONE)
		return m;
	m = meet(m, field_match(e->keys, e->ndb, q->keys, q->ndb, 1));
	if (m == HBA_MATCH_NONE)
		return m;
	return meet(m, field_match(e->keys + e->ndb, e->nuser,
	    q->keys + q->ndb, q->nuser, 0));
}

void
hba_set_of_line(struct hba_set *s, const struct hba_line *hl, uint32_t *keys)
{
	for (size_t i = 0; i < hl->ndb; i++)
		keys[i] = hl->db[i].key;
	for (size_t i = 0; i < hl->nuser; i++)
		keys[hl->ndb + i] = hl->user[i].key;
	s->keys = keys;
	s->ndb = (uint16_t)hl->ndb;
	s->nuser = (uint16_t)hl->nuser;
	s->conns = (uint8_t)hba_conns(hl->conntype);
	s->addr_kind = (uint8_t)hl->addr_kind;
	s->family = (uint8_t)hl->family;
	s->prefixlen = (int16_t)hl->prefixlen;
	s->addr = hl->addr;
	s->mask = hl->mask;
	s->name = hl->addr_text;
}

/* --- the index --- */

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

/* The connection types a line is filed under (a set has conns). */
#define NTYPES		(HBA_HOSTNOGSSENC + 1)

/*
 * Lists of lines by the hash of their whole key, open addressing, one
 * table for the index: a lookup is one probe, wherever the line is.  The
 * table keeps no keys: lines of keys whose hashes collide share a list,
 * and every candidate is verified in full anyway.
 */
struct gent {
	uint32_t	 h;
	uint32_t	 head;		/* the list: a candidate number, 0 for
					   an empty slot */
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
 * A line of the index: what hba_match() reads of it, in 48 bytes (a
 * copy of its struct hba_set with its keys and address took 96), as
 * lines are read once each when verified, at random places.
 */
struct iline {
	struct hba_entry_ref	 ref;
	union {
		uint32_t	 one[2];	/* a database and a user */
		const uint32_t	*many;		/* more: in the arena */
	} keys;
	union {
		unsigned char	 addr[16];	/* an IP network */
		const unsigned char *odd;	/* a mask that is not a prefix:
						   address and mask, in the
						   arena */
		const char	*name;		/* a host name */
	} at;
	uint16_t		 ndb, nuser;
	uint8_t			 conns;
	uint8_t			 addr_kind;
	uint8_t			 family;
	uint8_t			 bits;		/* prefix length + 1, 0 for a
						   mask that is not a prefix */
};
_Static_assert(sizeof(struct iline) <= 48, "an index line grew");

/*
 * An entry of a list: a line, under one of its key pairs.  Lists are in
 * file order, of numbers in cands, from 1 (0 ends a list).  Candidates are
 * numbered in the order they are filed, which is file order, so the
 * smaller number is the earlier line.
 */
struct cand {
	const struct iline	*e;
	uint32_t		 next;
	uint32_t		 tail;		/* at the head of a list: its
						   last */
};

struct hba_index {
	struct arena		*a;
	struct gent		*v;		/* every key filed */
	size_t			 cap, n;
	/*
	 * Bit h % (8 * cap) set for the hash h of each key filed: a lookup
	 * of a key never filed, which most are, reads a bit of these 8 a
	 * slot (256 KB for 100,000 keys) and not a slot of the table (2 MB),
	 * a cache miss at a random place.
	 */
	uint64_t		*seen;
	/* by connection type, [d * 3 + u]: d 1 for database all, u 1
	   for user all and 2 for "?" */
	struct klass		 cls[NTYPES][6];
	unsigned		 live[NTYPES];	/* bit d * 3 + u: cls[c][d * 3
						   + u] has lines */
	struct cand		*cands;		/* [0] unused */
	size_t			 ncands, capcands;
	/* by the connections of a set: the types that take all of them */
	uint8_t			 cover[16][NTYPES];
	size_t			 ncover[16];
};

/* Lines whose database x user product exceeds this are indexed by
 * database only, under the user key "?", and verified one by one. */
#define WIDE_PRODUCT	64
/* "?": a key no token has (a keyword number hba_parse.c does not use). */
#define KEY_ANY		(15u << 2)

static int		 lowest_bit(uint64_t);
static uint64_t		 mix(uint64_t);
static inline uint32_t	*gmap_get(struct hba_index *, uint64_t, int);
static void		 gmap_grow(struct hba_index *);
static uint64_t		 pair_hash(unsigned, uint32_t, uint32_t);
static uint64_t		 place_hash(uint64_t, enum place, uint64_t);
static struct klass	*klass_of(struct hba_index *, unsigned, uint32_t,
			    uint32_t);
static uint64_t		 ip_hash(uint64_t, int, int, const unsigned char *);
static uint64_t		 name_key(const char *);
static void		 clist_add(struct hba_index *, uint32_t *,
			    const struct iline *);
static int		 leading_ones(int, const unsigned char *);
static int		 covers(const struct iline *, const struct hba_set *);
static uint32_t		 best_in(struct hba_index *, const uint32_t *,
			    uint32_t, const struct hba_set *);
static uint32_t		 few_best(struct hba_index *, const struct klass *,
			    uint32_t, const struct hba_set *);
static void		 prefetch_own(struct hba_index *, const struct hba_set *);
struct probes;
static uint32_t		 pair_best(struct hba_index *, const struct klass *,
			    unsigned, uint32_t, uint32_t, uint32_t,
			    const struct hba_set *, struct probes *);

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
 * The list of key hash h, or NULL when absent and create is 0.  The table
 * doubles when half full.  (Inline, as it was before the bits of seen
 * made it longer: called apart, it cost 5% more instructions.)
 */
static inline uint32_t *
gmap_get(struct hba_index *ix, uint64_t h64, int create)
{
	uint32_t	 h = (uint32_t)(h64 >> 32);
	size_t		 i, b;

	if (create && (ix->n + 1) * 2 > ix->cap)
		gmap_grow(ix);
	b = h & (8 * ix->cap - 1);
	if (!create && !(ix->seen[b / 64] >> (b % 64) & 1))
		return NULL;
	for (i = h & (ix->cap - 1); ix->v[i].head != 0;
	    i = (i + 1) & (ix->cap - 1))
		if (ix->v[i].h == h)
			return &ix->v[i].head;
	if (!create)
		return NULL;
	/* the caller files a line there at once: the slot is taken */
	ix->v[i].h = h;
	ix->seen[b / 64] |= 1ull << (b % 64);
	ix->n++;
	return &ix->v[i].head;
}

/* Twice the slots, the entries placed again. */
static void
gmap_grow(struct hba_index *ix)
{
	struct gent	*old = ix->v;
	size_t		 ocap = ix->cap, i, b;

	ix->cap *= 2;
	ix->v = xcalloc(ix->cap, sizeof(*ix->v));
	free(ix->seen);
	ix->seen = xcalloc(ix->cap / 8, sizeof(*ix->seen));
	for (size_t j = 0; j < ocap; j++) {
		if (old[j].head == 0)
			continue;
		b = old[j].h & (8 * ix->cap - 1);
		ix->seen[b / 64] |= 1ull << (b % 64);
		for (i = old[j].h & (ix->cap - 1); ix->v[i].head != 0;
		    i = (i + 1) & (ix->cap - 1))
			continue;
		ix->v[i] = old[j];
	}
	free(old);
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
klass_of(struct hba_index *ix, unsigned c, uint32_t db, uint32_t user)
{
	return &ix->cls[c][(db == HBA_KEY_ALL) * 3 + (user == HBA_KEY_ALL ?
	    1 : user == KEY_ANY ? 2 : 0)];
}

/*
 * The hash of an IP network's key: the pair's hash, the family, the
 * prefix length q and the network, the address under the mask of /q.
 */
static uint64_t
ip_hash(uint64_t pair, int fam, int q, const unsigned char *addr)
{
	uint64_t	 w0, w1;

	memcpy(&w0, addr, sizeof(w0));
	memcpy(&w1, addr + 8, sizeof(w1));
	w0 &= maskwords[q][0];
	w1 &= maskwords[q][1];
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

/* Line e at the end of the list at *head, as a new candidate. */
static void
clist_add(struct hba_index *ix, uint32_t *head, const struct iline *e)
{
	uint32_t	 c;

	if (ix->ncands == ix->capcands) {
		ix->cands = xreallocarray(ix->cands, ix->capcands * 2,
		    sizeof(*ix->cands));
		ix->capcands *= 2;
	}
	c = (uint32_t)ix->ncands++;
	ix->cands[c].e = e;
	ix->cands[c].next = 0;
	if (*head != 0) {
		ix->cands[ix->cands[*head].tail].next = c;
		ix->cands[*head].tail = c;
	} else {
		*head = c;
		ix->cands[c].tail = c;
	}
}

/* The number of leading one bits of a mask of family fam. */
static int
leading_ones(int fam, const unsigned char *mask)
{
	int	 n = fam == 4 ? 32 : 128, q = 0;

	while (q < n && (mask[q / 8] >> (7 - q % 8) & 1))
		q++;
	return q;
}

static int
covers(const struct iline *e, const struct hba_set *q)
{
	struct hba_set	 s;
	int		 all, none;

	/*
	 * What hba_match() would refuse first, read from the entry itself:
	 * most candidates lack some of q's connections or hold another
	 * network (a line for all, the loopback's, one of another family).
	 */
	if ((e->conns & q->conns) != q->conns)
		return 0;
	if ((q->conns & HBA_CONN_TCP) && e->addr_kind == HBA_ADDR_IP) {
		if (q->addr_kind != HBA_ADDR_IP || q->family != e->family)
			return 0;
		if (e->bits != 0) {
			ip_relation(e->at.addr, masks[e->bits - 1], q->addr,
			    q->mask, &all, &none);
			if (!all || none)
				return 0;
		}
	}

	s.keys = e->ndb == 1 && e->nuser == 1 ? e->keys.one : e->keys.many;
	s.ndb = e->ndb;
	s.nuser = e->nuser;
	s.conns = e->conns;
	s.addr_kind = e->addr_kind;
	s.family = e->family;
	s.prefixlen = (int16_t)(e->bits - 1);
	s.name = e->addr_kind == HBA_ADDR_HOSTNAME ? e->at.name : NULL;
	s.addr = s.mask = NULL;
	if (e->addr_kind == HBA_ADDR_IP) {
		s.addr = e->bits != 0 ? e->at.addr : e->at.odd;
		s.mask = e->bits != 0 ? masks[e->bits - 1] : e->at.odd + 16;
	}
	return hba_match(&s, q) == HBA_MATCH_ALL;
}

struct hba_index *
hba_index_new(void)
{
	struct arena		*a = arena_new();
	struct hba_index	*ix;

	make_masks();
	ix = arena_calloc(a, 1, sizeof(*ix));
	ix->a = a;
	ix->cap = 1024;
	ix->v = xcalloc(ix->cap, sizeof(*ix->v));
	ix->seen = xcalloc(ix->cap / 8, sizeof(*ix->seen));
	ix->capcands = 1024;
	ix->cands = xreallocarray(NULL, ix->capcands, sizeof(*ix->cands));
	ix->ncands = 1;
	for (unsigned q = 1; q < 16; q++)
		for (int t = HBA_LOCAL; t <= HBA_HOSTNOGSSENC; t++)
			if ((hba_conns((enum hba_conntype)t) & q) == q)
				ix->cover[q][ix->ncover[q]++] = (uint8_t)t;
	return ix;
}

void
hba_index_free(struct hba_index *ix)
{
	if (ix == NULL)
		return;
	free(ix->cands);
	free(ix->v);
	free(ix->seen);
	arena_free(ix->a);
}

/* The connection type whose connections are conns, or HBA_CONN_NONE. */
static enum hba_conntype
type_of(unsigned conns)
{
	for (int t = HBA_LOCAL; t <= HBA_HOSTNOGSSENC; t++)
		if (hba_conns((enum hba_conntype)t) == conns)
			return (enum hba_conntype)t;
	return HBA_CONN_NONE;
}

int
hba_index_add(struct hba_index *ix, const struct hba_set *l,
    const char *file, unsigned no, uint32_t id)
{
	struct iline	*e;
	uint32_t	*keys;
	unsigned char	*odd;
	enum hba_conntype ct = type_of(l->conns);
	int		 wide = (size_t)l->ndb * l->nuser > WIDE_PRODUCT;

	/* two keys per pair at most */
	if (ct == HBA_CONN_NONE || l->ndb == 0 || l->nuser == 0 ||
	    ix->ncands > UINT32_MAX / 4 - WIDE_PRODUCT)
		return -1;
	e = arena_alloc(ix->a, sizeof(*e));
	e->ref.file = file;
	e->ref.line = no;
	e->ref.id = id;
	e->ndb = l->ndb;
	e->nuser = l->nuser;
	e->conns = l->conns;
	e->addr_kind = l->addr_kind;
	e->family = l->family;
	e->bits = (uint8_t)(l->prefixlen + 1);
	if (l->addr_kind == HBA_ADDR_IP && l->prefixlen >= 0) {
		memcpy(e->at.addr, l->addr, sizeof(e->at.addr));
	} else if (l->addr_kind == HBA_ADDR_IP) {
		odd = arena_alloc(ix->a, 32);
		memcpy(odd, l->addr, 16);
		memcpy(odd + 16, l->mask, 16);
		e->at.odd = odd;
	} else {
		e->at.name = l->addr_kind == HBA_ADDR_HOSTNAME ? l->name :
		    NULL;
	}
	if (l->ndb == 1 && l->nuser == 1)
		keys = e->keys.one;
	else
		e->keys.many = keys = arena_alloc(ix->a,
		    ((size_t)l->ndb + l->nuser) * sizeof(*keys));
	memcpy(keys, l->keys, ((size_t)l->ndb + l->nuser) * sizeof(*keys));

	for (size_t i = 0; i < l->ndb; i++) {
		for (size_t j = 0; j < (wide ? 1 : l->nuser); j++) {
			uint32_t	 uk = wide ? KEY_ANY : keys[l->ndb + j];
			uint64_t	 pair, where = 0;
			struct klass	*k;
			enum place	 p;

			pair = pair_hash(ct, keys[i], uk);
			k = klass_of(ix, ct, keys[i], uk);
			ix->live[ct] |= 1u << (k - ix->cls[ct]);
			if (ct == HBA_LOCAL || l->addr_kind == HBA_ADDR_ALL)
				p = PL_ALL;
			else if (l->addr_kind == HBA_ADDR_SAMEHOST)
				p = PL_SAMEHOST;
			else if (l->addr_kind == HBA_ADDR_SAMENET)
				p = PL_SAMENET;
			else if (l->addr_kind == HBA_ADDR_HOSTNAME) {
				p = PL_NAME;
				where = name_key(l->name);
			} else if (l->addr_kind != HBA_ADDR_IP)
				continue;
			else if (l->prefixlen < 0)
				p = l->family == 4 ? PL_ODD4 : PL_ODD6;
			else {
				p = PL_IP;
				where = ip_hash(pair, l->family, l->prefixlen,
				    e->at.addr);
				if (l->family == 4)
					k->lens4 |= 1ull << l->prefixlen;
				else
					k->lens6[l->prefixlen / 64] |=
					    1ull << (l->prefixlen % 64);
			}
			k->places |= 1u << p;
			clist_add(ix, gmap_get(ix, p == PL_IP ? where :
			    place_hash(pair, p, where), 1), e);
			if (k->nfew < KLASS_FEW)
				k->few[k->nfew++] = (uint32_t)ix->ncands - 1;
			else
				k->nfew = KLASS_FEW + 1;
		}
	}
	return 0;
}

/*
 * The earlier of best and the first line of the list at head (NULL: none)
 * that covers l (candidate numbers, 0 for none).
 */
static uint32_t
best_in(struct hba_index *ix, const uint32_t *head, uint32_t best,
    const struct hba_set *l)
{
	for (uint32_t c = head != NULL ? *head : 0; c != 0;
	    c = ix->cands[c].next) {
		if (best != 0 && c >= best)
			break;
		if (covers(ix->cands[c].e, l))
			return c;
	}
	return best;
}

/* The candidates of class k, one by one (it has few): the earlier of best
 * and the first that covers l. */
static uint32_t
few_best(struct hba_index *ix, const struct klass *k, uint32_t best,
    const struct hba_set *l)
{
	for (unsigned i = 0; i < k->nfew; i++) {
		uint32_t	 cn = k->few[i];

		if (best != 0 && cn >= best)
			break;
		if (covers(ix->cands[cn].e, l))
			return cn;
	}
	return best;
}

/*
 * The probes of the table a lookup makes, asked first and answered last:
 * each probe reads the bit of its hash in seen, at a random place, and
 * asked together their reads overlap instead of waiting one for another.
 */
struct probes {
	uint64_t	 h[32];
	size_t		 n;
};

/* The earlier of *best and the first line filed under each probe asked
 * that covers l; no probe is left. */
static void
answer(struct hba_index *ix, struct probes *pr, uint32_t *best,
    const struct hba_set *l)
{
	for (size_t i = 0; i < pr->n; i++)
		*best = best_in(ix, gmap_get(ix, pr->h[i], 0), *best, l);
	pr->n = 0;
}

/* Ask for the lines filed under key hash h64 (answered by answer()). */
static void
ask(struct hba_index *ix, struct probes *pr, uint64_t h64, uint32_t *best,
    const struct hba_set *l)
{
	size_t	 b = (uint32_t)(h64 >> 32) & (8 * ix->cap - 1);

	if (pr->n == sizeof(pr->h) / sizeof(pr->h[0]))
		answer(ix, pr, best, l);
	pr->h[pr->n++] = h64;
#if defined(__GNUC__) || defined(__clang__)
	__builtin_prefetch(&ix->seen[b / 64]);
#else
	(void)b;
#endif
}

/*
 * The earlier of best and the first line filed under connection type c,
 * database key db and user key u (of class k) that covers l: the places l
 * may fall in, where the class has lines, one probe each (asked in pr).
 */
static uint32_t
pair_best(struct hba_index *ix, const struct klass *k, unsigned c,
    uint32_t db, uint32_t u, uint32_t best, const struct hba_set *l,
    struct probes *pr)
{
	uint64_t	 pair, w;
	int		 p;

	/* one by one: whatever the pair, a line that covers does */
	if (k->nfew <= KLASS_FEW)
		return few_best(ix, k, best, l);
	pair = pair_hash(c, db, u);
	if (k->places & (1u << PL_ALL))
		ask(ix, pr, place_hash(pair, PL_ALL, 0), &best, l);
	if (!(l->conns & HBA_CONN_TCP))
		return best;
	switch (l->addr_kind) {
	case HBA_ADDR_SAMEHOST:
		if (k->places & (1u << PL_SAMEHOST))
			ask(ix, pr, place_hash(pair, PL_SAMEHOST, 0), &best,
			    l);
		/* FALLTHROUGH */
	case HBA_ADDR_SAMENET:
		if (k->places & (1u << PL_SAMENET))
			ask(ix, pr, place_hash(pair, PL_SAMENET, 0), &best, l);
		return best;
	case HBA_ADDR_HOSTNAME:
		if (!(k->places & (1u << PL_NAME)))
			return best;
		/* the name itself, then each .suffix of it */
		for (const char *n = l->name; n != NULL && *n != '\0';
		    n = strchr(n + 1, '.'))
			ask(ix, pr, place_hash(pair, PL_NAME, name_key(n)),
			    &best, l);
		return best;
	case HBA_ADDR_IP:
		/* the loopback networks are the server's own */
		if ((k->places & (1u << PL_SAMEHOST | 1u << PL_SAMENET)) &&
		    loopback_set(l, 1)) {
			ask(ix, pr, place_hash(pair, PL_SAMEHOST, 0), &best,
			    l);
			ask(ix, pr, place_hash(pair, PL_SAMENET, 0), &best, l);
		}
		if (k->places & (1u << (l->family == 4 ? PL_ODD4 : PL_ODD6)))
			ask(ix, pr, place_hash(pair, l->family == 4 ? PL_ODD4 :
			    PL_ODD6, 0), &best, l);
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
				ask(ix, pr, ip_hash(pair, l->family, q,
				    l->addr), &best, l);
			}
		}
		return best;
	default:
		return best;
	}
}

/*
 * The slot of the table where hba_index_add() would file l under its own
 * first key pair and network, fetched into the cache while the search
 * runs: on a file of new names (a user per line) filing l missed the
 * cache at that slot every time.
 */
static void
prefetch_own(struct hba_index *ix, const struct hba_set *l)
{
	enum hba_conntype	 ct = type_of(l->conns);
	uint64_t		 h;

	if (ct == HBA_CONN_NONE || l->addr_kind != HBA_ADDR_IP ||
	    l->prefixlen < 0 || (size_t)l->ndb * l->nuser > WIDE_PRODUCT ||
	    ct == HBA_LOCAL)
		return;
	h = ip_hash(pair_hash(ct, l->keys[0], l->keys[l->ndb]), l->family,
	    l->prefixlen, l->addr) >> 32;
#if defined(__GNUC__) || defined(__clang__)
	__builtin_prefetch(&ix->v[h & (ix->cap - 1)], 1);
#else
	(void)h;
#endif
}

/*
 * An earlier line that covers l holds l's first database token or a
 * token covering it, and the same for users, so the buckets of those key
 * pairs (and the "?" buckets of wide lines) hold every candidate; each is
 * verified in full.
 */
const struct hba_entry_ref *
hba_index_first(struct hba_index *ix, const struct hba_set *l)
{
	struct probes	 pr;
	uint32_t	 dk, uk, best = 0;
	uint32_t	 us[3];
	unsigned	 qc = l->conns & 15u;

	if (l->ndb == 0 || l->nuser == 0)
		return NULL;
	dk = l->keys[0];
	uk = l->keys[l->ndb];
	prefetch_own(ix, l);
	pr.n = 0;
	us[0] = uk;
	us[1] = HBA_KEY_ALL;
	us[2] = KEY_ANY;
	for (size_t t = 0; t < ix->ncover[qc]; t++) {
		unsigned	 c = ix->cover[qc][t];
		unsigned	 live = ix->live[c];

		if (live == 0)
			continue;
		/* all does not cover replication; a key of all is all's */
		for (unsigned d = dk == HBA_KEY_ALL;
		    d <= (dk != HBA_KEY_REPLICATION); d++)
			for (unsigned u = uk == HBA_KEY_ALL; u < 3; u++)
				if (live & (1u << (d * 3 + u)))
					best = pair_best(ix,
					    &ix->cls[c][d * 3 + u], c,
					    d ? HBA_KEY_ALL : dk, us[u], best,
					    l, &pr);
	}
	answer(ix, &pr, &best, l);
	return best != 0 ? &ix->cands[best].e->ref : NULL;
}

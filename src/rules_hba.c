/*
 * Expert rules on pg_hba.conf: what the server accepts but an expert would
 * not.  They see the lines of hba_parse.c one at a time, as they are read
 * (rule.h), after the parser has reported what the server refuses, so every
 * finding here is a warning; what a rule needs of earlier lines, it keeps
 * in its state (hba-shadowed: an index of them).  Whether a line admits
 * a connection is hba_match()'s answer, for every rule here and for the
 * cluster rules.  check runs the same rules on the pg_hba.conf that
 * generate writes for each node (cluster_hba.c), naming lines through
 * cx->line_name.
 */
#include "config.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "hba_match.h"
#include "hba_parse.h"
#include "hba_scan.h"
#include "rule.h"
#include "xmalloc.h"

rule_check_fn check_hba_replication_all, check_hba_shadowed,
    check_hba_weak_auth, check_hba_replication_everywhere,
    check_hba_no_local_superuser, check_hba_host_bits;

static const char	*addr_shown(struct arena *, const struct hba_line *);
static const char	*line_named(struct check_ctx *, const char *,
			    unsigned, const char *);
static int		 verified_cert(const struct hba_line *, int *);

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

/*
 * How a finding on a line of file `from` names line `line` of file
 * `file`: cx->line_name's words when set (check names the description's
 * entries), else "line N", with the file when it is another.
 */
static const char *
line_named(struct check_ctx *cx, const char *file, unsigned line,
    const char *from)
{
	/* the message of a finding that is only counted is not kept */
	if (diags_full(cx->d))
		return "";
	if (cx->line_name != NULL)
		return cx->line_name(cx, file, line);
	if (file != NULL && from != NULL && strcmp(file, from) != 0)
		return arena_printf(cx->a, "line %u of \"%s\"", line, file);
	return arena_printf(cx->a, "line %u", line);
}

/*
 * Does hl require a client certificate that the server verifies?  Method
 * cert does, and so does clientcert (hostssl lines only): verify-full
 * also ties it to the user name (*full), verify-ca (1 before 14) only to
 * the CA.
 */
static int
verified_cert(const struct hba_line *hl, int *full)
{
	*full = hl->method == AUTH_CERT;
	if (*full)
		return 1;
	for (unsigned i = 0; i < hl->nopt; i++) {
		const struct hba_option	*o = &hl->opt[i];

		if (strcmp(o->name, "clientcert") != 0)
			continue;
		if (strcmp(o->value, "verify-full") == 0) {
			*full = 1;
			return 1;
		}
		return strcmp(o->value, "verify-ca") == 0 ||
		    strcmp(o->value, "1") == 0;
	}
	return 0;
}

/* --- hba-shadowed --- */

/* hba-shadowed's state: the index of the lines that may shadow later ones,
 * and room for the keys of one line. */
struct shadow {
	struct hba_index	*ix;
	uint32_t		*keys;
	size_t			 cap;
	int			 full;	/* the index is full: stop */
};

/*
 * hba-shadowed: a line no connection can reach, because an earlier line
 * matches every connection it matches (the first match wins).  Each line
 * is looked up in the index of the earlier ones (hba_match.h), then, unless
 * shadowed, added to it: for n lines the work is n lookups of a few
 * probes, and the index keeps a compact copy of each line (memory O(n),
 * freed at the end of the file).  A shadowed line is never indexed:
 * whatever it covers, the line shadowing it covers too.
 */
void
check_hba_shadowed(struct check_ctx *cx, const struct rule *r)
{
	struct shadow			*s = cx->state[r - rules];
	const struct hba_line		*l = cx->hl;
	const struct hba_entry_ref	*e;
	struct hba_set			 q;
	struct pos			 at;
	size_t				 n;

	if (l == NULL) {
		/* the end of the file */
		if (s != NULL) {
			hba_index_free(s->ix);
			free(s->keys);
			cx->state[r - rules] = NULL;
		}
		return;
	}
	/* a line with a loading error never matches: skip both ways */
	if (!hba_line_loads(l) || l->error != NULL || l->ndb == 0 ||
	    l->nuser == 0)
		return;
	if (s == NULL) {
		s = arena_calloc(cx->a, 1, sizeof(*s));
		s->ix = hba_index_new();
		cx->state[r - rules] = s;
	}
	if (s->full)
		return;
	if ((n = (size_t)l->ndb + l->nuser) > s->cap) {
		s->cap = n > 2 * s->cap ? n : 2 * s->cap;
		free(s->keys);
		s->keys = xreallocarray(NULL, s->cap, sizeof(*s->keys));
	}
	hba_set_of_line(&q, l, s->keys);
	if ((e = hba_index_first(s->ix, &q)) == NULL) {
		s->full = hba_index_add(s->ix, &q, l->pos.file, l->pos.line,
		    0) != 0;
		return;
	}
	at = hba_line_pos(l, l->type_at);
	diag_rule(cx->d, RULE_HBA_SHADOWED, &at, "%s matches every "
	    "connection this line matches, so this line never applies",
	    line_named(cx, e->file, e->line, l->pos.file));
}

/* --- hba-replication-all --- */

/* An address range [lo, hi] of a replication line, in network order. */
struct range {
	unsigned char	 lo[16], hi[16];
};

/* The IP ranges of replication lines of one family and connection type,
 * sorted by lo, with the running maximum of hi. */
struct ranges {
	struct range	*r;
	unsigned char	(*maxhi)[16];
	size_t		 n, cap;
};

/* Replication lines of one user key. */
struct repl_user {
	uint32_t	 key;		/* 0: an empty slot */
	struct ranges	 ip[2][HBA_HOSTNOGSSENC + 1];	/* IPv4, IPv6 */
	/* the others: local lines, all, samehost, samenet, names, masks
	   that are not prefixes, as sets */
	struct hba_set	*other;
	size_t		 nother, capother;
};

/* hba-replication-all's state. */
struct repl_all {
	struct repl_user	*users;		/* open addressing by key */
	size_t			 cap, n;
	struct hba_line		**held;		/* lines for database all */
	size_t			 nheld, capheld;
};

static struct repl_user	*repl_user_of(struct arena *, struct repl_all *,
			    uint32_t, int);

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

/* The replication lines of user key k (created when create is set). */
static struct repl_user *
repl_user_of(struct arena *a, struct repl_all *ra, uint32_t k, int create)
{
	size_t	 i;

	if (create && (ra->n + 1) * 2 > ra->cap) {
		struct repl_user	*old = ra->users;
		size_t			 ocap = ra->cap;

		ra->cap = ocap == 0 ? 64 : 2 * ocap;
		ra->users = arena_calloc(a, ra->cap, sizeof(*ra->users));
		for (size_t j = 0; j < ocap; j++) {
			if (old[j].key == 0)
				continue;
			for (i = old[j].key * 2654435761u & (ra->cap - 1);
			    ra->users[i].key != 0; i = (i + 1) & (ra->cap - 1))
				continue;
			ra->users[i] = old[j];
		}
	}
	if (ra->cap == 0)
		return NULL;
	for (i = k * 2654435761u & (ra->cap - 1); ra->users[i].key != 0;
	    i = (i + 1) & (ra->cap - 1))
		if (ra->users[i].key == k)
			return &ra->users[i];
	if (!create)
		return NULL;
	ra->users[i].key = k;
	ra->n++;
	return &ra->users[i];
}

/*
 * Does some replication line of u admit a connection q admits (hba_match()
 * other than none)?  The lines of a prefix are found by their ranges, one
 * binary search per connection type that meets q's; the others are few,
 * and each is asked.
 */
static int
repl_overlaps(const struct repl_user *u, const struct hba_set *q,
    const struct hba_line *l)
{
	struct range	 rg;
	size_t		 f, len;

	if (u == NULL)
		return 0;
	for (size_t i = 0; i < u->nother; i++)
		if (hba_match(&u->other[i], q) != HBA_MATCH_NONE)
			return 1;
	if (!(q->conns & HBA_CONN_TCP))
		return 0;
	if (l->addr_kind != HBA_ADDR_IP || l->prefixlen < 0) {
		/* a name or keyword may be any address: any prefix line
		   of a meeting type does */
		for (int t = HBA_HOST; t <= HBA_HOSTNOGSSENC; t++)
			if ((hba_conns((enum hba_conntype)t) & q->conns) &&
			    (u->ip[0][t].n > 0 || u->ip[1][t].n > 0))
				return 1;
		return 0;
	}
	f = l->family == 4 ? 0 : 1;
	len = f == 0 ? 4 : 16;
	line_range(l, &rg);
	for (int t = HBA_HOST; t <= HBA_HOSTNOGSSENC; t++) {
		const struct ranges	*rs = &u->ip[f][t];
		size_t			 lo = 0, hi = rs->n;

		if (!(hba_conns((enum hba_conntype)t) & q->conns))
			continue;
		/* the last range starting at or before l's end; ranges
		 * before it reach l when the furthest of their ends does */
		while (lo < hi) {
			size_t	 mid = lo + (hi - lo) / 2;

			if (memcmp(rs->r[mid].lo, rg.hi, len) <= 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo > 0 && memcmp(rs->maxhi[lo - 1], rg.lo, len) >= 0)
			return 1;
	}
	return 0;
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

/* A user of hl the rule is about: the replication user, or one like it. */
static int
repl_candidate(struct check_ctx *cx, const struct hba_token *t)
{
	unsigned	 k = HBA_KEY_KIND(t->key);

	if (k == HBA_KIND_GROUP)
		return cx->repl_user == NULL &&
		    looks_replication(t->text + 1, NULL);
	return k == HBA_KIND_NAME && looks_replication(t->text,
	    cx->repl_user);
}

/* File replication line hl under its users' keys (a regular expression
 * may be any user: under all). */
static void
repl_file(struct check_ctx *cx, struct repl_all *ra, const struct hba_line *hl)
{
	for (size_t i = 0; i < hl->nuser; i++) {
		uint32_t		 k = hl->user[i].key;
		struct repl_user	*u;

		u = repl_user_of(cx->a, ra, HBA_KEY_KIND(k) == HBA_KIND_REGEX ?
		    HBA_KEY_ALL : k, 1);
		if (hl->conntype != HBA_LOCAL && hl->addr_kind == HBA_ADDR_IP &&
		    hl->prefixlen >= 0) {
			struct ranges	*rs =
			    &u->ip[hl->family == 4 ? 0 : 1][hl->conntype];

			if (rs->n == rs->cap) {
				rs->r = arena_grow(cx->a, rs->r, rs->n,
				    rs->cap * 2 + 4, sizeof(*rs->r));
				rs->cap = rs->cap * 2 + 4;
			}
			line_range(hl, &rs->r[rs->n++]);
			continue;
		}
		if (u->nother == u->capother) {
			u->other = arena_grow(cx->a, u->other, u->nother,
			    u->capother * 2 + 4, sizeof(*u->other));
			u->capother = u->capother * 2 + 4;
		}
		/* the line's keys and address must outlive it */
		hba_set_of_line(&u->other[u->nother], hl, arena_alloc(cx->a,
		    ((size_t)hl->ndb + hl->nuser) * sizeof(uint32_t)));
		if (hl->addr_kind == HBA_ADDR_IP) {
			u->other[u->nother].addr = memcpy(arena_alloc(cx->a,
			    16), hl->addr, 16);
			u->other[u->nother].mask = memcpy(arena_alloc(cx->a,
			    16), hl->mask, 16);
		}
		u->nother++;
	}
}

/* Sort each list of ranges and make its running maximum of hi. */
static void
repl_sort(struct check_ctx *cx, struct repl_all *ra)
{
	for (size_t i = 0; i < ra->cap; i++) {
		if (ra->users[i].key == 0)
			continue;
		for (size_t f = 0; f < 2; f++)
			for (int t = 0; t <= HBA_HOSTNOGSSENC; t++) {
				struct ranges *rs = &ra->users[i].ip[f][t];

				if (rs->n == 0)
					continue;
				qsort(rs->r, rs->n, sizeof(*rs->r), range_cmp);
				rs->maxhi = arena_alloc(cx->a,
				    rs->n * sizeof(*rs->maxhi));
				for (size_t j = 0; j < rs->n; j++)
					memcpy(rs->maxhi[j], j > 0 &&
					    memcmp(rs->maxhi[j - 1],
					    rs->r[j].hi, 16) > 0 ?
					    rs->maxhi[j - 1] : rs->r[j].hi, 16);
			}
	}
}

/* The end of the file: each line held, against every replication line. */
static void
repl_judge(struct check_ctx *cx, struct repl_all *ra)
{
	repl_sort(cx, ra);
	for (size_t h = 0; h < ra->nheld; h++) {
		const struct hba_line	*hl = ra->held[h];
		const struct hba_token	*all = NULL;
		struct repl_user	*any;
		struct hba_set		 q;
		uint32_t		 keys[2];

		for (size_t i = 0; i < hl->ndb && all == NULL; i++)
			if (hl->db[i].key == HBA_KEY_ALL)
				all = &hl->db[i];
		any = repl_user_of(cx->a, ra, HBA_KEY_ALL, 0);
		for (size_t i = 0; i < hl->nuser; i++) {
			struct repl_user	*u;
			struct hba_line		 one;

			if (!repl_candidate(cx, &hl->user[i]))
				continue;
			/* the replication connections of this user that hl
			 * was meant for */
			one = *hl;
			one.db = NULL;
			one.ndb = 0;
			one.user = &hl->user[i];
			one.nuser = 1;
			hba_set_of_line(&q, &one, keys + 1);
			keys[0] = HBA_KEY_REPLICATION;
			q.keys = keys;
			q.ndb = 1;
			u = repl_user_of(cx->a, ra, hl->user[i].key, 0);
			if (repl_overlaps(any, &q, hl) ||
			    repl_overlaps(u, &q, hl))
				continue;
			diag_rule(cx->d, RULE_HBA_REPLICATION_ALL, &all->pos,
			    "database \"all\" does not match replication "
			    "connections, and no \"replication\" line admits "
			    "\"%s\" %s", hl->user[i].text,
			    hl->conntype == HBA_LOCAL ?
			    "over the local socket" : arena_printf(cx->a,
			    "from \"%s\"", addr_shown(cx->a, hl)));
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

	if (ra == NULL)
		cx->state[r - rules] = ra = arena_calloc(cx->a, 1,
		    sizeof(*ra));
	if (hl == NULL) {
		repl_judge(cx, ra);
		cx->state[r - rules] = NULL;
		return;
	}
	if (!hba_line_loads(hl) || hl->method == AUTH_REJECT)
		return;
	for (size_t i = 0; i < hl->ndb; i++) {
		repl |= hl->db[i].key == HBA_KEY_REPLICATION;
		all |= hl->db[i].key == HBA_KEY_ALL;
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

/* --- hba-weak-auth, hba-replication-everywhere, hba-host-bits --- */

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

/*
 * The users a line admits, for a message: "any user" when one is all,
 * else the user field as written, quoted: "\"app,+ops\"".
 */
static const char *
users_shown(struct arena *a, const struct hba_line *hl)
{
	const char	*s = NULL;

	for (size_t i = 0; i < hl->nuser; i++) {
		if (hl->user[i].key == HBA_KEY_ALL)
			return "any user";
		s = s == NULL ? hl->user[i].text :
		    arena_printf(a, "%s,%s", s, hl->user[i].text);
	}
	if (s == NULL)
		return "any user";
	return arena_printf(a, "\"%s\"", s);
}

/*
 * hba-weak-auth: trust, password or md5 for connections from elsewhere.
 * A hostssl line that requires a client certificate the server verifies
 * is judged whole: with verify-full the certificate names the user, so
 * even trust asks for proof; with verify-ca a password on top of a
 * certificate over TLS is not weak, but trust admits any holder of a
 * certificate of the CA as any user the line names.
 */
void
check_hba_weak_auth(struct check_ctx *cx, const struct rule *r)
{
	const struct hba_line	*hl = cx->hl;
	const char		*a;
	struct pos		 mp;
	int			 full;

	(void)r;
	if (hl == NULL || !hba_line_loads(hl) || hl->conntype == HBA_LOCAL ||
	    (hl->method != AUTH_TRUST && hl->method != AUTH_PASSWORD &&
	    hl->method != AUTH_MD5) || loopback_only(hl))
		return;
	if (hl->conntype == HBA_HOSTSSL && verified_cert(hl, &full) &&
	    (full || hl->method != AUTH_TRUST))
		return;
	a = addr_shown(cx->a, hl);
	mp = hba_line_pos(hl, hl->method_at);
	switch (hl->method) {
	case AUTH_TRUST:
		if (hl->conntype == HBA_HOSTSSL && verified_cert(hl, &full))
			diag_rule(cx->d, RULE_HBA_WEAK_AUTH, &mp,
			    "trust with clientcert=verify-ca admits anyone "
			    "from \"%s\" who has a certificate of the CA, as "
			    "%s; use clientcert=verify-full or cert", a,
			    users_shown(cx->a, hl));
		else
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

/*
 * hba-replication-everywhere: replication from every address.  Local and
 * loopback lines are not everywhere (initdb writes such lines itself);
 * trust from a network is hba-weak-auth's; a line that requires a
 * verified client certificate that names the user is judged whole.
 */
void
check_hba_replication_everywhere(struct check_ctx *cx, const struct rule *r)
{
	const struct hba_line	*hl = cx->hl;
	int			 repl = 0, full;
	struct pos		 ap;

	(void)r;
	if (hl == NULL || !hba_line_loads(hl) || hl->method == AUTH_REJECT ||
	    hl->conntype == HBA_LOCAL)
		return;
	if (!(hl->addr_kind == HBA_ADDR_ALL ||
	    (hl->addr_kind == HBA_ADDR_IP && hl->prefixlen == 0)))
		return;
	if (hl->conntype == HBA_HOSTSSL && verified_cert(hl, &full) && full)
		return;
	for (size_t i = 0; i < hl->ndb; i++)
		repl |= hl->db[i].key == HBA_KEY_REPLICATION;
	if (!repl)
		return;
	ap = hba_line_pos(hl, hl->addr_at);
	diag_rule(cx->d, RULE_HBA_REPLICATION_EVERYWHERE, &ap,
	    "replication connections are allowed from every address "
	    "(\"%s\")%s", addr_shown(cx->a, hl), hl->method == AUTH_TRUST ?
	    ", with trust: anyone who reaches the port can copy the whole "
	    "cluster" : "");
}

/*
 * hba-host-bits: an address whose bits below the mask are set.  The
 * server masks them without a word (postgres-facts.md section 4), so
 * 192.168.1.5/24 admits all of 192.168.1.0/24: almost always a slip for
 * the host (/32) or the network.
 */
void
check_hba_host_bits(struct check_ctx *cx, const struct rule *r)
{
	const struct hba_line	*hl = cx->hl;
	unsigned char		 net[16];
	char			 buf[INET6_ADDRSTRLEN];
	uint64_t		 aw[2], mw[2];
	int			 n;
	struct pos		 ap;
	struct diag		*dg;

	(void)r;
	if (hl == NULL || !hba_line_loads(hl) || hl->addr_kind != HBA_ADDR_IP)
		return;
	/* (an IPv4 address fills 4 bytes of 16, the rest are 0) */
	memcpy(aw, hl->addr, sizeof(aw));
	memcpy(mw, hl->mask, sizeof(mw));
	if (((aw[0] & ~mw[0]) | (aw[1] & ~mw[1])) == 0)
		return;
	n = hl->family == 4 ? 4 : 16;
	for (int i = 0; i < n; i++)
		net[i] = hl->addr[i] & hl->mask[i];
	if (inet_ntop(hl->family == 4 ? AF_INET : AF_INET6, net, buf,
	    sizeof(buf)) == NULL)
		return;
	ap = hba_line_pos(hl, hl->addr_at);
	if (hl->prefixlen >= 0) {
		dg = diag_rule(cx->d, RULE_HBA_HOST_BITS, &ap, "address "
		    "\"%s\" has host bits set: the server reads it as %s/%d",
		    addr_shown(cx->a, hl), buf, hl->prefixlen);
		diag_hint(cx->d, dg, "write %s/%d for the network, or /%d "
		    "for the one host", buf, hl->prefixlen, n * 8);
	} else
		diag_rule(cx->d, RULE_HBA_HOST_BITS, &ap, "address \"%s\" has "
		    "bits set outside its mask: the server reads it as %s",
		    addr_shown(cx->a, hl), buf);
}

/* --- hba-no-local-superuser --- */

/* The ways in of hba-no-local-superuser: 7 connection kinds x 2 databases,
 * from 3 places (the socket, 127.0.0.1, ::1). */
#define NROUTES	14
#define NPLACES	3

/*
 * hba-no-local-superuser's state: each way in as a set of connections
 * (one connection), and the verdict of the first line that matches it.
 */
struct superuser {
	struct hba_set	 rt[NROUTES];
	uint32_t	 keys[NROUTES][2];
	/*
	 * The routes of a place together: a line that matches none of
	 * these connections matches none of its routes, and most lines
	 * are told apart so, with one hba_match() per place.
	 */
	struct hba_set	 place[NPLACES];
	uint32_t	 pkeys[3];	/* postgres, template1; postgres */
	unsigned char	 addr[2][16], mask[2][16];	/* 127.0.0.1, ::1 */
	uint32_t	*kbuf;		/* the keys of the line at hand */
	size_t		 kcap;
	enum hba_match	 m[NROUTES];	/* of the first line that matches */
	unsigned char	 done[NROUTES];	/* a line matched */
	int		 in;		/* some route lets the superuser in */
	int		 refused;	/* the server refuses the file */
};

/*
 * Does hl name only users that are not user (a key of a plain name)?  No
 * connection of user matches it then, whatever its other fields: most
 * lines of a large file are so, and need no hba_match().
 */
static int
others_only(const struct hba_line *hl, uint32_t user)
{
	for (size_t i = 0; i < hl->nuser; i++)
		if (HBA_KEY_KIND(hl->user[i].key) != HBA_KIND_NAME ||
		    hl->user[i].key == user)
			return 0;
	return 1;
}

/* The place of route k: 0 the socket, 1 127.0.0.1, 2 ::1. */
static int
route_place(int k)
{
	return k < 2 ? 0 : k < 8 ? 1 : 2;
}

static struct superuser *
superuser_new(struct check_ctx *cx)
{
	static const unsigned	 conns[] = {
		HBA_CONN_PLAIN, HBA_CONN_SSL, HBA_CONN_GSS
	};
	static const char *const dbs[] = { "postgres", "template1" };
	struct superuser	*su = arena_calloc(cx->a, 1, sizeof(*su));
	uint32_t		 user;

	user = hba_syms_key(cx->syms, HBA_KIND_NAME, "postgres");
	su->addr[0][0] = 127;
	su->addr[0][3] = 1;
	su->addr[1][15] = 1;
	memcpy(su->mask[0], hba_prefix_mask(32), 16);
	memcpy(su->mask[1], hba_prefix_mask(128), 16);
	for (int k = 0; k < 7; k++)
		for (int d = 0; d < 2; d++) {
			struct hba_set	*rt = &su->rt[k * 2 + d];
			uint32_t	*keys = su->keys[k * 2 + d];

			keys[0] = hba_syms_key(cx->syms, HBA_KIND_NAME, dbs[d]);
			keys[1] = user;
			rt->keys = keys;
			rt->ndb = rt->nuser = 1;
			if (k == 0) {
				rt->conns = HBA_CONN_SOCKET;
				continue;
			}
			rt->conns = (uint8_t)conns[(k - 1) % 3];
			rt->addr_kind = HBA_ADDR_IP;
			rt->family = k <= 3 ? 4 : 6;
			rt->prefixlen = rt->family == 4 ? 32 : 128;
			rt->addr = su->addr[k <= 3 ? 0 : 1];
			rt->mask = su->mask[k <= 3 ? 0 : 1];
		}
	su->pkeys[0] = su->keys[0][0];
	su->pkeys[1] = su->keys[1][0];
	su->pkeys[2] = user;
	for (int k = 0; k < 7; k++) {
		struct hba_set	*pl = &su->place[route_place(k * 2)];
		uint8_t		 had = pl->conns;

		*pl = su->rt[k * 2];
		pl->conns |= had;
		pl->keys = su->pkeys;
		pl->ndb = 2;
	}
	return su;
}

/*
 * hba-no-local-superuser: follow the file as check_hba() would for the
 * superuser connecting from the server's host (the socket, or TCP from
 * 127.0.0.1 or ::1, plain, with SSL or with GSSAPI, to postgres or
 * template1).  When the first line that matches rejects, or none matches,
 * for every one of these, the next reload locks the superuser out; a line
 * that may match (role membership, regular expressions, names) is taken
 * to let the superuser in.  Each way in is settled by the first line that
 * matches it, so the lines after the one that lets the superuser in cost
 * nothing.
 */
void
check_hba_no_local_superuser(struct check_ctx *cx, const struct rule *r)
{
	struct superuser	*su = cx->state[r - rules];
	const struct hba_line	*hl = cx->hl;
	struct hba_set		 s;
	struct pos		 p;
	int			 near[NPLACES];

	if (su == NULL)
		cx->state[r - rules] = su = superuser_new(cx);
	if (hl != NULL) {
		/* a file the server refuses is not loaded: nothing changes */
		if (hl->error != NULL && !hl->error_loads)
			su->refused = 1;
		/* lines with a loading error never match */
		if (su->in || su->refused || !hba_line_loads(hl) ||
		    hl->error != NULL || others_only(hl, su->pkeys[2]))
			return;
		if ((size_t)hl->ndb + hl->nuser > su->kcap) {
			su->kbuf = arena_grow(cx->a, su->kbuf, 0,
			    2 * ((size_t)hl->ndb + hl->nuser),
			    sizeof(*su->kbuf));
			su->kcap = 2 * ((size_t)hl->ndb + hl->nuser);
		}
		hba_set_of_line(&s, hl, su->kbuf);
		for (int i = 0; i < NPLACES; i++)
			near[i] = hba_match(&s, &su->place[i]) !=
			    HBA_MATCH_NONE;
		for (int k = 0; k < NROUTES; k++) {
			enum hba_match	 m;

			if (su->done[k] || !near[route_place(k)] ||
			    (m = hba_match(&s, &su->rt[k])) == HBA_MATCH_NONE)
				continue;
			if (m == HBA_MATCH_ALL && hl->method == AUTH_REJECT)
				m = HBA_MATCH_NONE;
			su->done[k] = 1;
			su->m[k] = m;
			su->in |= m != HBA_MATCH_NONE;
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

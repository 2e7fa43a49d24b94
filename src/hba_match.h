/*
 * Does a pg_hba.conf line admit a connection?  One answer for every
 * question pgpair asks of a line: whether an earlier line takes every
 * connection a later one would (hba-shadowed), whether the superuser can
 * still get in (hba-no-local-superuser), whether a replication line
 * admits what a line for database all was meant for
 * (hba-replication-all), and whether each node admits its standbys
 * (cluster-hba-replication).  A line and a set of connections are both a
 * struct hba_set; hba_match() compares them as hba.c check_hba(),
 * check_db() and check_role() of PostgreSQL 12 to 18 would, and an index
 * finds the first line of a file that takes a whole set.
 */
#ifndef PGPAIR_HBA_MATCH_H
#define PGPAIR_HBA_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "hba_vocab.h"

struct arena;
struct hba_line;

/*
 * A set of connections: what a line matches, or what a question asks
 * about.  Databases and users are key numbers of one table (hba_syms):
 * equal keys match the same names.  The connection kinds, databases,
 * users and addresses are independent, so the set is their product.
 */
struct hba_set {
	const uint32_t		*keys;		/* databases, then users */
	const char		*name;		/* HBA_ADDR_HOSTNAME */
	const unsigned char	*addr;		/* HBA_ADDR_IP: 16 bytes */
	const unsigned char	*mask;		/* HBA_ADDR_IP: 16 bytes */
	uint16_t		 ndb, nuser;
	uint8_t			 conns;		/* HBA_CONN_* */
	uint8_t			 addr_kind;	/* enum hba_addr_kind; any
						   for HBA_CONN_SOCKET */
	uint8_t			 family;	/* HBA_ADDR_IP: 4 or 6 */
	int16_t			 prefixlen;	/* -1: mask not a prefix */
};

/* How a line relates to a set of connections. */
enum hba_match {
	HBA_MATCH_NONE,		/* admits none of them */
	HBA_MATCH_SOME,		/* some of them, not all */
	HBA_MATCH_MAYBE,	/* cannot be told from the files: role
				   membership, regular expressions, host
				   names and the server's own addresses */
	HBA_MATCH_ALL		/* every one of them */
};

/*
 * Does line e (a set) match the connections of q?  HBA_MATCH_ALL only when
 * it surely takes every one: a database or user token takes another when
 * their keys are equal, or when it is all (a database all never takes a
 * replication connection); an address takes another by CIDR containment
 * within a family, all taking both families and local lines having none,
 * samenet taking samehost, 127.0.0.0/8 and ::1, samehost 127.0.0.1 and ::1,
 * a .suffix taking the names that end in it.
 */
enum hba_match	 hba_match(const struct hba_set *e, const struct hba_set *q);
/*
 * The set of line hl (one the server loads, with its fields); its keys
 * are copied to keys, which holds hl->ndb + hl->nuser numbers.
 */
void		 hba_set_of_line(struct hba_set *s, const struct hba_line *hl,
		    uint32_t *keys);
/* The network mask of prefix length q (0 to 128), 16 bytes. */
const unsigned char *hba_prefix_mask(int q);

/*
 * The first line of a file that takes every connection of a set: an
 * index of lines added in file order, on the heap and in an arena of its
 * own, freed whole.  A lookup costs one probe per key pair, place and
 * prefix length that lines of the same kind have (hba_match.c tells).
 */
struct hba_index;

/* One line of an index, as it was added. */
struct hba_entry_ref {
	const char	*file;
	unsigned	 line;
	uint32_t	 id;		/* the caller's number */
};

struct hba_index *hba_index_new(void);
void		 hba_index_free(struct hba_index *);
/*
 * Add line s (its keys and address are copied) at the end.  Returns 0, or
 * -1 when the index is full (4 billion keys): nothing is added.
 */
int		 hba_index_add(struct hba_index *, const struct hba_set *s,
		    const char *file, unsigned line, uint32_t id);
/* The earliest line added whose hba_match() with q is HBA_MATCH_ALL, or
 * NULL. */
const struct hba_entry_ref *hba_index_first(struct hba_index *,
		    const struct hba_set *q);

#endif

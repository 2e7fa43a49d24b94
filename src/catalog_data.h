/*
 * The parameter catalogs compiled in from schemas/pg*.tsv: catalog_data.c
 * is generated at build time by tools/catalog2c.sh.  Only pgvocab.c reads
 * these tables; everyone else goes through pgvocab.h.
 */
#ifndef PGPAIR_CATALOG_DATA_H
#define PGPAIR_CATALOG_DATA_H

#include <stdint.h>

struct guc_def;

/*
 * A parameter as compiled in: strings are offsets into the catalog's
 * block of strings (0: none), so that the tables need no relocation when
 * the program starts.  A list is that many strings one after the other.
 */
struct guc_row {
	double			 min, max;
	uint32_t		 name, unit, boot_val, alias;
	uint32_t		 enumvals, nenumvals;
	uint32_t		 hidden, nhidden;
	uint8_t			 type;		/* enum guc_type */
	uint8_t			 context;	/* enum guc_context */
	uint8_t			 listed;
};

struct vocab_catalog {
	int			 major;
	long			 version_num;	/* its server_version_num */
	const struct guc_row	*rows;		/* sorted by lower-case name */
	const char		*str;		/* what rows' offsets are in */
	unsigned		 n;
	/* room for pgvocab.c to build the catalog's struct guc_def table
	   (n) and its lists (each with a NULL) when it is first asked */
	struct guc_def		*defs;
	const char		**slots;
};

/* Every catalog, in the order given to catalog2c.sh, then NULL. */
extern const struct vocab_catalog *const vocab_catalogs[];

#endif

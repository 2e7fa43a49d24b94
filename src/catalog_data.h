/*
 * The parameter catalogs compiled in from schemas/pg*.tsv: catalog_data.c
 * is generated at build time by tools/catalog2c.sh.  Only pgvocab.c reads
 * these tables; everyone else goes through pgvocab.h.
 */
#ifndef PGPAIR_CATALOG_DATA_H
#define PGPAIR_CATALOG_DATA_H

struct guc_def;

struct vocab_catalog {
	int			 major;
	long			 version_num;	/* its server_version_num */
	const struct guc_def	*defs;		/* sorted by lower-case name */
	unsigned		 n;
};

/* Every catalog, in the order given to catalog2c.sh, then NULL. */
extern const struct vocab_catalog *const vocab_catalogs[];

#endif

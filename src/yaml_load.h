/*
 * libyaml events -> a tree of struct ynode, every node carrying the position
 * of its first character.  This is the first stage of check and generate:
 * nothing after it includes <yaml.h>.  Duplicate keys, which libyaml lets
 * through, are reported here.
 */
#ifndef PGPAIR_YAML_LOAD_H
#define PGPAIR_YAML_LOAD_H

#include <stddef.h>

#include "diag.h"

struct arena;

enum ynode_kind {
	YNODE_SCALAR,
	YNODE_MAP,
	YNODE_SEQ
};

/* How a scalar was written; a plain scalar may be a number or boolean. */
enum yscalar_style {
	YSTYLE_PLAIN,
	YSTYLE_QUOTED,		/* single, double, literal or folded */
};

struct ynode;

struct ypair {
	struct ynode	*key;		/* always a scalar */
	struct ynode	*value;
};

struct ynode {
	enum ynode_kind	 kind;
	struct pos	 pos;		/* first character of the node */
	/* YNODE_SCALAR */
	const char	*str;		/* NUL-terminated; may hold NUL bytes */
	size_t		 len;
	enum yscalar_style style;
	/* YNODE_MAP, in document order */
	struct ypair	*pairs;
	size_t		 npairs;
	/* YNODE_SEQ */
	struct ynode	**items;
	size_t		 nitems;
};

/*
 * Load the single YAML document in path.  The tree lives in a.  On a syntax
 * error, a duplicate key, an unreadable file, more than one document or a
 * non-scalar key, diagnostics go to d (rules yaml-syntax,
 * yaml-duplicate-key; I/O problems as level error with rule NULL and
 * *io_error set when io_error is not NULL) and the result is NULL.
 * An empty document gives an empty map.  Aliases share the anchored node.
 */
struct ynode	*yaml_load_file(struct arena *a, const char *path,
		    struct diags *d, int *io_error);
/*
 * yaml_load_file() that also hands back the file: *text gets its bytes
 * exactly as read (in a, a NUL after them, a byte order mark kept) and
 * *len their count, whenever the file could be read, valid YAML or not;
 * NULL and 0 when it could not.
 */
struct ynode	*yaml_load_file_text(struct arena *a, const char *path,
		    struct diags *d, int *io_error, const char **text,
		    size_t *len);
/* The same for text in memory; name is used as the file in positions. */
struct ynode	*yaml_load_string(struct arena *a, const char *name,
		    const char *text, size_t len, struct diags *d);

/* The value for key in a map, or NULL. */
struct ynode	*ynode_get(const struct ynode *map, const char *key);
/* Plain scalar "null", "~", "Null", "NULL" or empty plain: a YAML null. */
int		 ynode_is_null(const struct ynode *);
/* Plain scalars that YAML 1.2's core schema reads as true/false. */
int		 ynode_bool(const struct ynode *, int *out);
/* Plain scalar integer (decimal, 0x, 0o); returns 0 on success. */
int		 ynode_int(const struct ynode *, long long *out);
/* Plain scalar that is a number (int or float), text kept as written. */
int		 ynode_is_number(const struct ynode *);
const char	*ynode_kind_name(enum ynode_kind);

#endif

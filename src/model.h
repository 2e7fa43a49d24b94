/*
 * The cluster model: what a description means, built from the YAML tree by
 * model_build() after the structural checks (keys, types, required values).
 * Every value keeps the position of the YAML node it came from, so that the
 * rules that run on the model can point at it.  Defaults that depend on the
 * platform and version are filled in here, once.
 */
#ifndef PGPAIR_MODEL_H
#define PGPAIR_MODEL_H

#include <stddef.h>

#include "diag.h"

struct arena;
struct hba_file;
struct ynode;

enum platform {
	PLATFORM_RHEL,		/* PGDG packages, as in the seed */
	PLATFORM_DEBIAN,	/* Debian/Ubuntu packages, pg_ctlcluster */
	PLATFORM_GENERIC	/* already installed; pg_ctl as the invoking user */
};

enum role {
	ROLE_PRIMARY,
	ROLE_STANDBY
};

enum addr_kind {
	ADDR_IPV4,
	ADDR_IPV6,
	ADDR_HOSTNAME
};

enum password_source {
	PASSWORD_ENV,		/* password: {env: NAME} */
	PASSWORD_FILE		/* password: {file: PATH} */
};

enum sync_method {
	SYNC_FIRST,
	SYNC_ANY
};

/* One postgresql.conf setting as written in the description. */
struct setting {
	const char	*name;		/* as written */
	const char	*value;		/* scalar text, YAML booleans as on/off */
	struct pos	 name_pos;
	struct pos	 value_pos;
	int		 generated;	/* set by pgpair, not by the user */
};

struct settings {
	struct setting	*v;
	size_t		 n;
};

/* An IP network of the description, as read (hba_ip_parse()). */
struct node_net {
	int		 family;	/* 4 or 6; 0: none */
	int		 prefixlen;
	unsigned char	 addr[16];	/* host bits zero */
	unsigned char	 mask[16];
};

/* One pg_hba.conf line, from access: or generated for replication. */
struct hba_entry {
	const char	*type;		/* local, host, hostssl, hostnossl, ... */
	const char	*database;	/* as written (comma list allowed) */
	const char	*user;
	const char	*address;	/* NULL for local */
	const char	*method;
	const char	*options;	/* "name=value ..." or NULL */
	const char	*comment;	/* for generated lines, or NULL */
	struct pos	 pos;		/* the access: item, or the node */
	/* access: where each field's value is written (line 0: not) */
	struct pos	 type_pos, database_pos, user_pos, address_pos;
	struct pos	 method_pos;
	struct pos	*opt_pos;	/* each option's value, in order */
	size_t		 nopt;
	int		 generated;
};

struct node {
	const char	*name;
	struct pos	 pos;		/* the node's mapping */
	struct pos	 name_pos;
	enum role	 role;
	struct pos	 role_pos;
	const char	*address;
	enum addr_kind	 addr_kind;
	struct pos	 address_pos;
	unsigned	 port;
	struct pos	 port_pos;
	const char	*subnet;	/* CIDR; default address/32 or /128 */
	struct node_net	 net;		/* subnet, read */
	int		 subnet_given;
	struct pos	 subnet_pos;
	const char	*upstream_name;	/* NULL until resolved: the primary */
	struct pos	 upstream_pos;
	struct node	*upstream;	/* NULL for the primary */
	/* Per-node overrides of the platform defaults, all filled in. */
	const char	*data_directory;
	const char	*bin_directory;
	const char	*config_directory;	/* where postgresql.conf lives */
	const char	*service;	/* systemd unit; NULL on generic */
	const char	*os_user;	/* NULL on generic: the invoking user */
	const char	*passfile;	/* standby's .pgpass for replication */
	const char	*socket_directory; /* first of unix_socket_directories,
					   or NULL: libpq's default */
	/*
	 * Where data_directory, bin_directory, config_directory, passfile and
	 * service were written, or line 0 when the platform's default applies
	 * (a rule then points at the node).  The paths are normalised: no
	 * trailing slash, no "//"; "." and ".." are kept for the rules.
	 */
	struct pos	 data_directory_pos;
	struct pos	 bin_directory_pos;
	struct pos	 config_directory_pos;
	struct pos	 passfile_pos;
	struct pos	 service_pos;
	struct settings	 settings;	/* the node's own, as written */
	/*
	 * The effective settings pgpair writes into the node's conf fragment:
	 * the cluster's, overridden by the node's, then what pgpair adds
	 * (generated = 1: port, listen_addresses, wal_level when unset,
	 * synchronous_standby_names on the primary, ...), sorted by name.
	 */
	struct settings	 conf;
	const char	*slot;		/* physical slot on the upstream, or NULL */
	int		 sync;		/* named in synchronous.standbys */
	struct node	**children;	/* direct standbys, in description order */
	size_t		 nchildren;
	size_t		 index;		/* position in cluster.nodes */
	size_t		 depth;		/* 0 for the primary */
	/* the first two earlier nodes whose subnet covers this one's, or
	   NULL (model_node_hba()) */
	const struct node *cover[2];
	/* lint --cluster: the pg_hba.conf on disk, read, that stands for
	   the generated one, and its place (line 0); else NULL */
	const struct hba_file *hba_disk;
	struct pos	 hba_file;
};

struct cluster {
	const char	*file;		/* the description's path */
	const char	*text;		/* its bytes as read, or NULL */
	size_t		 text_len;
	const char	*name;
	struct pos	 name_pos;
	int		 version;	/* major, 12..18 */
	struct pos	 version_pos;
	enum platform	 platform;
	struct pos	 platform_pos;
	const char	*repl_user;
	struct pos	 repl_user_pos;
	enum password_source pw_source;
	const char	*pw_ref;	/* variable name or file path */
	struct pos	 pw_pos;
	int		 slots;		/* replication.slots: true */
	struct pos	 slots_pos;
	struct settings	 settings;	/* for every node */
	struct node	*nodes;		/* in description order */
	size_t		 nnodes;
	struct node	*primary;
	struct hba_entry *access;
	size_t		 naccess;
	struct {
		int		 enabled;
		enum sync_method method;
		unsigned	 count;
		struct node	**standbys;
		size_t		 nstandbys;
		struct pos	 pos;
	}		 sync;
	/*
	 * initdb: options for the primary's new data directory (standbys are
	 * copies of it).  Each is unset unless written; the encoding is the
	 * server's canonical name (UTF8, LATIN1, ...), the locales are names
	 * of safe characters that only the target host can resolve.
	 */
	struct {
		int		 checksums;	/* 1, 0, or -1: the version's
						   default (on from 18) */
		const char	*encoding;	/* or NULL */
		const char	*locale;	/* every category, or NULL */
		const char	*lc_collate;	/* overrides locale, or NULL */
		const char	*lc_ctype;	/* overrides locale, or NULL */
		struct pos	 pos;		/* the mapping, or line 0 */
	}		 initdb;
	const struct ynode *root;
};

/*
 * Build the model from the tree.  Structural problems (unknown key with a
 * did-you-mean, wrong type, missing value, bad name/address/port/CIDR,
 * a literal password) go to d with positions.  Returns the cluster when it
 * could be built far enough for the rules to run (the rules then check
 * topology and settings), or NULL.
 */
struct cluster	*model_build(struct arena *a, const struct ynode *root,
		    const char *file, struct diags *d);
/* Effective value of a setting on a node: its own, else the cluster's,
 * else NULL (the version's default applies).  *from gets the setting. */
const char	*model_setting(const struct cluster *, const struct node *,
		    const char *name, const struct setting **from);
struct node	*model_find_node(const struct cluster *, const char *name);
/*
 * The pg_hba.conf of node n, line by line, in a (*out; returns the
 * count): local administration, then a replication line for every other
 * node with a subnet (so that whichever node is promoted accepts its
 * peers), a node whose subnet an earlier line covers named in that
 * line's comment instead, then the access lines of the description.
 */
size_t		 model_node_hba(struct arena *a, const struct cluster *cl,
		    const struct node *n, struct hba_entry **out);
/* 1 when address is a loopback address (127.0.0.0/8, ::1) or localhost. */
int		 model_loopback(const char *address);
/*
 * 1 when name[0..len) can be a Debian cluster name in pgpair's hands:
 * lower-case letters, digits, _ and ., not "." or "..".  Debian allows -
 * too, but systemd turns the - of postgresql@15-my-db into a /.
 */
int		 model_debian_name_ok(const char *name, size_t len);
/*
 * The initdb options of cl's initdb: for its major version, as a
 * NULL-terminated array in a (*n gets the count): --data-checksums, or
 * --no-data-checksums (PostgreSQL 18 and later, where checksums are on by
 * default; earlier they are off without an option), then --encoding=,
 * --locale=, --lc-collate= and --lc-ctype= as written.  Every option is
 * one shell word of safe characters.
 */
const char	**model_initdb_options(struct arena *a, const struct cluster *cl,
		    size_t *n);
const char	*platform_name(enum platform);
const char	*role_name(enum role);

#endif

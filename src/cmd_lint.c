/*
 * pgpair lint: existing postgresql.conf and pg_hba.conf files, data
 * directories, trees written by generate and cluster descriptions, read as
 * the server reads them.  Each input goes through its reader (conf_parse,
 * hba_parse, yaml_load + model) and then the rules of its scope; with
 * --cluster, the files on disk replace the description's view of their
 * node and the cross-node rules run again.  Diagnostics go to stdout.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "arena.h"
#include "cmd.h"
#include "conf_parse.h"
#include "diag.h"
#include "hba_parse.h"
#include "ident_parse.h"
#include "model.h"
#include "pgvocab.h"
#include "render.h"
#include "repoconf.h"
#include "report.h"
#include "rule.h"
#include "rules_conf.h"
#include "srcfile.h"
#include "suppress.h"
#include "xmalloc.h"
#include "yaml_load.h"

enum lint_kind {
	KIND_AUTO,
	KIND_CONF,
	KIND_HBA,
	KIND_IDENT,
	KIND_CLUSTER,
	KIND_DATADIR,
	KIND_TREE
};

struct lint {
	struct arena	*a;
	struct diags	*d;
	int		 major;		/* --pg-version, or 0 */
	int		 default_major;	/* .pgpair.yaml's, or the default */
	enum lint_kind	 type;		/* --type, or KIND_AUTO */
	struct cluster	*cl;		/* --cluster, or NULL */
	int		 io_error;
};

/* What lint read for one node's files, for the cross-node rules. */
struct ondisk {
	const char		*name;		/* the node it belongs to */
	struct conf_file_set	 conf;
	int			 have_conf;
	struct hba_file		 hba;
	int			 have_hba;
};

static void	 read_conf_path(struct lint *, const char *);
static void	 read_hba_path(struct lint *, const char *);
static void	 read_ident_path(struct lint *, const char *);
static void	 read_cluster_path(struct lint *, const char *);
static void	 ident_rules(struct lint *, const struct ident_file *, int);
static void	 lint_ident_buf(struct lint *, const struct srcfile *);

/*
 * The kinds of file lint reads, in the order their names are tried: the
 * word --type takes, the base names that say the kind (fnmatch() patterns,
 * case folded), the sniff votes that count for it, and its reader.  A
 * name that matches no pattern is judged by its content (sniff()), and a
 * postgresql.conf is what is left.  Directories are data directories or
 * trees, by what they hold.
 */
enum vote {
	VOTE_NONE,
	VOTE_CONF,
	VOTE_HBA,
	VOTE_IDENT,
	VOTE_CLUSTER
};

static const struct kind {
	enum lint_kind	  kind;
	const char	 *type;
	const char	 *names[4];	/* NULL-terminated */
	enum vote	  vote;
	void		(*read)(struct lint *, const char *);
} kinds[] = {
	{ KIND_CLUSTER, "cluster", { "*.yaml", "*.yml", NULL }, VOTE_CLUSTER,
	    read_cluster_path },
	{ KIND_HBA, "hba", { "*hba*", NULL }, VOTE_HBA, read_hba_path },
	{ KIND_IDENT, "ident", { "pg_ident*", "*ident*.conf", NULL },
	    VOTE_IDENT, read_ident_path },
	{ KIND_CONF, "conf", { "postgresql*.conf", NULL }, VOTE_CONF,
	    read_conf_path },
};

#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))

/* Sniffing reads this much of a file at most, and this many lines. */
#define SNIFF_BYTES	65536
#define SNIFF_LINES	100

static int
is_dir(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
exists(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0;
}

static const char *
base_name(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s != NULL && s[1] != '\0' ? s + 1 : path;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t	 a = strlen(s), b = strlen(suffix);

	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* The entry of kinds[] for kind, or NULL. */
static const struct kind *
kind_of(enum lint_kind kind)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (kinds[i].kind == kind)
			return &kinds[i];
	return NULL;
}

/* The entry --type names, or NULL. */
static const struct kind *
kind_by_type(const char *type)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].type, type) == 0)
			return &kinds[i];
	return NULL;
}

/*
 * What one line of a file says of its kind, blanks and comments aside:
 * "name: ..." or "- ..." at the start is YAML; a connection type first,
 * with three more words, pg_hba.conf; "name = value" or two words a
 * postgresql.conf ('...' quotes a value); three or more words without "="
 * a pg_ident.conf ("..." quotes a name).  Include lines say nothing: they
 * look alike in every kind.
 */
static enum vote
sniff_line(const char *s, size_t len)
{
	char		 first[16];
	size_t		 i = 0, words = 0, flen = 0;
	int		 eq = 0;

	while (i < len) {
		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
		if (i == len || s[i] == '#')
			break;
		/* "- item", "---" and "%YAML" start YAML lines only */
		if (words == 0 && (s[i] == '-' || s[i] == '%'))
			return s[i] == '-' && (i + 1 == len || s[i + 1] == ' ' ||
			    s[i + 1] == '-') ? VOTE_CLUSTER : VOTE_NONE;
		if (s[i] == '=') {
			eq = 1;
			i++;
			continue;
		}
		if (words == 0 && s[i] != '\'' && s[i] != '"') {
			size_t	 k = i;

			while (k < len && (isalnum((unsigned char)s[k]) ||
			    s[k] == '_' || s[k] == '.' || s[k] == '-'))
				k++;
			if (k < len && s[k] == ':' && (k + 1 == len ||
			    s[k + 1] == ' ' || s[k + 1] == '\r'))
				return VOTE_CLUSTER;
			flen = k - i < sizeof(first) ? k - i : 0;
			memcpy(first, s + i, flen);
		}
		words++;
		if (s[i] == '\'' || s[i] == '"') {
			char	 q = s[i++];

			while (i < len && s[i] != q)
				i++;
			i++;
		} else
			while (i < len && s[i] != ' ' && s[i] != '\t' &&
			    s[i] != '\r' && s[i] != '=' && s[i] != '#')
				i++;
	}
	first[flen] = '\0';
	if (words == 0 || strncmp(first, "include", 7) == 0)
		return VOTE_NONE;
	/* a connection type (hba_vocab.c's names) first */
	if (hba_conntype_find(first) != HBA_CONN_NONE && words >= 4 && !eq)
		return VOTE_HBA;
	if (eq || words == 2)
		return VOTE_CONF;
	return words >= 3 ? VOTE_IDENT : VOTE_NONE;
}

/*
 * The kind the first lines of n bytes at buf vote for (the most votes; a
 * tie or no vote is KIND_AUTO).
 */
static enum lint_kind
sniff_buf(const char *buf, size_t n)
{
	size_t		 votes[VOTE_CLUSTER + 1] = { 0 }, best = 0, lines = 0;
	enum vote	 win = VOTE_NONE;

	for (size_t i = 0; i < n && lines < SNIFF_LINES;) {
		const char	*nl = memchr(buf + i, '\n', n - i);
		size_t		 len = nl != NULL ? (size_t)(nl - (buf + i)) : n - i;
		enum vote	 v = sniff_line(buf + i, len);

		if (v != VOTE_NONE) {
			votes[v]++;
			lines++;
		}
		i += len + 1;
	}
	for (int v = VOTE_CONF; v <= VOTE_CLUSTER; v++)
		if (votes[v] > best) {
			best = votes[v];
			win = (enum vote)v;
		} else if (votes[v] == best)
			win = VOTE_NONE;
	for (size_t i = 0; i < NKINDS; i++)
		if (win != VOTE_NONE && kinds[i].vote == win)
			return kinds[i].kind;
	return KIND_AUTO;
}

/*
 * sniff_buf() of the first SNIFF_BYTES of the file at path, when it is a
 * regular file: the open does not wait (a FIFO is not read here; the
 * reader then refuses it with its reason).
 */
static enum lint_kind
sniff(const char *path)
{
	struct stat	 st;
	char		*buf;
	ssize_t		 r;
	size_t		 n = 0;
	int		 fd;
	enum lint_kind	 k = KIND_AUTO;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) ==
	    -1)
		return KIND_AUTO;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		buf = xmalloc(SNIFF_BYTES);
		while (n < SNIFF_BYTES && ((r = read(fd, buf + n,
		    SNIFF_BYTES - n)) > 0 || (r == -1 && errno == EINTR)))
			if (r > 0)
				n += (size_t)r;
		k = sniff_buf(buf, n);
		free(buf);
	}
	close(fd);
	return k;
}

/* The kind the base name of path says (kinds[]), or KIND_AUTO. */
static enum lint_kind
kind_by_name(const char *path)
{
	const char	*b = base_name(path);

	for (size_t i = 0; i < NKINDS; i++)
		for (const char *const *p = kinds[i].names; *p != NULL; p++)
			if (fnmatch(*p, b, FNM_CASEFOLD) == 0)
				return kinds[i].kind;
	return KIND_AUTO;
}

/*
 * The kind of a path: a directory by its content; else --type, the name
 * (kinds[]), the content (sniff()), and at last a postgresql.conf.
 */
static enum lint_kind
classify(struct lint *l, const char *path)
{
	enum lint_kind	 k;

	if (is_dir(path)) {
		if (exists(arena_printf(l->a, "%s/PG_VERSION", path)))
			return KIND_DATADIR;
		return KIND_TREE;
	}
	if (l->type != KIND_AUTO)
		return l->type;
	if ((k = kind_by_name(path)) != KIND_AUTO)
		return k;
	if ((k = sniff(path)) != KIND_AUTO)
		return k;
	return KIND_CONF;
}

static int
major_for(const struct lint *l, int found)
{
	if (l->major != 0)
		return l->major;
	if (pgvocab_supported(found))
		return found;
	if (l->cl != NULL)
		return l->cl->version;
	return l->default_major;
}

static void
io_fail(struct lint *l, const char *path, int err)
{
	struct pos	 p = { path, 0, 0 };

	diag_add(l->d, &p, LEVEL_ERROR, NULL, "cannot read: %s",
	    srcfile_strerror(err));
	l->io_error = 1;
}

/*
 * PG_VERSION of a data directory: "15\n" -> 15; 0 when it is missing.  It
 * is read as every input is (srcfile_read()): a FIFO or a device there is
 * an error, not a hang.
 */
static int
read_pg_version(struct lint *l, const char *dir)
{
	const struct srcfile	*sf;
	const char		*path;

	path = arena_printf(l->a, "%s/PG_VERSION", dir);
	if ((sf = srcfile_read(l->a, path)) == NULL) {
		if (errno != ENOENT)
			io_fail(l, path, errno);
		return 0;
	}
	return atoi(sf->buf);
}

/* The conf rules on a set whose syntax the server accepts. */
static void
run_conf_rules(struct lint *l, const struct conf_file_set *set, int major)
{
	struct check_ctx	 cx;

	memset(&cx, 0, sizeof(cx));
	cx.a = l->a;
	cx.d = l->d;
	cx.major = major;
	cx.conf = set;
	rules_run(SCOPE_CONF, &cx);
}

/*
 * Read conf files into set: each path in order (later ones win, as
 * postgresql.auto.conf over postgresql.conf), then resolve duplicates.
 * Returns 1 when the server would accept their syntax and includes.
 */
static int
read_conf(struct lint *l, const char *const *paths, size_t n,
    struct conf_file_set *set)
{
	int	 ok = 1, rc;

	conf_set_init(set);
	for (size_t i = 0; i < n; i++) {
		rc = conf_parse_append(l->a, paths[i], l->d, set);
		if (rc < 0)
			l->io_error = 1;
		if (rc != 0)
			ok = 0;
	}
	conf_resolve(set, l->d);
	return ok;
}

/* A postgresql.conf-like file, judged as a postgresql.conf of its own. */
static void
lint_conf(struct lint *l, const char *path, struct ondisk *od)
{
	struct conf_file_set	 set;
	int			 major = major_for(l, 0);

	if (read_conf(l, &path, 1, &set))
		run_conf_rules(l, &set, major);
	if (od != NULL) {
		od->conf = set;
		od->have_conf = 1;
	}
}

/*
 * hba features from the conf in force: ssl = off makes hostssl an error.
 * A whole configuration (whole: a data directory's) that does not set
 * ssl has it off, the server's default; the fragments of a generated tree
 * are included from a postgresql.conf lint does not see, so there only a
 * fragment that turns ssl off does.
 */
static unsigned
hba_features(const struct conf_file_set *set, int whole)
{
	const char	*ssl = set != NULL ? conf_effective(set, "ssl", NULL) :
	    NULL;
	unsigned	 f = HBA_FEAT_DEFAULT;
	int		 on;

	if (set == NULL)
		return f;
	if (ssl == NULL ? whole : pgvocab_parse_bool(ssl, &on) && !on)
		f |= HBA_FEAT_SSL_OFF;
	return f;
}

static void
lint_hba(struct lint *l, const char *path, int major,
    const struct conf_file_set *conf, int whole, struct ondisk *od)
{
	struct hba_opts		 o;
	struct check_ctx	 cx;

	memset(&o, 0, sizeof(o));
	o.major = major;
	o.features = hba_features(conf, whole);
	if (conf != NULL)
		o.oauth_validators = conf_effective(conf,
		    "oauth_validator_libraries", NULL);
	memset(&cx, 0, sizeof(cx));
	cx.a = l->a;
	cx.d = l->d;
	cx.major = major;
	cx.cl = l->cl;
	cx.repl_user = l->cl != NULL ? l->cl->repl_user : NULL;
	if (rules_hba_file(&cx, path, &o, od != NULL ? &od->hba : NULL) != 0) {
		io_fail(l, path, errno);
		return;
	}
	if (od != NULL)
		od->have_hba = 1;
}

/*
 * A pg_ident.conf: read as the server reads it, then the pg_ident.conf
 * rules on the lines it accepts.
 */
static void
lint_ident(struct lint *l, const char *path, int major)
{
	struct ident_file	 f;

	if (ident_parse_file(l->a, path, major, l->d, &f) != 0) {
		io_fail(l, path, errno);
		return;
	}
	ident_rules(l, &f, major);
}

/* The same for standard input, read into sf. */
static void
lint_ident_buf(struct lint *l, const struct srcfile *sf)
{
	struct ident_file	 f;
	int			 major = major_for(l, 0);

	ident_parse_buf(l->a, sf->path, sf->buf, sf->len, major, l->d, &f);
	ident_rules(l, &f, major);
}

/* The pg_ident.conf rules on the lines of f. */
static void
ident_rules(struct lint *l, const struct ident_file *f, int major)
{
	struct check_ctx	 cx;

	memset(&cx, 0, sizeof(cx));
	cx.a = l->a;
	cx.d = l->d;
	cx.major = major;
	cx.ident = f;
	rules_run(SCOPE_IDENT, &cx);
}

static void
lint_cluster(struct lint *l, const char *path)
{
	int	 io_error;

	cluster_check_file(l->a, path, l->d, &io_error);
	if (io_error)
		l->io_error = 1;
}

/* The readers of kinds[]: one file each, on its own. */
static void
read_conf_path(struct lint *l, const char *path)
{
	lint_conf(l, path, NULL);
}

static void
read_hba_path(struct lint *l, const char *path)
{
	lint_hba(l, path, major_for(l, 0), NULL, 0, NULL);
}

static void
read_ident_path(struct lint *l, const char *path)
{
	lint_ident(l, path, major_for(l, 0));
}

static void
read_cluster_path(struct lint *l, const char *path)
{
	lint_cluster(l, path);
}

/*
 * A data directory: postgresql.conf then postgresql.auto.conf, the hba
 * and ident files they name (pg_hba.conf and pg_ident.conf by default),
 * PG_VERSION and the signal files.
 */
static void
lint_datadir(struct lint *l, const char *dir, struct ondisk *od)
{
	struct conf_file_set	 set;
	struct datadir		 dd;
	struct check_ctx	 cx;
	const char		*paths[2], *hba, *ident;
	size_t			 n = 0;
	int			 major, ok;

	memset(&dd, 0, sizeof(dd));
	dd.path = dir;
	dd.pg_version = read_pg_version(l, dir);
	dd.recovery_conf = exists(arena_printf(l->a, "%s/recovery.conf", dir));
	dd.standby_signal = exists(arena_printf(l->a, "%s/standby.signal", dir));
	dd.recovery_signal = exists(arena_printf(l->a, "%s/recovery.signal",
	    dir));
	major = major_for(l, dd.pg_version);

	paths[n] = arena_printf(l->a, "%s/postgresql.conf", dir);
	if (exists(paths[n]))
		n++;
	paths[n] = arena_printf(l->a, "%s/postgresql.auto.conf", dir);
	if (exists(paths[n]))
		n++;
	ok = read_conf(l, paths, n, &set);
	if (ok)
		run_conf_rules(l, &set, major);

	hba = conf_effective(&set, "hba_file", NULL);
	if (hba == NULL || *hba == '\0')
		hba = arena_printf(l->a, "%s/pg_hba.conf", dir);
	else if (hba[0] != '/')
		hba = arena_printf(l->a, "%s/%s", dir, hba);
	if (exists(hba))
		lint_hba(l, hba, major, &set, 1, od);
	ident = conf_effective(&set, "ident_file", NULL);
	if (ident == NULL || *ident == '\0')
		ident = arena_printf(l->a, "%s/pg_ident.conf", dir);
	else if (ident[0] != '/')
		ident = arena_printf(l->a, "%s/%s", dir, ident);
	if (exists(ident))
		lint_ident(l, ident, major);

	memset(&cx, 0, sizeof(cx));
	cx.a = l->a;
	cx.d = l->d;
	cx.major = major;
	cx.conf = &set;
	cx.datadir = &dd;
	rules_run(SCOPE_DATADIR, &cx);
	if (od != NULL) {
		od->conf = set;
		od->have_conf = 1;
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Entries of dir (sorted by name, as include_dir does) passing keep(). */
static size_t
list_dir(struct arena *a, const char *dir, int want_dirs,
    const char ***out)
{
	const char	**v = NULL;
	size_t		 n = 0, cap = 0;
	struct dirent	*de;
	DIR		*dp;

	if ((dp = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(dp)) != NULL) {
		const char	*p;

		if (de->d_name[0] == '.')
			continue;
		p = arena_printf(a, "%s/%s", dir, de->d_name);
		if (want_dirs ? !is_dir(p) :
		    (is_dir(p) || !ends_with(de->d_name, ".conf")))
			continue;
		if (n == cap) {
			v = arena_grow(a, v, n, cap * 2 + 8, sizeof(*v));
			cap = cap * 2 + 8;
		}
		v[n++] = p;
	}
	closedir(dp);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	return n;
}

/*
 * A tree written by generate: NODE/pg_hba.conf and the .conf files of
 * NODE/conf.d for every node folder.  The fragments of a node are read
 * together, as the server reads an include_dir.  list_dir() passes over
 * hidden names, so .pgpair/, which keeps the description the tree came
 * from, is no node (lint that description with --cluster).
 */
/*
 * The major version of the description a generated tree keeps
 * (TREE_DESCRIPTION), so that its files are read as the servers they are
 * for will read them; 0 when there is none to read.
 */
static int
tree_major(struct lint *l, const char *dir)
{
	struct diags		 scratch;
	const struct ynode	*root, *v;
	long long		 ver;
	int			 io_error;

	diags_init(&scratch, l->a);
	if ((root = yaml_load_file(l->a, arena_printf(l->a, "%s/%s", dir,
	    TREE_DESCRIPTION), &scratch, &io_error)) == NULL ||
	    (v = ynode_get(root, "postgres")) == NULL ||
	    (v = ynode_get(v, "version")) == NULL || ynode_int(v, &ver) != 0 ||
	    !pgvocab_supported((int)ver))
		return 0;
	return (int)ver;
}

static void
lint_tree(struct lint *l, const char *dir, struct ondisk **ods, size_t *nods)
{
	const char	**nodes, **frags;
	size_t		 nn, nf;
	int		 major = major_for(l, tree_major(l, dir)), found = 0;

	nn = list_dir(l->a, dir, 1, &nodes);
	for (size_t i = 0; i < nn; i++) {
		struct ondisk		*od;
		const char		*hba;
		struct conf_file_set	 set;

		nf = list_dir(l->a, arena_printf(l->a, "%s/conf.d", nodes[i]),
		    0, &frags);
		hba = arena_printf(l->a, "%s/pg_hba.conf", nodes[i]);
		if (nf == 0 && !exists(hba))
			continue;
		found = 1;
		*ods = arena_grow(l->a, *ods, *nods, *nods + 1, sizeof(**ods));
		od = &(*ods)[(*nods)++];
		memset(od, 0, sizeof(*od));
		od->name = base_name(nodes[i]);
		if (nf > 0) {
			if (read_conf(l, frags, nf, &set))
				run_conf_rules(l, &set, major);
			od->conf = set;
			od->have_conf = 1;
		}
		if (exists(hba))
			lint_hba(l, hba, major, nf > 0 ? &od->conf : NULL, 0,
			    od);
	}
	if (!found) {
		struct pos	 p = { dir, 0, 0 };

		diag_add(l->d, &p, LEVEL_ERROR, NULL, "not a data directory "
		    "(no PG_VERSION) nor a tree written by pgpair generate "
		    "(no NODE/pg_hba.conf or NODE/conf.d)");
		l->io_error = 1;
	}
}

/* The settings lint read, as the model's struct settings. */
static void
settings_from_conf(struct arena *a, const struct conf_file_set *set,
    struct settings *out)
{
	size_t	 n = 0;

	out->v = arena_calloc(a, set->nsettings + 1, sizeof(*out->v));
	for (const struct conf_setting *s = set->first; s != NULL; s = s->next) {
		if (s->overridden)
			continue;
		out->v[n].name = s->name;
		out->v[n].value = s->value;
		out->v[n].name_pos = s->name_pos;
		out->v[n].value_pos = s->value_pos;
		n++;
	}
	out->n = n;
}

/*
 * --cluster: the files on disk replace the description's settings and
 * pg_hba.conf of their node, and the cross-node rules run on that mix, so
 * that a hand edit that drifted from the description is caught where it
 * was made.
 */
static void
cross_check(struct lint *l, struct ondisk *ods, size_t nods)
{
	struct check_ctx	 cx;
	int			 any = 0;

	for (size_t i = 0; i < nods; i++) {
		struct node	*n = model_find_node(l->cl, ods[i].name);

		if (n == NULL)
			continue;
		any = 1;
		if (ods[i].have_conf) {
			settings_from_conf(l->a, &ods[i].conf, &n->conf);
			n->settings = n->conf;
		}
		if (ods[i].have_hba) {
			/* the lines lint read stand for the generated ones */
			n->hba_disk = &ods[i].hba;
			n->hba_file.file = ods[i].hba.path;
			n->hba_file.line = 0;
			n->hba_file.col = 0;
		}
	}
	if (!any)
		return;
	/* The description's own findings were reported once already. */
	{
		size_t	 before = l->d->n;

		memset(&cx, 0, sizeof(cx));
		cx.a = l->a;
		cx.d = l->d;
		cx.cl = l->cl;
		cx.major = l->cl->version;
		rules_run(SCOPE_CLUSTER, &cx);
		/* Keep only findings that point into the files on disk. */
		for (size_t i = before; i < l->d->n; i++)
			if (l->d->v[i].pos.file != NULL &&
			    strcmp(l->d->v[i].pos.file, l->cl->file) == 0) {
				l->d->v[i] = l->d->v[--l->d->n];
				i--;
			}
	}
}

/* Which node a data directory is: by cluster_name, then by path. */
static const char *
datadir_node(const struct lint *l, const char *dir,
    const struct conf_file_set *set)
{
	const char	*cn;

	if (l->cl == NULL)
		return NULL;
	if ((cn = conf_effective(set, "cluster_name", NULL)) != NULL &&
	    model_find_node(l->cl, cn) != NULL)
		return cn;
	for (size_t i = 0; i < l->cl->nnodes; i++)
		if (strcmp(l->cl->nodes[i].data_directory, dir) == 0 ||
		    strcmp(l->cl->nodes[i].name, base_name(dir)) == 0)
			return l->cl->nodes[i].name;
	return NULL;
}

/*
 * PATH -: standard input, read whole, as the file --stdin-filename names
 * (its kind, unless --type says it, and its name in positions; include
 * and @file names are resolved from its folder), or "<stdin>", a
 * postgresql.conf.  For editors, which lint a buffer not yet saved.
 */
static void
lint_stdin(struct lint *l, const char *name)
{
	struct conf_file_set	 set;
	struct srcfile		*sf;
	struct check_ctx	 cx;
	struct hba_opts		 o;
	enum lint_kind		 kind;
	int			 rc;

	if ((sf = srcfile_read_stdin(l->a, name != NULL ? name :
	    "<stdin>")) == NULL) {
		io_fail(l, "-", errno);
		return;
	}
	/* --type, the name given, the content, at last a postgresql.conf */
	kind = l->type;
	if (kind == KIND_AUTO && name != NULL)
		kind = kind_by_name(name);
	if (kind == KIND_AUTO)
		kind = sniff_buf(sf->buf, sf->len);
	if (kind == KIND_AUTO)
		kind = KIND_CONF;
	sf->path = arena_strdup(l->a, name != NULL ? name : "<stdin>");
	switch (kind) {
	case KIND_IDENT:
		lint_ident_buf(l, sf);
		break;
	case KIND_CLUSTER:
		cluster_check_buf(l->a, sf->path, sf->buf, sf->len, l->d);
		break;
	case KIND_HBA:
		memset(&o, 0, sizeof(o));
		o.major = major_for(l, 0);
		o.features = hba_features(NULL, 0);
		memset(&cx, 0, sizeof(cx));
		cx.a = l->a;
		cx.d = l->d;
		cx.major = o.major;
		cx.cl = l->cl;
		cx.repl_user = l->cl != NULL ? l->cl->repl_user : NULL;
		rules_hba_buf(&cx, sf->path, sf->buf, sf->len, &o, NULL);
		break;
	default:
		/* a folder's name says nothing of a buffer: read as a conf */
		conf_set_init(&set);
		rc = conf_parse_srcfile(l->a, sf, l->d, &set);
		conf_resolve(&set, l->d);
		if (rc == 0)
			run_conf_rules(l, &set, major_for(l, 0));
		break;
	}
}

int
cmd_lint(struct cmd_run *run)
{
	struct report		 r = { .doc = DOC_DIAGS, .out = stdout,
				    .err = stdout };
	struct ondisk		*ods = NULL;
	struct lint		 l;
	struct diags		 d;
	const char		*cluster = run->arg[OPT_CLUSTER];
	const char		*stdin_name = run->arg[OPT_STDIN_FILENAME];
	size_t			 nods = 0;
	int			 status, io_error, stdin_read = 0;
	enum lint_kind		 k;

	memset(&l, 0, sizeof(l));
	if (run->arg[OPT_PG_VERSION] != NULL)
		l.major = run->ival[OPT_PG_VERSION];
	l.default_major = run->cfg != NULL && run->cfg->major != 0 ?
	    run->cfg->major : PG_MAJOR_DEFAULT;
	if (run->arg[OPT_TYPE] != NULL)
		l.type = kind_by_type(run->arg[OPT_TYPE])->kind;
	for (int i = 0; i < run->noperands; i++)
		if (strcmp(run->operands[i], "-") == 0 && stdin_read++ > 0)
			return cmd_usage_error(run->cmd, "standard input (-) "
			    "can be read once");

	l.a = arena_new();
	diags_init(&d, l.a);
	l.d = &d;
	if (cluster != NULL) {
		l.cl = cluster_check_file(l.a, cluster, &d, &io_error);
		if (io_error)
			l.io_error = 1;
	}
	for (int i = 0; i < run->noperands; i++) {
		const char	*path = run->operands[i];
		struct ondisk	*od = NULL;

		if (strcmp(path, "-") == 0) {
			if (stdin_name == NULL || !cmd_excluded(run,
			    stdin_name))
				lint_stdin(&l, stdin_name);
			continue;
		}
		if (cmd_excluded(run, path))
			continue;
		if (!exists(path)) {
			io_fail(&l, path, errno);
			continue;
		}
		switch (k = classify(&l, path)) {
		case KIND_DATADIR:
			ods = arena_grow(l.a, ods, nods, nods + 1, sizeof(*ods));
			od = &ods[nods];
			memset(od, 0, sizeof(*od));
			lint_datadir(&l, path, od);
			if ((od->name = datadir_node(&l, path, &od->conf)) != NULL)
				nods++;
			break;
		case KIND_TREE:
			lint_tree(&l, path, &ods, &nods);
			break;
		default:
			kind_of(k)->read(&l, path);
			break;
		}
	}
	if (l.cl != NULL && nods > 0)
		cross_check(&l, ods, nods);
	suppress_apply(&d);
	cmd_apply_config(run, &d);
	diags_sort(&d);
	r.d = &d;
	report_print(run->fmt, &r);
	status = l.io_error ? EXIT_USAGE : cmd_status(run, &d);
	arena_free(l.a);
	return status;
}

/*
 * The write stage of generate: the files render.c produced in memory
 * replace the output directory DIR as a whole.  The new tree is built in
 * a folder beside DIR, .NAME.pgpair-new-XXXXXX: files that keep their
 * bytes and files pgpair did not write (the operator's, the runbooks'
 * runbook.log) are hard links of the old ones, the rest is written anew.
 * One syncfs() makes all of it durable, renameat2(RENAME_EXCHANGE) swaps
 * the two folders in one step, one fsync() of the parent makes the swap
 * durable, and the old tree, now beside DIR, is removed.  A run killed at
 * any moment leaves DIR wholly old or wholly new, and the next run removes
 * the leftovers, whose names carry DIR's.  Nothing below DIR is reached
 * through a symbolic link: every path is walked from a folder's descriptor
 * with O_NOFOLLOW.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "outfile.h"
#include "render.h"
#include "strbuf.h"
#include "xmalloc.h"

#define MANIFEST_MAX	(1024 * 1024)	/* bytes of an old manifest */
#define TREE_DEPTH_MAX	64		/* folders below DIR */
#define STAGE_SUFFIX	6		/* random characters of a stage name */

/* A growable list of strings in an arena. */
struct strlist {
	const char	**v;
	size_t		 n, cap;
};

/* A folder of the new tree and the mode (and owner) it gets at the end. */
struct dirmode {
	const char	*path;
	mode_t		 mode;
	uid_t		 uid;
	gid_t		 gid;
	int		 fix_mode;	/* mkdirat() could not give it */
	int		 fix_owner;	/* another user's, and we are root */
};

/* One run of outfile_write_all(). */
struct build {
	struct arena		*a;
	struct diags		*d;
	const char		*dir;		/* as given, for messages */
	const char		*parent;	/* DIR's folder, absolute */
	const char		*base;		/* DIR's name in it */
	int			 pfd;		/* parent */
	int			 ofd;		/* the old DIR, or -1 */
	int			 sfd;		/* the new tree */
	char			 stage[NAME_MAX + 1];
	const struct outfile	*files;
	size_t			 n;
	size_t			*ord;		/* indexes of files by path */
	const char		**paths;	/* files' paths, sorted */
	unsigned char		*linked;	/* carried from the old tree */
	enum outfile_state	*st;
	const char		**mpaths;	/* the old manifest, sorted */
	size_t			 nm;
	int			 have_manifest;
	struct dirmode		*modes;
	size_t			 nmodes, capmodes;
	mode_t			 umask;
	uid_t			 euid;
	gid_t			 egid;
	struct strlist		 gone;		/* files left out */
	struct strlist		 gonedirs;	/* folders left out */
	struct strlist		 kept;		/* pgpair folders kept */
	size_t			 ntemps;	/* old temporaries dropped */
	char			*cache_path;	/* last folder written in */
	int			 cache_fd;
};

static const char *const state_names[OUTFILE__COUNT] = {
	[OUTFILE_CREATED] = "created",
	[OUTFILE_CHANGED] = "changed",
	[OUTFILE_UNCHANGED] = "unchanged",
};

/* Kinds of file that are not folders, in messages. */
static const struct {
	mode_t		 type;
	const char	*name;
} kinds[] = {
	{ S_IFREG, "a file" },
	{ S_IFLNK, "a symbolic link" },
	{ S_IFIFO, "a fifo" },
	{ S_IFSOCK, "a socket" },
	{ S_IFCHR, "a character special file" },
	{ S_IFBLK, "a block special file" },
};

/* The signal that arrived while the tree was being built, or 0. */
static volatile sig_atomic_t caught;

static int	 path_ok(const char *rel);
static const char *kind_name(mode_t);
static void	 push(struct arena *, struct strlist *, const char *);
static int	 cmp_str(const void *, const void *);
static size_t	 lower_bound(const char **, size_t, const char *);
static int	 set_has(const char **, size_t, const char *, size_t *at);
static int	 set_has_under(struct arena *, const char **, size_t,
		    const char *);
static int	 open_dir_at(int fd, const char *name);
static int	 open_parent(int dfd, const char *rel, const char **base);
static int	 same_bytes(int fd, const char *p, size_t n);
static int	 state_at(int dfd, const struct outfile *,
		    enum outfile_state *);
static const char *read_at(struct arena *, int dfd, const char *rel,
		    size_t max, size_t *len);
static int	 write_full(int fd, const char *p, size_t n);
static int	 mkdirs(const char *dir, char ***made, size_t *nmade,
		    struct diags *);
static int	 locate(struct build *, char ***made, size_t *nmade);
static int	 stage_kind(const char *base, const char *name,
		    const char **kind);
static int	 make_stage(struct build *, const char *kind, char *name,
		    size_t cap);
static int	 rm_tree(int dfd, const char *name, unsigned char type,
		    int depth);
static int	 recover(struct build *);
static int	 load_manifest(struct arena *, int dfd, const char *dir,
		    struct diags *, const char ***, size_t *);
static void	 read_manifest(struct build *);
static int	 is_old_temp(const char *name, const struct stat *);
static int	 carry(struct build *, int ofd, int nfd, const char *rel,
		    int depth, size_t *placed);
static int	 carry_entry(int ofd, int nfd, const char *name,
		    const struct stat *);
static int	 copy_file_at(int ofd, int nfd, const char *name,
		    const struct stat *);
static void	 note_mode(struct build *, const char *path,
		    const struct stat *);
static int	 stage_dir(struct build *, const char *reldir);
static int	 write_files(struct build *);
static int	 up_to_date(struct build *);
static int	 swap(struct build *);
static int	 below(const struct strlist *, const char *);
static void	 report_gone(struct build *);
static int	 is_mount_point(int fd, int pfd, const struct stat *,
		    const struct stat *);
static void	 on_signal(int);

/* A relative path without "." or ".." components and without "//". */
static int
path_ok(const char *rel)
{
	const char	*p = rel, *e;
	size_t		 len;

	if (*rel == '\0' || *rel == '/')
		return 0;
	for (;;) {
		e = strchr(p, '/');
		len = e == NULL ? strlen(p) : (size_t)(e - p);
		if (len == 0 || len > NAME_MAX || (len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (e == NULL)
			return 1;
		p = e + 1;
	}
}

static const char *
kind_name(mode_t mode)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((mode & S_IFMT) == kinds[i].type)
			return kinds[i].name;
	return "not a folder";
}

static void
push(struct arena *a, struct strlist *l, const char *s)
{
	if (l->n == l->cap) {
		l->v = arena_grow(a, l->v, l->n, l->cap * 2 + 8,
		    sizeof(*l->v));
		l->cap = l->cap * 2 + 8;
	}
	l->v[l->n++] = s;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first index of the sorted v whose string is not below key. */
static size_t
lower_bound(const char **v, size_t n, const char *key)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
set_has(const char **v, size_t n, const char *p, size_t *at)
{
	size_t	 i = lower_bound(v, n, p);

	if (i < n && strcmp(v[i], p) == 0) {
		if (at != NULL)
			*at = i;
		return 1;
	}
	return 0;
}

/* Is some path of the sorted v below the folder p? */
static int
set_has_under(struct arena *a, const char **v, size_t n, const char *p)
{
	const char	*key = arena_printf(a, "%s/", p);
	size_t		 i = lower_bound(v, n, key);

	return i < n && strncmp(v[i], key, strlen(key)) == 0;
}

static int
open_dir_at(int fd, const char *name)
{
	return openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
}

/*
 * The folder that holds rel below dfd, reached without following a link:
 * a new descriptor, or dfd itself when rel has no "/" (then not to be
 * closed).  *base points at rel's last component.  -1 with errno: a
 * linked folder gives ENOTDIR, as a file does.
 */
static int
open_parent(int dfd, const char *rel, const char **base)
{
	char		 comp[NAME_MAX + 1];
	const char	*p = rel, *s;
	int		 fd = dfd, nfd, saved;

	while ((s = strchr(p, '/')) != NULL) {
		if ((size_t)(s - p) > NAME_MAX) {
			nfd = -1;
			errno = ENAMETOOLONG;
		} else {
			memcpy(comp, p, (size_t)(s - p));
			comp[s - p] = '\0';
			nfd = open_dir_at(fd, comp);
		}
		saved = errno;
		if (fd != dfd)
			(void)close(fd);
		errno = saved;
		if (nfd == -1)
			return -1;
		fd = nfd;
		p = s + 1;
	}
	*base = p;
	return fd;
}

const char *
outfile_state_name(enum outfile_state st)
{
	return state_names[st];
}

/* 1 when what fd reads from here on is the n bytes at p, else 0; -1: error. */
static int
same_bytes(int fd, const char *p, size_t n)
{
	char		 buf[65536];
	ssize_t		 r;

	for (;;) {
		r = read(fd, buf, sizeof(buf));
		if (r == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			return n == 0;
		if ((size_t)r > n || memcmp(buf, p, (size_t)r) != 0)
			return 0;
		p += r;
		n -= (size_t)r;
	}
}

/* outfile_state() below the folder dfd. */
static int
state_at(int dfd, const struct outfile *f, enum outfile_state *st)
{
	struct stat	 sb;
	const char	*base;
	int		 pfd, fd, rc = 0, same, saved;

	if ((pfd = open_parent(dfd, f->path, &base)) == -1) {
		if (errno != ENOENT && errno != ENOTDIR)
			return -1;
		*st = OUTFILE_CREATED;
		return 0;
	}
	/* Look before opening: a device is not to be opened at all. */
	if (fstatat(pfd, base, &sb, AT_SYMLINK_NOFOLLOW) == -1) {
		saved = errno;
		if (pfd != dfd)
			(void)close(pfd);
		if (saved != ENOENT) {
			errno = saved;
			return -1;
		}
		*st = OUTFILE_CREATED;
		return 0;
	}
	if (!S_ISREG(sb.st_mode)) {
		if (pfd != dfd)
			(void)close(pfd);
		*st = OUTFILE_CHANGED;
		return 0;
	}
	fd = openat(pfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	saved = errno;
	if (pfd != dfd)
		(void)close(pfd);
	if (fd == -1) {
		if (saved == ELOOP || saved == ENOENT) {
			*st = saved == ELOOP ? OUTFILE_CHANGED :
			    OUTFILE_CREATED;
			return 0;
		}
		errno = saved;
		return -1;
	}
	if (fstat(fd, &sb) == -1) {
		rc = -1;
	} else if (!S_ISREG(sb.st_mode) || (sb.st_mode & 07777) != f->mode ||
	    (off_t)f->len != sb.st_size) {
		*st = OUTFILE_CHANGED;
	} else if ((same = same_bytes(fd, f->data, f->len)) == -1) {
		rc = -1;
	} else
		*st = same ? OUTFILE_UNCHANGED : OUTFILE_CHANGED;
	saved = errno;
	(void)close(fd);
	errno = saved;
	return rc;
}

int
outfile_state(const char *dir, const struct outfile *f,
    enum outfile_state *st)
{
	int	 dfd, rc, saved;

	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		if (errno != ENOENT && errno != ENOTDIR)
			return -1;
		*st = OUTFILE_CREATED;
		return 0;
	}
	rc = state_at(dfd, f, st);
	saved = errno;
	(void)close(dfd);
	errno = saved;
	return rc;
}

/* outfile_read() below the folder dfd. */
static const char *
read_at(struct arena *a, int dfd, const char *rel, size_t max, size_t *len)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct stat	 st;
	const char	*base;
	char		 buf[65536], *r = NULL;
	ssize_t		 got;
	int		 pfd, fd, saved;

	if ((pfd = open_parent(dfd, rel, &base)) == -1)
		return NULL;
	if (fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW) == -1)
		fd = -1;
	else if (!S_ISREG(st.st_mode)) {
		fd = -1;
		errno = EINVAL;
	} else
		fd = openat(pfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC);
	saved = errno;
	if (pfd != dfd)
		(void)close(pfd);
	errno = saved;
	if (fd == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		if (errno == 0 || S_ISREG(st.st_mode) == 0)
			errno = EINVAL;
		goto out;
	}
	for (;;) {
		got = read(fd, buf, sizeof(buf));
		if (got == 0)
			break;
		if (got == -1) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (sb.len + (size_t)got > max) {
			errno = EFBIG;
			goto out;
		}
		strbuf_add(&sb, buf, (size_t)got);
	}
	r = arena_alloc(a, sb.len + 1);
	memcpy(r, sb.len > 0 ? sb.buf : "", sb.len);
	r[sb.len] = '\0';
	*len = sb.len;
out:
	saved = errno;
	(void)close(fd);
	strbuf_release(&sb);
	errno = saved;
	return r;
}

const char *
outfile_read(struct arena *a, const char *dir, const char *rel, size_t max,
    size_t *len)
{
	const char	*r;
	int		 dfd, saved;

	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return NULL;
	r = read_at(a, dfd, rel, max, len);
	saved = errno;
	(void)close(dfd);
	errno = saved;
	return r;
}

void
outfile_manifest(struct arena *a, const struct outfile *files, size_t n,
    struct outfile *m)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	**v;
	size_t		 i;

	v = arena_calloc(a, n + 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = files[i].path;
	v[n] = TREE_MANIFEST;
	qsort(v, n + 1, sizeof(*v), cmp_str);
	strbuf_addstr(&sb, "# generated by pgpair: the files it wrote in this "
	    "folder; the next run\n# removes those it no longer writes and "
	    "keeps every other file\n");
	for (i = 0; i <= n; i++)
		if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
			strbuf_addf(&sb, "%s\n", v[i]);
	m->path = TREE_MANIFEST;
	m->data = arena_strndup(a, sb.buf, sb.len);
	m->len = sb.len;
	m->mode = 0644;
	strbuf_release(&sb);
}

static int
write_full(int fd, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* mkdir -p dir; every directory created is appended to *made. */
static int
mkdirs(const char *dir, char ***made, size_t *nmade, struct diags *d)
{
	struct stat	 st;
	char		*parent, *s;
	int		 rc;

	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		diag_add(d, NULL, LEVEL_ERROR, NULL,
		    "cannot create directory \"%s\": %s", dir,
		    strerror(ENOTDIR));
		return -1;
	}
	if (errno != ENOENT) {
		diag_add(d, NULL, LEVEL_ERROR, NULL, "cannot access \"%s\": %s",
		    dir, strerror(errno));
		return -1;
	}
	s = strrchr(dir, '/');
	parent = s == NULL ? xstrdup(".") : s == dir ? xstrdup("/") :
	    xstrndup(dir, (size_t)(s - dir));
	rc = strcmp(parent, dir) == 0 ? 0 : mkdirs(parent, made, nmade, d);
	free(parent);
	if (rc != 0)
		return -1;
	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		diag_add(d, NULL, LEVEL_ERROR, NULL,
		    "cannot create directory \"%s\": %s", dir, strerror(errno));
		return -1;
	}
	*made = xreallocarray(*made, *nmade + 1, sizeof(**made));
	(*made)[(*nmade)++] = xstrdup(dir);
	return 0;
}

/*
 * Find DIR's folder and name: DIR itself is followed when it is a link
 * (the operator named it), and "." or ".." are resolved; the folders
 * above a DIR that does not exist yet are created (into *made).
 */
static int
locate(struct build *b, char ***made, size_t *nmade)
{
	struct stat	 st;
	char		*s, *slash, *r, *parent;
	size_t		 len;

	s = arena_strdup(b->a, b->dir);
	len = strlen(s);
	while (len > 1 && s[len - 1] == '/')
		s[--len] = '\0';
	if (len == 0) {
		diag_add(b->d, NULL, LEVEL_ERROR, NULL,
		    "the output directory is an empty name");
		return -1;
	}
	slash = strrchr(s, '/');
	b->base = slash == NULL ? s : slash + 1;
	parent = slash == NULL ? arena_strdup(b->a, ".") : slash == s ?
	    arena_strdup(b->a, "/") :
	    arena_strndup(b->a, s, (size_t)(slash - s));
	if (lstat(s, &st) == 0) {
		if (S_ISLNK(st.st_mode) || strcmp(b->base, ".") == 0 ||
		    strcmp(b->base, "..") == 0 || strcmp(s, "/") == 0) {
			if ((r = realpath(s, NULL)) == NULL) {
				diag_add(b->d, NULL, LEVEL_ERROR, NULL,
				    "cannot resolve \"%s\": %s", b->dir,
				    strerror(errno));
				return -1;
			}
			s = arena_strdup(b->a, r);
			free(r);
			if (strcmp(s, "/") == 0) {
				diag_add(b->d, NULL, LEVEL_ERROR, NULL,
				    "cannot replace \"/\" by a tree");
				return -1;
			}
			slash = strrchr(s, '/');
			b->base = slash + 1;
			parent = slash == s ? arena_strdup(b->a, "/") :
			    arena_strndup(b->a, s, (size_t)(slash - s));
		}
	} else if (errno != ENOENT) {
		diag_add(b->d, NULL, LEVEL_ERROR, NULL,
		    "cannot access \"%s\": %s", b->dir, strerror(errno));
		return -1;
	} else if (mkdirs(parent, made, nmade, b->d) != 0)
		return -1;
	if ((r = realpath(parent, NULL)) == NULL) {
		diag_add(b->d, NULL, LEVEL_ERROR, NULL,
		    "cannot resolve \"%s\": %s", parent, strerror(errno));
		return -1;
	}
	b->parent = arena_strdup(b->a, r);
	free(r);
	return 0;
}

/*
 * Is name one of ours beside DIR, ".BASE.pgpair-KIND-XXXXXX"?  *kind gets
 * "new" (a tree being built, or the old one after the swap: garbage) or
 * "old" (the old tree moved aside when the swap took two renames).
 */
static int
stage_kind(const char *base, const char *name, const char **kind)
{
	size_t		 bl = strlen(base);
	const char	*p;

	if (name[0] != '.' || strncmp(name + 1, base, bl) != 0)
		return 0;
	p = name + 1 + bl;
	if (strncmp(p, ".pgpair-", 8) != 0)
		return 0;
	p += 8;
	if (strncmp(p, "new-", 4) == 0)
		*kind = "new";
	else if (strncmp(p, "old-", 4) == 0)
		*kind = "old";
	else
		return 0;
	p += 4;
	if (strlen(p) != STAGE_SUFFIX)
		return 0;
	for (; *p != '\0'; p++)
		if (strchr("abcdefghijklmnopqrstuvwxyz0123456789", *p) == NULL)
			return 0;
	return 1;
}

/* A new folder (mode 0700) ".BASE.pgpair-KIND-XXXXXX" beside DIR. */
static int
make_stage(struct build *b, const char *kind, char *name, size_t cap)
{
	static const char al[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char	 rnd[STAGE_SUFFIX];
	char		 suf[STAGE_SUFFIX + 1];
	struct stat	 st;
	int		 tries, i;

	for (tries = 0; tries < 100; tries++) {
		if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) !=
		    (ssize_t)sizeof(rnd))
			for (i = 0; i < STAGE_SUFFIX; i++)
				rnd[i] = (unsigned char)(rand() ^ getpid() ^
				    time(NULL));
		for (i = 0; i < STAGE_SUFFIX; i++)
			suf[i] = al[rnd[i] % (sizeof(al) - 1)];
		suf[STAGE_SUFFIX] = '\0';
		if ((size_t)snprintf(name, cap, ".%s.pgpair-%s-%s", b->base,
		    kind, suf) >= cap) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (strcmp(kind, "old") == 0) {
			/* Only a free name: the rename makes the folder. */
			if (fstatat(b->pfd, name, &st, AT_SYMLINK_NOFOLLOW) ==
			    -1 && errno == ENOENT)
				return 0;
			continue;
		}
		if (mkdirat(b->pfd, name, 0700) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

/*
 * rm -r dfd/name without following a link; type is its d_type (DT_DIR
 * saves a failing unlinkat(), DT_UNKNOWN tries one).  Folders without
 * write permission are opened up first, so that a tree we built with the
 * operator's read-only folders can go.
 */
static int
rm_tree(int dfd, const char *name, unsigned char type, int depth)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*dp;
	int		 fd, rc = 0;

	if (type != DT_DIR) {
		if (unlinkat(dfd, name, 0) == 0)
			return 0;
		if (errno != EISDIR && errno != EPERM)
			return errno == ENOENT ? 0 : -1;
	}
	if (depth > TREE_DEPTH_MAX + 2) {
		errno = ELOOP;
		return -1;
	}
	if ((fd = open_dir_at(dfd, name)) == -1)
		return -1;
	if (fstat(fd, &st) == 0 && (st.st_mode & 0700) != 0700)
		(void)fchmod(fd, st.st_mode | 0700);
	if ((dp = fdopendir(fd)) == NULL) {
		(void)close(fd);
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (rm_tree(dirfd(dp), de->d_name, de->d_type, depth + 1) ==
		    -1)
			rc = -1;
	}
	(void)closedir(dp);
	if (rc == 0 && unlinkat(dfd, name, AT_REMOVEDIR) == -1)
		rc = -1;
	return rc;
}

/*
 * Leftovers of earlier runs beside DIR.  Our lock on DIR's folder is held,
 * so none of them belongs to a live run: a "new" folder is garbage, and so
 * is an "old" one when DIR is there.  An "old" folder without DIR is the
 * old tree of a run stopped between its two renames: it becomes DIR again.
 */
static int
recover(struct build *b)
{
	struct strlist	 news = { 0 }, olds = { 0 };
	struct dirent	*de;
	struct stat	 st;
	const char	*kind;
	DIR		*dp;
	int		 fd;

	if ((fd = openat(b->pfd, ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1 || (dp = fdopendir(fd)) == NULL) {
		if (fd != -1)
			(void)close(fd);
		diag_add(b->d, NULL, LEVEL_ERROR, NULL,
		    "cannot read \"%s\": %s", b->parent, strerror(errno));
		return -1;
	}
	while ((de = readdir(dp)) != NULL)
		if (stage_kind(b->base, de->d_name, &kind))
			push(b->a, *kind == 'n' ? &news : &olds,
			    arena_strdup(b->a, de->d_name));
	(void)closedir(dp);
	if (olds.n > 0 && fstatat(b->pfd, b->base, &st,
	    AT_SYMLINK_NOFOLLOW) == -1 && errno == ENOENT) {
		if (olds.n > 1) {
			diag_add(b->d, NULL, LEVEL_ERROR, NULL,
			    "\"%s\" is missing and %zu earlier trees lie "
			    "beside it (\"%s/%s\", ...): move the one to keep "
			    "to \"%s\"", b->dir, olds.n, b->parent, olds.v[0],
			    b->dir);
			return -1;
		}
		if (renameat(b->pfd, olds.v[0], b->pfd, b->base) == -1) {
			diag_add(b->d, NULL, LEVEL_ERROR, NULL,
			    "cannot restore \"%s\" from \"%s/%s\": %s", b->dir,
			    b->parent, olds.v[0], strerror(errno));
			return -1;
		}
		diag_add(b->d, NULL, LEVEL_INFO, NULL, "restored \"%s\" from "
		    "\"%s/%s\", left by a run that was stopped", b->dir,
		    b->parent, olds.v[0]);
		olds.n = 0;
	}
	for (size_t i = 0; i < news.n + olds.n; i++) {
		const char *name = i < news.n ? news.v[i] : olds.v[i - news.n];

		if (rm_tree(b->pfd, name, DT_UNKNOWN, 0) == -1) {
			diag_add(b->d, NULL, LEVEL_ERROR, NULL,
			    "cannot remove \"%s/%s\", left by an earlier run: "
			    "%s", b->parent, name, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/*
 * The manifest of the tree dfd (named dir in messages), sorted into *v and
 * *n (in a).  Returns 1; 0 when there is none (a tree written by an older
 * pgpair, or not by pgpair: nothing is to be removed from it), or when it
 * is not a list of paths pgpair could write (then with a warning in d).
 */
static int
load_manifest(struct arena *a, int dfd, const char *dir, struct diags *d,
    const char ***v, size_t *n)
{
	const char	*text, *p, *e, *why = NULL;
	struct strlist	 l = { 0 };
	size_t		 len, lineno = 0;

	if ((text = read_at(a, dfd, TREE_MANIFEST, MANIFEST_MAX, &len)) ==
	    NULL) {
		if (errno != ENOENT && errno != ENOTDIR)
			diag_add(d, NULL, LEVEL_WARNING, NULL,
			    "ignoring \"%s/%s\": %s: nothing of the old tree "
			    "is removed", dir, TREE_MANIFEST,
			    errno == EFBIG ? "larger than 1 MiB" :
			    errno == EINVAL ? "not a regular file" :
			    strerror(errno));
		return 0;
	}
	for (p = text; p < text + len && why == NULL; p = e + 1) {
		lineno++;
		if ((e = memchr(p, '\n', (size_t)(text + len - p))) == NULL) {
			why = "its last line is not complete";
			break;
		}
		if (e == p || *p == '#')
			continue;
		push(a, &l, arena_strndup(a, p, (size_t)(e - p)));
		if (strlen(l.v[l.n - 1]) != (size_t)(e - p) ||
		    !path_ok(l.v[l.n - 1]))
			why = "a line is not a path below the folder";
		for (const char *c = p; c < e && why == NULL; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				why = "a line holds a control character";
	}
	if (why != NULL) {
		diag_add(d, NULL, LEVEL_WARNING, NULL, "ignoring \"%s/%s\": "
		    "%s (line %zu): nothing of the old tree is removed", dir,
		    TREE_MANIFEST, why, lineno);
		return 0;
	}
	if (l.n > 0)
		qsort(l.v, l.n, sizeof(*l.v), cmp_str);
	*v = l.v;
	*n = l.n;
	return 1;
}

size_t
outfile_removed(struct arena *a, const char *dir, const struct outfile *files,
    size_t n, const char ***paths, struct diags *d)
{
	struct strlist	 out = { 0 };
	struct stat	 st;
	const char	**v, **have, *base;
	size_t		 nm = 0, i;
	int		 dfd, fd;

	*paths = NULL;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return 0;
	if (!load_manifest(a, dfd, dir, d, &v, &nm)) {
		(void)close(dfd);
		return 0;
	}
	have = arena_calloc(a, n + 1, sizeof(*have));
	for (i = 0; i < n; i++)
		have[i] = files[i].path;
	qsort(have, n, sizeof(*have), cmp_str);
	/* As the walk of outfile_write_all() finds them: below real folders. */
	for (i = 0; i < nm; i++) {
		if (set_has(have, n, v[i], NULL) ||
		    (fd = open_parent(dfd, v[i], &base)) == -1)
			continue;
		if (fstatat(fd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    !S_ISDIR(st.st_mode))
			push(a, &out, v[i]);
		if (fd != dfd)
			(void)close(fd);
	}
	(void)close(dfd);
	*paths = out.v;
	return out.n;
}

/* The old DIR's manifest into b->mpaths. */
static void
read_manifest(struct build *b)
{
	b->have_manifest = load_manifest(b->a, b->ofd, b->dir, b->d,
	    &b->mpaths, &b->nm);
}

/* A temporary file of a pgpair before this one, ".NAME.pgpair-XXXXXX". */
static int
is_old_temp(const char *name, const struct stat *sb)
{
	const char	*t = strstr(name, ".pgpair-");

	return S_ISREG(sb->st_mode) && name[0] == '.' && t != NULL &&
	    t > name + 1 && strlen(t) == 8 + 6 && strchr(t + 8, '.') == NULL &&
	    strchr(t + 8, '-') == NULL;
}

/* Remember the mode (and owner) the folder path of the new tree gets. */
static void
note_mode(struct build *b, const char *path, const struct stat *sb)
{
	if (b->nmodes == b->capmodes) {
		b->modes = arena_grow(b->a, b->modes, b->nmodes,
		    b->capmodes * 2 + 16, sizeof(*b->modes));
		b->capmodes = b->capmodes * 2 + 16;
	}
	b->modes[b->nmodes].path = path;
	b->modes[b->nmodes].mode = sb->st_mode & 07777;
	b->modes[b->nmodes].uid = sb->st_uid;
	b->modes[b->nmodes].gid = sb->st_gid;
	b->modes[b->nmodes].fix_mode = ((sb->st_mode | 0700) & 0777 &
	    ~b->umask) != (sb->st_mode & 07777);
	b->modes[b->nmodes].fix_owner = b->euid == 0 &&
	    (sb->st_uid != b->euid || sb->st_gid != b->egid);
	b->nmodes++;
}

/* Copy a regular file, with its mode and times (no hard link possible). */
static int
copy_file_at(int ofd, int nfd, const char *name, const struct stat *sb)
{
	struct timespec	 ts[2];
	char		 buf[65536];
	ssize_t		 r;
	int		 in, out, rc = -1, saved;

	if ((in = openat(ofd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1)
		return -1;
	if ((out = openat(nfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		saved = errno;
		(void)close(in);
		errno = saved;
		return -1;
	}
	for (;;) {
		r = read(in, buf, sizeof(buf));
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (write_full(out, buf, (size_t)r) == -1)
			break;
	}
	if (r == 0) {
		ts[0] = sb->st_atim;
		ts[1] = sb->st_mtim;
		if (fchmod(out, sb->st_mode & 07777) == 0 &&
		    futimens(out, ts) == 0)
			rc = 0;
	}
	saved = errno;
	(void)close(in);
	if (close(out) == -1 && rc == 0) {
		saved = errno;
		rc = -1;
	}
	errno = saved;
	return rc;
}

/*
 * Carry ofd/name (not a folder) into nfd: a hard link, whatever it is (a
 * link is linked, not followed).  Where the file system or the kernel's
 * protected_hardlinks refuses, a file is copied, a link made again.
 */
static int
carry_entry(int ofd, int nfd, const char *name, const struct stat *sb)
{
	char	 target[PATH_MAX];
	ssize_t	 len;
	int	 saved;

	if (linkat(ofd, name, nfd, name, 0) == 0)
		return 0;
	saved = errno;
	if (saved != EXDEV && saved != EPERM && saved != EMLINK &&
	    saved != EOPNOTSUPP && saved != ENOSYS && saved != EACCES)
		return -1;
	switch (sb->st_mode & S_IFMT) {
	case S_IFREG:
		return copy_file_at(ofd, nfd, name, sb);
	case S_IFLNK:
		if ((len = readlinkat(ofd, name, target, sizeof(target))) ==
		    -1)
			return -1;
		if ((size_t)len == sizeof(target)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		target[len] = '\0';
		return symlinkat(target, nfd, name);
	case S_IFIFO:
		return mkfifoat(nfd, name, sb->st_mode & 07777);
	default:
		errno = saved;
		return -1;
	}
}

/*
 * Walk the old tree's folder ofd (at rel, "" for DIR) and put into the new
 * tree's nfd what goes on: the files that keep their bytes (hard links),
 * and everything pgpair did not write.  Left out: files the old manifest
 * lists that are not written any more, and temporaries of older versions.
 * *placed counts the entries made in nfd.  Returns 0, or -1 after
 * reporting.
 */
static int
carry(struct build *b, int ofd, int nfd, const char *rel, int depth,
    size_t *placed)
{
	struct dirent	*de;
	struct stat	 sb;
	const char	*p;
	size_t		 at, sub;
	mode_t		 mode;
	DIR		*dp;
	int		 fd, o2, n2, rc = 0, ours;

	if ((fd = openat(ofd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (dp = fdopendir(fd)) == NULL) {
		if (fd != -1)
			(void)close(fd);
		diag_add(b->d, NULL, LEVEL_ERROR, NULL,
		    "cannot read \"%s%s%s\": %s", b->dir, *rel ? "/" : "", rel,
		    strerror(errno));
		return -1;
	}
	while (rc == 0 && (de = readdir(dp)) != NULL) {
		if (caught) {
			rc = -1;
			break;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		p = *rel == '\0' ? arena_strdup(b->a, de->d_name) :
		    arena_printf(b->a, "%s/%s", rel, de->d_name);
		if (fstatat(ofd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) == -1) {
			diag_add(b->d, NULL, LEVEL_ERROR, NULL,
			    "cannot read \"%s/%s\": %s", b->dir, p,
			    strerror(errno));
			rc = -1;
			break;
		}
		if (set_has(b->paths, b->n, p, &at)) {
			/* A file pgpair writes: linked if it keeps its bytes */
			if (S_ISDIR(sb.st_mode)) {
				diag_add(b->d, NULL, LEVEL_ERROR, NULL,
				    "\"%s/%s\" is a folder, where pgpair "
				    "writes a file", b->dir, p);
				rc = -1;
			} else if (b->st[b->ord[at]] == OUTFILE_UNCHANGED &&
			    S_ISREG(sb.st_mode) && linkat(ofd, de->d_name,
			    nfd, de->d_name, 0) == 0) {
				b->linked[b->ord[at]] = 1;
				(*placed)++;
			}
			continue;
		}
		ours = set_has_under(b->a, b->paths, b->n, p);
		if (ours && !S_ISDIR(sb.st_mode)) {
			diag_add(b->d, NULL, LEVEL_ERROR, NULL,
			    "\"%s/%s\" is %s, where pgpair writes a folder%s",
			    b->dir, p, kind_name(sb.st_mode),
			    S_ISLNK(sb.st_mode) ? " (it follows no link "
			    "below the output directory): remove it" : "");
			rc = -1;
			continue;
		}
		if (!S_ISDIR(sb.st_mode)) {
			if (set_has(b->mpaths, b->nm, p, NULL)) {
				push(b->a, &b->gone, p);
				continue;
			}
			if (is_old_temp(de->d_name, &sb)) {
				b->ntemps++;
				continue;
			}
			if (carry_entry(ofd, nfd, de->d_name, &sb) == -1) {
				diag_add(b->d, NULL, LEVEL_ERROR, NULL,
				    "cannot carry \"%s/%s\" over to the new "
				    "tree: %s", b->dir, p, strerror(errno));
				rc = -1;
			} else
				(*placed)++;
			continue;
		}
		if (depth >= TREE_DEPTH_MAX) {
			diag_add(b->d, NULL, LEVEL_ERROR, NULL,
			    "\"%s/%s\": more than %d folders deep", b->dir, p,
			    TREE_DEPTH_MAX);
			rc = -1;
			continue;
		}
		/* Its own mode if it lets us fill it, else fixed at the end. */
		mode = (sb.st_mode & 0777) | 0700;
		if (mkdirat(nfd, de->d_name, mode) == -1 ||
		    (n2 = open_dir_at(nfd, de->d_name)) == -1) {
			diag_add(b->d, NULL, LEVEL_ERROR, NULL,
			    "cannot create \"%s/%s/%s\": %s", b->parent,
			    b->stage, p, strerror(errno));
			rc = -1;
			continue;
		}
		if ((o2 = open_dir_at(ofd, de->d_name)) == -1) {
			diag_add(b->d, NULL, LEVEL_ERROR, NULL,
			    "cannot read \"%s/%s\": %s", b->dir, p,
			    strerror(errno));
			(void)close(n2);
			rc = -1;
			continue;
		}
		note_mode(b, p, &sb);
		/*
		 * When nothing is placed below, every note taken there was
		 * taken back, and this folder's note is the last one.
		 */
		sub = 0;
		rc = carry(b, o2, n2, p, depth + 1, &sub);
		(void)close(o2);
		(void)close(n2);
		/* A folder of pgpair's that nothing fills any more goes. */
		if (rc == 0 && sub == 0 && !ours &&
		    set_has_under(b->a, b->mpaths, b->nm, p)) {
			(void)unlinkat(nfd, de->d_name, AT_REMOVEDIR);
			b->nmodes--;
			push(b->a, &b->gonedirs, p);
		} else {
			if (!ours && set_has_under(b->a, b->mpaths, b->nm, p))
				push(b->a, &b->kept, p);
			(*placed)++;
		}
	}
	(void)closedir(dp);
	return rc;
}

/*
 * Open (creating it) the folder reldir of the new tree into b->cache_fd;
 * the last one is kept open, since files come grouped by folder.
 */
static int
stage_dir(struct build *b, const char *reldir)
{
	char		 comp[NAME_MAX + 1];
	const char	*p = reldir, *s;
	size_t		 len;
	int		 fd, nfd;

	if (b->cache_path != NULL && strcmp(b->cache_path, reldir) == 0)
		return 0;
	if (b->cache_fd != -1 && b->cache_fd != b->sfd)
		(void)close(b->cache_fd);
	b->cache_fd = -1;
	b->cache_path = NULL;
	fd = b->sfd;
	while (*p != '\0') {
		s = strchr(p, '/');
		len = s == NULL ? strlen(p) : (size_t)(s - p);
		memcpy(comp, p, len);
		comp[len] = '\0';
		/* Most folders are there already: open first. */
		if ((nfd = open_dir_at(fd, comp)) == -1 && errno == ENOENT &&
		    (mkdirat(fd, comp, 0755) == 0 || errno == EEXIST))
			nfd = open_dir_at(fd, comp);
		if (fd != b->sfd)
			(void)close(fd);
		if (nfd == -1)
			return -1;
		fd = nfd;
		p = s == NULL ? p + len : s + 1;
	}
	b->cache_fd = fd;
	b->cache_path = arena_strdup(b->a, reldir);
	return 0;
}

/* Write every file not carried over into the new tree. */
static int
write_files(struct build *b)
{
	const struct outfile *f;
	const char	*slash, *base, *dir;
	int		 fd;

	for (size_t k = 0; k < b->n; k++) {
		f = &b->files[b->ord[k]];
		if (caught)
			return -1;
		if (b->linked[b->ord[k]])
			continue;
		slash = strrchr(f->path, '/');
		dir = slash == NULL ? "" : arena_strndup(b->a, f->path,
		    (size_t)(slash - f->path));
		base = slash == NULL ? f->path : slash + 1;
		if (stage_dir(b, dir) == -1)
			goto fail;
		if ((fd = openat(b->cache_fd, base, O_WRONLY | O_CREAT |
		    O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)) == -1)
			goto fail;
		if (write_full(fd, f->data, f->len) == -1 ||
		    fchmod(fd, f->mode) == -1) {
			(void)close(fd);
			goto fail;
		}
		if (close(fd) == -1)
			goto fail;
		continue;
fail:
		diag_add(b->d, NULL, LEVEL_ERROR, NULL,
		    "cannot write \"%s\" into \"%s/%s\": %s", f->path,
		    b->parent, b->stage, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Does DIR hold the new tree already?  Every file keeps its bytes, and
 * none that the old manifest lists and files has not is there: then
 * there is nothing to swap and nothing to sync.  (What else DIR holds is
 * the operator's and stays anyway.)
 */
static int
up_to_date(struct build *b)
{
	struct stat	 st;
	const char	*base;
	size_t		 i;
	int		 fd, there;

	for (i = 0; i < b->n; i++)
		if (b->st[i] != OUTFILE_UNCHANGED)
			return 0;
	for (i = 0; i < b->nm; i++) {
		if (set_has(b->paths, b->n, b->mpaths[i], NULL))
			continue;
		if ((fd = open_parent(b->ofd, b->mpaths[i], &base)) == -1) {
			if (errno == ENOENT)
				continue;
			return 0;	/* no folder there: let the walk see */
		}
		there = fstatat(fd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 ||
		    errno != ENOENT;
		if (fd != b->ofd)
			(void)close(fd);
		if (there)
			return 0;
	}
	return 1;
}

/*
 * Put the new tree in DIR's place: one renameat2(RENAME_EXCHANGE), or a
 * rename when there is no DIR yet.  A file system that cannot exchange
 * (NFS, for one) gets two renames, DIR aside as ".BASE.pgpair-old-..."
 * then the new tree in: a run killed between them leaves no DIR but a
 * complete old tree, which the next run puts back first (recover()).
 */
static int
swap(struct build *b)
{
	struct diag	*dg;
	char		 old[NAME_MAX + 1];
	int		 rc, saved;

	if (b->ofd == -1) {
		rc = renameat2(b->pfd, b->stage, b->pfd, b->base,
		    RENAME_NOREPLACE);
		if (rc == -1 && errno == EINVAL)
			rc = renameat(b->pfd, b->stage, b->pfd, b->base);
		if (rc == 0)
			b->stage[0] = '\0';	/* nothing left to remove */
	} else {
		rc = renameat2(b->pfd, b->stage, b->pfd, b->base,
		    RENAME_EXCHANGE);
		if (rc == -1 && (errno == EINVAL || errno == ENOSYS ||
		    errno == EOPNOTSUPP)) {
			saved = errno;
			if (make_stage(b, "old", old, sizeof(old)) == -1) {
				errno = saved;
				return -1;
			}
			if ((rc = renameat(b->pfd, b->base, b->pfd, old)) ==
			    0 && (rc = renameat(b->pfd, b->stage, b->pfd,
			    b->base)) == -1) {
				saved = errno;
				(void)renameat(b->pfd, old, b->pfd, b->base);
				errno = saved;
			} else if (rc == 0)
				memcpy(b->stage, old, sizeof(old));
		}
	}
	if (rc == -1) {
		saved = errno;
		dg = diag_add(b->d, NULL, LEVEL_ERROR, NULL,
		    "cannot put the new tree in the place of \"%s\": %s",
		    b->dir, strerror(saved));
		if (saved == EBUSY)
			diag_hint(b->d, dg, "a mount point cannot be renamed: "
			    "generate into a folder inside it");
		return -1;
	}
	return 0;
}

/* Is p below one of the folders of l (other than p itself)? */
static int
below(const struct strlist *l, const char *p)
{
	size_t	 len;

	for (size_t j = 0; j < l->n; j++) {
		len = strlen(l->v[j]);
		if (strncmp(p, l->v[j], len) == 0 && p[len] == '/')
			return 1;
	}
	return 0;
}

/*
 * Name what was left out of the new tree: a folder once for all it held,
 * a folder kept for the operator's files once, and other files one by one.
 */
static void
report_gone(struct build *b)
{
	const char	*p;
	size_t		 i;

	for (i = 0; i < b->kept.n; i++)
		if (!below(&b->kept, b->kept.v[i]))
			diag_add(b->d, NULL, LEVEL_INFO, NULL,
			    "removed the files of pgpair from \"%s/%s\", not "
			    "in the description any more, and kept the folder "
			    "for the files pgpair did not write", b->dir,
			    b->kept.v[i]);
	for (i = 0; i < b->gonedirs.n + b->gone.n; i++) {
		p = i < b->gonedirs.n ? b->gonedirs.v[i] :
		    b->gone.v[i - b->gonedirs.n];
		if (below(&b->gonedirs, p) || below(&b->kept, p))
			continue;
		diag_add(b->d, NULL, LEVEL_INFO, NULL, "removed \"%s/%s\"%s",
		    b->dir, p, i < b->gonedirs.n ? ": not in the description "
		    "any more" : ", which pgpair no longer writes");
	}
	if (b->ntemps > 0)
		diag_add(b->d, NULL, LEVEL_INFO, NULL, "removed %zu temporary "
		    "file%s of an earlier pgpair from \"%s\"", b->ntemps,
		    b->ntemps == 1 ? "" : "s", b->dir);
}

/*
 * Is the folder fd a mount point below its parent pfd?  Another device
 * says so; a bind mount of the same file system only differs in its mount
 * id.  (rename() would fail with EXDEV or EBUSY.)
 */
static int
is_mount_point(int fd, int pfd, const struct stat *st, const struct stat *pst)
{
#ifdef STATX_MNT_ID
	struct statx	 a, b;
#endif

	if (st->st_dev != pst->st_dev)
		return 1;
#ifdef STATX_MNT_ID
	if (statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &a) == 0 &&
	    statx(pfd, "", AT_EMPTY_PATH, STATX_MNT_ID, &b) == 0 &&
	    (a.stx_mask & b.stx_mask & STATX_MNT_ID) != 0 &&
	    a.stx_mnt_id != b.stx_mnt_id)
		return 1;
#endif
	return 0;
}

static void
on_signal(int sig)
{
	caught = sig;
}

int
outfile_write_all(const char *dir, const struct outfile *files, size_t n,
    enum outfile_state *states, struct diags *d)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM };
	struct sigaction sa, old[sizeof(sigs) / sizeof(sigs[0])];
	struct build	 b;
	struct stat	 sb, pst;
	char		**made = NULL;
	size_t		 i, k, nmade = 0, placed = 0;
	size_t		 nsig = sizeof(sigs) / sizeof(sigs[0]);
	int		 rc = -1, swapped = 0, sig;

	memset(&b, 0, sizeof(b));
	b.a = arena_new();
	b.d = d;
	b.dir = dir;
	b.files = files;
	b.n = n;
	b.pfd = b.ofd = b.sfd = b.cache_fd = -1;
	b.umask = umask(0);
	(void)umask(b.umask);
	b.euid = geteuid();
	b.egid = getegid();
	for (i = 0; i < n; i++)
		if (!path_ok(files[i].path)) {
			diag_add(d, NULL, LEVEL_ERROR, NULL,
			    "refusing to write outside \"%s\": \"%s\"", dir,
			    files[i].path);
			arena_free(b.a);
			return -1;
		}
	/* The files by path: lookups during the walk are binary searches. */
	b.paths = arena_calloc(b.a, n + 1, sizeof(*b.paths));
	b.ord = arena_calloc(b.a, n + 1, sizeof(*b.ord));
	for (i = 0; i < n; i++)
		b.paths[i] = files[i].path;
	qsort(b.paths, n, sizeof(*b.paths), cmp_str);
	for (k = 0; k < n; k++) {
		if (k > 0 && strcmp(b.paths[k], b.paths[k - 1]) == 0) {
			diag_add(d, NULL, LEVEL_ERROR, NULL,
			    "two files to write at \"%s/%s\"", dir, b.paths[k]);
			arena_free(b.a);
			return -1;
		}
	}
	for (i = 0; i < n; i++) {
		(void)set_has(b.paths, n, files[i].path, &k);
		b.ord[k] = i;
	}
	b.linked = arena_calloc(b.a, n + 1, 1);
	b.st = states != NULL ? states : arena_calloc(b.a, n + 1,
	    sizeof(*b.st));

	caught = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < nsig; i++)
		(void)sigaction(sigs[i], &sa, &old[i]);

	if (locate(&b, &made, &nmade) != 0)
		goto out;
	if ((b.pfd = open(b.parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1) {
		diag_add(d, NULL, LEVEL_ERROR, NULL, "cannot open \"%s\": %s",
		    b.parent, strerror(errno));
		goto out;
	}
	/*
	 * One generate at a time beside DIR: the next one waits, then finds
	 * no live leftover.  Not every file system locks (NFS may refuse a
	 * read-only descriptor): then we go on without.
	 */
	(void)flock(b.pfd, LOCK_EX);
	if (recover(&b) != 0)
		goto out;
	if ((b.ofd = open_dir_at(b.pfd, b.base)) == -1) {
		if (errno != ENOENT) {
			diag_add(d, NULL, LEVEL_ERROR, NULL,
			    "cannot use \"%s\" as the output directory: %s",
			    dir, errno == ENOTDIR ? "not a folder" :
			    strerror(errno));
			goto out;
		}
	} else {
		if (fstat(b.ofd, &sb) == -1 || fstat(b.pfd, &pst) == -1) {
			diag_add(d, NULL, LEVEL_ERROR, NULL,
			    "cannot read \"%s\": %s", dir, strerror(errno));
			goto out;
		}
		if (is_mount_point(b.ofd, b.pfd, &sb, &pst)) {
			struct diag *dg = diag_add(d, NULL, LEVEL_ERROR, NULL,
			    "\"%s\" is a mount point: pgpair replaces the "
			    "output directory as a whole, and cannot rename a "
			    "mount point", dir);
			diag_hint(d, dg, "generate into a folder inside it, "
			    "such as -o %s/tree", dir);
			goto out;
		}
		read_manifest(&b);
	}
	/* A file we cannot read is one we cannot call the same: rewrite it. */
	for (i = 0; i < n; i++)
		if (b.ofd == -1)
			b.st[i] = OUTFILE_CREATED;
		else if (state_at(b.ofd, &files[i], &b.st[i]) == -1)
			b.st[i] = OUTFILE_CHANGED;

	if (b.ofd != -1 && up_to_date(&b)) {
		rc = 0;
		goto out;
	}
	if (make_stage(&b, "new", b.stage, sizeof(b.stage)) == -1) {
		diag_add(d, NULL, LEVEL_ERROR, NULL, "cannot create a folder "
		    "beside \"%s\" in \"%s\": %s", dir, b.parent,
		    strerror(errno));
		b.stage[0] = '\0';
		goto out;
	}
	if ((b.sfd = open_dir_at(b.pfd, b.stage)) == -1) {
		diag_add(d, NULL, LEVEL_ERROR, NULL,
		    "cannot open \"%s/%s\": %s", b.parent, b.stage,
		    strerror(errno));
		goto out;
	}
	if (b.ofd != -1 && carry(&b, b.ofd, b.sfd, "", 0, &placed) != 0)
		goto out;
	if (write_files(&b) != 0)
		goto out;
	/* Folders get their modes last: a read-only one was filled first. */
	for (i = b.nmodes; i-- > 0; ) {
		if (b.modes[i].fix_mode && fchmodat(b.sfd, b.modes[i].path,
		    b.modes[i].mode, 0) == -1) {
			diag_add(d, NULL, LEVEL_ERROR, NULL,
			    "cannot set the mode of \"%s/%s/%s\": %s",
			    b.parent, b.stage, b.modes[i].path,
			    strerror(errno));
			goto out;
		}
		if (b.modes[i].fix_owner)
			(void)fchownat(b.sfd, b.modes[i].path, b.modes[i].uid,
			    b.modes[i].gid, AT_SYMLINK_NOFOLLOW);
	}
	if (b.ofd != -1) {
		if (b.euid == 0)
			(void)fchown(b.sfd, sb.st_uid, sb.st_gid);
		(void)fchmod(b.sfd, sb.st_mode & 07777);
	} else
		(void)fchmod(b.sfd, 0755 & ~b.umask);
	if (caught)
		goto out;
	/*
	 * One sync for the whole tree, as PostgreSQL's syncfs method: every
	 * file and folder of it is on disk before it becomes DIR.
	 */
	if (syncfs(b.sfd) == -1) {
		diag_add(d, NULL, LEVEL_ERROR, NULL,
		    "cannot sync \"%s/%s\": %s", b.parent, b.stage,
		    strerror(errno));
		goto out;
	}
	if (caught)
		goto out;
	if (swap(&b) != 0)
		goto out;
	swapped = 1;
	/* The swap itself is durable once DIR's folder is. */
	if (fsync(b.pfd) == -1) {
		diag_add(d, NULL, LEVEL_ERROR, NULL,
		    "cannot sync \"%s\": %s", b.parent, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (b.cache_fd != -1 && b.cache_fd != b.sfd)
		(void)close(b.cache_fd);
	if (b.sfd != -1)
		(void)close(b.sfd);
	if (b.ofd != -1)
		(void)close(b.ofd);
	/* Before the swap the stage is the new tree, after it the old one. */
	if (b.stage[0] != '\0' && b.pfd != -1 &&
	    rm_tree(b.pfd, b.stage, DT_DIR, 0) == -1)
		diag_add(d, NULL, swapped ? LEVEL_WARNING : LEVEL_ERROR, NULL,
		    "cannot remove \"%s/%s\": %s; the next run removes it",
		    b.parent, b.stage, strerror(errno));
	if (rc == 0)
		report_gone(&b);
	if (b.pfd != -1)
		(void)close(b.pfd);	/* and the lock with it */
	if (rc != 0 && !swapped)
		/* Newest first, so children go before their parents. */
		for (i = nmade; i-- > 0; )
			(void)rmdir(made[i]);
	for (i = 0; i < nmade; i++)
		free(made[i]);
	free(made);
	for (i = 0; i < nsig; i++)
		(void)sigaction(sigs[i], &old[i], NULL);
	arena_free(b.a);
	if ((sig = caught) != 0 && !swapped) {
		caught = 0;
		(void)raise(sig);
	}
	return rc;
}

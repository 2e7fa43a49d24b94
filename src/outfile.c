/*
 * The write stage of generate: the files render.c produced in memory reach
 * the output directory whole or not at all.  Each one is written to a
 * temporary beside its final name, fsync'ed, and only when every temporary
 * is complete are they renamed into place; a failure (or a signal) before
 * that removes the temporaries and the directories we created.  A file
 * that already holds the same bytes with the same mode is not written at
 * all, so that regenerating an unchanged tree touches nothing.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "render.h"
#include "xmalloc.h"

/*
 * Temporaries that exist right now, for the signal handler.  Only complete
 * NUL-terminated paths are published, and the count is raised after the
 * path is stored, so the handler never reads a half-built entry.
 */
static char		**tmp_paths;
static volatile sig_atomic_t ntmp_live;

static const char *const state_names[OUTFILE__COUNT] = {
	[OUTFILE_CREATED] = "created",
	[OUTFILE_CHANGED] = "changed",
	[OUTFILE_UNCHANGED] = "unchanged",
};

static int	 same_bytes(int fd, const char *p, size_t n);
static int	 mkdirs(const char *dir, char ***made, size_t *nmade,
		    struct diags *);
static int	 write_temp(const char *final, const struct outfile *,
		    char **tmp, struct diags *);
static int	 write_full(int fd, const char *p, size_t n);
static int	 fsync_dir(const char *dir);
static char	*dir_of(const char *path);
static int	 path_ok(const char *rel);
static void	 on_signal(int);
static void	 remove_temps(size_t n);

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
		if (len == 0 || (len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (e == NULL)
			return 1;
		p = e + 1;
	}
}

/* The directory part of path (malloc'd), "." when there is none. */
static char *
dir_of(const char *path)
{
	const char	*s = strrchr(path, '/');

	if (s == NULL)
		return xstrdup(".");
	if (s == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(s - path));
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

int
outfile_state(const char *dir, const struct outfile *f,
    enum outfile_state *st)
{
	struct stat	 sb;
	char		*path;
	int		 fd, rc = 0, same, saved;

	if (asprintf(&path, "%s/%s", dir, f->path) == -1) {
		fputs("pgpair: out of memory\n", stderr);
		exit(2);
	}
	/* O_NONBLOCK: a FIFO put there must not hang us. */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	free(path);
	if (fd == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			*st = OUTFILE_CREATED;
		else if (errno == ELOOP)
			*st = OUTFILE_CHANGED;
		else
			return -1;
		return 0;
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

/* mkdir -p dir; every directory created is appended to *made. */
static int
mkdirs(const char *dir, char ***made, size_t *nmade, struct diags *d)
{
	struct stat	 st;
	char		*parent;
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
	parent = dir_of(dir);
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

/* Write f into a new temporary beside final; *tmp gets its path. */
static int
write_temp(const char *final, const struct outfile *f, char **tmp,
    struct diags *d)
{
	const char	*base;
	char		*dir, *path;
	int		 fd, saved;

	dir = dir_of(final);
	base = strrchr(final, '/');
	base = base == NULL ? final : base + 1;
	if (asprintf(&path, "%s/.%s.pgpair-XXXXXX", dir, base) == -1) {
		fputs("pgpair: out of memory\n", stderr);
		exit(2);
	}
	free(dir);
	if ((fd = mkstemp(path)) == -1) {
		diag_add(d, NULL, LEVEL_ERROR, NULL,
		    "cannot create a temporary file for \"%s\": %s", final,
		    strerror(errno));
		free(path);
		return -1;
	}
	*tmp = path;
	if (write_full(fd, f->data, f->len) == -1 ||
	    fchmod(fd, f->mode) == -1 || fsync(fd) == -1) {
		saved = errno;
		(void)close(fd);
		diag_add(d, NULL, LEVEL_ERROR, NULL, "cannot write \"%s\": %s",
		    final, strerror(saved));
		return -1;
	}
	if (close(fd) == -1) {
		diag_add(d, NULL, LEVEL_ERROR, NULL, "cannot write \"%s\": %s",
		    final, strerror(errno));
		return -1;
	}
	return 0;
}

static int
fsync_dir(const char *dir)
{
	int	 fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	if (close(fd) == -1)
		rc = -1;
	return rc;
}

static void
remove_temps(size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (tmp_paths[i] != NULL)
			(void)unlink(tmp_paths[i]);
}

static void
on_signal(int sig)
{
	remove_temps((size_t)ntmp_live);
	signal(sig, SIG_DFL);
	raise(sig);
}

int
outfile_write_all(const char *dir, const struct outfile *files, size_t n,
    enum outfile_state *states, struct diags *d)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM, SIGPIPE };
	struct sigaction sa, old[sizeof(sigs) / sizeof(sigs[0])];
	enum outfile_state *st = states;
	char		**finals, **made = NULL, *fdir, *tmp;
	size_t		 i, nmade = 0, nsig = sizeof(sigs) / sizeof(sigs[0]);
	int		 rc = -1;

	for (i = 0; i < n; i++)
		if (!path_ok(files[i].path)) {
			diag_add(d, NULL, LEVEL_ERROR, NULL,
			    "refusing to write outside \"%s\": \"%s\"", dir,
			    files[i].path);
			return -1;
		}
	if (st == NULL)
		st = xcalloc(n == 0 ? 1 : n, sizeof(*st));
	/* A file we cannot read is one we cannot call the same: rewrite it. */
	for (i = 0; i < n; i++)
		if (outfile_state(dir, &files[i], &st[i]) == -1)
			st[i] = OUTFILE_CHANGED;

	finals = xcalloc(n == 0 ? 1 : n, sizeof(*finals));
	tmp_paths = xcalloc(n == 0 ? 1 : n, sizeof(*tmp_paths));
	ntmp_live = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < nsig; i++)
		(void)sigaction(sigs[i], &sa, &old[i]);

	if (mkdirs(dir, &made, &nmade, d) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		tmp = NULL;
		if (st[i] == OUTFILE_UNCHANGED)
			continue;
		if (asprintf(&finals[i], "%s/%s", dir, files[i].path) == -1) {
			fputs("pgpair: out of memory\n", stderr);
			exit(2);
		}
		fdir = dir_of(finals[i]);
		if (mkdirs(fdir, &made, &nmade, d) != 0) {
			free(fdir);
			goto out;
		}
		free(fdir);
		if (write_temp(finals[i], &files[i], &tmp, d) != 0) {
			if (tmp != NULL) {
				tmp_paths[i] = tmp;
				ntmp_live = (sig_atomic_t)(i + 1);
			}
			goto out;
		}
		tmp_paths[i] = tmp;
		ntmp_live = (sig_atomic_t)(i + 1);
	}

	/* Every file is complete on disk: now put them in place. */
	for (i = 0; i < n; i++) {
		if (st[i] == OUTFILE_UNCHANGED)
			continue;
		if (rename(tmp_paths[i], finals[i]) == -1) {
			diag_add(d, NULL, LEVEL_ERROR, NULL,
			    "cannot rename \"%s\" to \"%s\": %s", tmp_paths[i],
			    finals[i], strerror(errno));
			goto out;
		}
		tmp = tmp_paths[i];
		tmp_paths[i] = NULL;	/* before free: the handler reads it */
		free(tmp);
	}
	for (i = 0; i < n; i++) {
		if (st[i] == OUTFILE_UNCHANGED)
			continue;
		fdir = dir_of(finals[i]);
		if (fsync_dir(fdir) == -1) {
			diag_add(d, NULL, LEVEL_ERROR, NULL,
			    "cannot sync directory \"%s\": %s", fdir,
			    strerror(errno));
			free(fdir);
			goto out;
		}
		free(fdir);
	}
	rc = 0;
out:
	if (rc != 0) {
		remove_temps((size_t)ntmp_live);
		/* Newest first, so children go before their parents. */
		for (i = nmade; i-- > 0; )
			(void)rmdir(made[i]);
	}
	ntmp_live = 0;
	for (i = 0; i < nsig; i++)
		(void)sigaction(sigs[i], &old[i], NULL);
	for (i = 0; i < n; i++) {
		free(finals[i]);
		free(tmp_paths[i]);
	}
	free(finals);
	free(tmp_paths);
	tmp_paths = NULL;
	if (st != states)
		free(st);
	for (i = 0; i < nmade; i++)
		free(made[i]);
	free(made);
	return rc;
}

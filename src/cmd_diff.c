/*
 * pgpair diff: what generate would change in a tree.  The description is
 * rendered in memory as generate renders it (the verifier in the tree's
 * roles.sql kept while it matches the password), each file is compared
 * with the tree's (outfile_state(), the same test generate uses to leave
 * a file alone), and a differing one gets a unified diff from udiff.c.
 * Files the tree's manifest lists that generate would no longer write are
 * shown as deleted: generate removes them.  Other files in the folders
 * pgpair writes are listed, without changing the exit status: generate
 * keeps them.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "cmd.h"
#include "diag.h"
#include "outfile.h"
#include "render.h"
#include "report.h"
#include "strbuf.h"
#include "udiff.h"

#define DIFF_MAX_FILE	(16 * 1024 * 1024)	/* bytes of a file in DIR */
#define EXTRA		"extra"
#define REMOVED		"removed"

/* Kinds of file that are not regular, in diff's words. */
static const struct {
	mode_t		 type;
	const char	*name;
} kinds[] = {
	{ S_IFLNK, "a symbolic link" },
	{ S_IFDIR, "a directory" },
	{ S_IFIFO, "a fifo" },
	{ S_IFSOCK, "a socket" },
	{ S_IFCHR, "a character special file" },
	{ S_IFBLK, "a block special file" },
};

struct tree {
	struct arena			*a;
	struct diags			*d;
	const char			*dir;
	const struct outfile		*files;
	size_t				 nfiles;
	const char			**removed;	/* sorted */
	size_t				 nremoved;
	struct report_diff_file		*v;
	size_t				 n, cap;
	int				 io_error;
};

static struct report_diff_file *add(struct tree *, const char *path,
		    const char *state);
static void	 compare_file(struct tree *, const struct outfile *);
static void	 removed_file(struct tree *, const char *path);
static const char *read_old(struct tree *, const char *path, size_t *len);
static const char *kind_name(mode_t);
static int	 rendered(const struct tree *, const char *path, int as_dir);
static void	 list_extras(struct tree *, const char *folder, int nodes);
static const char *folder_of(struct arena *, const char *path);
static int	 cmp_path(const void *, const void *);

static struct report_diff_file *
add(struct tree *t, const char *path, const char *state)
{
	struct report_diff_file *f;

	if (t->n == t->cap) {
		t->v = arena_grow(t->a, t->v, t->n, t->cap * 2 + 16,
		    sizeof(*t->v));
		t->cap = t->cap * 2 + 16;
	}
	f = &t->v[t->n++];
	f->path = path;
	f->state = state;
	f->diff = NULL;
	return f;
}

static const char *
kind_name(mode_t mode)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((mode & S_IFMT) == kinds[i].type)
			return kinds[i].name;
	return "not a regular file";
}

/*
 * The bytes of DIR/path, a regular file (in the arena, NUL after them), or
 * NULL after reporting: unreadable, or larger than DIFF_MAX_FILE.
 */
static const char *
read_old(struct tree *t, const char *path, size_t *len)
{
	const char	*full = arena_printf(t->a, "%s/%s", t->dir, path);
	struct strbuf	 sb = STRBUF_INIT;
	char		 buf[65536], *r;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1) {
		diag_add(t->d, NULL, LEVEL_ERROR, NULL,
		    "cannot read \"%s\": %s", full, strerror(errno));
		t->io_error = 1;
		return NULL;
	}
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			diag_add(t->d, NULL, LEVEL_ERROR, NULL,
			    "cannot read \"%s\": %s", full, strerror(errno));
			goto fail;
		}
		if (sb.len + (size_t)n > DIFF_MAX_FILE) {
			diag_add(t->d, NULL, LEVEL_ERROR, NULL,
			    "cannot compare \"%s\": larger than %d MiB", full,
			    DIFF_MAX_FILE / (1024 * 1024));
			goto fail;
		}
		strbuf_add(&sb, buf, (size_t)n);
	}
	(void)close(fd);
	r = arena_alloc(t->a, sb.len + 1);
	memcpy(r, sb.buf, sb.len + 1);
	*len = sb.len;
	strbuf_release(&sb);
	return r;
fail:
	(void)close(fd);
	strbuf_release(&sb);
	t->io_error = 1;
	return NULL;
}

/* One rendered file against DIR's: its state, and a diff when it differs. */
static void
compare_file(struct tree *t, const struct outfile *f)
{
	struct report_diff_file *e;
	struct strbuf	 sb = STRBUF_INIT;
	struct stat	 st;
	enum outfile_state state;
	const char	*full, *old;
	size_t		 len;

	full = arena_printf(t->a, "%s/%s", t->dir, f->path);
	if (outfile_state(t->dir, f, &state) == -1) {
		diag_add(t->d, NULL, LEVEL_ERROR, NULL,
		    "cannot read \"%s\": %s", full, strerror(errno));
		t->io_error = 1;
		return;
	}
	e = add(t, f->path, outfile_state_name(state));
	if (state == OUTFILE_UNCHANGED)
		return;
	if (state == OUTFILE_CREATED) {
		strbuf_addf(&sb, "--- /dev/null\n+++ b/%s\n", f->path);
		udiff_hunks(&sb, "", 0, f->data, f->len, UDIFF_CONTEXT, 0);
		goto done;
	}
	if (lstat(full, &st) == -1) {
		diag_add(t->d, NULL, LEVEL_ERROR, NULL,
		    "cannot read \"%s\": %s", full, strerror(errno));
		t->io_error = 1;
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		strbuf_addf(&sb, "File a/%s is %s while file b/%s is a regular "
		    "file\n", f->path, kind_name(st.st_mode), f->path);
		goto done;
	}
	if ((st.st_mode & 07777) != f->mode)
		strbuf_addf(&sb, "old mode %04o\nnew mode %04o\n",
		    (unsigned)(st.st_mode & 07777), (unsigned)f->mode);
	if ((old = read_old(t, f->path, &len)) == NULL) {
		strbuf_release(&sb);
		return;
	}
	/* As diff does: a NUL byte makes a file binary. */
	if (memchr(old, '\0', len) != NULL ||
	    memchr(f->data, '\0', f->len) != NULL) {
		if (len != f->len || memcmp(old, f->data, len) != 0)
			strbuf_addf(&sb, "Binary files a/%s and b/%s differ\n",
			    f->path, f->path);
	} else {
		strbuf_addf(&sb, "--- a/%s\n+++ b/%s\n", f->path, f->path);
		udiff_hunks(&sb, old, len, f->data, f->len, UDIFF_CONTEXT, 0);
	}
done:
	e->diff = arena_strdup(t->a, sb.buf);
	strbuf_release(&sb);
}

/* A file of DIR that generate removes: shown as deleted, to /dev/null. */
static void
removed_file(struct tree *t, const char *path)
{
	struct report_diff_file *e;
	struct strbuf	 sb = STRBUF_INIT;
	struct stat	 st;
	const char	*full, *old;
	size_t		 len;

	full = arena_printf(t->a, "%s/%s", t->dir, path);
	if (lstat(full, &st) == -1) {
		diag_add(t->d, NULL, LEVEL_ERROR, NULL,
		    "cannot read \"%s\": %s", full, strerror(errno));
		t->io_error = 1;
		return;
	}
	e = add(t, path, REMOVED);
	if (!S_ISREG(st.st_mode))
		strbuf_addf(&sb, "File a/%s is %s, which generate removes\n",
		    path, kind_name(st.st_mode));
	else if ((old = read_old(t, path, &len)) == NULL) {
		strbuf_release(&sb);
		return;
	} else if (memchr(old, '\0', len) != NULL)
		strbuf_addf(&sb, "Binary files a/%s and /dev/null differ\n",
		    path);
	else {
		strbuf_addf(&sb, "--- a/%s\n+++ /dev/null\n", path);
		udiff_hunks(&sb, old, len, "", 0, UDIFF_CONTEXT, 0);
	}
	e->diff = arena_strdup(t->a, sb.buf);
	strbuf_release(&sb);
}

/*
 * Is path one of the rendered files or of the files generate removes (or,
 * as_dir, a folder of one)?
 */
static int
rendered(const struct tree *t, const char *path, int as_dir)
{
	size_t		 len = strlen(path);
	const char	*p;

	for (size_t i = 0; i < t->nfiles + t->nremoved; i++) {
		p = i < t->nfiles ? t->files[i].path :
		    t->removed[i - t->nfiles];
		if (as_dir ? strncmp(p, path, len) == 0 && p[len] == '/' :
		    strcmp(p, path) == 0)
			return 1;
	}
	return 0;
}

/*
 * The entries of DIR/folder that generate would not write, as "extra".
 * At the top (folder ""), only folders that hold a runbook.sh count: the
 * node folders of an earlier description; the rest of DIR is the user's.
 */
static void
list_extras(struct tree *t, const char *folder, int nodes)
{
	const char	*path, *full;
	struct dirent	*de;
	struct stat	 st;
	DIR		*dp;

	full = *folder == '\0' ? t->dir : arena_printf(t->a, "%s/%s", t->dir,
	    folder);
	if ((dp = opendir(full)) == NULL)
		return;		/* a missing folder: its files are created */
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		path = *folder == '\0' ? arena_strdup(t->a, de->d_name) :
		    arena_printf(t->a, "%s/%s", folder, de->d_name);
		if (rendered(t, path, 0) || rendered(t, path, 1))
			continue;
		if (nodes && lstat(arena_printf(t->a, "%s/%s/runbook.sh",
		    t->dir, path), &st) == -1)
			continue;
		add(t, path, EXTRA);
	}
	closedir(dp);
}

/* "pg1/conf.d" for "pg1/conf.d/50-pgpair.conf"; NULL at the top. */
static const char *
folder_of(struct arena *a, const char *path)
{
	const char	*slash = strrchr(path, '/');

	return slash == NULL ? NULL : arena_strndup(a, path,
	    (size_t)(slash - path));
}

static int
cmp_path(const void *a, const void *b)
{
	return strcmp(((const struct report_diff_file *)a)->path,
	    ((const struct report_diff_file *)b)->path);
}

int
cmd_diff(struct cmd_run *run)
{
	struct report		 r = { .doc = DOC_DIFF, .out = stdout,
				    .err = stderr };
	struct outfile		*files = NULL;
	struct cluster		*cl;
	struct tree		 t;
	struct stat		 st;
	struct diags		 d;
	const char		*templates = run->arg[OPT_TEMPLATES];
	const char		*folder, *f;
	size_t			 nfiles = 0, i, j;
	int			 err, io_error, status, equal = 1;

	memset(&t, 0, sizeof(t));
	t.a = arena_new();
	t.d = &d;
	t.dir = run->operands[1];
	diags_init(&d, t.a);
	cl = cluster_check_file(t.a, run->operands[0], &d, &io_error);
	status = io_error ? EXIT_USAGE : cmd_status(run, &d);
	if (status == EXIT_VALID && cl == NULL)
		status = EXIT_INVALID;	/* cannot happen: no model, no error */
	/* A tree that is not there is a mistake, not a tree to create. */
	if (status == EXIT_VALID && (err = stat(t.dir, &st) == -1 ? errno :
	    S_ISDIR(st.st_mode) ? 0 : ENOTDIR) != 0) {
		diag_add(&d, NULL, LEVEL_ERROR, NULL, "cannot read \"%s\": %s",
		    t.dir, strerror(err));
		status = EXIT_USAGE;
	}
	if (status == EXIT_VALID && cmd_render_tree(t.a, cl, t.dir, templates,
	    &files, &nfiles, &d) != 0)
		status = EXIT_USAGE;
	r.d = &d;
	r.dir = t.dir;
	if (status != EXIT_VALID) {
		diags_sort(&d);
		report_print(run->fmt, &r);
		arena_free(t.a);
		return status;
	}

	t.files = files;
	t.nfiles = nfiles;
	for (i = 0; i < nfiles; i++)
		compare_file(&t, &files[i]);
	t.nremoved = outfile_removed(t.a, t.dir, files, nfiles, &t.removed,
	    &d);
	for (i = 0; i < t.nremoved; i++)
		removed_file(&t, t.removed[i]);
	/* The folders pgpair writes or removes in, each once, and the top. */
	list_extras(&t, "", 1);
	for (i = 0; i < nfiles + t.nremoved; i++) {
		if ((folder = folder_of(t.a, i < nfiles ? files[i].path :
		    t.removed[i - nfiles])) == NULL)
			continue;
		for (j = 0; j < i; j++)
			if ((f = folder_of(t.a, j < nfiles ? files[j].path :
			    t.removed[j - nfiles])) != NULL &&
			    strcmp(f, folder) == 0)
				break;
		if (j == i)
			list_extras(&t, folder, 0);
	}
	qsort(t.v, t.n, sizeof(*t.v), cmp_path);
	for (i = 0; i < t.n; i++)
		if (t.v[i].diff != NULL)
			equal = 0;
	diags_sort(&d);
	r.diff = t.v;
	r.ndiff = t.n;
	r.equal = equal;
	report_print(run->fmt, &r);
	status = t.io_error ? EXIT_USAGE : equal ? EXIT_VALID : EXIT_INVALID;
	arena_free(t.a);
	return status;
}

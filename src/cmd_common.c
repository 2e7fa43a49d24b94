/*
 * What the subcommands share: the validation pipeline (load -> model ->
 * rules) and the tree that generate writes (render, plus the description
 * itself).  The command line is cmdline.c's.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "cmd.h"
#include "diag.h"
#include "model.h"
#include "outfile.h"
#include "render.h"
#include "rule.h"
#include "yaml_load.h"

/* Bytes of a password file: one line, with its line break. */
#define PASSWORD_FILE_MAX	1024
#define PASSWORD_FILE_MAX_TEXT	"1024 bytes"

static const char	*password_fault(const char *, size_t);
static const char	*read_password_file(struct arena *,
			    const struct cluster *, struct diags *, int *);
static int		 read_password(struct arena *, const struct cluster *,
			    struct diags *, const char **);

/* model -> rules for a loaded description (NULL: not loaded). */
static struct cluster *
check_root(struct arena *a, struct ynode *root, const char *path,
    const char *text, size_t len, struct diags *d)
{
	struct check_ctx	 cx;
	struct cluster		*cl;

	if (root == NULL || (cl = model_build(a, root, path, d)) == NULL)
		return NULL;
	cl->text = text;
	cl->text_len = len;
	memset(&cx, 0, sizeof(cx));
	cx.a = a;
	cx.d = d;
	cx.cl = cl;
	rules_run(SCOPE_CLUSTER, &cx);
	return cl;
}

struct cluster *
cluster_check_file(struct arena *a, const char *path, struct diags *d,
    int *io_error)
{
	struct ynode	*root;
	const char	*text;
	size_t		 len;

	*io_error = 0;
	root = yaml_load_file_text(a, path, d, io_error, &text, &len);
	return check_root(a, root, path, text, len, d);
}

struct cluster *
cluster_check_buf(struct arena *a, const char *name, const char *text,
    size_t len, struct diags *d)
{
	struct ynode	*root;

	root = yaml_load_string(a, name, text, len, d);
	/* The loader borrows text; the caller keeps it in a. */
	diags_source(d, a, name, text, len);
	return check_root(a, root, name, text, len, d);
}

/*
 * Why pw (len bytes) cannot be the replication password, or NULL.  The
 * runbooks' read_password (templates/runbook-head.sh.mustache) refuses the
 * same at run time: only printable ASCII.  PostgreSQL prepares a password
 * with SASLprep before it hashes it, which pgpair does not do, so a
 * verifier computed here for a non-ASCII password could differ from the
 * server's; a line break would break the passfile line.
 */
static const char *
password_fault(const char *pw, size_t len)
{
	if (len == 0)
		return "is empty";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)pw[i];

		if (c == '\0')
			return "holds a NUL byte";
		if (c == '\n' || c == '\r')
			return "holds a line break";
		if (c < 0x20 || c == 0x7f)
			return "holds a control character";
		if (c >= 0x80)
			return "holds a character that is not ASCII "
			    "(PostgreSQL prepares a password with SASLprep, "
			    "which pgpair does not)";
	}
	return NULL;
}

/*
 * The password file: a regular file (opened without blocking, so that a
 * FIFO cannot hang us) of at most PASSWORD_FILE_MAX bytes and one line.
 * Returns the password (in a), NULL when the file does not exist, or
 * sets *failed after reporting why it cannot be used.
 */
static const char *
read_password_file(struct arena *a, const struct cluster *cl,
    struct diags *d, int *failed)
{
	struct stat	 st;
	char		 buf[PASSWORD_FILE_MAX + 2];
	const char	*why = NULL, *pw = NULL;
	size_t		 len = 0;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(cl->pw_ref, O_RDONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT) {
			diag_add(d, NULL, LEVEL_INFO, NULL, "\"%s\" does not "
			    "exist: roles.sql creates the role without a "
			    "password, and the primary's runbook sets it at "
			    "run time", cl->pw_ref);
			return NULL;
		}
		why = strerror(errno);
	} else if (fstat(fd, &st) == -1)
		why = strerror(errno);
	else if (S_ISDIR(st.st_mode))
		why = "it is a directory, not a regular file";
	else if (S_ISFIFO(st.st_mode))
		why = "it is a fifo, not a regular file";
	else if (!S_ISREG(st.st_mode))
		why = "it is a device or a socket, not a regular file";
	else if (st.st_size > PASSWORD_FILE_MAX)
		why = "it is larger than " PASSWORD_FILE_MAX_TEXT;
	else {
		/* The size may change under us: read one byte more. */
		while (len < sizeof(buf) && (r = read(fd, buf + len,
		    sizeof(buf) - len)) != 0) {
			if (r == -1) {
				if (errno == EINTR)
					continue;
				why = strerror(errno);
				break;
			}
			len += (size_t)r;
		}
		if (why == NULL && len > PASSWORD_FILE_MAX)
			why = "it is larger than " PASSWORD_FILE_MAX_TEXT;
	}
	if (fd != -1)
		(void)close(fd);
	if (why == NULL) {
		/* One line break ends the line; the runbooks drop a CR too. */
		if (len > 0 && buf[len - 1] == '\n')
			len--;
		if (len > 0 && buf[len - 1] == '\r')
			len--;
		if (memchr(buf, '\n', len) != NULL)
			why = "it holds more than one line";
		else if ((why = password_fault(buf, len)) == NULL)
			pw = arena_strndup(a, buf, len);
		else
			why = arena_printf(a, "the password %s", why);
	}
	explicit_bzero(buf, sizeof(buf));
	if (why != NULL) {
		diag_add(d, &cl->pw_pos, LEVEL_ERROR, NULL, "cannot use the "
		    "password file \"%s\": %s", cl->pw_ref, why);
		*failed = 1;
	}
	return pw;
}

/*
 * The replication password, when it is at hand: from the environment
 * variable or the file the description names.  *pw is NULL when the
 * variable is not set or the file does not exist (the runbooks then set
 * the password at run time; an info says so).  A password that is there
 * but cannot be used is an error at the position of the key.  Returns 0,
 * or -1 after reporting.  The password lives in the arena only.
 */
static int
read_password(struct arena *a, const struct cluster *cl, struct diags *d,
    const char **pw)
{
	const char	*v, *why;
	int		 failed = 0;

	*pw = NULL;
	if (cl->pw_source == PASSWORD_FILE) {
		*pw = read_password_file(a, cl, d, &failed);
		return failed ? -1 : 0;
	}
	if ((v = getenv(cl->pw_ref)) == NULL) {
		diag_add(d, NULL, LEVEL_INFO, NULL, "%s is not set: roles.sql "
		    "creates the role without a password, and the primary's "
		    "runbook sets it at run time", cl->pw_ref);
		return 0;
	}
	if ((why = password_fault(v, strlen(v))) != NULL) {
		diag_add(d, &cl->pw_pos, LEVEL_ERROR, NULL, "cannot use the "
		    "password in %s: it %s", cl->pw_ref, why);
		return -1;
	}
	*pw = arena_strdup(a, v);
	return 0;
}

int
cmd_render_tree(struct arena *a, const struct cluster *cl,
    const char *outdir, const char *templates_dir, struct outfile **files,
    size_t *nfiles, struct diags *d)
{
	struct render_opts	 ro;
	struct outfile		*f;

	memset(&ro, 0, sizeof(ro));
	ro.templates_dir = templates_dir;
	ro.outdir = outdir;
	if (read_password(a, cl, d, &ro.password) != 0)
		return -1;
	if (render_cluster(a, cl, &ro, files, nfiles, d) != 0)
		return -1;
	/* render_cluster()'s array has no room to spare: a new one. */
	f = arena_calloc(a, *nfiles + 2, sizeof(*f));
	if (*nfiles > 0)
		memcpy(f, *files, *nfiles * sizeof(*f));
	if (cl->text != NULL) {
		f[*nfiles].path = TREE_DESCRIPTION;
		f[*nfiles].data = cl->text;
		f[*nfiles].len = cl->text_len;
		f[*nfiles].mode = 0644;
		(*nfiles)++;
	}
	/* Last: the manifest lists every file above. */
	outfile_manifest(a, f, *nfiles, &f[*nfiles]);
	(*nfiles)++;
	*files = f;
	return 0;
}

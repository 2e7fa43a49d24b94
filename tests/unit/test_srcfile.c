/*
 * Unit tests for srcfile.c's reading: what is read (a regular file, up to
 * SRCFILE_MAX bytes, standard input whatever it is) and what is refused
 * without waiting (a directory, a FIFO, a socket, a device, a larger file),
 * with the words srcfile_strerror() gives; and srcfile_canonical().
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"
#include "srcfile.h"

struct fx {
	struct arena	*a;
	char		 dir[64];
};

static int
setup(void **state)
{
	struct fx	*fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->a = arena_new();
	strcpy(fx->dir, "/tmp/test_srcfile.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;
	char		 cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	arena_free(fx->a);
	free(fx);
	return 0;
}

static const char *
path_of(struct fx *fx, const char *name)
{
	return arena_printf(fx->a, "%s/%s", fx->dir, name);
}

/* srcfile_read(path) fails with err, whose words are words. */
static void
refused(struct fx *fx, const char *path, int err, const char *words)
{
	errno = 0;
	assert_null(srcfile_read(fx->a, path));
	assert_int_equal(errno, err);
	assert_string_equal(srcfile_strerror(err), words);
}

static void
test_regular(void **state)
{
	struct fx		*fx = *state;
	const struct srcfile	*sf;
	size_t			 len;
	int			 fd;

	fd = open(path_of(fx, "a"), O_WRONLY | O_CREAT, 0600);
	assert_true(fd != -1);
	assert_int_equal(write(fd, "x\0y\nz", 5), 5);
	assert_int_equal(close(fd), 0);
	sf = srcfile_read(fx->a, path_of(fx, "a"));
	assert_non_null(sf);
	assert_int_equal(sf->len, 5);
	assert_memory_equal(sf->buf, "x\0y\nz", 6);
	/* two lines, the index built on first use */
	assert_null(sf->lines);
	assert_int_equal(srcfile_line_of(sf, 4), 2);
	assert_int_equal(sf->nlines, 2);

	/* an empty file: one line, nothing else */
	fd = open(path_of(fx, "empty"), O_WRONLY | O_CREAT, 0600);
	assert_int_equal(close(fd), 0);
	sf = srcfile_read(fx->a, path_of(fx, "empty"));
	assert_non_null(sf);
	assert_int_equal(sf->len, 0);
	assert_non_null(srcfile_line(sf, 1, &len));
	assert_null(srcfile_line(sf, 2, &len));
	assert_int_equal(sf->nlines, 1);
}

/*
 * A file of a whole number of pages still ends in a NUL (the mapping has
 * a page of zeroes after it), and one of a page and a byte too.
 */
static void
test_page_sizes(void **state)
{
	struct fx		*fx = *state;
	const struct srcfile	*sf;
	size_t			 page = (size_t)sysconf(_SC_PAGESIZE);
	char			*b = malloc(2 * page + 1);
	int			 fd;

	assert_non_null(b);
	for (size_t n = page - 1; n <= 2 * page + 1; n++) {
		const char	*name = arena_printf(fx->a, "p%zu", n);

		memset(b, 'x', n);
		b[n - 1] = '\n';
		fd = open(path_of(fx, name), O_WRONLY | O_CREAT, 0600);
		assert_true(fd != -1);
		assert_int_equal(write(fd, b, n), (ssize_t)n);
		assert_int_equal(close(fd), 0);
		sf = srcfile_read(fx->a, path_of(fx, name));
		assert_non_null(sf);
		assert_int_equal(sf->len, n);
		assert_memory_equal(sf->buf, b, n);
		assert_int_equal(sf->buf[n], '\0');
		if (n == page + 1)
			n = 2 * page - 2;	/* and then around two pages */
	}
	free(b);
}

/*
 * A file cut short by another program while it is read: a clear message
 * naming it and exit status 2, not a crash (the bytes are mapped, and a
 * page past the new end would raise SIGBUS).
 */
static void
test_cut_short(void **state)
{
	struct fx		*fx = *state;
	const struct srcfile	*sf;
	const char		*path = path_of(fx, "short");
	const char		*err = path_of(fx, "short.err");
	size_t			 page = (size_t)sysconf(_SC_PAGESIZE);
	char			*b = malloc(4 * page), got[512];
	pid_t			 pid;
	int			 fd, status;
	ssize_t			 n;

	assert_non_null(b);
	memset(b, 'x', 4 * page);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	assert_int_equal(write(fd, b, 4 * page), (ssize_t)(4 * page));
	assert_int_equal(close(fd), 0);
	free(b);
	fflush(NULL);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd == -1 || dup2(fd, STDERR_FILENO) == -1)
			_exit(3);
		if ((sf = srcfile_read(fx->a, path)) == NULL ||
		    truncate(path, 0) == -1)
			_exit(4);
		/* the last page is gone now */
		_exit(sf->buf[3 * page + 1] == 'x' ? 5 : 6);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	fd = open(err, O_RDONLY);
	assert_true(fd != -1);
	n = read(fd, got, sizeof(got) - 1);
	assert_true(n > 0);
	got[n] = '\0';
	(void)close(fd);
	assert_string_equal(got, arena_printf(fx->a, "pgpair: %s: the file "
	    "was cut short while pgpair read it\n", path));
}

static void
test_not_regular(void **state)
{
	struct fx		*fx = *state;
	struct sockaddr_un	 sun;
	int			 s;

	refused(fx, fx->dir, EISDIR, strerror(EISDIR));
	assert_int_equal(mkfifo(path_of(fx, "fifo"), 0600), 0);
	refused(fx, path_of(fx, "fifo"), ESPIPE,
	    "not a regular file but a FIFO");
	refused(fx, "/dev/zero", ENODEV, "not a regular file but a device");
	refused(fx, "/dev/null", ENODEV, "not a regular file but a device");

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path_of(fx,
	    "sock"));
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(s != -1);
	assert_int_equal(bind(s, (struct sockaddr *)&sun, sizeof(sun)), 0);
	refused(fx, path_of(fx, "sock"), ENXIO,
	    "not a regular file but a socket");
	assert_int_equal(close(s), 0);

	refused(fx, path_of(fx, "none"), ENOENT, strerror(ENOENT));
}

/* SRCFILE_MAX bytes are read; one more is refused (sparse files). */
static void
test_size_bound(void **state)
{
	struct fx		*fx = *state;
	const struct srcfile	*sf;
	int			 fd;

	fd = open(path_of(fx, "big"), O_WRONLY | O_CREAT, 0600);
	assert_true(fd != -1);
	assert_int_equal(ftruncate(fd, SRCFILE_MAX), 0);
	assert_int_equal(close(fd), 0);
	sf = srcfile_read(fx->a, path_of(fx, "big"));
	assert_non_null(sf);
	assert_int_equal(sf->len, SRCFILE_MAX);

	assert_int_equal(truncate(path_of(fx, "big"), SRCFILE_MAX + 1), 0);
	refused(fx, path_of(fx, "big"), EFBIG,
	    "larger than " SRCFILE_MAX_TEXT " (pgpair's limit)");
}

/* Standard input is read whatever it is, within the same bound. */
static void
test_stdin(void **state)
{
	struct fx		*fx = *state;
	const struct srcfile	*sf;
	int			 p[2], saved, fd;

	saved = dup(STDIN_FILENO);
	assert_true(saved != -1);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "port = 1\n", 9), 9);
	assert_int_equal(close(p[1]), 0);
	assert_int_equal(dup2(p[0], STDIN_FILENO), STDIN_FILENO);
	assert_int_equal(close(p[0]), 0);
	sf = srcfile_read_stdin(fx->a, "<stdin>");
	assert_non_null(sf);
	assert_string_equal(sf->path, "<stdin>");
	assert_int_equal(sf->len, 9);
	assert_string_equal(sf->buf, "port = 1\n");

	/* /dev/zero as standard input: refused at the bound, not eaten */
	assert_true((fd = open("/dev/zero", O_RDONLY)) != -1);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	assert_int_equal(close(fd), 0);
	errno = 0;
	assert_null(srcfile_read_stdin(fx->a, "<stdin>"));
	assert_int_equal(errno, EFBIG);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	assert_int_equal(close(saved), 0);
}

static void
test_canonical(void **state)
{
	struct fx	*fx = *state;

	assert_string_equal(srcfile_canonical(fx->a, "a/./b//c/"), "a/b/c");
	assert_string_equal(srcfile_canonical(fx->a, "a/../b"), "b");
	assert_string_equal(srcfile_canonical(fx->a, "../a/../../b"),
	    "../../b");
	assert_string_equal(srcfile_canonical(fx->a, "/../x"), "/x");
	assert_string_equal(srcfile_canonical(fx->a, "a/.."), ".");
	assert_string_equal(srcfile_canonical(fx->a, "/"), "/");
}

int
main(void)
{
#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_regular),
		T(test_page_sizes),
		T(test_cut_short),
		T(test_not_regular),
		T(test_size_bound),
		T(test_stdin),
		T(test_canonical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Input files in memory, their line index and offset -> line:col; see
 * srcfile.h.  The lint scanners work on the buffer read here, so a
 * position is computed only when a diagnostic or a setting needs one.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "srcfile.h"

static struct srcfile	*make(struct arena *, const char *, const char *,
			    size_t);
static int		 not_regular(const struct stat *);
static char		*map_file(struct arena *, int, size_t, const char *);
static void		 unmap(void *);
static void		 on_sigbus(int, siginfo_t *, void *);

/*
 * A file mapped by srcfile_read(): its first byte, the bytes mapped (the
 * file and a NUL after it), and its name for on_sigbus().  The list is
 * only ever prepended to, with the new head published last, so that the
 * signal handler can walk it at any time.
 */
struct mapping {
	char			*base;
	size_t			 size;
	const char		*path;
	struct mapping		*next;
};
static struct mapping *volatile mappings;

/*
 * What a file that is not regular is, as srcfile_read() tells it: 0 for a
 * regular file, else the errno it sets.
 */
static int
not_regular(const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		return 0;
	if (S_ISDIR(st->st_mode))
		return EISDIR;
	if (S_ISFIFO(st->st_mode))
		return ESPIPE;
	if (S_ISSOCK(st->st_mode))
		return ENXIO;
	return ENODEV;
}

struct srcfile *
srcfile_read(struct arena *a, const char *path)
{
	const size_t	 max = SRCFILE_MAX;
	struct stat	 st;
	char		*buf;
	size_t		 len, cap;
	ssize_t		 n;
	int		 fd, saved;

	/*
	 * Look before opening: a FIFO would block, and opening a device can
	 * act (a tape rewinds, a watchdog starts).  The open does not block
	 * either, and fstat() checks what was opened, which may have been
	 * swapped since.
	 */
	if (stat(path, &st) == -1)
		return NULL;
	if ((errno = not_regular(&st)) != 0)
		return NULL;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) ==
	    -1)
		return NULL;
	if (fstat(fd, &st) == -1)
		goto fail;
	if ((errno = not_regular(&st)) != 0)
		goto fail;
	if ((uintmax_t)st.st_size > max) {
		errno = EFBIG;
		goto fail;
	}
	/*
	 * A file is mapped, not copied: a large pg_hba.conf is read once and
	 * its lines are quoted from the same pages (bench/bench-lint.sh).  A
	 * size of 0 is read: files in /proc say 0 and still have bytes.
	 */
	if (st.st_size > 0) {
		if ((buf = map_file(a, fd, (size_t)st.st_size, path)) == NULL)
			goto fail;
		if (close(fd) == -1)
			return NULL;
		return make(a, path, buf, (size_t)st.st_size);
	}
	/*
	 * The size is a hint only: files may grow while we read.  Room for
	 * one byte more than the size lets the read that sees the end of
	 * the file find it without growing the buffer, and a file grown past
	 * max is caught at max + 1 bytes.
	 */
	cap = (size_t)st.st_size + 2;
	buf = arena_alloc(a, cap);
	len = 0;
	for (;;) {
		if (len + 1 >= cap) {
			if (len > max)
				break;
			buf = arena_grow(a, buf, len, cap * 2, 1);
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		len += (size_t)n;
	}
	if (len > max) {
		errno = EFBIG;
		goto fail;
	}
	if (close(fd) == -1)
		return NULL;
	buf[len] = '\0';
	return make(a, path, buf, len);

fail:
	saved = errno;
	(void)close(fd);
	errno = saved;
	return NULL;
}

/*
 * The len bytes of fd mapped read-only and followed by a NUL: the mapping
 * is one page of zeroes longer than the file needs, and the file is mapped
 * over its start (the rest of the file's last page reads as zeroes too).
 * Unmapped with the arena.  NULL with errno set on failure.
 */
static char *
map_file(struct arena *a, int fd, size_t len, const char *path)
{
	struct mapping		*m;
	struct sigaction	 sa;
	size_t			 page = (size_t)sysconf(_SC_PAGESIZE);
	size_t			 size = (len / page + 1) * page;
	char			*base;
	int			 saved;

	base = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1,
	    0);
	if (base == MAP_FAILED)
		return NULL;
	if (mmap(base, len, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) ==
	    MAP_FAILED) {
		saved = errno;
		(void)munmap(base, size);
		errno = saved;
		return NULL;
	}
	/*
	 * A file cut short by another program while mapped would kill the
	 * process with SIGBUS at the first byte read past its new end: say
	 * which file instead, and stop (nothing pgpair writes is left half
	 * done: output trees are swapped in whole).
	 */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGBUS, &sa, NULL);
	m = arena_alloc(a, sizeof(*m));
	m->base = base;
	m->size = size;
	m->path = arena_strdup(a, path);
	m->next = mappings;
	mappings = m;
	arena_defer(a, unmap, m);
	return base;
}

/* Unmap m and take it out of the list (newest first: m is near the head). */
static void
unmap(void *p)
{
	struct mapping	*m = p, *volatile *at;

	for (at = &mappings; *at != NULL; at = &(*at)->next)
		if (*at == m) {
			*at = m->next;
			break;
		}
	(void)munmap(m->base, m->size);
}

static void
on_sigbus(int sig, siginfo_t *si, void *uc)
{
	static const char	 pre[] = "pgpair: ", post[] = ": the file was "
	    "cut short while pgpair read it\n";
	const char		*at = si->si_addr;

	for (struct mapping *m = mappings; m != NULL; m = m->next)
		if (at >= m->base && at < m->base + m->size) {
			(void)!write(STDERR_FILENO, pre, sizeof(pre) - 1);
			(void)!write(STDERR_FILENO, m->path, strlen(m->path));
			(void)!write(STDERR_FILENO, post, sizeof(post) - 1);
			_exit(2);
		}
	/* not a file of ours: the default action (SA_RESETHAND) */
	(void)raise(sig);
}

struct srcfile *
srcfile_read_stdin(struct arena *a, const char *name)
{
	struct srcfile	*sf;
	char		*buf = NULL, *nbuf;
	size_t		 len = 0, cap = 0;
	ssize_t		 n;
	int		 saved;

	/* malloc'd while it grows: the arena would keep every old copy */
	for (;;) {
		if (len == cap) {
			if (len > SRCFILE_MAX) {
				free(buf);
				errno = EFBIG;
				return NULL;
			}
			cap = cap == 0 ? 65536 : cap * 2;
			if ((nbuf = realloc(buf, cap)) == NULL) {
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			buf = nbuf;
		}
		n = read(STDIN_FILENO, buf + len, cap - len);
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			saved = errno;
			free(buf);
			errno = saved;
			return NULL;
		}
		len += (size_t)n;
	}
	if (len > SRCFILE_MAX) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	sf = srcfile_from_mem(a, name, buf != NULL ? buf : "", len);
	free(buf);
	return sf;
}

const char *
srcfile_strerror(int err)
{
	switch (err) {
	case ESPIPE:
		return "not a regular file but a FIFO";
	case ENXIO:
		return "not a regular file but a socket";
	case ENODEV:
		return "not a regular file but a device";
	case EFBIG:
		return "larger than " SRCFILE_MAX_TEXT " (pgpair's limit)";
	default:
		return strerror(err);
	}
}

struct srcfile *
srcfile_from_mem(struct arena *a, const char *path, const char *buf,
    size_t len)
{
	char	*copy;

	copy = arena_alloc(a, len + 1);
	if (len > 0)
		memcpy(copy, buf, len);
	copy[len] = '\0';
	return make(a, path, copy, len);
}

/* Wrap buf (NUL-terminated at len, owned by a). */
static struct srcfile *
make(struct arena *a, const char *path, const char *buf, size_t len)
{
	struct srcfile	*sf;

	sf = arena_calloc(a, 1, sizeof(*sf));
	sf->path = arena_strdup(a, path);
	sf->buf = buf;
	sf->len = len;
	sf->a = a;
	return sf;
}

/*
 * The line index of sf, built on first use: a cache that positions are
 * computed from, not part of what sf holds, hence the const.
 */
static const struct srcfile *
indexed(const struct srcfile *csf)
{
	struct srcfile	*sf = (struct srcfile *)(uintptr_t)csf;
	const char	*p, *end = sf->buf + sf->len;
	size_t		 n;

	if (sf->lines != NULL)
		return sf;
	/*
	 * Count the lines first, so that the index takes exactly its size.
	 * memchr, not strchr: NUL bytes are data here.
	 */
	n = 1;
	for (p = sf->buf; (p = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p++)
		n++;
	sf->lines = arena_alloc(sf->a, n * sizeof(*sf->lines));
	sf->lines[0] = 0;
	sf->nlines = 1;
	for (p = sf->buf; (p = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p++)
		sf->lines[sf->nlines++] = (size_t)(p - sf->buf) + 1;
	return sf;
}

/*
 * The server opens the result of canonicalize_path(), so "a/../b" is "b"
 * even when a is a symbolic link.
 */
uint64_t
srcfile_name_hash(const char *path)
{
	uint64_t	 h = 1469598103934665603ull;

	for (; *path != '\0'; path++) {
		h ^= (unsigned char)*path;
		h *= 1099511628211ull;
	}
	return h ^ (h >> 29);
}

char *
srcfile_canonical(struct arena *a, const char *path)
{
	char	*out, *o;
	const char *s, *e;
	size_t	 clen;
	size_t	 depth = 0;	/* components that ".." may remove */
	int	 isabs = path[0] == '/';

	out = arena_alloc(a, strlen(path) + 2);
	o = out;
	if (isabs)
		*o++ = '/';
	for (s = path; *s != '\0'; s = e) {
		while (*s == '/')
			s++;
		if (*s == '\0')
			break;
		for (e = s; *e != '\0' && *e != '/'; e++)
			continue;
		clen = (size_t)(e - s);
		if (clen == 1 && s[0] == '.')
			continue;
		if (clen == 2 && s[0] == '.' && s[1] == '.') {
			if (depth > 0) {
				/* Drop the last component and its slash. */
				while (o > out + isabs && o[-1] != '/')
					o--;
				if (o > out + isabs)
					o--;
				depth--;
				continue;
			}
			if (isabs)
				continue;	/* "/.." is "/" */
		} else
			depth++;
		if (o > out + isabs)
			*o++ = '/';
		memcpy(o, s, clen);
		o += clen;
	}
	if (o == out)
		*o++ = '.';
	*o = '\0';
	return out;
}

unsigned
srcfile_line_of(const struct srcfile *sf, size_t off)
{
	size_t	 lo, hi, mid;

	sf = indexed(sf);
	/* The last line start <= off. */
	lo = 0;
	hi = sf->nlines;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (sf->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (unsigned)lo + 1;
}

struct pos
srcfile_pos(const struct srcfile *sf, size_t off)
{
	struct pos	 pos;
	size_t		 start;

	if (off > sf->len)
		off = sf->len;
	pos.file = sf->path;
	pos.line = srcfile_line_of(sf, off);	/* indexes sf */
	start = sf->lines[pos.line - 1];
	pos.col = srcfile_chars(sf->buf + start, off - start) + 1;
	return pos;
}

struct pos
srcfile_pos_on(const struct srcfile *sf, unsigned line, size_t off)
{
	struct pos	 pos;
	size_t		 start;

	sf = indexed(sf);
	if (line == 0 || line > sf->nlines || off < sf->lines[line - 1] ||
	    (line < sf->nlines && off >= sf->lines[line]))
		return srcfile_pos(sf, off);	/* not on that line after all */
	start = sf->lines[line - 1];
	pos.file = sf->path;
	pos.line = line;
	pos.col = srcfile_chars(sf->buf + start, off - start) + 1;
	return pos;
}

const char *
srcfile_line(const struct srcfile *sf, unsigned n, size_t *lenp)
{
	size_t	 start, end;

	sf = indexed(sf);
	if (n == 0 || n > sf->nlines)
		return NULL;
	start = sf->lines[n - 1];
	end = n < sf->nlines ? sf->lines[n] - 1 : sf->len;
	*lenp = end - start;
	return sf->buf + start;
}

size_t
srcfile_utf8_len(const unsigned char *s, size_t n)
{
	size_t		 need, i;
	unsigned	 cp, min;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
		cp = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		cp = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else
		return 0;	/* continuation byte, C0/C1, F5..FF */
	if (n < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

unsigned
srcfile_chars(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned		 chars = 0;
	size_t			 i = 0, k;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			chars++;
			continue;
		}
		k = srcfile_utf8_len(p + i, n - i);
		i += k == 0 ? 1 : k;
		chars++;
	}
	return chars;
}

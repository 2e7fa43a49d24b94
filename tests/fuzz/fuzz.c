/*
 * What the fuzz targets share (fuzz.h): the input as a set of files, split
 * at each "%%file NAME" line, the wrapper that hands the readers these
 * files instead of the file system's, and the check of the reports.  Not
 * part of pgpair: linked into the fuzz targets and their replay programs
 * only.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz.h"
#include "report.h"
#include "srcfile.h"

#define VFS_MAX_FILES	64
#define VFS_MAX_PATH	512

struct vfile {
	char		 path[VFS_MAX_PATH];	/* canonical */
	const char	*buf;
	size_t		 len;
};

static struct vfile	 files[VFS_MAX_FILES];
static size_t		 nfiles;
static int		 active;

struct srcfile	*__real_srcfile_read(struct arena *, const char *);
struct srcfile	*__wrap_srcfile_read(struct arena *, const char *);

static int	 canon(const char *in, size_t inlen, char *out, size_t outsz);

/*
 * in (absolute, or relative to FUZZ_DIR) as an absolute path without ".",
 * "..", empty components or a trailing slash.  Returns -1 when it does not
 * fit.
 */
static int
canon(const char *in, size_t inlen, char *out, size_t outsz)
{
	size_t	 o = 0, i = 0, n;
	char	 tmp[VFS_MAX_PATH * 2];

	if (inlen > 0 && in[0] == '/')
		n = (size_t)snprintf(tmp, sizeof(tmp), "%.*s", (int)inlen, in);
	else
		n = (size_t)snprintf(tmp, sizeof(tmp), "%s/%.*s", FUZZ_DIR,
		    (int)inlen, in);
	if (n >= sizeof(tmp) || memchr(tmp, '\0', n) != NULL)
		return -1;
	while (i < n) {
		size_t	 s, l;

		while (i < n && tmp[i] == '/')
			i++;
		s = i;
		while (i < n && tmp[i] != '/')
			i++;
		l = i - s;
		if (l == 0 || (l == 1 && tmp[s] == '.'))
			continue;
		if (l == 2 && tmp[s] == '.' && tmp[s + 1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			continue;
		}
		if (o + 1 + l + 1 > outsz)
			return -1;
		out[o++] = '/';
		memcpy(out + o, tmp + s, l);
		o += l;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	return 0;
}

size_t
fuzz_vfs_begin(const uint8_t *data, size_t size)
{
	const char	*p = (const char *)data, *end = p + size, *m, *nl;
	size_t		 marklen = strlen(FUZZ_MARK);

	nfiles = 0;
	active = 1;
	strcpy(files[0].path, FUZZ_MAIN);
	files[0].buf = p;
	for (;;) {
		m = memmem(p, (size_t)(end - p), FUZZ_MARK, marklen);
		if (m == NULL || nfiles + 1 == VFS_MAX_FILES) {
			files[nfiles].len = (size_t)(end - files[nfiles].buf);
			nfiles++;
			break;
		}
		/* The newline before the mark belongs to the file it ends. */
		files[nfiles].len = (size_t)(m + 1 - files[nfiles].buf);
		nfiles++;
		m += marklen;
		if ((nl = memchr(m, '\n', (size_t)(end - m))) == NULL)
			nl = end;
		/* A name that does not fit names no file. */
		if (canon(m, (size_t)(nl - m), files[nfiles].path,
		    sizeof(files[nfiles].path)) == -1)
			files[nfiles].path[0] = '\0';
		files[nfiles].buf = nl < end ? nl + 1 : end;
		p = files[nfiles].buf;
	}
	return nfiles;
}

void
fuzz_vfs_end(void)
{
	active = 0;
	nfiles = 0;
}

const char *
fuzz_vfs_get(const char *path, size_t *len)
{
	char	 c[VFS_MAX_PATH];

	if (canon(path, strlen(path), c, sizeof(c)) == -1)
		return NULL;
	/* The first of two files of one name wins. */
	for (size_t i = 0; i < nfiles; i++)
		if (strcmp(files[i].path, c) == 0) {
			*len = files[i].len;
			return files[i].buf;
		}
	return NULL;
}

const char *
fuzz_vfs_nth(size_t i, const char **path, size_t *len)
{
	if (i >= nfiles)
		return NULL;
	*path = files[i].path;
	*len = files[i].len;
	return files[i].buf;
}

struct srcfile *
__wrap_srcfile_read(struct arena *a, const char *path)
{
	const char	*buf;
	size_t		 len;

	if (!active)
		return __real_srcfile_read(a, path);
	if ((buf = fuzz_vfs_get(path, &len)) == NULL) {
		errno = ENOENT;
		return NULL;
	}
	return srcfile_from_mem(a, path, buf, len);
}

/* A strict RFC 8259 reader over [p, end): the value at *pp, or -1. */
struct json {
	const unsigned char	*p, *end;
	int			 depth;
};

static int	 json_value(struct json *);
static int	 json_str(struct json *);
static void	 json_ws(struct json *);

static void
json_ws(struct json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* A string: escapes as the RFC lists them, raw bytes valid UTF-8 >= 0x20. */
static int
json_str(struct json *j)
{
	size_t	 n;

	if (j->p >= j->end || *j->p != '"')
		return -1;
	for (j->p++; j->p < j->end; ) {
		if (*j->p == '"') {
			j->p++;
			return 0;
		}
		if (*j->p == '\\') {
			if (++j->p >= j->end)
				return -1;
			if (*j->p == 'u') {
				if (j->end - j->p < 5)
					return -1;
				for (int i = 1; i <= 4; i++)
					if (strchr("0123456789abcdefABCDEF",
					    j->p[i]) == NULL || j->p[i] == '\0')
						return -1;
				j->p += 5;
			} else if (strchr("\"\\/bfnrt", *j->p) != NULL &&
			    *j->p != '\0')
				j->p++;
			else
				return -1;
			continue;
		}
		if (*j->p < 0x20)
			return -1;
		if ((n = srcfile_utf8_len(j->p, (size_t)(j->end - j->p))) == 0)
			return -1;
		j->p += n;
	}
	return -1;
}

static int
json_value(struct json *j)
{
	static const char *const words[] = { "true", "false", "null" };
	const unsigned char	*s;
	char			 close;

	json_ws(j);
	if (j->p >= j->end)
		return -1;
	switch (*j->p) {
	case '"':
		return json_str(j);
	case '{':
	case '[':
		if (++j->depth > 64)
			return -1;
		close = *j->p == '{' ? '}' : ']';
		j->p++;
		json_ws(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
			j->depth--;
			return 0;
		}
		for (;;) {
			if (close == '}') {
				json_ws(j);
				if (json_str(j) == -1)
					return -1;
				json_ws(j);
				if (j->p >= j->end || *j->p++ != ':')
					return -1;
			}
			if (json_value(j) == -1)
				return -1;
			json_ws(j);
			if (j->p >= j->end)
				return -1;
			if (*j->p == close) {
				j->p++;
				j->depth--;
				return 0;
			}
			if (*j->p++ != ',')
				return -1;
		}
	default:
		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if ((size_t)(j->end - j->p) >= strlen(words[i]) &&
			    memcmp(j->p, words[i], strlen(words[i])) == 0) {
				j->p += strlen(words[i]);
				return 0;
			}
		/* Numbers: ours are unsigned integers. */
		s = j->p;
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
		return j->p > s ? 0 : -1;
	}
}

int
fuzz_json_valid(const char *buf, size_t len)
{
	struct json	 j = { (const unsigned char *)buf,
			    (const unsigned char *)buf + len, 0 };

	if (json_value(&j) == -1)
		return 0;
	json_ws(&j);
	return j.p == j.end;
}

/*
 * Output that reaches a terminal or a log: valid UTF-8, and no control
 * character but line breaks and tabs.
 */
static int
plain_text(const char *buf, size_t len)
{
	const unsigned char	*p = (const unsigned char *)buf;
	size_t			 i = 0, n;

	while (i < len) {
		if (p[i] < 0x20 && p[i] != '\n' && p[i] != '\t')
			return 0;
		if (p[i] == 0x7f ||
		    (n = srcfile_utf8_len(p + i, len - i)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

void
fuzz_report(struct diags *d)
{
	struct report	 r = { .doc = DOC_DIAGS, .d = d };
	char		*buf;
	size_t		 len;
	FILE		*fp;
	int		 json;

	diags_sort(d);
	for (const struct report_format *f = report_formats; f->name != NULL;
	    f++) {
		if (f->print[DOC_DIAGS] == NULL)
			continue;
		buf = NULL;
		len = 0;
		if ((fp = open_memstream(&buf, &len)) == NULL)
			abort();
		r.out = r.err = fp;
		report_print(f, &r);
		fclose(fp);
		json = strcmp(f->name, "json") == 0 ||
		    strcmp(f->name, "sarif") == 0;
		if (json ? !fuzz_json_valid(buf, len) : !plain_text(buf, len)) {
			fprintf(stderr, "invalid %s report:\n%.*s\n", f->name,
			    (int)len, buf);
			abort();
		}
		free(buf);
	}
}

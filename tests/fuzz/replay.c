/*
 * A main for a fuzz target without libFuzzer, so that the normal build
 * (any compiler, sanitizers or not) runs the inputs of tests/fuzz in make
 * check: each argument is a file, or a folder whose files are read in
 * name order, handed to LLVMFuzzerTestOneInput() one at a time.  An input
 * that takes longer than PGPAIR_FUZZ_TIMEOUT seconds (default 20) is a
 * hang and kills the program; without AddressSanitizer, whose shadow
 * memory needs the address space, the address space is limited to
 * PGPAIR_FUZZ_MEMORY_MB (default 2048) so that a blow-up fails too.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN	1
#endif
#endif

static unsigned	 timeout = 20;
static const char *current;

static void	 on_alarm(int);
static int	 run_file(const char *);
static int	 run_path(const char *);
static int	 name_cmp(const void *, const void *);

static void
on_alarm(int sig)
{
	static const char msg[] = "replay: timeout on ";

	(void)sig;
	(void)write(2, msg, sizeof(msg) - 1);
	(void)write(2, current, strlen(current));
	(void)write(2, "\n", 1);
	_exit(124);
}

static int
run_file(const char *path)
{
	unsigned char	*buf = NULL;
	size_t		 len = 0, cap = 0;
	size_t		 n;
	FILE		*fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		if ((n = fread(buf + len, 1, cap - len, fp)) == 0)
			break;
		len += n;
	}
	fclose(fp);
	/* The last name printed is the input that failed. */
	printf("%s\n", path);
	fflush(stdout);
	current = path;
	alarm(timeout);
	LLVMFuzzerTestOneInput(buf, len);
	alarm(0);
	free(buf);
	return 0;
}

static int
name_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int
run_path(const char *path)
{
	struct stat	 st;
	struct dirent	*de;
	char		**names = NULL, *full;
	size_t		 n = 0;
	DIR		*dp;
	int		 rc = 0;

	if (stat(path, &st) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	if ((dp = opendir(path)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((names = realloc(names, (n + 1) * sizeof(*names))) == NULL ||
		    (names[n] = strdup(de->d_name)) == NULL)
			abort();
		n++;
	}
	closedir(dp);
	qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		if ((full = malloc(strlen(path) + strlen(names[i]) + 2)) == NULL)
			abort();
		sprintf(full, "%s/%s", path, names[i]);
		if (run_path(full) == -1)
			rc = -1;
		free(full);
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	const char	*s;
	int		 rc = 0;

	if ((s = getenv("PGPAIR_FUZZ_TIMEOUT")) != NULL && atoi(s) > 0)
		timeout = (unsigned)atoi(s);
#ifndef HAVE_ASAN
	{
		struct rlimit	 rl;
		unsigned long	 mb = 2048;

		if ((s = getenv("PGPAIR_FUZZ_MEMORY_MB")) != NULL &&
		    atol(s) > 0)
			mb = (unsigned long)atol(s);
		rl.rlim_cur = rl.rlim_max = (rlim_t)mb << 20;
		if (setrlimit(RLIMIT_AS, &rl) == -1)
			perror("replay: setrlimit");
	}
#endif
	signal(SIGALRM, on_alarm);
	for (int i = 1; i < argc; i++)
		if (run_path(argv[i]) == -1)
			rc = 1;
	return rc;
}

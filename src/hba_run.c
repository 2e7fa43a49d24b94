/*
 * The pg_hba.conf rules on a file as it is read; see hba_run.h.
 *
 * With two threads, the reader (the caller's thread) scans and parses,
 * runs the cheap checks and puts each line into a batch: the brief of it
 * that hba-shadowed reads (rules_hba.h) when it has one, else a copy; the
 * checker runs hba-shadowed on full batches and hands them back.  Three
 * batches go round, so each side works while the other does.  The checker has an arena and diagnostics
 * of its own: nothing is shared but the batches, which pass under the
 * mutex, and the texts of tokens and messages the reader wrote into its
 * arena before passing a batch, which nobody changes afterwards.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "hba_parse.h"
#include "hba_run.h"
#include "rule.h"
#include "rules_hba.h"

/*
 * Files smaller than this are read and checked in one thread: a second
 * one would cost more than it saves (a pre-commit run stays one process
 * doing one thing).
 */
#define TWO_THREADS_MIN	(1024 * 1024)
#define BATCH_LINES	2048
#define BATCH_TOKENS	(4 * BATCH_LINES)
#define NBATCH		3

/*
 * A batch is the reader's while it fills it and the checker's while it
 * checks it; each has cache lines of its own, as have the two sides of
 * struct run, so that neither writes where the other is reading.
 */
struct batch {
	_Alignas(64) struct batch *next;
	/*
	 * Each line in order: its brief, or a conntype of HBA_CONN_NONE
	 * (which no brief has) for the next of the lines copied whole.
	 */
	struct hba_brief	*brief;		/* BATCH_LINES of them */
	struct hba_line		*line;		/* BATCH_LINES at most */
	struct hba_token	*tok;		/* their databases and users */
	size_t			 n, nline, ntok, captok;
	int			 last;		/* the file ends here */
	int			 failed;	/* ... and could not be read */
};

struct run {
	/* the reader's */
	struct check_ctx	*cx;
	struct hba_file		*keep;
	struct batch		*cur;		/* being filled */
	/* the checker's */
	_Alignas(64) struct check_ctx ccx;
	struct diags		 cd;		/* its findings */
	/* both, under mu */
	_Alignas(64) pthread_mutex_t mu;
	pthread_cond_t		 cv;
	struct batch		*full, *full_tail; /* for the checker */
	struct batch		*spare;		/* for the reader */
	struct batch		 b[NBATCH];
};

static void	 keep_line(struct run *, const struct hba_line *);
static void	 check_line(void *, const struct hba_line *);
static int	 run_one(struct run *, const char *, const struct hba_opts *);
static int	 run_two(struct run *, const char *, const struct hba_opts *);
static void	 split_checks(struct check_ctx *, struct check_ctx *);
static void	 queue_line(void *, const struct hba_line *);
static void	 send(struct run *, int);
static void	*checker(void *);
static void	 free_arena(void *);

int
hba_run_file(struct check_ctx *cx, const char *path,
    const struct hba_opts *opts, struct hba_file *keep)
{
	struct run	 r;
	struct stat	 st;
	int		 big = 0;

	memset(&r, 0, sizeof(r));
	r.cx = cx;
	r.keep = keep;
	cx->hba_path = path;
	cx->hba_lines = 0;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		/* lines of pg_hba.conf take some 40 bytes or more */
		cx->hba_lines = (size_t)st.st_size / 40;
		big = st.st_size >= TWO_THREADS_MIN;
	}
	if (keep != NULL) {
		memset(keep, 0, sizeof(*keep));
		keep->path = path;
		keep->opts = *opts;
	}
	return big ? run_two(&r, path, opts) : run_one(&r, path, opts);
}

/* One thread: every check on each line as it comes, then the end. */
static int
run_one(struct run *r, const char *path, const struct hba_opts *opts)
{
	struct check_ctx	*cx = r->cx;

	cx->hba_nrules = 0;		/* every check */
	if (hba_parse_file_each(cx->a, path, opts, cx->d, check_line, r) != 0)
		return -1;
	rules_hba_end(cx);
	return 0;
}

/* A copy of hl at the end of r->keep. */
static void
keep_line(struct run *r, const struct hba_line *hl)
{
	if (r->keep != NULL)
		hba_file_append(r->keep, hba_line_copy(r->cx->a, hl));
}

/* One thread: each line to the checks as it comes. */
static void
check_line(void *arg, const struct hba_line *hl)
{
	struct run	*r = arg;

	rules_hba_line(r->cx, hl);
	keep_line(r, hl);
}

/*
 * Two threads.  Returns as hba_run_file(); falls back to one thread when
 * the second cannot be started.
 */
static int
run_two(struct run *r, const char *path, const struct hba_opts *opts)
{
	struct check_ctx	*cx = r->cx;
	struct hba_brief	*briefs;
	struct hba_line		*lines;
	struct hba_token	*toks;
	struct arena		*ca;
	pthread_t		 th;
	int			 rc, saved;

	/* one allocation, big enough for the arena's huge pages */
	briefs = arena_alloc(cx->a, NBATCH * (BATCH_LINES * (sizeof(*briefs) +
	    sizeof(*lines)) + BATCH_TOKENS * sizeof(*toks)));
	lines = (struct hba_line *)(void *)(briefs + NBATCH * BATCH_LINES);
	toks = (struct hba_token *)(void *)(lines + NBATCH * BATCH_LINES);
	for (size_t i = 0; i < NBATCH; i++) {
		r->b[i].brief = briefs + i * BATCH_LINES;
		r->b[i].line = lines + i * BATCH_LINES;
		r->b[i].captok = BATCH_TOKENS;
		r->b[i].tok = toks + i * BATCH_TOKENS;
		if (i > 0) {
			r->b[i].next = r->spare;
			r->spare = &r->b[i];
		}
	}
	r->cur = &r->b[0];
	/* the checker's findings live as long as the reader's */
	ca = arena_new();
	arena_defer(cx->a, free_arena, ca);
	diags_init(&r->cd, ca);
	r->ccx = *cx;
	r->ccx.a = ca;
	r->ccx.d = &r->cd;
	split_checks(cx, &r->ccx);
	if (pthread_mutex_init(&r->mu, NULL) != 0)
		goto one;
	if (pthread_cond_init(&r->cv, NULL) != 0) {
		pthread_mutex_destroy(&r->mu);
		goto one;
	}
	if (pthread_create(&th, NULL, checker, r) != 0) {
		pthread_cond_destroy(&r->cv);
		pthread_mutex_destroy(&r->mu);
		goto one;
	}
	rc = hba_parse_file_each(cx->a, path, opts, cx->d, queue_line, r);
	saved = errno;
	r->cur->failed = rc != 0;
	send(r, 1);
	if (rc == 0)
		rules_hba_end(cx);
	pthread_join(th, NULL);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	diags_append(cx->d, &r->cd);
	errno = saved;
	return rc;

one:
	return run_one(r, path, opts);
}

/*
 * Which checks run where.  hba-shadowed keeps an index of the whole file
 * and costs about as much as reading it: it has the checker to itself.
 * The others look at a line and keep little: they run in the reader, on
 * the line it has just parsed, which is still in its cache.
 */
static void
split_checks(struct check_ctx *reader, struct check_ctx *checker)
{
	reader->hba_nrules = checker->hba_nrules = 0;
	for (size_t i = 0; i < RULE__COUNT; i++) {
		if (rules[i].scope != SCOPE_HBA || !rule_has_check(&rules[i]))
			continue;
		if (i == RULE_HBA_SHADOWED)
			checker->hba_rules[checker->hba_nrules++] = &rules[i];
		else
			reader->hba_rules[reader->hba_nrules++] = &rules[i];
	}
}

/*
 * The reader: its checks, then hl into the batch being filled, as its
 * brief or as a copy.
 */
static void
queue_line(void *arg, const struct hba_line *hl)
{
	struct run	*r = arg;
	struct batch	*b = r->cur;
	struct hba_line	*c;
	size_t		 nt = (hl->db != NULL ? hl->ndb : 0) +
			    (hl->user != NULL ? hl->nuser : 0);

	rules_hba_line(r->cx, hl);
	keep_line(r, hl);
	if (b->n == BATCH_LINES || b->ntok + nt > b->captok) {
		send(r, 0);
		b = r->cur;
	}
	if (hba_brief_of(hl, &b->brief[b->n])) {
		b->n++;
		return;
	}
	b->brief[b->n++].conntype = HBA_CONN_NONE;
	if (nt > b->captok) {
		/* a line of more tokens than a batch holds: b is empty */
		b->tok = arena_alloc(r->cx->a, nt * sizeof(*b->tok));
		b->captok = nt;
	}
	c = &b->line[b->nline++];
	*c = *hl;
	if (hl->db != NULL) {
		c->db = b->tok + b->ntok;
		memcpy(b->tok + b->ntok, hl->db, hl->ndb * sizeof(*hl->db));
		b->ntok += hl->ndb;
	}
	if (hl->user != NULL) {
		c->user = b->tok + b->ntok;
		memcpy(b->tok + b->ntok, hl->user,
		    hl->nuser * sizeof(*hl->user));
		b->ntok += hl->nuser;
	}
}

/*
 * Pass the batch being filled to the checker (the last one when last is
 * set) and, unless it is the last, take a spare one to fill.
 */
static void
send(struct run *r, int last)
{
	struct batch	*b = r->cur;

	b->last = last;
	b->next = NULL;
	pthread_mutex_lock(&r->mu);
	if (r->full_tail != NULL)
		r->full_tail->next = b;
	else
		r->full = b;
	r->full_tail = b;
	pthread_cond_broadcast(&r->cv);
	if (last) {
		pthread_mutex_unlock(&r->mu);
		r->cur = NULL;
		return;
	}
	while (r->spare == NULL)
		pthread_cond_wait(&r->cv, &r->mu);
	r->cur = r->spare;
	r->spare = r->cur->next;
	pthread_mutex_unlock(&r->mu);
	r->cur->n = r->cur->nline = r->cur->ntok = 0;
}

/*
 * The checker: ready while the reader reads the file, then the checks on
 * each batch, in order, then the end.  Its one check is hba-shadowed
 * (split_checks()), so a brief is all a line needs.
 */
static void *
checker(void *arg)
{
	struct run	*r = arg;
	struct batch	*b;
	int		 last, failed;

	rules_hba_begin(&r->ccx);
	do {
		pthread_mutex_lock(&r->mu);
		while (r->full == NULL)
			pthread_cond_wait(&r->cv, &r->mu);
		b = r->full;
		r->full = b->next;
		if (r->full == NULL)
			r->full_tail = NULL;
		pthread_mutex_unlock(&r->mu);

		for (size_t i = 0, j = 0, n = b->n; i < n; i++)
			if (b->brief[i].conntype != HBA_CONN_NONE)
				check_hba_shadowed_brief(&r->ccx,
				    &b->brief[i]);
			else
				rules_hba_line(&r->ccx, &b->line[j++]);
		last = b->last;
		failed = b->failed;

		pthread_mutex_lock(&r->mu);
		b->next = r->spare;
		r->spare = b;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
	} while (!last);
	/* a file that cannot be read has no end to check */
	if (!failed)
		rules_hba_end(&r->ccx);
	return NULL;
}

static void
free_arena(void *a)
{
	arena_free(a);
}

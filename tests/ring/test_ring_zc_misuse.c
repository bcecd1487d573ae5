/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The zero-copy calls' contract, enforced by assert(): a commit passes on
 * at most the slots the last reserve handed out (less any committed since),
 * a release at most the elements the last peek handed out. More would
 * publish slots nobody filled, or give the producer slots the consumer
 * never read. Each misuse runs in a child process, which must die of
 * SIGABRT; each allowed use, in parts or not, must go through.
 *
 * Built without NDEBUG (meson's default, b_ndebug=false); a build with
 * NDEBUG compiles the checks out, and this test reports itself skipped.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spsc_ring.h"
#include "check.h"

#define SKIP 77

typedef void (*misuse_fn)(struct spsc_ring *r);

/* Fill n reserved slots with 1, 2, ... so a consumer can tell them. */
static void
fill(const struct spsc_ring_zc *zc)
{
	uintptr_t v = 1;

	for (unsigned int i = 0; i < zc->n1; i++)
		((void **)zc->ptr1)[i] = (void *)v++;
	for (unsigned int i = 0; i < zc->n2; i++)
		((void **)zc->ptr2)[i] = (void *)v++;
}

static void
commit_more_than_reserved(struct spsc_ring *r)
{
	struct spsc_ring_zc zc;

	if (spsc_ring_enqueue_zc_reserve(r, 3, &zc, NULL) == 3)
		spsc_ring_enqueue_zc_commit(r, 4);
}

static void
commit_without_reserve(struct spsc_ring *r)
{
	spsc_ring_enqueue_zc_commit(r, 1);
}

/* The reserve found room for fewer than asked: k is what it returned. */
static void
commit_what_was_asked(struct spsc_ring *r)
{
	struct spsc_ring_zc zc;
	unsigned int k = spsc_ring_enqueue_zc_reserve(r, 100, &zc, NULL);

	if (k == 8)
		spsc_ring_enqueue_zc_commit(r, 100);
}

static void
commit_twice_past_reserve(struct spsc_ring *r)
{
	struct spsc_ring_zc zc;

	if (spsc_ring_enqueue_zc_reserve(r, 5, &zc, NULL) == 5) {
		spsc_ring_enqueue_zc_commit(r, 3);
		spsc_ring_enqueue_zc_commit(r, 3);
	}
}

static void
release_more_than_peeked(struct spsc_ring *r)
{
	struct spsc_ring_zc zc;
	void *objs[4] = {0};

	if (spsc_ring_enqueue_burst(r, objs, 4, NULL) == 4 &&
	    spsc_ring_dequeue_zc_peek(r, 2, &zc, NULL) == 2)
		spsc_ring_dequeue_zc_release(r, 3);
}

static void
release_without_peek(struct spsc_ring *r)
{
	void *objs[4] = {0};

	if (spsc_ring_enqueue_burst(r, objs, 4, NULL) == 4)
		spsc_ring_dequeue_zc_release(r, 1);
}

static void
release_twice_past_peek(struct spsc_ring *r)
{
	struct spsc_ring_zc zc;
	void *objs[4] = {0};

	if (spsc_ring_enqueue_burst(r, objs, 4, NULL) == 4 &&
	    spsc_ring_dequeue_zc_peek(r, 3, &zc, NULL) == 3) {
		spsc_ring_dequeue_zc_release(r, 2);
		spsc_ring_dequeue_zc_release(r, 2);
	}
}

/* Run fn on a fresh ring of 8 in a child; return how the child ended. */
static int
run_child(misuse_fn fn)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(EXIT_FAILURE);
	}
	if (pid == 0) {
		struct spsc_ring *r = spsc_ring_create(8, sizeof(void *));

		if (r == NULL)
			_exit(2);
		/* The assert's message is expected; keep the log for failures. */
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(3);
		fn(r);
		spsc_ring_free(r);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror("waitpid");
		exit(EXIT_FAILURE);
	}
	return status;
}

static void
test_misuse_aborts(void)
{
	static const struct {
		const char *name;
		misuse_fn fn;
	} cases[] = {
		{"commit_more_than_reserved", commit_more_than_reserved},
		{"commit_without_reserve", commit_without_reserve},
		{"commit_what_was_asked", commit_what_was_asked},
		{"commit_twice_past_reserve", commit_twice_past_reserve},
		{"release_more_than_peeked", release_more_than_peeked},
		{"release_without_peek", release_without_peek},
		{"release_twice_past_peek", release_twice_past_peek},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int status = run_child(cases[i].fn);
		int aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;

		CHECK(aborted);
		if (!aborted)
			fprintf(stderr, "  %s: child status %#x, not SIGABRT\n", cases[i].name,
				(unsigned int)status);
	}
}

/* What the contract allows: parts, nothing, everything, and a reserve
 * after a partial commit starting at the first slot left. */
static void
test_allowed_uses(void)
{
	struct spsc_ring *r = spsc_ring_create(8, sizeof(void *));
	struct spsc_ring_zc zc;
	void *objs[8];

	CHECK(r != NULL);
	if (r == NULL)
		return;
	CHECK_EQ(spsc_ring_enqueue_zc_reserve(r, 5, &zc, NULL), 5);
	fill(&zc);
	spsc_ring_enqueue_zc_commit(r, 2);
	spsc_ring_enqueue_zc_commit(r, 3);
	spsc_ring_enqueue_zc_commit(r, 0);
	CHECK_EQ(spsc_ring_count(r), 5);

	CHECK_EQ(spsc_ring_enqueue_zc_reserve(r, 3, &zc, NULL), 3);
	spsc_ring_enqueue_zc_commit(r, 1);
	CHECK_EQ(spsc_ring_enqueue_zc_reserve(r, 8, &zc, NULL), 2);
	spsc_ring_enqueue_zc_commit(r, 2);
	CHECK_EQ(spsc_ring_count(r), 8);

	CHECK_EQ(spsc_ring_dequeue_zc_peek(r, 6, &zc, NULL), 6);
	CHECK(((void **)zc.ptr1)[0] == (void *)1 && ((void **)zc.ptr1)[4] == (void *)5);
	spsc_ring_dequeue_zc_release(r, 4);
	spsc_ring_dequeue_zc_release(r, 2);
	spsc_ring_dequeue_zc_release(r, 0);
	CHECK_EQ(spsc_ring_count(r), 2);
	CHECK_EQ(spsc_ring_dequeue_burst(r, objs, 8, NULL), 2);
	CHECK(spsc_ring_empty(r));
	spsc_ring_free(r);
}

int
main(void)
{
#ifdef NDEBUG
	printf("built with NDEBUG: the zero-copy checks are compiled out\n");
	return SKIP;
#endif
	RUN(test_allowed_uses);
	RUN(test_misuse_aborts);
	return check_summary();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for lib/dgram_ring: datagrams come out whole and in order,
 * of any length, across the end of the buffer; the bound refuses what
 * does not fit and frees room as the consumer pops; the doorbell sounds
 * when a commit finds the ring emptied and not otherwise; one producer
 * and one consumer thread at once lose, reorder and corrupt nothing.
 */
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "lib/dgram_ring.h"

#define RING_BYTES	4096
#define THREAD_DGRAMS	200000

static struct dgram_ring *
ring_new(size_t bytes)
{
	struct strbuf err = STRBUF_INIT;
	struct dgram_ring *r = dgram_ring_new(bytes, &err);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	strbuf_free(&err);
	return r;
}

/* Datagram n: its length and bytes follow from n alone. */
static size_t
dgram_len(uint32_t n)
{
	return 1 + (n * 37u) % 700;
}

static bool
put(struct dgram_ring *r, uint32_t n)
{
	size_t len = dgram_len(n), i;
	uint8_t *p = dgram_ring_reserve(r, len);

	if (p == NULL)
		return false;
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(n + i);
	dgram_ring_commit(r, len);
	return true;
}

/* Whether the oldest datagram is n, whole; popped if so. */
static bool
take(struct dgram_ring *r, uint32_t n)
{
	size_t len, i;
	uint8_t *p = dgram_ring_peek(r, &len);

	if (p == NULL || len != dgram_len(n))
		return false;
	for (i = 0; i < len; i++)
		if (p[i] != (uint8_t)(n + i))
			return false;
	dgram_ring_pop(r);
	return true;
}

static bool
rang(struct dgram_ring *r)
{
	struct pollfd pfd = { dgram_ring_fd(r), POLLIN, 0 };

	return poll(&pfd, 1, 0) == 1;
}

static void
test_order_and_wrap(void)
{
	struct dgram_ring *r = ring_new(RING_BYTES);
	size_t len;
	uint32_t in = 0, out = 0;
	int round;

	CU_ASSERT_PTR_NULL(dgram_ring_peek(r, &len));
	/* many times round the buffer, at depths that move the wrap point */
	for (round = 0; round < 500; round++) {
		while (in - out < (uint32_t)(round % 7) + 1 && put(r, in))
			in++;
		while (out < in && (round % 3 != 0 || out + 1 < in))
			CU_ASSERT_FATAL(take(r, out++));
	}
	while (out < in)
		CU_ASSERT_FATAL(take(r, out++));
	CU_ASSERT_PTR_NULL(dgram_ring_peek(r, &len));
	CU_ASSERT(in > 500);
	dgram_ring_free(r);
}

static void
test_bound(void)
{
	struct dgram_ring *r = ring_new(RING_BYTES);
	uint8_t *p;
	size_t len;
	int n = 0;

	/* 1 KiB datagrams take 1 KiB and a header each: three fit */
	while ((p = dgram_ring_reserve(r, 1024)) != NULL) {
		memset(p, n, 1024);
		dgram_ring_commit(r, 1024);
		n++;
	}
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_PTR_NULL(dgram_ring_reserve(r, RING_BYTES));	/* never fits */
	CU_ASSERT_PTR_NOT_NULL(dgram_ring_reserve(r, 100));	/* what is left */
	/* a pop frees room; a shorter commit than the reservation */
	p = dgram_ring_peek(r, &len);
	CU_ASSERT(p != NULL && len == 1024 && p[0] == 0 && p[1023] == 0);
	dgram_ring_pop(r);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p = dgram_ring_reserve(r, 1024));
	memcpy(p, "abc", 3);
	dgram_ring_commit(r, 3);
	CU_ASSERT((p = dgram_ring_peek(r, &len)) != NULL && len == 1024 && p[0] == 1);
	dgram_ring_pop(r);
	dgram_ring_pop(r);
	CU_ASSERT((p = dgram_ring_peek(r, &len)) != NULL && len == 3 &&
	    memcmp(p, "abc", 3) == 0);
	dgram_ring_pop(r);
	CU_ASSERT_PTR_NULL(dgram_ring_peek(r, &len));
	dgram_ring_pop(r);	/* of an empty ring: nothing */
	CU_ASSERT_PTR_NOT_NULL(dgram_ring_reserve(r, 1024));
	dgram_ring_free(r);
}

static void
test_doorbell(void)
{
	struct dgram_ring *r = ring_new(RING_BYTES);

	CU_ASSERT_FALSE(rang(r));
	CU_ASSERT_FATAL(put(r, 1));
	CU_ASSERT(rang(r));		/* into an empty ring */
	dgram_ring_quiet(r);
	CU_ASSERT_FALSE(rang(r));
	CU_ASSERT_FATAL(put(r, 2));
	CU_ASSERT_FALSE(rang(r));	/* the consumer has not emptied it */
	CU_ASSERT(take(r, 1));
	CU_ASSERT_FATAL(put(r, 3));
	CU_ASSERT_FALSE(rang(r));
	CU_ASSERT(take(r, 2));
	CU_ASSERT(take(r, 3));
	CU_ASSERT_FATAL(put(r, 4));
	CU_ASSERT(rang(r));		/* emptied: it sounds again */
	dgram_ring_quiet(r);
	dgram_ring_pause(r);		/* a consumer that stopped short */
	CU_ASSERT(rang(r));
	dgram_ring_quiet(r);
	CU_ASSERT(take(r, 4));
	dgram_ring_pause(r);		/* nothing left: silent */
	CU_ASSERT_FALSE(rang(r));
	dgram_ring_free(r);
}

static void *
producer(void *arg)
{
	struct dgram_ring *r = arg;
	uint32_t n;

	for (n = 0; n < THREAD_DGRAMS; n++)
		while (!put(r, n))
			sched_yield();
	return NULL;
}

/* The consumer sleeps on the doorbell whenever the ring is empty: a
 * missed ring would stall it (poll's second of timeout, counted). */
static void
test_threads(void)
{
	struct dgram_ring *r = ring_new(RING_BYTES);
	struct pollfd pfd = { dgram_ring_fd(r), POLLIN, 0 };
	unsigned stalls = 0;
	pthread_t t;
	uint32_t n;
	size_t len;
	bool whole = true;

	CU_ASSERT_FATAL(pthread_create(&t, NULL, producer, r) == 0);
	for (n = 0; n < THREAD_DGRAMS && whole; n++) {
		while (dgram_ring_peek(r, &len) == NULL) {
			if (poll(&pfd, 1, 1000) == 0)
				stalls++;
			dgram_ring_quiet(r);
		}
		whole = take(r, n);
	}
	pthread_join(t, NULL);
	CU_ASSERT(whole);
	CU_ASSERT_EQUAL(n, THREAD_DGRAMS);
	CU_ASSERT_EQUAL(stalls, 0);
	CU_ASSERT_PTR_NULL(dgram_ring_peek(r, &len));
	dgram_ring_free(r);
}

static CU_TestInfo tests[] = {
	{ "in order and whole, across the buffer's end", test_order_and_wrap },
	{ "bounded; a pop frees room", test_bound },
	{ "the doorbell: on an emptied ring only", test_doorbell },
	{ "one producer and one consumer thread", test_threads },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "dgram_ring"
#include "cunit_main.h"

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_ike_child - what an authenticated peer may send while SAs are
 * rekeyed: bytes as the payloads of one CREATE_CHILD_SA or INFORMATIONAL
 * message, sealed under the live IKE SA from daemon A to daemon B (two
 * daemons in one process, tests/unit/ike_pair.h), with B at one of the
 * points a rekey passes through. Then the two talk until they are silent,
 * and the clock runs on 40 s (a rekey's waits, the old SAs' grace). Beyond
 * "no crash, no leak": the sides must fall silent, and a side that says
 * its tunnel is up must have an outbound SA (abort otherwise).
 *
 * Input: a mode byte, then payload records: type, flags (bit 0: critical),
 * a 16-bit big-endian length and that many bytes of body. Mode:
 * - bits 0-1, B's state: 0 established; 1 its CHILD_SA rekey request out;
 *   2 its IKE SA rekey request out; 3 it answered A's CHILD_SA rekey and
 *   waits for A to delete the old CHILD_SA (A's DELETE is lost);
 * - bit 2: the message answers B's request out (else it is a request);
 * - bit 3: INFORMATIONAL (else CREATE_CHILD_SA);
 * - bit 4: B's request reaches A first, and A answers it.
 * SPIs are random at each run: in the bodies of Notify and Delete payloads
 * a 4-byte SPI of 1 stands for A's inbound SPI of the CHILD_SA in service
 * (the one B sends with), 2 for that of the CHILD_SA a rekey replaced.
 *
 * Built with -DFUZZ_IKE_CHILD_CORPUS (and no -fsanitize=fuzzer) it is the
 * program that writes the seeds into DIR (`fuzz_ike_child DIR`): the
 * messages the daemons themselves send at those points, read back from
 * the wire. tests/fuzz/corpus/ike_child was written so.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/ike_pair.h"

#define M_STATE		0x03
#define M_ANSWER	0x04
#define M_INFO		0x08
#define M_A_ANSWERS	0x10

static struct ike_sa *
sa_of(const struct side *s)
{
	return s->ike->tun[0].sa;
}

/* The oldest datagram in flight is lost. */
static void
drop_one(void)
{
	if (W.qlen > 0) {
		W.qhead = (W.qhead + 1) % QMAX;
		W.qlen--;
	}
}

/* A's CHILD_SA rekey starts (its soft limit), its request queued. */
static void
child_rekey(struct side *s)
{
	struct ipsec_event ev = { .kind = IPSEC_EV_SOFT, .dir = IPSEC_IN,
	    .spi = sa_of(s)->child.spi_in, .tunnel = "office", .why = "time" };

	ike_sa_event(s->ike, &ev, W.now);
	ike_tick(s->ike, W.now);
}

static void
ike_rekey(struct side *s)
{
	sa_of(s)->rekey_ms = W.now;
	ike_tick(s->ike, W.now);
}

/* Brings B to the mode's state; false when the pair is not there. */
static bool
setup(uint8_t mode)
{
	if (!pair_up("aes128gcm16-x25519", "aes128gcm16-x25519", 86400, 86400, 0))
		return false;
	switch (mode & M_STATE) {
	case 1:
		child_rekey(B);
		break;
	case 2:
		ike_rekey(B);
		break;
	case 3:
		child_rekey(A);
		if (!pump_one() || !pump_one())	/* the request, the answer */
			return false;
		/* A's DELETE is lost, and A forgets it sent one: the message
		 * takes its place */
		drop_one();
		free(sa_of(A)->req.msg);
		sa_of(A)->req.msg = NULL;
		sa_of(A)->msgid_out--;
		break;
	}
	if (mode & M_A_ANSWERS)
		(void)pump_one();
	return sa_of(A) != NULL && sa_of(B) != NULL;
}

/* Both sides' clocks and SA databases run on by ms. */
static void
run_on(uint64_t ms)
{
	int i;

	W.now += ms;
	for (i = 0; i < 2; i++) {
		sadb_tick(W.s[i].db, W.now, NULL, NULL);
		ike_tick(W.s[i].ike, W.now);
	}
}

/* The SPIs of a Notify's or Delete's body that are from (1, 2) become to
 * (the same count); the others stay. */
static void
map_spis(uint8_t type, uint8_t *body, size_t len, const uint32_t from[2],
    const uint32_t to[2])
{
	size_t at, n, k, j;

	if (len < 4 || body[1] != 4)
		return;
	if (type == IKE_PL_NOTIFY) {
		at = 4;
		n = 1;
	} else if (type == IKE_PL_DELETE) {
		at = 4;
		n = (size_t)body[2] << 8 | body[3];
	} else
		return;
	for (k = 0; k < n && at + 4 * k + 4 <= len; k++) {
		uint8_t *p = body + at + 4 * k;
		uint32_t v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3];

		for (j = 0; j < 2; j++)
			if (v == from[j]) {
				p[0] = (uint8_t)(to[j] >> 24);
				p[1] = (uint8_t)(to[j] >> 16);
				p[2] = (uint8_t)(to[j] >> 8);
				p[3] = (uint8_t)to[j];
				break;
			}
	}
}

static void
check(void)
{
	int i;

	for (i = 0; i < 2; i++)
		if (ike_tunnel_up(W.s[i].ike, "office") && W.s[i].out == NULL)
			abort();	/* up, and nothing to send with */
}

#ifndef FUZZ_IKE_CHILD_CORPUS

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t steps[] = { 1000, 10000, 30000 };
	static const uint32_t marks[2] = { 1, 2 };
	static uint8_t body[65536];
	struct ike_build b;
	struct ike_sa *sa;
	uint32_t spis[2];
	uint8_t mode;
	size_t i;

	if (size < 1)
		return 0;
	mode = data[0];
	if (!setup(mode)) {
		stop_pair();
		return 0;
	}
	sa = sa_of(A);
	spis[0] = sa->child.spi_in;
	spis[1] = sa->old_child.spi_in;
	ike_out_begin(A->ike, sa, &b, mode & M_INFO ? IKE_EXCH_INFORMATIONAL :
	    IKE_EXCH_CREATE_CHILD_SA, mode & M_ANSWER, mode & M_ANSWER ?
	    sa_of(B)->msgid_out - 1 : sa->msgid_out++);
	for (i = 1; i + 4 <= size; ) {
		size_t len = (size_t)data[i + 2] << 8 | data[i + 3];

		if (len > size - i - 4)
			len = size - i - 4;
		memcpy(body, data + i + 4, len);
		map_spis(data[i], body, len, marks, spis);
		ike_build_payload(&b, data[i], data[i + 1] & 1, body, len);
		i += 4 + len;
	}
	if (ike_out_send(A->ike, sa, &b, mode & M_ANSWER) == 0) {
		if (!pump_all())
			abort();	/* the sides talk for ever */
		check();
		for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
			run_on(steps[i]);
			if (!pump_all())
				abort();
			check();
		}
	}
	stop_pair();
	return 0;
}

#else

/* Writes the seed of the newest datagram in flight from A to B: mode,
 * then its payloads as B reads them. */
static void
write_seed(const char *dir, const char *name, uint8_t mode)
{
	static const uint32_t marks[2] = { 1, 2 };
	struct dgram *d = NULL;
	struct ike_sa *sa = sa_of(B);
	uint32_t spis[2] = { sa_of(A)->child.spi_in, sa_of(A)->old_child.spi_in };
	uint8_t buf[IKE_MSG_MAX];
	const struct ike_payload *sk;
	struct ike_chain outer, inner;
	struct ike_hdr h;
	const char *why;
	char path[512];
	size_t aad, k;
	FILE *f;
	int pt;

	for (k = 0; k < W.qlen; k++)
		if (W.q[(W.qhead + k) % QMAX].to == 1)
			d = &W.q[(W.qhead + k) % QMAX];
	if (d == NULL)
		abort();
	memcpy(buf, d->data, d->p.len);
	if (ike_msg_parse(buf, d->p.len, &h, &outer, &why) != 0 || outer.n == 0)
		abort();
	sk = &outer.pl[outer.n - 1];
	aad = (size_t)(sk->body - buf);
	if ((pt = ike_sk_open(sa->sk_in, buf, aad, sk->len)) < 0 ||
	    ike_chain_parse(sk->next, buf + aad + ike_sk_iv_len(sa->sk_in), (size_t)pt,
	    IKE_CHAIN_INNER, &inner, &why) != 0)
		abort();
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	fputc(mode, f);
	for (k = 0; k < inner.n; k++) {
		map_spis(inner.pl[k].type, (uint8_t *)inner.pl[k].body, inner.pl[k].len,
		    spis, marks);
		fputc(inner.pl[k].type, f);
		fputc(inner.pl[k].critical, f);
		fputc((int)(inner.pl[k].len >> 8), f);
		fputc((int)(inner.pl[k].len & 0xff), f);
		fwrite(inner.pl[k].body, 1, inner.pl[k].len, f);
	}
	fclose(f);
	stop_pair();
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	/* A's requests to an established B */
	setup(0);
	child_rekey(A);
	write_seed(argv[1], "child_rekey_request", 0);
	setup(0);
	ike_rekey(A);
	write_seed(argv[1], "ike_rekey_request", 0);
	/* crossing B's own rekeys */
	setup(1);
	child_rekey(A);
	write_seed(argv[1], "child_rekey_collision", 1);
	setup(2);
	ike_rekey(A);
	write_seed(argv[1], "ike_rekey_collision", 2);
	/* A's answers to B's rekeys */
	setup(1 | M_A_ANSWERS);
	write_seed(argv[1], "child_rekey_answer", 1 | M_ANSWER);
	setup(2 | M_A_ANSWERS);
	write_seed(argv[1], "ike_rekey_answer", 2 | M_ANSWER);
	/* the DELETE B waits for, and a DELETE of the CHILD_SA in service */
	setup(0);
	child_rekey(A);
	(void)pump_one();
	(void)pump_one();
	write_seed(argv[1], "old_child_delete", 3 | M_INFO);
	setup(0);
	{
		uint32_t spi = sa_of(A)->child.spi_in;
		struct ike_build b;

		ike_out_begin(A->ike, sa_of(A), &b, IKE_EXCH_INFORMATIONAL, false,
		    sa_of(A)->msgid_out++);
		ike_build_delete(&b, IKE_PROTO_ESP, &spi, 1);
		(void)ike_out_send(A->ike, sa_of(A), &b, false);
	}
	write_seed(argv[1], "child_delete", M_INFO);
	return 0;
}

#endif

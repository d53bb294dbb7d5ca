/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ike_scapy - src/ike's wire format against an oracle it shares no
 * code with: scapy's IKEv2 layer (tests/unit/ike_scapy.py, run with
 * /usr/bin/python3).
 *
 * (a) Messages our builder writes (an IKE_SA_INIT request; proposals and
 *     notifies with ESP SPIs) are dissected by scapy, and what scapy read
 *     must be what the builder was given.
 * (b) IKE_SA_INIT messages scapy builds (a request with three proposals, a
 *     response) are parsed by ours, and what we read must be what scapy
 *     was told to build.
 *
 * Both sides describe a message in ike_scapy.py's line format, so a
 * mismatch prints as two texts. Exit 0 when all agree, 1 when not, 77
 * (skipped) when /usr/bin/python3 has no scapy. Needs top_srcdir in the
 * environment (make check sets it) to find the script.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ike/ike_build.h"
#include "ike/ike_msg.h"

#define PYTHON		"/usr/bin/python3"
#define DESC_MAX	8192

struct desc {
	char		 text[DESC_MAX];
	size_t		 len;
};

static void __attribute__((format(printf, 2, 3)))
add(struct desc *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	d->len += (size_t)vsnprintf(d->text + d->len, sizeof(d->text) - d->len, fmt, ap);
	va_end(ap);
	if (d->len >= sizeof(d->text) - 1) {
		fprintf(stderr, "description longer than %d bytes\n", DESC_MAX);
		exit(1);
	}
	d->text[d->len++] = '\n';
	d->text[d->len] = '\0';
}

static void
describe_hdr(struct desc *d, const struct ike_hdr *h)
{
	add(d, "hdr spi_i=%016llx spi_r=%016llx exch=%u flags=0x%02x msgid=%u",
	    (unsigned long long)h->spi_i, (unsigned long long)h->spi_r, h->exchange, h->flags,
	    h->msgid);
}

static void
describe_sa(struct desc *d, const struct ike_proposal *p, size_t n)
{
	add(d, "SA");
	for (size_t i = 0; i < n; i++) {
		add(d, "prop num=%u proto=%u spi_size=%u spi=%llx", p[i].num, p[i].protocol,
		    p[i].spi_size, (unsigned long long)p[i].spi);
		for (size_t j = 0; j < p[i].ntransforms; j++)
			add(d, "xf type=%u id=%u key_bits=%u", p[i].xf[j].type, p[i].xf[j].id,
			    p[i].xf[j].key_bits);
	}
}

static void
describe_notify(struct desc *d, const struct ike_notify *n)
{
	add(d, "N type=%u proto=%u spi_size=%u spi=%llx len=%zu", n->type, n->protocol, n->spi_size,
	    (unsigned long long)n->spi, n->len);
}

/* --- (a) messages our builder writes --- */

struct spec {
	const char		*name;
	struct ike_hdr		 h;
	const struct ike_proposal *props;
	size_t			 nprops;
	struct ike_ke		 ke;
	size_t			 nonce_len;
	const struct ike_notify	*n;
	size_t			 nn;
	size_t			 vid_len;	/* 0: none */
};

static const uint8_t bytes[256] = { 0x5a, 0xa5, [255] = 0xff };	/* any data */

static const struct ike_proposal init_props[] = {
	{ .num = 1, .protocol = IKE_PROTO_IKE, .ntransforms = 4, .xf = {
		{ .type = IKE_XF_ENCR, .id = 20, .key_bits = 128 },
		{ .type = IKE_XF_PRF, .id = 5 },
		{ .type = IKE_XF_DH, .id = 19 },
		{ .type = IKE_XF_DH, .id = 31 } } },
	{ .num = 2, .protocol = IKE_PROTO_IKE, .ntransforms = 4, .xf = {
		{ .type = IKE_XF_ENCR, .id = 12, .key_bits = 256 },
		{ .type = IKE_XF_INTEG, .id = 12 },
		{ .type = IKE_XF_PRF, .id = 5 },
		{ .type = IKE_XF_DH, .id = 14 } } },
};
static const struct ike_notify init_notifies[] = {
	{ 0, 0, 0, IKE_N_NAT_DETECTION_SOURCE_IP, bytes, 20 },
	{ 0, 0, 0, IKE_N_NAT_DETECTION_DESTINATION_IP, bytes + 20, 20 },
	{ 0, 0, 0, IKE_N_FRAGMENTATION_SUPPORTED, NULL, 0 },
	{ 0, 0, 0, IKE_N_SIGNATURE_HASH_ALGORITHMS, bytes, 8 },
};
static const struct ike_proposal child_props[] = {
	{ .num = 1, .protocol = IKE_PROTO_ESP, .spi_size = 4, .spi = 0xc2a1b0e3, .ntransforms = 3, .xf = {
		{ .type = IKE_XF_ENCR, .id = 20, .key_bits = 256 },
		{ .type = IKE_XF_DH, .id = 19 },
		{ .type = IKE_XF_ESN, .id = 0 } } },
	{ .num = 2, .protocol = IKE_PROTO_ESP, .spi_size = 4, .spi = 0xc2a1b0e3, .ntransforms = 4, .xf = {
		{ .type = IKE_XF_ENCR, .id = 12, .key_bits = 128 },
		{ .type = IKE_XF_INTEG, .id = 12 },
		{ .type = IKE_XF_DH, .id = 19 },
		{ .type = IKE_XF_ESN, .id = 1 } } },
};
/* The notify with an SPI goes last: scapy 2.5 reads its data 4 bytes
 * (the SPI's) too long, which would shift the payloads after it. */
static const struct ike_notify child_notifies[] = {
	{ 0, 0, 0, IKE_N_USE_TRANSPORT_MODE, NULL, 0 },
	{ IKE_PROTO_ESP, 4, 0xc0ffee01, IKE_N_REKEY_SA, bytes, 3 },
};

static const struct spec ours[] = {
	{ "our IKE_SA_INIT request", { .spi_i = 0x0102030405060708, .exchange = IKE_EXCH_IKE_SA_INIT,
	  .flags = IKE_FLAG_I }, init_props, 2, { 19, bytes, 64 }, 32, init_notifies, 4, 16 },
	{ "our ESP proposals and SPIs", { .spi_i = 0x0102030405060708, .spi_r = 0xa0b0c0d0e0f00010,
	  .exchange = IKE_EXCH_CREATE_CHILD_SA, .flags = IKE_FLAG_R, .msgid = 7 }, child_props, 2,
	  { 19, bytes, 64 }, 16, child_notifies, 2, 0 },
};

static size_t
build_spec(const struct spec *s, uint8_t *buf, size_t cap, struct desc *d)
{
	struct ike_build b;
	size_t len;

	ike_build_init(&b, buf, cap, &s->h);
	describe_hdr(d, &s->h);
	ike_build_sa(&b, s->props, s->nprops);
	describe_sa(d, s->props, s->nprops);
	ike_build_ke(&b, &s->ke);
	add(d, "KE group=%u len=%zu", s->ke.group, s->ke.len);
	ike_build_nonce(&b, bytes, s->nonce_len);
	add(d, "No len=%zu", s->nonce_len);
	for (size_t i = 0; i < s->nn; i++) {
		ike_build_notify(&b, &s->n[i]);
		describe_notify(d, &s->n[i]);
	}
	if (s->vid_len) {
		ike_build_vendor(&b, bytes, s->vid_len);
		add(d, "V len=%zu", s->vid_len);
	}
	if (ike_build_finish(&b, &len) < 0) {
		fprintf(stderr, "%s: the builder failed\n", s->name);
		exit(1);
	}
	return len;
}

/* --- (b) messages scapy builds, read by ours --- */

static int
describe_parsed(const uint8_t *msg, size_t len, struct desc *d)
{
	static struct ike_sa_pl sa;
	struct ike_hdr h;
	struct ike_chain c;
	struct ike_ke ke;
	struct ike_blob nonce;
	struct ike_notify n;
	const char *why = "";

	if (ike_msg_parse(msg, len, &h, &c, &why) != 0)
		goto refused;
	describe_hdr(d, &h);
	for (size_t i = 0; i < c.n; i++) {
		const struct ike_payload *pl = &c.pl[i];

		switch (pl->type) {
		case IKE_PL_SA:
			if (ike_sa_decode(pl->body, pl->len, &sa, &why) < 0)
				goto refused;
			describe_sa(d, sa.prop, sa.n);
			break;
		case IKE_PL_KE:
			if (ike_ke_decode(pl->body, pl->len, &ke, &why) < 0)
				goto refused;
			add(d, "KE group=%u len=%zu", ke.group, ke.len);
			break;
		case IKE_PL_NONCE:
			if (ike_nonce_decode(pl->body, pl->len, &nonce, &why) < 0)
				goto refused;
			add(d, "No len=%zu", nonce.len);
			break;
		case IKE_PL_NOTIFY:
			if (ike_notify_decode(pl->body, pl->len, &n, &why) < 0)
				goto refused;
			describe_notify(d, &n);
			break;
		case IKE_PL_VENDOR:
			add(d, "V len=%zu", pl->len);
			break;
		default:
			add(d, "? payload %u", pl->type);
		}
	}
	return 0;
refused:
	add(d, "refused: %s", why);
	return -1;
}

/* --- running the oracle --- */

/* Runs "PYTHON script args", its output into *out; 0 when it exits 0. */
static int
run_script(const char *script, const char *args, struct desc *out)
{
	char cmd[1024];
	FILE *p;
	int status;

	snprintf(cmd, sizeof(cmd), "%s '%s' %s", PYTHON, script, args);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	out->len = fread(out->text, 1, sizeof(out->text) - 1, p);
	out->text[out->len] = '\0';
	status = pclose(p);
	return status == 0 ? 0 : -1;
}

static int
compare(const char *name, const struct desc *got, const char *got_by, const struct desc *want,
    const char *want_by)
{
	if (strcmp(got->text, want->text) == 0) {
		printf("ok - %s\n", name);
		return 0;
	}
	printf("not ok - %s\n--- %s:\n%s--- %s:\n%s", name, want_by, want->text, got_by, got->text);
	return 1;
}

static int
write_file(const char *path, const uint8_t *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok = f != NULL && fwrite(buf, 1, len, f) == len;

	if (f != NULL && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

static size_t
read_file(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t len;

	if (f == NULL)
		return 0;
	len = fread(buf, 1, cap, f);
	fclose(f);
	return len;
}

int
main(void)
{
	static const char *const kinds[] = { "request", "response" };
	static uint8_t buf[IKE_MSG_MAX + 1];
	static struct desc want, got;
	const char *top = getenv("top_srcdir");
	char script[512], tmp[] = "/tmp/vgw-ike-scapy.XXXXXX", args[600];
	int fd, failed = 0;

	if (access(PYTHON, X_OK) != 0 || system(PYTHON " -c 'import scapy.contrib.ikev2' 2>/dev/null") != 0) {
		printf("SKIP: %s has no scapy (python3-scapy)\n", PYTHON);
		return 77;
	}
	if (top == NULL || strchr(top, '\'') != NULL) {
		printf("not ok - top_srcdir unset (or quoted): run from make check\n");
		return 1;
	}
	snprintf(script, sizeof(script), "%s/tests/unit/ike_scapy.py", top);
	if ((fd = mkstemp(tmp)) < 0) {
		perror("mkstemp");
		return 1;
	}
	close(fd);

	for (size_t i = 0; i < sizeof(ours) / sizeof(ours[0]); i++) {
		size_t len;

		want.len = 0;
		len = build_spec(&ours[i], buf, sizeof(buf), &want);
		snprintf(args, sizeof(args), "describe %s", tmp);
		if (write_file(tmp, buf, len) < 0 || run_script(script, args, &got) < 0) {
			printf("not ok - %s: scapy failed to dissect it\n%s", ours[i].name, got.text);
			failed = 1;
			continue;
		}
		failed |= compare(ours[i].name, &got, "scapy dissected", &want, "our builder was given");
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		char name[64];
		size_t len;

		snprintf(name, sizeof(name), "scapy's IKE_SA_INIT %s", kinds[i]);
		snprintf(args, sizeof(args), "build %s %s", kinds[i], tmp);
		if (run_script(script, args, &want) < 0) {
			printf("not ok - %s: scapy failed to build it\n", name);
			failed = 1;
			continue;
		}
		len = read_file(tmp, buf, sizeof(buf));
		got.len = 0;
		describe_parsed(buf, len, &got);
		failed |= compare(name, &got, "our parser read", &want, "scapy was told to build");
	}
	unlink(tmp);
	return failed;
}

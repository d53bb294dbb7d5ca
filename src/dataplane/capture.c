/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * capture - monitor capture with libpcap (see capture.h). The filter runs
 * with bpf_filter() on each frame as it passes; nothing is copied unless
 * it matches.
 */
#include "capture.h"

#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

struct capture {
	struct cfg_capture	 cfg;
	pcap_t			*pcap;		/* a "dead" handle: no device */
	pcap_dumper_t		*dump;
	struct bpf_program	 prog;
	bool			 has_prog;
	uint64_t		 count;
};

/* Compiles filter into prog on pcap; false with libpcap's message. */
static bool
compile(pcap_t *pcap, const char *filter, struct bpf_program *prog,
    struct strbuf *err)
{
	if (pcap_compile(pcap, prog, filter, 1, PCAP_NETMASK_UNKNOWN) == 0)
		return true;
	strbuf_printf(err, "filter \"%s\": %s", filter, pcap_geterr(pcap));
	return false;
}

bool
capture_filter_ok(const char *filter, struct strbuf *err)
{
	pcap_t *pcap = pcap_open_dead(DLT_EN10MB, CAPTURE_SNAPLEN);
	struct bpf_program prog;
	bool ok;

	if (pcap == NULL) {
		strbuf_puts(err, "libpcap cannot open a handle");
		return false;
	}
	if ((ok = compile(pcap, filter, &prog, err)))
		pcap_freecode(&prog);
	pcap_close(pcap);
	return ok;
}

struct capture *
capture_open(const struct cfg_capture *cfg, struct strbuf *err)
{
	struct capture *c = calloc(1, sizeof(*c));

	if (c == NULL || (c->pcap = pcap_open_dead(DLT_EN10MB, CAPTURE_SNAPLEN)) == NULL) {
		strbuf_puts(err, "out of memory");
		free(c);
		return NULL;
	}
	c->cfg = *cfg;
	if (cfg->filter[0] != '\0') {
		if (!compile(c->pcap, cfg->filter, &c->prog, err)) {
			capture_close(c);
			return NULL;
		}
		c->has_prog = true;
	}
	if ((c->dump = pcap_dump_open(c->pcap, cfg->file)) == NULL) {
		strbuf_printf(err, "cannot write %s: %s", cfg->file, pcap_geterr(c->pcap));
		capture_close(c);
		return NULL;
	}
	return c;
}

void
capture_close(struct capture *c)
{
	if (c == NULL)
		return;
	if (c->dump != NULL)
		pcap_dump_close(c->dump);
	if (c->has_prog)
		pcap_freecode(&c->prog);
	pcap_close(c->pcap);
	free(c);
}

void
capture_frame(struct capture *c, enum cfg_direction dir, const uint8_t *frame,
    size_t len)
{
	struct pcap_pkthdr h;
	unsigned caplen = len > CAPTURE_SNAPLEN ? CAPTURE_SNAPLEN : (unsigned)len;

	if (capture_full(c) || (c->cfg.direction != CAP_BOTH && c->cfg.direction != dir))
		return;
	if (c->has_prog && bpf_filter(c->prog.bf_insns, frame, (unsigned)len, caplen) == 0)
		return;
	gettimeofday(&h.ts, NULL);
	h.caplen = caplen;
	h.len = (bpf_u_int32)len;
	pcap_dump((u_char *)c->dump, &h, frame);
	if (++c->count == c->cfg.limit)
		pcap_dump_flush(c->dump);
}

const struct cfg_capture *
capture_config(const struct capture *c)
{
	return &c->cfg;
}

uint64_t
capture_count(const struct capture *c)
{
	return c->count;
}

bool
capture_full(const struct capture *c)
{
	return c->cfg.limit != 0 && c->count >= c->cfg.limit;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tap - opening and using TAP devices (see tap.h).
 */
#include "tap.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

/* Newer than the kernel headers of Debian 12 (the kernel's if_tun.h) */
#ifndef TUN_F_USO4
#define TUN_F_USO4	0x20
#define TUN_F_USO6	0x40
#endif

#define TAP_OFFLOADS	(TUN_F_CSUM | TUN_F_TSO4)

int
tap_open(const char *name, bool *uso, struct strbuf *err)
{
	struct ifreq ifr;
	int fd, hdrsz = sizeof(struct pkt_offload);
	bool with_uso;

	if ((fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0) {
		strbuf_printf(err, "cannot open /dev/net/tun: %s", strerror(errno));
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
		strbuf_printf(err, "cannot create TAP device %s: %s", name,
		    errno == EBUSY ? "a device of that name is in use" : strerror(errno));
		close(fd);
		return -1;
	}
	/* an older kernel refuses USO (EINVAL): the offloads without it. The
	 * kernel takes USO for both IP versions or neither: IPv6 frames are
	 * the engine's to drop as ever */
	with_uso = ioctl(fd, TUNSETVNETHDRSZ, &hdrsz) == 0 &&
	    ioctl(fd, TUNSETOFFLOAD, TAP_OFFLOADS | TUN_F_USO4 | TUN_F_USO6) == 0;
	if (uso != NULL)
		*uso = with_uso;
	if (!with_uso && (ioctl(fd, TUNSETVNETHDRSZ, &hdrsz) != 0 ||
	    ioctl(fd, TUNSETOFFLOAD, TAP_OFFLOADS) != 0)) {
		strbuf_printf(err, "cannot set offloads on TAP device %s: %s",
		    name, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int
tap_set_carrier(int fd, bool up)
{
	int on = up;

	return ioctl(fd, TUNSETCARRIER, &on);
}

/* An ioctl on a named interface through a throwaway socket. */
static int
if_ioctl(const char *name, unsigned long req, struct ifreq *ifr)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

	if (s < 0)
		return -1;
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", name);
	rc = ioctl(s, req, ifr);
	close(s);
	return rc;
}

int
tap_set_up(const char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (if_ioctl(name, SIOCGIFFLAGS, &ifr) != 0)
		return -1;
	ifr.ifr_flags |= IFF_UP;
	return if_ioctl(name, SIOCSIFFLAGS, &ifr);
}

int
tap_get_mac(const char *name, uint8_t mac[6])
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (if_ioctl(name, SIOCGIFHWADDR, &ifr) != 0)
		return -1;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

bool
tap_write(int fd, const uint8_t *frame, size_t len, const struct pkt_offload *off)
{
	struct iovec iov[2] = {
		{ (void *)(uintptr_t)off, sizeof(*off) },
		{ (void *)(uintptr_t)frame, len },
	};

	return writev(fd, iov, 2) == (ssize_t)(sizeof(*off) + len);
}

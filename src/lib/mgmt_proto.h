/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_proto - the wire format between vgwsh and vgwd's management socket.
 *
 * A stream of frames over a Unix stream socket. A frame is a 4-byte
 * big-endian length N (N >= 1, N <= MGMT_FRAME_MAX), then N bytes: one type
 * byte and N-1 payload bytes. Payloads are text unless said otherwise.
 *
 * Client -> daemon (each request gets answers ending in one RESULT, except
 * HELLO which gets exactly one RESULT too, carrying the first prompt):
 *   HELLO     "interactive=0|1 width=W height=H"
 *   EXEC      one command line (see mgmt_line_check), run as typed; one
 *             that is not (a NUL in it, say) is answered as REFUSED with
 *             mgmt_line_check's error
 *   COMPLETE  a partial line: answered by COMPLETIONS then RESULT (TAB)
 *   HELP      a partial line: answered by OUTPUT then RESULT (`?`)
 *   ANSWER    the user's reply to the last ASK
 *   REFUSED   a line the client did not send as EXEC because it breaks
 *             mgmt_line_check; the payload is that "% ..." error. The daemon
 *             counts the line as failed (a transaction with it does not
 *             commit) and answers with the error as OUTPUT and an error
 *             RESULT, in order with the other requests
 *   EOF       the script ended; the daemon reports an error if a candidate
 *             with uncommitted changes is thrown away, and drops it
 *
 * Daemon -> client:
 *   OUTPUT       text to print (any number, before RESULT)
 *   COMPLETIONS  candidate words, one per line
 *   ASK          "E<prompt>" where E is '1' to echo the reply, '0' not to
 *                (passwords); the client reads one line and sends ANSWER
 *   RESULT       "<status> <pagelen> <prompt>": status 0 ok, 1 error,
 *                2 session closed (exit/logout at the top); pagelen is the
 *                session's `terminal length` (0 = no pager)
 *   LOG          an asynchronous log line (terminal monitor), any time
 */
#ifndef VGW_MGMT_PROTO_H
#define VGW_MGMT_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

#define MGMT_FRAME_MAX		(1024 * 1024)
#define MGMT_OUTPUT_CHUNK	(64 * 1024)
/* The longest command line, as libcli's: far below MGMT_FRAME_MAX, so a
 * client that checks it never sends a frame the daemon must reject. */
#define MGMT_LINE_MAX		4095

enum mgmt_type {
	MGMT_HELLO = 'H',
	MGMT_EXEC = 'X',
	MGMT_COMPLETE = 'C',
	MGMT_HELP = 'Q',
	MGMT_ANSWER = 'A',
	MGMT_EOF = 'E',
	MGMT_REFUSED = 'R',
	MGMT_OUTPUT = 'o',
	MGMT_COMPLETIONS = 'c',
	MGMT_ASK = 'a',
	MGMT_RESULT = 'r',
	MGMT_LOG = 'l',
};

enum mgmt_status {
	MGMT_STATUS_OK = 0,
	MGMT_STATUS_ERROR = 1,
	MGMT_STATUS_CLOSED = 2,
};

/* Appends one frame to out. */
void	mgmt_frame_put(struct strbuf *out, enum mgmt_type, const char *payload,
	    size_t len);

/*
 * Looks for one whole frame at the start of buf[0..len).
 * Returns the number of bytes it occupies (> 0) and sets *type, *payload,
 * *plen (payload points into buf); 0 if more bytes are needed; -1 if the
 * stream is corrupt (bad length), after which the connection must be closed.
 */
long	mgmt_frame_get(const char *buf, size_t len, enum mgmt_type *type,
	    const char **payload, size_t *plen);

/*
 * Whether line[0..len) is one command line: at most MGMT_LINE_MAX bytes and
 * no control character (a byte below 0x20, NUL included, or 0x7f) in it but
 * TAB, a blank: a line break inside a line would cut it short or carry its
 * rest into a stored text (a description), where it becomes a statement of
 * its own when the configuration is read back; an escape would drive the
 * terminal of whoever shows that text. Every word and free text of a
 * configuration comes from such a line, so none holds a control character.
 * Both ends apply it: vgwsh before sending, the daemon before parsing (each
 * line of a configuration file too). Returns 0, or -1 after appending a
 * "% ..." line naming the character and its column to err (unless NULL).
 */
int	mgmt_line_check(const char *line, size_t len, struct strbuf *err);

/* Writes all of buf to fd, retrying on EINTR/partial writes; -1 on error. */
int	mgmt_write_all(int fd, const char *buf, size_t len);

#endif

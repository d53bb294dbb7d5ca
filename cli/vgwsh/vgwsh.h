/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vgwsh - the shell client: a connection to vgwd's management socket
 * (vgwsh.c) and, on a terminal, the readline front end (vgwsh_tty.c).
 */
#ifndef VGW_VGWSH_H
#define VGW_VGWSH_H

#include <stdbool.h>

#include "lib/mgmt_proto.h"
#include "lib/strbuf.h"

/* Bounds of the client. */
#define VGWSH_MAX_C_LINES	64	/* -c options; one more is a usage error */
#define VGWSH_SCRIPT_WINDOW	256	/* lines sent unanswered; then it waits */
#define VGWSH_HISTORY_KEEP	1000	/* lines of the history file; the oldest go */

/* Called for each frame while waiting for an answer (OUTPUT, LOG, ...). */
typedef void (*vgwsh_frame_fn)(enum mgmt_type, const char *payload, size_t len,
    void *arg);

struct vgwsh_conn {
	int		 fd;
	struct strbuf	 in;
	char		 prompt[256];
	int		 pagelen;
};

/* The answer to one request. */
struct vgwsh_answer {
	enum mgmt_type	 type;		/* MGMT_RESULT or MGMT_ASK */
	int		 status;	/* RESULT: MGMT_STATUS_* */
	bool		 echo;		/* ASK: echo the reply */
	char		 question[256];	/* ASK */
	struct strbuf	 output;	/* OUTPUT frames */
	struct strbuf	 words;		/* COMPLETIONS */
};

/* Sends a request (0, or -1 if the connection broke). */
int	 vgwsh_send(struct vgwsh_conn *, enum mgmt_type, const char *payload);
/* Sends a command line (EXEC), or, when it is not one (mgmt_line_check),
 * a REFUSED request with the reason, so that the line fails as any other
 * would. 0, or -1 if the connection broke. */
int	 vgwsh_send_line(struct vgwsh_conn *, const char *line, size_t len);
/* Waits for the next RESULT or ASK; LOG frames go to on_log (may be
 * NULL). Returns 0, or -1 if the connection broke. */
int	 vgwsh_wait(struct vgwsh_conn *, struct vgwsh_answer *,
	    void (*on_log)(const char *line));
/* vgwsh_send then vgwsh_wait. */
int	 vgwsh_request(struct vgwsh_conn *, enum mgmt_type, const char *payload,
	    struct vgwsh_answer *, void (*on_log)(const char *line));
void	 vgwsh_answer_free(struct vgwsh_answer *);

/* The interactive shell on a terminal; returns the exit status. */
int	 vgwsh_tty(struct vgwsh_conn *);
/* Whether the terminal ($TERM) takes bracketed paste (vgwsh_term.c). */
bool	 vgwsh_term_bracketed_paste(void);

#endif

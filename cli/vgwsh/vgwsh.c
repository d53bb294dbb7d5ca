/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vgwsh - the vgw shell: connects to vgwd's management socket, then either
 * runs the interactive shell (a terminal and no -c/-f) or runs lines from
 * -c, -f FILE or standard input and reports an exit status: 0 when every
 * line succeeded, 1 otherwise, 2 when vgwd cannot be reached.
 */
#include "vgwsh.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "lib/secret_mask.h"

#define DEFAULT_SOCKET	"/run/vgw/vgwd.sock"

static void
usage(void)
{
	fprintf(stderr, "usage: vgwsh [-s SOCKET] [-c LINE]... [-f FILE]\n");
	exit(2);
}

static int
read_more(struct vgwsh_conn *c)
{
	char buf[65536];
	ssize_t n;

	do
		n = read(c->fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return -1;
	strbuf_append(&c->in, buf, (size_t)n);
	return 0;
}

int
vgwsh_send(struct vgwsh_conn *c, enum mgmt_type type, const char *payload)
{
	struct strbuf req = STRBUF_INIT;
	int rc;

	mgmt_frame_put(&req, type, payload, strlen(payload));
	rc = mgmt_write_all(c->fd, req.buf, req.len);
	strbuf_free(&req);
	return rc;
}

int
vgwsh_send_line(struct vgwsh_conn *c, const char *line, size_t len)
{
	struct strbuf why = STRBUF_INIT;
	int rc;

	if (mgmt_line_check(line, len, &why) == 0)
		rc = vgwsh_send(c, MGMT_EXEC, line);
	else
		rc = vgwsh_send(c, MGMT_REFUSED, why.buf);
	strbuf_free(&why);
	return rc;
}

int
vgwsh_request(struct vgwsh_conn *c, enum mgmt_type type, const char *payload,
    struct vgwsh_answer *a, void (*on_log)(const char *))
{
	if (vgwsh_send(c, type, payload) != 0)
		return -1;
	return vgwsh_wait(c, a, on_log);
}

int
vgwsh_wait(struct vgwsh_conn *c, struct vgwsh_answer *a,
    void (*on_log)(const char *))
{
	enum mgmt_type t;
	const char *p;
	size_t plen;
	long n;

	memset(a, 0, sizeof(*a));
	for (;;) {
		while ((n = mgmt_frame_get(c->in.buf, c->in.len, &t, &p, &plen)) == 0)
			if (read_more(c) != 0)
				return -1;
		if (n < 0)
			return -1;
		switch (t) {
		case MGMT_OUTPUT:
			strbuf_append(&a->output, p, plen);
			break;
		case MGMT_COMPLETIONS:
			strbuf_append(&a->words, p, plen);
			break;
		case MGMT_LOG:
			if (on_log != NULL) {
				char *line = strndup(p, plen);

				on_log(line);
				free(line);
			}
			break;
		case MGMT_ASK:
			a->type = MGMT_ASK;
			a->echo = plen > 0 && p[0] == '1';
			snprintf(a->question, sizeof(a->question), "%.*s",
			    (int)(plen > 0 ? plen - 1 : 0), p + 1);
			break;
		case MGMT_RESULT:
			a->type = MGMT_RESULT;
			if (sscanf(p, "%d %d ", &a->status, &c->pagelen) == 2) {
				const char *pr = memchr(p, ' ', plen);

				pr = pr ? memchr(pr + 1, ' ', plen - (size_t)(pr + 1 - p)) : NULL;
				if (pr != NULL)
					snprintf(c->prompt, sizeof(c->prompt), "%.*s",
					    (int)(plen - (size_t)(pr + 1 - p)), pr + 1);
			}
			break;
		default:
			break;
		}
		memmove(c->in.buf, c->in.buf + n, c->in.len - (size_t)n);
		c->in.len -= (size_t)n;
		if (t == MGMT_RESULT || t == MGMT_ASK)
			return 0;
	}
}

void
vgwsh_answer_free(struct vgwsh_answer *a)
{
	strbuf_free(&a->output);
	strbuf_free(&a->words);
}

static int
connect_to(const char *path, struct vgwsh_conn *c)
{
	struct sockaddr_un sa;

	memset(c, 0, sizeof(*c));
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "vgwsh: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		fprintf(stderr, "vgwsh: cannot connect to %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Writes text to stderr, each line prefixed with where (a failed line's
 * output), after the output of the lines before it. */
static void
print_error(const char *where, const char *text)
{
	const char *p = text, *nl;

	fflush(stdout);
	for (; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		fprintf(stderr, "%s%.*s\n", where, (int)(nl - p), p);
	}
}

/*
 * A script: lines from -c, then from a file or stdin. Requests are
 * pipelined (up to VGWSH_SCRIPT_WINDOW unanswered) since the daemon
 * answers in order; a line that may ask a question (enable) is sent alone,
 * and the script's next line is its answer.
 */
struct script {
	struct vgwsh_conn	*c;
	char			**lines;	/* -c */
	int			 nlines, next;
	FILE			*in;
	const char		*name;
	int			 lineno;
	char			*buf;
	size_t			 cap;
	struct {
		char		*where;
	}			 pending[VGWSH_SCRIPT_WINDOW];
	int			 head, count;
	int			 failed;
};

/* Where a -c line is, with its secrets masked (the error lines it
 * prefixes may be logged) and its line breaks shown as \r and \n:
 * printed as they are, they would garble those lines. */
static char *
c_where(const char *line)
{
	struct strbuf w = STRBUF_INIT;
	char *masked = secret_mask_line(line), *p;

	strbuf_puts(&w, "-c '");
	for (p = masked; *p != '\0'; p++)
		if (*p == '\r' || *p == '\n')
			strbuf_puts(&w, *p == '\r' ? "\\r" : "\\n");
		else
			strbuf_putc(&w, *p);
	strbuf_puts(&w, "': ");
	free(masked);
	return strbuf_detach(&w);
}

/*
 * The next script line (malloc'd, *len bytes, which may include a NUL) and
 * where it is, or NULL at the end. A file's line ends at LF, and one CR
 * before that LF goes with it, so a CRLF file reads as an LF file. Any
 * other CR stays in the line for vgwsh_send_line to refuse: a file with
 * CR line ends is one line, which must fail rather than run its start.
 */
static char *
next_line(struct script *sc, size_t *len, char **where)
{
	ssize_t n;
	char *line;

	if (sc->next < sc->nlines) {
		*where = c_where(sc->lines[sc->next]);
		*len = strlen(sc->lines[sc->next]);
		return strdup(sc->lines[sc->next++]);
	}
	if (sc->in == NULL || (n = getline(&sc->buf, &sc->cap, sc->in)) < 0)
		return NULL;
	sc->lineno++;
	if (sc->buf[n - 1] == '\n' && --n > 0 && sc->buf[n - 1] == '\r')
		n--;
	if (asprintf(where, "%s:%d: ", sc->name, sc->lineno) < 0 ||
	    (line = malloc((size_t)n + 1)) == NULL)
		abort();
	memcpy(line, sc->buf, (size_t)n);
	line[n] = '\0';
	*len = (size_t)n;
	return line;
}

static bool
may_ask(const char *line)
{
	size_t n;

	line += strspn(line, " \t");
	n = strcspn(line, " \t");
	return n >= 2 && strncmp(line, "enable", n) == 0;
}

/* Answers a question with the script's next line; one that is not a
 * line (mgmt_line_check) is reported and answered as the end of the
 * script would be, with nothing. -1: lost. */
static int
answer(struct script *sc)
{
	struct strbuf why = STRBUF_INIT;
	char *reply, *where = NULL;
	size_t len;
	int rc;

	reply = next_line(sc, &len, &where);
	if (reply != NULL && mgmt_line_check(reply, len, &why) != 0) {
		print_error(where, why.buf);
		sc->failed = 1;
		reply[0] = '\0';
	}
	rc = vgwsh_send(sc->c, MGMT_ANSWER, reply ? reply : "");
	free(reply);
	free(where);
	strbuf_free(&why);
	return rc;
}

/* Waits for the oldest pending line's answer and reports it. -1: lost. */
static int
settle(struct script *sc)
{
	char *where = sc->pending[sc->head].where;
	struct vgwsh_answer a;
	int ok;

	for (;;) {
		if (vgwsh_wait(sc->c, &a, NULL) != 0)
			return -1;
		if (a.type != MGMT_ASK)
			break;
		fputs(strbuf_str(&a.output), stdout);
		vgwsh_answer_free(&a);
		if (answer(sc) != 0)
			return -1;
	}
	ok = a.status == MGMT_STATUS_OK || a.status == MGMT_STATUS_CLOSED;
	if (ok)
		fputs(strbuf_str(&a.output), stdout);
	else {
		print_error(where, a.output.len ? a.output.buf : "% failed\n");
		sc->failed = 1;
	}
	vgwsh_answer_free(&a);
	free(where);
	sc->head = (sc->head + 1) % VGWSH_SCRIPT_WINDOW;
	sc->count--;
	return 0;
}

static int
run_script(struct vgwsh_conn *c, char **lines, int nlines, FILE *in,
    const char *name)
{
	struct script sc = { .c = c, .lines = lines, .nlines = nlines, .in = in,
	    .name = name };
	struct vgwsh_answer a;
	char *line, *where;
	size_t len;
	bool alone;
	int rc;

	while ((line = next_line(&sc, &len, &where)) != NULL) {
		alone = may_ask(line);
		while (sc.count == VGWSH_SCRIPT_WINDOW || (alone && sc.count > 0))
			if (settle(&sc) != 0) {
				free(line);
				free(where);
				goto lost;
			}
		sc.pending[(sc.head + sc.count) % VGWSH_SCRIPT_WINDOW].where = where;
		sc.count++;
		rc = vgwsh_send_line(c, line, len);
		free(line);
		if (rc != 0 || (alone && settle(&sc) != 0))
			goto lost;
	}
	while (sc.count > 0)
		if (settle(&sc) != 0)
			goto lost;
	fflush(stdout);
	if (vgwsh_request(c, MGMT_EOF, "", &a, NULL) == 0) {
		if (a.status != MGMT_STATUS_OK) {
			if (asprintf(&where, "%s: ", name) < 0)
				abort();
			print_error(where, strbuf_str(&a.output));
			free(where);
			sc.failed = 1;
		}
		vgwsh_answer_free(&a);
	}
	free(sc.buf);
	return sc.failed;
lost:
	/* answers that came before vgwd went away are still shown */
	while (sc.count > 0 && settle(&sc) == 0)
		;
	print_error("vgwsh: ", "connection to vgwd lost\n");
	while (sc.count > 0) {
		free(sc.pending[sc.head].where);
		sc.head = (sc.head + 1) % VGWSH_SCRIPT_WINDOW;
		sc.count--;
	}
	free(sc.buf);
	return 1;
}

int
main(int argc, char **argv)
{
	const char *sock = getenv("VGW_SOCKET"), *file = NULL;
	char *lines[VGWSH_MAX_C_LINES], hello[64];
	struct vgwsh_conn c;
	struct vgwsh_answer a;
	int ch, nlines = 0, interactive, rc;
	FILE *in = NULL;

	while ((ch = getopt(argc, argv, "s:c:f:")) != -1) {
		switch (ch) {
		case 's':
			sock = optarg;
			break;
		case 'c':
			if (nlines == VGWSH_MAX_C_LINES)
				usage();
			lines[nlines++] = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	/* a vgwd that goes away must be reported, not kill us silently */
	signal(SIGPIPE, SIG_IGN);
	if (file != NULL && (in = fopen(file, "r")) == NULL) {
		fprintf(stderr, "vgwsh: cannot open %s: %s\n", file, strerror(errno));
		return 2;
	}
	interactive = nlines == 0 && file == NULL && isatty(0) && isatty(1);
	if (connect_to(sock ? sock : DEFAULT_SOCKET, &c) != 0)
		return 2;
	snprintf(hello, sizeof(hello), "interactive=%d", interactive);
	if (vgwsh_request(&c, MGMT_HELLO, hello, &a, NULL) != 0) {
		fprintf(stderr, "vgwsh: vgwd closed the connection\n");
		return 2;
	}
	vgwsh_answer_free(&a);
	if (interactive)
		rc = vgwsh_tty(&c);
	else if (nlines > 0 || file != NULL)
		rc = run_script(&c, lines, nlines, in, file ? file : "-c");
	else
		rc = run_script(&c, NULL, 0, stdin, "stdin");
	if (in != NULL)
		fclose(in);
	close(c.fd);
	strbuf_free(&c.in);
	return rc;
}

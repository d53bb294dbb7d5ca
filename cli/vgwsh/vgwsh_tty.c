/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vgwsh_tty - the interactive shell on a terminal: readline with TAB
 * completion and `?` help from vgwd (never running anything), history in
 * ~/.vgwsh_history, Ctrl-Z as `end`, bracketed paste run line by line
 * (on terminals that take it), a --More-- pager, and log lines (terminal
 * monitor) shown while idle.
 */
#include "vgwsh.h"
#include "lib/secret_mask.h"

#include <errno.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

static struct vgwsh_conn *conn;
static bool done;
static int exit_status;
static char history_path[4096];

/* Reads one key without echo (the pager). */
static int
read_key(void)
{
	struct termios old, raw;
	char ch = 'q';

	tcgetattr(0, &old);
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(0, TCSANOW, &raw);
	if (read(0, &ch, 1) != 1)
		ch = 'q';
	tcsetattr(0, TCSANOW, &old);
	return ch;
}

/* Prints text, a page at a time when the session asks for paging. */
static void
page(const char *text)
{
	const char *p = text, *nl;
	int shown = 0, limit = conn->pagelen > 1 ? conn->pagelen - 1 : 0;
	int key;

	for (; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (limit > 0 && shown == limit) {
			fputs(" --More-- ", stdout);
			fflush(stdout);
			key = read_key();
			fputs("\r          \r", stdout);
			if (key == 'q' || key == 'Q' || key == 3)
				return;
			shown = key == '\r' || key == '\n' ? limit - 1 : 0;
		}
		printf("%.*s\n", (int)(nl - p), p);
		shown++;
	}
	fflush(stdout);
}

/* A log line arriving while the user types: print it above the prompt. */
static void
show_log(const char *line)
{
	char *saved = rl_copy_text(0, rl_end);
	int point = rl_point;

	rl_save_prompt();
	rl_replace_line("", 0);
	rl_redisplay();
	printf("\r%s\n", line);
	rl_restore_prompt();
	rl_replace_line(saved, 0);
	rl_point = point;
	rl_forced_update_display();
	free(saved);
}

/* Reads a reply to a question, without echo when asked. */
static char *
ask(const char *question, bool echo)
{
	struct termios old, quiet;
	char buf[1024];

	fputs(question, stdout);
	fflush(stdout);
	tcgetattr(0, &old);
	quiet = old;
	quiet.c_lflag |= ICANON;
	if (!echo)
		quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(0, TCSANOW, &quiet);
	if (fgets(buf, sizeof(buf), stdin) == NULL)
		buf[0] = '\0';
	tcsetattr(0, TCSANOW, &old);
	if (!echo)
		putchar('\n');
	buf[strcspn(buf, "\r\n")] = '\0';
	return strdup(buf);
}

/* Runs one line, answering questions, then pages its output. */
static void
run_line(const char *line)
{
	struct vgwsh_answer a;
	char *reply = NULL;

	if (vgwsh_send_line(conn, line, strlen(line)) != 0 ||
	    vgwsh_wait(conn, &a, show_log) != 0)
		goto lost;
	while (a.type == MGMT_ASK) {
		page(strbuf_str(&a.output));
		free(reply);
		reply = ask(a.question, a.echo);
		vgwsh_answer_free(&a);
		if (vgwsh_request(conn, MGMT_ANSWER, reply, &a, show_log) != 0)
			goto lost;
	}
	if (reply != NULL)
		explicit_bzero(reply, strlen(reply));
	free(reply);
	page(strbuf_str(&a.output));
	if (a.status == MGMT_STATUS_CLOSED)
		done = true;
	vgwsh_answer_free(&a);
	return;
lost:
	free(reply);
	fprintf(stderr, "%% Connection to vgwd lost\n");
	exit_status = 1;
	done = true;
}

/* History keeps the line with any clear-text secret masked. */
static void
remember(const char *line)
{
	char *masked;

	if (line[strspn(line, " \t")] == '\0')
		return;
	masked = secret_mask_line(line);
	add_history(masked);
	free(masked);
}

static void
on_line(char *text)
{
	if (text == NULL) {		/* Ctrl-D */
		putchar('\n');
		done = true;
		return;
	}
	remember(text);
	run_line(text);
	free(text);
	if (!done)
		rl_set_prompt(conn->prompt);
}

/*
 * A bracketed paste (ESC [200~ ... ESC [201~): every complete line of it
 * runs at once, in order, as if typed; a last line without a newline stays
 * on the prompt for editing. Nothing is lost or reordered.
 */
static int
paste_key(int count, int key)
{
	static const char end_mark[] = "\033[201~";
	struct strbuf buf = STRBUF_INIT;
	size_t typed = (size_t)rl_end, ml = sizeof(end_mark) - 1;
	char ch, *p, *nl;

	(void)count;
	(void)key;
	strbuf_append(&buf, rl_line_buffer, (size_t)rl_end);
	while (!(buf.len >= typed + ml &&
	    memcmp(buf.buf + buf.len - ml, end_mark, ml) == 0)) {
		if (read(0, &ch, 1) != 1)
			break;
		strbuf_putc(&buf, ch == '\r' ? '\n' : ch);
	}
	if (buf.len >= typed + ml)
		buf.buf[buf.len -= ml] = '\0';
	rl_replace_line("", 0);
	for (p = buf.buf; !done && (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		/* the first line is on screen up to what was typed before */
		printf("%s\n", p == buf.buf ? p + typed : p);
		remember(p);
		run_line(p);
		if (nl[1] != '\0' || strchr(nl + 1, '\n') != NULL)
			fputs(conn->prompt, stdout);
	}
	if (!done) {
		rl_replace_line(p, 0);
		rl_point = rl_end;
		rl_set_prompt(conn->prompt);
		rl_on_new_line();
		if (p != buf.buf)
			fputs("\r", stdout);
		rl_redisplay();
	}
	strbuf_free(&buf);
	return 0;
}

static int
help_key(int count, int key)
{
	struct vgwsh_answer a;
	char *upto = strndup(rl_line_buffer, (size_t)rl_point);

	(void)count;
	(void)key;
	printf("?\n");
	if (upto != NULL && vgwsh_request(conn, MGMT_HELP, upto, &a, show_log) == 0) {
		page(strbuf_str(&a.output));
		vgwsh_answer_free(&a);
	}
	free(upto);
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

static int
ctrl_z_key(int count, int key)
{
	(void)count;
	(void)key;
	printf("^Z\n");
	rl_replace_line("", 0);
	run_line("end");
	rl_set_prompt(conn->prompt);
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

static char **completion_words;
static int completion_next;

static char *
completion_gen(const char *text, int state)
{
	(void)text;
	if (state == 0)
		completion_next = 0;
	if (completion_words == NULL || completion_words[completion_next] == NULL)
		return NULL;
	return strdup(completion_words[completion_next++]);
}

static char **
complete(const char *text, int start, int end)
{
	struct vgwsh_answer a;
	char *upto = strndup(rl_line_buffer, (size_t)end), *w, *save;
	char **matches;
	int n = 0;

	(void)text;
	(void)start;
	rl_attempted_completion_over = 1;	/* never file names */
	if (upto == NULL || vgwsh_request(conn, MGMT_COMPLETE, upto, &a, NULL) != 0) {
		free(upto);
		return NULL;
	}
	free(upto);
	completion_words = calloc(a.words.len + 2, sizeof(char *));
	for (w = strtok_r(a.words.buf, "\n", &save); w != NULL && completion_words;
	    w = strtok_r(NULL, "\n", &save))
		completion_words[n++] = w;
	matches = rl_completion_matches(text, completion_gen);
	free(completion_words);
	completion_words = NULL;
	vgwsh_answer_free(&a);
	return matches;
}

static void
history_setup(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home == NULL && (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	if (home == NULL)
		return;
	snprintf(history_path, sizeof(history_path), "%s/.vgwsh_history", home);
	read_history(history_path);
}

/* Frames that arrive between commands: log lines. -1 if vgwd is gone. */
static int
drain_idle(struct vgwsh_conn *c)
{
	enum mgmt_type type;
	const char *p;
	char buf[65536], *line;
	size_t plen;
	ssize_t r;
	long n;

	r = read(c->fd, buf, sizeof(buf));
	if (r <= 0)
		return -1;
	strbuf_append(&c->in, buf, (size_t)r);
	while ((n = mgmt_frame_get(c->in.buf, c->in.len, &type, &p, &plen)) > 0) {
		if (type == MGMT_LOG && (line = strndup(p, plen)) != NULL) {
			show_log(line);
			free(line);
		}
		memmove(c->in.buf, c->in.buf + n, c->in.len - (size_t)n);
		c->in.len -= (size_t)n;
	}
	return n < 0 ? -1 : 0;
}

int
vgwsh_tty(struct vgwsh_conn *c)
{
	struct termios old, t;
	struct pollfd pfd[2];

	conn = c;
	/* Ctrl-Z must reach readline as a key, not stop the shell */
	tcgetattr(0, &old);
	t = old;
	t.c_cc[VSUSP] = _POSIX_VDISABLE;
	tcsetattr(0, TCSANOW, &t);
	history_setup();
	rl_readline_name = "vgwsh";
	rl_attempted_completion_function = complete;
	rl_bind_key('?', help_key);
	rl_bind_key(26, ctrl_z_key);
	/* readline turns bracketed paste on for any terminal but "dumb": a
	 * vt100 (what SSH clients such as paramiko ask for) would get
	 * ESC[?2004h with every prompt, and automation would read it in
	 * every answer */
	if (vgwsh_term_bracketed_paste())
		rl_bind_keyseq("\033[200~", paste_key);
	else
		rl_variable_bind("enable-bracketed-paste", "off");
	rl_callback_handler_install(c->prompt, on_line);
	pfd[0] = (struct pollfd){ .fd = 0, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = c->fd, .events = POLLIN };
	while (!done) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents & (POLLIN | POLLHUP))
			rl_callback_read_char();
		else if ((pfd[1].revents & (POLLIN | POLLHUP)) &&
		    drain_idle(c) != 0) {
			fprintf(stderr, "\n%% Connection to vgwd lost\n");
			exit_status = 1;
			break;
		}
	}
	rl_callback_handler_remove();
	tcsetattr(0, TCSANOW, &old);
	if (history_path[0] != '\0') {
		write_history(history_path);
		history_truncate_file(history_path, VGWSH_HISTORY_KEEP);
	}
	return exit_status;
}

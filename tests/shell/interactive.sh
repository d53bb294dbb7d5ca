#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The interactive shell on a real terminal (tmux): TAB, ? with and without a
# space, the --More-- pager, Ctrl-Z, a bracketed paste of 200 lines, and two
# terminals committing at once.
. "$(dirname "$0")/lib.sh"
command -v tmux >/dev/null || { echo "1..0 # SKIP tmux missing"; exit 77; }
start_vgwd
TM="tmux -L vgwt$$"
export HOME=$T		# history file in the scratch directory

open_term() {	# NAME
	$TM new-session -d -s "$1" -x 160 -y 40 "$VGWSH -s $SOCK"
	wait_screen "$1" '#$' || { echo "shell did not start"; exit 1; }
}
screen() { $TM capture-pane -p -t "$1"; }
wait_screen() {	# NAME REGEX: until the screen matches (10 s)
	local i
	for i in $(seq 200); do screen "$1" | grep -qE -- "$2" && return 0; sleep 0.05; done
	return 1
}
# type NAME TEXT...: literal text (tmux would read "end" as the End key);
# press NAME KEY...: named keys (Enter, Tab, C-z)
type_() { local n=$1; shift; $TM send-keys -t "$n" -l "$*"; }
press() { $TM send-keys -t "$@"; }
line() { type_ "$1" "$2"; press "$1" Enter; }

open_term a
type_ a 'sh'; press a Tab
wait_screen a 'vgw#show$'; ok "TAB completes a unique prefix"
type_ a 'ver'; press a Tab Enter
wait_screen a 'vgw Software \(vgwd\), Version'; ok "...and the command runs"

press a C-l; type_ a 'show ?'
wait_screen a 'running-config +Display the running configuration'; ok "? after a space lists the next words with help"
wait_screen a '^vgw#show$'; ok "...and redraws the line as it was"
press a C-u; type_ a 'conf?'
wait_screen a '^configure$'; ok "? right after a word lists the words that start so"
press a C-u Enter
expect_no_match "? ran nothing (no config prompt)" '\(config\)#' "$(screen a)"

# pager: a configuration longer than the screen
sh_ -c 'conf t' $(for i in $(seq 1 60); do printf -- "-c ip_route_10.%d.0.0/16_null0 " $i; done | tr _ ' ') >/dev/null 2>&1
printf 'configure terminal\n' > "$T/routes.txt"
for i in $(seq 1 60); do echo "ip route 10.$i.0.0/16 null0"; done >> "$T/routes.txt"
printf 'commit\nend\n' >> "$T/routes.txt"
sh_ -f "$T/routes.txt" >/dev/null; ok "60 routes configured"
press a C-l; line a 'terminal length 20'; line a 'show running-config'
wait_screen a -- '--More--'; ok "long output stops at --More--"
type_ a q
wait_screen a 'vgw#$'; ok "q leaves the pager"
line a 'terminal length 0'

# Ctrl-Z goes to EXEC
line a 'configure terminal'; line a 'interface lan3'
wait_screen a 'vgw\(config-if\)#$'; ok "sub-mode prompt"
line a exit; line a abort; line a 'configure terminal'
wait_screen a 'vgw\(config\)#$'
press a C-z
wait_screen a 'vgw#$'; ok "Ctrl-Z returns to EXEC"

# uncommitted changes: the question on a tty
line a 'configure terminal'; line a 'username hist privilege 1 secret 0 Hist0ry-pw'
line a 'hostname asked'; line a end
wait_screen a 'commit them\? \[yes/no/CANCEL\]'; ok "end with changes asks to commit"
line a yes
wait_screen a '^asked#$'; ok "yes commits and leaves"

# bracketed paste of 200 lines
{ echo 'configure terminal'; for i in $(seq 1 198); do echo "ip route 172.20.$i.0/24 null0"; done; echo 'commit'; } > "$T/paste.txt"
$TM load-buffer "$T/paste.txt"
$TM paste-buffer -p -t a
for i in $(seq 200); do
	[ "$(sh_ -c 'show running-config | count 172\.20\.' | awk '{print $NF}')" = 198 ] && break; sleep 0.1
done
expect_eq "a bracketed paste of 200 lines loses nothing" "Number of lines which match regexp = 198" \
    "$(sh_ -c 'show running-config | count 172\.20\.')"

# two terminals commit at once
line a end
# terminal monitor: another session's commit is logged on this screen
line a 'terminal monitor'
# the daemon has taken it when the prompt is back below it: only then may
# the other session's commit be logged to this screen
for i in $(seq 200); do
	screen a | grep -v '^$' | tail -2 | tr '\n' '|' | grep -qE 'terminal monitor\|[^ |]+#\|$' && break
	sleep 0.05
done
sh_ -c 'conf t' -c 'hostname mon1' -c 'commit comment watched' >/dev/null
wait_screen a 'configured by root: commit [0-9]+: watched'; ok "terminal monitor shows log lines as they happen"
line a 'terminal no monitor'

open_term b
line a 'configure terminal'; line a 'interface lan7'
line b 'configure terminal'; line b 'ip route 192.0.2.0/24 null0'
wait_screen b 'config\)#$'
line a commit; line b commit
for i in $(seq 200); do
	run=$(sh_ -c 'show running-config')
	[[ $run == *"interface lan7"* && $run == *"192.0.2.0 255.255.255.0"* ]] && break
	sleep 0.05
done
expect_match "terminal a's commit applied" "interface lan7" "$run"
expect_match "terminal b's commit applied" "ip route 192.0.2.0 255.255.255.0 null0" "$run"
line a end; line a exit
for i in $(seq 200); do [ -s "$T/.vgwsh_history" ] && break; sleep 0.05; done
[ -s "$T/.vgwsh_history" ] && grep -q 'terminal length 20' "$T/.vgwsh_history"
ok "history is saved in ~/.vgwsh_history"
expect_no_match "...with no clear-text secret in it" "Hist0ry-pw" "$(cat "$T/.vgwsh_history")"
expect_contains "...masked instead" "secret 0 *****" "$(cat "$T/.vgwsh_history")"
finish

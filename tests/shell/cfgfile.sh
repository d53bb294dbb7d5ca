#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Configuration files and the text in them: no line the daemon takes holds a
# control character, so no stored text does.
. "$(dirname "$0")/lib.sh"

# raw LINE...: each LINE, Python escapes (\n, \t, \x1b) made bytes, as one
# EXEC frame of one session, as any client of the socket may send it
PY=/usr/bin/python3; [ -x $PY ] || PY=python3
raw() { $PY "$(dirname "$0")/abuse.py" lines "$SOCK" "$@"; }

start_vgwd

# --- a control character in a line: refused, named, nothing stored
out=$(raw 'configure terminal' 'interface lan0' ' description first\nend' \
    "description x\\ndo configure replace $STATE/startup-config" \
    'description bell\a' 'description esc\x1b[2J' 'description del\x7f' \
    'description cr\rx' 'abort')
expect_contains "a line feed inside a line is refused and named" \
    "% Line contains a line feed (LF) at column 19" "$out"
expect_contains "...an escape" "% Line contains a control character 0x1B (ESC) at column 16" "$out"
expect_contains "...a DEL" "% Line contains a control character 0x7F (DEL) at column 16" "$out"
expect_contains "...a carriage return" "% Line contains a carriage return (CR) at column 15" "$out"
expect_eq "...every such line fails" 6 "$(grep -c '^\[status 1\]' <<<"$out")"

# the reported case: a line feed in a description, committed, saved and
# booted, used to drop the interface's address and MTU and the routes after it
out=$(raw 'configure terminal' 'interface lan0' 'ip address 10.0.0.1/24' 'mtu 1400' \
    ' description first\nend' 'exit' 'ip route 10.9.0.0/16 10.0.0.254' 'commit')
expect_contains "a transaction with such a line does not commit" "% Commit refused: 1 line" "$out"
expect_no_match "...nothing of it applies" "lan0" "$(sh_ -c 'show running-config')"
out=$(raw 'configure terminal' 'interface lan0' 'description tab\tseparated' 'ip address 10.0.0.1/24' \
    'mtu 1400' 'exit' 'ip route 10.9.0.0/16 10.0.0.254' 'commit' 'end' 'write memory')
expect_eq "TAB is a blank: such a line is taken" 0 "$(grep -c '^\[status 1\]' <<<"$out")"
before=$(sh_ -c 'show running-config')
expect_contains "...and stored as a space" $'interface lan0\n description tab separated\n ip address 10.0.0.1 255.255.255.0\n mtu 1400\n!' "$before"
stop_vgwd
start_vgwd
expect_eq "the configuration comes back whole after a restart" "$before" "$(sh_ -c 'show running-config')"
expect_contains "...nothing skipped" "booted from startup-config (0 lines skipped)" "$(cat "$T/vgwd.log")"

finish

#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Configuration files and the text in them: no line the daemon takes holds a
# control character, so no stored text does; a configuration file
# (startup-config, configure replace FILE) holds configuration statements
# only, and reading one does nothing but read it.
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

# a NUL in an EXEC frame: the daemon checks the frame's bytes, as vgwsh does
# a line, so the line is refused, not cut short at the NUL
out=$(raw 'configure terminal' 'interface lan0' 'description nul\x00do erase startup-config' 'commit')
expect_contains "a NUL in a line is refused and named" "% Line contains a NUL byte at column 16" "$out"
expect_contains "...and fails its transaction" "% Error: 1 line of this transaction failed" "$out"
expect_no_match "...nothing of it applies" "lan0" "$(sh_ -c 'show running-config')"

# the reported case: a line feed in a description, committed, saved and
# booted, used to drop the interface's address and MTU and the routes after it
out=$(raw 'configure terminal' 'interface lan0' 'ip address 10.0.0.1/24' 'mtu 1400' \
    ' description first\nend' 'exit' 'ip route 10.9.0.0/16 10.0.0.254' 'commit')
expect_contains "a transaction with such a line does not commit" "% Error: 1 line of this transaction failed" "$out"
expect_no_match "...nothing of it applies" "lan0" "$(sh_ -c 'show running-config')"
out=$(raw 'configure terminal' 'interface lan0' 'description tab\tseparated' 'ip address 10.0.0.1/24' \
    'mtu 1400' 'exit' 'ip route 10.9.0.0/16 10.0.0.254' 'commit' 'end' 'write memory')
expect_eq "TAB is a blank: such a line is taken" 0 "$(grep -c '^\[status 1\]' <<<"$out")"
before=$(sh_ -c 'show running-config')
expect_contains "...and stored as a space" $'interface lan0\n description tab separated\n ip address 10.0.0.1 255.255.255.0\n mtu 1400\n!' "$before"
stop_vgwd; ok "vgwd exits 0 (with sanitizers: nothing leaked)"
start_vgwd
expect_eq "the configuration comes back whole after a restart" "$before" "$(sh_ -c 'show running-config')"
expect_contains "...nothing skipped" "booted from startup-config (0 lines skipped)" "$(cat "$T/vgwd.log")"

# --- a configuration file holds configuration statements only
# the reported case: a file that replaces itself recursed until the stack overflowed
printf 'hostname loop\ndo configure replace %s\n' "$T/self.cfg" > "$T/self.cfg"
out=$(sh_ -c "configure replace $T/self.cfg" 2>&1); rc=$?
expect_eq "a file that replaces itself is refused" 1 "$rc"
expect_contains "...its EXEC line named" "$T/self.cfg:2: % Not a configuration statement: do" "$out"
expect_contains "...nothing replaced" "has 1 error; nothing replaced" "$out"
sh_ -c 'show clock' >/dev/null; ok "...and vgwd lives on"
# (had it died, the checks below still test their own case)
kill -0 "$VGWD_PID" 2>/dev/null || { wait "$VGWD_PID"; VGWD_PID=; start_vgwd; }
expect_no_match "...running unchanged" "hostname loop" "$(sh_ -c 'show running-config')"

# the reported case: commit in the middle committed the first half, merged
commits=$(sh_ -c 'show configuration commit list')
printf 'hostname half\ncommit\nhostname whole\n' > "$T/commit.cfg"
out=$(sh_ -c "configure replace $T/commit.cfg" 2>&1); rc=$?
expect_eq "a file with commit in it is refused" 1 "$rc"
expect_contains "...the commit named" "$T/commit.cfg:2: % Not a configuration statement: commit" "$out"
expect_eq "...and nothing of it committed" "$commits" "$(sh_ -c 'show configuration commit list')"

# the reported case: do erase startup-config in a refused file erased it
printf 'hostname erased\ndo erase startup-config\n' > "$T/erase.cfg"
sh_ -c "configure replace $T/erase.cfg" >/dev/null 2>&1
expect_eq "a file with do erase startup-config is refused" 1 $?
expect_contains "...and startup-config is still there" "ip route 10.9.0.0 255.255.0.0 10.0.0.254" \
    "$(sh_ -c 'show startup-config' 2>&1)"

printf 'hostname nav\ninterface lan1\n exit\n end\nabort\n do show clock\nshow configuration\n' > "$T/nav.cfg"
out=$(sh_ -c "configure replace $T/nav.cfg" 2>&1)
for l in 3:exit 4:end 5:abort 6:do '7:show configuration'; do
	expect_contains "${l#*:} in a file: refused, by line" "$T/nav.cfg:${l%%:*}: % Not a configuration statement: ${l#*:}" "$out"
done

printf 'hostname before-end\nend\n! a comment may follow\n\nhostname after-end\n' > "$T/end.cfg"
out=$(sh_ -c "configure replace $T/end.cfg" 2>&1)
expect_contains "end ends the file: a statement after it is an error" "$T/end.cfg:5: % Text after end" "$out"
expect_no_match "...the only one" "end.cfg:[0-4]:" "$out"

# a NUL byte is a control character of its line, not the end of the file
printf 'hostname nul1\n\0\nhostname nul2\n' > "$T/nul.cfg"
out=$(sh_ -c "configure replace $T/nul.cfg" 2>&1)
expect_contains "a NUL in a file is an error of its line" "$T/nul.cfg:2: % Line contains a NUL byte at column 1" "$out"
expect_no_match "...and nothing replaced" "hostname nul" "$(sh_ -c 'show running-config')"

sh_ -c "configure replace $STATE/startup-config" >/dev/null
ok "what write memory saved (comments, end) replaces as it is"

# --- boot: a bad startup-config never crashes vgwd; bad lines are logged
# and counted, the others apply. Both as an older vgwd could have saved them:
stop_vgwd; ok "vgwd exits 0 (with sanitizers: nothing leaked)"
printf '!\ninterface lan0\n description x\ndo configure replace %s/startup-config\n ip address 10.0.0.1 255.255.255.0\n!\nip route 10.9.0.0 255.255.0.0 10.0.0.254\n!\nend\n' \
    "$STATE" > "$STATE/startup-config"
: > "$T/vgwd.log"
start_vgwd
expect_contains "a startup-config that replaces itself boots" \
    $'interface lan0\n description x\n!\nip route 10.9.0.0 255.255.0.0 10.0.0.254\n' "$(sh_ -c 'show running-config')"
log=$(cat "$T/vgwd.log")
expect_contains "...the line logged" "startup-config:4: % Not a configuration statement: do" "$log"
# the do line in column 0 closed the interface block, as any global line does
expect_contains "...so is the indented one after it" "startup-config:5: % Invalid input" "$log"
expect_contains "...and counted" "booted from startup-config (2 lines skipped)" "$log"

ncommits=$(sh_ -c 'show configuration commit list' | wc -l)
stop_vgwd; ok "vgwd exits 0 (with sanitizers: nothing leaked)"
printf 'hostname booted\ncommit\ndo erase startup-config\ninterface lan0\n description bell\a\n mtu 1400\n! a NUL\0in a comment\nend\nhostname after\n' \
    > "$STATE/startup-config"
: > "$T/vgwd.log"
start_vgwd
log=$(cat "$T/vgwd.log")
expect_contains "commit, do, control characters, text after end: each skipped" "startup-config:2: % Not a configuration statement: commit" "$log"
expect_contains "...do" "startup-config:3: % Not a configuration statement: do" "$log"
expect_contains "...the control character" "startup-config:5: % Line contains a control character 0x07 (BEL) at column 18" "$log"
expect_contains "...after end" "startup-config:9: % Text after end" "$log"
expect_contains "...a NUL, not the end of the file" "startup-config:7: % Line contains a NUL byte at column 8" "$log"
expect_contains "...all counted" "booted from startup-config (5 lines skipped)" "$log"
expect_contains "...the rest applies" $'hostname booted\n!\ninterface lan0\n mtu 1400\n!' "$(sh_ -c 'show running-config')"
grep -qa "^hostname after" "$STATE/startup-config"; ok "...and startup-config is not erased"
expect_eq "...and one commit made: the boot's" $((ncommits + 1)) "$(sh_ -c 'show configuration commit list' | wc -l)"
# --- a saved `show running-config` is a configuration file, as on IOS
sh_ -c 'show running-config' > "$T/saved.cfg"
head -1 "$T/saved.cfg" | grep -q '^Building configuration' ; ok "show running-config starts with IOS's header"
sh_ -c "configure replace $T/saved.cfg" >/dev/null 2>&1; ok "...and configure replace takes it back whole"
expect_eq "...changing nothing" "$(tail -n +3 "$T/saved.cfg")" "$(sh_ -c 'show running-config' | tail -n +3)"

stop_vgwd; ok "vgwd exits 0 (with sanitizers: nothing leaked)"
finish

#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What vgwsh makes of script input that is not a plain line: lines longer
# than vgwd takes, CR LF and CR line ends, a NUL or a line break inside a
# line, and a vgwd that goes away. Each such line is an error naming its
# file and line; nothing of it runs; the rest of the script goes on.
. "$(dirname "$0")/lib.sh"
start_vgwd

shown_hostname() { sh_ -c 'show running-config | include ^hostname'; }
ver=$(sh_ -c 'show version | include ^vgw')

# a line over the protocol's limit: the lines around it still run
x=$(head -c 2097152 /dev/zero | tr '\0' x)
printf 'show version | include ^vgw\nshow %s\nshow version | include ^vgw\n' "$x" > "$T/long.cfg"
out=$(sh_ -f "$T/long.cfg" 2>&1); rc=$?
expect_eq "a 2 MiB line: the lines around it run, the error in between" "$ver
$T/long.cfg:2: % Line too long: 2097157 bytes (at most 4095)
$ver" "$out"
expect_eq "...exit 1" 1 $rc
printf '!%4094s\n' "" > "$T/limit.cfg"
sh_ -f "$T/limit.cfg"; ok "a line of 4095 bytes is taken"
printf '!%4095s\n' "" > "$T/limit.cfg"
expect_eq "one of 4096 is refused" "$T/limit.cfg:1: % Line too long: 4096 bytes (at most 4095)" \
    "$(sh_ -f "$T/limit.cfg" 2>&1)"
printf 'configure terminal\nhostname long1\ndescription %s\ncommit\nabort\n' "$x" |
    sh_ >/dev/null 2>"$T/err"; rc=$?
expect_eq "a refused line fails its transaction like any failed line" \
    "stdin:3: % Line too long: 2097164 bytes (at most 4095)
stdin:4: % Failed to commit one or more configuration items. Please issue 'show configuration failed' to view the errors
stdin:4: % Error: 1 line of this transaction failed; nothing applied" "$(cat "$T/err")"
expect_eq "...exit 1" 1 $rc
expect_no_match "...nothing of it applied" long1 "$(shown_hostname)"

# a CR inside a line: the line is refused whole, not cut at the CR, and
# its transaction fails
printf 'configure terminal\nhostname crname\rjunk here\ncommit\nend\n' > "$T/cr.cfg"
err=$(sh_ -f "$T/cr.cfg" 2>&1); rc=$?
expect_eq "a lone CR is an error naming file, line and column" \
    "$T/cr.cfg:2: % Line contains a carriage return (CR) at column 16
$T/cr.cfg:3: % Failed to commit one or more configuration items. Please issue 'show configuration failed' to view the errors
$T/cr.cfg:3: % Error: 1 line of this transaction failed; nothing applied" "$err"
expect_eq "...exit 1" 1 $rc
expect_no_match "...nothing of the line ran" crname "$(shown_hostname)"
printf 'configure terminal\rhostname cronly\rcommit\rend\r' > "$T/cronly.cfg"
err=$(sh_ -f "$T/cronly.cfg" 2>&1); rc=$?
expect_eq "a file with CR line ends is one line, refused" \
    "$T/cronly.cfg:1: % Line contains a carriage return (CR) at column 19" "$err"
expect_eq "...exit 1" 1 $rc
expect_no_match "...nothing of it applied" cronly "$(shown_hostname)"
err=$(sh_ -c 'configure terminal' -c $'hostname crname\rjunk here' -c commit -c end 2>&1); rc=$?
expect_eq "-c: the same, the CR shown as \\r" \
    "-c 'hostname crname\\rjunk here': % Line contains a carriage return (CR) at column 16
-c 'commit': % Failed to commit one or more configuration items. Please issue 'show configuration failed' to view the errors
-c 'commit': % Error: 1 line of this transaction failed; nothing applied" "$err"
expect_eq "...exit 1" 1 $rc
expect_no_match "...nothing of it applied" crname "$(shown_hostname)"
err=$(sh_ -c 'configure terminal' -c 'interface lan0' -c $'description a\nhostname evil' -c 'commit' 2>&1)
expect_match "-c: a line feed inside a line is refused" \
    "^-c 'description a\\\\nhostname evil': % Line contains a line feed \(LF\) at column 14$" "$err"
expect_no_match "...and its rest never becomes a statement" evil "$(sh_ -c 'show running-config')"

# a NUL inside a line: refused whole, from a file and from stdin
printf 'configure terminal\nhostname nul1\0junk\ncommit\nend\n' > "$T/nul.cfg"
err=$(sh_ -f "$T/nul.cfg" 2>&1); rc=$?
expect_eq "a NUL is an error naming file, line and column" \
    "$T/nul.cfg:2: % Line contains a NUL byte at column 14
$T/nul.cfg:3: % Failed to commit one or more configuration items. Please issue 'show configuration failed' to view the errors
$T/nul.cfg:3: % Error: 1 line of this transaction failed; nothing applied" "$err"
expect_eq "...exit 1" 1 $rc
err=$(printf 'configure terminal\nhostname nul2\0junk\ncommit\nend\n' | sh_ 2>&1 >/dev/null); rc=$?
expect_eq "...on stdin too" "stdin:2: % Line contains a NUL byte at column 14
stdin:3: % Failed to commit one or more configuration items. Please issue 'show configuration failed' to view the errors
stdin:3: % Error: 1 line of this transaction failed; nothing applied" "$err"
expect_eq "...exit 1" 1 $rc
expect_no_match "...nothing of those lines ran" nul "$(shown_hostname)"

# CR LF line ends read exactly as LF ones: output, errors, status
cat > "$T/ends.cfg" <<'CFG'
show running-config | include ^hostname
show foo
configure terminal
 interface lan0
  description line ends
 show configuration
abort
CFG
sh_ -f "$T/ends.cfg" >"$T/lf.out" 2>"$T/lf.err"; lf_rc=$?
sed -i 's/$/\r/' "$T/ends.cfg"
sh_ -f "$T/ends.cfg" >"$T/crlf.out" 2>"$T/crlf.err"; crlf_rc=$?
expect_eq "a CRLF file: the same output as LF" "$(cat "$T/lf.out")" "$(cat "$T/crlf.out")"
expect_eq "...the same errors" "$(cat "$T/lf.err")" "$(cat "$T/crlf.err")"
expect_eq "...the same status" "$lf_rc" "$crlf_rc"
expect_match "...having run the config lines" "^\+ description line ends$" "$(cat "$T/crlf.out")"
printf 'configure terminal\r\nhostname crlf1\r\ncommit\r\nend\r\n' | sh_ >/dev/null; ok "a CRLF script on stdin applies"
expect_eq "...its lines as typed" "hostname crlf1" "$(shown_hostname)"

# vgwd goes away mid-script: what it answered is shown, then why it stops
{ echo 'show version | include ^vgw'; echo exit; for i in $(seq 1000); do echo 'show clock'; done; } > "$T/exit.cfg"
sh_ -f "$T/exit.cfg" >"$T/exit.out" 2>"$T/exit.err"; rc=$?
expect_eq "a closed connection: exit 1, not killed by SIGPIPE" 1 $rc
expect_match "...the output before it is shown" "^vgw Software \(vgwd\), Version" "$(cat "$T/exit.out")"
expect_eq "...and the loss is reported in words" "vgwsh: connection to vgwd lost" "$(cat "$T/exit.err")"
finish

#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Login privilege from SO_PEERCRED: root starts privileged; another user
# starts at privilege 1 (user EXEC) unless `username` gives it 15.
. "$(dirname "$0")/lib.sh"
id nobody >/dev/null 2>&1 || { echo "1..0 # SKIP no user nobody"; exit 77; }
[ "$(id -u)" -eq 0 ] || { echo "1..0 # SKIP needs root to switch users"; exit 77; }
start_vgwd
grp=$(id -gn nobody)
chgrp "$grp" "$SOCK"	# mode 0660: the group may connect
as_nobody() { setpriv --reuid nobody --regid "$grp" --clear-groups "$VGWSH" -s "$SOCK" "$@"; }

out=$(as_nobody -c 'show version')
expect_match "privilege 1 may show the version" "vgw Software \(vgwd\), Version" "$out"
err=$(as_nobody -c 'show running-config' 2>&1); rc=$?
expect_eq "privilege 1 may not show the configuration" 1 $rc
expect_match "...IOS answer" "% Invalid input detected" "$err"
as_nobody -c 'configure terminal' >/dev/null 2>&1
expect_eq "privilege 1 may not configure" 1 $?
expect_match "enable without an enable secret" "% No password set" "$(as_nobody -c enable 2>&1)"

sh_ -c 'conf t' -c 'enable secret 0 Sesame-1' -c 'commit' >/dev/null
out=$(printf 'enable\nSesame-1\nshow running-config\n' | as_nobody 2>&1)
expect_match "enable with the secret gives privilege 15" "enable secret 9" "$out"
out=$(printf 'enable\nwrong\nwrong\nwrong\nshow running-config\n' | as_nobody 2>&1)
expect_match "three wrong secrets: refused" "% Bad secrets" "$out"

sh_ -c 'conf t' -c 'username nobody privilege 15 secret 0 x' -c 'commit' >/dev/null
expect_match "username ... privilege 15 starts privileged" "username nobody privilege 15" \
    "$(as_nobody -c 'show running-config')"
expect_match "show users lists the session" "nobody" "$(as_nobody -c 'show users')"

# the commit-on-exit opt-in comes with the login, from the account
printf 'configure terminal\nhostname by-end\nend\n' | as_nobody >/dev/null 2>&1
expect_eq "without the opt-in, end with changes is an error" 1 $?
sh_ -c 'conf t' -c 'username nobody privilege 15 commit-on-exit secret 0 x' -c 'commit' >/dev/null
printf 'configure terminal\nhostname by-end\nend\n' | as_nobody >/dev/null 2>&1
expect_eq "a commit-on-exit account: end commits" 0 $?
expect_match "...and the change is in running" "^hostname by-end" "$(sh_ -c 'show running-config')"
err=$(printf 'configure terminal\nhostname not-root\nend\n' | sh_ 2>&1 >/dev/null)
expect_match "another account still gets the error" "Uncommitted changes found" "$err"
finish

#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# commit confirmed end to end: the change rolls back by itself when no
# commit follows in time, and stays when one does. (The shortest timer is
# 30 s, so this test takes about a minute.)
. "$(dirname "$0")/lib.sh"
start_vgwd
sh_ -c 'conf t' -c 'hostname before' -c 'commit' >/dev/null

hostname_now() { sh_ -c 'show running-config | include ^hostname'; }
wait_hostname() {	# NAME SECONDS
	local i
	for i in $(seq $(($2 * 10))); do [ "$(hostname_now)" = "hostname $1" ] && return 0; sleep 0.1; done
	return 1
}

out=$(sh_ -c 'conf t' -c 'hostname trial' -c 'commit confirmed 30')
expect_match "commit confirmed says when it rolls back" "rolls back in 30 seconds" "$out"
expect_eq "the change applies at once" "hostname trial" "$(hostname_now)"
sleep 25
expect_eq "...and is still there before the deadline" "hostname trial" "$(hostname_now)"
wait_hostname before 15; ok "without a confirming commit it rolls back by itself"
expect_match "the rollback is a commit of its own" "system +automatic rollback" \
    "$(sh_ -c 'show configuration commit list')"
expect_match "...and is logged" "commit confirmed timed out" "$(sh_ -c 'show logging')"

sh_ -c 'conf t' -c 'hostname kept' -c 'commit confirmed 30' >/dev/null
out=$(sh_ -c 'conf t' -c 'commit')
expect_match "a plain commit in time confirms it" "automatic rollback cancelled" "$out"
sleep 32
expect_eq "...and the change stays after the deadline" "hostname kept" "$(hostname_now)"
finish

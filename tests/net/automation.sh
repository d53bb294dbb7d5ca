#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# automation.sh - the automation network engineers use, unchanged: netmiko
# (cisco_ios, cisco_xr) and Ansible's network_cli (cisco.ios, cisco.iosxr),
# Debian's packages, log in over OpenSSH to vgwsh and configure a vgwd.
# Each client group runs at once in the background; their results are
# checked in their own output and read back here with vgwsh.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3		# Debian's, which has netmiko (not a pyenv one on PATH)
PLAYBOOK=/usr/bin/ansible-playbook
D=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/net/automation
for need in /usr/sbin/sshd "$PLAYBOOK"; do
	[ -x "$need" ] || { echo "SKIP: $need missing (tools/deps test)"; exit 77; }
done
"$PY" -c 'import netmiko' 2>/dev/null || { echo "SKIP: python3-netmiko missing (tools/deps test)"; exit 77; }

# local accounts of this run: IOS drivers (commit-on-exit), IOS-XR drivers
# (ordinary), and privilege 1 with `enable`; removed on every exit
GRP=${NET_PFX}g
IO=${NET_PFX}io XR=${NET_PFX}xr EN=${NET_PFX}en
ENABLE=En4ble-$NET_PFX
auto_cleanup() {
	local u
	for u in "$IO" "$XR" "$EN"; do userdel "$u" 2>/dev/null; done
	groupdel "$GRP" 2>/dev/null
	net_cleanup
}
trap auto_cleanup EXIT
groupadd "$GRP" || exit 1
for u in "$IO" "$XR" "$EN"; do
	# password '*': no password login, but not a locked account, which
	# sshd refuses without PAM; home in the scratch directory (history)
	useradd -M -N -g "$GRP" -d "$T/home/$u" -s /bin/sh -p '*' "$u" || exit 1
	mkdir -p "$T/home/$u" && chown "$u" "$T/home/$u"
done

net_router r1
chgrp "$GRP" "$T/r1.sock"	# mode 0660: the run's accounts may connect
rconf r1 <<C
hostname auto1
enable secret 0 $ENABLE
username $IO privilege 15 commit-on-exit secret 0 unused-$NET_PFX
username $XR privilege 15 secret 0 unused-$NET_PFX
username $EN privilege 1 secret 0 unused-$NET_PFX
C

# OpenSSH in the router's namespace, vgwsh as ForceCommand, on its loopback
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$T/hostkey"
ssh-keygen -q -t rsa -m PEM -N '' -f "$T/id"	# paramiko 2.12 reads PEM
cp "$T/id.pub" "$T/authorized_keys"
cat >"$T/sshd_config" <<S
ListenAddress 127.0.0.1:2222
HostKey $T/hostkey
PidFile $T/sshd.pid
AuthorizedKeysFile $T/authorized_keys
PermitRootLogin no
StrictModes no
UsePAM no
ForceCommand $VGWSH -s $T/r1.sock
S
ip netns exec "$(ns_ r1)" /usr/sbin/sshd -D -e -f "$T/sshd_config" 2>"$T/sshd.log" &
NET_PIDS+=($!)
for i in $(seq 100); do nx r1 ss -ltn | grep -q 127.0.0.1:2222 && break; sleep 0.05; done

# Ansible: nothing outside the scratch directory, short timeouts
A=$T/ansible
mkdir -p "$A/home" "$A/tmp" "$A/cp"
cat >"$A/ansible.cfg" <<CFG
[defaults]
host_key_checking = False
retry_files_enabled = False
local_tmp = $A/tmp
nocolor = True
[persistent_connection]
control_path_dir = $A/cp
connect_timeout = 20
command_timeout = 15
[paramiko_connection]
record_host_keys = False
look_for_keys = False
CFG
cat >"$A/hosts" <<INV
[ios]
io ansible_user=$IO
en ansible_user=$EN ansible_become_password=$ENABLE
[ios:vars]
ansible_network_os=cisco.ios.ios
[iosxr]
xr ansible_user=$XR ansible_network_os=cisco.iosxr.iosxr
[all:vars]
ansible_host=127.0.0.1
ansible_port=2222
ansible_ssh_private_key_file=$T/id
ansible_connection=ansible.netcommon.network_cli
ansible_network_cli_ssh_type=paramiko
ansible_python_interpreter=$PY
INV
playbook() {	# PLAYBOOK: run it inside the router's namespace
	nx r1 env HOME="$A/home" ANSIBLE_HOME="$A/home/.ansible" ANSIBLE_CONFIG="$A/ansible.cfg" \
		ANSIBLE_LOCAL_TEMP="$A/tmp" ANSIBLE_HOST_KEY_CHECKING=False \
		ANSIBLE_PERSISTENT_COMMAND_TIMEOUT=15 ANSIBLE_PERSISTENT_CONNECT_TIMEOUT=20 \
		timeout 240 "$PLAYBOOK" -i "$A/hosts" "$D/$1"
}
netmiko() {	# ios|xr ARGS...
	nx r1 env HOME="$T/home" timeout 240 "$PY" "$D/netmiko_cases.py" "$1" 127.0.0.1 2222 "$T/id" "${@:2}"
}

# the client groups at once; each touches its own interfaces and routes
netmiko ios "$IO" "$EN" "$ENABLE" >"$T/netmiko-ios.out" 2>&1 & g1=$!
netmiko xr "$XR" >"$T/netmiko-xr.out" 2>&1 & g2=$!
playbook ios.yml >"$T/ansible-ios.out" 2>&1 & g3=$!
playbook iosxr.yml >"$T/ansible-iosxr.out" 2>&1 & g4=$!

netmiko_result() {	# NAME PID: its checks count here
	wait "$2"
	local rc=$? n
	grep -E '^(not )?ok - |^  \| ' "$T/$1.out"
	n=$(grep -c '^ok - ' "$T/$1.out"); CHECKS=$((CHECKS + n))
	n=$(grep -c '^not ok - ' "$T/$1.out"); CHECKS=$((CHECKS + n)); FAILS=$((FAILS + n))
	[ $rc -eq 0 ] || [ "$n" -gt 0 ] || { echo "not ok - $1 exited $rc:"; sed 's/^/  | /' "$T/$1.out"
		CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); }
}
playbook_result() {	# NAME PID HOST...: its hosts must all have run
	wait "$2"
	local rc=$? h
	(exit $rc); ok "$1: every task as expected"
	[ $rc -eq 0 ] || sed 's/^/  | /' "$T/$1.out"
	for h in "${@:3}"; do
		expect_match "$1: host $h ran to the end" "^$h +: ok=[1-9][0-9]* .*unreachable=0 +failed=0" \
			"$(sed -n '/PLAY RECAP/,$p' "$T/$1.out")"
	done
}
netmiko_result netmiko-ios $g1
netmiko_result netmiko-xr $g2
playbook_result ansible-ios $g3 io en
playbook_result ansible-iosxr $g4 xr

# what they did, read back
run=$(rsh r1 -c 'show running-config')
expect_contains "netmiko cisco_ios: end committed the lines" \
	"interface lan11
 description set by netmiko ios" "$run"
expect_contains "netmiko cisco_ios: and with a commit of its own" \
	"interface lan12
 ip address 10.12.0.1 255.255.255.0" "$run"
expect_match "netmiko cisco_ios: save_config wrote startup-config" "^interface lan12" \
	"$(rsh r1 -c 'show startup-config')"
expect_contains "netmiko cisco_xr: commit applied" \
	"interface lan31
 description set by netmiko xr" "$run"
expect_match "netmiko cisco_xr: the confirmed commit stays" "^ip route 10.32.0.0 255.255.0.0 null0" "$run"
expect_match "netmiko cisco_xr: the comment is recorded without its quotes" " from netmiko xr$" \
	"$(rsh r1 -c 'show configuration commit list')"
expect_no_match "netmiko cisco_xr: exit_config_mode discarded its changes" "lan35" "$run"
expect_contains "ansible cisco.ios: ios_config applied" \
	"interface lan41
 description set by ansible ios
 ip address 10.41.0.1 255.255.255.0" "$run"
expect_contains "ansible cisco.iosxr: iosxr_config applied" \
	"interface lan51
 description set by ansible iosxr" "$run"
expect_no_match "no refused commit went in" "nosuch" "$run"
finish

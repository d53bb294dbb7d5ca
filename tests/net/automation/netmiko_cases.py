#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""netmiko (Debian's python3-netmiko, unchanged) driving vgw over SSH.

usage: netmiko_cases.py ios|xr HOST PORT KEY USER [USER1 SECRET]

ios: the cisco_ios driver with USER, an account with commit-on-exit, and
     `enable` from privilege 1 with USER1 and the enable SECRET.
xr:  the cisco_xr driver with USER, an ordinary account.

Prints one "ok - ..." or "not ok - ..." line per check (tests/net/
automation.sh counts them) and exits 1 if any failed. What went into the
running configuration is read back by the shell script with vgwsh.
"""
import sys
import traceback

from netmiko import ConnectHandler

TIMEOUT = 10            # seconds; netmiko waits 100 by default
ROUTER = "auto1"        # the router's hostname (automation.sh sets it)
failed = 0


def check(what, cond, detail=""):
    global failed
    if cond:
        print("ok - " + what)
    else:
        failed += 1
        print("not ok - " + what)
        for line in str(detail).splitlines():
            print("  | " + line)


def clean(what, text):
    """No terminal control sequence reached the client."""
    check(what + ": no escape sequence in the output", "\x1b" not in text,
          repr(text))


def connect(driver, host, port, key, user, secret=""):
    return ConnectHandler(device_type=driver, host=host, port=int(port),
                          username=user, use_keys=True, key_file=key,
                          secret=secret, timeout=TIMEOUT,
                          allow_agent=False)


def raises(fn):
    """The exception fn raised, or None."""
    try:
        fn()
    except Exception as e:      # netmiko raises ValueError and IOError
        return e
    return None


def ios(host, port, key, user, user1, secret):
    c = connect("cisco_ios", host, port, key, user)
    prompt = c.find_prompt()
    check("cisco_ios: find_prompt is the bare prompt", prompt == ROUTER + "#",
          repr(prompt))
    out = c.send_command("show version")
    clean("cisco_ios: show version", out)
    check("cisco_ios: show version in IOS's shape",
          "vgw Software (vgwd), Version " in out and ROUTER + " uptime is" in out,
          out)
    out = c.send_command("show ip interface brief")
    clean("cisco_ios: show ip interface brief", out)
    check("cisco_ios: show ip interface brief answers",
          out.startswith("Interface"), out)

    # configure terminal, the lines, end: end commits for this account
    out = c.send_config_set(["interface lan11",
                             " description set by netmiko ios"])
    clean("cisco_ios: send_config_set", out)
    check("cisco_ios: send_config_set leaves configuration mode",
          c.find_prompt() == ROUTER + "#" and "Failed" not in out, out)
    # with a final commit of its own, end finds nothing left to commit
    out = c.send_config_set(["interface lan12",
                             " ip address 10.12.0.1 255.255.255.0",
                             "commit"])
    check("cisco_ios: send_config_set with a final commit",
          c.find_prompt() == ROUTER + "#" and "Failed" not in out, out)
    out = c.save_config()
    clean("cisco_ios: save_config", out)
    check("cisco_ios: save_config (write mem)", "[OK]" in out, out)
    # a commit vgw refuses: end does not leave, so netmiko raises
    e = raises(lambda: c.send_config_set(
        ["ip route 10.19.0.0 255.255.0.0 interface nosuch19"]))
    check("cisco_ios: a refused commit at end raises", e is not None)
    c.disconnect()

    # enable from privilege 1
    c = connect("cisco_ios", host, port, key, user1, secret)
    check("cisco_ios: privilege 1 prompt", c.find_prompt() == ROUTER + ">",
          repr(c.find_prompt()))
    out = c.enable()
    check("cisco_ios: enable with the enable secret",
          c.check_enable_mode() and c.find_prompt() == ROUTER + "#", out)
    out = c.send_command("show privilege")
    check("cisco_ios: show privilege after enable",
          out.strip() == "Current privilege level is 15", repr(out))
    c.disconnect()


def xr(host, port, key, user):
    c = connect("cisco_xr", host, port, key, user)
    prompt = c.find_prompt()
    check("cisco_xr: find_prompt is the bare prompt", prompt == ROUTER + "#",
          repr(prompt))

    out = c.send_config_set(["interface lan31",
                             " description set by netmiko xr"])
    out += c.commit()
    clean("cisco_xr: send_config_set and commit", out)
    check("cisco_xr: commit", "Failed" not in out, out)

    c.send_config_set(["ip route 10.32.0.0 255.255.0.0 null0"])
    out = c.commit(confirm=True, confirm_delay=60)
    check("cisco_xr: commit(confirm=True, confirm_delay=60)",
          "rolls back in 60 seconds" in out, out)
    out = c.commit()
    check("cisco_xr: a plain commit confirms it", "Failed" not in out, out)

    c.send_config_set(["interface lan33", " description commented"])
    out = c.commit(comment="from netmiko xr")
    check("cisco_xr: commit(comment=...)", "Failed" not in out, out)

    c.send_config_set(["ip route 10.34.0.0 255.255.0.0 interface nosuch34"])
    e = raises(c.commit)
    check("cisco_xr: a commit vgw refuses raises",
          isinstance(e, ValueError) and "Failed to commit" in str(e), e)

    # still in configuration mode with that candidate: leaving answers
    # "no" to the question and drops it all
    c.send_config_set(["interface lan35", " description discarded"])
    out = c.exit_config_mode()
    clean("cisco_xr: exit_config_mode", out)
    check("cisco_xr: exit_config_mode with uncommitted changes",
          "Uncommitted changes found" in out and c.find_prompt() == ROUTER + "#",
          out)
    c.disconnect()


def main():
    try:
        if sys.argv[1] == "ios":
            ios(*sys.argv[2:9])
        else:
            xr(*sys.argv[2:6])
    except Exception:
        check("netmiko " + sys.argv[1] + " ran to its end", False,
              traceback.format_exc())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

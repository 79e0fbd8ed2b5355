"""Runs a program under the restrictions a systemd unit asks for, where systemd itself cannot run it
(systemd is not PID 1 here): `python harness/confinement.py UNIT [--writable DIR] -- PROGRAM ARGS...`.

It reads UNIT's `SystemCallFilter=` lines, expands their groups with `systemd-analyze syscall-filter`, and
loads, with libseccomp, what systemd 252 loads for them and for `MemoryDenyWriteExecute=yes`, its
`RestrictAddressFamilies=` line and `RestrictNamespaces=yes`, with `NoNewPrivileges=yes`. As root it
first gives the program a mount namespace of its own for `ProtectSystem=strict` (every mount read-only
but /dev, /proc, /sys and DIR, which stands for the unit's `StateDirectory=`), `ProtectHome=yes` (/home,
/root and /run/user empty and closed) and `PrivateTmp=yes` (a new /tmp and /var/tmp), then empties its
capability bounding set (`CapabilityBoundingSet=`), so that PROGRAM runs with no capability at all. It
stays the same user rather than becoming one like `private-chat` (`User=`): the checkout may sit in a
folder only its owner may enter (a CI clone under /root), which another user could not even execute
PROGRAM from, and without capabilities root is held to the same file modes as anyone. Then it execs PROGRAM. A system call
outside the filter kills the process with SIGSYS, as under systemd. Not reproduced: `PrivateDevices=`,
`ProtectKernel*=`, `ProtectProc=` and `LockPersonality=`.
"""

import ctypes
import ctypes.util
import os
import socket
import subprocess
import sys
from pathlib import Path

PR_CAPBSET_DROP = 24

SCMP_ACT_KILL_PROCESS = 0x80000000
SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_CMP_EQ, SCMP_CMP_GE, SCMP_CMP_MASKED_EQ = 4, 5, 7
PROT_WRITE, PROT_EXEC, SHM_EXEC = 0x2, 0x4, 0o100000
AF_MAX = 46
CLONE_NEW_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000, 0x00000080)


def errno_action(number: int) -> int:
    return 0x00050000 | (number & 0xFFFF)


class ArgumentComparison(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64), ("datum_b", ctypes.c_uint64)]


def libseccomp() -> ctypes.CDLL | None:
    """libseccomp's shared library, or None where it is not installed."""
    name = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
    try:
        library = ctypes.CDLL(name, use_errno=True)
    except OSError:
        return None
    library.seccomp_init.restype = ctypes.c_void_p
    library.seccomp_init.argtypes = [ctypes.c_uint32]
    library.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint, ctypes.POINTER(ArgumentComparison)]
    library.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    library.seccomp_load.argtypes = [ctypes.c_void_p]
    return library


def expand(name: str, seen: set[str] | None = None) -> set[str]:
    """The system calls of a name or `@group`, groups within groups included."""
    if not name.startswith("@"):
        return {name}
    seen = seen if seen is not None else set()
    if name in seen:
        return set()
    seen.add(name)
    listing = subprocess.run(["systemd-analyze", "syscall-filter", name], capture_output=True, text=True, check=True).stdout
    calls: set[str] = set()
    for line in listing.splitlines()[1:]:
        entry = line.strip()
        if entry and not entry.startswith("#"):
            calls |= expand(entry, seen)
    return calls


def allowed_calls(unit: Path) -> set[str]:
    """The allow list a unit's `SystemCallFilter=` lines make: `@default` and the first list, less every `~` list."""
    allowed: set[str] = expand("@default")
    for line in unit.read_text().splitlines():
        if not line.startswith("SystemCallFilter="):
            continue
        value = line.split("=", 1)[1].strip()
        names = value.lstrip("~").split()
        calls = set().union(*(expand(name) for name in names))
        allowed = allowed - calls if value.startswith("~") else allowed | calls
    return allowed


def allowed_families(unit: Path) -> set[int]:
    """The address families a unit's `RestrictAddressFamilies=` line allows, by number."""
    for line in unit.read_text().splitlines():
        if line.startswith("RestrictAddressFamilies="):
            return {int(getattr(socket, name)) for name in line.split("=", 1)[1].split()}
    return set(range(AF_MAX))


def rule(library, context, action: int, call: str, *comparisons: tuple[int, int, int, int]) -> None:
    number = library.seccomp_syscall_resolve_name(call.encode())
    if number < 0:
        return  # not a system call of this architecture
    array = (ArgumentComparison * max(len(comparisons), 1))(*[ArgumentComparison(*c) for c in comparisons])
    library.seccomp_rule_add_array(context, action, number, len(comparisons), array)


MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x1, 0x2, 0x4, 0x20, 0x1000, 0x4000, 0x40000
CLONE_NEWNS = 0x00020000
API_FILE_SYSTEMS = ("/dev", "/proc", "/sys")


def settings(unit: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in unit.read_text().splitlines() if "=" in line and not line.startswith("#"))


def mount(libc, source: str | None, target: str, kind: str | None, flags: int, data: str | None = None) -> None:
    encode = lambda text: text.encode() if text is not None else None  # noqa: E731
    if libc.mount(encode(source), encode(target), encode(kind), flags, encode(data)) != 0:
        raise OSError(ctypes.get_errno(), f"mount {target}: {os.strerror(ctypes.get_errno())}")


def protect_file_system(unit: Path, writable: list[str]) -> None:
    """ProtectSystem=strict, ProtectHome=yes and PrivateTmp=yes, as systemd makes them: in a mount namespace
    of this process alone, whose changes reach no other (every mount private first)."""
    wanted = settings(unit)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNS) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS)")
    mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
    for path in writable:
        mount(libc, path, path, None, MS_BIND | MS_REC)  # a mount of its own, made writable again below
    if wanted.get("ProtectSystem") == "strict":
        mounts = [line.split()[4].replace("\\040", " ") for line in Path("/proc/self/mountinfo").read_text().splitlines()]
        for target in mounts:
            inside_api = any(target == api or target.startswith(api + "/") for api in API_FILE_SYSTEMS)
            if inside_api or any(target == path for path in writable):
                continue
            try:
                mount(libc, None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID)
            except OSError:
                mount(libc, target, target, None, MS_BIND)  # not yet a bind mount of its own
                mount(libc, None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID)
    if wanted.get("PrivateTmp") == "yes":
        for target in ("/tmp", "/var/tmp"):
            mount(libc, "tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777")
    if wanted.get("ProtectHome") == "yes":
        for target in ("/home", "/root", "/run/user"):
            if os.path.isdir(target):
                mount(libc, "tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV | MS_RDONLY, "mode=000")


def confine(unit: Path, writable: list[str]) -> None:
    """Applies the unit's restrictions to this process; what it execs next inherits them."""
    library = libseccomp()
    if library is None:
        raise SystemExit("confinement: libseccomp is not installed")
    calls, families = allowed_calls(unit), allowed_families(unit)  # read while the unit is readable
    if os.getuid() == 0:
        protect_file_system(unit, writable)
        drop_every_capability()
    allow_list = library.seccomp_init(SCMP_ACT_KILL_PROCESS)
    for call in sorted(calls):
        rule(library, allow_list, SCMP_ACT_ALLOW, call)
    restrictions = library.seccomp_init(SCMP_ACT_ALLOW)
    eperm = errno_action(1)
    # MemoryDenyWriteExecute=yes, as systemd's seccomp_memory_deny_write_execute()
    rule(library, restrictions, eperm, "mmap", (2, SCMP_CMP_MASKED_EQ, PROT_WRITE | PROT_EXEC, PROT_WRITE | PROT_EXEC))
    rule(library, restrictions, eperm, "mprotect", (2, SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC))
    rule(library, restrictions, eperm, "pkey_mprotect", (2, SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC))
    rule(library, restrictions, eperm, "shmat", (2, SCMP_CMP_MASKED_EQ, SHM_EXEC, SHM_EXEC))
    # RestrictAddressFamilies=
    for family in range(AF_MAX):
        if family not in families:
            rule(library, restrictions, errno_action(97), "socket", (0, SCMP_CMP_EQ, family, 0))
    rule(library, restrictions, errno_action(97), "socket", (0, SCMP_CMP_GE, AF_MAX, 0))
    # RestrictNamespaces=yes
    for call in ("unshare", "setns"):
        rule(library, restrictions, eperm, call)
    for flag in CLONE_NEW_FLAGS:
        rule(library, restrictions, eperm, "clone", (0, SCMP_CMP_MASKED_EQ, flag, flag))
    rule(library, restrictions, errno_action(38), "clone3")  # ENOSYS: glibc falls back to clone, as under systemd
    for context in (restrictions, allow_list):  # libseccomp sets no_new_privs before the first
        if library.seccomp_load(context) != 0:
            raise SystemExit(f"confinement: seccomp_load failed: {os.strerror(ctypes.get_errno())}")


def drop_every_capability() -> None:
    """Empties the bounding set: what execs next, root included, starts with no capability (capabilities(7))."""
    libc = ctypes.CDLL(None, use_errno=True)
    last = int(Path("/proc/sys/kernel/cap_last_cap").read_text())
    for capability in range(last + 1):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise SystemExit(f"confinement: cannot drop capability {capability}: {os.strerror(ctypes.get_errno())}")


def main(arguments: list[str]) -> None:
    separator = arguments.index("--")
    (unit, *options), program = arguments[:separator], arguments[separator + 1 :]
    assert program and len(options) % 2 == 0, "usage: confinement.py UNIT [--writable DIR]... -- PROGRAM ARGS..."
    writable = [os.path.realpath(value) for name, value in zip(options[::2], options[1::2]) if name == "--writable"]
    confine(Path(unit), writable)
    os.execv(program[0], program)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Free loopback ports, for processes that must be told their port before they start."""

from __future__ import annotations

import random
import socket
from pathlib import Path

LOWEST = 20000


def _below_ephemeral_range() -> int:
    """The first port the kernel may hand out on its own (to a connecting socket or a bind to port 0).
    Ports are picked below it: a port the kernel just gave a client's outgoing connection is in use
    even though nothing listens there, and a bind to it fails (CI saw exactly that)."""
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    return low if low - LOWEST >= 2000 else 60000


def free_port_block(size: int) -> int:
    """A first port such that `size` consecutive loopback ports are free right now."""
    highest = _below_ephemeral_range()
    for _ in range(200):
        base = random.randrange(LOWEST, highest - size)
        sockets = []
        try:
            for port in range(base, base + size):
                s = socket.socket()
                s.bind(("127.0.0.1", port))
                sockets.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no block of free ports")

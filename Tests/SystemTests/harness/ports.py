"""Free loopback ports, for processes that must be told their port before they start."""

from __future__ import annotations

import random
import socket


def free_port_block(size: int) -> int:
    """A first port such that `size` consecutive loopback ports are free right now."""
    for _ in range(200):
        base = random.randrange(20000, 60000 - size)
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

"""Lines from a child process's standard output, each awaited with a deadline."""

from __future__ import annotations

import os
import selectors
import time


class OutputLines:
    """A pipe read line by line without ever blocking past a deadline: wait until it is readable, then
    take what is there, keeping what follows the line for the next call."""

    def __init__(self, pipe):
        self.pipe = pipe
        self.pending = b""
        """What was read after the last line returned: the start of the next one."""

    def next(self, timeout: float) -> bytes | None:
        """The next line, without its newline; None if the pipe closed first. Raises a bare TimeoutError
        when `timeout` passes: the caller knows what it was waiting for and says so."""
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self.pipe, selectors.EVENT_READ)
            while b"\n" not in self.pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise TimeoutError
                chunk = os.read(self.pipe.fileno(), 65536)
                if not chunk:
                    return None
                self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line

"""Lines from a child process's standard output, each awaited with a deadline."""

from __future__ import annotations

import os
import selectors
import time
from typing import Callable


class OutputLines:
    """A pipe read line by line without ever blocking past a deadline: wait until it is readable, then
    take what is there, keeping what follows the line for the next call."""

    def __init__(self, pipe):
        self.pipe = pipe
        self.pending = b""
        """What was read after the last line returned: the start of the next one."""

    def next(self, timeout: float, timed_out: Callable[[], Exception], ended: Callable[[], Exception]) -> bytes:
        """The next line, without its newline. Raises what `timed_out()` makes when `timeout` passes first,
        and what `ended()` makes when the pipe closes first: the caller knows what it was waiting for."""
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self.pipe, selectors.EVENT_READ)
            while b"\n" not in self.pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise timed_out()
                chunk = os.read(self.pipe.fileno(), 65536)
                if not chunk:
                    raise ended()
                self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line

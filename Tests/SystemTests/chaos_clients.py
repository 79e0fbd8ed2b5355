"""The chaos run's clients (chaos.py): real `chat --json` processes, and the thread that makes them talk."""

from __future__ import annotations

import subprocess
import threading
import time

from chaos_check import ClientView, apply_lines
from harness.cli import ChatCLI


class Client:
    """One `chat --json` process; its output is read as it comes, so its pipe never fills."""

    def __init__(self, name: str, url: str, rooms: list[str]):
        self.name = name
        self.rooms = rooms
        self.written: list[str] = []
        self.lines: list[str] = []
        self.errors: list[str] = []
        self._view = ClientView(name)
        self._applied = 0
        self.broken: str | None = None
        args = [url, "--name", name, *[arg for room in rooms for arg in ("--room", room)], "--json"]
        self.cli = ChatCLI(*args)
        self.readers = [
            threading.Thread(target=self._pump, args=(self.cli.popen.stdout, self.lines), daemon=True),
            threading.Thread(target=self._pump, args=(self.cli.popen.stderr, self.errors), daemon=True),
        ]
        for reader in self.readers:
            reader.start()

    @staticmethod
    def _pump(stream, sink: list[str]) -> None:
        for raw in iter(stream.readline, b""):
            sink.append(raw.decode(errors="replace").rstrip("\n"))

    def say_next(self) -> None:
        """Writes the next line, `NAME-N`: unique across the run."""
        if self.broken:
            return
        text = f"{self.name}-{len(self.written) + 1}"
        try:
            self.cli.send(text)
        except OSError as error:
            self.broken = f"its input closed after {len(self.written)} lines ({error})"
            return
        self.written.append(text)

    def command(self, line: str) -> bool:
        """Types a command (not a message: it is not in `written`); False if the client's input is gone."""
        if self.broken:
            return False
        try:
            self.cli.send(line)
            return True
        except OSError:
            return False

    def view(self) -> ClientView:
        """What its user has been shown so far (the lines printed since the last call applied)."""
        count = len(self.lines)
        apply_lines(self._view, self.lines[self._applied : count])
        self._applied = count
        return self._view

    def finish(self, timeout: float) -> int | None:
        """Closes its input and waits for it to exit (after every line was acknowledged)."""
        try:
            self.cli.close_input()
        except OSError:
            pass
        try:
            return self.cli.popen.wait(max(timeout, 0.1))
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        self.cli.kill()


class Traffic(threading.Thread):
    """Every client writes a line every 1/rate seconds, clients evenly offset, until `until`."""

    def __init__(self, clients: list[Client], rate: float, until: float):
        super().__init__(daemon=True)
        self.clients, self.rate, self.until = clients, rate, until

    def run(self) -> None:
        interval = 1 / self.rate
        start = time.monotonic()
        next_at = [start + interval * index / len(self.clients) for index in range(len(self.clients))]
        while True:
            index = min(range(len(self.clients)), key=next_at.__getitem__)
            if next_at[index] >= self.until:
                return
            delay = next_at[index] - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self.clients[index].say_next()
            next_at[index] += interval

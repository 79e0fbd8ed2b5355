"""The chaos run's clients (chaos.py): real `chat --json` processes, and the thread that makes them talk."""

from __future__ import annotations

import subprocess
import threading
import time

from chaos_check import ClientView, apply_lines, reaction_text
from harness.cli import ChatCLI


class Client:
    """One `chat --json` process; its output is read as it comes, so its pipe never fills."""

    def __init__(self, name: str, url: str, rooms: list[str]):
        self.name = name
        self.rooms = rooms
        self.written: list[str] = []
        """Each line as the judge knows it: a message's text, an edit's new text, `reaction #N` for a reaction."""
        self.conversed = 0
        """How many of those lines were edits or reactions."""
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

    def say_next(self, converse: bool = False) -> None:
        """Writes the next line, `NAME-N`: unique across the run. With `converse`, once there is something
        to act on, the line is `/edit NAME-N✎` (its own last message) or `/react 👍` (someone else's last
        one in its first room) instead. Each is one frame with the line's id, as a message is, and is
        judged as one (chaos_check.py, `event_text`)."""
        if self.broken:
            return
        number = len(self.written) + 1
        text, judged = f"{self.name}-{number}", None
        if converse:
            view = self.view()
            room = self.rooms[0]
            if number % 2 == 0 and view.acks:
                text = judged = f"/edit {self.name}-{number}✎"
                judged = judged.removeprefix("/edit ")
            elif any(delivery.room == room and delivery.kind == "message" for delivery in view.deliveries):
                text, judged = "/react 👍", reaction_text(number)
        try:
            self.cli.send(text)
        except OSError as error:
            self.broken = f"its input closed after {len(self.written)} lines ({error})"
            return
        self.written.append(judged or text)
        if judged:
            self.conversed += 1

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
    """Every client writes a line every 1/rate seconds, clients evenly offset, until `until`; every
    `converse_every`-th line of each is an edit or a reaction (0: none)."""

    def __init__(self, clients: list[Client], rate: float, until: float, converse_every: int = 0):
        super().__init__(daemon=True)
        self.clients, self.rate, self.until, self.converse_every = clients, rate, until, converse_every

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
            client = self.clients[index]
            client.say_next(converse=self.converse_every > 0 and (len(client.written) + 1) % self.converse_every == 0)
            next_at[index] += interval

"""Encrypted rooms with real `chat` processes: one made with `/join ROOM --encrypt`, its invite link,
and waits on what the clients and a raw observer print or receive."""

from __future__ import annotations

import asyncio
import json
import time

from harness.cli import ChatCLI
from harness.websocket import ChatClient


def wait_line(cli: ChatCLI, predicate, timeout: float = 15) -> str:
    """The first line `cli` prints for which `predicate(line)` holds, skipping others."""
    deadline = time.monotonic() + timeout
    while True:
        line = cli.line(max(0.01, deadline - time.monotonic()))
        if predicate(line):
            return line


def next_frame(cli: ChatCLI, type: str, timeout: float = 15, **fields) -> dict:
    """The next JSON line (`--json`) of this type and these fields, skipping others."""

    def wanted(line: str) -> bool:
        frame = json.loads(line)
        return frame["type"] == type and all(frame.get(name) == value for name, value in fields.items())

    return json.loads(wait_line(cli, wanted, timeout))


def silent(cli: ChatCLI, seconds: float) -> list[str]:
    """What `cli` prints within `seconds` (waiting all of them): for what must not happen."""
    lines = []
    deadline = time.monotonic() + seconds
    while (remaining := deadline - time.monotonic()) > 0:
        try:
            lines.append(cli.line(remaining))
        except TimeoutError:
            break
    return lines


def create_room(url: str, name: str = "amy", room: str = "secret", *extra: str) -> tuple[ChatCLI, str]:
    """A `chat` that encrypts `room` with a new key (`/join ROOM --encrypt`) and the invite link it
    prints (`/invite`)."""
    cli = ChatCLI(url, "--name", name, "--room", room, *extra)
    cli.send(f"/join {room} --encrypt")
    cli.send("/invite")
    line = wait_line(cli, lambda line: line.startswith("[invite] ") or line.startswith('{"type":"invite"'))
    link = json.loads(line)["link"] if line.startswith("{") else line.split(" ", 2)[2]
    return cli, link


class Observer:
    """A raw `privchat.v1` client in a room, reading everything it is sent: what the server keeps and
    passes on. Frames not asked for yet wait in order for a later question, so no wait loses another's."""

    def __init__(self, client: ChatClient):
        self.client = client
        self.backlog: list[dict] = []

    @classmethod
    async def join(cls, gateway, name: str = "watcher", rooms: list[str] | None = None) -> "Observer":
        return cls(await ChatClient.join(gateway, name, rooms=rooms or ["secret"]))

    async def take(self, *types: str, count: int = 1, timeout: float = 15, where=lambda frame: True) -> list[dict]:
        """The next `count` frames of these types (for which `where` holds), oldest first."""
        deadline = time.monotonic() + timeout
        found = []
        while len(found) < count:
            match = next((frame for frame in self.backlog if frame["type"] in types and where(frame)), None)
            if match is not None:
                self.backlog.remove(match)
                found.append(match)
                continue
            self.backlog.append(await self.client.next(max(0.01, deadline - time.monotonic())))
        return found

    async def during(self, seconds: float) -> list[dict]:
        """Everything it receives within `seconds` (waiting all of them), and what waited before."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                self.backlog.append(await self.client.next(remaining))
            except (asyncio.TimeoutError, TimeoutError):
                break
        frames, self.backlog = self.backlog, []
        return frames

    async def joined(self, *names: str, timeout: float = 15) -> dict[str, str]:
        """Waits until each of `names` joined the room; returns their identity keys by name."""
        keys = {}
        for name in names:
            (frame,) = await self.take("presence", timeout=timeout, where=lambda frame: frame["event"] == "joined" and frame["name"] == name)
            keys[name] = frame.get("key")
        return keys

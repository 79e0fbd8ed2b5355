"""WebSocket clients of a gateway: the seed's plain protocol (`Client`) and `privchat.v1` (`ChatClient`),
and the status a handshake gets."""

from __future__ import annotations

import asyncio
import json
import time
from typing import TYPE_CHECKING

import websockets

if TYPE_CHECKING:
    from harness.processes import Gateway


class Connection:
    """What both kinds of client do with their connection that does not depend on the protocol."""

    def __init__(self, ws):
        self.ws = ws

    async def closed(self, timeout: float = 5) -> websockets.frames.Close | None:
        """Waits for the server to close the connection; returns the close frame it sent (None if it just dropped)."""
        try:
            while True:
                await asyncio.wait_for(self.ws.recv(), timeout)
        except websockets.ConnectionClosed as closed:
            return closed.rcvd

    async def close(self) -> None:
        await self.ws.close()


class Client(Connection):
    """A plain-mode WebSocket client, as the seed's clients are: first frame is the name."""

    def __init__(self, ws, name: str):
        super().__init__(ws)
        self.name = name

    @classmethod
    async def join(cls, gateway: Gateway, name: str) -> "Client":
        ws = await websockets.connect(gateway.url, max_size=None, ping_interval=None)
        await ws.send(name)
        return cls(ws, name)

    async def say(self, text: str | bytes) -> None:
        await self.ws.send(text)

    async def next(self, timeout: float = 5) -> str:
        return await asyncio.wait_for(self.ws.recv(), timeout)

    async def take(self, count: int, timeout: float = 10) -> list[str]:
        return [await self.next(timeout) for _ in range(count)]


async def join_all(gateway_and_names: list[tuple[Gateway, str]]) -> list[Client]:
    """Connects clients and waits until every gateway has registered all of its own."""
    clients = [await Client.join(gateway, name) for gateway, name in gateway_and_names]
    for gateway in {id(g): g for g, _ in gateway_and_names}.values():
        expected = sum(1 for g, _ in gateway_and_names if g is gateway)
        await asyncio.to_thread(gateway.wait_connections, expected)
    return clients


class ChatClient(Connection):
    """A `privchat.v1` client: JSON frames, as the CLI and the web GUI speak."""

    def __init__(self, ws, welcome: dict | None):
        super().__init__(ws)
        self.welcome = welcome
        self.counter = 0

    @classmethod
    async def open(cls, gateway: Gateway) -> "ChatClient":
        return await cls.open_url(gateway.url)

    @classmethod
    async def open_url(cls, url: str) -> "ChatClient":
        ws = await websockets.connect(url, subprotocols=["privchat.v1"], max_size=None, ping_interval=None)
        assert ws.subprotocol == "privchat.v1"
        return cls(ws, None)

    @classmethod
    async def join_url(cls, url: str, name: str, **hello) -> "ChatClient":
        """Connects, says hello, and waits for the welcome (fails on an error)."""
        client = await cls.open_url(url)
        await client.send({"type": "hello", "name": name, **hello})
        frame = await client.next()
        assert frame["type"] == "welcome", frame
        client.welcome = frame
        return client

    @classmethod
    async def join(cls, gateway: Gateway, name: str, **hello) -> "ChatClient":
        """`join_url` for a gateway."""
        return await cls.join_url(gateway.url, name, **hello)

    @property
    def name(self) -> str:
        return self.welcome["name"]

    def next_id(self) -> str:
        self.counter += 1
        return f"{self.welcome['name'] if self.welcome else 'anon'}-{self.counter}"

    async def send(self, frame: dict | str) -> None:
        await self.ws.send(frame if isinstance(frame, str) else json.dumps(frame))

    async def say(self, text: str, room: str = "lobby", id: str | None = None, action: bool = False, reply: dict | None = None) -> str:
        id = id or self.next_id()
        await self.send({"type": "action" if action else "say", "id": id, "room": room, "text": text} | ({"reply": reply} if reply else {}))
        return id

    async def about(self, kind: str, target: dict, text: str | None = None, room: str = "lobby", id: str | None = None) -> str:
        """Sends an `edit`, `delete` or `reaction` of `target` (`{"seq", "id"}`; docs/PROTOCOL.md, "Conversation events")."""
        id = id or self.next_id()
        frame = {"type": kind, "id": id, "room": room, "target": {"seq": target["seq"], "id": target["id"]}}
        await self.send(frame | ({"text": text} if text is not None else {}))
        return id

    async def next(self, timeout: float = 5) -> dict:
        return json.loads(await asyncio.wait_for(self.ws.recv(), timeout))

    async def next_of(self, *types: str, timeout: float = 5) -> dict:
        """The next frame of one of `types`, skipping presence events and acknowledgements (which
        interleave with everything) unless they are asked for; any other frame fails the test."""
        deadline = time.monotonic() + timeout
        while True:
            frame = await self.next(max(0.01, deadline - time.monotonic()))
            if frame["type"] in types:
                return frame
            assert frame["type"] in ("presence", "ack"), f"expected {types}, got {frame}"

    async def messages(self, count: int, timeout: float = 10) -> list[dict]:
        return [await self.next_of("message", "action", timeout=timeout) for _ in range(count)]


async def chat_all(gateway_and_names: list[tuple[Gateway, str]]) -> list[ChatClient]:
    """Joins v1 clients one after the other, each after the previous one's welcome."""
    return [await ChatClient.join(gateway, name) for gateway, name in gateway_and_names]


def upgrade_status(url: str, **options) -> int:
    """The HTTP status a WebSocket handshake gets (101 when it upgrades); `options` go to websockets.connect."""

    async def attempt():
        try:
            async with websockets.connect(url, open_timeout=5, **options):
                return 101
        except websockets.InvalidStatus as refused:
            return refused.response.status_code

    return asyncio.run(attempt())


def upgrade_status_as(host: str, port: int, query: str = "", **options) -> int:
    """`upgrade_status` for a request addressed to `host` (its Host header, as a tunnel delivers it),
    connecting to this machine's `port`."""
    return upgrade_status(f"ws://{host}:{port}/ws{query}", host="127.0.0.1", port=port, **options)

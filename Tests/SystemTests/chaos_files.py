"""Files in flight during the chaos run (chaos.py): a raw v1 client uploads and shares bodies the whole
time, through whichever gateway is up, resuming an upload where the relay has it after each kill. At
the end every shared body is fetched over HTTP and compared with what was sent: a transfer may fail
cleanly (an error that says so), never arrive changed."""

from __future__ import annotations

import asyncio
import hashlib
import os
import random
import threading
import time
from dataclasses import dataclass, field

import websockets

from harness.files import http_get, metadata, open_upload, send_chunks, share, expect_frame
from harness.websocket import ChatClient

ROOM = "files"
"""A room of its own: the judged clients' rooms stay theirs, while the bodies share their gateways and relay."""


@dataclass
class FileTally:
    shared: dict[str, str] = field(default_factory=dict)
    """File id → SHA-256 of the body sent."""
    resumed: int = 0
    failed: list[str] = field(default_factory=list)
    """Uploads refused or failed, with the error the client got: clean failures."""
    verified: int = 0
    expired: int = 0
    """Shared bodies the store no longer held at the end (a relay failover may lose the last chunks)."""
    corrupted: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"files shared {len(self.shared)} (resumed after a fault {self.resumed}), verified byte for byte {self.verified}, "
            f"expired {self.expired}, failed cleanly {len(self.failed)}, corrupted {len(self.corrupted)}"
        )


class FileTraffic(threading.Thread):
    """Uploads a body of 20 to 300 KiB, shares it, and the next, until `until`."""

    def __init__(self, urls: list[str], until: float, seed: int):
        super().__init__(daemon=True)
        self.urls, self.until, self.rng = urls, until, random.Random(seed)
        self.tally = FileTally()

    def run(self) -> None:
        asyncio.run(self._transfers())

    async def _connect(self, session: str | None) -> ChatClient:
        while True:
            url = self.rng.choice(self.urls)
            try:
                return await ChatClient.join_url(url, "filer", rooms=[ROOM], **({"session": session} if session else {}))
            except (OSError, websockets.WebSocketException, AssertionError, asyncio.TimeoutError):
                await asyncio.sleep(0.2)

    async def _transfers(self) -> None:
        client = await self._connect(None)
        session = client.welcome["session"]
        number = 0
        while time.monotonic() < self.until:
            number += 1
            body = os.urandom(self.rng.randrange(20_000, 300_000))
            file = None
            while time.monotonic() < self.until + 15:
                try:
                    ready = await open_upload(client, len(body), ROOM, file=file)
                    if ready["type"] == "error":
                        if ready["code"] not in ("unavailable", "busy"):
                            self.tally.failed.append(f"file {number}: {ready['code']} ({ready['message']})")
                            break
                        await asyncio.sleep(0.3)
                        continue
                    if file is not None:
                        self.tally.resumed += 1
                    file = ready["file"]
                    await send_chunks(client, file, body, offset=ready["offset"])
                    await share(client, file, metadata(f"chaos-{number}.bin"), ROOM, id=f"filer-file-{number}")
                    ack = await expect_frame(client, "ack", timeout=10)
                    if ack["type"] == "error" and ack["code"] in ("unavailable", "busy"):
                        await asyncio.sleep(0.3)
                        continue
                    if ack["type"] == "error":
                        self.tally.failed.append(f"file {number}: {ack['code']} ({ack['message']})")
                    else:
                        self.tally.shared[file] = hashlib.sha256(body).hexdigest()
                    break
                except (OSError, websockets.WebSocketException, asyncio.TimeoutError, AssertionError, KeyError):
                    # The gateway died (or answered mid-fault): come back through any, and go on.
                    client = await self._connect(session)

    def verify(self, ports: list[int]) -> FileTally:
        """Fetches every shared body over HTTP from a live gateway and compares it with what was sent."""
        for file, digest in self.tally.shared.items():
            for port in ports:
                try:
                    status, _, body = http_get(port, f"/files/{file}")
                except OSError:
                    continue
                if status == 200:
                    if hashlib.sha256(body).hexdigest() == digest:
                        self.tally.verified += 1
                    else:
                        self.tally.corrupted.append(f"{file}: {len(body)} bytes that are not what was sent")
                elif status == 404:
                    self.tally.expired += 1
                else:
                    continue
                break
        return self.tally

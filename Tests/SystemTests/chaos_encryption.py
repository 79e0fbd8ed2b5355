"""The chaos run's encrypted room: its members come in by an invite link with a random room key
(docs/PROTOCOL.md, "Invite links"), a few of them ask for a new key (`/rekey`) while gateways die, and
the judge checks that every message there arrived sealed and opened for every member, and that the
room rotated exactly as often as asked: a killed gateway drops connections, which is not a leave, so
it must not start a rotation, let alone a storm of them."""

from __future__ import annotations

import base64
import os
import random
import threading
import time
from typing import Callable
from urllib.parse import urlsplit

ROOM = "room0"


def room_key() -> str:
    """A fresh 256-bit room key, as an invite link carries it."""
    return base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()


def invite_link(websocket_url: str, key: str) -> str:
    """The invite link for ROOM on the gateway at `websocket_url` (no access key: the chaos gateways have none)."""
    address = urlsplit(websocket_url)
    return f"http://{address.netloc}/#room={ROOM}&roomkey={key}"


class Rekeys(threading.Thread):
    """Between `start` and `until`, `count` times, a member that speaks in ROOM types `/rekey`; the times
    and members are drawn from `rng`, so a seed repeats them. Each falls in the middle of its own
    share of the time, so no two race (a race is decided by the room's order: RotationTests)."""

    def __init__(self, members: list, rng: random.Random, start: float, until: float, count: int, say: Callable[[str], None]):
        super().__init__(daemon=True)
        slot = (until - start) / max(count, 1)
        self.plan = [(start + slot * (index + rng.uniform(0.25, 0.75)), rng.choice(members)) for index in range(count)] if members else []
        self.began, self.say = start, say
        self.requested = 0

    def run(self) -> None:
        for at, member in self.plan:
            time.sleep(max(0.0, at - time.monotonic()))
            if member.command("/rekey"):
                self.requested += 1
                self.say(f"{time.monotonic() - self.began:5.1f}s {member.name} asked for a new key for {ROOM}")

"""Identity keys (`id1`) as docs/PROTOCOL.md defines them, built here with Python's `cryptography` and
the standard library, not with the product's code: keys, the hello and message inputs, signatures,
fingerprints and safety numbers, and a `privchat.v1` client that proves a key and signs what it says."""

from __future__ import annotations

import base64
import hashlib
import struct
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from harness.websocket import ChatClient

CARRIED_PREFIX = "privchat-id1-secret:"
"""What `chat --export-identity` prints before the seed."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def field(data: bytes) -> bytes:
    """The length of `data` as 4 bytes, big-endian, then `data`."""
    return struct.pack(">I", len(data)) + data


def hello_input(nonce: bytes, name: str) -> bytes:
    return b"privchat/id1/hello" + field(nonce) + field(name.encode())


def message_input(kind: str, scope: str, id: str, text: str, refs: list[str] = ()) -> bytes:
    """What a message's `sig` signs; `refs` are the ids it refers to (a reply's original, an edit's target)."""
    data = b"privchat/id1/sign" + field(kind.encode()) + field(scope.encode()) + field(id.encode()) + field(text.encode())
    return data + b"".join(field(ref.encode()) for ref in refs)


def fingerprint(key: str) -> str:
    """A key's fingerprint: `3f2a 91c0 7d1e 0b44`."""
    digest = hashlib.sha256(b"privchat/id1/fingerprint" + unb64url(key)).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def safety_number(one: str, other: str) -> str:
    """The safety number of two keys: 12 groups of 5 digits, the same whichever comes first."""
    low, high = sorted([unb64url(one), unb64url(other)])
    digest = hashlib.sha512(b"privchat/id1/safety" + low + high).digest()
    return " ".join(f"{int.from_bytes(digest[i : i + 5], 'big') % 100_000:05d}" for i in range(0, 60, 5))


def verifies(key: str, sig: str, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(unb64url(key)).verify(unb64url(sig), data)
        return True
    except (InvalidSignature, ValueError):
        return False


class Identity:
    """An Ed25519 key pair: a fresh one, or the one a `chat` configuration directory holds."""

    def __init__(self, private: Ed25519PrivateKey | None = None):
        self.private = private or Ed25519PrivateKey.generate()
        self.key = b64url(self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
        """The public key as the wire spells it (43 characters)."""

    @classmethod
    def carried(cls, line: str) -> "Identity":
        """The identity in a `privchat-id1-secret:…` line."""
        assert line.startswith(CARRIED_PREFIX), line
        return cls(Ed25519PrivateKey.from_private_bytes(unb64url(line.strip().removeprefix(CARRIED_PREFIX))))

    @classmethod
    def of_file(cls, path: Path) -> "Identity":
        return cls.carried(path.read_text())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)

    def sign(self, data: bytes) -> str:
        return b64url(self.private.sign(data))


class SigningClient(ChatClient):
    """A `privchat.v1` client with an identity key: it proves the key at hello and signs every message."""

    identity: Identity

    @classmethod
    async def prove(cls, url: str, name: str, identity: Identity | None = None, **hello) -> "SigningClient":
        """Connects, says hello with the key, answers the challenge, and waits for the welcome."""
        client = await cls.open_url(url)
        client.identity = identity or Identity()
        await client.send({"type": "hello", "name": name, "key": client.identity.key, **hello})
        challenge = await client.next()
        assert challenge["type"] == "challenge", challenge
        await client.send({"type": "prove", "signature": client.identity.sign(hello_input(unb64url(challenge["nonce"]), name))})
        welcome = await client.next()
        assert welcome["type"] == "welcome", welcome
        client.welcome = welcome
        return client

    def signed(self, kind: str, scope: str, id: str, text: str, refs: list[str] = ()) -> str:
        return self.identity.sign(message_input(kind, scope, id, text, refs))

    async def say(self, text: str, room: str = "lobby", id: str | None = None, action: bool = False, reply: dict | None = None) -> str:
        id = id or self.next_id()
        kind = "action" if action else "message"
        refs = [reply["id"]] if reply else []
        frame = {"type": "action" if action else "say", "id": id, "room": room, "text": text, "sig": self.signed(kind, room, id, text, refs)}
        await self.send(frame | ({"reply": reply} if reply else {}))
        return id

    async def about(self, kind: str, target: dict, text: str | None = None, room: str = "lobby", id: str | None = None) -> str:
        """Sends an `edit`, `delete` or `reaction` of `target` (`{"seq", "id"}`), signed with the target's id."""
        id = id or self.next_id()
        frame = {"type": kind, "id": id, "room": room, "target": {"seq": target["seq"], "id": target["id"]}}
        frame |= {"text": text} if text is not None else {}
        await self.send(frame | {"sig": self.signed(kind, room, id, text or "", [target["id"]])})
        return id

    async def dm(self, to: str, text: str, id: str | None = None) -> str:
        id = id or self.next_id()
        await self.send({"type": "dm", "id": id, "to": to, "text": text, "sig": self.signed("dm", to.lower(), id, text)})
        return id

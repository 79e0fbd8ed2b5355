"""End-to-end encryption (`e2e2`) as docs/PROTOCOL.md defines it, built here with Python's
`cryptography` and not with the product's code: invite links, key ids and fingerprints, sealed room
texts (for a raw client that has a room's key), and what a key share says about whom it was sealed to."""

from __future__ import annotations

import hashlib
import os
import urllib.parse

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from harness.identity import SigningClient, b64url, field, unb64url


def invite_parts(link: str) -> dict[str, str]:
    """The fragment of an invite link, `#key=…&room=…&roomkey=…`, as a dict."""
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).fragment))


def key_id(key: bytes, salt: bytes = b"") -> bytes:
    return hashlib.sha256(b"privchat/e2e2/key-id" + field(salt) + field(key)).digest()[:8]


def fingerprint(key: bytes, salt: bytes = b"") -> str:
    """A room key's fingerprint, `95c5 9d43 39d0 b772`, as members compare it."""
    digits = key_id(key, salt).hex()
    return " ".join(digits[i : i + 4] for i in range(0, 16, 4))


def room_aad(room: str, sender: bytes, kind: str, id: str, identifier: bytes, salt: bytes) -> bytes:
    return b"privchat/e2e2/room" + field(room.encode()) + field(sender) + field(kind.encode()) + field(id.encode()) + field(identifier) + field(salt)


def seal_room(key: bytes, room: str, sender_key: str, kind: str, id: str, text: str) -> str:
    """`text` sealed with a random room key, as the sender with identity key `sender_key` says it."""
    identifier = key_id(key)
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, text.encode(), room_aad(room, unb64url(sender_key), kind, id, identifier, b""))
    return "e2e2:" + b64url(identifier + b"\x00" + nonce + sealed)


def sealed_key_id(wire: str) -> str:
    """The key id (hex) an `e2e2:` text names."""
    return unb64url(wire.removeprefix("e2e2:"))[:8].hex()


def share_recipients(wire: str) -> tuple[str, str, list[bytes]]:
    """An `e2k2:` share's key id and previous key id (hex) and its recipients (the first 8 bytes of
    each identity key)."""
    body = unb64url(wire.removeprefix("e2k2:"))
    records = body[48:]
    assert len(records) % 68 == 0, wire
    return body[:8].hex(), body[8:16].hex(), [records[i : i + 8] for i in range(0, len(records), 68)]


def prefix(identity_key: str) -> bytes:
    """How a share names a recipient: the first 8 bytes of its identity key."""
    return unb64url(identity_key)[:8]


class SealingClient(SigningClient):
    """A `privchat.v1` client with an identity key that holds a room key: it signs and seals what it
    says as any member does, or sends what it is given as it is (a replay)."""

    async def say_sealed(self, key: bytes, text: str, room: str, action: bool = False) -> str:
        id = self.next_id()
        sealed = seal_room(key, room, self.identity.key, "action" if action else "message", id, text)
        return await self.say(sealed, room=room, id=id, action=action)

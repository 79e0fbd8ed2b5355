"""End-to-end encryption (`e2e2`) for the system tests, on the reference implementation that wrote the
shared vectors (Tests/Fixtures/protocol/e2e2/generate.py, Python's `cryptography`), not the product's
code: invite links, key ids and fingerprints, sealed texts to open what the product sealed or to seal
as an attacker would, what a key share says about whom it was sealed to, and people with keys."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import urllib.parse
from pathlib import Path

from harness.identity import SigningClient

_GENERATOR = Path(__file__).resolve().parents[2] / "Fixtures" / "protocol" / "e2e2" / "generate.py"
_spec = importlib.util.spec_from_file_location("e2e2_reference", _GENERATOR)
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)

Person = reference.Person
b64url = reference.b64url
unb64url = reference.unb64url
key_id = reference.key_id

SHARE_HEADER_BYTES = 8 + 8 + 16 + 32
"""Key id, previous key id, possession proof, ephemeral key (docs/PROTOCOL.md, "Key shares")."""
SHARE_RECORD_BYTES = 8 + 12 + 48


def invite_parts(link: str) -> dict[str, str]:
    """The fragment of an invite link, `#key=…&room=…&roomkey=…`, as a dict."""
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).fragment))


def fingerprint(key: bytes, salt: bytes = b"") -> str:
    """A room key's fingerprint, `95c5 9d43 39d0 b772`, as members compare it."""
    return reference.fingerprint(key_id(key, salt))


def seal_room(key: bytes, room: str, sender_key: str, kind: str, id: str, text: str) -> str:
    """`text` sealed with a random room key, as the sender with identity key `sender_key` says it."""
    return reference.seal_room(key, b"", os.urandom(12), room, unb64url(sender_key), kind, id, text)


def open_room(wire: str, key: bytes, room: str, sender_key: bytes, kind: str, id: str) -> str:
    """The plaintext of an `e2e2:` room text sealed with `key` (its salt is in the text) by `sender_key`
    for a frame of `kind` and `id` in `room`; raises if it does not open."""
    assert wire.startswith("e2e2:"), f"not a sealed room text: {wire[:40]!r}"
    body = unb64url(wire[5:])
    identifier, salt_length = body[:8], body[8]
    salt, rest = body[9 : 9 + salt_length], body[9 + salt_length :]
    assert identifier == key_id(key, salt), "sealed with another key"
    aad = reference.room_aad(room, sender_key, kind, id, identifier, salt)
    return reference.AESGCM(key).decrypt(rest[:12], rest[12:], aad).decode()


def salt_of(wire: str) -> bytes:
    """The salt an `e2e2:` text carries (empty for a random-key room's)."""
    body = unb64url(wire[5:])
    return body[9 : 9 + body[8]]


def sealed_key_id(wire: str) -> str:
    """The key id (hex) an `e2e2:` text names."""
    return unb64url(wire.removeprefix("e2e2:"))[:8].hex()


def share_recipients(wire: str) -> tuple[str, str, list[bytes]]:
    """An `e2k2:` share's key id and previous key id (hex) and its recipients (the first 8 bytes of
    each identity key)."""
    body = unb64url(wire.removeprefix("e2k2:"))
    records = body[SHARE_HEADER_BYTES:]
    assert len(records) % SHARE_RECORD_BYTES == 0, wire
    return body[:8].hex(), body[8:16].hex(), [records[i : i + 8] for i in range(0, len(records), SHARE_RECORD_BYTES)]


def share_proves(wire: str, proven: bytes, room: str, sender_key: str, id: str) -> bool:
    """Whether an `e2k2:` share's possession proof (after its two key ids) shows that the sender, with
    identity key `sender_key`, holds `proven`, for the share with frame id `id` in `room`."""
    proof = unb64url(wire.removeprefix("e2k2:"))[16:32]
    return proof == reference.possession_proof(proven, room, unb64url(sender_key), id)


def prefix(identity_key: str) -> bytes:
    """How a share names a recipient: the first 8 bytes of its identity key."""
    return unb64url(identity_key)[:8]


def person(label: str) -> Person:
    """A person with identity and sealing keys of their own, made from `label`."""
    return Person(hashlib.sha256(f"system test person {label}".encode()).digest())


def open_direct(wire: str, recipient: Person, sender_key: bytes, id: str) -> str:
    """The plaintext of an `e2d2:` direct message to `recipient`; raises if it does not open."""
    assert wire.startswith("e2d2:"), f"not a sealed direct message: {wire[:40]!r}"
    return reference.open_direct(recipient, sender_key, id, wire)


class SealingClient(SigningClient):
    """A `privchat.v1` client with an identity key that holds a room key: it signs and seals what it
    says as any member does, or sends what it is given as it is (a replay)."""

    async def say_sealed(self, key: bytes, text: str, room: str, action: bool = False) -> str:
        id = self.next_id()
        sealed = seal_room(key, room, self.identity.key, "action" if action else "message", id, text)
        return await self.say(sealed, room=room, id=id, action=action)

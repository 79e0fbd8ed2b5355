"""End-to-end encryption (`e2e2`) for the system tests: the reference implementation that wrote the
shared vectors (Tests/Fixtures/protocol/e2e2/generate.py, on Python's `cryptography`), not the product's
code. A test holds a person's keys here to open what the product sealed, or to seal as an attacker."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

_GENERATOR = Path(__file__).resolve().parents[2] / "Fixtures" / "protocol" / "e2e2" / "generate.py"
_spec = importlib.util.spec_from_file_location("e2e2_reference", _GENERATOR)
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)

Person = reference.Person
b64url = reference.b64url
unb64url = reference.unb64url


def person(label: str) -> Person:
    """A person with identity and sealing keys of their own, made from `label`."""
    return Person(hashlib.sha256(f"system test person {label}".encode()).digest())


def open_direct(wire: str, recipient: Person, sender_key: bytes, id: str) -> str:
    """The plaintext of an `e2d2:` direct message to `recipient`; raises if it does not open."""
    assert wire.startswith("e2d2:"), f"not a sealed direct message: {wire[:40]!r}"
    return reference.open_direct(recipient, sender_key, id, wire)


def open_room(wire: str, key: bytes, room: str, sender_key: bytes, kind: str, id: str) -> str:
    """The plaintext of an `e2e2:` room text sealed with `key` (its salt is in the text) by `sender_key`
    for a frame of `kind` and `id` in `room`; raises if it does not open."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    assert wire.startswith("e2e2:"), f"not a sealed room text: {wire[:40]!r}"
    body = unb64url(wire[5:])
    identifier, salt_length = body[:8], body[8]
    salt, rest = body[9 : 9 + salt_length], body[9 + salt_length :]
    assert identifier == reference.key_id(key, salt), "sealed with another key"
    aad = reference.room_aad(room, sender_key, kind, id, identifier, salt)
    return AESGCM(key).decrypt(rest[:12], rest[12:], aad).decode()


def salt_of(wire: str) -> bytes:
    """The salt an `e2e2:` text carries (empty for a random-key room's)."""
    body = unb64url(wire[5:])
    return body[9 : 9 + body[8]]

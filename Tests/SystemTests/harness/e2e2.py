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

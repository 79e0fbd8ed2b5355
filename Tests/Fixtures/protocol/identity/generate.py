#!/usr/bin/env python3
"""Writes vectors.json: the identity test vectors (docs/PROTOCOL.md, "Identity (id1)").

A third implementation, on PyCA's `cryptography`, so that the Swift (swift-crypto) and JavaScript
(WebCrypto) sides are both checked against something neither of them wrote. Ed25519 is deterministic,
so the vectors are stable. They are committed; run this only to change them:
    python3 Tests/Fixtures/protocol/identity/generate.py
"""
import base64
import hashlib
import json
import pathlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def field(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def hello_input(nonce: bytes, name: str) -> bytes:
    return b"privchat/id1/hello" + field(nonce) + field(name.encode())


def message_input(kind: str, scope: str, id: str, text: str, refs: list[str] = ()) -> bytes:
    """The message input; `refs` are the ids of the messages it refers to (a reply's, an edit's target)."""
    data = b"privchat/id1/sign" + field(kind.encode()) + field(scope.encode()) + field(id.encode()) + field(text.encode())
    return data + b"".join(field(ref.encode()) for ref in refs)


def public(seed: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def sign(seed: bytes, data: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(seed).sign(data)


def fingerprint(key: bytes) -> str:
    digest = hashlib.sha256(b"privchat/id1/fingerprint" + key).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def safety_number(a: bytes, b: bytes) -> str:
    low, high = sorted([a, b])
    digest = hashlib.sha512(b"privchat/id1/safety" + low + high).digest()
    return " ".join(f"{int.from_bytes(digest[i : i + 5], 'big') % 100000:05d}" for i in range(0, 60, 5))


def flip_first_bit(data: bytes) -> bytes:
    return bytes([data[0] ^ 1]) + data[1:]


def main() -> None:
    seeds = [hashlib.sha256(f"privchat identity vector {n}".encode()).digest() for n in range(3)]
    identities = [{"seed": b64url(s), "key": b64url(public(s)), "fingerprint": fingerprint(public(s))} for s in seeds]

    hellos = []
    for seed, nonce, name in [
        (seeds[0], bytes(range(32)), "alice"),
        (seeds[1], hashlib.sha256(b"nonce").digest(), "Zoë 🦊"),
    ]:
        data = hello_input(nonce, name)
        hellos.append({"seed": b64url(seed), "nonce": b64url(nonce), "name": name, "input": data.hex(), "signature": b64url(sign(seed, data))})

    messages = []
    for seed, kind, scope, id, text in [
        (seeds[0], "message", "lobby", "m1", "hello, world"),
        (seeds[0], "action", "lobby", "m2", "waves"),
        (seeds[1], "message", "secret-room", "", "e2e1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        (seeds[1], "dm", "alice", "d7", "line one\nline two ✓"),
    ]:
        data = message_input(kind, scope, id, text)
        messages.append(
            {"seed": b64url(seed), "key": b64url(public(seed)), "kind": kind, "scope": scope, "id": id, "text": text,
             "input": data.hex(), "sig": b64url(sign(seed, data))}
        )

    # Conversation events: each signs the ids it refers to after its own fields (docs/PROTOCOL.md, "Conversation events").
    for seed, kind, scope, id, text, refs in [
        (seeds[0], "message", "lobby", "m3", "agreed", ["m1"]),
        (seeds[0], "edit", "lobby", "m4", "hello, world!", ["m1"]),
        (seeds[0], "delete", "lobby", "m5", "", ["m2"]),
        (seeds[1], "reaction", "lobby", "r1", "+👍", ["m1"]),
        (seeds[1], "reaction", "lobby", "r2", "-👍", ["m1"]),
        # A shared file signs its metadata and the file id (docs/PROTOCOL.md, "Files").
        (seeds[0], "file", "lobby", "f1", '{"name":"cat.png","type":"image/png"}', ["0f1e2d3c4b5a69788796a5b4c3d2e1f0"]),
    ]:
        data = message_input(kind, scope, id, text, refs)
        messages.append(
            {"seed": b64url(seed), "key": b64url(public(seed)), "kind": kind, "scope": scope, "id": id, "text": text,
             "refs": refs, "input": data.hex(), "sig": b64url(sign(seed, data))}
        )

    # Each must fail to verify: the signature of messages[0] with one thing changed.
    good = messages[0]
    invalid = [
        dict(good, text="hello, world!", why="text changed"),
        dict(good, scope="random", why="another room"),
        dict(good, kind="action", why="another kind"),
        dict(good, id="m9", why="another id"),
        dict(good, key=b64url(public(seeds[2])), why="another key"),
        dict(good, sig=b64url(flip_first_bit(base64.urlsafe_b64decode(good["sig"] + "=="))), why="one bit of the signature"),
        dict(good, refs=["m0"], why="a reply it is not"),
        dict(messages[4], refs=["m9"], why="a reply to another message"),
        dict(messages[4], refs=[], why="a reply without what it answers"),
        dict(messages[5], kind="reaction", why="an edit as a reaction"),
    ]
    for vector in invalid:
        vector.pop("input", None)
        vector.pop("seed", None)

    safety = [
        {"a": identities[0]["key"], "b": identities[1]["key"], "number": safety_number(public(seeds[0]), public(seeds[1]))},
        {"a": identities[2]["key"], "b": identities[0]["key"], "number": safety_number(public(seeds[2]), public(seeds[0]))},
    ]

    out = {"identities": identities, "hello": hellos, "messages": messages, "invalid": invalid, "safety": safety}
    path = pathlib.Path(__file__).with_name("vectors.json")
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()

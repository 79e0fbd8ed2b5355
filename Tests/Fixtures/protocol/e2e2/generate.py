#!/usr/bin/env python3
"""Writes vectors.json: the end-to-end encryption test vectors (docs/PROTOCOL.md, "End-to-end encryption (e2e2)").

A third implementation, on PyCA's `cryptography`, so that the Swift (swift-crypto) and JavaScript
(WebCrypto) sides are both checked against something neither of them wrote. Random values (keys,
salts, nonces, ephemeral keys) are fixed here so that the vectors are stable. They are committed; run
this only to change them:  python3 Tests/Fixtures/protocol/e2e2/generate.py
"""
import base64
import hashlib
import hmac
import json
import math
import pathlib
import unicodedata

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ITERATIONS = 600_000
NO_KEY = bytes(8)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def field(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def raw(public_key) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def fixed(label: str, count: int) -> bytes:
    """Stands in for random bytes: the same on every run."""
    return hashlib.sha256(label.encode()).digest()[:count]


class Person:
    """Identity and sealing keys from a 32-byte seed, as the CLI derives them."""

    def __init__(self, seed: bytes):
        self.seed = seed
        self.signer = Ed25519PrivateKey.from_private_bytes(self.seed)
        self.key = raw(self.signer.public_key())
        self.box_private = X25519PrivateKey.from_private_bytes(hkdf(self.seed, b"", b"privchat/e2e2/box-key"))
        self.box_public = raw(self.box_private.public_key())
        self.box = self.box_public + self.signer.sign(b"privchat/e2e2/box" + field(self.box_public))

    def json(self) -> dict:
        return {"seed": b64url(self.seed), "key": b64url(self.key), "box_public": b64url(self.box_public), "box": b64url(self.box)}


def key_id(key: bytes, salt: bytes = b"") -> bytes:
    return hashlib.sha256(b"privchat/e2e2/key-id" + field(salt) + field(key)).digest()[:8]


def fingerprint(identifier: bytes) -> str:
    digits = identifier.hex()
    return " ".join(digits[i : i + 4] for i in range(0, 16, 4))


def passphrase_key(passphrase: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", unicodedata.normalize("NFC", passphrase).encode(), salt, iterations, 32)


def room_aad(room: str, sender: bytes, kind: str, id: str, identifier: bytes, salt: bytes) -> bytes:
    return b"privchat/e2e2/room" + field(room.encode()) + field(sender) + field(kind.encode()) + field(id.encode()) + field(identifier) + field(salt)


def seal_room(key: bytes, salt: bytes, nonce: bytes, room: str, sender: bytes, kind: str, id: str, text: str) -> str:
    identifier = key_id(key, salt)
    sealed = AESGCM(key).encrypt(nonce, text.encode(), room_aad(room, sender, kind, id, identifier, salt))
    return "e2e2:" + b64url(identifier + bytes([len(salt)]) + salt + nonce + sealed)


def seal_file_body(key: bytes, salt: bytes, nonce: bytes, room: str, sender: bytes, file_id: str, body: bytes) -> bytes:
    """A file body, sealed before upload (docs/PROTOCOL.md, "Files"): a sealed text's bytes, kind `file_body`, id the file id."""
    identifier = key_id(key, salt)
    sealed = AESGCM(key).encrypt(nonce, body, room_aad(room, sender, "file_body", file_id, identifier, salt))
    return identifier + bytes([len(salt)]) + salt + nonce + sealed


def wrap_key(ephemeral_public: bytes, shared: bytes, recipient_box: bytes, room: str, sender: bytes, recipient: bytes, identifier: bytes) -> bytes:
    info = b"privchat/e2e2/share" + field(room.encode()) + field(sender) + field(recipient) + field(identifier)
    return hkdf(shared, ephemeral_public + recipient_box, info)


def possession_proof(proven: bytes, room: str, sender: bytes, id: str) -> bytes:
    """Shows every holder of `proven` (the previous key, or the shared key when there is none) that the
    sender holds it too: a member without the key cannot rotate it or pass for one of its holders."""
    message = b"privchat/e2e2/proof" + field(room.encode()) + field(sender) + field(id.encode())
    return hmac.new(proven, message, hashlib.sha256).digest()[:16]


def share(room: str, key: bytes, previous_key: bytes | None, sender: Person, recipients: list, ephemeral_seed: str, id: str) -> str:
    ephemeral = X25519PrivateKey.from_private_bytes(fixed(ephemeral_seed, 32))
    ephemeral_public = raw(ephemeral.public_key())
    identifier = key_id(key)
    previous = key_id(previous_key) if previous_key else NO_KEY
    proof = possession_proof(previous_key or key, room, sender.key, id)
    body = identifier + previous + proof + ephemeral_public
    for number, person in enumerate(recipients):
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(person.box_public))
        wrapping = wrap_key(ephemeral_public, shared, person.box_public, room, sender.key, person.key, identifier)
        nonce = fixed(f"{ephemeral_seed} nonce {number}", 12)
        body += person.key[:8] + nonce + AESGCM(wrapping).encrypt(nonce, key, None)
    return "e2k2:" + b64url(body)


def pair_key(me: Person, other_key: bytes, other_box_public: bytes) -> bytes:
    shared = me.box_private.exchange(X25519PublicKey.from_public_bytes(other_box_public))
    low, high = sorted([me.key, other_key])
    return hkdf(shared, b"", b"privchat/e2e2/dm" + field(low) + field(high))


def direct_aad(sender_key: bytes, recipient_key: bytes, id: str) -> bytes:
    return b"privchat/e2e2/dm" + field(sender_key) + field(recipient_key) + field(id.encode())


def seal_direct(sender: Person, recipient: Person, id: str, nonce: bytes, text: str) -> str:
    sealed = AESGCM(pair_key(sender, recipient.key, recipient.box_public)).encrypt(nonce, text.encode(), direct_aad(sender.key, recipient.key, id))
    return "e2d2:" + b64url(sender.box + nonce + sealed)


def open_direct(recipient: Person, sender_key: bytes, id: str, wire: str) -> str:
    """The plaintext of an `e2d2:` text to `recipient` (the box's signature is not checked here)."""
    body = unb64url(wire[len("e2d2:") :])
    box, nonce, sealed = body[:96], body[96:108], body[108:]
    return AESGCM(pair_key(recipient, sender_key, box[:32])).decrypt(nonce, sealed, direct_aad(sender_key, recipient.key, id)).decode()


def is_weak(passphrase: str) -> bool:
    scalars = unicodedata.normalize("NFC", passphrase)
    pool = 0
    if any("a" <= c <= "z" for c in scalars):
        pool += 26
    if any("A" <= c <= "Z" for c in scalars):
        pool += 26
    if any("0" <= c <= "9" for c in scalars):
        pool += 10
    if any(not (c.isascii() and c.isalnum()) for c in scalars):
        pool += 33
    bits = len(scalars) * math.log2(pool) if pool else 0
    return len(scalars) < 12 or len(set(scalars)) < 6 or bits < 64


def flip(wire: str, prefix: str, at: int) -> str:
    body = bytearray(unb64url(wire[len(prefix) :]))
    body[at] ^= 1
    return prefix + b64url(bytes(body))


def main() -> None:
    people = [Person(hashlib.sha256(f"privchat identity vector {n}".encode()).digest()) for n in range(3)]
    alice, bob, carol = people

    random_keys = [fixed(f"room key {n}", 32) for n in range(2)]
    keys = [{"key": b64url(k), "salt": "", "key_id": key_id(k).hex(), "fingerprint": fingerprint(key_id(k))} for k in random_keys]
    for passphrase, salt_label, iterations in [
        ("correct horse battery staple", "salt 0", ITERATIONS),
        ("caf\u00e9 \u2615 \u00fcber dreimal", "salt 1", 1000),
        # The same passphrase typed decomposed (NFD): passphrases are NFC-normalized first.
        ("cafe\u0301 \u2615 u\u0308ber dreimal", "salt 1", 1000),
        ("correct horse battery staple", "salt 2", 1000),
    ]:
        salt = fixed(salt_label, 16)
        key = passphrase_key(passphrase, salt, iterations)
        keys.append(
            {
                "passphrase": passphrase,
                "iterations": iterations,
                "salt": b64url(salt),
                "key": b64url(key),
                "key_id": key_id(key, salt).hex(),
                "fingerprint": fingerprint(key_id(key, salt)),
            }
        )

    messages = []
    cases = [
        (keys[0], "lobby", alice, "message", "m1", "meet at noon"),
        (keys[0], "lobby", bob, "action", "a-7", "waves"),
        (keys[1], "dev", carol, "message", "", 'Hello, "world" ✓\nsecond line'),
        (keys[3], "secret-room", alice, "message", "m2", "emoji 🎉 and ünïcödé, " + "long " * 40),
    ]
    for number, (entry, room, sender, kind, id, text) in enumerate(cases):
        key, salt = unb64url(entry["key"]), unb64url(entry["salt"])
        nonce = fixed(f"message nonce {number}", 12)
        messages.append(
            {
                "key": entry["key"],
                "salt": entry["salt"],
                "room": room,
                "sender_key": b64url(sender.key),
                "kind": kind,
                "id": id,
                "plaintext": text,
                "nonce": b64url(nonce),
                "wire": seal_room(key, salt, nonce, room, sender.key, kind, id, text),
            }
        )

    good = messages[0]
    other_key = messages[2]["key"]
    rejections = [
        dict(good, why="another room (the associated data binds the room)", room="lobby2"),
        dict(good, why="another sender (replayed by another member)", sender_key=b64url(bob.key)),
        dict(good, why="another kind (a message re-typed as an action)", kind="action"),
        dict(good, why="another id", id="m1-again"),
        dict(good, why="one bit of the ciphertext flipped", wire=flip(good["wire"], "e2e2:", 30)),
        dict(good, why="another key with a forged key id", key=other_key),
        dict(good, why="truncated tag", wire="e2e2:" + b64url(unb64url(good["wire"][5:])[:-1])),
        dict(good, why="shorter than its header, nonce and tag", wire="e2e2:" + b64url(unb64url(good["wire"][5:])[:30])),
        dict(good, why="a salt length that is neither 0 nor 16", wire="e2e2:" + b64url(unb64url(good["wire"][5:])[:8] + b"\x05" + unb64url(good["wire"][5:])[9:])),
        dict(good, why="not base64url", wire="e2e2:not*base64!"),
        dict(good, why="empty body", wire="e2e2:"),
    ]
    for entry in rejections:
        entry.pop("plaintext")
        entry.pop("nonce")

    first_key, second_key = random_keys
    shares = [
        {
            "why": "a new room's first key, from alice to herself and bob",
            "room": "dev",
            "sender": 0,
            "key": b64url(first_key),
            "key_id": key_id(first_key).hex(),
            "previous": "0000000000000000",
            "recipients": [0, 1],
            "id": "k1",
            "proof": possession_proof(first_key, "dev", alice.key, "k1").hex(),
            "wire": share("dev", first_key, None, alice, [alice, bob], "ephemeral 0", "k1"),
        },
        {
            "why": "a rotation after carol left: alice and bob only",
            "room": "dev",
            "sender": 1,
            "key": b64url(second_key),
            "key_id": key_id(second_key).hex(),
            "previous": key_id(first_key).hex(),
            "recipients": [1, 0],
            "id": "b-7",
            "proof": possession_proof(first_key, "dev", bob.key, "b-7").hex(),
            "wire": share("dev", second_key, first_key, bob, [bob, alice], "ephemeral 1", "b-7"),
        },
    ]
    share_rejections = [
        dict(shares[0], why="carol is not a recipient", reader=2),
        dict(shares[0], why="moved to another room (the wrap key binds the room)", reader=1, room="lobby"),
        dict(shares[0], why="claimed by another sender (the wrap key binds the sender)", reader=1, sender=2),
        dict(shares[0], why="one bit of bob's sealed key flipped", reader=1, wire=flip(shares[0]["wire"], "e2k2:", 64 + 68 + 8 + 12 + 3)),
        dict(shares[0], why="one bit of the possession proof flipped", reader=1, wire=flip(shares[0]["wire"], "e2k2:", 20)),
        dict(shares[0], why="another share id (the proof binds the id)", reader=1, id="k2"),
        dict(shares[1], why="a rotation whose proof is not of the previous key", reader=0, wire=flip(shares[1]["wire"], "e2k2:", 16)),
        dict(shares[0], why="the key id does not match the key", reader=1, wire="e2k2:" + b64url(key_id(second_key) + unb64url(shares[0]["wire"][5:])[8:])),
        dict(shares[0], why="a record cut short", reader=1, wire="e2k2:" + b64url(unb64url(shares[0]["wire"][5:])[:-1])),
    ]

    directs = []
    for number, (sender, recipient, id, text) in enumerate([(alice, bob, "d1", "just between us"), (bob, alice, "", "ok ✓")]):
        nonce = fixed(f"direct nonce {number}", 12)
        directs.append(
            {
                "sender": people.index(sender),
                "recipient": people.index(recipient),
                "id": id,
                "plaintext": text,
                "pair_key": b64url(pair_key(sender, recipient.key, recipient.box_public)),
                "nonce": b64url(nonce),
                "wire": seal_direct(sender, recipient, id, nonce, text),
            }
        )
    good_direct = directs[0]
    direct_rejections = [
        dict(good_direct, why="another id", id="d2"),
        dict(good_direct, why="read by another recipient", recipient=2),
        dict(good_direct, why="claimed by another sender (the box's signature does not verify with that key)", sender=2),
        dict(good_direct, why="one bit flipped", wire=flip(good_direct["wire"], "e2d2:", 110)),
        dict(good_direct, why="the sender's box signature changed", wire=flip(good_direct["wire"], "e2d2:", 40)),
    ]
    for entry in direct_rejections:
        entry.pop("plaintext")

    passphrases = [
        "hunter2",
        "password1234",
        "aaaaaaaaaaaaaaaaaaaa",
        "abcabcabcabcabc",
        "correct horse battery staple",
        "Tr0ub4dor&3xyz",
        "lowercaseonly",
        "lowercaseonlyx",
        "caf\u00e9 \u2615 \u00fcber dreimal",
        "",
    ]
    weak = [{"passphrase": p, "weak": is_weak(p)} for p in passphrases]

    file_bodies = []
    for number, (entry, room, sender, file_id, body) in enumerate(
        [
            (keys[0], "lobby", alice, "0f1e2d3c4b5a69788796a5b4c3d2e1f0", bytes(range(256)) * 3),
            (keys[3], "secret-room", bob, "00112233445566778899aabbccddeeff", b"\x89PNG\r\n\x1a\n" + fixed("png body", 32)),
        ]
    ):
        key, salt = unb64url(entry["key"]), unb64url(entry["salt"])
        sealed = seal_file_body(key, salt, fixed(f"file nonce {number}", 12), room, sender.key, file_id, body)
        file_bodies.append(
            {
                "key": entry["key"],
                "salt": entry["salt"],
                "room": room,
                "sender": b64url(sender.key),
                "file": file_id,
                "body": base64.b64encode(body).decode(),
                "sealed": base64.b64encode(sealed).decode(),
                "sealed_size": len(sealed),
            }
        )

    vectors = {
        "scheme": "e2e2",
        "iterations": ITERATIONS,
        "people": [p.json() for p in people],
        "bad_box": b64url(alice.box_public + bob.box[32:]),
        "keys": keys,
        "messages": messages,
        "file_bodies": file_bodies,
        "rejections": rejections,
        "shares": shares,
        "share_rejections": share_rejections,
        "directs": directs,
        "direct_rejections": direct_rejections,
        "weak_passphrases": weak,
        "not_sealed": ["hello", "e2e2", "E2E2:AAAA", " e2e2:AAAA", "e2e1:AAAA"],
    }
    path = pathlib.Path(__file__).with_name("vectors.json")
    path.write_text(json.dumps(vectors, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes vectors.json: the end-to-end encryption test vectors (docs/PROTOCOL.md, "Encrypted rooms").

A third implementation, on PyCA's `cryptography`, so that the Swift (swift-crypto) and JavaScript
(WebCrypto) sides are both checked against something neither of them wrote. The vectors are committed;
run this only to change them:  python3 Tests/Fixtures/protocol/e2e/generate.py
"""
import base64
import hashlib
import json
import pathlib
import unicodedata

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "e2e1:"
ITERATIONS = 600_000


def derive(passphrase: str, room: str, iterations: int) -> bytes:
    password = unicodedata.normalize("NFC", passphrase).encode()
    salt = ("privchat/e2e1/room/" + room).encode()
    return hashlib.pbkdf2_hmac("sha256", password, salt, iterations, 32)


def fingerprint(key: bytes) -> str:
    digest = hashlib.sha256(b"privchat/e2e1/fingerprint" + key).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def aad(room: str, sender: str) -> bytes:
    return ("privchat/e2e1\n" + room + "\n" + sender).encode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def seal(key: bytes, nonce: bytes, room: str, sender: str, plaintext: str) -> str:
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), aad(room, sender))
    return PREFIX + b64url(nonce + sealed)


def main() -> None:
    keys = [
        {"passphrase": "correct horse battery staple", "room": "lobby", "iterations": ITERATIONS},
        {"passphrase": "caf\u00e9 \u2615 \u00fcber", "room": "secret-room", "iterations": ITERATIONS},
        # The same passphrase typed decomposed (NFD): passphrases are NFC-normalized first.
        {"passphrase": "cafe\u0301 \u2615 u\u0308ber", "room": "secret-room", "iterations": ITERATIONS},
        {"passphrase": "correct horse battery staple", "room": "lobby2", "iterations": 1000},
        {"passphrase": "x", "room": "a", "iterations": 1},
    ]
    for entry in keys:
        key = derive(entry["passphrase"], entry["room"], entry["iterations"])
        entry["key_hex"] = key.hex()
        entry["fingerprint"] = fingerprint(key)

    fast = {"passphrase": "correct horse battery staple", "room": "lobby2", "iterations": 1000}
    fast_key = derive(fast["passphrase"], fast["room"], fast["iterations"])
    slow = keys[0]
    slow_key = bytes.fromhex(slow["key_hex"])
    messages = []
    for number, (base, key, sender, text) in enumerate(
        [
            (slow, slow_key, "alice", "meet at noon"),
            (fast, fast_key, "Bob", 'Hello, "world" ✓\nsecond line'),
            (fast, fast_key, "carol", "x"),
            (fast, fast_key, "Dave_99", "emoji 🎉 and ünïcödé, " + "long " * 40),
        ]
    ):
        nonce = bytes((number * 16 + i) & 0xFF for i in range(12))
        messages.append(
            {
                "passphrase": base["passphrase"],
                "room": base["room"],
                "iterations": base["iterations"],
                "sender": sender,
                "plaintext": text,
                "nonce_hex": nonce.hex(),
                "wire": seal(key, nonce, base["room"], sender, text),
            }
        )

    good = messages[1]
    body = good["wire"][len(PREFIX) :]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    flipped = raw[:20] + bytes([raw[20] ^ 1]) + raw[21:]
    rejections = [
        dict(good, why="wrong passphrase", passphrase="correct horse battery stapler"),
        dict(good, why="wrong sender (the AAD binds who sent it)", sender="mallory"),
        dict(good, why="wrong room (the AAD and the salt bind the room)", room="lobby3"),
        dict(good, why="one bit flipped", wire=PREFIX + b64url(flipped)),
        dict(good, why="truncated tag", wire=PREFIX + b64url(raw[:-1])),
        dict(good, why="shorter than a nonce and a tag", wire=PREFIX + b64url(raw[:27])),
        dict(good, why="not base64url", wire=PREFIX + "not*base64!"),
        dict(good, why="empty body", wire=PREFIX),
    ]
    for entry in rejections:
        entry.pop("plaintext")
        entry.pop("nonce_hex")

    vectors = {
        "scheme": "e2e1",
        "prefix": PREFIX,
        "iterations": ITERATIONS,
        "keys": keys,
        "messages": messages,
        "rejections": rejections,
        "not_sealed": ["hello", "e2e1", "E2E1:AAAA", " e2e1:AAAA"],
    }
    path = pathlib.Path(__file__).with_name("vectors.json")
    path.write_text(json.dumps(vectors, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

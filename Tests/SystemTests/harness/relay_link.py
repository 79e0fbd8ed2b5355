"""Bare pyzmq sockets on a relay's link, as an attacker or a stranger would open them: with no keys,
with keys of their own, or holding the cluster's key file (read from the state directory). Keys are
derived here independently of the Swift code, from docs/PROTOCOL.md ("Security of the relay link")."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
import time
from pathlib import Path

import zmq
from zmq.utils import z85

KEY_FILE = "relay-link.key"
HEADER = struct.Struct("<BBHHHHHIQQQQQQQ")  # 72 bytes: docs/PROTOCOL.md, "The envelope"
KINDS = {"say": 1, "message": 2, "hello": 3, "gatewayHeartbeat": 6, "replayRequest": 7, "claim": 9, "welcome": 10, "joined": 12, "direct": 15, "ack": 16,
         "release": 21, "error": 22, "peerState": 24, "typing": 30, "read": 31, "post": 38}
SIGNED = 1 << 8
REFERS = 1 << 11  # a reply, edit, delete or reaction: the payload holds a reference (docs/PROTOCOL.md, "References")
RELATIONS = {"reply": 1, "edit": 2, "delete": 3, "reaction": 4}


def reference(relation: str, seq: int, id: str, author: str = "") -> bytes:
    """A reference as it lies in a payload: relation, room sequence, id, author."""
    return bytes([RELATIONS[relation]]) + struct.pack("<Q", seq) + bytes([len(id.encode())]) + id.encode() + bytes([len(author.encode())]) + author.encode()


def hkdf_sha256(secret: bytes, info: bytes, length: int = 32) -> bytes:
    """RFC 5869 with an empty salt (a hash-length block of zeros)."""
    prk = hmac.new(b"\0" * 32, secret, hashlib.sha256).digest()
    block, output = b"", b""
    for counter in range(1, -(-length // 32) + 1):
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        output += block
    return output[:length]


class ClusterKeys:
    """The CURVE key pairs of a cluster, in Z85 as pyzmq takes them."""

    def __init__(self, state_dir: str | Path):
        text = (Path(state_dir) / KEY_FILE).read_text().strip()
        secret = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        self.server_secret = z85.encode(hkdf_sha256(secret, b"privchat/relay-link/server"))
        self.client_secret = z85.encode(hkdf_sha256(secret, b"privchat/relay-link/client"))
        self.server_public = zmq.curve_public(self.server_secret)
        self.client_public = zmq.curve_public(self.client_secret)


def envelope(kind: str, gateway: int, connection: int = 0, room: str = "", sender: str = "", target: str = "",
             client_message_id: str = "", payload: bytes = b"", flags: int = 0) -> bytes:
    fields = [room.encode(), sender.encode(), target.encode(), client_message_id.encode()]
    header = HEADER.pack(1, KINDS[kind], flags, *map(len, fields), len(payload), 0, 0, 0, 0, gateway, connection, 0)
    return header + b"".join(fields) + payload


class Stranger:
    """A CURVE client with a key pair of its own, knowing the relay's public key (public keys are not secrets)."""

    def __init__(self, cluster: ClusterKeys):
        self.client_public, self.client_secret = zmq.curve_keypair()
        self.server_public = cluster.server_public


class Socket:
    """One bare socket: `keys` None for no CURVE at all, a ``Stranger``, or the cluster's keys. A DEALER
    gets a routing id of its own choosing (`routing_id`)."""

    def __init__(self, kind: int, endpoint: str, keys: ClusterKeys | Stranger | None = None, routing_id: bytes | None = None):
        self.context = zmq.Context()
        self.socket = self.context.socket(kind)
        self.socket.linger = 0
        if keys is not None:
            self.socket.curve_publickey = keys.client_public
            self.socket.curve_secretkey = keys.client_secret
            self.socket.curve_serverkey = keys.server_public
        if routing_id is not None:
            self.socket.routing_id = routing_id
        if kind == zmq.SUB:
            self.socket.subscribe(b"")
        self.socket.connect(endpoint)

    def received(self, within: float) -> list[bytes]:
        """Every frame that arrives within `within` seconds."""
        frames = []
        poller = zmq.Poller()
        poller.register(self.socket, zmq.POLLIN)
        deadline = time.monotonic() + within
        while (left := deadline - time.monotonic()) > 0:
            if poller.poll(left * 1000):
                frames.append(self.socket.recv())
        return frames

    def send(self, frame: bytes) -> bool:
        """Queues `frame`; False when the socket has no connection to queue it on (a refused handshake drops it)."""
        try:
            self.socket.send(frame, zmq.NOBLOCK)
            return True
        except zmq.Again:
            return False

    def close(self) -> None:
        self.socket.close()
        self.context.term()


def random_routing_id() -> bytes:
    return os.urandom(16) + b"c" + os.urandom(4)



def gateway_id(routing_id: bytes) -> int:
    """The gateway a routing id proves (docs/PROTOCOL.md, "Gateway identity")."""
    return int.from_bytes(hashlib.sha256(b"privchat/gateway-id" + routing_id[:16]).digest()[:8], "big")


def parse(frame: bytes) -> dict:
    """An envelope's kind, fields and payload."""
    _, kind, flags, *lengths = HEADER.unpack_from(frame)
    room, sender, target, client_message_id, payload_length = lengths[:5]
    offset, fields = HEADER.size, []
    for length in (room, sender, target, client_message_id):
        fields.append(frame[offset : offset + length].decode())
        offset += length
    names = {number: name for name, number in KINDS.items()}
    return {"kind": names.get(kind, kind), "flags": flags, "room": fields[0], "sender": fields[1], "target": fields[2],
            "id": fields[3], "payload": frame[offset : offset + payload_length]}


class InsiderGateway:
    """A holder of the cluster's key posing as a gateway of its own, with one user on it: what a relay
    operator sees of that user's traffic. It claims `name` with an identity key and a sealing key (as a
    gateway does for a connection that proved them), or with neither, and collects what the relay sends it."""

    def send(self, kind: str, **fields) -> None:
        """Sends an envelope as the user's connection (1) on this gateway."""
        self.socket.send(envelope(kind, self.gateway, 1, **fields))

    def __init__(self, relay_port: int, keys: ClusterKeys, name: str, key: bytes = b"", box: bytes = b"", rooms: list[str] = ("lobby",)):
        self.routing_id = random_routing_id()
        self.gateway = gateway_id(self.routing_id)
        self.socket = Socket(zmq.DEALER, f"tcp://127.0.0.1:{relay_port}", keys, routing_id=self.routing_id)
        self.socket.send(envelope("hello", self.gateway))
        request = struct.pack("<QH", 0, len(rooms))
        for room in rooms:
            request += bytes([len(room)]) + room.encode() + b"\0" + struct.pack("<Q", 0)
        claim = envelope("claim", self.gateway, 1, sender=name, target=os.urandom(16).hex(), payload=request + key + box, flags=SIGNED if key else 0)
        self.socket.send(claim)
        self.envelopes: list[dict] = []

    def collect(self, within: float) -> list[dict]:
        """What arrived within `within` seconds (heartbeating meanwhile, so the relay keeps the user)."""
        deadline = time.monotonic() + within
        while (left := deadline - time.monotonic()) > 0:
            self.socket.send(envelope("gatewayHeartbeat", self.gateway))
            self.envelopes += [parse(frame) for frame in self.socket.received(within=min(left, 0.5))]
        return self.envelopes

    def close(self) -> None:
        self.socket.close()

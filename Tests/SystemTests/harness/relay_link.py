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
KINDS = {"say": 1, "message": 2, "hello": 3, "gatewayHeartbeat": 6, "replayRequest": 7, "direct": 15, "release": 21, "peerState": 24}


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


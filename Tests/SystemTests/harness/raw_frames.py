"""WebSocket traffic made by hand on plain sockets, for what well-behaved client libraries will not send:
frames with wrong bits, lengths or masks, and clients that stall or never close."""

from __future__ import annotations

import asyncio
import os
import socket
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from harness.processes import Gateway

UPGRADE_REQUEST = (
    b"GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
)
"""A plain-mode client's handshake (no subprotocol), with RFC 6455's sample key."""


class RawWebSocket:
    """A hand-made client on a plain socket, for what well-behaved client libraries will not send."""

    def __init__(self, port: int, receive_buffer: int | None = None):
        self.sock = socket.socket()
        if receive_buffer:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.settimeout(10)
        self.sock.connect(("127.0.0.1", port))
        self.sock.sendall(UPGRADE_REQUEST)
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(1)
        assert response.startswith(b"HTTP/1.1 101"), response

    @classmethod
    async def join(cls, gateway: Gateway, name: bytes, connections: int, receive_buffer: int | None = None) -> "RawWebSocket":
        """Connects, sends `name` as a plain-mode client's first frame, and waits until `gateway` counts
        `connections` clients (this one among them)."""
        raw = cls(gateway.port, receive_buffer)
        raw.send_text(name)
        await asyncio.to_thread(gateway.wait_connections, connections)
        return raw

    def send_frame(self, opcode: int, payload: bytes) -> None:
        """One final, masked frame (a zero mask, so the payload goes as is); payloads under 126 bytes."""
        assert len(payload) < 126
        self.sock.sendall(bytes([0x80 | opcode, 0x80 | len(payload)]) + b"\x00\x00\x00\x00" + payload)

    def send_text(self, payload: bytes) -> None:
        self.send_frame(0x1, payload)

    def send_raw(self, data: bytes) -> None:
        """Bytes as they are: a frame from `ws_frame`, or anything else."""
        self.sock.sendall(data)

    def closed_by_server(self, timeout: float) -> bool:
        """Whether the server closes the TCP connection within `timeout` seconds (what arrives meanwhile is dropped)."""
        deadline = time.monotonic() + timeout
        try:
            while (remaining := deadline - time.monotonic()) > 0:
                self.sock.settimeout(remaining)
                if not self.sock.recv(65536):
                    return True
        except (socket.timeout, TimeoutError):
            return False
        except ConnectionResetError:
            return True
        return False

    def close_code(self) -> int | None:
        """Reads frames until a close frame and returns its code (None if the socket just closed)."""
        buffer = b""
        while True:
            while len(buffer) >= 2:
                length = buffer[1] & 0x7F
                header = 2 + {126: 2, 127: 8}.get(length, 0)
                if len(buffer) < header:
                    break
                if length == 126:
                    length = int.from_bytes(buffer[2:4], "big")
                elif length == 127:
                    length = int.from_bytes(buffer[2:10], "big")
                if len(buffer) < header + length:
                    break
                opcode, payload = buffer[0] & 0x0F, buffer[header : header + length]
                buffer = buffer[header + length :]
                if opcode == 0x8:
                    return int.from_bytes(payload[:2], "big") if len(payload) >= 2 else None
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            buffer += chunk


def ws_frame(opcode: int, payload: bytes, *, fin: bool = True, rsv: int = 0, masked: bool = True, length: int | None = None) -> bytes:
    """One RFC 6455 frame as a client sends it, any of it as wrong as a test needs: `rsv` is the RSV1-3 bits
    (0x40, 0x20, 0x10), `masked=False` leaves out the mask a client must send, and `length` claims a payload
    length other than the real one."""
    length = len(payload) if length is None else length
    header = bytes([(0x80 if fin else 0) | rsv | opcode])
    mask_bit = 0x80 if masked else 0
    if length < 126:
        header += bytes([mask_bit | length])
    elif length < 1 << 16:
        header += bytes([mask_bit | 126]) + length.to_bytes(2, "big")
    else:
        header += bytes([mask_bit | 127]) + length.to_bytes(8, "big")
    if not masked:
        return header + payload
    key = os.urandom(4)
    return header + key + bytes(byte ^ key[i % 4] for i, byte in enumerate(payload))

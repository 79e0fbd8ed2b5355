"""WebSocket traffic made by hand on plain sockets, for what well-behaved client libraries will not send:
frames with wrong bits, lengths or masks, and clients that stall or never close."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from harness.processes import Gateway

UPGRADE_REQUEST = (
    b"GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
)
"""A plain-mode client's handshake (no subprotocol), with RFC 6455's sample key."""

V1_UPGRADE_REQUEST = UPGRADE_REQUEST.replace(b"\r\n\r\n", b"\r\nSec-WebSocket-Protocol: privchat.v1\r\n\r\n")
"""The same handshake offering `privchat.v1`."""


class RawWebSocket:
    """A hand-made client on a plain socket, for what well-behaved client libraries will not send."""

    def __init__(self, port: int, receive_buffer: int | None = None, v1: bool = False):
        self.sock = socket.socket()
        if receive_buffer:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.settimeout(10)
        self.sock.connect(("127.0.0.1", port))
        self.sock.sendall(V1_UPGRADE_REQUEST if v1 else UPGRADE_REQUEST)
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(1)
        assert response.startswith(b"HTTP/1.1 101"), response
        self.received = bytearray()
        """Bytes read, parsed into frames up to `parsed` (kept, not copied, so that many small frames parse fast)."""
        self.parsed = 0
        self.sending = threading.Lock()  # a FrameReader thread's pongs must not split another frame

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
        self.send_raw(bytes([0x80 | opcode, 0x80 | len(payload)]) + b"\x00\x00\x00\x00" + payload)

    def send_text(self, payload: bytes) -> None:
        self.send_frame(0x1, payload)

    def send_raw(self, data: bytes) -> None:
        """Bytes as they are: a frame from `ws_frame`, or anything else."""
        with self.sending:
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

    def next_frame(self, timeout: float = 10) -> tuple[int, bytes] | None:
        """The next frame from the server as (opcode, payload); None if the socket closed first. Raises
        TimeoutError if no whole frame came within `timeout` seconds (what came is kept for the next call)."""
        deadline = time.monotonic() + timeout
        while True:
            buffer, start = self.received, self.parsed
            if len(buffer) - start >= 2:
                length = buffer[start + 1] & 0x7F
                header = 2 + {126: 2, 127: 8}.get(length, 0)
                if len(buffer) - start >= header:
                    if length == 126:
                        length = int.from_bytes(buffer[start + 2 : start + 4], "big")
                    elif length == 127:
                        length = int.from_bytes(buffer[start + 2 : start + 10], "big")
                    if len(buffer) - start >= header + length:
                        self.parsed = start + header + length
                        return buffer[start] & 0x0F, bytes(buffer[start + header : self.parsed])
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no whole frame within {timeout} s ({len(buffer) - start} bytes waiting)")
            del buffer[:start]
            self.parsed = 0
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(1 << 20)
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                return None
            buffer += chunk

    def close_code(self, timeout: float = 10) -> int | None:
        """Reads frames until a close frame and returns its code (None if the socket just closed)."""
        while (frame := self.next_frame(timeout)) is not None:
            opcode, payload = frame
            if opcode == 0x8:
                return int.from_bytes(payload[:2], "big") if len(payload) >= 2 else None
        return None


class FrameReader(threading.Thread):
    """Reads a raw client's frames on a thread of its own, answering every ping with its pong at once (as a
    browser does) and keeping every other frame in `frames`, until the server closes or `stop()`."""

    def __init__(self, raw: RawWebSocket):
        super().__init__(daemon=True)
        self.raw = raw
        self.frames: list[tuple[int, bytes]] = []
        self.pings = 0
        self.ended = False
        """Whether the server closed the socket."""
        self.stopping = threading.Event()
        self.start()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                frame = self.raw.next_frame(timeout=0.1)
            except TimeoutError:
                continue
            except OSError:
                frame = None
            if frame is None:
                self.ended = True
                return
            if frame[0] == 0x9:
                self.pings += 1
                try:
                    self.raw.send_frame(0xA, frame[1])
                except OSError:
                    pass  # closed meanwhile: the next read says so
            else:
                self.frames.append(frame)

    def stop(self) -> None:
        self.stopping.set()
        self.join(5)

    @property
    def texts(self) -> list[str]:
        return [payload.decode() for opcode, payload in self.frames if opcode == 0x1]

    @property
    def close(self) -> tuple[int, str] | None:
        """The code and reason of the close frame received, if one was."""
        return next((close_code_and_reason(payload) for opcode, payload in self.frames if opcode == 0x8), None)


def close_code_and_reason(payload: bytes) -> tuple[int, str] | None:
    """What a close frame's payload says (None if it gives no code)."""
    return (int.from_bytes(payload[:2], "big"), payload[2:].decode(errors="replace")) if len(payload) >= 2 else None


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
    keystream = (key * (len(payload) // 4 + 1))[: len(payload)]
    # XOR as one big integer: a megabyte is masked in milliseconds rather than a second.
    masked_payload = (int.from_bytes(payload, "big") ^ int.from_bytes(keystream, "big")).to_bytes(len(payload), "big")
    return header + key + masked_payload

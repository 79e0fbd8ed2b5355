"""HTTP requests written by hand on a plain socket: any header an attacker may send, from any loopback
source address (127.0.0.2 is another machine as far as the server can tell)."""

from __future__ import annotations

import base64
import socket

UPGRADE_HEADERS = [
    ("Upgrade", "websocket"),
    ("Connection", "Upgrade"),
    ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
    ("Sec-WebSocket-Version", "13"),
]


def request(port: int, target: str = "/ws", headers: list[tuple[str, str]] = (), *, upgrade: bool = True, source: str = "127.0.0.1",
            host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """Sends one GET (a WebSocket upgrade unless `upgrade` is false) and returns the status, the headers
    (lower-case names) and what of the body arrived. `host` is the Host header (default 127.0.0.1:PORT)."""
    sock = socket.socket()
    sock.settimeout(10)
    try:
        sock.bind((source, 0))
        sock.connect(("127.0.0.1", port))
        lines = [f"GET {target} HTTP/1.1", f"Host: {host or f'127.0.0.1:{port}'}"]
        lines += [f"{name}: {value}" for name, value in (UPGRADE_HEADERS if upgrade else []) + list(headers)]
        if not upgrade:
            lines.append("Connection: close")
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = sock.recv(4096)
            if not chunk:
                break
            response += chunk
        head, _, body = response.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        parsed = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            parsed[name.strip().lower()] = value.strip()
        status = int(status_line.split()[1])
        if status != 101:
            length = int(parsed.get("content-length", "0") or 0)
            while len(body) < length:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                body += chunk
        return status, parsed, body
    finally:
        sock.close()


def status(port: int, target: str = "/ws", headers: list[tuple[str, str]] = (), **options) -> int:
    return request(port, target, headers, **options)[0]


def basic(user: str, password: str) -> tuple[str, str]:
    """An `Authorization: Basic` header, as Python's websockets makes from a URL's `user:password@`."""
    return ("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())

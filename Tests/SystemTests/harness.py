"""Real processes on loopback for the system tests: relay, gateways, WebSocket clients.

Everything waits on events (a line printed, a health check passing, a frame arriving), never on
fixed sleeps, and every wait has a deadline so a broken build fails instead of hanging.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import selectors
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parents[2]
BIN_DIR = Path(os.environ.get("CHAT_BIN_DIR", ROOT / ".build" / "debug"))


class Process:
    """One of our executables, started with its announcement line awaited."""

    def __init__(self, executable: str, args: list[str], env: dict[str, str] | None = None, announce_timeout: float = 20):
        self.name = executable
        self.args = args
        self.log_path = Path(tempfile.mkstemp(prefix=f"{executable}-", suffix=".log")[1])
        full_env = {**os.environ, **(env or {})}
        self.popen = subprocess.Popen(
            [str(BIN_DIR / executable), *args],
            stdout=subprocess.PIPE,
            stderr=open(self.log_path, "wb"),
            env=full_env,
        )
        self.announcement = self._read_line(announce_timeout)

    def _read_line(self, timeout: float) -> str:
        selector = selectors.DefaultSelector()
        selector.register(self.popen.stdout, selectors.EVENT_READ)
        line = b""
        deadline = time.monotonic() + timeout
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                raise TimeoutError(f"{self.name} printed nothing within {timeout}s; log:\n{self.log()}")
            chunk = os.read(self.popen.stdout.fileno(), 1)
            if not chunk:
                raise RuntimeError(f"{self.name} exited with {self.popen.wait()} before announcing; log:\n{self.log()}")
            line += chunk
        return line.decode().strip()

    def next_line(self, timeout: float = 10) -> str:
        """The next line the process printed on standard output."""
        return self._read_line(timeout)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, pattern: str, timeout: float = 10) -> str:
        """Waits until a log line matches `pattern` (a regex) and returns it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.log().splitlines():
                if re.search(pattern, line):
                    return line
            time.sleep(0.02)
        raise TimeoutError(f"no log line matching {pattern!r} within {timeout}s; log:\n{self.log()}")

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def terminate(self, sig: int = signal.SIGTERM, timeout: float = 5) -> tuple[int, float]:
        """Sends `sig` and returns (exit code, seconds until exit)."""
        start = time.monotonic()
        self.popen.send_signal(sig)
        code = self.popen.wait(timeout)
        return code, time.monotonic() - start

    def kill(self) -> None:
        if self.alive:
            self.popen.kill()
            self.popen.wait()


class Relay(Process):
    def __init__(self, port: int | None = None, extra: list[str] | None = None):
        self.port = port or free_port_block(4)
        super().__init__("chat-relay", ["--port", str(self.port), *(extra or [])])

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def health(self) -> tuple[int, dict]:
        return http_json(f"http://127.0.0.1:{self.port + 2}/healthz")


class RelayPair:
    """Two relays of a Binary Star failover pair on loopback: a primary and a backup that name each other."""

    def __init__(self, start: tuple[str, ...] = ("primary", "backup")):
        self.primary_port = free_port_block(4)
        self.backup_port = free_port_block(4)
        while abs(self.backup_port - self.primary_port) < 4:
            self.backup_port = free_port_block(4)
        self.primary = self.start_primary() if "primary" in start else None
        self.backup = self.start_backup() if "backup" in start else None

    def start_primary(self) -> Relay:
        self.primary = Relay(self.primary_port, ["--role", "primary", "--peer", f"tcp://127.0.0.1:{self.backup_port}"])
        return self.primary

    def start_backup(self) -> Relay:
        self.backup = Relay(self.backup_port, ["--role", "backup", "--peer", f"tcp://127.0.0.1:{self.primary_port}"])
        return self.backup

    @property
    def processes(self) -> list[Relay]:
        return [relay for relay in (self.primary, self.backup) if relay]

    def gateway(self, extra: list[str] | None = None) -> "Gateway":
        """A gateway that knows both relays."""
        relays = ["--relay", f"tcp://127.0.0.1:{self.primary_port}", "--backup-relay", f"tcp://127.0.0.1:{self.backup_port}"]
        return Gateway(extra=[*relays, *(extra or [])])

    def states(self) -> list[str | None]:
        return [relay.health()[1].get("state") if relay and relay.alive else None for relay in (self.primary, self.backup)]

    def wait_states(self, primary: str | None, backup: str | None, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.states() == [primary, backup]:
                return
            time.sleep(0.02)
        raise TimeoutError(f"relay states are {self.states()}, not {[primary, backup]}")


class Gateway(Process):
    def __init__(self, relay: Relay | None = None, extra: list[str] | None = None, env: dict[str, str] | None = None):
        args = ["--port", "0", *(["--relay", relay.address] if relay else []), *(extra or [])]
        super().__init__("chat-gateway", args, env=env)
        match = re.search(r"listening on \S*:(\d+)", self.announcement) or re.search(r"wss?://localhost:(\d+)/ws", self.announcement)
        assert match, f"gateway announcement has no port: {self.announcement!r}"
        self.port = int(match.group(1))
        self.url = f"ws://127.0.0.1:{self.port}/ws"

    def health(self) -> tuple[int, dict]:
        return http_json(f"http://127.0.0.1:{self.port}/healthz")

    def metrics(self) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=5) as response:
            return response.read().decode()

    def metric(self, name: str) -> float:
        """The value of one sample, e.g. 'gateway_clients_dropped_total{reason="slow"}'; 0 if absent."""
        for line in self.metrics().splitlines():
            if line.startswith(name + " "):
                return float(line.split()[-1])
        return 0.0

    def wait_until(self, predicate, timeout: float = 10, what: str = "condition") -> dict:
        """Polls /healthz until `predicate(status, body)` holds; returns the body."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = self.health()
                if predicate(*last):
                    return last[1]
            except OSError:
                pass
            time.sleep(0.02)
        raise TimeoutError(f"gateway {what} not reached within {timeout}s (last health: {last}); log:\n{self.log()}")

    def wait_healthy(self, timeout: float = 10) -> dict:
        return self.wait_until(lambda status, _: status == 200, timeout, "healthy")

    def wait_connections(self, count: int, timeout: float = 10) -> dict:
        return self.wait_until(lambda _, body: body.get("connections") == count, timeout, f"{count} connections")


def http_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def upgrade_status(url: str, **options) -> int:
    """The HTTP status a WebSocket handshake gets (101 when it upgrades); `options` go to websockets.connect."""

    async def attempt():
        try:
            async with websockets.connect(url, open_timeout=5, **options):
                return 101
        except websockets.InvalidStatus as refused:
            return refused.response.status_code

    return asyncio.run(attempt())


def upgrade_status_as(host: str, port: int, query: str = "", **options) -> int:
    """`upgrade_status` for a request addressed to `host` (its Host header, as a tunnel delivers it),
    connecting to this machine's `port`."""
    return upgrade_status(f"ws://{host}:{port}/ws{query}", host="127.0.0.1", port=port, **options)


def free_port_block(size: int) -> int:
    """A first port such that `size` consecutive loopback ports are free right now."""
    for _ in range(200):
        base = random.randrange(20000, 60000 - size)
        sockets = []
        try:
            for port in range(base, base + size):
                s = socket.socket()
                s.bind(("127.0.0.1", port))
                sockets.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no block of free ports")


class Client:
    """A plain-mode WebSocket client, as the seed's clients are: first frame is the name."""

    def __init__(self, ws, name: str):
        self.ws = ws
        self.name = name

    @classmethod
    async def join(cls, gateway: Gateway, name: str) -> "Client":
        ws = await websockets.connect(gateway.url, max_size=None, ping_interval=None)
        await ws.send(name)
        return cls(ws, name)

    async def say(self, text: str | bytes) -> None:
        await self.ws.send(text)

    async def next(self, timeout: float = 5) -> str:
        return await asyncio.wait_for(self.ws.recv(), timeout)

    async def take(self, count: int, timeout: float = 10) -> list[str]:
        return [await self.next(timeout) for _ in range(count)]

    async def closed(self, timeout: float = 5) -> websockets.frames.Close | None:
        """Waits for the server to close the connection; returns the close frame it sent."""
        try:
            while True:
                await asyncio.wait_for(self.ws.recv(), timeout)
        except websockets.ConnectionClosed as closed:
            return closed.rcvd

    async def close(self) -> None:
        await self.ws.close()


async def join_all(gateway_and_names: list[tuple[Gateway, str]]) -> list[Client]:
    """Connects clients and waits until every gateway has registered all of its own."""
    clients = [await Client.join(gateway, name) for gateway, name in gateway_and_names]
    for gateway in {id(g): g for g, _ in gateway_and_names}.values():
        expected = sum(1 for g, _ in gateway_and_names if g is gateway)
        await asyncio.to_thread(gateway.wait_connections, expected)
    return clients


class RawWebSocket:
    """A hand-made client on a plain socket, for what well-behaved client libraries will not send."""

    def __init__(self, port: int, receive_buffer: int | None = None):
        self.sock = socket.socket()
        if receive_buffer:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.settimeout(10)
        self.sock.connect(("127.0.0.1", port))
        self.sock.sendall(
            b"GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(1)
        assert response.startswith(b"HTTP/1.1 101"), response

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


class ChatClient:
    """A `privchat.v1` client: JSON frames, as the CLI and the web GUI speak."""

    def __init__(self, ws, welcome: dict | None):
        self.ws = ws
        self.welcome = welcome
        self.counter = 0

    @classmethod
    async def open(cls, gateway: "Gateway") -> "ChatClient":
        return await cls.open_url(gateway.url)

    @classmethod
    async def open_url(cls, url: str) -> "ChatClient":
        ws = await websockets.connect(url, subprotocols=["privchat.v1"], max_size=None, ping_interval=None)
        assert ws.subprotocol == "privchat.v1"
        return cls(ws, None)

    @classmethod
    async def join_url(cls, url: str, name: str, **hello) -> "ChatClient":
        client = await cls.open_url(url)
        await client.send({"type": "hello", "name": name, **hello})
        frame = await client.next()
        assert frame["type"] == "welcome", frame
        client.welcome = frame
        return client

    @classmethod
    async def join(cls, gateway: "Gateway", name: str, **hello) -> "ChatClient":
        """Connects, says hello, and waits for the welcome (fails on an error)."""
        client = await cls.open(gateway)
        await client.send({"type": "hello", "name": name, **hello})
        frame = await client.next()
        assert frame["type"] == "welcome", frame
        client.welcome = frame
        return client

    @property
    def name(self) -> str:
        return self.welcome["name"]

    def next_id(self) -> str:
        self.counter += 1
        return f"{self.welcome['name'] if self.welcome else 'anon'}-{self.counter}"

    async def send(self, frame: dict | str) -> None:
        await self.ws.send(frame if isinstance(frame, str) else json.dumps(frame))

    async def say(self, text: str, room: str = "lobby", id: str | None = None, action: bool = False) -> str:
        id = id or self.next_id()
        await self.send({"type": "action" if action else "say", "id": id, "room": room, "text": text})
        return id

    async def next(self, timeout: float = 5) -> dict:
        return json.loads(await asyncio.wait_for(self.ws.recv(), timeout))

    async def next_of(self, *types: str, timeout: float = 5) -> dict:
        """The next frame of one of `types`, skipping presence events and acknowledgements (which
        interleave with everything) unless they are asked for; any other frame fails the test."""
        deadline = time.monotonic() + timeout
        while True:
            frame = await self.next(max(0.01, deadline - time.monotonic()))
            if frame["type"] in types:
                return frame
            assert frame["type"] in ("presence", "ack"), f"expected {types}, got {frame}"

    async def messages(self, count: int, timeout: float = 10) -> list[dict]:
        return [await self.next_of("message", "action", timeout=timeout) for _ in range(count)]

    async def closed(self, timeout: float = 5):
        try:
            while True:
                await asyncio.wait_for(self.ws.recv(), timeout)
        except websockets.ConnectionClosed as closed:
            return closed.rcvd

    async def close(self) -> None:
        await self.ws.close()


async def chat_all(gateway_and_names: list[tuple["Gateway", str]]) -> list[ChatClient]:
    """Joins v1 clients one after the other, each after the previous one's welcome."""
    return [await ChatClient.join(gateway, name) for gateway, name in gateway_and_names]


class ChatCLI:
    """The `chat` executable in scriptable mode: lines in on stdin, lines out on stdout."""

    def __init__(self, *args: str, env: dict[str, str] | None = None, stdin_text: str | None = None):
        self.popen = subprocess.Popen(
            [str(BIN_DIR / "chat"), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "NO_COLOR": "1", **(env or {})},
        )
        self.buffer = b""
        if stdin_text is not None:
            self.popen.stdin.write(stdin_text.encode())
            self.popen.stdin.close()

    def send(self, line: str) -> None:
        self.popen.stdin.write((line + "\n").encode())
        self.popen.stdin.flush()

    def close_input(self) -> None:
        self.popen.stdin.close()

    def line(self, timeout: float = 10) -> str:
        """The next line the client printed."""
        deadline = time.monotonic() + timeout
        selector = selectors.DefaultSelector()
        selector.register(self.popen.stdout, selectors.EVENT_READ)
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                raise TimeoutError(f"chat printed no line within {timeout}s (so far: {self.buffer!r})")
            chunk = os.read(self.popen.stdout.fileno(), 65536)
            if not chunk:
                raise EOFError(f"chat exited with {self.popen.wait()}; stderr: {self.popen.stderr.read().decode()}")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()

    def wait(self, timeout: float = 20) -> tuple[int, str]:
        """Waits for the client to exit; returns its exit code and what it wrote on stderr."""
        code = self.popen.wait(timeout)
        return code, self.popen.stderr.read().decode()

    def kill(self) -> None:
        if self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait()


def run_chat(*args: str, stdin_text: str = "", env: dict[str, str] | None = None, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN_DIR / "chat"), *args],
        input=stdin_text,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )


class Nginx:
    """Debian's nginx running deploy/nginx's very configuration, in front of local gateways."""

    def __init__(self, gateways: list["Gateway"], web_root: Path):
        self.port = free_port_block(1)
        self.dir = Path(tempfile.mkdtemp(prefix="chat-nginx-"))
        for name in ("nginx.conf", "chat-site.conf", "security-headers.conf"):
            (self.dir / name).write_text((ROOT / "deploy" / "nginx" / name).read_text())
        servers = "".join(f"    server 127.0.0.1:{gateway.port};\n" for gateway in gateways)
        (self.dir / "chat-environment.conf").write_text(
            "upstream chat_local_gateways {\n" + servers + "}\n"
            'map "" $chat_gateways { default chat_local_gateways; }\n'
            f'map "" $chat_web_root {{ default {web_root}; }}\n'
        )
        (self.dir / "chat-listen.conf").write_text(f"listen 127.0.0.1:{self.port};\n")
        (self.dir / "cache").mkdir()
        self.log_path = self.dir / "nginx.log"
        self.popen = subprocess.Popen(
            ["nginx", "-p", f"{self.dir}/", "-c", str(self.dir / "nginx.conf"), "-e", "stderr", "-g", "daemon off;"],
            stdout=open(self.log_path, "wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/nginx-health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if self.popen.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {self.log_path.read_text()}")
            time.sleep(0.05)
        self.url = f"ws://127.0.0.1:{self.port}/ws"
        self.page = f"http://127.0.0.1:{self.port}/"

    def kill(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            self.popen.wait(5)

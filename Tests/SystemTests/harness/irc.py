"""A scripted IRC client of a gateway's `--irc-port` (docs/PROTOCOL.md, "5. IRC clients"), written from
RFC 1459/2812 and IRCv3 rather than from the gateway's code: a raw socket (or TLS), lines sent as given,
lines read with deadlines, and each line parsed into tags, prefix, command and parameters."""

from __future__ import annotations

import re
import socket
import ssl
import time
import urllib.request
from dataclasses import dataclass, field

TAG_ESCAPES = {":": ";", "s": " ", "\\": "\\", "r": "\r", "n": "\n"}


@dataclass
class Message:
    """One IRC line: `@tags :prefix COMMAND params… :trailing`."""

    raw: str
    command: str
    params: list[str] = field(default_factory=list)
    prefix: str | None = None
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def nick(self) -> str | None:
        """The nick of a `nick!user@host` prefix (or the server's name)."""
        return self.prefix.split("!", 1)[0] if self.prefix else None

    @property
    def text(self) -> str:
        """The last parameter (a PRIVMSG's text, a numeric's human-readable part)."""
        return self.params[-1] if self.params else ""

    def __str__(self) -> str:
        return self.raw


def unescape_tag(value: str) -> str:
    """An IRCv3 tag value with its escapes (`\\:` `\\s` `\\\\` `\\r` `\\n`) undone."""
    return re.sub(r"\\(.?)", lambda m: TAG_ESCAPES.get(m.group(1), m.group(1)), value)


def parse(line: str) -> Message:
    """Parses one line (without its CR LF) as RFC 1459 and IRCv3 message-tags define it."""
    rest, tags, prefix = line, {}, None
    if rest.startswith("@"):
        raw_tags, _, rest = rest[1:].partition(" ")
        for tag in raw_tags.split(";"):
            key, _, value = tag.partition("=")
            tags[key] = unescape_tag(value)
        rest = rest.lstrip(" ")
    if rest.startswith(":"):
        prefix, _, rest = rest[1:].partition(" ")
        rest = rest.lstrip(" ")
    middle, separator, trailing = rest.partition(" :")
    if rest.startswith(":"):
        middle, separator, trailing = "", ":", rest[1:]
    words = middle.split()
    command, params = (words[0].upper() if words else ""), words[1:]
    if separator:
        params.append(trailing)
    return Message(line, command, params, prefix, tags)


def ctcp_action(text: str) -> str:
    """The PRIVMSG text of a `/me`: `\\x01ACTION text\\x01`."""
    return f"\x01ACTION {text}\x01"


class IRCClient:
    """One connection to an IRC port: `send` lines, `next` reads one with a deadline, `wait_for` reads
    until a line matches and keeps every line it passed over in `seen`."""

    def __init__(self, port: int, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None, source: str = "127.0.0.1",
                 receive_buffer: int | None = None):
        raw = socket.socket()
        raw.settimeout(5)
        if receive_buffer:  # before connecting, so that the window the server sees stays small
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        raw.bind((source, 0))
        raw.connect((host, port))
        self.sock = tls.wrap_socket(raw, server_hostname=host) if tls else raw
        self.buffer = b""
        self.seen: list[Message] = []
        """Every line read so far, in order."""
        self.nick: str | None = None

    # Sending

    def send_bytes(self, data: bytes) -> None:
        self.sock.sendall(data)

    def send(self, line: str | bytes) -> None:
        """Sends one line with CR LF after it."""
        self.send_bytes((line.encode() if isinstance(line, str) else line) + b"\r\n")

    def privmsg(self, target: str, text: str) -> None:
        self.send(f"PRIVMSG {target} :{text}")

    # Reading

    def next_line(self, timeout: float = 5) -> bytes | None:
        """The next line's bytes without CR LF; None when the server closed the connection first."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no line within {timeout}s (lines so far: {[m.raw for m in self.seen][-20:]})")
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            except (ConnectionResetError, ssl.SSLError):
                chunk = b""
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.removesuffix(b"\r")

    def next(self, timeout: float = 5) -> Message:
        """The next line, parsed; fails when the connection closes first."""
        line = self.next_line(timeout)
        if line is None:
            raise EOFError(f"the server closed the connection (lines so far: {[m.raw for m in self.seen][-20:]})")
        message = parse(line.decode())
        self.seen.append(message)
        return message

    def wait_for(self, command: str | None = None, timeout: float = 5, where=lambda message: True) -> Message:
        """The first line with this command (any if None) for which `where` holds, skipping others.
        Answers to the gateway's own PING are sent on the way, as every IRC client does."""
        deadline = time.monotonic() + timeout
        while True:
            message = self.next(max(0.01, deadline - time.monotonic()))
            if message.command == "PING" and command != "PING":
                self.send(f"PONG :{message.text}")
                continue
            if (command is None or message.command == command.upper()) and where(message):
                return message

    def take(self, count: int, command: str, timeout: float = 10, where=lambda message: True) -> list[Message]:
        """The next `count` lines with this command (for which `where` holds), skipping others."""
        deadline = time.monotonic() + timeout
        return [self.wait_for(command, max(0.01, deadline - time.monotonic()), where) for _ in range(count)]

    def until(self, command: str, timeout: float = 5) -> list[Message]:
        """Every line up to and including the first with this command (a 366, a 376)."""
        start = len(self.seen)
        self.wait_for(command, timeout)
        return self.seen[start:]

    def during(self, seconds: float) -> list[Message]:
        """Every line that arrives within `seconds` (waiting all of them): for what must not happen."""
        found = []
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                found.append(self.next(remaining))
            except (TimeoutError, EOFError):
                break
        return found

    def closed(self, timeout: float = 5) -> list[Message]:
        """Reads until the server closes the connection; returns what it sent before. Fails on timeout."""
        start = len(self.seen)
        deadline = time.monotonic() + timeout
        while (line := self.next_line(max(0.01, deadline - time.monotonic()))) is not None:
            self.seen.append(parse(line.decode(errors="replace")))
        return self.seen[start:]

    # Registration

    def register(self, nick: str, password: str | None = None, caps: list[str] | None = None, timeout: float = 5) -> list[Message]:
        """Registers (CAP LS 302 and REQ of `caps` first, when given) and returns every line up to the
        end of the message of the day (376), or up to a refusal (432, 433, 464 or ERROR)."""
        start = len(self.seen)
        if caps is not None:
            self.send("CAP LS 302")
        if password is not None:
            self.send(f"PASS {password}")
        self.send(f"NICK {nick}")
        self.send(f"USER {nick.lower()} 0 * :{nick}")
        if caps is not None:
            self.wait_for("CAP", timeout, where=lambda m: m.params[1:2] == ["LS"])
            if caps:
                self.send(f"CAP REQ :{' '.join(caps)}")
                self.wait_for("CAP", timeout, where=lambda m: m.params[1:2] in (["ACK"], ["NAK"]))
            self.send("CAP END")
        self.wait_for(timeout=timeout, where=lambda m: m.command in ("376", "422", "432", "433", "464", "ERROR"))
        if self.seen[-1].command in ("376", "422"):
            self.nick = nick
        return self.seen[start:]

    def join(self, channel: str, timeout: float = 5) -> list[Message]:
        """Joins and returns the lines up to the end of the names list (366), not the history after it."""
        self.send(f"JOIN {channel}")
        start = len(self.seen)
        self.wait_for("366", timeout, where=lambda m: m.params[1:2] == [channel])
        return self.seen[start:]

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def kill(self) -> None:
        """For the `processes` fixture: closes the connection when the test ends."""
        self.close()


def connect(port: int, nick: str, processes: list | None = None, source: str = "127.0.0.1", **options) -> IRCClient:
    """A client from `source` registered as `nick` (options go to `register`), closed with the test's processes."""
    client = IRCClient(port, source=source)
    if processes is not None:
        processes.append(client)
    lines = client.register(nick, **options)
    assert client.nick == nick, [m.raw for m in lines]
    return client


def start_gateway(processes: list, *extra: str, relay=None, env: dict[str, str] | None = None):
    """A gateway (with its embedded relay, or linked to `relay`) that also listens for IRC on a port of its
    choosing (`--irc-port 0`; its `irc_port`, from the line it prints), killed with the test's processes,
    once healthy."""
    from harness.processes import Gateway

    gateway = Gateway(relay, extra=["--irc-port", "0", *extra], env=env)
    processes.append(gateway)
    assert gateway.irc_port, f"no IRC clients line before {gateway.announcement!r}"
    if "--tls-cert" not in extra:
        gateway.wait_healthy()
        return gateway
    insecure = ssl.create_default_context()
    insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE
    deadline = time.monotonic() + 10
    while True:  # /healthz over TLS: 200 once the relay link is up
        try:
            with urllib.request.urlopen(f"https://127.0.0.1:{gateway.port}/healthz", context=insecure, timeout=5):
                return gateway
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the TLS gateway never became healthy; log:\n{gateway.log()}")
            time.sleep(0.02)

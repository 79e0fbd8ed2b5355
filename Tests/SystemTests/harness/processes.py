"""Our executables as processes on loopback: the relay, a Binary Star pair of relays, and gateways,
each started with its announcement line awaited and asked about its health over HTTP."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from harness import BIN_DIR
from harness.lines import OutputLines
from harness.ports import free_port_block


STATE_DIR = Path(tempfile.mkdtemp(prefix="privchat-state-"))
"""This test run's `--state-dir` (CHAT_STATE_DIR) for every relay and gateway it starts: one relay link key
for the run, not the user's, and none shared with another run on the machine."""


class Process:
    """One of our executables, started with its announcement line awaited."""

    def __init__(
        self,
        executable: str,
        args: list[str],
        env: dict[str, str] | None = None,
        announce_timeout: float = 20,
        bin_dir: Path = BIN_DIR,
        launcher: list[str] | None = None,
    ):
        """`bin_dir` is where the executable is (an install tree, say); `launcher` a command that runs it
        (`harness.confinement`'s, say)."""
        self.name = executable
        self.args = args
        self.log_path = Path(tempfile.mkstemp(prefix=f"{executable}-", suffix=".log")[1])
        full_env = {**os.environ, "CHAT_STATE_DIR": str(STATE_DIR), **(env or {})}
        self.popen = subprocess.Popen(
            [*(launcher or []), str(bin_dir / executable), *args],
            stdout=subprocess.PIPE,
            stderr=open(self.log_path, "wb"),
            env=full_env,
        )
        self.output = OutputLines(self.popen.stdout)
        self.announcement = self._read_line(announce_timeout)

    def _read_line(self, timeout: float) -> str:
        line = self.output.next(
            timeout,
            timed_out=lambda: TimeoutError(f"{self.name} printed nothing within {timeout}s; log:\n{self.log()}"),
            ended=lambda: RuntimeError(f"{self.name} exited with {self.popen.wait()} before announcing; log:\n{self.log()}"),
        )
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

    http_port: int
    """Where the process serves /healthz and /metrics."""

    def metrics(self) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/metrics", timeout=5) as response:
            return response.read().decode()

    def metric(self, name: str) -> float:
        """The value of one sample, e.g. 'gateway_clients_dropped_total{reason="slow"}'; 0 if absent."""
        for line in self.metrics().splitlines():
            if line.startswith(name + " "):
                return float(line.split()[-1])
        return 0.0

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
    """`chat-relay` on `port` or a free block of four: it binds PORT and PORT+1, serves /healthz on PORT+2,
    and a relay of a pair also binds PORT+3."""

    def __init__(self, port: int | None = None, extra: list[str] | None = None, **process):
        self.port = port or free_port_block(4)
        self.http_port = self.port + 2
        super().__init__("chat-relay", ["--port", str(self.port), *(extra or [])], **process)

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
    """`chat-gateway` on a port of its choosing, linked to `relay` (without one, it embeds its own)."""

    def __init__(self, relay: Relay | None = None, extra: list[str] | None = None, env: dict[str, str] | None = None, **process):
        args = ["--port", "0", *(["--relay", relay.address] if relay else []), *(extra or [])]
        super().__init__("chat-gateway", args, env=env, **process)
        self.irc_port: int | None = None
        """The port IRC clients connect to, with `--irc-port`: from its `IRC clients: irc://HOST:PORT` line,
        which comes before or after the announcement."""
        if "--irc-port" in args:
            lines = [self.announcement, self.next_line()]
            irc = next(found for line in lines if (found := re.match(r"IRC clients: ircs?://\S+:(\d+);", line)))
            self.irc_port = int(irc.group(1))
            self.announcement = next(line for line in lines if line != irc.string)
        match = re.search(r"listening on \S*:(\d+)", self.announcement) or re.search(r"wss?://localhost:(\d+)/ws", self.announcement)
        assert match, f"gateway announcement has no port: {self.announcement!r}"
        self.port = int(match.group(1))
        self.http_port = self.port
        self.url = f"ws://127.0.0.1:{self.port}/ws"

    def health(self) -> tuple[int, dict]:
        return http_json(f"http://127.0.0.1:{self.port}/healthz")

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
    """The status and JSON body of a GET, error statuses included (a 503 /healthz has a body too)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())

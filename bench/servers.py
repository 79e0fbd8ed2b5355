"""Starting the benchmarked servers pinned to their core, waiting for them, and stopping them for sure."""

import ctypes
import datetime
import os
import random
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from scenarios import GATEWAY_LIMITS, NODE_PATH, PEERS, ROOM_LIMITS, ROOT, SERVER_CPU, STORM_GATEWAY_FLAGS



def free_ports(count: int) -> int:
    """The first of `count` consecutive free loopback ports (the relay binds PORT, PORT+1, PORT+2).

    Below Linux's ephemeral range (32768 up), so the 10,000 client sockets of a run cannot take them."""
    for _ in range(200):
        first = random.randrange(20000, 32000)
        sockets = []
        try:
            for port in range(first, first + count):
                sockets.append(socket.socket())
                sockets[-1].bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free ports")


def die_with_parent() -> None:
    """Runs in chat-bench before exec: SIGTERM it if this script dies, even by SIGKILL (Linux)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def server_session() -> None:
    """Runs in each server before exec: a session of its own (Ctrl-C reaches this script, which stops
    the servers in order), and SIGTERM if this script dies."""
    os.setsid()
    die_with_parent()


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path
    argv: list = field(default_factory=list)
    env: dict = field(default_factory=dict)


@dataclass
class Running:
    """One server under test: its processes (all pinned to CPU 0), and where clients connect."""
    urls: list = field(default_factory=list)
    processes: list = field(default_factory=list)
    relay: str = ""

    @property
    def pids(self) -> list:
        return [p.popen.pid for p in self.processes]


class Launcher:
    """Starts servers pinned to CPU 0, remembers every process, and stops them all in `stop_all`."""

    def __init__(self, args, logs: Path):
        self.args = args
        self.logs = logs
        self.processes: list[Process] = []
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CHAT_")}  # no stray settings

    def spawn(self, name: str, argv: list, env: dict | None = None, append: bool = False) -> Process:
        log = self.logs / f"{name}.log"
        with open(log, "ab" if append else "wb") as out:
            popen = subprocess.Popen(["taskset", "-c", SERVER_CPU, *argv], stdin=subprocess.DEVNULL,
                                     stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                                     env={**self.env, **(env or {})}, preexec_fn=server_session)
        process = Process(name, popen, log, argv, env or {})
        self.processes.append(process)
        return process

    def kill_and_restart(self, running: "Running", process: Process) -> tuple:
        """SIGKILLs `process` and starts it again with the same command line (its log goes on).

        Returns (killed, restarted): CLOCK_MONOTONIC nanoseconds, the clock chat-bench reads too."""
        os.killpg(process.popen.pid, signal.SIGKILL)
        killed = time.monotonic_ns()
        process.popen.wait()
        self.processes.remove(process)
        with open(process.log, "a") as log:  # so the log reads in order: before the kill, after the restart
            log.write(f"--- bench: SIGKILL at {datetime.datetime.now(datetime.timezone.utc).isoformat()}; restarted ---\n")
        again = self.spawn(process.name, process.argv, process.env, append=True)
        restarted = time.monotonic_ns()
        running.processes[running.processes.index(process)] = again
        return killed, restarted

    def start(self, server: str, tag: str, storm: bool = False) -> Running:
        """Starts `server` and waits until it serves; stops what it started if it fails.

        `storm`: the relay topology for the reconnect storm, whose first gateway keeps every default
        (it is the one killed: the storm must get through its connection cap and hello throttle)."""
        running = Running()
        try:
            self.start_processes(server, tag, running, storm)
        except BaseException:
            self.stop(running)
            raise
        return running

    def start_processes(self, server: str, tag: str, running: Running, storm: bool = False) -> None:
        binary = Path(self.args.bin)
        if server == "gateway":
            port = free_ports(1)
            running.processes.append(self.spawn(f"{tag}.gateway", [
                str(binary / "chat-gateway"), "--port", str(port), *GATEWAY_LIMITS, *ROOM_LIMITS]))
            running.urls.append(f"ws://127.0.0.1:{port}/ws")
            self.wait_http(running, [f"http://127.0.0.1:{port}/healthz"])
        elif server in ("relay2gw", "relay"):
            relay = free_ports(3)
            running.relay = f"tcp://127.0.0.1:{relay}"
            running.processes.append(self.spawn(f"{tag}.relay", [
                str(binary / "chat-relay"), "--port", str(relay), "--log-level", "warning",
                *([] if storm else ROOM_LIMITS)]))
            health = [f"http://127.0.0.1:{relay + 2}/healthz"]
            if server == "relay2gw":
                self.wait_http(running, health)  # gateways link at once instead of retrying
                health = []
                for n in (1, 2):
                    port = free_ports(1)
                    limits = STORM_GATEWAY_FLAGS if storm and n == 1 else GATEWAY_LIMITS
                    running.processes.append(self.spawn(f"{tag}.gateway{n}", [
                        str(binary / "chat-gateway"), "--port", str(port), "--relay", running.relay, *limits]))
                    running.urls.append(f"ws://127.0.0.1:{port}/ws")
                    health.append(f"http://127.0.0.1:{port}/healthz")  # 200 once linked to the relay
            self.wait_http(running, health)
        elif server == "fastapi":
            port = free_ports(1)
            running.processes.append(self.spawn(f"{tag}.fastapi", [
                self.args.python, str(PEERS / "seed_server.py"), str(port)], env={"PYTHONUNBUFFERED": "1"}))
            running.urls.append(f"ws://127.0.0.1:{port}/ws")
            self.wait_tcp(running, port)
        elif server == "nodews":
            port = free_ports(1)
            running.processes.append(self.spawn(f"{tag}.nodews", [
                self.args.node, str(PEERS / "ws_server.js"), str(port)], env={"NODE_PATH": NODE_PATH}))
            running.urls.append(f"ws://127.0.0.1:{port}/ws")
            self.wait_tcp(running, port)
        else:
            raise ValueError(server)

    def check_alive(self, running: Running) -> None:
        for p in running.processes:
            if p.popen.poll() is not None:
                tail = p.log.read_text(errors="replace")[-600:].strip()
                raise RuntimeError(f"{p.name} exited with {p.popen.returncode}: {tail}")

    def wait_http(self, running: Running, urls: list, timeout: float = 30, poll: float = 0.1) -> None:
        deadline = time.monotonic() + timeout
        for url in urls:
            while True:
                self.check_alive(running)
                try:
                    with urllib.request.urlopen(url, timeout=1) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} not healthy after {timeout:.0f} s")
                time.sleep(poll)

    def wait_tcp(self, running: Running, port: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            self.check_alive(running)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"nothing listens on port {port} after {timeout:.0f} s")
                time.sleep(0.1)

    def stop(self, running: Running) -> None:
        stop_processes(running.processes)
        self.processes = [p for p in self.processes if p not in running.processes]

    def stop_all(self) -> None:
        stop_processes(self.processes)
        self.processes = []


def stop_processes(processes: list, grace: float = 5) -> None:
    """SIGTERM each process group (each server is its own session), then SIGKILL what is left."""
    for p in processes:
        if p.popen.poll() is None:
            try:
                os.killpg(p.popen.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + grace
    for p in processes:
        try:
            p.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.popen.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.popen.wait()


# MARK: Runs

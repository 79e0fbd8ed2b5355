#!/usr/bin/env python3
"""`make bench`: Private Chat against the seed's FastAPI server and Node's ws, on the same machine.

Each scenario runs against each server in turn. A fresh server per run, pinned to CPU 0
(`taskset -c 0`; the relay and both gateways of the relay topology share it), and the load generator
`chat-bench` pinned to CPU 1. Every run's JSON goes to artifacts/bench/, then one table is printed,
with the targets Private Chat is held to, and written as Markdown to artifacts/bench/table.md.

    python3 bench/run.py [--quick] [--only SERVER[/SCENARIO]] [--bin DIR] [--set SCENARIO.KEY=N]

Standard library only: the peer servers run on the Python given by --python (the Makefile's .venv).
bench/README.md explains the scenarios, the peers and how to read the table.
"""

import argparse
import ctypes
import datetime
import fnmatch
import json
import os
import platform
import random
import re
import resource
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "bench" / "peers"
NODE_PATH = "/usr/share/nodejs"  # Debian's node-ws lives here
SERVER_CPU, BENCH_CPU = "0", "1"

# Limits that would throttle a benchmark, raised on every Private Chat process. The defaults are
# for people: 20 messages/s per connection, 1 MiB queued per client, 1000 members per room.
GATEWAY_LIMITS = [
    "--rate", "1000000", "--burst", "1000000",
    "--client-queue-bytes", str(64 << 20),
    "--hello-timeout", "600",
    "--log-level", "warning",
]
ROOM_LIMITS = ["--max-room-members", "20000"]  # the embedded relay's, or chat-relay's


# MARK: Scenarios


@dataclass
class Scenario:
    name: str
    kind: str  # the chat-bench subcommand: fanout, idle or relay
    counts: dict
    quick: dict
    servers: tuple = ("gateway", "relay2gw", "fastapi", "nodews")


# The same counts for every server, so that rows compare. They are sized so that the fastest server's
# measured phase still lasts a second or more (CPU time is read in 10 ms ticks), which gives the
# slowest peer, the FastAPI seed (some 75,000-110,000 deliveries/s on one core), 10-20 s. Messages
# are per sender; rate100's rate is in all (200 messages/s for 5 s).
SCENARIOS = [
    Scenario("fanout100", "fanout",
             counts={"clients": 100, "senders": 10, "messages": 2000},
             quick={"clients": 100, "senders": 10, "messages": 30}),
    Scenario("rate100", "fanout",
             counts={"clients": 100, "senders": 10, "messages": 100, "rate": 200},
             quick={"clients": 100, "senders": 10, "messages": 20, "rate": 200}),
    Scenario("fanout1000", "fanout",
             counts={"clients": 1000, "senders": 1, "messages": 1000},
             quick={"clients": 1000, "senders": 1, "messages": 10}),
    Scenario("idle10k", "idle",
             counts={"clients": 10000, "hold": 2},
             quick={"clients": 1000, "hold": 1},
             servers=("gateway", "fastapi", "nodews")),
    Scenario("relay", "relay",
             counts={"messages": 2000000, "payload": 100},
             quick={"messages": 100000, "payload": 100},
             servers=("relay",)),
]

SERVER_LABELS = {
    "gateway": "Private Chat (1 gateway)",
    "relay2gw": "Private Chat (relay + 2 gw)",
    "fastapi": "FastAPI seed",
    "nodews": "Node ws",
    "relay": "Private Chat relay",
}


# MARK: Servers


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

    def spawn(self, name: str, argv: list, env: dict | None = None) -> Process:
        log = self.logs / f"{name}.log"
        with open(log, "wb") as out:
            popen = subprocess.Popen(["taskset", "-c", SERVER_CPU, *argv], stdin=subprocess.DEVNULL,
                                     stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                                     env={**self.env, **(env or {})}, preexec_fn=server_session)
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    def start(self, server: str, tag: str) -> Running:
        """Starts `server` and waits until it serves; stops what it started if it fails."""
        running = Running()
        try:
            self.start_processes(server, tag, running)
        except BaseException:
            self.stop(running)
            raise
        return running

    def start_processes(self, server: str, tag: str, running: Running) -> None:
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
                str(binary / "chat-relay"), "--port", str(relay), "--log-level", "warning", *ROOM_LIMITS]))
            health = [f"http://127.0.0.1:{relay + 2}/healthz"]
            if server == "relay2gw":
                self.wait_http(running, health)  # gateways link at once instead of retrying
                health = []
                for n in (1, 2):
                    port = free_ports(1)
                    running.processes.append(self.spawn(f"{tag}.gateway{n}", [
                        str(binary / "chat-gateway"), "--port", str(port), "--relay", running.relay,
                        *GATEWAY_LIMITS]))
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

    def wait_http(self, running: Running, urls: list, timeout: float = 30) -> None:
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
                time.sleep(0.1)

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


@dataclass
class Result:
    scenario: str
    server: str
    data: dict = field(default_factory=dict)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and self.data.get("ok") is True


URL_OPTION: dict = {}


def takes_several_urls(args) -> bool:
    """Whether this chat-bench spreads its clients over several --url (its usage line says `--url <url> ...`)."""
    if "several" not in URL_OPTION:
        usage = subprocess.run([args.chat_bench, "fanout", "--help"], capture_output=True, text=True, timeout=20)
        URL_OPTION["several"] = re.search(r"--url <[a-z-]+> \.\.\.", usage.stdout + usage.stderr) is not None
    return URL_OPTION["several"]


def bench_command(args, scenario: Scenario, server: str, counts: dict, running: Running, timeout: int) -> list:
    command = ["taskset", "-c", BENCH_CPU, args.chat_bench, scenario.kind]
    if scenario.kind == "relay":
        command += ["--relay", running.relay, "--messages", str(counts["messages"]),
                    "--payload", str(counts["payload"]), "--timeout", str(timeout), "--label", f"{scenario.name}/{server}"]
        for pid in running.pids:
            command += ["--relay-pid", str(pid)]
        return command
    for url in running.urls if takes_several_urls(args) else running.urls[:1]:
        command += ["--url", url]
    command += ["--clients", str(counts["clients"]), "--label", f"{scenario.name}/{server}"]
    if scenario.kind == "fanout":
        command += ["--senders", str(counts["senders"]), "--messages", str(counts["messages"]),
                    "--payload", "100", "--timeout", str(timeout)]
        if "rate" in counts:
            command += ["--rate", str(counts["rate"])]
    else:
        command += ["--hold", str(counts["hold"])]
    for pid in running.pids:
        command += ["--server-pid", str(pid)]
    return command


def run_one(args, launcher: Launcher, scenario: Scenario, server: str, counts: dict,
            budget_left: float, out: Path) -> Result:
    result = Result(scenario.name, server)
    tag = f"{server}.{scenario.name}"
    # chat-bench's --timeout bounds its warm-up and its measured phase separately; connecting comes on
    # top. The whole run gets what is left of the budget at most.
    hard_limit = max(30, budget_left - 10)
    timeout = int(max(5, min(args.timeout, (hard_limit - 30) / 2)))
    limit = min(2 * timeout + 60, hard_limit)
    running, command = None, []
    print(f"  {SERVER_LABELS[server]:<28} {scenario.name:<10} ", end="", flush=True)
    try:
        running = launcher.start(server, tag)
        command = bench_command(args, scenario, server, counts, running, timeout)
        started = time.monotonic()
        with open(out / "logs" / f"{tag}.chat-bench.log", "wb") as err:
            done = subprocess.run(command, stdout=subprocess.PIPE, stderr=err, cwd=ROOT,
                                  timeout=limit, env=launcher.env, preexec_fn=die_with_parent)
        elapsed = time.monotonic() - started
        lines = [l for l in done.stdout.decode(errors="replace").splitlines() if l.startswith("{")]
        if not lines:
            result.error = f"chat-bench exited {done.returncode} without a JSON line (see logs/{tag}.chat-bench.log)"
        else:
            result.data = json.loads(lines[-1])
            if done.returncode != 0 and result.data.get("ok") is not False:
                result.error = f"chat-bench exited {done.returncode}"
        launcher.check_alive(running)  # a server that crashed under load fails the run
        print(f"{'ok' if result.ok else 'NOT OK'} in {elapsed:.1f} s {result.error}")
    except subprocess.TimeoutExpired:
        result.error = f"timed out after {limit:.0f} s"
        print(result.error)
    except (RuntimeError, OSError, ValueError) as error:
        result.error = str(error)
        print(f"failed: {error}")
    finally:
        if running is not None:
            launcher.stop(running)
    record = {"scenario": scenario.name, "server": server, "label": SERVER_LABELS[server],
              "counts": counts, "command": shlex.join(command), "error": result.error, "result": result.data}
    (out / f"{tag}.json").write_text(json.dumps(record, indent=2) + "\n")
    return result


# MARK: The table


def ms(value) -> str:
    if value is None:
        return ""
    v = value / 1000
    return f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:.0f}"


def number(value, digits: int = 0) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def row(result: Result) -> list:
    d = result.data
    latency = d.get("latency_us") or {}
    cpu = d.get("server_cpu_us_per_delivery", d.get("relay_cpu_us_per_message"))
    if "rss_per_connection_kib" in d or result.scenario == "idle10k":
        throughput = f"{number(d.get('clients'))} conn in {number(d.get('connect_s'), 2)} s"
        memory = f"{number(d.get('rss_per_connection_kib'), 2)} KiB/conn"
    elif result.scenario == "relay":
        throughput = f"{number(d.get('messages_per_s'))} msg/s"
        memory = f"{number((d.get('relay_rss_kib') or d.get('server_rss_kib') or 0) / 1024, 1)} MiB"
    else:
        throughput = f"{number(d.get('deliveries_per_s'))} deliv/s"
        memory = f"{number((d.get('server_rss_kib') or 0) / 1024, 1)} MiB"
    lost = "" if "lost" not in d else f"{d.get('lost', 0)}/{d.get('duplicates', 0)}"
    if d.get("self_echo"):
        lost += f" echo {d['self_echo']}"
    # chat-bench's own CPU over the measured phase: near 100 %, the generator (not the server) set the pace.
    generator = ""
    if d.get("bench_cpu_s") is not None and d.get("measured_s"):
        generator = f"{100 * d['bench_cpu_s'] / d['measured_s']:.0f} %"
    status = "ok" if result.ok else "FAIL"
    return [result.scenario, SERVER_LABELS[result.server], throughput if d else "",
            ms(latency.get("p50")), ms(latency.get("p99")), ms(latency.get("max")),
            number(cpu, 2) if d else "", memory if d else "", lost, generator, status]


HEADER = ["scenario", "server", "throughput", "p50 ms", "p99 ms", "max ms", "CPU µs/deliv", "memory",
          "lost/dup", "gen CPU", "status"]
RIGHT = {2, 3, 4, 5, 6, 7, 9}


def text_table(rows: list) -> str:
    widths = [max(len(str(r[i])) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    def line(cells):
        return "  ".join(str(c).rjust(w) if i in RIGHT else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    return "\n".join([line(HEADER), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def markdown_table(header: list, rows: list, right: set) -> str:
    align = ["---:" if i in right else "---" for i in range(len(header))]
    return "\n".join("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"
                     for cells in [header, align, *rows])


def targets(results: list) -> list:
    """[target, figure, goal, verdict] for each target that any run of this table bears on; PASS needs
    every run involved to be ok."""
    by = {(r.scenario, r.server): r for r in results}
    out = []

    def figure(scenario, server, key, sub=None):
        r = by.get((scenario, server))
        if r is None:
            return None, "not run"
        if not r.ok:
            return None, "run failed"
        value = r.data.get(key)
        if sub is not None:
            value = (value or {}).get(sub)
        return value, "" if value is not None else f"no {key}"

    def verdict(passed: bool) -> str:
        return "PASS" if passed else "FAIL"

    for scenario in ("fanout100", "fanout1000"):
        ours, why = figure(scenario, "gateway", "server_cpu_us_per_delivery")
        for peer, goal in (("fastapi", 10), ("nodews", 4)):
            if (scenario, "gateway") not in by and (scenario, peer) not in by:
                continue
            theirs, why_peer = figure(scenario, peer, "server_cpu_us_per_delivery")
            name = f"{scenario}: CPU per delivery, {SERVER_LABELS[peer]} ÷ Private Chat"
            if ours and theirs:
                ratio = theirs / ours
                out.append([name, f"{ratio:.1f}× ({theirs:.2f} / {ours:.2f} µs)", f"≥ {goal}×", verdict(ratio >= goal)])
            else:
                out.append([name, why or why_peer, f"≥ {goal}×", "n/a"])
    for server, goal in (("gateway", 2), ("relay2gw", 4)):
        if ("rate100", server) not in by:
            continue
        p99, why = figure("rate100", server, "latency_us", "p99")
        name = f"rate100: p99 latency, {SERVER_LABELS[server]}"
        out.append([name, f"{p99 / 1000:.2f} ms" if p99 is not None else why, f"≤ {goal} ms",
                    verdict(p99 / 1000 <= goal) if p99 is not None else "n/a"])
    if ("idle10k", "gateway") in by:
        per, why = figure("idle10k", "gateway", "rss_per_connection_kib")
        clients = by[("idle10k", "gateway")].data.get("clients")
        name = f"idle10k: RSS per idle connection ({number(clients)} connections)" if clients else "idle10k: RSS per idle connection"
        out.append([name, f"{per:.2f} KiB" if per is not None else why, "≤ 6 KiB",
                    verdict(per <= 6) if per is not None else "n/a"])
    if ("relay", "relay") in by:
        rate, why = figure("relay", "relay", "messages_per_s")
        out.append(["relay hop: messages/s through chat-relay", f"{rate:,.0f} msg/s" if rate is not None else why,
                    "≥ 1,000,000 msg/s", verdict(rate >= 1_000_000) if rate is not None else "n/a"])
    return out


# What uvicorn's "auto" settings pick in this venv: the stack the seed peer really ran on.
PEER_VERSIONS = """
import sys, fastapi, starlette, uvicorn, websockets, h11
from uvicorn.protocols.http.auto import AutoHTTPProtocol
from uvicorn.protocols.websockets.auto import AutoWebSocketsProtocol
try:
    import uvloop; loop = "uvloop"
except ImportError:
    loop = "asyncio"
print(f"FastAPI {fastapi.__version__}, Starlette {starlette.__version__}, uvicorn {uvicorn.__version__} "
      f"({AutoHTTPProtocol.__name__} on h11 {h11.__version__}, {AutoWebSocketsProtocol.__name__} on websockets "
      f"{websockets.__version__}, {loop}), Python {sys.version.split()[0]}")
"""


def load_average() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0


def machine(args, counts_of: dict, load: float) -> list:
    def output(*command) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=20, cwd=ROOT).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return "?"
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = output("git", "rev-parse", "--short", "HEAD")
    if output("git", "status", "--porcelain", "--untracked-files=no"):
        commit += " with uncommitted changes"
    peers = output(args.python, "-c", PEER_VERSIONS)
    try:
        ws_version = json.loads(Path(NODE_PATH, "ws", "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        ws_version = "?"
    counts = "; ".join(f"{name} {', '.join(f'{k} {v}' for k, v in c.items())}" for name, c in counts_of.items())
    return [
        ("Date", datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("Machine", f"{cpu}, nproc {output('nproc')}, {platform.system()} {platform.release()}, "
                    f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"),
        ("Command", ("make bench → " if os.environ.get("MAKELEVEL") else "")
                    + shlex.join(["python3", *sys.argv])),
        ("Load", f"{load:.2f} (1-minute load average before the run" + ("; other work shared the cores, so "
                 "latency and throughput are noisy" if load > 0.5 else "") + ")"),
        ("Pinning", f"servers on CPU {SERVER_CPU} (relay and both gateways together), chat-bench on CPU {BENCH_CPU}"),
        ("Private Chat", f"{commit}, binaries from {args.bin}"),
        ("Peers", f"{peers}; Node {output(args.node, '--version')}, ws {ws_version} (Debian node-ws)"),
        ("Counts", counts + (" (--quick)" if args.quick else "")),
    ]


# MARK: Main


def interrupt(signum, frame):
    raise KeyboardInterrupt


def parse(argv: list):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="Servers: gateway relay2gw fastapi nodews relay. "
                                            "Scenarios: " + " ".join(s.name for s in SCENARIOS) + ".")
    parser.add_argument("--quick", action="store_true", help="small counts: a smoke test of the whole run")
    parser.add_argument("--only", action="append", default=[], metavar="SERVER[/SCENARIO]",
                        help="run only these (repeatable; shell patterns: fastapi, */idle10k, gateway/rate100)")
    parser.add_argument("--bin", default=str(ROOT / ".build" / "release"),
                        help="folder of chat-gateway, chat-relay and chat-bench (default .build/release)")
    parser.add_argument("--chat-bench", help="the load generator (default: BIN/chat-bench)")
    parser.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"),
                        help="Python with FastAPI and uvicorn, for the seed peer (default .venv)")
    parser.add_argument("--node", default="node", help="Node.js for the ws peer")
    parser.add_argument("--set", action="append", default=[], metavar="SCENARIO.KEY=N",
                        help="override a count, e.g. fanout100.messages=1000 (same for every server)")
    parser.add_argument("--timeout", type=int, default=90, help="seconds one run may take (default 90)")
    parser.add_argument("--budget", type=int, default=540,
                        help="seconds the whole run may take; later runs are skipped (default 540)")
    parser.add_argument("--out", default=str(ROOT / "artifacts" / "bench"), help="where results go")
    args = parser.parse_args(argv)
    args.bin = str(Path(args.bin).absolute())
    args.chat_bench = args.chat_bench or str(Path(args.bin) / "chat-bench")
    return args


def selected(args, server: str, scenario: str) -> bool:
    if not args.only:
        return True
    key = f"{server}/{scenario}"
    for pattern in args.only:
        if "/" in pattern and fnmatch.fnmatch(key, pattern):
            return True
        if "/" not in pattern and (fnmatch.fnmatch(server, pattern) or fnmatch.fnmatch(scenario, pattern)):
            return True
    return False


def counts_for(args) -> dict:
    counts = {s.name: dict(s.quick if args.quick else s.counts) for s in SCENARIOS}
    for item in args.set:
        try:
            key, value = item.split("=", 1)
            scenario, name = key.split(".", 1)
            if scenario not in counts or name not in counts[scenario]:
                raise ValueError
            counts[scenario][name] = int(value)
        except ValueError:
            sys.exit(f"bench: --set {item!r}: expected SCENARIO.KEY=N with one of "
                     + ", ".join(f"{s}.{k}" for s, c in counts.items() for k in c))
    return counts


MISSING: dict = {}


def missing(args, server: str) -> str:
    """Why a server cannot run here, or "" (asked once per server)."""
    if server not in MISSING:
        MISSING[server] = find_missing(args, server)
    return MISSING[server]


def find_missing(args, server: str) -> str:
    binary = Path(args.bin)
    needs = {"gateway": ["chat-gateway"], "relay2gw": ["chat-gateway", "chat-relay"], "relay": ["chat-relay"]}
    for name in needs.get(server, []):
        if not os.access(binary / name, os.X_OK):
            return f"no {binary / name} (swift build -c release --product {name})"
    if server == "fastapi":
        check = subprocess.run([args.python, "-c", "import fastapi, uvicorn, websockets"], capture_output=True)
        if check.returncode != 0:
            return f"{args.python} lacks fastapi/uvicorn/websockets (pip install -r bench/requirements.txt)"
    if server == "nodews" and not Path(NODE_PATH, "ws").is_dir():
        return "no Node ws in /usr/share/nodejs (apt-get install node-ws)"
    return ""


def main(argv: list) -> int:
    args = parse(argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress shows as it happens, through make and pipes too
    out = Path(args.out)
    (out / "logs").mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("*.json")) + list((out / "logs").glob("*.log")):
        old.unlink()  # a table describes one run only

    # 10,000 connections need 10,000 descriptors on each side; children inherit the limit.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard == resource.RLIM_INFINITY else max(soft, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    if wanted != resource.RLIM_INFINITY and wanted < 10_500:
        print(f"bench: warning: only {wanted} file descriptors allowed; idle10k needs more than 10,000")
    if not os.access(args.chat_bench, os.X_OK):
        sys.exit(f"bench: no load generator at {args.chat_bench} (swift build -c release --product chat-bench)")

    counts = counts_for(args)
    plan = [(s, server) for s in SCENARIOS for server in s.servers if selected(args, server, s.name)]
    if not plan:
        sys.exit("bench: --only matched nothing")

    # SIGTERM (from make, CI or a time limit) unwinds like Ctrl-C, so the servers are stopped.
    signal.signal(signal.SIGTERM, interrupt)
    launcher = Launcher(args, out / "logs")
    results: list[Result] = []
    load = load_average()
    if load > 0.5:
        print(f"bench: warning: load average {load:.2f}: something else is using the cores; figures will be noisy")
    started = time.monotonic()
    print(f"bench: {len(plan)} runs; servers on CPU {SERVER_CPU}, chat-bench on CPU {BENCH_CPU}; results in {out}")
    try:
        for scenario, server in plan:
            reason = missing(args, server)
            left = args.budget - (time.monotonic() - started)
            if not reason and left < 30:
                reason = f"skipped: the {args.budget} s budget is spent"
            if reason:
                print(f"  {SERVER_LABELS[server]:<28} {scenario.name:<10} {reason}")
                results.append(Result(scenario.name, server, error=reason))
                continue
            results.append(run_one(args, launcher, scenario, server, counts[scenario.name], left, out))
    except KeyboardInterrupt:
        print("\nbench: interrupted; stopping the servers")
        return 130
    finally:
        launcher.stop_all()

    header = machine(args, {s.name: counts[s.name] for s, _ in plan}, load)
    rows = [row(r) for r in results]
    goals = targets(results)
    notes = [f"{r.server}/{r.scenario} failed: {r.error or r.data.get('error') or 'not ok'}"
             for r in results if not r.ok]
    if any(r.server == "relay2gw" and r.data for r in results) and not takes_several_urls(args):
        notes.append("relay + 2 gw: this chat-bench takes one --url, so every client is on the first gateway; "
                     "the second is linked to the relay but has no clients.")
    print()
    print(text_table(rows))
    print()
    for note in notes:
        print(f"Note: {note}")
    if notes:
        print()
    print("Targets (Private Chat is the 1-gateway server unless named):" if goals else "No targets bear on these runs.")
    width = max((len(g[0]) for g in goals), default=0)
    for name, value, goal, verdict in goals:
        print(f"  {verdict:<4}  {name:<{width}}  {value}  (goal {goal})")
    print(f"\nbench: {time.monotonic() - started:.0f} s; JSON and logs in {out}, Markdown in {out / 'table.md'}")

    markdown = [f"## Benchmark, {header[0][1]}", ""]
    markdown += [f"- **{key}:** {value}" for key, value in header[1:]]
    markdown += ["", markdown_table(HEADER, rows, RIGHT), ""]
    markdown += [f"- Note: {note}" for note in notes] + ([""] if notes else [])
    if goals:
        markdown += [markdown_table(["target", "figure", "goal", "verdict"], goals, set()), ""]
    (out / "table.md").write_text("\n".join(markdown))
    (out / "results.json").write_text(json.dumps(
        {"machine": dict(header), "runs": [{"scenario": r.scenario, "server": r.server, "error": r.error,
                                            "result": r.data} for r in results]}, indent=2) + "\n")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The table `make bench` prints (and writes as Markdown), the targets, and the machine it ran on."""

import datetime
import json
import os
import platform
import shlex
import subprocess
import sys
from pathlib import Path

from scenarios import BENCH_CPU, NODE_PATH, ROOT, SERVER_CPU, SERVER_LABELS, Result



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
    cpu = ""
    if d.get("server_cpu_us_per_delivery") is not None:
        cpu = f"{number(d['server_cpu_us_per_delivery'], 2)} /deliv"
    elif d.get("relay_cpu_us_per_message") is not None:
        cpu = f"{number(d['relay_cpu_us_per_message'], 2)} /msg"
    memory = f"{number((d.get('server_rss_kib') or 0) / 1024, 1)} MiB"
    if result.scenario.startswith("idle"):
        # Set-up CPU and memory per connection side by side: what one more connection costs.
        throughput = f"{number(d.get('connections_reached'))} conn in {number(d.get('connect_s'), 2)} s"
        if d.get("server_cpu_us_per_connection") is not None:
            cpu = f"{number(d['server_cpu_us_per_connection'], 0)} /conn"
        memory = f"{number(d.get('rss_per_connection_kib'), 2)} KiB/conn"
    elif result.scenario.startswith("storm"):
        throughput = (f"{number(d.get('resumed'))} back in {number(d['kill_to_last_resumed_s'], 2)} s"
                      if d.get("kill_to_last_resumed_s") is not None and d.get("resumed") == d.get("clients")
                      else f"{number(d.get('resumed'))} of {number(d.get('clients'))} back")
        memory = ""
    elif result.scenario.startswith("relay"):
        throughput = f"{number(d.get('messages_per_s'))} msg/s"
        memory = f"{number((d.get('relay_rss_kib') or d.get('server_rss_kib') or 0) / 1024, 1)} MiB"
    else:
        throughput = f"{number(d.get('deliveries_per_s'))} deliv/s"
    lost = "" if d.get("lost") is None else f"{d['lost']}/{d.get('duplicates') or 0}"
    if d.get("self_echo"):
        lost += f" echo {d['self_echo']}"
    # chat-bench's own CPU over the measured phase: near 100 %, the generator (not the server) set the pace.
    generator = ""
    if d.get("bench_cpu_s") is not None and d.get("measured_s"):
        generator = f"{100 * d['bench_cpu_s'] / d['measured_s']:.0f} %"
    status = "ok" if result.ok else "FAIL"
    return [result.scenario, SERVER_LABELS[result.server], throughput if d else "",
            ms(latency.get("p50")), ms(latency.get("p99")), ms(latency.get("max")),
            cpu if d else "", memory if d else "", lost, generator, status]


HEADER = ["scenario", "server", "throughput", "p50 ms", "p99 ms", "max ms", "server CPU µs", "memory",
          "lost/dup", "gen CPU", "status"]
RIGHT = {2, 3, 4, 5, 6, 7, 9}


def details(results: list) -> list:
    """A line per idle and storm run with the figures the table has no column for."""
    lines = []
    for r in results:
        d = r.data
        if not d:
            continue
        if r.scenario.startswith("idle"):
            first, last = d.get("baseline_sample") or {}, d.get("final_sample") or {}
            lines.append(f"{r.server}/{r.scenario}: RSS {number(first.get('rss_kib'))} KiB at {number(first.get('connections'))} "
                         f"connections, {number(last.get('rss_kib'))} KiB at {number(last.get('connections'))}; "
                         f"set-up CPU {number(d.get('server_cpu_s'), 2)} s for {number(d.get('connections_reached'))} connections, "
                         f"{number(d.get('connect_s'), 2)} s to open them (+ {number(d.get('settle_s'), 2)} s for the server to settle)")
        elif r.scenario.startswith("storm"):
            timing = "" if d.get("kill_to_last_resumed_s") is None else (
                f"the last {number(d['kill_to_last_resumed_s'], 2)} s after the SIGKILL and "
                f"{number(d.get('restart_to_last_resumed_s'), 2)} s after the restart (healthy "
                f"{number(d.get('restart_to_healthy_s'), 2)} s after it; median client back "
                f"{number(d.get('kill_to_median_resumed_s'), 2)} s after the kill); ")
            lines.append(f"{r.server}/{r.scenario}: {number(d.get('resumed'))} of {number(d.get('clients'))} clients resumed, "
                         + timing +
                         f"{number(d.get('reconnect_attempts'))} reconnect attempts; {number(d.get('acknowledged'))} messages "
                         f"in {number(d.get('rooms'))} rooms" + (
                             "" if d.get("lost") is None else
                             f", {number(d.get('lost'))} lost, {number(d.get('duplicates'))} duplicated, "
                             f"{number(d.get('out_of_order'))} out of order as shown by ClientState; "
                             f"{number(d.get('duplicate_frames'))} duplicate and {number(d.get('out_of_order_frames'))} "
                             f"out-of-order frames under it, {number(d.get('unasked_welcomes'))} unasked welcomes"))
            if d.get("missing_messages"):
                lines.append(f"{r.server}/{r.scenario}: {number(d['missing_messages'])} messages missed by some client "
                             f"(the worst by {number(d.get('most_clients_missing_one'))}), said from "
                             f"{number(d.get('missing_said_from_s'), 2)} s to {number(d.get('missing_said_to_s'), 2)} s "
                             f"after the kill")
            for process, warnings in (d.get("server_warnings") or {}).items():
                said = "; ".join(f"{message} ×{count}" for message, count in warnings.items())
                lines.append(f"{r.server}/{r.scenario}: {process} logged: {said}")
    return lines


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
        # Issue 15: no worse a ratio than before the NIO connection layer (about 11× and 6×).
        for peer, goal in (("fastapi", 11), ("nodews", 6)):
            if (scenario, "gateway") not in by and (scenario, peer) not in by:
                continue
            theirs, why_peer = figure(scenario, peer, "server_cpu_us_per_delivery")
            name = f"{scenario}: CPU per delivery, {SERVER_LABELS[peer]} ÷ Private Chat"
            if ours and theirs:
                ratio = theirs / ours
                out.append([name, f"{ratio:.1f}× ({theirs:.2f} / {ours:.2f} µs)", f"≥ {goal}×", verdict(ratio >= goal)])
            else:
                out.append([name, why or why_peer, f"≥ {goal}×", "n/a"])
    # rate100's p99 is held to the best peer's in the same run: times change from one run to the next.
    peer_p99s = [p for p, _ in (figure("rate100", peer, "latency_us", "p99") for peer in ("fastapi", "nodews")) if p]
    for server in ("gateway", "relay2gw"):
        if ("rate100", server) not in by:
            continue
        p99, why = figure("rate100", server, "latency_us", "p99")
        name = f"rate100: p99 latency, {SERVER_LABELS[server]}"
        if not peer_p99s:
            out.append([name, f"{p99 / 1000:.2f} ms" if p99 is not None else why, "≤ the best peer's", "n/a"])
            continue
        best = min(peer_p99s)
        out.append([name, f"{p99 / 1000:.2f} ms" if p99 is not None else why, f"≤ {best / 1000:.2f} ms (best peer)",
                    verdict(p99 <= best) if p99 is not None else "n/a"])
    if ("idle19k", "gateway") in by:
        per, why = figure("idle19k", "gateway", "rss_per_connection_kib")
        d = by[("idle19k", "gateway")].data
        counts = [(d.get(key) or {}).get("connections") for key in ("baseline_sample", "final_sample")]
        name = "idle19k: RSS per idle connection" + (
            f" (slope from {number(counts[0])} to {number(counts[1])} connections)" if all(counts) else "")
        node, _ = figure("idle19k", "nodews", "rss_per_connection_kib")
        goal = "≤ 5 KiB" + (f" and ≤ Node ws's {node:.2f} KiB" if node else "")
        out.append([name, f"{per:.2f} KiB" if per is not None else why, goal,
                    verdict(per <= 5 and (node is None or per <= node)) if per is not None else "n/a"])
        ours, why = figure("idle19k", "gateway", "server_cpu_us_per_connection")
        theirs, _ = figure("idle19k", "nodews", "server_cpu_us_per_connection")
        out.append(["idle19k: server CPU to set up a connection (upgrade, name)",
                    f"{ours:.0f} µs" if ours is not None else why,
                    f"≤ Node ws's {theirs:.0f} µs" if theirs else "≤ Node ws's",
                    verdict(ours <= theirs) if ours is not None and theirs else "n/a"])
    if ("storm10k", "relay2gw") in by:
        r = by[("storm10k", "relay2gw")]
        d = r.data
        figure_text = f"{number(d.get('resumed'))}/{number(d.get('clients'))} back" if d else "run failed"
        if d.get("kill_to_last_resumed_s") is not None:
            figure_text += f" in {number(d['kill_to_last_resumed_s'], 2)} s"
        if d.get("lost") is not None:
            figure_text += f", {number(d['lost'])} lost, {number(d.get('duplicates'))} duplicated"
        out.append(["storm10k: every client of a killed gateway (default limits) resumes, nothing lost or repeated",
                    figure_text, "all back, 0 lost, 0 duplicated", verdict(r.ok)])
    for scenario, name in (("relay", "relay hop: messages/s through chat-relay, 1 say per frame (as gateways send)"),
                           ("relay32", "relay hop: messages/s through chat-relay, 32 says per frame")):
        if (scenario, "relay") in by:
            rate, why = figure(scenario, "relay", "messages_per_s")
            out.append([name, f"{rate:,.0f} msg/s" if rate is not None else why,
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

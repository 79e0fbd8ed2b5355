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
import fnmatch
import json
import os
import re
import resource
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

from report import HEADER, RIGHT, details, load_average, machine, markdown_table, row, targets, text_table
from scenarios import BENCH_CPU, NODE_PATH, ROOT, SCENARIOS, SERVER_CPU, SERVER_LABELS, Result, Scenario
from servers import Launcher, Running, die_with_parent
import storm


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
        for option in ("batch", "window"):
            if option in counts:
                command += [f"--{option}", str(counts[option])]
        for pid in running.pids:
            command += ["--relay-pid", str(pid)]
        return command
    if scenario.kind == "storm":
        # Clients on the first gateway (the one killed), the sender on the second.
        return command + ["--url", running.urls[0], "--sender-url", running.urls[1],
                          "--clients", str(counts["clients"]), "--room-size", str(counts["room_size"]),
                          "--rate", str(counts["rate"]), "--after", str(counts["after"]),
                          "--timeout", str(timeout), "--label", f"{scenario.name}/{server}"]
    for url in running.urls if takes_several_urls(args) else running.urls[:1]:
        command += ["--url", url]
    command += ["--clients", str(counts["clients"]), "--label", f"{scenario.name}/{server}"]
    if scenario.kind == "fanout":
        command += ["--senders", str(counts["senders"]), "--messages", str(counts["messages"]),
                    "--payload", "100", "--timeout", str(timeout)]
        if "rate" in counts:
            command += ["--rate", str(counts["rate"])]
    else:
        command += ["--baseline", str(counts["baseline"]), "--hold", str(counts["hold"]), "--timeout", str(timeout)]
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
        running = launcher.start(server, tag, storm=scenario.kind == "storm")
        command = bench_command(args, scenario, server, counts, running, timeout)
        started = time.monotonic()
        with open(out / "logs" / f"{tag}.chat-bench.log", "wb") as err:
            if scenario.kind == "storm":
                returncode, stdout = storm.drive(command, launcher, running, err, limit, launcher.env)
            else:
                done = subprocess.run(command, stdout=subprocess.PIPE, stderr=err, cwd=ROOT,
                                      timeout=limit, env=launcher.env, preexec_fn=die_with_parent)
                returncode, stdout = done.returncode, done.stdout.decode(errors="replace").splitlines()
        elapsed = time.monotonic() - started
        lines = [l for l in stdout if l.startswith("{")]
        if not lines:
            result.error = f"chat-bench exited {returncode} without a JSON line (see logs/{tag}.chat-bench.log)"
        else:
            result.data = json.loads(lines[-1])
            if returncode != 0 and result.data.get("ok") is not False:
                result.error = f"chat-bench exited {returncode}"
        if scenario.kind == "storm" and result.data:
            result.data["server_warnings"] = storm.server_warnings(running)
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


def interrupt(signum, frame):
    raise KeyboardInterrupt


def parse(argv: list):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="Servers: gateway relay2gw fastapi nodews relay. "
                                            "Scenarios: " + " ".join(s.name for s in SCENARIOS) + ".")
    parser.add_argument("--quick", action="store_true", help="small counts: a smoke test of the whole run")
    parser.add_argument("--only", action="append", default=[], metavar="SERVER[/SCENARIO]",
                        help="run only these (repeatable; shell patterns: fastapi, */idle19k, '*/storm10k', gateway/rate100)")
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
    if wanted != resource.RLIM_INFINITY and wanted < 19_100:
        print(f"bench: warning: only {wanted} file descriptors allowed; idle19k needs more than 19,000")
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
    notes = details(results)
    notes += [f"{r.server}/{r.scenario} failed: {r.error or r.data.get('error') or 'not ok'}"
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

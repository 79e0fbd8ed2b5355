#!/usr/bin/env python3
"""`make soak`: a relay and two gateways under steady chat load for a while, watched for leaks.

`chat-bench fanout` (open loop) keeps --clients plain-mode clients, spread over both gateways, chatting at
--rate messages per second in all, for --seconds. Meanwhile one extra client a second connects and
leaves, in turn politely (close 1000), abruptly (TCP close) and after a protocol error (RSV1: close
1002), so that connections are opened and torn down all along. Every --interval seconds each server's
RSS (/proc/PID/status VmRSS) and open descriptors (/proc/PID/fd) are sampled, printed as a table and
written to artifacts/soak/soak.csv.

At the end, over the samples after the warm-up, the median of the last third is compared with the median
of the first third for each process. It fails (exit 1) if any process's descriptors grew, if its RSS grew
by more than --rss-growth-percent (with --rss-slack-mib tolerated in any case), if a delivery was lost
or duplicated, if a churn client was not served as expected, or if a server died.

    python3 bench/soak.py [--seconds 600] [--bin .build/release] [--clients 200] [--rate 50]

Standard library only; loopback only; it stops by itself (the servers are stopped on every exit path).
"""

import argparse
import csv
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from scenarios import BENCH_CPU, ROOT
from servers import Launcher, Running, die_with_parent, free_ports

UPGRADE = (
    b"GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
)


def masked_frame(opcode: int, payload: bytes, rsv: int = 0) -> bytes:
    """One final client frame, masked as RFC 6455 requires (payloads under 126 bytes)."""
    key = os.urandom(4)
    return bytes([0x80 | rsv | opcode, 0x80 | len(payload)]) + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def close_code_then_eof(sock: socket.socket) -> int | None:
    """Reads until the server closes the socket; returns the code of the close frame it sent, if any."""
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    # Server frames are unmasked; a close frame is 0x88, its length, then the code.
    index = data.find(b"\x88")
    while index >= 0 and index + 4 <= len(data):
        if data[index + 1] >= 2:
            return int.from_bytes(data[index + 2 : index + 4], "big")
        index = data.find(b"\x88", index + 1)
    return None


class Churn(threading.Thread):
    """One short-lived client a second, alternating between the gateways and three ways of leaving."""

    WAYS = ("polite", "abrupt", "protocol-error")

    def __init__(self, ports: list, per_second: float, stop: threading.Event):
        super().__init__(daemon=True)
        self.ports, self.per_second, self.stop = ports, per_second, stop
        self.done = {way: 0 for way in self.WAYS}
        self.failures: list[str] = []

    def run(self) -> None:
        number = 0
        while self.per_second > 0 and not self.stop.wait(1 / self.per_second):
            way = self.WAYS[number % len(self.WAYS)]
            try:
                self.visit(self.ports[number % len(self.ports)], f"churn{number}", way)
                self.done[way] += 1
            except (OSError, AssertionError) as error:
                if len(self.failures) < 20:
                    self.failures.append(f"churn{number} ({way}): {error!r}")
            number += 1

    @staticmethod
    def visit(port: int, name: str, way: str) -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(UPGRADE)
            response = b""
            while b"\r\n\r\n" not in response:
                chunk = sock.recv(1)
                assert chunk, "closed during the upgrade"
                response += chunk
            assert response.startswith(b"HTTP/1.1 101"), response[:40]
            sock.sendall(masked_frame(0x1, name.encode()))
            if way == "polite":
                sock.sendall(masked_frame(0x8, (1000).to_bytes(2, "big")))
                assert close_code_then_eof(sock) == 1000
            elif way == "protocol-error":
                sock.sendall(masked_frame(0x1, b"hi", rsv=0x40))
                assert close_code_then_eof(sock) == 1002
            # abrupt: the socket just closes here


def sample(pid: int) -> tuple[int, int]:
    """(RSS in KiB, open descriptors) of a live process."""
    with open(f"/proc/{pid}/status") as status:
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def thirds(values: list) -> tuple[float, float]:
    """Medians of the first and the last third."""
    third = max(1, len(values) // 3)
    return statistics.median(values[:third]), statistics.median(values[-third:])


def interrupt(signum, frame):
    raise KeyboardInterrupt


def parse(argv: list):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=600, help="seconds of steady load (default 600)")
    parser.add_argument("--bin", default=str(ROOT / ".build" / "release"), help="folder of the executables")
    parser.add_argument("--clients", type=int, default=200, help="chat-bench clients, over both gateways (default 200)")
    parser.add_argument("--senders", type=int, default=10, help="clients that send (default 10)")
    parser.add_argument("--rate", type=float, default=50, help="messages per second in all (default 50)")
    parser.add_argument("--churn", type=float, default=1, help="short-lived extra clients per second (default 1; 0: none)")
    parser.add_argument("--interval", type=float, default=10, help="seconds between samples (default 10)")
    parser.add_argument("--warmup", type=float, help="seconds of samples left out (default: a fifth of --seconds, 20 to 60)")
    parser.add_argument("--rss-growth-percent", type=float, default=10, help="RSS growth allowed after the warm-up (default 10)")
    parser.add_argument("--rss-slack-mib", type=float, default=8, help="RSS growth always tolerated, MiB (default 8)")
    parser.add_argument("--out", default=str(ROOT / "artifacts" / "soak"), help="where results go")
    args = parser.parse_args(argv)
    if args.seconds < 30:
        parser.error("--seconds must be at least 30 (a sample every --interval, thirds after the warm-up)")
    args.bin = str(Path(args.bin).absolute())
    args.python, args.node = sys.executable, "node"  # what Launcher expects; the peers are not started here
    if args.warmup is None:
        args.warmup = min(60, max(20, args.seconds / 5))
    return args


def start_servers(launcher: Launcher, binary: Path) -> tuple[dict, list]:
    """A relay and two gateways linked to it, all healthy; returns {name: pid} and the gateways' ports."""
    relay = free_ports(3)
    # A small replay window, so that the relay's bounded buffers are full by the end of the warm-up
    # (the default, 100,000 messages, would take half an hour at 50 messages/s and look like growth).
    processes = [launcher.spawn("relay", [str(binary / "chat-relay"), "--port", str(relay), "--replay-window", "1000",
                                          "--log-level", "warning"])]
    launcher.wait_http(Running(processes=processes), [f"http://127.0.0.1:{relay + 2}/healthz"])
    ports = []
    for n in (1, 2):
        port = free_ports(1)
        ports.append(port)
        processes.append(launcher.spawn(f"gateway{n}", [str(binary / "chat-gateway"), "--port", str(port),
                                                        "--relay", f"tcp://127.0.0.1:{relay}", "--log-level", "warning"]))
    launcher.wait_http(Running(processes=processes), [f"http://127.0.0.1:{port}/healthz" for port in ports])
    return {p.name: p.popen.pid for p in processes}, ports


def main(argv: list) -> int:
    args = parse(argv)
    sys.stdout.reconfigure(line_buffering=True)
    out = Path(args.out)
    (out / "logs").mkdir(parents=True, exist_ok=True)
    binary = Path(args.bin)
    for name in ("chat-relay", "chat-gateway", "chat-bench"):
        if not os.access(binary / name, os.X_OK):
            sys.exit(f"soak: no {binary / name} (make soak builds it)")

    signal.signal(signal.SIGTERM, interrupt)  # from make or a time limit: unwind like Ctrl-C, stopping the servers
    launcher = Launcher(args, out / "logs")
    stop = threading.Event()
    churn = None
    bench = None
    problems: list[str] = []
    rows: list[dict] = []
    try:
        pids, ports = start_servers(launcher, binary)
        names = list(pids)
        per_sender = max(1, round(args.rate * args.seconds / args.senders))
        command = ["taskset", "-c", BENCH_CPU, str(binary / "chat-bench"), "fanout",
                   *[arg for port in ports for arg in ("--url", f"ws://127.0.0.1:{port}/ws")],
                   "--clients", str(args.clients), "--senders", str(args.senders), "--messages", str(per_sender),
                   "--rate", str(args.rate), "--payload", "100", "--timeout", str(args.seconds + 60),
                   "--label", "soak", "--name-prefix", "soak"]
        for pid in pids.values():
            command += ["--server-pid", str(pid)]
        print(f"soak: {args.seconds} s; relay + 2 gateways from {binary}; {args.clients} clients, {args.senders} senders, "
              f"{args.rate:g} messages/s ({args.rate * (args.clients - 1):,.0f} deliveries/s), {args.churn:g} churn/s; "
              f"a sample every {args.interval:g} s, the first {args.warmup:g} s are warm-up")
        bench_log = open(out / "logs" / "chat-bench.log", "wb")
        bench = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=bench_log, cwd=ROOT, env=launcher.env,
                                 preexec_fn=die_with_parent)
        churn = Churn(ports, args.churn, stop)
        churn.start()

        header = f"{'t s':>6}" + "".join(f"  {name + ' RSS MiB':>18} {'fds':>5}" for name in names) + f"  {'churn':>6}"
        print(header)
        started = time.monotonic()
        deadline = started + args.seconds + 240  # connect, warm-up and the measured phase, with room to spare
        next_sample = started
        while bench.poll() is None:
            if time.monotonic() > deadline:
                problems.append("chat-bench did not finish in time")
                break
            if time.monotonic() >= next_sample:
                launcher.check_alive(Running(processes=launcher.processes))
                row = {"t_s": round(time.monotonic() - started, 1)}
                for name, pid in pids.items():
                    row[f"{name}_rss_kib"], row[f"{name}_fds"] = sample(pid)
                row["churned"] = sum(churn.done.values())
                rows.append(row)
                print(f"{row['t_s']:>6.0f}" + "".join(f"  {row[f'{n}_rss_kib'] / 1024:>18.1f} {row[f'{n}_fds']:>5}" for n in names)
                      + f"  {row['churned']:>6}")
                next_sample += args.interval
            time.sleep(0.2)
        stop.set()
        churn.join(10)
        launcher.check_alive(Running(processes=launcher.processes))
        stdout = bench.communicate(timeout=30)[0].decode(errors="replace") if bench.poll() is not None else ""
        lines = [line for line in stdout.splitlines() if line.startswith("{")]
        result = json.loads(lines[-1]) if lines else {}
        (out / "chat-bench.json").write_text(json.dumps(result, indent=2) + "\n")
    except KeyboardInterrupt:
        print("\nsoak: interrupted; stopping the servers")
        return 130
    except (RuntimeError, OSError, ValueError, subprocess.TimeoutExpired) as error:
        print(f"soak: failed: {error}")
        return 1
    finally:
        stop.set()
        if bench is not None and bench.poll() is None:
            bench.kill()
            bench.wait()
        launcher.stop_all()

    with open(out / "soak.csv", "w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]) if rows else ["t_s"])
        writer.writeheader()
        writer.writerows(rows)

    # Deliveries, as chat-bench counted them.
    expected, received = result.get("expected_deliveries"), result.get("received_deliveries")
    print(f"\ndeliveries: {received}/{expected} received, {result.get('lost')} lost, {result.get('duplicates')} duplicates, "
          f"{result.get('out_of_order')} out of order; latency p50 {result.get('latency_us', {}).get('p50')} µs, "
          f"p99 {result.get('latency_us', {}).get('p99')} µs")
    if not result.get("ok") or result.get("lost") or result.get("duplicates"):
        problems.append(f"chat-bench: {result.get('error') or 'not ok'}")
    print(f"churn: {churn.done if churn else {}}" + (f"; {len(churn.failures)} failed" if churn and churn.failures else ""))
    if churn and churn.failures:
        problems += churn.failures

    # Growth after the warm-up: first third against last third.
    steady = [row for row in rows if row["t_s"] >= args.warmup]
    if len(steady) < 3:
        problems.append(f"only {len(steady)} samples after the warm-up: run longer or sample more often")
    else:
        minutes = (steady[-1]["t_s"] - steady[0]["t_s"]) * (2 / 3) / 60  # between the thirds' middles
        print(f"\nafter the warm-up ({len(steady)} samples from {steady[0]['t_s']:.0f} s), median of the first third → last third:")
        for name in names:
            rss_first, rss_last = thirds([row[f"{name}_rss_kib"] for row in steady])
            fds_first, fds_last = thirds([row[f"{name}_fds"] for row in steady])
            allowed = max(args.rss_slack_mib * 1024, rss_first * args.rss_growth_percent / 100)
            verdicts = []
            if fds_last > fds_first:
                verdicts.append("fds grew")
            if rss_last - rss_first > allowed:
                verdicts.append(f"RSS grew by more than {allowed / 1024:.1f} MiB")
            print(f"  {name:<9} RSS {rss_first / 1024:7.1f} → {rss_last / 1024:7.1f} MiB ({(rss_last - rss_first) / minutes:+8.1f} KiB/min)"
                  f"   fds {fds_first:5.0f} → {fds_last:5.0f} ({(fds_last - fds_first) / minutes:+.2f}/min)"
                  f"   {'; '.join(verdicts) or 'ok'}")
            problems += [f"{name}: {verdict}" for verdict in verdicts]

    print(f"\nsoak: samples in {out / 'soak.csv'}, chat-bench's report in {out / 'chat-bench.json'}, logs in {out / 'logs'}")
    for problem in problems:
        print(f"soak: FAILED: {problem}")
    if not problems:
        print("soak: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

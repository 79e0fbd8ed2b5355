#!/usr/bin/env python3
"""Chaos: real `chat` clients talk without pause over 3 gateways while a seeded schedule SIGKILLs
gateways (restarted on the same port) and, with --relay-failover, the primary relay; at the end every
client's log of every room is checked against the others' (chaos_check.py): nothing lost, nothing
shown twice, one order for everyone, every line acknowledged. room0 is end-to-end encrypted, from an
invite link, and rekeyed a few times meanwhile (chaos_encryption.py): every member opens every
message, and the room rotates as often as asked, never because a gateway died.

    make chaos ARGS="--seconds 120 --seed 7"
    CHAT_BIN_DIR=$PWD/.build/debug .venv/bin/python Tests/SystemTests/chaos.py --help

Everything runs on loopback, stops by itself, and is killed on the way out, even on failure. The
clients are `chat URL --name cN --room R [--room R2] --json`: each line written to its standard input is
sent (to its first room), every frame it receives is printed as a JSON line, and it reconnects, resumes
and resends by itself, which is what is under test. Test: test_chaos.py.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chaos_check import Verdict, check  # noqa: E402
from chaos_clients import Client, Traffic  # noqa: E402
from chaos_cluster import Cluster  # noqa: E402
from chaos_encryption import ROOM as ENCRYPTED_ROOM, Rekeys, invite_link, room_key  # noqa: E402
from chaos_files import FileTally, FileTraffic  # noqa: E402
from harness import ROOT  # noqa: E402


@dataclass
class Options:
    seconds: float = 40
    """How long clients send; faults stop a few seconds before, then the run settles and is checked."""
    seed: int | None = None
    clients: int = 12
    rooms: int = 3
    gateways: int = 3
    rate: float = 4.0
    """Lines per second each client writes."""
    rekeys: int = 2
    """How many times a member of the encrypted room (room0) asks for a new key during the run."""
    converse_every: int = 5
    """Every this many lines of a client, one is an edit of its last message or a reaction (0: none)."""
    relay_failover: bool = False
    """A primary and a backup relay, and the schedule kills the primary too."""
    artifacts: Path | None = ROOT / "artifacts" / "chaos"
    say: Callable[[str], None] = print

    def arguments(self, seed: int) -> str:
        """The `make chaos ARGS=…` that repeats this run."""
        words = [f"--seed {seed}", f"--seconds {self.seconds:g}"]
        for name in ("clients", "rooms", "gateways", "rate", "rekeys", "converse_every"):
            if getattr(self, name) != getattr(Options, name):
                words.append(f"--{name.replace('_', '-')} {getattr(self, name):g}")
        if self.relay_failover:
            words.append("--relay-failover")
        return " ".join(words)


@dataclass
class Result:
    seed: int
    options: Options
    verdict: Verdict
    sent: int = 0
    conversed: int = 0
    """Of the lines sent, the edits and reactions."""
    rekeys: int = 0
    gateway_kills: int = 0
    relay_kills: int = 0
    reconnects: int = 0
    stale_frames: int = 0
    from_history: int = 0
    elapsed: float = 0.0
    failed_clients: list[str] = field(default_factory=list)
    files: FileTally = field(default_factory=FileTally)
    """The bodies uploaded meanwhile (chaos_files.py): each whole, or failed saying so."""
    artifacts: Path | None = None

    @property
    def rotations(self) -> int:
        return len(self.verdict.rotations.get(ENCRYPTED_ROOM, set()))

    @property
    def ok(self) -> bool:
        return self.verdict.ok and not self.failed_clients and self.rotations == self.rekeys and self.files.shared and not self.files.corrupted

    def summary(self) -> list[str]:
        v = self.verdict
        lines = [
            f"messages sent {self.sent} (of them edits and reactions {self.conversed}), sequenced {v.messages}, deliveries checked {v.deliveries_checked}, "
            f"gateway kills {self.gateway_kills}, relay kills {self.relay_kills}, reconnects {self.reconnects}, "
            f"deliveries from resume history {self.from_history}, frames already seen and dropped by clients {self.stale_frames}",
            f"lost = {len(v.lost)}, duplicated = {len(v.duplicated)}, out of order = {len(v.out_of_order)}, "
            f"unacknowledged = {len(v.unacknowledged)}, clients failed = {len(self.failed_clients)}, "
            f"excluded (outside the history window) = {len(v.excluded)}",
            f"{ENCRYPTED_ROOM} encrypted: rekeys asked for {self.rekeys}, rotations seen {self.rotations} (a killed gateway must start none), "
            f"unreadable = {len(v.unreadable)}",
            self.files.summary(),
        ]
        for title, items in (
            ("lost", v.lost),
            ("duplicated", v.duplicated),
            ("out of order", v.out_of_order),
            ("unacknowledged", v.unacknowledged),
            ("unreadable", v.unreadable),
            ("client failed", self.failed_clients),
            ("excluded", v.excluded),
            ("file corrupted", self.files.corrupted),
            ("file failed", self.files.failed),
        ):
            lines += [f"  {title}: {item}" for item in items[:20]]
            if len(items) > 20:
                lines.append(f"  {title}: … and {len(items) - 20} more")
        verdict = "PASS" if self.ok else "FAIL"
        again = f'make chaos ARGS="{self.options.arguments(self.seed)}"'
        lines.append(f"{verdict} in {self.elapsed:.1f} s; seed {self.seed} (again: {again})" + (f"; logs in {self.artifacts}" if self.artifacts else ""))
        return lines


def layout(options: Options) -> list[tuple[str, int, list[str]]]:
    """(name, gateway, rooms) per client: rooms and gateways crossed, every other client in two rooms."""
    rooms = [f"room{index}" for index in range(options.rooms)]
    clients = []
    for index in range(options.clients):
        first = index % options.rooms
        mine = [rooms[first]] + ([rooms[(first + 1) % options.rooms]] if index % 2 == 1 and options.rooms > 1 else [])
        clients.append((f"c{index}", (index // options.rooms) % options.gateways, mine))
    return clients


def inject_faults(cluster: Cluster, rng: random.Random, start: float, until: float, result: Result, say) -> None:
    """Kills something, waits, brings it back; again and again until `until`. One fault at a time,
    each drawn from `rng`: the same seed gives the same sequence of faults."""
    stamp = lambda: f"{time.monotonic() - start:5.1f}s"  # noqa: E731
    while True:
        gap = rng.uniform(0.5, 2.5)
        down = rng.uniform(0.2, 4.0)  # under and over the relay's 3 s before it lets a silent gateway's users go
        # With failover, about a third of the faults hit the primary relay, and the second one at the latest.
        relay = cluster.failover and (rng.random() < 0.3 or (result.relay_kills == 0 and result.gateway_kills >= 1))
        index = rng.randrange(len(cluster.gateways))
        if time.monotonic() + gap + down >= until:
            return
        time.sleep(gap)
        if relay:
            killed, failover = cluster.kill_primary_relay()
            result.relay_kills += 1
            say(f"{stamp()} primary relay {killed} (port {cluster.relay_ports[killed]}) SIGKILLed; the backup active and every gateway healthy after {failover:.2f} s")
            time.sleep(down)
            cluster.restart_relay(killed)
            say(f"{stamp()} relay {killed} restarted (passive)")
        else:
            cluster.kill_gateway(index)
            result.gateway_kills += 1
            say(f"{stamp()} gateway {index} (port {cluster.gateway_ports[index]}) SIGKILLed; down for {down:.2f} s")
            time.sleep(down)
            took = cluster.restart_gateway(index)
            say(f"{stamp()} gateway {index} restarted on the same port, healthy after {took:.2f} s")


def settle(clients: list[Client], rooms: dict[str, list[str]], timeout: float) -> None:
    """Waits until every line is acknowledged and every message has reached every member (or the
    timeout), so that closing input cannot cut a client off before it got the last messages."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        verdict = judge(clients, rooms)
        if not verdict.lost and not verdict.unacknowledged:
            return
        if all(client.cli.popen.poll() is not None for client in clients):
            return
        time.sleep(0.25)


def judge(clients: list[Client], rooms: dict[str, list[str]]) -> Verdict:
    views = {client.name: client.view() for client in clients}
    return check(views, {client.name: list(client.written) for client in clients}, rooms)


def run(options: Options) -> Result:
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    rng = random.Random(seed)
    transcript: list[str] = []

    def say(line: str) -> None:
        transcript.append(line)
        options.say(f"chaos: {line}")

    result = Result(seed=seed, options=options, verdict=Verdict())
    began = time.monotonic()
    plan = layout(options)
    rooms = {name: mine for name, _, mine in plan}
    say(
        f"seed {seed}, {options.seconds:g} s, {options.clients} clients at {options.rate:g} lines/s on {options.gateways} gateways, "
        f"{'relay failover (primary and backup, both killed)' if options.relay_failover else 'one relay'}"
    )
    cluster: Cluster | None = None
    clients: list[Client] = []
    try:
        cluster = Cluster(options.gateways, options.relay_failover)
        key = room_key()
        for name, gateway, mine in plan:
            url = cluster.url(gateway)
            clients.append(Client(name, invite_link(url, key) if ENCRYPTED_ROOM in mine else url, mine))
            say(f"{name} on gateway {gateway} in {', '.join(mine)}")
        deadline = time.monotonic() + 30
        while not all(client.view().welcomes for client in clients):
            failed = [client.name for client in clients if client.cli.popen.poll() is not None]
            if failed or time.monotonic() > deadline:
                raise RuntimeError(f"clients not welcomed: {[c.name for c in clients if not c.view().welcomes]}, exited: {failed}")
            time.sleep(0.05)

        start = time.monotonic()
        traffic = Traffic(clients, options.rate, start + options.seconds, options.converse_every)
        traffic.start()
        warmup, cooldown = min(2.0, options.seconds / 10), max(3.0, options.seconds * 0.15)
        speakers = [client for client in clients if client.rooms[0] == ENCRYPTED_ROOM]
        # Its own generator, so that a seed's faults stay what they were before there were rekeys.
        rekeys = Rekeys(speakers, random.Random(seed + 1), start + warmup, start + options.seconds - cooldown, options.rekeys, say)
        rekeys.start()
        files = FileTraffic([cluster.url(index) for index in range(options.gateways)], start + options.seconds, seed + 2)
        files.start()
        time.sleep(warmup)
        inject_faults(cluster, rng, start, start + options.seconds - cooldown, result, say)
        traffic.join()
        rekeys.join()
        files.join(30)
        result.rekeys = rekeys.requested
        say(f"{time.monotonic() - start:5.1f}s sending stopped; waiting for acknowledgements and deliveries")
        settle(clients, rooms, timeout=30)
        finish_by = time.monotonic() + 20
        for client in clients:
            code = client.finish(finish_by - time.monotonic())
            if code != 0:
                stderr = " | ".join(client.errors[-3:])
                client.kill()
                result.failed_clients.append(
                    f"{client.name}: " + ("never finished" if code is None else f"exit status {code}") + (f" ({stderr})" if stderr else "")
                )
            elif client.broken:
                result.failed_clients.append(f"{client.name}: {client.broken}")
            if client.view().unparsed:
                result.failed_clients.append(f"{client.name}: printed {client.view().unparsed} lines that are not JSON frames")
        for client in clients:
            for reader in client.readers:
                reader.join(5)
        result.files = files.verify(cluster.gateway_ports)
        views = {client.name: client.view() for client in clients}
        result.verdict = check(views, {client.name: client.written for client in clients}, rooms, encrypted=frozenset({ENCRYPTED_ROOM}))
        result.sent = sum(len(client.written) for client in clients)
        result.conversed = sum(client.conversed for client in clients)
        result.reconnects = sum(max(view.welcomes - 1, 0) for view in views.values())
        result.stale_frames = sum(view.stale_frames for view in views.values())
        result.from_history = sum(1 for view in views.values() for delivery in view.deliveries if not delivery.live)
        return result
    finally:
        for client in clients:
            client.kill()
        if cluster:
            cluster.stop()
        result.elapsed = time.monotonic() - began
        result.artifacts = keep_logs(options, seed, clients, cluster, transcript)


def keep_logs(options: Options, seed: int, clients: list[Client], cluster: Cluster | None, transcript: list[str]) -> Path | None:
    """Every client's frames and input, every server process's log, and the faults, for the post-mortem."""
    logs = [process.log_path for process in (cluster.started if cluster else [])]
    if options.artifacts is None:
        for path in logs:
            path.unlink(missing_ok=True)
        return None
    directory = options.artifacts / f"seed-{seed}"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    (directory / "chaos.log").write_text("".join(line + "\n" for line in transcript))
    for client in clients:
        (directory / f"{client.name}.jsonl").write_text("".join(line + "\n" for line in client.lines))
        (directory / f"{client.name}.stdin").write_text("".join(line + "\n" for line in client.written))
        if client.errors:
            (directory / f"{client.name}.stderr").write_text("".join(line + "\n" for line in client.errors))
    for number, process in enumerate(cluster.started if cluster else [], start=1):
        port = process.args[len(process.args) - 1 - process.args[::-1].index("--port") + 1]
        if process.log_path.exists():
            shutil.move(process.log_path, directory / f"{number:02d}-{process.name}-{port}.log")
    return directory


def parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=Options.seconds, help="how long clients send (default %(default)s)")
    parser.add_argument("--seed", type=int, help="the fault schedule's seed (default: random, printed)")
    parser.add_argument("--clients", type=int, default=Options.clients, help="default %(default)s")
    parser.add_argument("--rooms", type=int, default=Options.rooms, help="default %(default)s")
    parser.add_argument("--gateways", type=int, default=Options.gateways, help="default %(default)s")
    parser.add_argument("--rate", type=float, default=Options.rate, help="lines per second per client (default %(default)s)")
    parser.add_argument("--rekeys", type=int, default=Options.rekeys, help=f"new keys asked for in the encrypted {ENCRYPTED_ROOM} (default %(default)s)")
    parser.add_argument(
        "--converse-every", type=int, default=Options.converse_every,
        help="every this many lines of a client, an edit or a reaction instead (0: none; default %(default)s)",
    )
    parser.add_argument(
        "--relay-failover", action="store_true", help="run a primary and a backup relay and kill the primary too (needs chat-relay --role)"
    )
    parser.add_argument("--artifacts", type=Path, default=Options.artifacts, help="where logs go (default %(default)s/seed-N)")
    args = parser.parse_args(argv)
    return Options(
        seconds=args.seconds,
        seed=args.seed,
        clients=args.clients,
        rooms=args.rooms,
        gateways=args.gateways,
        rate=args.rate,
        rekeys=args.rekeys,
        converse_every=args.converse_every,
        relay_failover=args.relay_failover,
        artifacts=args.artifacts,
    )


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    # SIGTERM (and Ctrl-C) unwind through run()'s cleanup, which kills everything it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result = run(options)
    summary = [f"chaos: {line}" for line in result.summary()]
    print("\n".join(summary))
    if result.artifacts:
        with open(result.artifacts / "chaos.log", "a") as log:
            log.write("".join(line + "\n" for line in summary))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Instructions the relay spends per message, counted by valgrind's callgrind: a figure that does not
depend on the machine's load or speed, so two builds can be compared on any machine.

Runs `chat-relay` under callgrind (a copy without debug info, which valgrind 3.19 cannot read from
Swift's DWARF 5, and with main_queue.c loaded: see there) twice, once with SMALL and once with LARGE messages said by
`chat-bench relay` (a fake gateway on the relay's real ZeroMQ link), and reports
(instructions(LARGE) - instructions(SMALL)) / (LARGE - SMALL): start-up, the handshake and idle polls
cancel out. Every thread of the relay is counted (its loop and libzmq's I/O threads).

    python3 bench/instructions/relay_instructions.py --bin .build/release   # make bench-instructions
    python3 bench/instructions/relay_instructions.py --bin .build/release --batch 32
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from servers import free_ports  # noqa: E402

SWIFT_LIBRARIES = Path(shutil.which("swift") or "/usr/bin/swift").resolve().parent.parent / "lib/swift/linux"


def prepare(bin_dir: Path, work: Path) -> tuple:
    """A copy of chat-relay without debug info, and the main-queue shim built for it."""
    relay = work / "chat-relay"
    shutil.copy(bin_dir / "chat-relay", relay)
    subprocess.run(["strip", "--strip-debug", str(relay)], check=True)
    shim = work / "main_queue.so"
    subprocess.run(["cc", "-O2", "-shared", "-fPIC", str(HERE / "main_queue.c"), "-o", str(shim),
                    f"-L{SWIFT_LIBRARIES}", f"-Wl,-rpath,{SWIFT_LIBRARIES}", "-ldispatch"], check=True)
    return relay, shim


def relay_instructions(relay_binary: Path, shim: Path, bench: Path, messages: int, batch: int, work: Path) -> int:
    """Total instructions of one relay run that relays `messages` messages."""
    port = free_ports(3)
    out = work / f"callgrind.{messages}.out"
    relay = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
         str(relay_binary), "--port", str(port), "--log-level", "warning"],
        env={**os.environ, "LD_PRELOAD": str(shim)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        subprocess.run(
            [str(bench), "relay", "--relay", f"tcp://127.0.0.1:{port}",
             "--messages", str(messages), "--batch", str(batch), "--window", str(max(1000, 4 * batch)),
             "--timeout", "300"],
            check=True, stdout=subprocess.DEVNULL, timeout=600)
    finally:
        relay.send_signal(signal.SIGTERM)
        try:
            relay.wait(timeout=120)
        except subprocess.TimeoutExpired:
            relay.kill()
            relay.wait()
    totals = re.search(r"^totals:\s+(\d+)", out.read_text(), re.MULTILINE)
    if not totals:
        raise RuntimeError(f"no totals line in {out}")
    return int(totals.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", type=Path, default=Path(".build/release"), help="folder of chat-relay and chat-bench")
    parser.add_argument("--small", type=int, default=20_000, help="messages in the first run")
    parser.add_argument("--large", type=int, default=120_000, help="messages in the second run")
    parser.add_argument("--batch", type=int, default=1, help="`say`s per frame (1: as gateways send)")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        relay, shim = prepare(args.bin, work)
        bench = args.bin / "chat-bench"
        small = relay_instructions(relay, shim, bench, args.small, args.batch, work)
        large = relay_instructions(relay, shim, bench, args.large, args.batch, work)
    per_message = (large - small) / (args.large - args.small)
    print(f"relay instructions per message (batch {args.batch}): {per_message:,.0f}"
          f"  ({small:,} for {args.small:,} messages, {large:,} for {args.large:,}; {time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

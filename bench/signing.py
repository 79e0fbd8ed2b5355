#!/usr/bin/env python3
"""What identity keys cost the gateway: its CPU per message from a sender with a key (signed) and
from one without (unsigned), the same messages to the same receivers, in one run.

    .venv/bin/python bench/signing.py --bin .build/release [--messages 3000] [--receivers 10]

Needs `websockets` and `cryptography` (Tests/SystemTests/requirements.txt). The gateway's CPU is read
from /proc (user + system, 10 ms ticks), so use enough messages; the best of three rounds is shown,
and the ratio is what to compare between builds and machines.
"""
import argparse
import asyncio
import base64
import json
import os
import subprocess

import websockets
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def field(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def join(url: str, name: str, key: Ed25519PrivateKey | None = None):
    """A v1 client, welcomed: one with a key proves it (docs/PROTOCOL.md, "Identity (id1)")."""
    socket = await websockets.connect(url, subprotocols=["privchat.v1"], max_size=None)
    hello = {"type": "hello", "name": name}
    if key:
        hello["key"] = b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    await socket.send(json.dumps(hello))
    frame = json.loads(await socket.recv())
    if frame["type"] == "challenge":
        proof = key.sign(b"privchat/id1/hello" + field(unb64(frame["nonce"])) + field(name.encode()))
        await socket.send(json.dumps({"type": "prove", "signature": b64(proof)}))
        frame = json.loads(await socket.recv())
    assert frame["type"] == "welcome", frame
    return socket


async def receive(socket, kind: str, count: int) -> None:
    while count:
        if json.loads(await socket.recv())["type"] == kind:
            count -= 1


async def one_round(url: str, pid: int, signed: bool, label: str, messages: int, receivers: int) -> float:
    """The gateway's CPU seconds to take `messages` says and deliver each to every receiver."""
    key = Ed25519PrivateKey.generate() if signed else None
    listeners = [await join(url, f"r-{label}-{index}") for index in range(receivers)]
    sender = await join(url, f"s-{label}", key)
    await asyncio.sleep(0.5)
    frames = []
    for number in range(messages):
        say = {"type": "say", "id": f"m{number}", "room": "lobby", "text": f"message number {number} " + "x" * 60}
        if key:
            signed_input = b"privchat/id1/sign" + b"".join(field(part.encode()) for part in ("message", "lobby", say["id"], say["text"]))
            say["sig"] = b64(key.sign(signed_input))
        frames.append(json.dumps(say))
    acknowledged = asyncio.create_task(receive(sender, "ack", messages))
    before = cpu_seconds(pid)
    for frame in frames:
        await sender.send(frame)
    await asyncio.gather(acknowledged, *(receive(listener, "message", messages) for listener in listeners))
    used = cpu_seconds(pid) - before
    for socket in listeners + [sender]:
        await socket.close()
    return used


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=".build/release")
    parser.add_argument("--port", type=int, default=18931)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--receivers", type=int, default=10)
    options = parser.parse_args()
    # Limits lifted: the figure is the gateway's work, not its pacing.
    gateway = subprocess.Popen(
        [f"{options.bin}/chat-gateway", "--port", str(options.port), "--rate", "1000000", "--burst", "1000000", "--log-level", "error"],
        stdout=subprocess.DEVNULL,
    )
    url = f"ws://127.0.0.1:{options.port}/ws"
    try:
        await asyncio.sleep(2)
        used: dict[bool, list[float]] = {False: [], True: []}
        for attempt in range(3):
            for signed in (False, True):
                used[signed].append(await one_round(url, gateway.pid, signed, f"{attempt}{int(signed)}", options.messages, options.receivers))
        for signed in (False, True):
            best = min(used[signed])
            print(f"{'signed' if signed else 'unsigned':>8}: {best * 1e6 / options.messages:6.1f} µs of gateway CPU per message to {options.receivers} receivers (rounds: {', '.join(f'{u:.2f}' for u in used[signed])} s)")
        print(f"   ratio: signed / unsigned = {min(used[True]) / min(used[False]):.2f}")
    finally:
        gateway.terminate()
        gateway.wait()


if __name__ == "__main__":
    asyncio.run(main())

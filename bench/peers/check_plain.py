"""Checks that a server speaks the plain protocol the way the benchmark expects, in a few seconds:

    python bench/peers/check_plain.py ws://127.0.0.1:8000/ws [ws://127.0.0.1:8001/ws …]

Three clients name themselves; each one's message reaches the two others as "name: text" and never
comes back to it (with several URLs, of gateways linked to one relay, the clients take turns
among them); a client that vanishes without a close handshake, and one that closes cleanly, are
dropped without disturbing the rest; nothing else is ever sent. Exits 0 and prints "ok", or exits 1.
Needs the `websockets` package (the repo's .venv has it).
"""

import asyncio
import sys

import websockets

QUIET = 0.3  # seconds of silence that count as "nothing more is coming"


async def expect(ws, wanted: str) -> None:
    got = await asyncio.wait_for(ws.recv(), timeout=5)
    if got != wanted:
        raise AssertionError(f"expected {wanted!r}, got {got!r}")


async def expect_silence(ws) -> None:
    try:
        got = await asyncio.wait_for(ws.recv(), timeout=QUIET)
    except asyncio.TimeoutError:
        return
    raise AssertionError(f"expected nothing, got {got!r}")


async def check(urls: list) -> None:
    names = ["ann", "bob", "cy"]
    clients = [await websockets.connect(urls[i % len(urls)]) for i in range(len(names))]
    for ws, name in zip(clients, names):
        await ws.send(name)
    await asyncio.sleep(QUIET)  # the names are in before anyone speaks
    for i, (ws, name) in enumerate(zip(clients, names)):
        await ws.send(f"hello from {name}")
        for j, other in enumerate(clients):
            if j != i:
                await expect(other, f"{name}: hello from {name}")
    for ws in clients:
        await expect_silence(ws)

    # A client that vanishes (TCP reset, no close frame), then one that closes cleanly.
    ann, bob, cy = clients
    bob.transport.abort()
    await cy.close()
    await asyncio.sleep(QUIET)
    for n in range(3):  # sends to the departed must not break the server or reach ann
        await ann.send(f"still here {n}")
    await asyncio.sleep(QUIET)  # delivered (to nobody) before anyone new arrives
    ann2 = await websockets.connect(urls[-1])
    await ann2.send("dee")
    await asyncio.sleep(QUIET)
    await ann.send("last")
    await expect(ann2, "ann: last")
    await expect_silence(ann)
    await ann.close()
    await ann2.close()


def main() -> int:
    urls = sys.argv[1:] or ["ws://127.0.0.1:8000/ws"]
    url = " ".join(urls)
    try:
        asyncio.run(check(urls))
    except Exception as error:  # noqa: BLE001 - any failure is a failed check
        print(f"FAIL {url}: {type(error).__name__}: {error}")
        return 1
    print(f"ok {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What one client can make the relay hold: the replay buffer is bounded by bytes as well as by count,
so large messages shorten its window instead of pinning memory (`--replay-bytes`)."""

import asyncio
import time

from harness.processes import Gateway, Relay
from harness.websocket import ChatClient

REPLAY_BYTES = 1 << 20  # the least allowed: one largest envelope


def test_large_messages_shorten_the_replay_window_instead_of_pinning_memory(processes):
    relay = Relay(extra=["--replay-bytes", str(REPLAY_BYTES)])
    processes.append(relay)
    gateway = Gateway(relay, extra=["--burst", "100", "--rate", "100"])
    processes.append(gateway)
    gateway.wait_healthy()
    text = "x" * 60_000

    async def flood():
        alice = await ChatClient.join(gateway, "alice")
        bob = await ChatClient.join(gateway, "bob")
        for _ in range(60):  # 3.6 MB, over three times the bound
            await alice.say(text)
        received = [await bob.next_of("message", timeout=10) for _ in range(60)]
        assert all(message["text"] == text for message in received), "every message is still delivered"

    asyncio.run(flood())
    deadline = time.monotonic() + 5
    held = relay.metric("relay_replay_bytes")
    while held < REPLAY_BYTES * 0.8 and time.monotonic() < deadline:  # the gauge follows the relay's heartbeat
        time.sleep(0.1)
        held = relay.metric("relay_replay_bytes")
    assert REPLAY_BYTES * 0.8 < held <= REPLAY_BYTES, f"the replay buffer holds {held:.0f} bytes"

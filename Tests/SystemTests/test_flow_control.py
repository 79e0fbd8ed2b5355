"""Flow control: a client over its rate is paced, not dropped. The gateway stops reading its socket until its
token bucket refills (TCP then slows the client down), so a pasted flood arrives whole and in order, and
the paster is told nothing. Only a client paced without a break for longer than --pace-timeout is closed.

Pastes are written by hand (`harness.raw_frames`) in one go, as a terminal pastes them; a raw client's
`FrameReader` answers pings while its lines wait. The other bound, on what waits for a slow reader
(--client-queue-bytes, 1013), is in test_faults.py.
"""

import asyncio
import re
import subprocess
import time

from harness import BIN_DIR
from harness.processes import Gateway
from harness.raw_frames import FrameReader, RawWebSocket, ws_frame
from harness.websocket import ChatClient, Client, join_all

# Longest silence between two paced messages before a receiver gives up: at 20 a second they come every 50 ms.
GAP = 5


def start_gateway(processes, *flags: str) -> Gateway:
    gateway = Gateway(extra=list(flags))
    processes.append(gateway)
    gateway.wait_healthy()
    return gateway


def paste(raw: RawWebSocket, lines: list[str]) -> FrameReader:
    """Writes every line as a text frame with one write, then reads (and answers pings) on a thread."""
    raw.send_raw(b"".join(ws_frame(0x1, line.encode()) for line in lines))
    return FrameReader(raw)


async def heard(client: Client, count: int) -> list[str]:
    """Up to `count` messages, fewer if none comes for GAP seconds (so a drop fails fast, and shows)."""
    messages = []
    try:
        while len(messages) < count:
            messages.append(await client.next(GAP))
    except TimeoutError:
        pass
    return messages


async def heard_v1(client: ChatClient, count: int) -> list[tuple[str, str]]:
    """`heard` for a v1 client, as (from, text)."""
    messages = []
    try:
        while len(messages) < count:
            message = await client.next_of("message", timeout=GAP)
            messages.append((message["from"], message["text"]))
    except TimeoutError:
        pass
    return messages


def test_500_lines_pasted_at_once_reach_everyone_in_order_and_the_paster_hears_nothing(processes):
    """At the defaults (--rate 20, --burst 40) the 460 lines over the burst take ≈ 23 s, paced."""
    gateway = start_gateway(processes)

    async def scenario():
        (bob,) = await join_all([(gateway, "bob")])
        carla = await ChatClient.join(gateway, "carla")
        lines = [f"line {i}" for i in range(500)]
        reader = paste(await RawWebSocket.join(gateway, b"paster", 3), lines)
        plain, v1 = await asyncio.wait_for(asyncio.gather(heard(bob, 500), heard_v1(carla, 500)), 60)
        reader.stop()
        assert not reader.frames, f"the paster was told {reader.texts or reader.frames}"
        assert plain == [f"paster: {line}" for line in lines], f"{len(plain)} of 500 lines reached bob"
        assert v1 == [("paster", line) for line in lines], f"{len(v1)} of 500 lines reached carla"

    asyncio.run(scenario())


def test_120_says_at_once_from_a_v1_client_are_all_acknowledged_and_delivered_in_order(processes):
    """The v1 path has the same pacing: no `rate_limited`, an ack for every say (80 over the burst, ≈ 4 s)."""
    gateway = start_gateway(processes)

    async def scenario():
        (bob,) = await join_all([(gateway, "bob")])
        carla = await ChatClient.join(gateway, "carla")
        dora = await ChatClient.join(gateway, "dora")
        texts = [f"say {i}" for i in range(120)]
        for i, text in enumerate(texts):
            await dora.say(text, id=f"d{i}")

        async def acknowledged() -> list[str]:
            ids = []
            try:
                while len(ids) < len(texts):
                    frame = await dora.next(GAP)
                    assert frame["type"] in ("ack", "presence"), f"dora was told {frame} after {len(ids)} acks"
                    if frame["type"] == "ack":
                        ids.append(frame["id"])
            except TimeoutError:
                pass
            return ids

        acks, plain, v1 = await asyncio.wait_for(asyncio.gather(acknowledged(), heard(bob, 120), heard_v1(carla, 120)), 30)
        assert acks == [f"d{i}" for i in range(120)]
        assert plain == [f"dora: {text}" for text in texts]
        assert v1 == [("dora", text) for text in texts]

    asyncio.run(scenario())


def test_a_paced_client_that_answers_pings_is_not_closed_as_silent(processes):
    """While a client is paced its pongs wait unread behind its own lines: the sweeper must not take that
    for silence. 300 lines at the defaults are ≈ 13 s of pacing, 13 ping intervals."""
    gateway = start_gateway(processes, "--ping-interval", "1")

    async def scenario():
        (bob,) = await join_all([(gateway, "bob")])
        lines = [f"line {i}" for i in range(300)]
        reader = paste(await RawWebSocket.join(gateway, b"paster", 2), lines)
        plain = await asyncio.wait_for(heard(bob, 300), 40)
        assert not reader.ended and reader.close is None, f"the paster was closed: {reader.close}"
        assert not reader.texts, f"the paster was told {reader.texts}"
        assert plain == [f"paster: {line}" for line in lines], f"{len(plain)} of 300 lines reached bob"
        reader.raw.send_text(b"done")
        assert await bob.next() == "paster: done"
        reader.stop()

    asyncio.run(scenario())


PACE_TIMEOUT = 2


def test_only_a_client_paced_without_a_break_past_the_pace_timeout_is_closed_1008(processes):
    """At --rate 5 --burst 5: a flood of 100 lines is paced on and on, and closed after --pace-timeout 2;
    bursts of 8 (paced 0.6 s each) with a refill in between never are. What the flooder got read is kept."""
    gateway = start_gateway(processes, "--pace-timeout", str(PACE_TIMEOUT), "--rate", "5", "--burst", "5")

    async def scenario():
        bob, carol, burster = await join_all([(gateway, "bob"), (gateway, "carol"), (gateway, "burster")])
        heard_by_bob: list[str] = []

        async def listen():
            while True:
                heard_by_bob.append(await bob.next(30))

        async def bursts_with_breaks():
            for round in range(3):
                for i in range(8):
                    await burster.say(f"burst {round}.{i}")
                while sum(m.startswith("burster: ") for m in heard_by_bob) < 8 * (round + 1):
                    await asyncio.sleep(0.02)
                await asyncio.sleep(1.2)  # 5 tokens at 5 a second, and some

        async def flood() -> float:
            flooder = await RawWebSocket.join(gateway, b"flooder", 4)
            started = time.monotonic()
            reader = paste(flooder, [f"flood {i}" for i in range(100)])
            while reader.close is None and not reader.ended and time.monotonic() - started < PACE_TIMEOUT + 6:
                await asyncio.sleep(0.02)
            closed_after = time.monotonic() - started
            assert reader.close is not None, f"no close frame within {PACE_TIMEOUT + 6} s (socket ended: {reader.ended})"
            code, reason = reader.close
            assert code == 1008 and re.search(r"pac|rate", reason, re.I), (code, reason)
            while not reader.ended and time.monotonic() - started < closed_after + 3:  # the close timeout is 1 s
                await asyncio.sleep(0.02)
            assert reader.ended, "socket still open 3 s after the close frame"
            reader.stop()
            return closed_after

        listening = asyncio.create_task(listen())
        _, flooder_closed_after = await asyncio.wait_for(asyncio.gather(bursts_with_breaks(), flood()), 30)
        assert PACE_TIMEOUT * 0.9 <= flooder_closed_after <= PACE_TIMEOUT + 4, f"closed after {flooder_closed_after:.1f} s"

        await carol.say("after the flood")
        await burster.say("still here")
        deadline = time.monotonic() + 5
        while "burster: still here" not in heard_by_bob and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        listening.cancel()
        flood_heard = [m for m in heard_by_bob if m.startswith("flooder: ")]
        assert 5 <= len(flood_heard) < 100 and flood_heard == [f"flooder: flood {i}" for i in range(len(flood_heard))]
        assert [m for m in heard_by_bob if m.startswith("burster: ")] == [
            *(f"burster: burst {round}.{i}" for round in range(3) for i in range(8)),
            "burster: still here",
        ]
        assert "carol: after the flood" in heard_by_bob

    asyncio.run(scenario())


def test_help_documents_the_pace_timeout_its_variable_and_default():
    result = subprocess.run([str(BIN_DIR / "chat-gateway"), "--help"], capture_output=True, text=True, timeout=20)
    assert result.returncode == 0
    option = re.search(r"--pace-timeout.*?(?=\n  --|\Z)", result.stdout, re.S)
    assert option, "--pace-timeout is not in --help"
    text = " ".join(option.group().split())  # help is wrapped to the terminal's width
    assert "CHAT_PACE_TIMEOUT" in text and "default: 120" in text, text

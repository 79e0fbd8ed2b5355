"""Bad input gets a clear error to its sender only; everyone else keeps chatting unaware."""

import asyncio

import pytest
import websockets

from harness.processes import Gateway
from harness.raw_frames import RawWebSocket
from harness.websocket import Client, join_all


@pytest.fixture
def gateway(processes):
    gateway = Gateway(extra=["--burst", "5", "--rate", "0.5"])
    processes.append(gateway)
    gateway.wait_healthy()
    return gateway


def test_oversized_message_is_refused_and_the_sender_stays_connected(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice, bob = await join_all([(first, "alice"), (second, "bob")])
        await alice.say("x" * 70_000)
        assert await alice.next() == "error: message too large (70000 bytes; the limit is 65536): not sent"
        await alice.say("still here")
        assert await bob.next() == "alice: still here", "bob never sees the oversized message"

    asyncio.run(scenario())


def test_a_4_mib_frame_closes_only_that_connection_and_is_never_relayed(cluster):
    _, (first, second) = cluster

    async def scenario():
        mallory, alice, bob = await join_all([(first, "mallory"), (first, "alice"), (second, "bob")])
        try:
            await mallory.say("y" * (4 << 20))
        except websockets.ConnectionClosed:
            pass
        close = await mallory.closed()
        assert close is not None and close.code == 1009, f"expected 1009 message too big, got {close}"
        await alice.say("after the flood")
        assert await bob.next() == "alice: after the flood"

    asyncio.run(scenario())


def test_invalid_utf8_in_a_text_frame_closes_that_connection_with_1007(gateway):
    async def scenario():
        alice, bob = await join_all([(gateway, "alice"), (gateway, "bob")])
        raw = await RawWebSocket.join(gateway, b"mallory", 3)
        raw.send_text(b"\xff\xfe not utf-8")
        assert raw.close_code() == 1007
        await alice.say("unaffected")
        assert await bob.next() == "alice: unaffected"

    asyncio.run(scenario())


def test_binary_frames_are_refused_in_plain_mode(gateway):
    async def scenario():
        alice, bob = await join_all([(gateway, "alice"), (gateway, "bob")])
        await alice.say(b"\x00\x01binary")
        assert await alice.next() == "error: binary frames are not supported: send text"
        await alice.say("text works")
        assert await bob.next() == "alice: text works"

    asyncio.run(scenario())


def test_control_characters_are_refused_but_tabs_and_newlines_pass(gateway):
    async def scenario():
        alice, bob = await join_all([(gateway, "alice"), (gateway, "bob")])
        await alice.say("\x1b[2J\x1b[31mfake")
        assert await alice.next() == (
            "error: message contains control characters (only tab and line breaks are allowed): not sent"
        )
        await alice.say("col1\tcol2\nline two")
        assert await bob.next() == "alice: col1\tcol2\nline two"

    asyncio.run(scenario())


def test_blank_messages_are_dropped_silently(gateway):
    async def scenario():
        alice, bob = await join_all([(gateway, "alice"), (gateway, "bob")])
        await alice.say("   \n\t")
        await alice.say("")
        await alice.say("real")
        assert await bob.next() == "alice: real"

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "username must not be empty"),
        ("   ", "username must not be empty"),
        ("n" * 33, "username must be at most 32 characters"),
        ("tab\tname", "username must not contain control characters, tabs or line breaks"),
        ("evil\x1b[31m", "username must not contain control characters, tabs or line breaks"),
        ("rtl\u202eoverride", "username must not contain control characters, tabs or line breaks"),
        ("bob: hi", 'username must not contain ":" (it separates name and text)'),
    ],
)
def test_bad_usernames_get_an_error_then_close_1008(gateway, name, reason):
    async def scenario():
        client = await Client.join(gateway, name)
        assert await client.next() == f"error: {reason}"
        close = await client.closed()
        assert close is not None and close.code == 1008 and close.reason == reason

    asyncio.run(scenario())


def test_a_binary_first_frame_is_refused_as_a_username(gateway):
    async def scenario():
        ws = await websockets.connect(gateway.url)
        await ws.send(b"alice")
        client = Client(ws, "?")
        assert await client.next() == "error: send your username as a text frame"
        assert (await client.closed()).code == 1008

    asyncio.run(scenario())


def test_a_32_character_name_is_accepted_and_trimmed(gateway):
    async def scenario():
        name = "ü" * 32
        padded, bob = await join_all([(gateway, f"  {name}  "), (gateway, "bob")])
        await padded.say("hi")
        assert await bob.next() == f"{name}: hi"

    asyncio.run(scenario())


def test_a_flood_beyond_the_burst_is_paced_and_nothing_is_dropped(gateway):
    async def scenario():
        flooder, bob, carol = await join_all([(gateway, "flooder"), (gateway, "bob"), (gateway, "carol")])
        for i in range(7):
            await flooder.say(f"spam {i}")
        assert await bob.take(5) == [f"flooder: spam {i}" for i in range(5)], "the burst goes at once"
        await carol.say("can anyone hear me?")
        assert await bob.next() == "carol: can anyone hear me?", "the flooder is paced, nobody else"
        # At 0.5 messages/s the other two follow 2 s apart: late, in order, none dropped.
        assert await bob.take(2, timeout=8) == ["flooder: spam 5", "flooder: spam 6"]
        assert await flooder.next() == "carol: can anyone hear me?", "the flooder is told nothing"
        assert gateway.metric("gateway_messages_paced_total") == 2

    asyncio.run(scenario())

"""Malformed WebSocket traffic and connections that stall: the gateway fails only the connection at
fault, with the close code RFC 6455 asks for, closes its socket within a bounded time (whether or not
the client answers), and keeps serving everyone else meanwhile.

Fragmented messages (RFC 6455 5.4) are here too: the gateway puts them back together, characters split
between frames included, answers control frames between them at once, and applies its limits to the whole.

Frames are built by hand (`harness.raw_frames.ws_frame`) on plain sockets, since no client library sends them.
Invalid UTF-8 in a single frame is in test_bad_input.py; a client that stops reading under load is in
test_faults.py; a silent connection that reads is in test_lifecycle.py.
"""

import asyncio
import json
import select
import socket
import time

import pytest

from conftest import healthy_gateway
from harness.processes import Gateway
from harness.raw_frames import UPGRADE_REQUEST, FrameReader, RawWebSocket, ws_frame
from harness.websocket import ChatClient, join_all

# Seconds a connection has to get its name; it also bounds how long a new connection may take to send
# its request head (GatewayConfiguration.requestHeadTimeout), so slow requests are cut quickly here.
HELLO_TIMEOUT = 2
# How long after a protocol error the socket must be gone: the gateway's close timeout is 1 s.
CLOSE_BOUND = 3


@pytest.fixture
def gateway(processes):
    return healthy_gateway(processes, ["--hello-timeout", str(HELLO_TIMEOUT)])


def resident_kib(pid: int) -> int:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


async def exchange(alice, bob, text: str) -> None:
    """Alice says `text` and Bob hears it: the gateway still serves the others."""
    await alice.say(text)
    assert await bob.next() == f"alice: {text}"


# Each case: what a named plain-mode client sends, and the close code the gateway must answer with.
PROTOCOL_ERRORS = {
    "RSV1 set on a text frame": (ws_frame(0x1, b"hi", rsv=0x40), 1002),
    "RSV2 set on a text frame": (ws_frame(0x1, b"hi", rsv=0x20), 1002),
    "RSV3 set on a text frame": (ws_frame(0x1, b"hi", rsv=0x10), 1002),
    "reserved data opcode 0x3": (ws_frame(0x3, b"hi"), 1002),
    "reserved control opcode 0xB": (ws_frame(0xB, b""), 1002),
    "a ping without FIN": (ws_frame(0x9, b"ping", fin=False), 1002),
    "a ping of 126 bytes": (ws_frame(0x9, b"p" * 126), 1002),
    "an unmasked text frame": (ws_frame(0x1, b"hi", masked=False), 1002),
    "a continuation with nothing to continue": (ws_frame(0x0, b"hi"), 1002),
    "a text frame inside a fragmented message": (ws_frame(0x1, b"one", fin=False) + ws_frame(0x1, b"two"), 1002),
    "a 2^62-byte length header": (ws_frame(0x1, b"", length=1 << 62), 1009),
    # "caf" then the first two bytes of "€" (e2 82 ac), finished with "(": valid in each frame's bytes
    # up to the split, invalid as a message.
    "invalid UTF-8 split across fragments": (ws_frame(0x1, b"caf\xe2\x82", fin=False) + ws_frame(0x0, b"(!"), 1007),
    # The first three bytes of "😀" (f0 9f 98 80), one fragment each, then "(": the decoder must carry its
    # state over more than one boundary.
    "invalid UTF-8 spread over three fragments": (
        ws_frame(0x1, b"ok \xf0", fin=False) + ws_frame(0x0, b"\x9f", fin=False) + ws_frame(0x0, b"\x98("),
        1007,
    ),
    # Every fragment valid so far, but the message ends inside "é" (c3 a9).
    "a fragmented message that ends inside a character": (ws_frame(0x1, b"caf", fin=False) + ws_frame(0x0, b"\xc3"), 1007),
    # Each fragment is far under the 1 MiB limit; the message they make is over it.
    "a fragmented message over 1 MiB": (
        b"".join(ws_frame(0x1 if i == 0 else 0x0, b"f" * (256 << 10), fin=i == 4) for i in range(5)),
        1009,
    ),
}


@pytest.mark.parametrize("frames, code", PROTOCOL_ERRORS.values(), ids=PROTOCOL_ERRORS.keys())
def test_a_malformed_frame_fails_only_its_connection_with_the_rfc_close_code(gateway, frames, code):
    async def scenario():
        alice, bob = await join_all([(gateway, "alice"), (gateway, "bob")])
        mallory = await RawWebSocket.join(gateway, b"mallory", 3)
        rss_before = resident_kib(gateway.popen.pid)

        mallory.send_raw(frames)
        assert mallory.close_code() == code
        try:
            mallory.send_text(b"said after the close")  # must never reach anyone (exchange() below checks)
        except OSError:
            pass  # already closed
        # Mallory never answers the close frame: the gateway closes the socket anyway, and forgets her.
        assert mallory.closed_by_server(CLOSE_BOUND), f"socket still open {CLOSE_BOUND} s after close {code}"
        await asyncio.to_thread(gateway.wait_connections, 2)
        assert resident_kib(gateway.popen.pid) - rss_before < 64 << 10, "a frame header made the gateway allocate"

        await exchange(alice, bob, "still here")
        assert gateway.alive

    asyncio.run(scenario())


def test_a_fragmented_message_with_a_ping_between_its_fragments_is_delivered_whole(gateway):
    """The control case for the errors above: fragments, interleaved control frames and a character split
    between frames are all legal, so the checks must not refuse them."""

    async def scenario():
        (bob,) = await join_all([(gateway, "bob")])
        carol = await RawWebSocket.join(gateway, b"carol", 2)
        euro = "€".encode()
        carol.send_raw(
            ws_frame(0x1, b"caf\xc3", fin=False)
            + ws_frame(0x9, b"are you there?")
            + ws_frame(0x0, b"\xa9 " + euro[:1], fin=False)
            + ws_frame(0x0, euro[1:])
        )
        assert await bob.next() == "carol: café €"
        pong = b""
        while len(pong) < 16:
            chunk = carol.sock.recv(16 - len(pong))
            assert chunk, "closed instead of answering the ping"
            pong += chunk
        assert pong == b"\x8a\x0e" + b"are you there?", "the ping gets its pong"

    asyncio.run(scenario())


def test_characters_split_over_three_fragments_reach_plain_and_v1_clients_intact(gateway):
    """A 4-byte emoji over three frames (one of them empty in between) and a 2-byte character over two: the
    message is put back together byte for byte before it is checked and relayed."""

    async def scenario():
        (bob,) = await join_all([(gateway, "bob")])
        carla = await ChatClient.join(gateway, "carla")
        dave = await RawWebSocket.join(gateway, b"dave", 3)
        emoji, e_acute = "😀".encode(), "é".encode()
        dave.send_raw(
            ws_frame(0x1, b"hi " + emoji[:1], fin=False)
            + ws_frame(0x0, emoji[1:3], fin=False)
            + ws_frame(0x0, b"", fin=False)
            + ws_frame(0x0, emoji[3:] + b" caf" + e_acute[:1], fin=False)
            + ws_frame(0x0, e_acute[1:])
        )
        assert await bob.next() == "dave: hi 😀 café"
        message = await carla.next_of("message")
        assert (message["from"], message["text"]) == ("dave", "hi 😀 café")

    asyncio.run(scenario())


def next_control_frame(raw: RawWebSocket, timeout: float) -> tuple[int, bytes]:
    """The next frame that is not a text frame (a v1 client also gets welcome, presence and acks)."""
    while True:
        frame = raw.next_frame(timeout)
        assert frame is not None, "closed while a control frame was awaited"
        if frame[0] != 0x1:
            return frame


def test_a_ping_between_fragments_is_answered_before_the_message_is_finished(gateway):
    """Pongs must not wait for the end of a message: the other fragments are sent only after each pong.
    A v1 client, so that its ack shows the JSON was taken whole."""

    async def scenario():
        (bob,) = await join_all([(gateway, "bob")])
        erin = RawWebSocket(gateway.port, v1=True)
        erin.send_text(b'{"type":"hello","name":"erin"}')
        assert json.loads(erin.next_frame()[1])["type"] == "welcome"
        say = json.dumps({"type": "say", "id": "e1", "room": "lobby", "text": "one, two, three"}).encode()
        erin.send_raw(ws_frame(0x1, say[:20], fin=False) + ws_frame(0x9, b"first"))
        assert next_control_frame(erin, 2) == (0xA, b"first")
        erin.send_raw(ws_frame(0x0, say[20:40], fin=False) + ws_frame(0x9, b"second"))
        assert next_control_frame(erin, 2) == (0xA, b"second")
        erin.send_raw(ws_frame(0x0, say[40:]))
        assert await bob.next() == "erin: one, two, three"
        while (frame := json.loads(erin.next_frame(5)[1]))["type"] != "ack":
            assert frame["type"] == "presence", frame
        assert frame["id"] == "e1"

    asyncio.run(scenario())


def test_a_close_in_the_middle_of_a_fragmented_message_ends_it_unsent(gateway):
    """A close frame may come between fragments: the gateway answers it and closes the socket, and the
    unfinished message reaches nobody."""

    async def scenario():
        alice, bob = await join_all([(gateway, "alice"), (gateway, "bob")])
        frank = await RawWebSocket.join(gateway, b"frank", 3)
        frank.send_raw(ws_frame(0x1, b"half a mess", fin=False) + ws_frame(0x8, (1000).to_bytes(2, "big")))
        assert frank.close_code() == 1000
        assert frank.closed_by_server(CLOSE_BOUND), "socket still open after the close handshake"
        await asyncio.to_thread(gateway.wait_connections, 2)
        await exchange(alice, bob, "frank left")  # the next thing each hears is the other: no fragment
        await bob.say("so he did")
        assert await alice.next() == "bob: so he did"

    asyncio.run(scenario())


def test_fragments_count_together_against_max_message_bytes(gateway):
    """Three 30,000-byte fragments make a 90,000-byte message: refused like one frame of that size
    (test_bad_input), not passed because each fragment is under 64 KiB."""

    async def scenario():
        (bob,) = await join_all([(gateway, "bob")])
        gina = await RawWebSocket.join(gateway, b"gina", 2)
        gina.send_raw(b"".join(ws_frame(0x1 if i == 0 else 0x0, b"g" * 30_000, fin=i == 2) for i in range(3)))
        assert gina.next_frame(5) == (0x1, b"error: message too large (90000 bytes; the limit is 65536): not sent")
        gina.send_text(b"short")
        assert await bob.next() == "gina: short"

    asyncio.run(scenario())


def test_a_connection_that_never_speaks_nor_reads_is_closed_at_the_hello_timeout(gateway):
    """Half-open: the client upgrades, then neither sends a frame nor reads one (a tiny receive buffer
    it never drains). The gateway closes it after --hello-timeout, while others chat."""

    async def scenario():
        alice, bob = await join_all([(gateway, "alice"), (gateway, "bob")])
        silent = RawWebSocket(gateway.port, receive_buffer=4096)
        await exchange(alice, bob, "meanwhile")
        await asyncio.sleep(HELLO_TIMEOUT + 1)  # not reading while the timeout passes is the point
        assert silent.closed_by_server(2), "the silent connection outlived the hello timeout"
        await exchange(alice, bob, "after")

    asyncio.run(scenario())


def test_a_named_client_that_stops_answering_pings_is_closed_after_the_next_ping(processes):
    """Half-open after the hello: the client has its name, then its peer vanishes without a FIN (it
    never answers a ping again). With --ping-interval 1 the gateway closes it within about 2 s, 1001,
    while a raw client that answers every ping stays for as long (3 intervals and more)."""
    gateway = Gateway(extra=["--ping-interval", "1"])
    processes.append(gateway)
    gateway.wait_healthy()

    async def scenario():
        alice, bob = await join_all([(gateway, "alice"), (gateway, "bob")])
        ghost = await RawWebSocket.join(gateway, b"ghost", 3)
        started = time.monotonic()
        answerer = FrameReader(await RawWebSocket.join(gateway, b"answerer", 4))
        await asyncio.to_thread(gateway.wait_connections, 3, 5)
        assert time.monotonic() - started < 3.5, "closed by the second ping without an answer"
        assert ghost.close_code() == 1001
        await exchange(alice, bob, "ghost gone")
        await asyncio.sleep(3.5 - (time.monotonic() - started))  # the answerer outlasting 3 intervals is the point
        assert not answerer.ended and answerer.pings >= 2, f"{answerer.pings} pings, then {answerer.frames}"
        answerer.raw.send_text(b"still here")
        assert await bob.next() == "answerer: still here"
        answerer.stop()

    asyncio.run(scenario())


def test_a_client_that_sends_close_but_keeps_its_socket_open_is_disconnected(gateway):
    """Half-open the other way round: the client starts the close handshake and then never closes TCP."""

    async def scenario():
        alice, bob = await join_all([(gateway, "alice"), (gateway, "bob")])
        quitter = await RawWebSocket.join(gateway, b"quitter", 3)
        quitter.send_raw(ws_frame(0x8, (1000).to_bytes(2, "big")))
        assert quitter.close_code() == 1000
        assert quitter.closed_by_server(CLOSE_BOUND)
        await asyncio.to_thread(gateway.wait_connections, 2)
        await exchange(alice, bob, "bye quitter")

    asyncio.run(scenario())


def drip(sock: socket.socket, data: bytes, interval: float, limit: float) -> float | None:
    """Sends `data` one byte every `interval` seconds; returns the seconds until the server closed the
    connection, or None if it was still open after `limit` seconds (or once everything was sent)."""
    started = time.monotonic()
    for byte in data:
        try:
            sock.sendall(bytes([byte]))
        except (BrokenPipeError, ConnectionResetError):
            return time.monotonic() - started
        readable, _, _ = select.select([sock], [], [], interval)
        if readable:
            try:
                reply = sock.recv(4096)
            except ConnectionResetError:
                return time.monotonic() - started
            assert not reply.startswith(b"HTTP/1.1 101"), "an unfinished request was upgraded"
            if not reply:
                return time.monotonic() - started
        if time.monotonic() - started > limit:
            return None
    return None


def test_a_slowloris_upgrade_request_is_cut_off_while_others_chat(gateway):
    async def scenario():
        alice, bob = await join_all([(gateway, "alice"), (gateway, "bob")])
        slow = socket.create_connection(("127.0.0.1", gateway.port))
        dripping = asyncio.create_task(asyncio.to_thread(drip, slow, UPGRADE_REQUEST, 0.5, HELLO_TIMEOUT + 5))
        for i in range(4):
            await exchange(alice, bob, f"while it drips {i}")
            await asyncio.sleep(0.3)
        closed_after = await dripping
        assert closed_after is not None, "the gateway waited for the request head without a limit"
        assert closed_after < HELLO_TIMEOUT + 2
        await exchange(alice, bob, "after the drip")

    asyncio.run(scenario())


def test_a_slowloris_on_a_kept_alive_connection_is_cut_off(gateway):
    """The same attack after one complete request: the next request head has the same time limit."""
    sock = socket.create_connection(("127.0.0.1", gateway.port), timeout=5)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
    response = b""
    while b'"connections"' not in response:
        chunk = sock.recv(4096)
        assert chunk, f"closed before the first response: {response!r}"
        response += chunk
    assert response.startswith(b"HTTP/1.1 200")
    closed_after = drip(sock, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 100, 0.5, HELLO_TIMEOUT + 5)
    assert closed_after is not None and closed_after < HELLO_TIMEOUT + 2


def test_200_half_sent_upgrade_requests_do_not_stop_anyone_chatting(gateway):
    async def scenario():
        half_sent = []
        for _ in range(200):
            sock = socket.create_connection(("127.0.0.1", gateway.port))
            sock.sendall(UPGRADE_REQUEST[:40])
            half_sent.append(sock)
        started = time.monotonic()
        alice, bob = await join_all([(gateway, "alice"), (gateway, "bob")])
        await exchange(alice, bob, "200 strangers at the door")
        assert gateway.health()[0] == 200

        open_sockets = set(half_sent)
        while open_sockets and time.monotonic() - started < HELLO_TIMEOUT + 5:
            readable, _, _ = select.select(list(open_sockets), [], [], 0.5)
            for sock in readable:
                try:
                    data = sock.recv(4096)
                except ConnectionResetError:
                    data = b""
                assert not data, f"a half-sent request got an answer: {data[:40]!r}"
                open_sockets.discard(sock)
        assert not open_sockets, f"{len(open_sockets)} of 200 half-sent requests still open after {HELLO_TIMEOUT + 5} s"
        await exchange(alice, bob, "they are gone")
        for sock in half_sent:
            sock.close()

    asyncio.run(scenario())

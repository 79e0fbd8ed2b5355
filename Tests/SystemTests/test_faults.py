"""Faults cost only what they must: a relay restart costs seconds, a dead gateway its own clients."""

import asyncio
import signal
import time

import pytest
import websockets

from harness.processes import Gateway, Relay
from harness.raw_frames import FrameReader, RawWebSocket, close_code_and_reason
from harness.websocket import Client, join_all


def relay_epoch(relay: Relay) -> str:
    status, body = relay.health()
    assert status == 200
    return body["epoch"]


def test_relay_restart_gateways_reconnect_and_chat_resumes(cluster, processes):
    relay, (first, second) = cluster
    old_epoch = relay_epoch(relay)

    async def scenario():
        alice, bob = await join_all([(first, "alice"), (second, "bob")])
        await alice.say("before")
        assert await bob.next() == "alice: before"

        relay.kill()
        restarted_at = time.monotonic()
        new_relay = Relay(port=relay.port)
        processes.append(new_relay)
        epoch = relay_epoch(new_relay)
        assert epoch != old_epoch, "a restarted relay has a new epoch"
        for gateway in (first, second):
            await asyncio.to_thread(
                gateway.wait_until, lambda status, body: status == 200 and body["relay_epoch"] == epoch, 5, "resynced"
            )
        resumed_after = time.monotonic() - restarted_at
        print(f"chat resumed {resumed_after:.2f}s after the relay was restarted")
        assert resumed_after < 5, f"chat resumed after {resumed_after:.1f}s"

        await alice.say("after")
        assert await bob.next() == "alice: after"
        await bob.say("and back")
        assert await alice.next() == "bob: and back"

    asyncio.run(scenario())


def test_messages_sent_before_a_gateway_resyncs_are_replayed_to_it(cluster, processes):
    """A gateway that rejoins a restarted relay late gets everything the new relay published."""
    relay, (first, second) = cluster

    async def scenario():
        alice, bob = await join_all([(first, "alice"), (second, "bob")])
        second.popen.send_signal(signal.SIGSTOP)  # the second gateway sleeps through the restart
        try:
            relay.kill()
            new_relay = Relay(port=relay.port)
            processes.append(new_relay)
            epoch = relay_epoch(new_relay)
            await asyncio.to_thread(first.wait_until, lambda s, b: s == 200 and b["relay_epoch"] == epoch, 5, "resynced")
            for i in range(20):
                await alice.say(f"while you slept {i}")
        finally:
            second.popen.send_signal(signal.SIGCONT)
        assert await bob.take(20) == [f"alice: while you slept {i}" for i in range(20)]
        assert second.metric("gateway_relay_messages_lost_total") == 0
        assert second.metric("gateway_relay_replays_total") >= 1

    asyncio.run(scenario())


def test_a_dead_relay_shows_in_health_and_logs_and_sends_are_refused(cluster, processes):
    relay, (first, second) = cluster

    async def scenario():
        alice, bob = await join_all([(first, "alice"), (second, "bob")])
        relay.kill()
        killed_at = time.monotonic()
        body = await asyncio.to_thread(first.wait_until, lambda status, _: status == 503, 6, "unhealthy")
        assert body["relay"] == "down"
        assert time.monotonic() - killed_at < 5, "relay heartbeats stop: link down within the 3 s timeout"
        first.wait_for_log(r'level=warning .*msg="relay link down: no heartbeat"')
        await alice.say("anyone?")
        assert await alice.next() == "error: chat relay unavailable: message not sent, try again in a moment"
        newcomer = await websockets.connect(first.url)
        with pytest.raises(websockets.ConnectionClosed) as refused:
            await newcomer.recv()
        assert refused.value.rcvd.code == 1013, "new clients are told to try again later until the relay is back"
        assert refused.value.rcvd.reason == "chat relay unavailable; try again shortly"

        new_relay = Relay(port=relay.port)
        processes.append(new_relay)
        for gateway in (first, second):
            await asyncio.to_thread(gateway.wait_healthy, 5)
        await alice.say("back")
        assert await bob.next() == "alice: back"

    asyncio.run(scenario())


def test_a_killed_gateway_costs_only_its_own_clients(cluster):
    relay, (first, second) = cluster

    async def scenario():
        alice, carol, bob = await join_all([(first, "alice"), (first, "carol"), (second, "bob")])
        second.kill()
        assert (await bob.closed()) is None, "bob's connection just drops"
        await alice.say("still chatting")
        assert await carol.next() == "alice: still chatting"
        await carol.say("yes")
        assert await alice.next() == "carol: yes"
        relay.wait_for_log(r'msg="gateway lost: no heartbeat"', timeout=6)
        assert relay.health()[1]["gateways"] == 1

    asyncio.run(scenario())


def test_a_gateway_that_reports_healthy_misses_nothing_published_after(cluster, processes):
    """The slow-joiner effect: a subscription proven live before the gateway counts on it."""
    relay, (first, _) = cluster

    async def scenario():
        (alice,) = await join_all([(first, "alice")])
        late = Gateway(relay)
        processes.append(late)
        await asyncio.to_thread(late.wait_healthy)
        (dave,) = await join_all([(late, "dave")])
        for i in range(100):
            await alice.say(f"n{i}")
        assert await dave.take(100) == [f"alice: n{i}" for i in range(100)]

    asyncio.run(scenario())


def read_in_bursts(raw: RawWebSocket, count: int, pause: float = 0.02) -> tuple[list[bytes], tuple[int, str] | str | None]:
    """Reads up to `count` text frames the way a busy client does: whatever has arrived, then a pause.
    Returns them, and how the server closed the connection if it did first."""
    payloads = []
    deadline = time.monotonic() + 30
    while len(payloads) < count and time.monotonic() < deadline:
        time.sleep(pause)
        try:
            while len(payloads) < count:
                frame = raw.next_frame(timeout=0.001)
                if frame is None:
                    return payloads, "socket closed"
                if frame[0] == 0x8:
                    return payloads, close_code_and_reason(frame[1])
                if frame[0] == 0x1:
                    payloads.append(frame[1])
        except TimeoutError:
            pass  # read all there was: pause
    return payloads, None


def test_a_client_that_stops_reading_is_disconnected_and_others_get_everything(processes):
    """The backlog bound, with the rate lifted: a listener that never reads is closed with 1013 once more
    than --client-queue-bytes waits for it (after the socket buffers, some MB, are full). One that reads in
    bursts with pauses keeps up and stays, as do a fast one and the sender, who is told nothing."""
    gateway = Gateway(extra=["--rate", "100000", "--burst", "100000", "--client-queue-bytes", "65536"])
    processes.append(gateway)
    gateway.wait_healthy()
    count, payload = 2000, "z" * 4000  # 8 MB for each listener, 16 messages to the bound
    expected = [f"alice: {i} {payload}".encode() for i in range(count)]

    async def scenario():
        # A raw client with a tiny receive buffer that upgrades, names itself, and never reads again.
        stalled = RawWebSocket(gateway.port, receive_buffer=4096)
        stalled.send_text(b"stalled")
        pauser = RawWebSocket(gateway.port)
        pauser.send_text(b"pauser")
        fast = FrameReader(RawWebSocket(gateway.port))
        fast.raw.send_text(b"fast")
        alice = await Client.join(gateway, "alice")
        await asyncio.to_thread(gateway.wait_connections, 4)

        async def send_all():
            for i in range(count):
                await alice.say(f"{i} {payload}")

        async def stalled_close_code() -> int | None:
            while gateway.metric('gateway_clients_dropped_total{reason="slow"}') < 1 and gateway.health()[1]["connections"] == 4:
                await asyncio.sleep(0.02)
            # Read now, within the 1 s close timeout, and the close frame is there behind what the buffers held.
            return await asyncio.to_thread(stalled.close_code, 5)

        async def fast_heard_all():
            while len(fast.frames) < count and not fast.ended:
                await asyncio.sleep(0.02)

        _, code, (paused_read, pauser_close), _ = await asyncio.wait_for(
            asyncio.gather(send_all(), stalled_close_code(), asyncio.to_thread(read_in_bursts, pauser, count), fast_heard_all()), 30
        )
        cut = {"fast": (len(fast.frames), fast.close), "pauser": (len(paused_read), pauser_close)}
        assert fast.close is None and pauser_close is None, f"listeners that keep up were closed (messages read, close): {cut}"
        assert [payload for _, payload in fast.frames] == expected
        assert paused_read == expected
        assert code == 1013
        await asyncio.to_thread(gateway.wait_connections, 3)
        assert gateway.metric('gateway_clients_dropped_total{reason="slow"}') == 1, "the stalled client, counted once"

        try:
            told = await alice.next(0.3)
        except TimeoutError:
            told = None
        assert told is None, f"the sender was told {told[:80]!r}"
        await alice.say("done")
        assert pauser.next_frame(5) == (0x1, b"alice: done")
        deadline = time.monotonic() + 5
        while len(fast.frames) == count and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert fast.frames[-1] == (0x1, b"alice: done")
        fast.stop()
        stalled.sock.close()

    asyncio.run(scenario())

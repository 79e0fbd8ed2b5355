"""Faults cost only what they must: a relay restart costs seconds, a dead gateway its own clients."""

import asyncio
import signal
import time

import pytest
import websockets

from harness.processes import Gateway, Relay
from harness.raw_frames import RawWebSocket
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


def test_a_client_that_stops_reading_is_disconnected_and_others_get_everything(processes):
    gateway = Gateway(extra=["--burst", "1000", "--client-queue-bytes", "262144"])
    processes.append(gateway)
    gateway.wait_healthy()

    async def scenario():
        # A raw client with a tiny receive buffer that upgrades, names itself, and never reads again.
        stalled = RawWebSocket(gateway.port, receive_buffer=4096)
        stalled.send_text(b"stalled")
        alice, bob = await Client.join(gateway, "alice"), await Client.join(gateway, "bob")
        await asyncio.to_thread(gateway.wait_connections, 3)

        payload = "z" * 60_000

        async def send_all():
            for i in range(200):
                await alice.say(f"{i} {payload}")

        _, received = await asyncio.gather(send_all(), bob.take(200, timeout=20))
        assert [m.split(" ", 2)[1] for m in received] == [str(i) for i in range(200)]

        deadline = time.monotonic() + 10
        while gateway.metric('gateway_clients_dropped_total{reason="slow"}') < 1:
            assert time.monotonic() < deadline, "the stalled client was never dropped"
            await asyncio.sleep(0.05)
        await asyncio.to_thread(gateway.wait_connections, 2)
        stalled.sock.close()

    asyncio.run(scenario())

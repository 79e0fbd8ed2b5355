"""One `chat-gateway` with no --relay is a complete chat: the default a new user gets."""

import asyncio

from harness.processes import Gateway
from harness.websocket import join_all


def test_prints_the_url_clients_use_and_serves_health_and_metrics(processes):
    gateway = Gateway()
    processes.append(gateway)
    assert f"ws://localhost:{gateway.port}/ws" in gateway.announcement
    body = gateway.wait_healthy()
    assert body["status"] == "ok" and body["relay"] == "up" and body["connections"] == 0
    metrics = gateway.metrics()
    assert "# TYPE gateway_frames_in_total counter" in metrics
    assert "relay_messages_published_total" in metrics, "the embedded relay's metrics are served too"


def test_messages_reach_everyone_else_and_never_the_sender(processes):
    gateway = Gateway()
    processes.append(gateway)
    gateway.wait_healthy()

    async def scenario():
        alice, bob, carol = await join_all([(gateway, "alice"), (gateway, "bob"), (gateway, "carol")])
        await alice.say("hello, everyone")
        assert await bob.next() == "alice: hello, everyone"
        assert await carol.next() == "alice: hello, everyone"
        # Bob answers only after alice's message was delivered, so if alice received her own
        # message it would come before bob's.
        await bob.say("hi alice")
        assert await alice.next() == "bob: hi alice"
        assert await carol.next() == "bob: hi alice"

    asyncio.run(scenario())


def test_unicode_names_and_text_pass_through_unchanged(processes):
    gateway = Gateway()
    processes.append(gateway)
    gateway.wait_healthy()

    async def scenario():
        zoe, bob = await join_all([(gateway, "Zoë 🦊"), (gateway, "bob")])
        await zoe.say("naïve café — 日本語 ✓\nsecond line")
        assert await bob.next() == "Zoë 🦊: naïve café — 日本語 ✓\nsecond line"

    asyncio.run(scenario())

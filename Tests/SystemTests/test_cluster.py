"""A relay and two gateways: chat crosses gateways in the relay's order."""

import asyncio

from harness.websocket import join_all


def test_broadcast_crosses_gateways_and_excludes_the_sender(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice, bob, carol = await join_all([(first, "alice"), (second, "bob"), (first, "carol")])
        await alice.say("hello from gateway one")
        assert await bob.next() == "alice: hello from gateway one"
        assert await carol.next() == "alice: hello from gateway one"
        await bob.say("hello from gateway two")
        assert await alice.next() == "bob: hello from gateway two", "alice must not get her own message back"
        assert await carol.next() == "bob: hello from gateway two"

    asyncio.run(scenario())


def test_fifty_messages_arrive_in_order_on_the_other_gateway(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice, bob, carol = await join_all([(first, "alice"), (second, "bob"), (second, "carol")])
        sent = [f"message {i:02d}" for i in range(50)]
        for text in sent:
            await alice.say(text)
        expected = [f"alice: {text}" for text in sent]
        assert await bob.take(50) == expected
        assert await carol.take(50) == expected

    asyncio.run(scenario())


def test_everyone_sees_one_order_when_both_gateways_send_at_once(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice, bob, watcher_one, watcher_two = await join_all(
            [(first, "alice"), (second, "bob"), (first, "watcher1"), (second, "watcher2")]
        )
        await asyncio.gather(*(alice.say(f"a{i}") for i in range(30)), *(bob.say(f"b{i}") for i in range(30)))
        seen_one = await watcher_one.take(60)
        seen_two = await watcher_two.take(60)
        assert seen_one == seen_two, "both gateways deliver the relay's single order"
        assert [m for m in seen_one if m.startswith("alice: ")] == [f"alice: a{i}" for i in range(30)]
        assert [m for m in seen_one if m.startswith("bob: ")] == [f"bob: b{i}" for i in range(30)]
        # Each sender sees the other's messages in that same order, without its own.
        assert await alice.take(30) == [m for m in seen_one if m.startswith("bob: ")]
        assert await bob.take(30) == [m for m in seen_one if m.startswith("alice: ")]

    asyncio.run(scenario())

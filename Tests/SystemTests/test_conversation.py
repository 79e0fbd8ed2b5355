"""Conversation events (docs/PROTOCOL.md, "Conversation events") at the protocol level, across a relay and two
gateways, with raw WebSocket clients: replies, edits, deletes, reactions, typing and read markers, what the relay
checks, and what plain (seed) clients see."""

import asyncio

import pytest

from harness.identity import Identity, SigningClient
from harness.processes import Gateway, Relay
from harness.websocket import ChatClient, Client


async def said(speaker, listener, text: str, **options) -> dict:
    """`speaker` says `text`; returns what `listener` got, as a reference holder (`seq`, `id`)."""
    id = await speaker.say(text, **options)
    message = await listener.next_of("message", "action")
    assert message["text"] == text and message["id"] == id
    assert (await speaker.next_of("ack"))["seq"] == message["seq"]
    return message


def linked_gateway(processes, relay_options: list[str]) -> Gateway:
    """A gateway linked to a relay started with `relay_options`, healthy."""
    relay = Relay(extra=relay_options)
    processes.append(relay)
    gateway = Gateway(relay)
    processes.append(gateway)
    gateway.wait_healthy()
    return gateway


async def refused(client, code: str) -> dict:
    error = await client.next_of("error")
    assert error["code"] == code, error
    return error


def test_a_reply_names_the_original_and_its_author_as_the_relay_holds_them(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice = await ChatClient.join(first, "alice")
        bob = await ChatClient.join(second, "bob")
        original = await said(alice, bob, "lunch at noon?")
        # The author comes from the relay's history, whatever the client wrote in its reference.
        await bob.say("yes", reply={"seq": original["seq"], "id": original["id"], "from": "mallory"})
        reply = await alice.next_of("message")
        assert reply["reply"] == {"seq": original["seq"], "id": original["id"], "from": "alice"}
        # A reply to what the relay does not hold is sent, without an author.
        await bob.say("and this?", reply={"seq": 9999, "id": "nope", "from": "mallory"})
        assert (await alice.next_of("message"))["reply"] == {"seq": 9999, "id": "nope"}

    asyncio.run(scenario())


def test_an_edit_and_a_delete_reach_everyone_and_only_the_author_may_make_them(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice = await SigningClient.prove(first.url, "alice")
        bob = await SigningClient.prove(second.url, "bob")
        original = await said(alice, bob, "helo")
        await alice.about("edit", original, "hello")
        edit = await bob.next_of("edit")
        assert (edit["text"], edit["target"], edit["from"], edit["key"]) == ("hello", {"seq": original["seq"], "id": original["id"]}, "alice", alice.identity.key)
        assert (await alice.next_of("ack"))["seq"] == edit["seq"]
        await bob.about("edit", original, "bob was here")
        await refused(bob, "not_yours")
        await bob.about("delete", original)
        await refused(bob, "not_yours")
        await alice.about("edit", {"seq": original["seq"], "id": "another-id"}, "x")
        await refused(alice, "unknown_message")
        await alice.about("delete", original)
        deleted = await bob.next_of("delete")
        assert (deleted["text"], deleted["target"]["seq"]) == ("", original["seq"])
        await alice.next_of("ack")
        for kind, text in [("edit", "again"), ("delete", None), ("reaction", "+👍")]:
            await alice.about(kind, original, text)
            await refused(alice, "unknown_message")

    asyncio.run(scenario())


def test_a_deleted_message_leaves_history_with_its_edits_and_reactions_and_only_the_delete_stays(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice = await ChatClient.join(first, "alice")
        bob = await ChatClient.join(second, "bob")
        kept = await said(alice, bob, "this stays")
        secret = await said(alice, bob, "my password is hunter2")
        await alice.about("edit", secret, "my password is hunter3")
        assert (await bob.next_of("edit"))["text"] == "my password is hunter3"
        await bob.about("reaction", secret, "+😮")
        await bob.about("reaction", kept, "+👍")
        await bob.next_of("ack")
        await bob.next_of("ack")
        await alice.about("delete", secret)
        assert (await bob.next_of("delete"))["target"]["seq"] == secret["seq"]
        carol = await ChatClient.join(second, "carol")
        history = carol.welcome["rooms"][0]["history"]
        assert "hunter" not in str(history)
        assert [(event["type"], event.get("target", {}).get("seq")) for event in history] == [
            ("message", None),
            ("reaction", kept["seq"]),
            ("delete", secret["seq"]),
        ]

    asyncio.run(scenario())


def test_edits_and_deletes_are_bounded_by_the_edit_window(processes):
    gateway = linked_gateway(processes, ["--edit-window", "1"])

    async def scenario():
        alice = await ChatClient.join(gateway, "alice")
        bob = await ChatClient.join(gateway, "bob")
        fresh = await said(alice, bob, "quick fix")
        await alice.about("edit", fresh, "quick fix!")
        assert (await bob.next_of("edit"))["text"] == "quick fix!"
        await asyncio.sleep(1.3)
        await alice.about("edit", fresh, "too late now")
        error = await refused(alice, "too_late")
        assert "1 s" in error["message"]
        await alice.about("delete", fresh)
        await refused(alice, "too_late")

    asyncio.run(scenario())


def test_reactions_are_bounded_per_message_and_their_text_is_checked(processes):
    gateway = linked_gateway(processes, ["--max-reactions", "3"])

    async def scenario():
        alice = await ChatClient.join(gateway, "alice")
        bob = await ChatClient.join(gateway, "bob")
        message = await said(alice, bob, "vote")
        for text in ["+👍", "-👍", "+🎉"]:
            await bob.about("reaction", message, text)
            assert (await alice.next_of("reaction"))["text"] == text
        await bob.about("reaction", message, "+❤️")
        await refused(bob, "too_many_reactions")
        for text in ["👍", "+", "+two words", "+" + "x" * 33, "-\u0007"]:
            await bob.about("reaction", message, text)
            await refused(bob, "invalid_text")
        other = await said(alice, bob, "another")
        await bob.about("reaction", other, "+❤️")
        assert (await alice.next_of("reaction"))["target"]["seq"] == other["seq"]

    asyncio.run(scenario())


def test_typing_reaches_the_room_paced_and_is_never_kept(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice = await ChatClient.join(first, "alice")
        bob = await ChatClient.join(second, "bob")
        await alice.send({"type": "typing", "room": "lobby"})
        assert await bob.next_of("typing") == {"type": "typing", "room": "lobby", "from": "alice", "active": True}
        await alice.send({"type": "typing", "room": "lobby", "active": False})
        assert (await bob.next_of("typing"))["active"] is False
        # A flood: the gateway and the relay pass on about one a second (3 at once), the rest is dropped.
        for _ in range(20):
            await alice.send({"type": "typing", "room": "lobby"})
        await alice.say("done typing")
        seen = 0
        while (frame := await bob.next_of("typing", "message"))["type"] == "typing":
            seen += 1
        assert 1 <= seen <= 3
        await alice.send({"type": "typing", "room": "elsewhere"})
        await refused(alice, "not_in_room")
        carol = await ChatClient.join(first, "carol")
        assert [event["type"] for event in carol.welcome["rooms"][0]["history"]] == ["message"]

    asyncio.run(scenario())


def test_a_read_marker_reaches_the_same_persons_other_devices_and_others_only_if_visible(cluster):
    _, (first, second) = cluster

    async def scenario():
        identity = Identity()
        laptop = await SigningClient.prove(first.url, "alice", identity)
        phone = await SigningClient.prove(second.url, "alice-phone", identity)
        bob = await ChatClient.join(second, "bob")
        message = await said(bob, laptop, "read me")
        await phone.next_of("message")
        await laptop.send({"type": "read", "room": "lobby", "seq": message["seq"]})
        assert await phone.next_of("read") == {"type": "read", "room": "lobby", "from": "alice", "seq": message["seq"]}
        await laptop.send({"type": "read", "room": "lobby", "seq": message["seq"], "visible": True})
        assert await bob.next_of("read", "message") == {"type": "read", "room": "lobby", "from": "alice", "seq": message["seq"]}
        assert (await phone.next_of("read"))["seq"] == message["seq"]
        # Never back, and never past the room's last event: neither moves it, so nobody hears of it.
        await laptop.send({"type": "read", "room": "lobby", "seq": 1, "visible": True})
        await laptop.send({"type": "read", "room": "lobby", "seq": 10**9, "visible": True})
        await bob.say("later")
        assert (await phone.next_of("read", "message"))["text"] == "later"
        again = await SigningClient.prove(first.url, "alice-tablet", identity)
        lobby = again.welcome["rooms"][0]
        assert lobby["read"] >= message["seq"]
        dave = await ChatClient.join(first, "dave")
        assert dave.welcome["rooms"][0]["reads"]["alice"] >= message["seq"]
        assert set(dave.welcome["rooms"][0]["reads"]) == {"alice", "alice-phone", "alice-tablet"}, "a person's marker, under each of its names"

    asyncio.run(scenario())


def test_plain_clients_see_replies_edits_and_deletes_as_text_and_nothing_else(cluster):
    _, (first, second) = cluster

    async def scenario():
        seed = await Client.join(first, "seed")
        alice = await ChatClient.join(second, "alice")
        bob = await ChatClient.join(second, "bob")
        original = await said(alice, bob, "first")
        assert await seed.next() == "alice: first"
        await bob.say("second", reply={"seq": original["seq"], "id": original["id"]})
        assert await seed.next() == "bob (reply to alice): second"
        await bob.next_of("ack")
        await alice.next_of("message")
        await alice.about("edit", original, "first!")
        assert await seed.next() == "alice (edited): first!"
        await bob.next_of("edit")
        await bob.about("reaction", original, "+👍")
        await alice.next_of("reaction")
        await alice.send({"type": "typing", "room": "lobby"})
        await alice.send({"type": "read", "room": "lobby", "seq": original["seq"], "visible": True})
        await alice.about("delete", original)
        assert await seed.next() == "alice (deleted a message)", "no reaction, typing or read marker came before it"
        await seed.say("a plain line")
        heard = await alice.next_of("message")
        await alice.say("answered", reply={"seq": heard["seq"], "id": ""})
        while (frame := await bob.next_of("message", "typing", "read", "delete"))["type"] != "message" or frame["text"] != "answered":
            pass
        assert frame["reply"] == {"seq": heard["seq"], "id": "", "from": "seed"}

    asyncio.run(scenario())


def test_a_client_resuming_after_a_disconnect_gets_the_edits_and_deletes_it_missed(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice = await ChatClient.join(first, "alice")
        bob = await ChatClient.join(second, "bob")
        one = await said(alice, bob, "one")
        two = await said(alice, bob, "two")
        session, epoch = bob.welcome["session"], bob.welcome["epoch"]
        await bob.close()
        await alice.about("edit", one, "one, edited")
        await alice.about("delete", two)
        await alice.next_of("ack")
        await alice.next_of("ack")
        back = await ChatClient.join(second, "bob", session=session, resume={"epoch": epoch, "rooms": {"lobby": two["seq"]}})
        history = back.welcome["rooms"][0]["history"]
        assert [(event["type"], event.get("text")) for event in history if event["type"] != "message"] == [("edit", "one, edited"), ("delete", "")]
        assert not back.welcome["rooms"][0]["truncated"]

    asyncio.run(scenario())


def test_two_people_toggling_the_same_reaction_at_once_see_one_order_and_so_one_outcome(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice = await ChatClient.join(first, "alice")
        bob = await ChatClient.join(second, "bob")
        carol = await ChatClient.join(second, "carol")
        target = await said(alice, bob, "react to me")
        await carol.next_of("message")

        async def toggle(client, times: int) -> list[dict]:
            sent = []
            for n in range(times):
                id = await client.about("reaction", target, "+👍" if n % 2 == 0 else "-👍")
                sent.append(id)
            return sent

        await asyncio.gather(toggle(alice, 7), toggle(bob, 8))

        async def order(client, count: int) -> list[tuple[int, str, str]]:
            """The room's reaction events as this client learns them: its own by their acks, the others' as frames."""
            events = []
            while len(events) < count:
                frame = await client.next_of("reaction", "ack")
                if frame["type"] == "ack":
                    events.append((frame["seq"], client.name, frame["id"]))
                else:
                    events.append((frame["seq"], frame["from"], frame["id"]))
            return sorted(events)

        seen = [await order(alice, 15), await order(bob, 15), await order(carol, 15)]
        assert seen[0] == seen[1] == seen[2], "everyone has the same events at the same sequences"
        for person in ("alice", "bob"):
            numbers = [int(id.rsplit("-", 1)[1]) for _, who, id in seen[2] if who == person]
            assert numbers == sorted(numbers), f"{person}'s toggles kept their order"
        # So everyone reaches one outcome: each person's latest toggle decides (alice's 7th adds, bob's 8th takes back).
        history = (await ChatClient.join(first, "dave")).welcome["rooms"][0]["history"]
        latest = {event["from"]: event["text"] for event in history if event["type"] == "reaction"}
        assert latest == {"alice": "+👍", "bob": "-👍"}

    asyncio.run(scenario())

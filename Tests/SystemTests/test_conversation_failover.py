"""Conversation events across a relay failover (Binary Star): the backup holds the edits, deletes, reactions and
read markers the primary had, whether it got them in its first snapshot or one command at a time, and no typing."""

import asyncio

from harness.identity import Identity, SigningClient
from harness.processes import RelayPair
from harness.websocket import ChatClient


async def acked(client) -> dict:
    """The client's next acknowledgement, past whatever else arrives first."""
    while (frame := await client.next())["type"] != "ack":
        assert frame["type"] != "error", frame
    return frame


def test_the_backup_relay_holds_the_primarys_edits_deletes_reactions_and_read_markers(processes):
    relays = RelayPair(start=("primary",))
    processes.extend(relays.processes)
    gateways = [relays.gateway() for _ in range(2)]
    processes.extend(gateways)
    for gateway in gateways:
        gateway.wait_healthy()
    identity = Identity()

    async def scenario():
        alice = await SigningClient.prove(gateways[0].url, "alice", identity)
        bob = await ChatClient.join(gateways[1], "bob")
        # Before the backup exists: it gets these in its snapshot of the primary.
        await alice.say("first draft")
        first = await acked(alice)
        await alice.about("edit", first, "first, final")
        await acked(alice)
        await alice.send({"type": "read", "room": "lobby", "seq": first["seq"], "visible": True})
        processes.append(relays.start_backup())
        relays.wait_states("active", "passive")
        # Once it follows: these reach it one command at a time.
        await alice.say("regrettable")
        second = await acked(alice)
        await bob.about("reaction", first, "+🎉")
        await acked(bob)
        await alice.about("delete", second)
        await acked(alice)
        await alice.send({"type": "typing", "room": "lobby"})
        relays.primary.kill()
        for gateway in gateways:
            gateway.wait_for_log("moving to the other relay", timeout=5)
            gateway.wait_healthy()
        tablet = await SigningClient.prove(gateways[1].url, "alice-tablet", identity)
        assert tablet.welcome["rooms"][0]["read"] == first["seq"], "the marker came in the backup's snapshot"
        await alice.send({"type": "read", "room": "lobby", "seq": second["seq"] + 2, "visible": True})
        assert (await tablet.next_of("read"))["seq"] == second["seq"] + 2
        phone = await SigningClient.prove(gateways[1].url, "alice-phone", identity)
        lobby = phone.welcome["rooms"][0]
        assert lobby["read"] == second["seq"] + 2, "the marker moved on the backup, from where the primary left it"
        carol = await ChatClient.join(gateways[1], "carol")
        history = carol.welcome["rooms"][0]["history"]
        assert [(event["type"], event.get("text")) for event in history] == [
            ("message", "first draft"),
            ("edit", "first, final"),
            ("reaction", "+🎉"),
            ("delete", ""),
        ]
        assert carol.welcome["rooms"][0]["reads"]["alice"] == second["seq"] + 2
        assert "regrettable" not in str(history)

    asyncio.run(scenario())
    assert relays.backup.health()[1]["state"] == "active"

"""Conversation events sent straight to the relay by a holder of the cluster's key, posing as a gateway of its own
(harness.relay_link.InsiderGateway): the relay's own checks, which no gateway's can stand in for
(docs/PROTOCOL.md, "What the relay checks", "References", "Typing")."""

import asyncio

from harness.processes import STATE_DIR
from harness.relay_link import REFERS, ClusterKeys, InsiderGateway, reference
from harness.websocket import ChatClient


def insider_in_lobby(relay) -> InsiderGateway:
    insider = InsiderGateway(relay.port, ClusterKeys(STATE_DIR), "mallory")
    assert any(envelope["kind"] == "welcome" for envelope in insider.collect(within=1)), "the relay did not welcome the insider's user"
    return insider


def errors(insider: InsiderGateway, within: float = 1) -> list[str]:
    """The codes of the errors the relay sent the insider within `within` seconds from now."""
    before = len(insider.envelopes)
    return [envelope["target"] for envelope in insider.collect(within)[before:] if envelope["kind"] == "error"]


def test_a_forged_reply_author_is_replaced_by_the_one_the_relay_holds_and_a_malformed_reference_is_refused(start_cluster):
    relay, (gateway,) = start_cluster([])

    async def scenario():
        alice = await ChatClient.join(gateway, "alice")
        insider = insider_in_lobby(relay)
        await alice.next_of("presence")
        await alice.say("the original")
        seq = (await alice.next_of("ack"))["seq"]
        insider.send("say", room="lobby", sender="mallory", client_message_id="m1", flags=REFERS,
                     payload=reference("reply", seq, "alice-1", author="the president") + b"I agree")
        reply = await alice.next_of("message")
        assert (reply["text"], reply["reply"]) == ("I agree", {"seq": seq, "id": "alice-1", "from": "alice"})
        insider.send("say", room="lobby", sender="mallory", client_message_id="m2", flags=REFERS,
                     payload=reference("reply", 999, "x", author="the president") + b"unheld")
        assert (await alice.next_of("message"))["reply"] == {"seq": 999, "id": "x"}, "an author the relay does not hold is cleared"
        for cut in [b"\x02", b"\x09" + bytes(12), reference("edit", seq, "alice-1")[:-1]]:
            insider.send("say", room="lobby", sender="mallory", client_message_id="m3", flags=REFERS, payload=cut)
        assert errors(insider) == ["bad_request"] * 3
        await alice.say("still here")
        assert (await alice.next_of("ack"))["seq"] == reply["seq"] + 2, "nothing malformed was sequenced"
        insider.close()

    asyncio.run(scenario())


def test_an_insider_can_neither_edit_delete_nor_flood_reactions_on_someone_elses_message(start_cluster):
    relay, (gateway,) = start_cluster([])

    async def scenario():
        alice = await ChatClient.join(gateway, "alice")
        insider = insider_in_lobby(relay)
        await alice.say("mine")
        seq = (await alice.next_of("ack"))["seq"]
        for relation in ["edit", "delete"]:
            insider.send("say", room="lobby", sender="alice", client_message_id=relation, flags=REFERS,
                         payload=reference(relation, seq, "alice-1") + b"owned")
        insider.send("say", room="lobby", sender="mallory", client_message_id="r", flags=REFERS,
                     payload=reference("reaction", seq, "not-its-id") + b"+x")
        assert errors(insider) == ["not_yours", "not_yours", "unknown_message"]
        for n in range(101):
            insider.send("say", room="lobby", sender="mallory", client_message_id=f"r{n}", flags=REFERS,
                         payload=reference("reaction", seq, "alice-1") + b"+x")
        assert errors(insider, within=2) == ["too_many_reactions"], "the 101st reaction event is over --max-reactions (100)"
        await alice.say("unchanged")
        frames = [await alice.next_of("reaction", "ack") for _ in range(101)]
        assert [frame["type"] for frame in frames] == ["reaction"] * 100 + ["ack"]
        insider.close()

    asyncio.run(scenario())


def test_the_relay_paces_typing_itself_and_ignores_it_from_outside_the_room(start_cluster):
    relay, (gateway,) = start_cluster([])

    async def scenario():
        alice = await ChatClient.join(gateway, "alice")
        insider = insider_in_lobby(relay)
        await alice.next_of("presence")
        for _ in range(50):
            insider.send("typing", room="lobby", sender="mallory", payload=b"\x01")
        insider.send("typing", room="elsewhere", sender="mallory", payload=b"\x01")
        insider.collect(within=1)
        await alice.say("after the flood")
        seen = []
        while (frame := await alice.next_of("typing", "ack"))["type"] == "typing":
            seen.append(frame)
        assert 1 <= len(seen) <= 4, f"{len(seen)} typing events passed the relay's pace of 1 a second, 3 at once"
        assert all(frame["room"] == "lobby" and frame["from"] == "mallory" for frame in seen)
        insider.close()

    asyncio.run(scenario())

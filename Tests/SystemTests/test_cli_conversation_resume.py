"""`chat` and conversation events across disconnects, devices and encryption (docs/PROTOCOL.md,
"Conversation events"): an edit and a delete reach a `chat` that resumes after its gateway went away,
once each; a read marker is kept across a reconnect and between two devices of one identity; in an
encrypted room an edit and a reaction travel sealed and still show right. The conversation itself:
test_cli_conversation.py."""

import asyncio

from conversation_terminal import ends_cleanly, enter, open_chat, see
from harness.cli import ChatCLI, fresh_config_dir
from harness.encrypted_room import Observer, create_room, next_frame, silent, wait_line
from harness.processes import Gateway
from harness.websocket import ChatClient
from test_terminal import tmux  # noqa: F401 (a fixture)


def test_an_edit_and_a_delete_reach_a_chat_that_resumes_after_its_gateway_went_away_once_each(cluster, processes):
    relay, (first, second) = cluster

    async def scenario():
        alice = await ChatClient.join(first, "alice")
        bob = ChatCLI(second.url, "--name", "bob")
        processes.append(bob)
        await alice.next_of("presence")
        one = await alice.say("one")
        two = await alice.say("two")
        acks = [await alice.next_of("ack"), await alice.next_of("ack")]
        assert await asyncio.to_thread(wait_line, bob, lambda line: line.endswith("two")) == "[lobby] alice: two"

        second.kill()
        await alice.about("edit", {"seq": acks[0]["seq"], "id": one}, "one, edited")
        await alice.about("delete", {"seq": acks[1]["seq"], "id": two})
        await alice.next_of("ack")
        await alice.next_of("ack")
        restarted = Gateway(relay, extra=["--port", str(second.port)])
        processes.append(restarted)
        restarted.wait_healthy()

        edited = await asyncio.to_thread(wait_line, bob, lambda line: "edited" in line, 30)
        assert edited == f"[lobby] alice edited #{acks[0]['seq']}: one, edited"
        assert await asyncio.to_thread(bob.line) == f"[lobby] alice deleted #{acks[1]['seq']}"
        await alice.say("after")
        later = await asyncio.to_thread(silent, bob, 1.5)
        assert later == ["[lobby] alice: after"], "each applied once: nothing shown twice"
        await ends_cleanly(bob)

    asyncio.run(scenario())


def test_a_read_marker_is_kept_across_a_reconnect_and_between_two_devices_of_one_identity(cluster, processes, tmux):
    _, (first, second) = cluster

    async def scenario():
        person = fresh_config_dir()
        laptop = open_chat(tmux, "alice", first.url, config=person)
        phone = ChatCLI(second.url, "--name", "alice-phone", "--json", config=person)
        processes.append(phone)
        await asyncio.to_thread(next_frame, phone, "welcome")
        bob = await ChatClient.join(second, "bob")
        await see(tmux, laptop, "bob joined lobby")
        await bob.say("one")
        await bob.next_of("ack")
        await bob.say("two")
        two = (await bob.next_of("ack"))["seq"]
        await see(tmux, laptop, "bob [unsigned]: two")
        # The laptop showed them: its person's marker reaches their other device, not visible to bob.
        marker = await asyncio.to_thread(next_frame, phone, "read", **{"from": "alice", "seq": two})
        assert marker == {"type": "read", "room": "lobby", "from": "alice", "seq": two}

        enter(tmux, laptop, "/quit")
        await bob.say("three, after alice left")
        await bob.next_of("ack")
        back = open_chat(tmux, "alice", first.url, config=person, window="alice-again")
        screen = await see(tmux, back, "three, after alice left")
        lines = screen.splitlines()
        divider = next(index for index, line in enumerate(lines) if "── new since you last read ──" in line)
        assert "bob [unsigned]: two" in lines[divider - 1] and "bob [unsigned]: three, after alice left" in lines[divider + 1], screen

        # Not visible by default: a member who joins sees no marker of alice's; /reads on shows it.
        dave = await ChatClient.join(first, "dave")
        assert "alice" not in (dave.welcome["rooms"][0].get("reads") or {})
        enter(tmux, back, "/reads on")
        await bob.say("four")
        await see(tmux, back, "bob [unsigned]: four")
        shown = await dave.next_of("read", "message")
        while shown["type"] == "message":
            shown = await dave.next_of("read", "message")
        assert shown["from"] == "alice" and shown["seq"] > two
        await ends_cleanly(phone)

    asyncio.run(scenario())


def test_in_an_encrypted_room_an_edit_and_a_reaction_are_sealed_and_still_shown_right(gateway, processes):
    async def scenario():
        watcher = await Observer.join(gateway)
        amy, link = await asyncio.to_thread(create_room, gateway.url)
        processes.append(amy)
        bob = ChatCLI(link, "--name", "bob", "--json")
        processes.append(bob)
        await asyncio.to_thread(next_frame, bob, "room_key", room="secret")
        await watcher.joined("amy", "bob")

        amy.send("the plan is at noon")
        said = await asyncio.to_thread(next_frame, bob, "message", **{"from": "amy"})
        assert (said["text"], said["encrypted"], said["decrypted"]) == ("the plan is at noon", True, True)
        amy.send("/edit the plan is at one")
        edit = await asyncio.to_thread(next_frame, bob, "edit", **{"from": "amy"})
        assert (edit["text"], edit["encrypted"], edit["decrypted"]) == ("the plan is at one", True, True)
        assert edit["target"] == {"seq": said["seq"], "id": said["id"]}
        bob.send("/react 🎉")
        reacted = await asyncio.to_thread(wait_line, amy, lambda line: "reactions" in line)
        assert reacted == f"[secret] #{said['seq']} reactions: 🎉 1 (bob)"

        (sealed_edit,) = await watcher.take("edit")
        (sealed_reaction,) = await watcher.take("reaction")
        for frame in (sealed_edit, sealed_reaction):
            assert frame["text"].startswith("e2e2:") and "plan" not in frame["text"] and "🎉" not in frame["text"]
        await ends_cleanly(amy, bob)

    asyncio.run(scenario())

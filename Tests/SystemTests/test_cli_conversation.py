"""`chat` and conversation events (docs/PROTOCOL.md, "Conversation events"), with real processes across a
relay and two gateways: an interactive `chat` in tmux and a scripted one (`--json`) reply, edit, react and
delete; typing shows in the terminal's prompt and nowhere in history; a mention rings the bell (or not,
with --no-bell); a plain (seed) client sees it all as text. Resuming, read markers and encrypted rooms:
test_cli_conversation_resume.py."""

import asyncio
import json
import re

from conversation_terminal import ends_cleanly, enter, gone, open_chat, prompt, rang, see
from harness import ROOT
from harness.cli import ChatCLI
from harness.encrypted_room import next_frame, wait_line
from harness.websocket import ChatClient, Client
from test_terminal import tmux  # noqa: F401 (a fixture)


async def frame(cli: ChatCLI, type: str, **fields) -> dict:
    """The next JSON line of this type and these fields that a `--json` chat prints."""
    return await asyncio.to_thread(next_frame, cli, type, **fields)


async def plain_line(seed: Client, prefix: str) -> str:
    """The next line a plain client gets that starts with `prefix`."""
    while not (line := await seed.next(10)).startswith(prefix):
        pass
    return line


def test_a_terminal_and_a_script_on_two_gateways_reply_edit_react_and_delete(cluster, processes, tmux):
    _, (first, second) = cluster

    async def scenario():
        alice = open_chat(tmux, "alice", first.url, "--refs")
        seed = await Client.join(first, "seed")
        bob = ChatCLI(second.url, "--name", "bob", "--json")
        processes.append(bob)
        await see(tmux, alice, "bob joined lobby")

        bob.send("first words of bob, and then some more of them")
        said = await frame(bob, "ack")
        number = said["seq"]
        await see(tmux, alice, f"#{number} bob: first words of bob")

        enter(tmux, alice, f"/reply #{number} agreed")
        reply = await frame(bob, "message", **{"from": "alice"})
        assert (reply["text"], reply["reply"]) == ("agreed", {"seq": number, "id": said["id"], "from": "bob"})
        assert reply["key"] and reply["sig"], "signed, with the reference in what is signed"
        screen = await see(tmux, alice, "↳ #%d bob: first words of bob, and then some more o…" % number)
        assert await plain_line(seed, "alice") == "alice (reply to bob): agreed"
        mine = reply["seq"]
        await see(tmux, alice, f"#{mine} alice: agreed")  # with refs shown, your own lines get theirs at the ack

        enter(tmux, alice, "/edit agreed, with edits")
        edit = await frame(bob, "edit", **{"from": "alice"})
        assert (edit["target"], edit["text"]) == ({"seq": mine, "id": reply["id"]}, "agreed, with edits")
        await see(tmux, alice, f"#{mine} alice (edited): agreed, with edits")
        assert await plain_line(seed, "alice") == "alice (edited): agreed, with edits"

        bob.send("/react 👍")  # by default the last message of someone else's: alice's
        await see(tmux, alice, f'— #{mine} alice "agreed, with edits": 👍 1 (bob)')
        enter(tmux, alice, f"/react #{mine} 👍")
        assert (await frame(bob, "reaction", **{"from": "alice"}))["text"] == "+👍"
        await see(tmux, alice, "👍 2 (bob, alice)")
        bob.send("/react 👍")  # held: taken back
        await see(tmux, alice, f'— #{mine} alice "agreed, with edits": 👍 1 (alice)')

        enter(tmux, alice, f"/edit #{number} not mine")
        await see(tmux, alice, f"! not sent: #{number} is bob's: you can only edit your own")
        enter(tmux, alice, "/delete")
        delete = await frame(bob, "delete", **{"from": "alice"})
        assert delete["target"] == {"seq": mine, "id": reply["id"]} and delete["text"] == ""
        screen = await see(tmux, alice, f"#{mine} alice: message deleted")
        assert await plain_line(seed, "alice") == "alice (deleted a message)"
        # docs/images/conversation-terminal.txt is a copy of this pane.
        (ROOT / "artifacts").mkdir(exist_ok=True)
        (ROOT / "artifacts" / "conversation-terminal.txt").write_text(screen)

        late = await ChatClient.join(first, "late")
        history = late.welcome["rooms"][0]["history"]
        assert [event["type"] for event in history] == ["message", "delete"], "the deleted reply, its edit and reactions are gone"
        assert "agreed" not in json.dumps(history)
        enter(tmux, alice, "/help")
        screen = await see(tmux, alice, "/react [#N] EMOJI")
        assert "/reply [#N] TEXT" in screen and "/refs [on|off]" in screen
        await ends_cleanly(bob)

    asyncio.run(scenario())


def test_typing_shows_in_the_prompt_goes_quiet_and_is_never_kept(cluster, processes, tmux):
    _, (first, second) = cluster

    async def scenario():
        alice = open_chat(tmux, "alice", first.url)
        bob = ChatCLI(second.url, "--name", "bob", "--json")
        processes.append(bob)
        cy = await ChatClient.join(second, "cy")
        await see(tmux, alice, "cy joined lobby")

        await cy.send({"type": "typing", "room": "lobby"})
        screen = await see(tmux, alice, "(cy is typing…) [lobby] >")
        assert "cy is typing" not in screen.replace(prompt(screen), ""), "only in the prompt, not in the scrollback"
        await gone(tmux, alice, "cy is typing", timeout=9)  # 6 s without news
        await cy.send({"type": "typing", "room": "lobby"})
        await see(tmux, alice, "(cy is typing…)")
        await cy.say("there")
        screen = await gone(tmux, alice, "cy is typing")  # a message of theirs ends it
        assert "cy [unsigned]: there" in screen

        tmux.type(alice, "hel")
        assert await frame(bob, "typing", **{"from": "alice"}) == {"type": "typing", "room": "lobby", "from": "alice", "active": True}
        tmux.type(alice, "lo")
        tmux.keys(alice, "C-u")
        assert (await frame(bob, "typing", **{"from": "alice"}))["active"] is False, "cleared: stopped"
        tmux.type(alice, "hello all")
        assert (await frame(bob, "typing", **{"from": "alice"}))["active"] is True
        tmux.keys(alice, "Enter")
        # Sent: it stops typing, once its turn comes (a frame a second at most, the server's pace), and the
        # message itself ends it for everyone anyway.
        alice_frames = lambda line: json.loads(line)["type"] in ("typing", "message") and json.loads(line).get("from") == "alice"  # noqa: E731
        while (typed := json.loads(await asyncio.to_thread(wait_line, bob, alice_frames)))["type"] == "typing":
            assert typed["active"] is False
        assert typed["text"] == "hello all"
        late = await ChatClient.join(first, "late")
        assert "typing" not in {event["type"] for event in late.welcome["rooms"][0]["history"]}
        await ends_cleanly(bob)

    asyncio.run(scenario())


def test_a_mention_is_highlighted_and_rings_the_bell_unless_it_is_off(cluster, tmux):
    _, (first, second) = cluster

    async def scenario():
        alice = open_chat(tmux, "alice", first.url)
        quiet = open_chat(tmux, "bob smith", second.url, "--no-bell")
        cy = await ChatClient.join(second, "cy")
        await see(tmux, alice, "cy joined lobby")
        await see(tmux, quiet, "cy joined lobby")
        assert not rang(tmux, alice)

        await cy.say("@alice and @:bob smith: look at this")
        await see(tmux, alice, "» cy [unsigned]: @alice and @:bob smith: look at this")
        await see(tmux, quiet, "» cy [unsigned]: @alice and @:bob smith: look at this")
        assert rang(tmux, alice), "the bell rang for alice"
        assert not rang(tmux, quiet), "--no-bell: highlighted, and silent"
        await cy.say("nothing for alicex or @alicex")
        await see(tmux, alice, "cy [unsigned]: nothing for alicex")

        # Tab completes a name with the token that mentions it, spaces and all.
        tmux.type(alice, "thanks @bo")
        tmux.keys(alice, "Tab")
        await see(tmux, alice, "[lobby] > thanks @:bob smith:")
        tmux.keys(alice, "Enter")
        while (heard := await cy.next_of("message", "typing"))["type"] == "typing":
            pass
        assert heard["text"] == "thanks @:bob smith: "

        enter(tmux, alice, "/refs on")
        await cy.say("one more for @Alice")
        await see(tmux, alice, "#7 » cy [unsigned]: one more for @Alice")

    asyncio.run(scenario())


def test_two_people_toggling_one_reaction_at_once_from_two_gateways_see_the_same_counts(cluster, processes):
    _, (first, second) = cluster

    async def scenario():
        dave = await ChatClient.join(first, "dave")
        bob = ChatCLI(first.url, "--name", "bob")
        cy = ChatCLI(second.url, "--name", "cy")
        processes.extend([bob, cy])
        await dave.next_of("presence")
        await dave.next_of("presence")
        await dave.say("lunch at noon?")
        vote = (await dave.next_of("ack"))["seq"]
        for cli in (bob, cy):
            await asyncio.to_thread(wait_line, cli, lambda line: line.endswith("lunch at noon?"))

        def settled(cli: ChatCLI, pattern: str) -> str:
            """The reaction line of the vote that matches `pattern`, skipping the ones on the way there."""
            return wait_line(cli, lambda line: re.fullmatch(rf"\[lobby\] #{vote} reactions: {pattern}", line) is not None)

        # Three rounds, both at once each time, neither waiting for the other: both add, both take back,
        # both add again. The relay's one order decides, the same for both, whoever came first.
        for pattern in [r"👍 2 \((bob, cy|cy, bob)\)", "no reactions", r"👍 2 \((bob, cy|cy, bob)\)"]:
            bob.send(f"/react #{vote} 👍")
            cy.send(f"/react #{vote} 👍")
            seen = await asyncio.gather(*(asyncio.to_thread(settled, cli, pattern) for cli in (bob, cy)))
            assert seen[0] == seen[1], seen
        events = [await dave.next_of("reaction") for _ in range(6)]
        assert [event["text"] for event in events] == ["+👍"] * 2 + ["-👍"] * 2 + ["+👍"] * 2
        assert seen[0].endswith(f"({events[4]['from']}, {events[5]['from']})"), "holders in the relay's order"
        await ends_cleanly(bob, cy)

    asyncio.run(scenario())

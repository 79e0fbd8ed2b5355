"""Messages between IRC clients and everyone else (docs/PROTOCOL.md, "5. IRC clients": "Commands" and
"What IRC clients see"): a raw IRC client (harness.irc), a `privchat.v1` WebSocket client and a plain
(seed) client in one room. JOIN with the room's history, with and without server-time; PRIVMSG, direct
messages and /me both ways and in order; long and multi-line messages split into lines that rejoin
exactly; an encrypted room, which IRC cannot read or write."""

import asyncio
import re
from datetime import datetime

from harness.encrypted_room import Observer, create_room
from harness.irc import ctcp_action, connect
from harness.websocket import ChatClient, Client

PREFIX = "{}!chat@private-chat"
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def in_lobby(gateway, nick: str, processes, caps: list[str] | None = None):
    """An IRC client registered as `nick` and in #lobby; returns it and its join's lines (to 366)."""
    irc = connect(gateway.irc_port, nick, processes, caps=caps)
    return irc, irc.join("#lobby")


def said(irc, nick: str, target: str = "#lobby", count: int = 1, timeout: float = 5) -> list[str]:
    """The texts of the next `count` PRIVMSGs from `nick` to `target`."""
    lines = irc.take(count, "PRIVMSG", timeout, where=lambda m: m.nick == nick and m.params[0] == target)
    return [line.text for line in lines]


def milliseconds(tag: str) -> int:
    return round(datetime.strptime(tag, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp() * 1000)


def test_join_answers_join_topic_names_and_the_history_with_time_tags_only_for_server_time(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        pete = await Client.join(irc_gateway, "pete")
        await vera.say("first, from vera")
        ack = await vera.next_of("ack")
        await pete.say("second, from pete")
        assert (await vera.messages(1))[0]["text"] == "second, from pete"

        ivy, joined = in_lobby(irc_gateway, "ivy", processes, caps=["server-time"])
        assert [(m.command, m.prefix, m.params) for m in joined[:2]] == [
            ("JOIN", PREFIX.format("ivy"), ["#lobby"]),
            ("332", "private-chat", ["ivy", "#lobby", "lobby"]),
        ]
        names = [name for m in joined if m.command == "353" for name in m.text.split()]
        assert all(m.params[:3] == ["ivy", "=", "#lobby"] for m in joined if m.command == "353")
        assert sorted(names) == ["ivy", "pete", "vera"], names
        assert joined[-1].params == ["ivy", "#lobby", "End of /NAMES list"]
        history = ivy.take(2, "PRIVMSG")
        assert [(m.prefix, m.params) for m in history] == [
            (PREFIX.format("vera"), ["#lobby", "first, from vera"]),
            (PREFIX.format("pete"), ["#lobby", "second, from pete"]),
        ]
        assert all(TIME.fullmatch(m.tags.get("time", "")) for m in history), [m.raw for m in history]
        assert milliseconds(history[0].tags["time"]) == ack["time"], "the relay's time, to the millisecond"
        presence = await vera.next_of("presence")
        assert (presence["event"], presence["name"]) == ("joined", "ivy")

        ike, _ = in_lobby(irc_gateway, "ike", processes)  # no CAP at all
        plain_history = ike.take(2, "PRIVMSG")
        assert [m.text for m in plain_history] == ["first, from vera", "second, from pete"]
        assert [m.tags for m in plain_history] == [{}, {}] and not any(m.raw.startswith("@") for m in ike.seen)

        await vera.say("live, from vera")
        live = ivy.wait_for("PRIVMSG")
        assert live.text == "live, from vera" and TIME.fullmatch(live.tags["time"]), live
        live = ike.wait_for("PRIVMSG")
        assert live.text == "live, from vera" and not live.raw.startswith("@"), live
        await vera.send({"type": "dm", "id": "d", "to": "ivy", "text": "a direct one"})
        dm = ivy.wait_for("PRIVMSG")
        assert dm.params == ["ivy", "a direct one"] and TIME.fullmatch(dm.tags.get("time", "")), dm

    asyncio.run(scenario())


def test_join_shows_the_rooms_last_50_messages(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        for n in range(55):
            await vera.say(f"message {n}")
        for _ in range(55):
            await vera.next_of("ack", timeout=10)
        ivy, _ = in_lobby(irc_gateway, "ivy", processes)
        assert said(ivy, "vera", count=50) == [f"message {n}" for n in range(5, 55)]
        assert [m for m in ivy.during(0.3) if m.command == "PRIVMSG"] == []

    asyncio.run(scenario())


def test_privmsg_reaches_v1_and_plain_clients_and_theirs_reach_irc_in_order(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        pete = await Client.join(irc_gateway, "pete")
        ivy, _ = in_lobby(irc_gateway, "ivy", processes)
        while (await vera.next_of("presence"))["name"] != "ivy":  # pete's join first
            pass

        for text in ["one", "two", "three"]:
            ivy.privmsg("#lobby", text)
        frames = await vera.messages(3)
        assert [(f["from"], f["room"], f["text"]) for f in frames] == [("ivy", "lobby", t) for t in ["one", "two", "three"]]
        assert await pete.take(3) == ["ivy: one", "ivy: two", "ivy: three"]

        await vera.say("vera's turn")
        assert await pete.next() == "vera: vera's turn"
        await pete.say("pete's turn")
        assert (await vera.messages(1))[0]["text"] == "pete's turn"
        lines = ivy.take(2, "PRIVMSG")
        assert [(m.prefix, m.params) for m in lines] == [
            (PREFIX.format("vera"), ["#lobby", "vera's turn"]),
            (PREFIX.format("pete"), ["#lobby", "pete's turn"]),
        ], "IRC's own lines are not echoed, and the others' come in the relay's order"

        ivy.send("NOTICE #lobby :a notice is a message here")
        assert (await vera.messages(1))[0]["text"] == "a notice is a message here"
        ivy.send("NOTICE nobody-here :never answered")
        ivy.send("PING :after-notice")
        assert ivy.wait_for().command == "PONG", "a NOTICE gets no error reply"

    asyncio.run(scenario())


def test_direct_messages_both_ways_and_a_missing_nick_gets_401(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        pete = await Client.join(irc_gateway, "pete")
        ivy = connect(irc_gateway.irc_port, "ivy", processes)  # direct messages need no room

        await vera.send({"type": "dm", "id": "d1", "to": "IVY", "text": "psst, ivy"})
        assert (await vera.next_of("ack"))["id"] == "d1"
        dm = ivy.wait_for("PRIVMSG")
        assert (dm.prefix, dm.params) == (PREFIX.format("vera"), ["ivy", "psst, ivy"])

        ivy.privmsg("vera", "psst back")
        frame = await vera.next_of("dm")
        assert (frame["from"], frame["text"]) == ("ivy", "psst back")
        ivy.privmsg("VERA", "any case")
        assert (await vera.next_of("dm"))["text"] == "any case"
        ivy.privmsg("pete", "to the seed client")
        assert await pete.next() == "(private) ivy: to the seed client"

        ivy.privmsg("nobody", "hello?")
        missing = ivy.wait_for()
        assert (missing.command, missing.params) == ("401", ["ivy", "nobody", "No such nick"]), missing

        ivy.join("#lobby")
        ivy.privmsg("#lobby,vera", "to a list")
        both = [await vera.next_of("message", "dm") for _ in range(2)]
        assert sorted((f["type"], f["text"]) for f in both) == [("dm", "to a list"), ("message", "to a list")]

    asyncio.run(scenario())


def test_me_actions_both_ways(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        pete = await Client.join(irc_gateway, "pete")
        ivy, _ = in_lobby(irc_gateway, "ivy", processes)

        ivy.privmsg("#lobby", ctcp_action("waves at everyone"))
        frame = await vera.next_of("action", "message")
        assert (frame["type"], frame["from"], frame["text"]) == ("action", "ivy", "waves at everyone")
        assert await pete.next() == "* ivy waves at everyone"

        await vera.say("nods", action=True)
        assert said(ivy, "vera") == [ctcp_action("nods")]

        ivy.privmsg("vera", ctcp_action("pokes vera"))  # direct messages have no actions: the text says it
        frame = await vera.next_of("dm")
        assert (frame["from"], frame["text"]) == ("ivy", "* ivy pokes vera"), frame
        ivy.privmsg("#lobby", "\x01VERSION\x01")  # other CTCP requests are ignored
        ivy.privmsg("#lobby", "\x01PING 12345\x01")
        ivy.privmsg("#lobby", "after the CTCP requests")
        assert [f["text"] for f in await vera.messages(1)] == ["after the CTCP requests"]
        assert await pete.take(2) == ["* vera nods", "ivy: after the CTCP requests"]

    asyncio.run(scenario())


def test_a_long_message_reaches_irc_as_lines_of_at_most_512_bytes_that_rejoin_exactly(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        ivy, _ = in_lobby(irc_gateway, "ivy", processes, caps=["server-time", "message-tags"])
        words = ["café", "naïve", "😀", "zwölf", "línea", "x" * 40, "ß"]
        long_text = " ".join(words[n % len(words)] for n in range(400))[:2000] + " " + "é" * 500
        assert len(long_text.encode()) >= 3000
        for text in [long_text, "é" * 1600, "🙂" * 800]:  # with spaces, then none: split between characters
            await vera.say(text)
            await vera.say("end of message")
            parts = []
            while (line := ivy.wait_for("PRIVMSG")).text != "end of message":
                after_tags = line.raw.split(" ", 1)[1] if line.raw.startswith("@") else line.raw
                assert len(after_tags.encode()) + 2 <= 512, len(after_tags.encode())
                assert line.prefix == PREFIX.format("vera") and line.params[0] == "#lobby"
                parts.append(line.text)
            assert len(parts) >= 2 and "".join(parts) == text, [len(p.encode()) for p in parts]

    asyncio.run(scenario())


def test_a_multi_line_message_is_one_privmsg_per_line(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        ivy, _ = in_lobby(irc_gateway, "ivy", processes)
        await vera.say("first line\nsecond line\nthird line")
        assert said(ivy, "vera", count=3) == ["first line", "second line", "third line"]
        middle = "word " * 200  # 1,000 bytes: a line of its own, split again
        await vera.say(f"short\n{middle.strip()}\nlast")
        await vera.say("end of message")
        texts = []
        while (text := said(ivy, "vera")[0]) != "end of message":
            texts.append(text)
        assert texts[0] == "short" and texts[-1] == "last" and len(texts) >= 4, texts
        assert "".join(texts[1:-1]) == middle.strip()

    asyncio.run(scenario())


def test_an_encrypted_room_shows_one_notice_and_no_ciphertext_and_refuses_privmsg(irc_gateway, processes):
    async def scenario():
        amy, _ = create_room(irc_gateway.url, "amy", "secret")
        processes.append(amy)
        watcher = await Observer.join(irc_gateway, "watcher", rooms=["secret"])
        for text in ["sealed one", "sealed two"]:
            amy.send(text)
        sealed = await watcher.take("message", count=2)
        assert all(frame["text"].startswith("e2e2:") for frame in sealed), "the room is encrypted: the test means something"

        ivy = connect(irc_gateway.irc_port, "ivy", processes)
        ivy.join("#secret")
        notice = ivy.wait_for(where=lambda m: m.command in ("NOTICE", "PRIVMSG"))
        assert (notice.command, notice.params) == ("NOTICE", [
            "#secret", "#secret is end-to-end encrypted: its messages cannot be read over IRC; open it in the web GUI or chat"
        ]), notice  # fmt: skip
        amy.send("sealed three, live")
        await watcher.take("message")
        later = ivy.during(0.5)
        assert [m.raw for m in later if m.command in ("PRIVMSG", "NOTICE")] == [], "later sealed messages are left out"
        assert not any("e2e2:" in m.raw for m in ivy.seen), "no ciphertext ever reaches IRC"

        ivy.privmsg("#secret", "can I write here?")
        refused = ivy.wait_for()
        assert (refused.command, refused.params) == ("404", ["ivy", "#secret", "Cannot send to channel (end-to-end encrypted: IRC cannot send here)"])
        assert [f for f in await watcher.during(0.3) if f["type"] == "message"] == [], "nothing was relayed"

    asyncio.run(scenario())


def test_the_first_live_sealed_message_is_the_notice_too(irc_gateway, processes):
    async def scenario():
        ivy = connect(irc_gateway.irc_port, "ivy", processes)
        ivy.join("#hush")  # before anything sealed was said there
        watcher = await Observer.join(irc_gateway, "watcher", rooms=["hush"])
        amy, _ = create_room(irc_gateway.url, "amy", "hush")
        processes.append(amy)
        for text in ["sealed one", "sealed two", "/me sealed three"]:
            amy.send(text)
        sealed = await watcher.take("message", "action", count=3)
        assert all(frame["text"].startswith("e2e2:") for frame in sealed), sealed
        notice = ivy.wait_for(where=lambda m: m.command in ("NOTICE", "PRIVMSG"))
        assert (notice.command, notice.params[0]) == ("NOTICE", "#hush") and "end-to-end encrypted" in notice.text, notice
        ivy.send("PING :after the sealed ones")
        ivy.wait_for("PONG")
        assert [m.raw for m in ivy.seen if m.command in ("PRIVMSG", "NOTICE")] == [notice.raw], "one notice, then nothing"

    asyncio.run(scenario())

"""Lines at their bounds (docs/PROTOCOL.md, "5. IRC clients": "Lines" and "What IRC clients see"): with the
longest prefixes a nick and a channel can make, every line stays within 512 bytes and the texts rejoin;
a long member list comes in several 353 lines; line breaks of every kind in a chat message become separate
PRIVMSGs and never a line IRC would read as a command; IRC's own ways of writing a text arrive as sent."""

import asyncio

from harness.irc import connect
from harness.websocket import ChatClient, Client

ROOM = "r" + "o" * 63  # the longest room name: 64 characters
LONGEST_NICK_NAME = "!" * 32  # 32 characters that each take three on IRC (`\21`)


def without_tags(raw: str) -> bytes:
    return (raw.split(" ", 1)[1] if raw.startswith("@") else raw).encode()


def test_with_the_longest_prefix_and_channel_every_line_is_at_most_512_bytes_and_the_text_rejoins(irc_gateway, processes):
    async def scenario():
        shouter = await ChatClient.join(irc_gateway, LONGEST_NICK_NAME, rooms=[ROOM])
        ivy = connect(irc_gateway.irc_port, "ivy", processes, caps=["server-time"])
        ivy.join(f"#{ROOM}")
        text = ("ünïcödé wörds " * 400)[:3000]
        await shouter.say(text, room=ROOM)
        await shouter.say("done", room=ROOM)
        parts = []
        while (line := ivy.wait_for("PRIVMSG")).text != "done":
            assert line.nick == "\\21" * 32 and line.params[0] == f"#{ROOM}", line
            assert len(without_tags(line.raw)) + 2 <= 512, len(without_tags(line.raw))
            parts.append(line.text)
        assert len(parts) >= 7 and "".join(parts) == text

    asyncio.run(scenario())


def test_a_long_member_list_comes_in_several_names_lines_of_at_most_512_bytes(irc_gateway, processes):
    async def scenario():
        names = [f"member-{n:02d}-" + "x" * 22 for n in range(30)]  # 32 characters each: ~1,000 bytes of names
        members = [await ChatClient.join(irc_gateway, name) for name in names]  # held (a dropped one may be collected, and close)
        ivy = connect(irc_gateway.irc_port, "ivy", processes)
        joined = ivy.join("#lobby")
        lines = [m for m in joined if m.command == "353"]
        assert len(lines) >= 2 and all(len(m.raw.encode()) + 2 <= 512 for m in lines), [len(m.raw) for m in lines]
        assert sorted(n for m in lines for n in m.text.split()) == sorted(names + ["ivy"])
        ivy.send("WHO #lobby")
        assert len([m for m in ivy.until("315") if m.command == "352"]) == 31
        assert len(members) == 30  # left open, unread, until the gateway ends with the test

    asyncio.run(scenario())


def test_line_breaks_of_every_kind_become_separate_privmsgs_and_never_a_command(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        ivy = connect(irc_gateway.irc_port, "ivy", processes)
        ivy.join("#lobby")
        await vera.say("one\r\nQUIT :spoofed quit\rPRIVMSG ivy :spoofed direct\ntwo\twith a tab")
        await vera.say("done")
        lines = []
        while (line := ivy.wait_for()).text != "done":
            lines.append(line)
        assert all(m.command == "PRIVMSG" and m.nick == "vera" and m.params[0] == "#lobby" for m in lines), [m.raw for m in lines]
        assert not any("\r" in m.raw for m in lines), [m.raw for m in lines]
        texts = [m.text for m in lines]
        assert texts == ["one", "QUIT :spoofed quit", "PRIVMSG ivy :spoofed direct", "two\twith a tab"], texts

    asyncio.run(scenario())


def test_irc_ways_of_writing_a_text_arrive_as_sent(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        pete = await Client.join(irc_gateway, "pete")
        ivy = connect(irc_gateway.irc_port, "ivy", processes)
        ivy.join("#lobby")
        ivy.send("PRIVMSG #lobby one-word")  # no colon: the last parameter is the text
        ivy.send("PRIVMSG #lobby ::-) starts with a colon")
        ivy.send("privmsg #LOBBY :  spaces kept  inside")
        ivy.send("PRIVMSG #lobby :tab\there")
        texts = [frame["text"] for frame in await vera.messages(4)]
        assert texts == ["one-word", ":-) starts with a colon", "  spaces kept  inside", "tab\there"], texts
        assert (await pete.take(4))[1] == "ivy: :-) starts with a colon"

    asyncio.run(scenario())

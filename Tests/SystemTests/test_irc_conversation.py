"""What IRC clients see of the rest of the conversation (docs/PROTOCOL.md, "5. IRC clients", "What IRC
clients see"): replies, edits and deletes worded as plain clients get them, nothing of reactions, typing
or read markers, a shared file as an action with a link that downloads it, and sealed direct messages as
one notice per sender."""

import asyncio
import re

from harness.files import http_get, upload_and_share
from harness.irc import connect, ctcp_action
from harness.websocket import ChatClient


async def acked(client: ChatClient, id: str) -> dict:
    """Waits for the ack of the frame `id`, passing over whatever the client is sent meanwhile."""
    while (frame := await client.next())["type"] != "ack" or frame["id"] != id:
        assert frame["type"] != "error", frame
    return frame


def test_replies_edits_and_deletes_are_worded_as_for_plain_clients_and_the_rest_is_not_shown(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        walt = await ChatClient.join(irc_gateway, "walt")
        ivy = connect(irc_gateway.irc_port, "ivy", processes)
        ivy.join("#lobby")
        id = await vera.say("the original")
        ack = await vera.next_of("ack")
        original = {"seq": ack["seq"], "id": id}
        # Each after the previous one's ack: two senders' frames are in the relay's order, not the sending order.
        await acked(walt, await walt.say("an answer", reply=original))
        await acked(vera, await vera.about("edit", original, "the original, edited"))
        reaction = await walt.about("reaction", original, "+👍")
        await walt.send({"type": "typing", "room": "lobby", "active": True})
        await walt.send({"type": "read", "room": "lobby", "seq": ack["seq"], "visible": True})
        await acked(walt, reaction)
        await vera.about("delete", original)
        await vera.say("the end")
        texts = []
        while (line := ivy.wait_for("PRIVMSG")).text != "the end":
            texts.append((line.nick, line.text))
        assert texts == [
            ("vera", "the original"),
            ("walt", "(reply to vera) an answer"),
            ("vera", "(edited) the original, edited"),
            ("vera", ctcp_action("deleted a message")),
        ], texts
        assert [m.raw for m in ivy.seen if m.command in ("NOTICE", "TAGMSG")] == [], "no reaction, typing or read marker"

    asyncio.run(scenario())


def test_a_shared_file_is_an_action_with_a_link_that_downloads_it(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        ivy = connect(irc_gateway.irc_port, "ivy", processes)
        ivy.join("#lobby")
        body = b"minutes of the meeting\n" * 100  # 2,300 bytes: 2 KiB, as the plain clients' line rounds it
        file, _ = await upload_and_share(vera, body, "the minutes.txt")
        line = ivy.wait_for("PRIVMSG")
        match = re.fullmatch("\x01ACTION shared the minutes\\.txt \\(2 KiB\\): (\\S+)\x01", line.text)
        assert line.nick == "vera" and match, line
        url = match.group(1)
        assert url == f"http://127.0.0.1:{irc_gateway.port}/files/{file}/the%20minutes.txt", "the gateway's HTTP port, not the IRC one"
        code, _, downloaded = await asyncio.to_thread(http_get, irc_gateway.port, url.split(str(irc_gateway.port), 1)[1])
        assert (code, downloaded) == (200, body)

    asyncio.run(scenario())


def test_sealed_direct_messages_are_one_notice_per_sender(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        walt = await ChatClient.join(irc_gateway, "walt")
        ivy = connect(irc_gateway.irc_port, "ivy", processes)
        sealed = "e2d2:" + "A" * 200
        for sender, count in ((vera, 2), (walt, 1), (vera, 1)):
            for _ in range(count):
                await sender.send({"type": "dm", "id": sender.next_id(), "to": "ivy", "text": sealed})
                frame = await sender.next_of("ack", "error")
                assert frame["type"] == "ack", frame
        await vera.send({"type": "dm", "id": "clear", "to": "ivy", "text": "and one in the clear"})
        lines = []
        while (line := ivy.wait_for(where=lambda m: m.command in ("PRIVMSG", "NOTICE"))).command != "PRIVMSG":
            lines.append((line.command, line.params))
        assert lines == [
            ("NOTICE", ["ivy", "vera sent you an end-to-end encrypted direct message, which IRC cannot show"]),
            ("NOTICE", ["ivy", "walt sent you an end-to-end encrypted direct message, which IRC cannot show"]),
        ], lines
        assert (line.nick, line.text) == ("vera", "and one in the clear")
        assert not any("e2d2:" in m.raw for m in ivy.seen)

    asyncio.run(scenario())

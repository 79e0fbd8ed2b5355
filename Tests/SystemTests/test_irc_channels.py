"""Channels and names for IRC clients (docs/PROTOCOL.md, "5. IRC clients": "Names and channels",
"Commands" and "What IRC clients see"): PART, QUIT and NICK seen both ways and once per person, usernames
that IRC cannot carry as they are (`Ann Lee` is `Ann\\20Lee`), and the channel queries (NAMES, WHO, TOPIC,
MODE) and their refusals."""

import asyncio

from harness.irc import IRCClient, connect
from harness.websocket import ChatClient

PREFIX = "{}!chat@private-chat"


def from_(nick: str):
    return lambda m: m.nick == nick


def test_part_quit_and_nick_of_v1_users_reach_irc_once_per_person(irc_gateway, processes):
    async def scenario():
        ivy = connect(irc_gateway.irc_port, "ivy", processes)
        ivy.join("#lobby")
        ivy.join("#dev")
        vera = await ChatClient.join(irc_gateway, "vera", rooms=["lobby", "dev"])
        walt = await ChatClient.join(irc_gateway, "walt", rooms=["lobby", "dev"])
        joins = ivy.take(4, "JOIN", where=lambda m: m.nick in ("vera", "walt"))
        assert sorted((m.nick, m.params[0]) for m in joins) == [("vera", "#dev"), ("vera", "#lobby"), ("walt", "#dev"), ("walt", "#lobby")]

        await walt.send({"type": "leave", "id": "l", "room": "dev"})
        part = ivy.wait_for("PART")
        assert (part.prefix, part.params[0]) == (PREFIX.format("walt"), "#dev"), part

        await vera.send({"type": "rename", "id": "r", "name": "vicky"})
        nick = ivy.wait_for("NICK")
        assert (nick.prefix, nick.params) == (PREFIX.format("vera"), ["vicky"]), nick
        await vera.close()
        quit = ivy.wait_for("QUIT")
        assert (quit.prefix, quit.params) == (PREFIX.format("vicky"), ["left the chat"]), quit
        await walt.send({"type": "say", "id": "s", "room": "lobby", "text": "marker"})
        ivy.wait_for("PRIVMSG", where=lambda m: m.text == "marker")
        between = [m.raw for m in ivy.seen[ivy.seen.index(nick) + 1 :] if m.command in ("NICK", "QUIT", "PART")]
        assert between == [quit.raw], f"one NICK and one QUIT for vera, though she shared two channels with ivy: {between}"
        await walt.close()

    asyncio.run(scenario())


def test_part_nick_and_quit_from_irc_are_seen_by_v1_and_by_other_irc_clients(irc_gateway, processes):
    async def scenario():
        walt = await ChatClient.join(irc_gateway, "walt", rooms=["lobby", "dev"])
        ike = connect(irc_gateway.irc_port, "ike", processes)
        ike.join("#lobby")
        ike.join("#dev")
        ivy = connect(irc_gateway.irc_port, "ivy", processes)
        ivy.send("JOIN #lobby,#dev")
        assert [m.params[0] for m in ivy.take(2, "JOIN")] == ["#lobby", "#dev"]
        ike.take(2, "JOIN", where=from_("ivy"))
        joined = [await walt.next_of("presence") for _ in range(4)]  # ike's, then ivy's
        assert [(f["event"], f["name"], f["room"]) for f in joined[2:]] == [("joined", "ivy", "lobby"), ("joined", "ivy", "dev")]

        ivy.send("PART #dev :enough dev")
        own = ivy.wait_for("PART")
        assert (own.prefix, own.params[0]) == (PREFIX.format("ivy"), "#dev"), own
        assert ike.wait_for("PART", where=from_("ivy")).params[0] == "#dev"
        frame = await walt.next_of("presence")
        assert (frame["event"], frame["name"], frame["room"], frame.get("reason")) == ("left", "ivy", "dev", "leave")
        ivy.send("PART #dev")
        refused = ivy.wait_for()
        assert (refused.command, refused.params) == ("442", ["ivy", "#dev", "You're not on that channel"]), refused

        ivy.send("JOIN #dev")
        ivy.wait_for("366")
        await walt.next_of("presence")
        ivy.send("NICK ivan")
        own = ivy.wait_for("NICK")
        assert (own.prefix, own.params) == (PREFIX.format("ivy"), ["ivan"]), own
        renamed = [await walt.next_of("presence") for _ in range(2)]
        assert {(f["event"], f["from"], f["name"]) for f in renamed} == {("renamed", "ivy", "ivan")}
        assert ike.wait_for("NICK", where=from_("ivy")).params == ["ivan"]
        ivy.send("NICK walt")
        taken = ivy.wait_for()
        assert taken.command == "433" and taken.params[:2] == ["ivan", "walt"], taken

        ivy.send("QUIT :off home")
        assert [m.command for m in ivy.closed()] == ["ERROR"]
        frame = await walt.next_of("presence")
        assert (frame["event"], frame["name"]) == ("left", "ivan") and "reason" not in frame, frame
        gone = ike.wait_for("QUIT")
        assert gone.prefix == PREFIX.format("ivan"), gone
        ike.send("PING :marker")
        ike.wait_for("PONG")
        assert [m.command for m in ike.seen[ike.seen.index(gone) + 1 :] if m.command in ("QUIT", "PART")] == [], "one QUIT"
        assert [m for m in ike.seen if m.command == "NICK" and m.nick == "ivy"] != [] and len([m for m in ike.seen if m.command == "NICK"]) == 1
        ivan = await ChatClient.join(irc_gateway, "ivan")  # the name was freed: an IRC user binds none
        await ivan.close()
        await walt.close()

    asyncio.run(scenario())


ENCODED = [
    ("Ann Lee", "Ann\\20Lee"),
    ("hi!there@home", "hi\\21there\\40home"),
    ("a,b*c?", "a\\2Cb\\2Ac\\3F"),
    ("#hash", "\\23hash"),
    ("-dash-", "\\2Ddash-"),
    ("~me~", "\\7Eme~"),
    ("back\\slash", "back\\5Cslash"),
    ("x[]{}|^", "x[]{}|^"),
    ("Zoë 🙂", "Zoë\\20🙂"),
]


def test_usernames_irc_cannot_carry_are_escaped_one_to_one(irc_gateway, processes):
    async def scenario():
        people = [await ChatClient.join(irc_gateway, name) for name, _ in ENCODED]
        ivy = connect(irc_gateway.irc_port, "ivy", processes)
        joined = ivy.join("#lobby")
        names = {name for m in joined if m.command == "353" for name in m.text.split()}
        assert names == {"ivy", *(nick for _, nick in ENCODED)}, names

        for person, (_, nick) in zip(people, ENCODED):
            await person.say(f"from {person.name}")
            line = ivy.wait_for("PRIVMSG")
            assert (line.prefix, line.text) == (PREFIX.format(nick), f"from {person.name}"), line
        ivy.privmsg("Ann\\20Lee", "a direct one")
        while (frame := await people[0].next_of("dm", "message"))["type"] != "dm":  # the others' lines first
            pass
        assert (frame["from"], frame["to"].lower(), frame["text"]) == ("ivy", "ann lee", "a direct one"), frame

    asyncio.run(scenario())


def test_an_escaped_irc_nick_is_the_decoded_name_to_everyone_else(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        bo = connect(irc_gateway.irc_port, "Bo\\20Ng", processes)
        bo.join("#lobby")
        frame = await vera.next_of("presence")
        assert (frame["event"], frame["name"]) == ("joined", "Bo Ng")
        bo.privmsg("#lobby", "hello from Bo")
        assert [(f["from"], f["text"]) for f in await vera.messages(1)] == [("Bo Ng", "hello from Bo")]
        await vera.send({"type": "who", "id": "w", "room": "lobby"})
        assert "Bo Ng" in (await vera.next_of("members"))["members"]
        zoe = connect(irc_gateway.irc_port, "Zoë", processes)  # UTF-8 passes unchanged
        zoe.privmsg("Bo\\20Ng", "from one IRC client to another")
        line = bo.wait_for("PRIVMSG")
        assert (line.prefix, line.params) == ("Zoë!chat@private-chat", ["Bo\\20Ng", "from one IRC client to another"]), line
        await vera.send({"type": "dm", "id": "z", "to": "zoë", "text": "hello Zoë"})
        assert zoe.wait_for("PRIVMSG").text == "hello Zoë"
        taken = await ChatClient.open(irc_gateway)
        await taken.send({"type": "hello", "name": "bo ng"})
        assert (await taken.next())["code"] == "name_taken", "the same person as `bo ng`, whatever the case"

    asyncio.run(scenario())


def test_channel_names_queries_and_their_refusals(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        ivy = connect(irc_gateway.irc_port, "ivy", processes)
        ivy.send("JOIN #Lobby")
        assert ivy.wait_for("JOIN").params == ["#lobby"], "a channel with capitals is the lowercase room"
        ivy.wait_for("366")
        for bad in ["#no!pe", "#" + "x" * 70, "#-dash"]:
            ivy.send(f"JOIN {bad}")
            refused = ivy.wait_for()
            assert refused.command == "403" and refused.params[:2] == ["ivy", bad] and refused.text, (bad, refused)

        ivy.send("NAMES #lobby")
        lines = ivy.until("366")
        assert sorted(n for m in lines if m.command == "353" for n in m.text.split()) == ["ivy", "vera"]
        ivy.send("WHO #lobby")
        lines = ivy.until("315")
        who = sorted(m.params for m in lines if m.command == "352")
        assert who == [
            ["ivy", "#lobby", "chat", "private-chat", "private-chat", name, "H", f"0 {name}"] for name in ("ivy", "vera")
        ], who  # fmt: skip
        assert lines[-1].params == ["ivy", "#lobby", "End of /WHO list"]

        answers = {
            "TOPIC #lobby": ("332", ["ivy", "#lobby", "lobby"]),
            "TOPIC #lobby :a new topic": ("482", ["ivy", "#lobby", "Topics are read-only here: a room's topic is its name"]),
            "MODE #lobby": ("324", ["ivy", "#lobby", "+"]),
            "MODE ivy": ("221", ["ivy", "+"]),
            "PRIVMSG #dev :not in it": ("404", ["ivy", "#dev", "Cannot send to channel"]),
            "PART #dev": ("442", ["ivy", "#dev", "You're not on that channel"]),
        }
        for line, (command, params) in answers.items():
            ivy.send(line)
            answer = ivy.wait_for()
            assert (answer.command, answer.params) == (command, params), (line, answer)
        ivy.send("MODE #lobby b")
        assert ivy.wait_for().command == "368"
        ivy.send("MODE #lobby +m")
        answer = ivy.wait_for()
        assert (answer.command, answer.params) == ("482", ["ivy", "#lobby", "Modes are fixed here"]), answer
        ivy.send("MODE ivy +i")  # one's own modes (irssi asks for +i on every connect): the modes as they stay
        answer = ivy.wait_for()
        assert (answer.command, answer.params) == ("221", ["ivy", "+"]), answer
        for again in ["USER ivy 0 * :Ivy", "PASS whatever-it-may-be"]:
            ivy.send(again)
            answer = ivy.wait_for()
            assert (answer.command, answer.params) == ("462", ["ivy", "You may not reregister"]), (again, answer)

        ivy.send("JOIN #dev")
        ivy.wait_for("366", where=lambda m: m.params[1] == "#dev")
        ivy.send("JOIN 0")
        parts = ivy.take(2, "PART")
        assert sorted(m.params[0] for m in parts) == ["#dev", "#lobby"]
        frame = await vera.next_of("presence", timeout=5)
        while frame["room"] != "lobby" or frame["event"] != "left":
            frame = await vera.next_of("presence")
        assert frame["name"] == "ivy"

    asyncio.run(scenario())


def test_a_notifier_joins_speaks_parts_and_quits_in_one_write(irc_gateway, processes):
    """What CI notifiers do: every line at once, no answer awaited. Each is handled after the one before
    it was answered, so nothing is refused for a JOIN still on its way to the relay."""
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera", rooms=["dev"])
        bot = IRCClient(irc_gateway.irc_port)
        processes.append(bot)
        lines = ["NICK ci", "USER ci 0 * :CI", "JOIN #dev", "PRIVMSG #dev :build 41 passed", "MODE #dev", "PART #dev", "QUIT"]
        bot.send_bytes("".join(line + "\r\n" for line in lines).encode())
        answers = [(m.command, m.params) for m in bot.closed() if m.command in ("JOIN", "324", "PART", "404", "442", "ERROR")]
        assert answers == [("JOIN", ["#dev"]), ("324", ["ci", "#dev", "+"]), ("PART", ["#dev"]), ("ERROR", ["Closing link"])], answers
        message = (await vera.messages(1))[0]
        assert (message["from"], message["text"]) == ("ci", "build 41 passed"), message

    asyncio.run(scenario())

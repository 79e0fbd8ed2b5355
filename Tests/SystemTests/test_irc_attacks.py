"""The IRC port tried as an attacker would (docs/PROTOCOL.md, "5. IRC clients": "Lines", "Registration",
"Commands"): the access key as PASS and the failure limit it shares with the WebSocket, a browser's HTTP
request sent to the port (a cross-protocol attack), lines over 512 bytes or with too many tags, bytes that
are not UTF-8, control characters, and a flood, which is paced and loses nothing."""

import asyncio
import threading
import time

import pytest

from harness.irc import IRCClient, connect, start_gateway
from harness.raw_http import status
from harness.websocket import ChatClient

KEY = "k3y-For-The-IRC-Tests_0123456789"
WRONG = "not-the-key-0123456789"


@pytest.fixture
def keyed(processes):
    return start_gateway(processes, env={"CHAT_ACCESS_KEY": KEY})


def refused_registration(gateway, source: str, password: str | None, processes) -> list:
    """Registers from `source` with `password` (none if None) and returns what came until the close."""
    irc = IRCClient(gateway.irc_port, source=source)
    processes.append(irc)
    if password is not None:
        irc.send(f"PASS {password}")
    irc.send("NICK mal")
    irc.send("USER mal 0 * :Mal")
    return [(m.command, m.params) for m in irc.closed()]


REFUSED = [("464", ["*", "Password incorrect"]), ("ERROR", ["Closing link: access key required"])]


def test_with_an_access_key_no_pass_or_a_wrong_one_gets_464_and_error_and_the_right_one_registers(keyed, processes):
    assert refused_registration(keyed, "127.0.0.2", None, processes) == REFUSED
    assert refused_registration(keyed, "127.0.0.2", WRONG, processes) == REFUSED
    assert refused_registration(keyed, "127.0.0.2", KEY[:-1], processes) == REFUSED
    connect(keyed.irc_port, "kim", processes, password=KEY)
    trailing = IRCClient(keyed.irc_port)  # the key as a trailing parameter, as some clients send it
    processes.append(trailing)
    trailing.send(f"PASS :{KEY}")
    assert trailing.register("kit")[-1].command == "376"


def test_an_open_chat_asks_for_no_pass_and_ignores_one(irc_gateway, processes):
    connect(irc_gateway.irc_port, "opal", processes)
    connect(irc_gateway.irc_port, "onyx", processes, password="anything-at-all-here")


def test_ten_wrong_keys_lock_the_address_out_of_irc_and_the_websocket_alike(keyed, processes):
    for _ in range(10):
        assert refused_registration(keyed, "127.0.0.3", WRONG, processes) == REFUSED
    locked = IRCClient(keyed.irc_port, source="127.0.0.3")
    processes.append(locked)
    lines = locked.register("mal", password=KEY)  # the right key does not help until then
    assert lines[-1].command == "ERROR" and "001" not in [m.command for m in lines], [m.raw for m in lines]
    assert lines[-1].text.startswith("Closing link: too many wrong access keys; try again in "), lines[-1]
    assert lines[-1].text.endswith(" s") and int(lines[-1].text.split()[-2]) > 0, lines[-1]
    assert locked.closed() == []
    assert status(keyed.port, "/ws", [("Authorization", f"Bearer {KEY}")], source="127.0.0.3") == 429, "one limiter for both"
    connect(keyed.irc_port, "kay", processes, source="127.0.0.4", password=KEY)  # another address is not locked out


HTTP_REQUESTS = [
    "POST / HTTP/1.1\r\nHost: 127.0.0.1:6667\r\nContent-Type: text/plain\r\nContent-Length: 60\r\n\r\n"
    "NICK mallory\r\nUSER mallory 0 * :M\r\nJOIN #lobby\r\nPRIVMSG #lobby :pwned\r\n",
    "GET / HTTP/1.1\r\nHost: 127.0.0.1:6667\r\n\r\nNICK mallory\r\nUSER mallory 0 * :M\r\n",
    "PUT http://127.0.0.1:6667/ HTTP/1.1\r\nNICK mallory\r\nUSER mallory 0 * :M\r\n",
    "Host: 127.0.0.1\r\nNICK mallory\r\nUSER mallory 0 * :M\r\n",
]


@pytest.mark.parametrize("request_text", HTTP_REQUESTS, ids=["POST", "GET", "PUT with a URL", "a header first"])
def test_an_http_request_on_the_irc_port_is_closed_without_an_answer_and_registers_nobody(irc_gateway, processes, request_text):
    async def scenario():
        watcher = await ChatClient.join(irc_gateway, "watcher")
        attacker = IRCClient(irc_gateway.irc_port)
        processes.append(attacker)
        attacker.send_bytes(request_text.encode())
        assert attacker.closed() == [], "not one line of answer"
        assert attacker.buffer == b""
        mallory = await ChatClient.join(irc_gateway, "mallory")  # the name was never claimed
        frame = await watcher.next_of("presence")
        assert (frame["event"], frame["name"]) == ("joined", "mallory"), "nothing of the request reached the room"
        await mallory.close()
        await watcher.close()

    asyncio.run(scenario())


def test_past_max_connections_an_irc_client_is_told_the_gateway_is_full(processes):
    gateway = start_gateway(processes, "--max-connections", "1")

    async def scenario():
        vera = await ChatClient.join(gateway, "vera")
        refused = IRCClient(gateway.irc_port)
        processes.append(refused)
        last = refused.closed()  # at once, whatever it would have sent
        assert [(m.command, m.text) for m in last] == [("ERROR", "Closing link: this gateway is full: try again later")], [m.raw for m in last]
        await vera.close()
        await asyncio.to_thread(gateway.wait_connections, 0)
        connect(gateway.irc_port, "late", processes)
        assert status(gateway.port, "/ws", [("Sec-WebSocket-Protocol", "privchat.v1")]) == 503, "and the IRC client counts as one"

    asyncio.run(scenario())


def test_an_http_looking_line_after_registration_is_an_ordinary_command(irc_gateway, processes):
    irc = connect(irc_gateway.irc_port, "gus", processes)
    irc.send("GET / HTTP/1.1")
    assert irc.wait_for().command == "421"


def test_lines_over_512_bytes_get_417_and_nothing_of_them_is_relayed(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        irc = connect(irc_gateway.irc_port, "ivy", processes)
        irc.join("#lobby")
        head = "PRIVMSG #lobby :"
        exactly = head + "e" * (510 - len(head))  # 512 bytes with CR LF: the most a line may be
        irc.send(exactly)
        too_long = [
            head + "o" * (511 - len(head)),  # 513 bytes with CR LF
            head + "a" * 600 + " PRIVMSG #lobby :smuggled",  # what follows byte 512 is no line of its own
            head + "é" * 300,  # 600 bytes of text in 300 characters
            head + "z" * 20_000,
            "@" + "t=" + "x" * 9000 + " " + head + "too many tags",
        ]
        for line in too_long:
            irc.send(line)
            answer = irc.wait_for()
            assert (answer.command, answer.params) == ("417", ["ivy", "Input line was too long"]), answer
        irc.send("@+draft/label=" + "y" * 4000 + " " + head + "tags are read and ignored")
        irc.send(head + "and the line after")
        texts = [frame["text"] for frame in await vera.messages(3)]
        assert texts == [exactly[len(head) :], "tags are read and ignored", "and the line after"], texts
        assert irc.during(0.3) == [], "nothing more came back"
        await vera.close()

    asyncio.run(scenario())


def test_a_line_that_is_not_utf8_gets_fail_invalid_utf8_and_is_not_relayed(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        irc = connect(irc_gateway.irc_port, "ivy", processes)
        irc.join("#lobby")
        irc.send(b"PRIVMSG #lobby :caf\xe9 latin-1")
        fail = irc.wait_for()
        assert fail.command == "FAIL" and fail.params[1] == "INVALID_UTF8" and fail.text, fail
        assert fail.params[0] == "PRIVMSG", fail
        irc.send(b"PRIVMSG #lobby :\xed\xa0\x80 a surrogate, \xc0\xaf an overlong slash")
        assert irc.wait_for().params[1] == "INVALID_UTF8"
        irc.privmsg("#lobby", "café in UTF-8")
        assert [frame["text"] for frame in await vera.messages(1)] == ["café in UTF-8"]
        await vera.close()

    asyncio.run(scenario())


def test_control_characters_are_refused_and_formatting_codes_are_removed(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        irc = connect(irc_gateway.irc_port, "ivy", processes)
        irc.join("#lobby")
        irc.privmsg("#lobby", "ring the \x07 bell, \x1b[2J clear the screen")
        notice = irc.wait_for("NOTICE")
        assert notice.params[0] == "ivy" and notice.text.startswith("message contains control characters"), notice
        assert notice.text.endswith(": not sent"), notice
        irc.privmsg("#lobby", "\x02bold\x02, \x0304red\x03, \x1ditalic\x1d, \x1funder\x1f, \x1estruck\x1e, \x11mono\x11, \x16rev\x16\x0f.")
        assert [frame["text"] for frame in await vera.messages(1)] == ["bold, red, italic, under, struck, mono, rev."]
        await vera.close()

    asyncio.run(scenario())


def test_a_flood_of_300_lines_is_paced_and_every_line_arrives_in_order(processes):
    gateway = start_gateway(processes, "--rate", "100", "--burst", "10")

    async def scenario():
        vera = await ChatClient.join(gateway, "vera")
        irc = connect(gateway.irc_port, "flo", processes)
        irc.join("#lobby")
        flood = b"".join(f"PRIVMSG #lobby :flood {n:03d}\r\n".encode() for n in range(300))
        started = time.monotonic()
        sender = threading.Thread(target=irc.send_bytes, args=(flood,), daemon=True)
        sender.start()
        texts = [frame["text"] for frame in await vera.messages(300, timeout=10)]
        elapsed = time.monotonic() - started
        assert texts == [f"flood {n:03d}" for n in range(300)]
        assert elapsed >= 2.0, f"300 lines at 100 a second after a burst of 10 took only {elapsed:.2f}s: not paced"
        sender.join(5)
        irc.send("PING :after the flood")
        assert irc.wait_for("PONG").text == "after the flood", "the flooder stays connected"
        await vera.close()

    asyncio.run(scenario())


def test_refused_lines_cost_a_token_too(processes):
    gateway = start_gateway(processes, "--rate", "100", "--burst", "10")
    irc = connect(gateway.irc_port, "ref", processes)
    started = time.monotonic()
    irc.send_bytes(b"".join(f"FROB{n}\r\n".encode() for n in range(150)))
    unknown = irc.take(150, "421", timeout=10)
    elapsed = time.monotonic() - started
    assert [m.params[1] for m in unknown] == [f"FROB{n}" for n in range(150)]
    assert elapsed >= 1.0, f"150 refused lines at 100 a second after a burst of 10 took only {elapsed:.2f}s: not paced"

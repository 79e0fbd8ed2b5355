"""IRC clients registering on a gateway's `--irc-port` (docs/PROTOCOL.md, "5. IRC clients", "Registration"
and "Names and channels"), with a raw line client (harness.irc) written from the RFCs: capability
negotiation, the welcome numerics, refused nicks and what then, PING, unknown commands, the registration
timeout, and the port over TLS."""

import asyncio
import re
import socket
import ssl

import pytest

from harness.identity import SigningClient
from harness.irc import IRCClient, connect, start_gateway
from harness.websocket import ChatClient, Client
from test_tls import WEAK_CIPHERS, PermissiveServer, handshake, make_rsa_certificate
from test_tls import client as tls_client

SERVER = "private-chat"


def numerics(lines) -> dict[str, list]:
    """The lines of a registration by command (each a list, in order)."""
    found = {}
    for line in lines:
        found.setdefault(line.command, []).append(line)
    return found


def test_cap_ls_302_offers_server_time_and_message_tags_and_registration_waits_for_cap_end(irc_gateway, processes):
    irc = IRCClient(irc_gateway.irc_port)
    processes.append(irc)
    irc.send("CAP LS 302")
    irc.send("NICK ivy")
    irc.send("USER ivy 0 * :Ivy")
    ls = irc.wait_for("CAP")
    assert ls.prefix == SERVER and ls.params[:2] == ["*", "LS"], ls
    assert ls.text.split() == ["server-time", "message-tags"], ls
    assert [m for m in irc.during(0.5) if m.command == "001"] == [], "nothing is welcomed before CAP END"

    irc.send("CAP REQ :server-time unknown-cap")
    nak = irc.wait_for("CAP")
    assert nak.params[1:] == ["NAK", "server-time unknown-cap"], nak
    irc.send("CAP LIST")
    listed = irc.wait_for("CAP")
    assert listed.params[1] == "LIST" and listed.params[2:] in ([], [""]), ("a NAK enables none of what it named", listed)
    irc.send("CAP REQ :server-time message-tags")
    ack = irc.wait_for("CAP")
    assert ack.params[1:] == ["ACK", "server-time message-tags"], ack
    irc.send("CAP LIST")
    listed = irc.wait_for("CAP")
    assert listed.params[1] == "LIST" and sorted(listed.text.split()) == ["message-tags", "server-time"], listed

    irc.send("CAP END")
    lines = irc.until("376")
    commands = [m.command for m in lines]
    assert commands[:5] == ["001", "002", "003", "004", "005"], commands
    assert "375" in commands and "372" in commands, commands
    assert all(m.prefix == SERVER for m in lines), [m.raw for m in lines if m.prefix != SERVER]
    welcome = numerics(lines)
    assert welcome["001"][0].params == ["ivy", "Welcome to Private Chat, ivy"]
    assert welcome["004"][0].params[:2] == ["ivy", SERVER] and welcome["004"][0].params[3:] == ["i", "n"], welcome["004"][0]
    tokens = [token for line in welcome["005"] for token in line.params[1:-1]]
    expected = ["CASEMAPPING=ascii", "CHANTYPES=#", "NICKLEN=384", "CHANNELLEN=65", "PREFIX=()", "CHANMODES=,,,", "NETWORK=PrivateChat"]
    for token in [*expected, "UTF8ONLY"]:
        assert token in tokens, (token, tokens)
    assert welcome["005"][0].text == "are supported by this server"
    assert any("#" in m.text for m in welcome["372"]), "the message of the day says how rooms map to channels"
    assert "JOIN" not in commands, "an IRC connection starts in no room"


def test_without_cap_registration_completes_on_nick_and_user_in_either_order(irc_gateway, processes):
    first = IRCClient(irc_gateway.irc_port)
    processes.append(first)
    first.send("USER una 0 * :Una")
    first.send("NICK una")
    assert first.wait_for("001").params[0] == "una"
    second = IRCClient(irc_gateway.irc_port)
    processes.append(second)
    second.send("nick ned")  # commands are case-insensitive
    second.send("user ned 0 * :Ned")
    second.wait_for("376")


def test_a_bare_lf_ends_a_line_too(irc_gateway, processes):
    irc = IRCClient(irc_gateway.irc_port)
    processes.append(irc)
    irc.send_bytes(b"NICK lf\nUSER lf 0 * :Lf\nPING :bare\n")
    irc.wait_for("376")
    if "PONG" not in [m.command for m in irc.seen]:  # before or after the welcome: the nick is claimed at the relay meanwhile
        irc.wait_for("PONG")
    assert [m.text for m in irc.seen if m.command == "PONG"] == ["bare"]


def test_commands_before_registration_get_451_but_ping_is_answered(irc_gateway, processes):
    irc = IRCClient(irc_gateway.irc_port)
    processes.append(irc)
    for line in ["JOIN #lobby", "PRIVMSG #lobby :hello?", "NAMES #lobby"]:
        irc.send(line)
        refusal = irc.wait_for()
        assert (refusal.command, refusal.params) == ("451", ["*", "You have not registered"]), (line, refusal)
    irc.send("PING :before")
    pong = irc.wait_for("PONG")
    assert (pong.prefix, pong.params) == (SERVER, [SERVER, "before"])
    irc.send("NICK late")
    irc.send("USER late 0 * :Late")
    irc.wait_for("001")


def test_a_nick_that_is_no_username_or_no_canonical_encoding_gets_432_and_another_may_follow(irc_gateway, processes):
    irc = IRCClient(irc_gateway.irc_port)
    processes.append(irc)
    irc.send("USER eve 0 * :Eve")
    refused = [
        "col:on",  # `:` is not allowed in a username
        "x" * 33,  # 33 characters: over 32
        "\\41nn",  # `A` escaped: not how `Ann` is written
        "a\\2cb",  # lower-case hex: the encoding is upper-case
        "bad\\4",  # a backslash without two hex digits
        "back\\slash",
        "a\\7Etilde",  # `~` is escaped only as the first character
    ]
    for nick in refused:
        irc.send(f"NICK {nick}")
        answer = irc.wait_for()
        assert answer.command == "432" and answer.params[:2] == ["*", nick] and answer.text, (nick, answer)
    irc.send("NICK \\7Etilde")  # `~tilde`, written as the spec says
    assert irc.wait_for("001").params[0] == "\\7Etilde"
    irc.wait_for("376")
    irc.send("NICK col:on")  # after registration too, answered for the nick it has
    answer = irc.wait_for()
    assert answer.command == "432" and answer.params[:2] == ["\\7Etilde", "col:on"], answer


def test_a_nick_held_by_a_v1_or_a_plain_user_gets_433_and_another_nick_then_succeeds(irc_gateway, processes):
    async def scenario():
        vera = await ChatClient.join(irc_gateway, "vera")
        pete = await Client.join(irc_gateway, "pete")
        await asyncio.to_thread(irc_gateway.wait_connections, 2)
        irc = IRCClient(irc_gateway.irc_port)
        processes.append(irc)
        irc.send("USER x 0 * :X")
        for nick, name in [("vera", "vera"), ("Pete", "Pete")]:  # names are unique whatever their case
            irc.send(f"NICK {nick}")
            answer = irc.wait_for()
            assert answer.command == "433" and answer.params[:2] == ["*", nick], answer
            assert re.fullmatch(rf'the name "{name}" is taken; try "\S+"', answer.text, re.IGNORECASE), answer
        irc.send("NICK ivy")
        assert irc.wait_for("001").params[0] == "ivy"
        await vera.close()
        await pete.close()

    asyncio.run(scenario())


def test_a_name_bound_to_an_identity_key_gets_433_and_another_nick_then_succeeds(irc_gateway, processes):
    async def scenario():
        owner = await SigningClient.prove(irc_gateway.url, "alice")  # binds "alice" to its key at the relay
        await owner.close()
        await asyncio.to_thread(irc_gateway.wait_connections, 0)
        irc = IRCClient(irc_gateway.irc_port)
        processes.append(irc)
        irc.send("NICK alice")
        irc.send("USER alice 0 * :Alice")
        answer = irc.wait_for()
        assert answer.command == "433" and answer.params[:2] == ["*", "alice"], answer
        assert answer.text == 'the name "alice" belongs to another person\'s identity key; try "alice2"', answer
        irc.send("NICK alice2")
        assert irc.wait_for("001").params[0] == "alice2"

    asyncio.run(scenario())


def test_ping_gets_pong_and_an_unknown_command_gets_421(irc_gateway, processes):
    irc = connect(irc_gateway.irc_port, "pia", processes)
    irc.send("PING :token-42")
    pong = irc.wait_for("PONG")
    assert (pong.prefix, pong.params) == (SERVER, [SERVER, "token-42"])
    irc.send("FROBNICATE now")
    unknown = irc.wait_for()
    assert (unknown.command, unknown.params) == ("421", ["pia", "FROBNICATE", "Unknown command"]), unknown
    irc.send("ping :still-here")
    assert irc.wait_for("PONG").text == "still-here"


def test_quit_closes_with_error(irc_gateway, processes):
    irc = connect(irc_gateway.irc_port, "quinn", processes)
    irc.send("QUIT :bye")
    last = irc.closed()
    assert [m.command for m in last] == ["ERROR"] and last[0].text.startswith("Closing link"), [m.raw for m in last]


def test_no_registration_within_the_hello_timeout_is_closed(processes):
    gateway = start_gateway(processes, "--hello-timeout", "1")
    irc = IRCClient(gateway.irc_port)
    processes.append(irc)
    irc.send("NICK slow")  # no USER
    last = irc.closed(timeout=5)
    assert [(m.command, m.text) for m in last] == [("ERROR", "Closing link: registration timed out")], [m.raw for m in last]


def test_with_tls_the_irc_port_speaks_tls_from_the_first_byte_and_plain_text_gets_no_irc(processes, tmp_path):
    certificate, key = make_rsa_certificate(tmp_path)
    gateway = start_gateway(processes, "--tls-cert", certificate, "--tls-key", key)
    context = tls_client(None, "DEFAULT")
    irc = IRCClient(gateway.irc_port, tls=context)
    processes.append(irc)
    assert irc.sock.version() in ("TLSv1.2", "TLSv1.3")
    lines = irc.register("tia")
    assert irc.nick == "tia", [m.raw for m in lines]
    irc.send("PING :over-tls")
    assert irc.wait_for("PONG").text == "over-tls"

    with socket.create_connection(("127.0.0.1", gateway.irc_port), timeout=5) as plain:
        plain.sendall(b"NICK pat\r\nUSER pat 0 * :Pat\r\n")
        answer = b""
        try:
            while chunk := plain.recv(4096):
                answer += chunk
        except (ConnectionResetError, socket.timeout):
            pass
    assert b"private-chat" not in answer and b"001" not in answer, answer


def test_over_tls_an_old_protocol_is_refused_as_on_the_websocket(processes, tmp_path):
    certificate, key = make_rsa_certificate(tmp_path)
    gateway = start_gateway(processes, "--tls-cert", certificate, "--tls-key", key)
    control = PermissiveServer(certificate, key)
    old = tls_client(ssl.TLSVersion.TLSv1_1, WEAK_CIPHERS)
    try:
        assert handshake(control.port, old)[0] == "TLSv1.1", "this client could not even offer it: the test would prove nothing"
    finally:
        control.close()
    with pytest.raises((ssl.SSLError, ConnectionResetError)):
        handshake(gateway.irc_port, old)

"""`chat`, the terminal client, as scripts and people use it: processes, pipes and exit codes."""

import asyncio
import json
import signal
import socket
import struct

import pytest
from websockets.asyncio.server import serve

from harness.cli import ChatCLI, run_chat
from harness.ports import free_port_block
from harness.processes import Gateway, Relay
from harness.websocket import ChatClient, chat_all


def test_piped_lines_are_sent_in_order_and_it_exits_0_once_all_are_acknowledged(gateway):
    async def scenario():
        watcher = await ChatClient.join(gateway, "watcher")
        lines = [f"line {i}" for i in range(60)]  # more than the burst: the client paces itself
        result = await asyncio.to_thread(run_chat, gateway.url, "--name", "bot", stdin_text="\n".join(lines) + "\n")
        assert result.returncode == 0, result.stderr
        received = await watcher.messages(60)
        assert [(m["from"], m["text"]) for m in received] == [("bot", line) for line in lines]

    asyncio.run(scenario())


def test_received_messages_are_printed_one_per_line_with_their_room(gateway):
    async def scenario():
        alice = await ChatClient.join(gateway, "alice")
        bot = ChatCLI(gateway.url, "--name", "bot")
        await alice.next_of("presence")
        await alice.say("hello bot")
        await alice.say("waves", action=True)
        # Room messages come on the relay's stream and a direct message on its reply channel: nothing
        # orders one after the other, so the direct message goes once both room messages were sequenced.
        await alice.next_of("ack")
        await alice.next_of("ack")
        await alice.send({"type": "dm", "id": "d", "to": "bot", "text": "just you"})
        assert [bot.line() for _ in range(3)] == ["[lobby] alice: hello bot", "[lobby] * alice waves", "[dm] alice: [not encrypted] just you"]
        bot.close_input()
        assert bot.wait()[0] == 0

    asyncio.run(scenario())


def test_slash_commands_work_in_scripts(gateway):
    async def scenario():
        alice = await ChatClient.join(gateway, "alice", rooms=["dev"])
        script = "/join dev\n/msg! alice psst\n/who dev\n"  # alice has no keys: /msg! sends it in the clear
        bot = ChatCLI(gateway.url, "--name", "bot", "--room", "dev", stdin_text=script)
        dm = await alice.next_of("dm")
        assert (dm["from"], dm["text"]) == ("bot", "psst")
        assert bot.line() == "[dev] members: alice, bot"
        assert bot.wait()[0] == 0

    asyncio.run(scenario())


def test_json_mode_prints_the_protocol_frames(gateway):
    result = run_chat(gateway.url, "--name", "jay", "--json", stdin_text="hi\n")
    assert result.returncode == 0, result.stderr
    frames = [json.loads(line) for line in result.stdout.splitlines()]
    assert [frame["type"] for frame in frames] == ["welcome", "ack"]
    assert frames[0]["name"] == "jay"


def test_environment_variables_stand_in_for_url_and_name(gateway):
    result = run_chat(stdin_text="from env\n", env={"CHAT_URL": f"http://127.0.0.1:{gateway.port}", "CHAT_NAME": "envy"})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ws://127.0.0.1:1/ws", "--name", "x"], 69, "cannot reach ws://127.0.0.1:1/ws: connection refused (is the server running?)"),
        (["ftp://nowhere", "--name", "x"], 64, 'bad server URL "ftp://nowhere": it must start with ws:// or wss://'),
        (["ws://127.0.0.1:8000/ws"], 64, "a name is needed: pass --name NAME or set CHAT_NAME"),
        (["ws://127.0.0.1:8000/ws", "--name", "a:b"], 65, 'username must not contain ":"'),
        (["ws://127.0.0.1:8000/ws", "--name", "x", "--room", "no spaces"], 64, "--room no spaces: room name may use only"),
    ],
)
def test_errors_are_short_clear_and_exit_non_zero(args, code, message):
    result = run_chat(*args, stdin_text="hi\n")
    assert result.returncode == code
    assert message in result.stderr
    assert result.stderr.count("\n") == 1, "one line"


def test_a_taken_name_exits_67_and_offers_a_free_one(gateway):
    async def scenario():
        await ChatClient.join(gateway, "alice")
        result = await asyncio.to_thread(run_chat, gateway.url, "--name", "Alice", stdin_text="hi\n")
        assert result.returncode == 67
        assert result.stderr == 'chat: the name "Alice" is taken; try "Alice2" (run again with --name Alice2)\n'

    asyncio.run(scenario())


def test_a_server_that_is_not_a_chat_server_exits_69(processes):
    relay = Relay()
    processes.append(relay)
    result = run_chat(f"ws://127.0.0.1:{relay.port + 2}/nowhere", "--name", "x", stdin_text="hi\n")
    assert result.returncode == 69
    assert "refused the WebSocket upgrade" in result.stderr


def test_after_its_gateway_restarts_the_client_resumes_with_exactly_what_it_missed(processes):
    relay = Relay()
    processes.append(relay)
    port = free_port_block(1)
    first = Gateway(relay, extra=["--port", str(port)])
    second = Gateway(relay)
    processes.extend([first, second])
    for gateway in (first, second):
        gateway.wait_healthy()

    async def scenario():
        bot = ChatCLI(f"ws://127.0.0.1:{port}/ws", "--name", "bot")
        (alice,) = await chat_all([(second, "alice")])
        await alice.next_of("presence")
        await alice.say("before")
        assert bot.line() == "[lobby] alice: before"
        first.kill()
        for i in range(3):
            await alice.say(f"missed {i}")
        restarted = Gateway(relay, extra=["--port", str(port)])
        processes.append(restarted)
        assert [bot.line(timeout=20) for _ in range(3)] == [f"[lobby] alice: missed {i}" for i in range(3)]
        await alice.say("after")
        assert bot.line() == "[lobby] alice: after", "nothing shown twice"
        bot.send("back again")
        message = await alice.next_of("message")
        assert (message["from"], message["text"]) == ("bot", "back again")
        bot.close_input()
        assert bot.wait()[0] == 0

    asyncio.run(scenario())


def test_a_client_whose_first_connection_is_reset_after_the_welcome_reconnects_and_resends():
    """A gateway killed while a client's frames wait unread resets the connection (found by chaos.py):
    that is a lost connection like any other, even the first one, not an unreachable server (69)."""
    session = "5e55" * 8
    hellos = []

    async def server(ws):
        hellos.append(json.loads(await ws.recv()))
        snapshot = {"room": "lobby", "seq": 0, "members": ["bot"], "history": [], "truncated": False}
        limits = {"max_message_bytes": 65536, "max_rooms": 32, "rate": 20, "burst": 40}
        await ws.send(json.dumps({"type": "welcome", "name": "bot", "session": session, "epoch": "e1", "rooms": [snapshot], "limits": limits}))
        say = json.loads(await ws.recv())
        if len(hellos) == 1:
            # A reset, not a FIN: what the kernel sends for a killed process whose socket held unread input.
            ws.transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            ws.transport.abort()
            return
        await ws.send(json.dumps({"type": "ack", "id": say["id"], "room": "lobby", "seq": 1, "time": 0}))
        await ws.wait_closed()

    async def scenario():
        async with serve(server, "127.0.0.1", 0, subprotocols=["privchat.v1"]) as listening:
            port = listening.sockets[0].getsockname()[1]
            bot = ChatCLI(f"ws://127.0.0.1:{port}/ws", "--name", "bot", "--json")
            try:
                bot.send("hello")
                bot.close_input()
                code, stderr = await asyncio.to_thread(bot.wait, 20)
            finally:
                bot.kill()
        assert (code, stderr) == (0, "")
        assert [hello.get("session") for hello in hellos] == [None, session], "it resumed its session"

    asyncio.run(scenario())


def test_sigterm_ends_a_scripted_client_cleanly(gateway):
    bot = ChatCLI(gateway.url, "--name", "bot")
    gateway.wait_connections(1)
    bot.popen.send_signal(signal.SIGTERM)
    code, _ = bot.wait()
    assert code in (0, -signal.SIGTERM)

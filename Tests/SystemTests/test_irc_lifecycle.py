"""IRC connections over time (docs/PROTOCOL.md, "5. IRC clients", "Commands" and "What IRC clients see"):
the gateway's PING and its ping timeout, pacing past --pace-timeout, a gateway shutting down, and a relay
that restarts under a connected IRC client, which sees nothing of it."""

import asyncio
import signal
import threading
import time

from harness.irc import IRCClient, connect, start_gateway
from harness.ports import free_port_block
from harness.processes import Gateway, Relay
from harness.websocket import ChatClient


def test_the_gateway_pings_and_closes_a_client_that_does_not_answer(processes):
    gateway = start_gateway(processes, "--ping-interval", "1")
    silent = connect(gateway.irc_port, "sid", processes)  # reads nothing from now on
    lively = connect(gateway.irc_port, "liv", processes)
    started = time.monotonic()
    try:
        lively.wait_for(timeout=3.5, where=lambda m: False)  # answers every PING on the way (RFC 2812 §3.7.2)
    except TimeoutError:
        pass
    pings = [m for m in lively.seen if m.command == "PING"]
    assert pings and all(m.params == ["private-chat"] for m in pings), [m.raw for m in lively.seen]
    lively.send("PING :still here")
    assert lively.wait_for("PONG").text == "still here", "a client that answers stays"

    last = silent.closed(timeout=max(0.1, 5 - (time.monotonic() - started)))
    assert "PING" in [m.command for m in last], [m.raw for m in last]
    assert (last[-1].command, last[-1].text) == ("ERROR", "Closing link: ping timeout"), [m.raw for m in last]


def test_a_client_paced_past_the_pace_timeout_is_closed_and_what_was_read_is_kept(processes):
    gateway = start_gateway(processes, "--rate", "5", "--burst", "5", "--pace-timeout", "2")

    async def scenario():
        vera = await ChatClient.join(gateway, "vera")
        flooder = connect(gateway.irc_port, "flo", processes)
        flooder.join("#lobby")
        lines = b"".join(f"PRIVMSG #lobby :paced {n:03d}\r\n".encode() for n in range(100))
        threading.Thread(target=lambda: flooder.send_bytes(lines), daemon=True).start()
        last = await asyncio.to_thread(flooder.closed, 10)
        assert last and last[-1].command == "ERROR", [m.raw for m in last]
        assert last[-1].text.startswith("Closing link: paced for over 2"), last[-1]
        received = []
        try:
            while True:
                received.append((await vera.next_of("message", timeout=1))["text"])
        except (asyncio.TimeoutError, TimeoutError):
            pass
        assert 5 <= len(received) < 100 and received == [f"paced {n:03d}" for n in range(len(received))], received

    asyncio.run(scenario())


def test_a_client_that_stops_reading_is_closed_as_too_slow_and_the_others_get_everything(processes):
    gateway = start_gateway(processes, "--rate", "100000", "--burst", "100000", "--client-queue-bytes", "65536")
    count, payload = 1500, "z" * 4000  # 6 MB, past what the socket buffers hold

    async def scenario():
        alice = await ChatClient.join(gateway, "alice")
        bob = await ChatClient.join(gateway, "bob")
        stalled = IRCClient(gateway.irc_port, receive_buffer=4096)
        processes.append(stalled)
        stalled.register("stu")
        stalled.join("#lobby")  # and never reads again, until it is closed
        for n in range(count):
            await alice.say(f"{n} {payload}")
        heard = [frame["text"] for frame in await bob.messages(count, timeout=20)]
        assert heard == [f"{n} {payload}" for n in range(count)], "the others get everything"
        # More than --client-queue-bytes behind for a second: closed, whether or not it ever reads again.
        try:
            left = await bob.next_of("presence", timeout=5)
        except (asyncio.TimeoutError, TimeoutError):
            raise AssertionError(f"5 s after the flood the stalled IRC client is still in the room (health: {gateway.health()})") from None
        assert (left["event"], left["name"]) == ("left", "stu"), left
        await asyncio.to_thread(gateway.wait_connections, 2, 5)
        last = await asyncio.to_thread(stalled.closed, 10)
        assert last and last[-1].command in ("PRIVMSG", "ERROR"), [m.raw[:80] for m in last[-3:]]
        if last[-1].command == "ERROR":
            assert last[-1].text == "Closing link: too slow", last[-1]
        assert len([m for m in last if m.command == "PRIVMSG"]) < count * 8, "it was cut off before the end"

    asyncio.run(scenario())


def test_a_gateway_shutting_down_tells_every_irc_client(processes):
    gateway = start_gateway(processes)
    first = connect(gateway.irc_port, "fay", processes)
    first.join("#lobby")
    second = IRCClient(gateway.irc_port)  # not even registered
    processes.append(second)
    second.send("NICK half")
    second.send("PING :here")
    second.wait_for("PONG")  # the gateway holds the connection (not just the kernel's backlog)
    code, _ = gateway.terminate(signal.SIGTERM)
    assert code == 0
    for client in (first, second):
        last = client.closed()
        assert last and (last[-1].command, last[-1].text) == ("ERROR", "Closing link: server shutting down"), (client.nick, [m.raw for m in last])


def test_without_a_relay_link_an_irc_client_is_told_to_try_again_shortly(processes):
    nowhere = free_port_block(4)  # no relay there
    gateway = Gateway(extra=["--irc-port", "0", "--relay", f"tcp://127.0.0.1:{nowhere}"])
    processes.append(gateway)
    irc = IRCClient(gateway.irc_port)
    processes.append(irc)
    irc.send("NICK early")
    irc.send("USER early 0 * :Early")
    last = irc.closed()
    assert [(m.command, m.text) for m in last] == [("ERROR", "Closing link: chat relay unavailable; try again shortly")], [m.raw for m in last]
    relay = Relay(port=nowhere)
    processes.append(relay)
    gateway.wait_healthy()
    connect(gateway.irc_port, "early", processes)


def test_a_relay_restart_leaves_irc_clients_connected_in_their_rooms_and_unaware(processes):
    relay = Relay()
    processes.append(relay)
    gateway = start_gateway(processes, relay=relay)

    async def scenario():
        vera = await ChatClient.join(gateway, "vera")
        ivy = connect(gateway.irc_port, "ivy", processes)
        ivy.join("#lobby")
        ivy.join("#dev")
        await vera.say("before the restart")
        assert ivy.wait_for("PRIVMSG").text == "before the restart"
        before = len(ivy.seen)

        relay.kill()
        restarted = Relay(port=relay.port)
        processes.append(restarted)
        await vera.next_of("welcome", timeout=15)
        await vera.say("after the restart")
        assert ivy.wait_for("PRIVMSG", timeout=10).text == "after the restart"
        ivy.privmsg("#lobby", "ivy is still here")
        assert (await vera.next_of("message", timeout=10))["text"] == "ivy is still here"
        ivy.send("NAMES #dev")
        names = ivy.until("366")
        assert [n for m in names if m.command == "353" for n in m.text.split()] == ["ivy"], "still in #dev at the new relay"
        unexpected = [m.raw for m in ivy.seen[before:] if m.command not in ("PRIVMSG", "PING", "353", "366")]
        assert unexpected == [], "nothing of the restart is shown"
        assert [m.text for m in ivy.seen[before:] if m.command == "PRIVMSG"] == ["after the restart"], "no history again"
        taken = await ChatClient.open(gateway)
        await taken.send({"type": "hello", "name": "ivy"})
        assert (await taken.next())["code"] == "name_taken", "the name was claimed again at the new relay"

    asyncio.run(scenario())

"""Start, configure and stop the executables as a user does."""

import asyncio
import signal
import subprocess

import pytest

from harness import BIN_DIR
from harness.processes import Gateway, Relay
from harness.raw_frames import RawWebSocket
from harness.websocket import ChatClient, join_all


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_gateway_stops_gracefully_closing_clients_with_1001(processes, sig):
    gateway = Gateway()
    processes.append(gateway)
    gateway.wait_healthy()

    async def scenario():
        clients = await join_all([(gateway, f"user{i}") for i in range(5)])
        code, seconds = await asyncio.to_thread(gateway.terminate, sig)
        assert code == 0
        assert seconds < 2, f"took {seconds:.2f}s to stop"
        for client in clients:
            close = await client.closed()
            assert close is not None and close.code == 1001

    asyncio.run(scenario())


def test_linked_gateway_and_relay_stop_gracefully(cluster):
    relay, gateways = cluster

    async def scenario():
        (alice,) = await join_all([(gateways[0], "alice")])
        for gateway in gateways:
            code, seconds = gateway.terminate()
            assert (code, seconds < 2) == (0, True)
        assert (await alice.closed()).code == 1001
        code, seconds = relay.terminate()
        assert (code, seconds < 2) == (0, True)
        assert 'msg="relay stopped"' in relay.log()

    asyncio.run(scenario())


def test_a_connection_without_a_name_is_closed_after_the_hello_timeout(processes):
    gateway = Gateway(extra=["--hello-timeout", "0.5"])
    processes.append(gateway)
    gateway.wait_healthy()

    async def scenario():
        silent = RawWebSocket(gateway.port)
        assert silent.close_code() == 1008
        v1 = await ChatClient.open(gateway)
        await v1.send({"type": "hello", "name": "bad:name"})
        assert (await v1.next())["code"] == "invalid_name"
        assert (await v1.closed()).code == 1008, "a refused hello does not stop the clock"
        named = await ChatClient.join(gateway, "patient")
        await asyncio.to_thread(gateway.wait_connections, 1)
        await asyncio.sleep(1)  # the timeout passing is the point of this test
        await named.say("still here")
        assert (await named.next_of("ack"))["type"] == "ack"

    asyncio.run(scenario())


def test_environment_variables_stand_in_for_flags(processes):
    relay = Relay()
    processes.append(relay)
    gateway = Gateway(env={"CHAT_RELAY": relay.address, "CHAT_MAX_MESSAGE_BYTES": "10"})
    processes.append(gateway)
    assert relay.address in gateway.announcement
    gateway.wait_healthy()

    async def scenario():
        (alice,) = await join_all([(gateway, "alice")])
        await alice.say("eleven char")
        assert await alice.next() == "error: message too large (11 bytes; the limit is 10): not sent"

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("executable", "args", "message"),
    [
        ("chat-gateway", ["--relay", "relay:5555"], "expected tcp://HOST:PORT"),
        ("chat-gateway", ["--port", "70000"], "--port must be 0...65535"),
        ("chat-relay", ["--port", "65535"], "--port must be 1...65533"),
    ],
)
def test_bad_flags_fail_with_a_clear_message(executable, args, message):
    result = subprocess.run([str(BIN_DIR / executable), *args], capture_output=True, text=True, timeout=20)
    assert result.returncode != 0
    assert message in result.stderr


def test_a_taken_port_fails_with_a_clear_message(processes):
    gateway = Gateway()
    processes.append(gateway)
    result = subprocess.run(
        [str(BIN_DIR / "chat-gateway"), "--port", str(gateway.port)], capture_output=True, text=True, timeout=20
    )
    assert result.returncode != 0
    assert "Address already in use" in result.stderr


@pytest.mark.parametrize(
    ("executable", "expected"),
    [
        ("chat-gateway", ["--host", "--port", "--relay", "--max-message-bytes", "--rate", "--burst", "CHAT_RELAY", "CHAT_PORT"]),
        ("chat-relay", ["--host", "--port", "--replay-window", "CHAT_RELAY_PORT", "PORT+1", "PORT+2"]),
    ],
)
def test_help_documents_every_flag_and_variable(executable, expected):
    result = subprocess.run([str(BIN_DIR / executable), "--help"], capture_output=True, text=True, timeout=20)
    assert result.returncode == 0
    for word in expected:
        assert word in result.stdout

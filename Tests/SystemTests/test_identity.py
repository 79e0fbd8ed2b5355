"""Identity keys in the terminal (docs/PROTOCOL.md, "Identity (id1)"): the key file and its pins, and
what `chat` shows about the signatures of what it receives (names bound to keys: test_name_bindings.py). Each `chat` is a person of its own
(its own XDG_CONFIG_HOME, see harness/cli.py) unless a test passes an earlier one's `config`."""

import asyncio
import contextlib
import json
import os
import stat
import time

import pytest

from harness.cli import ChatCLI, identity_file, run_chat
from harness.identity import Identity, fingerprint, message_input, safety_number, verifies
from harness.processes import Relay
from harness.tampering import tampering_proxy
from harness.websocket import ChatClient


def pins_in(path) -> dict[str, tuple[str, str]]:
    """A pins file, as name → (key, state): one `NAME KEY seen|verified` line a name."""
    return {name: (key, state) for name, key, state in (line.split() for line in path.read_text().splitlines() if line.strip())}


def pins_of(config) -> dict[str, tuple[str, str]]:
    """The pins beside the identity of the person whose XDG_CONFIG_HOME is `config`."""
    return pins_in(identity_file(config).with_name("identity.pins"))


def wait_for_pin(config, name: str, key: str | None = None, timeout: float = 5) -> tuple[str, str]:
    """The pin for `name` (with `key`, if given) once the client has written it: (key, state)."""
    deadline = time.monotonic() + timeout
    pins = {}
    while time.monotonic() < deadline:
        try:
            pins = pins_of(config)
        except FileNotFoundError:
            pass
        if name in pins and key in (None, pins[name][0]):
            return pins[name]
        time.sleep(0.02)
    raise TimeoutError(f"no pin for {name} with key {key} within {timeout}s: {pins}")


# The key file.


def test_identity_and_chat_identity_name_the_key_file_and_its_pins_go_beside_it(gateway, processes, tmp_path):
    key_file = tmp_path / "keys" / "me"
    first = run_chat(gateway.url, "--name", "ida", "--identity", str(key_file), stdin_text="hi\n")
    assert first.returncode == 0, first.stderr
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert not identity_file(first.config).exists(), "the default file is not made"
    same = run_chat(gateway.url, "--name", "ida", stdin_text="the same person\n", env={"CHAT_IDENTITY": str(key_file)})
    assert (same.returncode, same.stderr) == (0, "")

    async def scenario():
        watcher = await ChatClient.join(gateway, "watcher")
        ida = ChatCLI(gateway.url, "--name", "ida", env={"CHAT_IDENTITY": str(key_file)})
        processes.append(ida)
        assert (await watcher.next_of("presence"))["key"] == Identity.of_file(key_file).key
        kay = await asyncio.to_thread(run_chat, gateway.url, "--name", "kay", stdin_text="hello ida\n")
        assert kay.returncode == 0, kay.stderr
        assert await asyncio.to_thread(ida.line) == "[lobby] kay: hello ida"
        ida.close_input()
        assert await asyncio.to_thread(ida.wait) == (0, "")
        return kay.config

    kay = asyncio.run(scenario())
    pins = key_file.with_name("me.pins")
    assert pins_in(pins)["kay"] == (Identity.of_file(identity_file(kay)).key, "seen")
    assert stat.S_IMODE(pins.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("content", "mode", "problem"),
    [
        ("garbage\n", 0o600, "does not hold an identity (a privchat-id1-secret: line)"),
        (f"privchat-id1-secret:{'A' * 43}\n", 0o644, "may be read or written by others (mode 644): chmod 600"),
    ],
)
def test_an_identity_file_that_is_not_one_or_that_others_may_read_is_refused(tmp_path, content, mode, problem):
    key_file = tmp_path / "identity"
    key_file.write_text(content)
    key_file.chmod(mode)
    result = run_chat("ws://127.0.0.1:1/ws", "--name", "x", "--identity", str(key_file), stdin_text="hi\n")
    assert result.returncode == 64
    assert result.stderr.startswith(f"chat: identity: {key_file} {problem}"), result.stderr
    assert result.stderr.endswith(" (or connect with --no-identity)\n") and result.stderr.count("\n") == 1, result.stderr


# What `chat` shows about signatures.


def tamper_with_transfers(frame: str) -> str:
    """Changes the text of every `message` about a transfer, keeping its `key` and `sig`."""
    parsed = json.loads(frame)
    if parsed.get("type") == "message" and parsed.get("text", "").startswith("transfer"):
        parsed["text"] = "transfer 1000 to mallory"
        return json.dumps(parsed)
    return frame


@contextlib.asynccontextmanager
async def bob_behind(gateway, tamper, processes):
    """`chat` as bob, connected to `gateway` through a proxy that passes what it sends bob through `tamper`."""
    server = await tampering_proxy(gateway.url, tamper)
    port = server.sockets[0].getsockname()[1]
    bob = ChatCLI(f"ws://127.0.0.1:{port}/ws", "--name", "bob")
    processes.append(bob)
    try:
        await asyncio.to_thread(gateway.wait_connections, 1)
        yield bob
    finally:
        bob.kill()  # before the proxy closes: its connection would otherwise hold the close up
        server.close()


def test_a_message_whose_text_was_changed_on_the_way_is_marked_invalid_and_never_verified(gateway, processes):
    async def scenario():
        async with bob_behind(gateway, tamper_with_transfers, processes) as bob:
            alice = ChatCLI(gateway.url, "--name", "alice")
            processes.append(alice)
            alice.send("hello bob")
            alice.send("transfer 10 to bob")
            alice.send("bye")
            lines = [await asyncio.to_thread(bob.line) for _ in range(3)]
            assert lines == ["[lobby] alice: hello bob", "[lobby] alice [invalid signature]: transfer 1000 to mallory", "[lobby] alice: bye"]
            wait_for_pin(bob.config, "alice", Identity.of_file(identity_file(alice.config)).key)  # the untouched messages pinned it
            alice.close_input()
            bob.close_input()
            assert await asyncio.to_thread(alice.wait) == (0, "")
            assert (await asyncio.to_thread(bob.wait))[0] == 0

    asyncio.run(scenario())


def drop_the_signature_of_orders(frame: str) -> str:
    """Changes every `message` that gives an order and removes its `sig`, keeping its `key`."""
    parsed = json.loads(frame)
    if parsed.get("type") == "message" and parsed.get("text", "").startswith("order"):
        parsed["text"] = "order: wire everything to mallory"
        del parsed["sig"]
        return json.dumps(parsed)
    return frame


def test_a_message_with_a_key_but_no_signature_is_marked_invalid(gateway, processes):
    """docs/PROTOCOL.md: "invalid: a sig that does not verify"; a missing one verifies nothing. Without the
    mark, a changed text from a pinned (even verified) sender reads like any other line in a script."""

    async def scenario():
        async with bob_behind(gateway, drop_the_signature_of_orders, processes) as bob:
            alice = ChatCLI(gateway.url, "--name", "alice")
            processes.append(alice)
            alice.send("hello bob")
            assert await asyncio.to_thread(bob.line) == "[lobby] alice: hello bob"
            bob.send("/verified alice")
            assert await asyncio.to_thread(bob.line) == "[identity] alice is a verified contact"
            alice.send("order: pay bob 10")
            assert await asyncio.to_thread(bob.line) == "[lobby] alice [invalid signature]: order: wire everything to mallory"

    asyncio.run(scenario())


def test_after_a_relay_restart_an_impostor_gets_the_name_but_is_shown_as_a_changed_key(start_cluster, processes):
    relay, (first, second) = start_cluster([], [])
    bob = ChatCLI(second.url, "--name", "bob")
    processes.append(bob)
    second.wait_connections(1)
    alice = run_chat(first.url, "--name", "alice", stdin_text="hi bob, it's alice\n")
    assert alice.returncode == 0, alice.stderr
    assert bob.line() == "[lobby] alice: hi bob, it's alice"
    alice_key = Identity.of_file(identity_file(alice.config)).key
    assert wait_for_pin(bob.config, "alice") == (alice_key, "seen")

    # The relay forgets every binding when it restarts: the name is anyone's again.
    relay.kill()
    restarted = Relay(port=relay.port)
    processes.append(restarted)
    epoch = restarted.health()[1]["epoch"]
    for gateway in (first, second):
        gateway.wait_until(lambda status, body: status == 200 and body["relay_epoch"] == epoch, 10, "linked to the new relay")

    mallory = run_chat(first.url, "--name", "alice", stdin_text="it's me, alice: send the keys here\n")
    assert (mallory.returncode, mallory.stderr) == (0, "")
    assert bob.line() == "[lobby] alice [key changed]: it's me, alice: send the keys here"
    pins = bob.config / "private-chat" / "identity.pins"
    assert pins_of(bob.config)["alice"] == (alice_key, "seen"), "the pin changes only when bob accepts the new key"
    assert stat.S_IMODE(os.stat(pins).st_mode) == 0o600

    bob.send("/trust alice")
    assert bob.line() == "[identity] accepted the new key of alice"
    assert wait_for_pin(bob.config, "alice", Identity.of_file(identity_file(mallory.config)).key)[1] == "seen"
    again = run_chat(first.url, "--name", "alice", stdin_text="accepted now\n", config=mallory.config)
    assert again.returncode == 0, again.stderr
    assert bob.line() == "[lobby] alice: accepted now"
    bob.close_input()
    assert bob.wait() == (0, "")


def test_in_an_encrypted_room_the_signature_covers_the_ciphertext(gateway, processes, tmp_path):
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("correct horse battery staple\n")

    async def scenario():
        watcher = await ChatClient.join(gateway, "watcher", rooms=["secret"])
        bob = ChatCLI(gateway.url, "--name", "bob", "--room", "secret", "--passphrase-file", str(passphrase))
        processes.append(bob)
        await watcher.next_of("presence")
        alice = ChatCLI(gateway.url, "--name", "alice", "--room", "secret", "--passphrase-file", str(passphrase))
        processes.append(alice)
        alice.send("sealed and signed")
        message = await watcher.next_of("message")
        assert message["text"].startswith("e2e2:") and "sealed" not in message["text"]
        assert message["key"] == Identity.of_file(identity_file(alice.config)).key
        assert verifies(message["key"], message["sig"], message_input("message", "secret", message["id"], message["text"]))
        assert await asyncio.to_thread(bob.line, 20) == "[secret] alice: sealed and signed"
        for cli in (alice, bob):
            cli.close_input()
            assert await asyncio.to_thread(cli.wait) == (0, "")

    asyncio.run(scenario())


def test_a_member_who_has_not_said_anything_can_be_verified_from_the_rooms_snapshot(gateway, processes):
    """The welcome's snapshot lists the members' keys: a newcomer pins them and can compare safety
    numbers with someone who never spoke."""

    async def scenario():
        watcher = await ChatClient.join(gateway, "watcher")
        quiet = ChatCLI(gateway.url, "--name", "quiet")
        processes.append(quiet)
        quiet_key = (await watcher.next_of("presence"))["key"]  # quiet is in the room before the newcomer comes
        newcomer = ChatCLI(gateway.url, "--name", "newcomer")
        processes.append(newcomer)
        assert await asyncio.to_thread(wait_for_pin, newcomer.config, "quiet") == (quiet_key, "seen")
        newcomer.send("/verify quiet")
        line = await asyncio.to_thread(newcomer.line)
        newcomer_key = Identity.of_file(identity_file(newcomer.config)).key
        assert line == f"[identity] safety number with quiet (key {fingerprint(quiet_key)}): {safety_number(quiet_key, newcomer_key)}"
        await watcher.close()

    asyncio.run(scenario())

"""Names that belong to identity keys (docs/PROTOCOL.md, "Names belong to keys"), as `chat`, seed
clients and the relay's restarts, failovers and limits show them. Each `chat` is a person of its own
(its own XDG_CONFIG_HOME, see harness/cli.py) unless a test passes an earlier one's `config`."""

import asyncio
import stat
import time

from harness.cli import ChatCLI, identity_file, run_chat
from harness.identity import Identity
from harness.processes import Gateway, Relay, RelayPair
from harness.websocket import ChatClient, Client


def bound_refusal(name: str, suggestion: str) -> str:
    """What `chat` writes on stderr when `name` belongs to another key."""
    return f'chat: the name "{name}" belongs to another person\'s identity key; try "{suggestion}" (run again with --name {suggestion})\n'


def test_a_name_is_refused_to_another_persons_key_and_given_back_to_its_own(gateway):
    alice = run_chat(gateway.url, "--name", "alice", stdin_text="it is me\n")
    assert alice.returncode == 0, alice.stderr

    impostor = run_chat(gateway.url, "--name", "alice", stdin_text="it is me, honest\n")
    assert impostor.config != alice.config
    assert (impostor.returncode, impostor.stderr) == (67, bound_refusal("alice", "alice2"))
    shouting = run_chat(gateway.url, "--name", "ALICE", stdin_text="it is me, honest\n", config=impostor.config)
    assert (shouting.returncode, shouting.stderr) == (67, bound_refusal("ALICE", "ALICE2")), "whatever its case"

    again = run_chat(gateway.url, "--name", "alice", stdin_text="back again\n", config=alice.config)
    assert (again.returncode, again.stderr) == (0, "")
    key = identity_file(alice.config)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and key.read_text().startswith("privchat-id1-secret:")


def test_a_name_bound_on_one_gateway_is_refused_on_another_of_the_same_relay(start_cluster):
    _, (first, second) = start_cluster([], [])
    alice = run_chat(first.url, "--name", "alice", stdin_text="on the first gateway\n")
    assert alice.returncode == 0, alice.stderr

    impostor = run_chat(second.url, "--name", "Alice", stdin_text="on the second\n")
    assert impostor.returncode == 67
    assert "belongs to another person's identity key" in impostor.stderr

    again = run_chat(second.url, "--name", "alice", stdin_text="me, on the second gateway\n", config=alice.config)
    assert (again.returncode, again.stderr) == (0, "")


def test_a_binding_survives_the_failover_to_the_backup_relay(processes):
    pair = RelayPair()
    processes.extend(pair.processes)
    pair.wait_states("active", "passive")
    gateway = pair.gateway()
    processes.append(gateway)
    gateway.wait_healthy()
    alice = run_chat(gateway.url, "--name", "alice", stdin_text="bound on the primary\n")
    assert alice.returncode == 0, alice.stderr

    pair.primary.kill()
    gateway.wait_for_log("moving to the other relay", timeout=5)
    gateway.wait_healthy()
    pair.wait_states(None, "active")
    impostor = run_chat(gateway.url, "--name", "alice", stdin_text="the backup does not know you\n")
    assert impostor.returncode == 67 and "belongs to another person's identity key" in impostor.stderr, (impostor.returncode, impostor.stderr)
    again = run_chat(gateway.url, "--name", "alice", stdin_text="the backup knows me\n", config=alice.config)
    assert (again.returncode, again.stderr) == (0, "")


def test_past_max_name_bindings_the_least_recently_used_name_is_forgotten_first(processes):
    gateway = gateway_of_a_relay(processes, "--max-name-bindings", "2")
    owners = {}
    for name in ("ann", "ben", "ann", "cat"):  # ann used again after ben: ben is the least recently used
        result = run_chat(gateway.url, "--name", name, stdin_text="hi\n", config=owners.get(name))
        assert result.returncode == 0, (name, result.stderr)
        owners[name] = result.config
    for name in ("ann", "cat"):
        refused = run_chat(gateway.url, "--name", name, stdin_text="hi\n")
        assert refused.returncode == 67, (name, refused.stderr)
    assert run_chat(gateway.url, "--name", "ben", stdin_text="ben was forgotten\n").returncode == 0


def test_clients_without_a_key_are_refused_a_bound_name_and_keep_their_unbound_ones(gateway, processes):
    alice = run_chat(gateway.url, "--name", "alice", stdin_text="hi\n")
    assert alice.returncode == 0, alice.stderr

    async def scenario():
        seed = await Client.join(gateway, "alice")
        assert await seed.next() == 'error: the name "alice" belongs to another person\'s identity key; try "alice2"'
        close = await seed.closed()
        assert close is not None and close.code == 1008

        keyless = await asyncio.to_thread(run_chat, gateway.url, "--name", "alice", "--no-identity", stdin_text="hi\n")
        assert (keyless.returncode, keyless.stderr) == (67, bound_refusal("alice", "alice2"))

        watcher = await ChatClient.join(gateway, "watcher")
        bob = ChatCLI(gateway.url, "--name", "bob")
        processes.append(bob)
        # In the room, not just connected: its hello, proof and welcome come first (CI once lost that race).
        while (await watcher.next_of("presence"))["name"] != "bob":
            pass
        pete = await Client.join(gateway, "pete")
        await pete.say("from the seed's client")
        assert await asyncio.to_thread(bob.line) == "[lobby] pete: from the seed's client", "an unsigned sender: no mark in scripts"
        unsigned = await asyncio.to_thread(run_chat, gateway.url, "--name", "nokey", "--no-identity", stdin_text="from a chat without a key\n")
        assert unsigned.returncode == 0, unsigned.stderr
        assert await asyncio.to_thread(bob.line) == "[lobby] nokey: from a chat without a key"
        await pete.close()
        bob.close_input()
        assert await asyncio.to_thread(bob.wait) == (0, "")

    asyncio.run(scenario())

    # A name used without a key was never bound: once free, anyone's key may take it.
    taken = run_chat(gateway.url, "--name", "pete", stdin_text="now pete has a key\n")
    assert (taken.returncode, taken.stderr) == (0, "")


def test_nick_moves_the_binding_to_the_new_name_and_frees_the_old_one(gateway, processes):
    async def scenario():
        watcher = await ChatClient.join(gateway, "watcher")
        alice = ChatCLI(gateway.url, "--name", "alice")
        processes.append(alice)
        joined = await watcher.next_of("presence")
        key = Identity.of_file(identity_file(alice.config)).key
        assert (joined["event"], joined["name"], joined.get("key")) == ("joined", "alice", key)
        alice.send("/nick alice2")
        renamed = await watcher.next_of("presence")
        assert (renamed["event"], renamed["from"], renamed["name"], renamed.get("key")) == ("renamed", "alice", "alice2", key)

        other = await asyncio.to_thread(run_chat, gateway.url, "--name", "alice", stdin_text="the old name is free\n")
        assert (other.returncode, other.stderr) == (0, "")
        while_there = await asyncio.to_thread(run_chat, gateway.url, "--name", "alice2", stdin_text="hi\n")
        assert while_there.returncode == 67 and "alice2" in while_there.stderr, while_there.stderr

        alice.close_input()
        assert await asyncio.to_thread(alice.wait) == (0, "")
        return alice.config, other.config

    alice, other = asyncio.run(scenario())
    stranger = run_chat(gateway.url, "--name", "alice2", stdin_text="hi\n")
    assert stranger.returncode == 67 and "belongs to another person's identity key" in stranger.stderr, stranger.stderr
    assert run_chat(gateway.url, "--name", "alice2", stdin_text="still mine\n", config=alice).returncode == 0
    back = run_chat(gateway.url, "--name", "alice", stdin_text="mine again?\n", config=alice)
    assert back.returncode == 67, "the old name went to whoever took it next"
    assert run_chat(gateway.url, "--name", "alice", stdin_text="mine now\n", config=other).returncode == 0


def test_the_names_of_connected_clients_are_bound_again_at_a_restarted_relay(processes):
    relay = Relay()
    processes.append(relay)
    gateway = Gateway(relay)
    processes.append(gateway)
    gateway.wait_healthy()
    alice = ChatCLI(gateway.url, "--name", "alice")
    processes.append(alice)
    gateway.wait_connections(1)
    relay.kill()
    restarted = Relay(port=relay.port)
    processes.append(restarted)
    epoch = restarted.health()[1]["epoch"]
    gateway.wait_until(lambda status, body: status == 200 and body["relay_epoch"] == epoch, 10, "linked to the new relay")
    alice.send("still here")
    alice.close_input()
    assert alice.wait() == (0, "")
    impostor = run_chat(gateway.url, "--name", "alice", stdin_text="gone, so mine?\n")
    assert impostor.returncode == 67 and "belongs to another person's identity key" in impostor.stderr, impostor.stderr


def gateway_of_a_relay(processes, *relay_options: str) -> Gateway:
    """A healthy gateway linked to a relay of its own, started with `relay_options`."""
    relay = Relay(extra=list(relay_options))
    processes.append(relay)
    gateway = Gateway(relay)
    processes.append(gateway)
    gateway.wait_healthy()
    return gateway


def test_a_binding_lasts_its_ttl_from_the_last_use_not_from_the_first(processes):
    gateway = gateway_of_a_relay(processes, "--name-binding-ttl", "2")
    alice = ChatCLI(gateway.url, "--name", "alice")
    processes.append(alice)
    gateway.wait_connections(1)
    time.sleep(3)  # connected for longer than the ttl: the binding is in use all along
    alice.close_input()
    assert alice.wait() == (0, "")
    impostor = run_chat(gateway.url, "--name", "alice", stdin_text="is it free?\n")
    assert impostor.returncode == 67, "bound for the ttl after alice left"


def test_a_binding_is_forgotten_after_its_ttl_and_the_next_key_is_shown_as_changed(processes):
    gateway = gateway_of_a_relay(processes, "--name-binding-ttl", "2")
    bob = ChatCLI(gateway.url, "--name", "bob")
    processes.append(bob)
    gateway.wait_connections(1)
    alice = run_chat(gateway.url, "--name", "alice", stdin_text="hi\n")
    assert alice.returncode == 0, alice.stderr
    assert bob.line() == "[lobby] alice: hi"
    refused = run_chat(gateway.url, "--name", "alice", stdin_text="too soon\n")
    assert refused.returncode == 67, "bound for two seconds after its last use"

    deadline = time.monotonic() + 5
    while (taken := run_chat(gateway.url, "--name", "alice", stdin_text="mine now\n", config=refused.config)).returncode == 67:
        assert time.monotonic() < deadline, "the binding outlived its ttl by seconds"
        time.sleep(0.2)
    assert (taken.returncode, taken.stderr) == (0, "")
    assert bob.line() == "[lobby] alice [key changed]: mine now"

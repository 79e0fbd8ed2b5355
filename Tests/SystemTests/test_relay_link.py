"""The relay link under attack, from bare pyzmq sockets on the relay's real ports (docs/PROTOCOL.md,
"Security of the relay link"): CurveZMQ keeps out whoever lacks the cluster's key, and the relay binds
each gateway's origin to the connections that prove it, so even a holder of the key speaks only for itself."""

import asyncio
import time

import zmq

from harness.processes import STATE_DIR, Gateway, Relay, RelayPair
from harness.relay_link import ClusterKeys, Socket, Stranger, envelope, random_routing_id
from harness.websocket import ChatClient

SECRET = "text-only-the-room-may-read-7f3a"


def publisher(relay: Relay) -> str:
    return f"tcp://127.0.0.1:{relay.port + 1}"


async def alice_and_bob(gateway: Gateway) -> tuple[ChatClient, ChatClient]:
    alice = await ChatClient.join(gateway, "alice")
    bob = await ChatClient.join(gateway, "bob")
    await alice.next_of("presence")  # bob joined: both are in the lobby
    return alice, bob


def test_the_key_file_is_made_on_first_start_for_its_owner_alone(start_cluster):
    start_cluster([])
    key = STATE_DIR / "relay-link.key"
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert oct(STATE_DIR.stat().st_mode & 0o777) == "0o700"


def test_a_subscriber_without_the_key_reads_nothing_and_one_with_it_reads_the_stream(start_cluster):
    relay, (gateway,) = start_cluster([])
    strangers = [Socket(zmq.SUB, publisher(relay)), Socket(zmq.SUB, publisher(relay), Stranger(ClusterKeys(STATE_DIR)))]
    member = Socket(zmq.SUB, publisher(relay), ClusterKeys(STATE_DIR))

    async def chat():
        alice, bob = await alice_and_bob(gateway)
        for _ in range(5):
            await alice.say(SECRET)
            await bob.next_of("message")

    time.sleep(0.5)  # the sockets' handshakes (or their refusal) are done before anything is said
    asyncio.run(chat())
    for stranger in strangers:
        assert stranger.received(within=1) == [], "a socket without the cluster's key read the relay's stream"
    assert any(SECRET.encode() in frame for frame in member.received(within=1)), "the key holder (the check's control) saw nothing"


def forged_origins(gateway: Gateway) -> list[tuple[int, int]]:
    """The origins of a gateway's first connections: its id is on /healthz (and in the relay's stream),
    its connections are numbered from 1."""
    victim = int(gateway.health()[1]["gateway"], 16)
    return [(victim, connection) for connection in range(1, 6)]


def test_a_dealer_without_the_key_gets_nothing_accepted(start_cluster):
    relay, (gateway,) = start_cluster([])

    async def attack():
        alice, bob = await alice_and_bob(gateway)
        for keys in (None, Stranger(ClusterKeys(STATE_DIR))):
            attacker = Socket(zmq.DEALER, f"tcp://127.0.0.1:{relay.port}", keys, routing_id=random_routing_id())
            for number, origin in enumerate(forged_origins(gateway)):
                attacker.send(envelope("say", *origin, room="lobby", sender="alice", client_message_id=f"x{number}", payload=b"FORGED"))
            attacker.send(envelope("release", forged_origins(gateway)[0][0], 0))
            assert attacker.received(within=0.5) == []
            attacker.close()
        await alice.say("still here")
        assert (await bob.next_of("message"))["text"] == "still here", "a forged say arrived, or alice was released"

    asyncio.run(attack())
    assert relay.metric("relay_link_handshakes_refused_total") >= 1, "the stranger's handshake was never put to the ZAP handler"


def test_a_holder_of_the_key_cannot_speak_for_another_gateway_nor_take_its_replies(start_cluster):
    relay, (gateway,) = start_cluster([])
    origins = forged_origins(gateway)
    victim = origins[0][0]

    async def attack():
        alice, bob = await alice_and_bob(gateway)
        insider = Socket(zmq.DEALER, f"tcp://127.0.0.1:{relay.port}", ClusterKeys(STATE_DIR), routing_id=random_routing_id())
        # Take the victim's reply route, speak as alice, release every user of the victim gateway.
        insider.send(envelope("gatewayHeartbeat", victim))
        insider.send(envelope("hello", victim))
        for number, origin in enumerate(origins):
            insider.send(envelope("say", *origin, room="lobby", sender="alice", client_message_id=f"x{number}", payload=b"FORGED"))
        insider.send(envelope("release", victim, 0))
        time.sleep(0.3)
        # The victim's users still talk, and its replies (an ack, a direct message) still reach it, not the insider.
        await alice.send({"type": "dm", "id": "d1", "to": "bob", "text": "just for you"})
        assert (await bob.next_of("dm"))["text"] == "just for you"
        while (await alice.next_of("ack"))["id"] != "d1":
            pass  # the acks of alice's earlier says come first
        await alice.say("after the attack")
        assert (await bob.next_of("message"))["text"] == "after the attack", "the forged say or release took effect"
        stolen = insider.received(within=0.5)
        assert not any(b"just for you" in frame for frame in stolen), "the insider got the victim gateway's replies"
        insider.close()

    asyncio.run(attack())
    assert relay.metric("relay_forged_origins_total") >= 4


def test_many_strangers_at_once_are_all_refused_and_the_chat_goes_on(start_cluster):
    relay, (gateway,) = start_cluster([])
    cluster = ClusterKeys(STATE_DIR)
    strangers = [Socket(zmq.DEALER, f"tcp://127.0.0.1:{relay.port}", Stranger(cluster), routing_id=random_routing_id()) for _ in range(50)]
    for stranger in strangers:
        stranger.send(envelope("hello", 1))

    async def chat():
        alice, bob = await alice_and_bob(gateway)
        await alice.say("undisturbed")
        assert (await bob.next_of("message"))["text"] == "undisturbed"

    asyncio.run(chat())
    deadline = time.monotonic() + 10
    while relay.metric("relay_link_handshakes_refused_total") < 50 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert relay.metric("relay_link_handshakes_refused_total") >= 50
    assert all(stranger.received(within=0.01) == [] for stranger in strangers)
    for stranger in strangers:
        stranger.close()
    assert gateway.health()[1]["relay"] == "up"


def test_the_pair_link_refuses_a_relay_without_the_key():
    pair = RelayPair()
    try:
        pair.wait_states("active", "passive")
        # Strangers posing as the primary on the backup's peer port: a state report saying "active"
        # would make it stop as split brain, if it were heard.
        for keys in (None, Stranger(ClusterKeys(STATE_DIR))):
            fake = Socket(zmq.DEALER, f"tcp://127.0.0.1:{pair.backup_port + 3}", keys)
            fake.send(envelope("peerState", 0, payload=b"\x02" + b"\xff" * 8))
            time.sleep(0.5)
            fake.close()
        assert pair.backup.metric("relay_link_handshakes_refused_total") >= 1
        pair.wait_states("active", "passive")
    finally:
        for relay in pair.processes:
            relay.kill()

"""Identity keys on the wire (docs/PROTOCOL.md, "Identity (id1)"): a hello proves its key, every message
of a proven connection is signed, and what others receive carries the key and a signature that
verifies. Keys and signatures are made here with Python's `cryptography` (harness/identity.py)."""

import asyncio

import pytest

from harness.identity import Identity, SigningClient, b64url, hello_input, message_input, unb64url, verifies
from harness.processes import Gateway
from harness.websocket import ChatClient


async def challenged(gateway: Gateway, name: str, identity: Identity) -> tuple[ChatClient, bytes]:
    """A connection that said hello with `identity`'s key; returns it and the challenge's nonce."""
    client = await ChatClient.open(gateway)
    await client.send({"type": "hello", "name": name, "key": identity.key})
    challenge = await client.next()
    assert challenge["type"] == "challenge", challenge
    nonce = unb64url(challenge["nonce"])
    assert len(nonce) == 32
    return client, nonce


async def assert_silent(client: ChatClient, timeout: float = 0.3) -> None:
    """Nothing more arrives for `client` (no welcome after a refused proof, no message that was refused)."""
    with pytest.raises(asyncio.TimeoutError):
        frame = await client.next(timeout)
        raise AssertionError(f"unexpected frame {frame}")


def test_a_proof_that_does_not_verify_gets_bad_proof_and_spends_the_challenge(gateway):
    async def scenario():
        alice = Identity()
        client, nonce = await challenged(gateway, "alice", alice)
        await client.send({"type": "prove", "signature": Identity().sign(hello_input(nonce, "alice"))})
        assert (await client.next())["code"] == "bad_proof", "signed with another key"
        await client.send({"type": "prove", "signature": alice.sign(hello_input(nonce, "alice"))})
        assert (await client.next())["code"] == "bad_proof", "the challenge was spent"
        await client.send({"type": "who", "id": "w", "room": "lobby"})
        assert (await client.next())["code"] == "not_ready", "no welcome"

        await client.send({"type": "hello", "name": "alice", "key": alice.key})
        challenge = await client.next()
        assert unb64url(challenge["nonce"]) != nonce, "a new hello gets a new nonce"
        await client.send({"type": "prove", "signature": alice.sign(hello_input(unb64url(challenge["nonce"]), "Alice"))})
        assert (await client.next())["code"] == "bad_proof", "the proof covers the name of the hello"
        await client.send({"type": "hello", "name": "alice", "key": alice.key})
        challenge = await client.next()
        await client.send({"type": "prove", "signature": alice.sign(hello_input(unb64url(challenge["nonce"]), "alice"))})
        welcome = await client.next()
        assert (welcome["type"], welcome["name"], welcome["key"]) == ("welcome", "alice", alice.key)

    asyncio.run(scenario())


def test_a_new_hello_replaces_the_challenge(gateway):
    async def scenario():
        alice = Identity()
        client, first = await challenged(gateway, "alice", alice)
        await client.send({"type": "hello", "name": "alice", "key": alice.key})
        second = unb64url((await client.next())["nonce"])
        assert second != first
        await client.send({"type": "prove", "signature": alice.sign(hello_input(first, "alice"))})
        assert (await client.next())["code"] == "bad_proof", "the first challenge was replaced"

    asyncio.run(scenario())


def test_a_recorded_proof_replayed_on_another_connection_proves_nothing(gateway):
    async def scenario():
        alice = Identity()
        recorded, nonce = await challenged(gateway, "alice", alice)
        proof = {"type": "prove", "signature": alice.sign(hello_input(nonce, "alice"))}
        await recorded.send(proof)
        assert (await recorded.next())["type"] == "welcome"
        await recorded.close()
        await asyncio.to_thread(gateway.wait_connections, 0)

        replay = await ChatClient.open(gateway)
        await replay.send({"type": "hello", "name": "alice", "key": alice.key})
        challenge = await replay.next()
        assert challenge["type"] == "challenge" and unb64url(challenge["nonce"]) != nonce
        await replay.send(proof)
        error = await replay.next()
        assert (error["type"], error["code"]) == ("error", "bad_proof")
        await assert_silent(replay)

    asyncio.run(scenario())


def test_prove_without_a_challenge_gets_bad_proof(gateway):
    async def scenario():
        client = await ChatClient.open(gateway)
        await client.send({"type": "prove", "signature": b64url(bytes(64))})
        assert (await client.next())["code"] == "bad_proof"
        await client.send({"type": "hello", "name": "keyless"})
        assert (await client.next())["type"] == "welcome", "a hello without a key needs no proof"
        await client.send({"type": "prove", "signature": b64url(bytes(64))})
        assert (await client.next())["code"] == "bad_proof", "nor after a welcome"

    asyncio.run(scenario())


@pytest.mark.parametrize("key", [b64url(bytes(31)), b64url(bytes(33)), "not a key at all", ""])
def test_a_key_that_is_not_32_bytes_is_a_bad_request(gateway, key):
    async def scenario():
        client = await ChatClient.open(gateway)
        await client.send({"type": "hello", "name": "alice", "key": key})
        error = await client.next()
        assert (error["type"], error["code"]) == ("error", "bad_request"), error
        await assert_silent(client)

    asyncio.run(scenario())


def test_frames_before_the_welcome_get_not_ready_while_the_challenge_is_open(gateway):
    async def scenario():
        watcher = await ChatClient.join(gateway, "watcher")
        alice = Identity()
        client, nonce = await challenged(gateway, "alice", alice)
        text = "before the proof"
        frames = [
            {"type": "say", "id": "s", "room": "lobby", "text": text, "sig": alice.sign(message_input("message", "lobby", "s", text))},
            {"type": "dm", "id": "d", "to": "watcher", "text": text, "sig": alice.sign(message_input("dm", "watcher", "d", text))},
            {"type": "join", "id": "j", "room": "dev"},
            {"type": "who", "id": "w", "room": "lobby"},
        ]
        for frame in frames:
            await client.send(frame)
            error = await client.next()
            assert (error["type"], error["code"], error.get("id")) == ("error", "not_ready", frame["id"]), error
        await assert_silent(watcher)
        await client.send({"type": "prove", "signature": alice.sign(hello_input(nonce, "alice"))})
        assert (await client.next())["type"] == "welcome", "the challenge survived the refused frames"

    asyncio.run(scenario())


def test_a_proven_connection_must_sign_and_what_it_signed_for_something_else_fails_at_every_receiver(gateway):
    """The gateway refuses a message without a signature; it does not verify one (receivers do), and
    the key it attaches is the one the connection proved, so nothing it forwards verifies as anyone's
    but what the sender really signed."""

    async def scenario():
        watcher = await ChatClient.join(gateway, "watcher")
        alice = await SigningClient.prove(gateway.url, "alice")
        await watcher.next_of("presence")
        refused = [
            {"type": "say", "id": "a1", "room": "lobby", "text": "unsigned"},
            {"type": "say", "id": "a7", "room": "lobby", "text": "garbage", "sig": "not a signature"},
            {"type": "say", "id": "a11", "room": "lobby", "text": "too short", "sig": "AAAA"},
            {"type": "dm", "id": "a10", "to": "watcher", "text": "unsigned dm"},
        ]
        for frame in refused:
            await alice.send(frame)
            error = await alice.next()
            assert (error["type"], error["code"], error.get("id")) == ("error", "bad_signature", frame["id"]), (frame, error)
        await assert_silent(watcher)

        other = Identity()
        forged = [
            {"type": "say", "id": "a2", "room": "lobby", "text": "this text", "sig": alice.signed("message", "lobby", "a2", "another text")},
            {"type": "say", "id": "a3", "room": "lobby", "text": "other room", "sig": alice.signed("message", "dev", "a3", "other room")},
            {"type": "say", "id": "a4", "room": "lobby", "text": "other id", "sig": alice.signed("message", "lobby", "a0", "other id")},
            {"type": "say", "id": "a5", "room": "lobby", "text": "an action's", "sig": alice.signed("action", "lobby", "a5", "an action's")},
            {"type": "say", "id": "a6", "room": "lobby", "text": "other key", "sig": other.sign(message_input("message", "lobby", "a6", "other key"))},
            {"type": "action", "id": "a8", "room": "lobby", "text": "a say's", "sig": alice.signed("message", "lobby", "a8", "a say's")},
            {"type": "dm", "id": "a9", "to": "watcher", "text": "for someone else", "sig": alice.signed("dm", "bob", "a9", "for someone else")},
        ]
        for frame in forged:
            await alice.send(frame)
            received = await watcher.next_of("message", "action", "dm")
            kind, scope = received["type"], ("watcher" if received["type"] == "dm" else received["room"])
            assert (received["id"], received["key"]) == (frame["id"], alice.identity.key), received
            assert not verifies(received["key"], received["sig"], message_input(kind, scope, received["id"], received["text"])), received

        await alice.say("properly signed", id="ok")
        message = await watcher.next_of("message")
        assert verifies(message["key"], message["sig"], message_input("message", "lobby", "ok", "properly signed"))

    asyncio.run(scenario())


def test_what_a_proven_client_sends_reaches_others_with_its_key_and_a_signature_that_verifies(gateway):
    async def scenario():
        watcher = await ChatClient.join(gateway, "watcher")
        alice = await SigningClient.prove(gateway.url, "alice")
        assert alice.welcome["key"] == alice.identity.key
        joined = await watcher.next_of("presence")
        assert (joined["event"], joined["name"], joined["key"]) == ("joined", "alice", alice.identity.key)

        await alice.say("hello, signed")
        await alice.say("waves", action=True)
        await alice.dm("Watcher", "just for you")
        # A dm takes the relay's direct route and may overtake the room's two: match them by type.
        received = {frame["type"]: frame for frame in [await watcher.next_of("message", "action", "dm") for _ in range(3)]}
        for kind, scope in [("message", "lobby"), ("action", "lobby"), ("dm", "watcher")]:
            frame = received[kind]
            assert frame["key"] == alice.identity.key, frame
            assert verifies(frame["key"], frame["sig"], message_input(kind, scope, frame["id"], frame["text"])), frame
            assert len(frame["sig"]) == 86

        # What the relay keeps carries them too: a newcomer can check the history it is given.
        newcomer = await ChatClient.join(gateway, "newcomer")
        history = newcomer.welcome["rooms"][0]["history"]
        assert [(m["type"], m["text"], m.get("key")) for m in history] == [("message", "hello, signed", alice.identity.key), ("action", "waves", alice.identity.key)]
        for message in history:
            assert verifies(message["key"], message["sig"], message_input(message["type"], "lobby", message["id"], message["text"]))

        assert (await watcher.next_of("presence"))["name"] == "newcomer"
        await alice.send({"type": "rename", "id": "r", "name": "alicia"})
        renamed = await watcher.next_of("presence")
        assert (renamed["event"], renamed["from"], renamed["name"], renamed["key"]) == ("renamed", "alice", "alicia", alice.identity.key)

    asyncio.run(scenario())


def test_a_key_proven_for_one_name_cannot_take_a_name_bound_to_another(gateway):
    async def scenario():
        alice = await SigningClient.prove(gateway.url, "alice")
        await alice.close()
        await asyncio.to_thread(gateway.wait_connections, 0)
        mallory = Identity()
        client = await ChatClient.open(gateway)
        await client.send({"type": "hello", "name": "ALICE", "key": mallory.key})
        frame = await client.next()
        if frame["type"] == "challenge":  # the gateway may check the proof before asking the relay
            await client.send({"type": "prove", "signature": mallory.sign(hello_input(unb64url(frame["nonce"]), "ALICE"))})
            frame = await client.next()
        assert frame == {
            "type": "error",
            "code": "name_bound",
            "message": 'the name "ALICE" belongs to another person\'s identity key; try "ALICE2"',
            "suggestion": "ALICE2",
        }
        again = await SigningClient.prove(gateway.url, "Alice", identity=alice.identity)
        assert again.name == "Alice", "the key that holds it may take it in any case"

    asyncio.run(scenario())


def test_a_session_id_alone_does_not_take_over_a_name_bound_to_a_key(gateway):
    async def scenario():
        alice = await SigningClient.prove(gateway.url, "alice")
        session = alice.welcome["session"]
        keyless = await ChatClient.open(gateway)
        await keyless.send({"type": "hello", "name": "alice", "session": session})
        assert (await keyless.next())["code"] == "name_bound"
        mallory = Identity()  # proves her own key, not alice's
        thief = await ChatClient.open(gateway)
        await thief.send({"type": "hello", "name": "alice", "session": session, "key": mallory.key})
        challenge = await thief.next()
        await thief.send({"type": "prove", "signature": mallory.sign(hello_input(unb64url(challenge["nonce"]), "alice"))})
        assert (await thief.next())["code"] == "name_bound"
        await alice.say("still connected")
        assert (await alice.next_of("ack"))["type"] == "ack", "alice's connection was not taken over"

        # Her key with her session takes over, as any resume does.
        again = await SigningClient.prove(gateway.url, "alice", identity=alice.identity, session=session)
        assert again.welcome["session"] == session
        assert (await alice.closed()).code == 4001

    asyncio.run(scenario())


def test_a_key_and_sig_sent_by_a_client_without_a_key_are_not_forwarded_as_its_identity(gateway):
    async def scenario():
        watcher = await ChatClient.join(gateway, "watcher")
        alice = Identity()
        eve = await ChatClient.join(gateway, "eve")
        await watcher.next_of("presence")
        text = "signed by alice, honest"
        await eve.send({"type": "say", "id": "e1", "room": "lobby", "text": text, "key": alice.key, "sig": alice.sign(message_input("message", "lobby", "e1", text))})
        assert (await eve.next_of("ack"))["id"] == "e1"
        message = await watcher.next_of("message")
        assert (message["from"], message["text"]) == ("eve", text)
        assert "key" not in message and "sig" not in message, "the gateway attaches only a key it saw proven"

    asyncio.run(scenario())


def test_a_rename_onto_a_name_bound_to_another_key_is_refused(gateway):
    async def scenario():
        bob = await SigningClient.prove(gateway.url, "bob")
        await bob.close()
        await asyncio.to_thread(gateway.wait_connections, 0)
        alice = await SigningClient.prove(gateway.url, "alice")
        keyless = await ChatClient.join(gateway, "keyless")
        for client in (alice, keyless):
            await client.send({"type": "rename", "id": "r", "name": "Bob"})
            error = await client.next_of("error")
            assert (error["code"], error["id"]) == ("name_bound", "r"), error
        await alice.send({"type": "rename", "id": "r2", "name": "alicia"})
        assert (await alice.next_of("renamed"))["name"] == "alicia"

    asyncio.run(scenario())

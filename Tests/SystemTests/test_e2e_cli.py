"""`chat` and end-to-end encrypted rooms (docs/PROTOCOL.md, "End-to-end encryption (e2e2)"): a room
encrypted with a random key, entered from its invite link, read by its members and by nobody else.

Real `chat` processes against a real gateway; a raw protocol v1 client reads the room as the server
keeps it, and the gateway's most verbose log is searched for anything secret. Rotation:
test_e2e_cli_rotation.py; replayed and moved texts: test_e2e_cli_tampering.py; direct messages:
test_e2e_cli_direct.py; passphrase rooms: test_e2e_cli_passphrase.py; the keyring: test_e2e_cli_keyring.py.
"""

import asyncio

import pytest

from harness.cli import ChatCLI, run_chat
from harness.e2e import fingerprint, invite_parts, key_id, prefix, sealed_key_id, share_proves, share_recipients
from harness.encrypted_room import Observer, create_room, next_frame, wait_line
from harness.identity import unb64url
from harness.processes import Gateway
from harness.websocket import ChatClient
from test_cli_access_key import ACCESS_KEY, keyed_gateway  # noqa: F401 (a fixture)

# Distinctive enough that finding one anywhere means it leaked.
SECRETS = ["meet at noon by the old mill", "bring the blue folder", "waves the secret handshake"]


@pytest.fixture
def gateway(processes):
    """An embedded gateway logging everything it can (--log-level trace) to its log file."""
    gateway = Gateway(extra=["--log-level", "trace"])
    processes.append(gateway)
    gateway.wait_healthy()
    return gateway


def test_two_clis_read_a_room_made_from_an_invite_link_and_the_server_sees_only_ciphertext(gateway, processes):
    async def scenario() -> str:
        watcher = await Observer.join(gateway)
        amy, link = await asyncio.to_thread(create_room, gateway.url)
        processes.append(amy)
        parts = invite_parts(link)
        room_key = unb64url(parts["roomkey"])
        assert link.startswith(f"http://127.0.0.1:{gateway.port}/#") and parts["room"] == "secret" and "key" not in parts
        assert len(room_key) == 32

        bob = ChatCLI(link, "--name", "bob")
        cy = ChatCLI(link, "--name", "cy", "--json")
        processes.extend([bob, cy])
        told = await asyncio.to_thread(next_frame, cy, "room_key", room="secret")
        assert told == {"type": "room_key", "room": "secret", "change": "encrypted", "fingerprint": fingerprint(room_key)}
        await watcher.joined("amy", "bob", "cy")

        amy.send(SECRETS[0])
        assert await asyncio.to_thread(wait_line, bob, lambda line: "amy" in line) == f"[secret] amy: {SECRETS[0]}"
        said = await asyncio.to_thread(next_frame, cy, "message", **{"from": "amy"})
        assert (said["text"], said["encrypted"], said["decrypted"]) == (SECRETS[0], True, True)
        bob.send(SECRETS[1])
        bob.send("/me " + SECRETS[2])
        assert await asyncio.to_thread(wait_line, amy, lambda line: "bob" in line) == f"[secret] bob: {SECRETS[1]}"
        assert await asyncio.to_thread(amy.line) == f"[secret] * bob {SECRETS[2]}"

        # The server's view: shares of the key (the creator's and each newcomer's to itself, each
        # proving its sender holds it) and texts sealed with it, bound to their senders.
        frames = await watcher.take("share", "message", "action", count=6)
        shares = [frame for frame in frames if frame["type"] == "share"]
        texts = [frame for frame in frames if frame["type"] != "share"]
        assert [(frame["from"], frame["type"]) for frame in texts] == [("amy", "message"), ("bob", "message"), ("bob", "action")]
        assert {frame["from"] for frame in shares} == {"amy", "bob", "cy"}
        for share in shares:
            shared, previous, recipients = share_recipients(share["text"])
            assert (shared, previous) == (key_id(room_key).hex(), "00" * 8)
            assert share_proves(share["text"], room_key, "secret", share["key"], share["id"])
            if share["from"] != "amy":
                assert recipients == [prefix(share["key"])], "a newcomer from a link shares with itself alone"
        for frame in texts:
            assert frame["text"].startswith("e2e2:") and sealed_key_id(frame["text"]) == key_id(room_key).hex()
            assert not any(secret in frame["text"] for secret in SECRETS)
        late = await ChatClient.join(gateway, "late", rooms=["secret"])
        history = [frame["text"] for frame in late.welcome["rooms"][0]["history"] if frame["type"] != "share"]
        assert history == [frame["text"] for frame in texts]

        for cli in (amy, bob, cy):
            cli.close_input()
            code, stderr = await asyncio.to_thread(cli.wait)
            assert code == 0, stderr
            assert parts["roomkey"] not in stderr
        return parts["roomkey"]

    room_key = asyncio.run(scenario())
    log = gateway.log()
    assert "name=amy" in log and "name=cy" in log, "this is the log of the gateway the clients used"
    for secret in SECRETS + [room_key]:
        assert secret not in log


def test_an_invite_link_carries_the_access_key_too(keyed_gateway, processes):  # noqa: F811
    async def scenario():
        amy, link = await asyncio.to_thread(create_room, keyed_gateway.url, "amy", "secret", "--key", ACCESS_KEY)
        processes.append(amy)
        assert invite_parts(link)["key"] == ACCESS_KEY
        bob = ChatCLI(link, "--name", "bob", "--json")
        processes.append(bob)
        await asyncio.to_thread(next_frame, bob, "welcome")
        amy.send(SECRETS[0])
        said = await asyncio.to_thread(next_frame, bob, "message", **{"from": "amy"})
        assert (said["text"], said["decrypted"]) == (SECRETS[0], True)
        for cli in (amy, bob):
            cli.close_input()
            code, stderr = await asyncio.to_thread(cli.wait)
            assert code == 0 and ACCESS_KEY not in stderr, stderr

    asyncio.run(scenario())
    assert ACCESS_KEY not in keyed_gateway.log()


def test_scripts_get_markers_for_what_cannot_be_read_and_the_limit_leaves_room_for_sealing(gateway, processes):
    async def scenario():
        observer = await Observer.join(gateway, "raw")
        raw = observer.client
        amy, link = await asyncio.to_thread(create_room, gateway.url)
        # Pat comes after the key was shared, without the link: the room is not encrypted for them.
        await observer.joined("amy")
        await observer.take("share")
        pat = ChatCLI(gateway.url, "--name", "pat", "--room", "secret")
        processes.extend([amy, pat])
        await observer.joined("pat")
        told = await asyncio.to_thread(pat.line)
        assert told.startswith("[secret] its members encrypt this room and you have no key: what you say here is not encrypted")

        await raw.say("in the clear", room="secret")
        assert await asyncio.to_thread(amy.line) == "[secret] raw: [not encrypted] in the clear"
        assert await asyncio.to_thread(pat.line) == "[secret] raw: in the clear"
        amy.send(SECRETS[0])
        assert await asyncio.to_thread(pat.line) == "[secret] amy: [encrypted with a key you do not have]", "a marker, never the bytes"

        # The limit is the server's, less what sealing adds (49,111 of 65,536 bytes with a random key).
        amy.send("x" * 49_112)
        amy.send("/me " + "y" * 49_111)
        (acted,) = await observer.take("action")
        assert len(acted["text"]) <= 65_536 and acted["from"] == "amy"
        amy.close_input()
        code, stderr = await asyncio.to_thread(amy.wait)
        assert code == 1, "a line was not sent"
        assert "not sent: message too large (49112 bytes; the limit is 49111)" in stderr
        pat.close_input()
        assert (await asyncio.to_thread(pat.wait))[0] == 0

    asyncio.run(scenario())


def test_encryption_needs_an_identity_key_and_invite_needs_an_encrypted_room(gateway):
    link = f"http://127.0.0.1:{gateway.port}/#room=secret&roomkey={'A' * 43}"
    refused = run_chat(link, "--name", "nokey", "--no-identity")
    assert refused.returncode == 64
    assert "end-to-end encryption needs an identity key" in refused.stderr
    result = run_chat(gateway.url, "--name", "plain", stdin_text="/invite\n")
    assert result.returncode == 1 and "lobby is not encrypted: /join lobby --encrypt first" in result.stderr
    keyless = run_chat(gateway.url, "--name", "keyless", "--no-identity", stdin_text="/join dev --encrypt\n")
    assert keyless.returncode == 1 and "needs an identity key" in keyless.stderr

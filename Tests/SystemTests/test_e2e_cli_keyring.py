"""The keyring (`identity.keys` beside the identity, 0600): `chat` keeps its rooms' keys across runs, so
history stays readable once the shares that brought the keys are gone from it; `--no-keyring` keeps
them in memory only."""

import asyncio
import stat

import pytest

from harness.cli import ChatCLI, identity_file, run_chat
from harness.e2e import invite_parts, prefix
from harness.identity import Identity, b64url
from harness.encrypted_room import create_room, next_frame
from harness.processes import Gateway


@pytest.fixture
def gateway(processes):
    """A gateway whose relay keeps two messages a room, in a budget too small for a key share: the
    share that brought the key falls out of the history and is not kept past it (docs/PROTOCOL.md)."""
    gateway = Gateway(extra=["--history", "2", "--history-bytes", "300"])
    processes.append(gateway)
    gateway.wait_healthy()
    return gateway


def history(cli: ChatCLI) -> list[tuple[str, bool]]:
    welcome = next_frame(cli, "welcome")
    return [(frame["text"], frame["decrypted"]) for frame in welcome["rooms"][0]["history"] if frame["type"] == "message"]


def test_room_keys_outlive_the_process_in_a_keyring_only_its_owner_reads(gateway, processes):
    amy, link = create_room(gateway.url)
    processes.append(amy)
    for text in ["one", "two", "three"]:
        amy.send(text)
    amy.close_input()
    assert amy.wait()[0] == 0
    keyring = identity_file(amy.config).with_name("identity.keys")
    assert stat.S_IMODE(keyring.stat().st_mode) == 0o600
    amy_key = Identity.of_file(identity_file(amy.config)).key
    holders = b64url(prefix(amy_key))
    assert keyring.read_text().splitlines() == [f"secret {invite_parts(link)['roomkey']} - current {holders}"], "key, no salt, current, who holds it"
    before = keyring.read_bytes()

    again = ChatCLI(gateway.url, "--name", "amy", "--room", "secret", "--json", config=amy.config)
    processes.append(again)
    assert history(again) == [("two", True), ("three", True)], "the share is no longer in the history; the keyring has the key"
    again.close_input()
    assert again.wait()[0] == 0

    forgetful = ChatCLI(gateway.url, "--name", "amy", "--room", "secret", "--json", "--no-keyring", config=amy.config)
    processes.append(forgetful)
    marker = "[encrypted with a key you do not have]"
    assert history(forgetful) == [(marker, False), (marker, False)]
    assert next_frame(forgetful, "room_key") == {"type": "room_key", "room": "secret", "change": "not_held"}
    forgetful.close_input()
    assert forgetful.wait()[0] == 0
    assert keyring.read_bytes() == before, "--no-keyring writes nothing"

    keyring.chmod(0o644)
    exposed = run_chat(gateway.url, "--name", "amy", config=amy.config)
    assert exposed.returncode == 64 and "identity.keys may be read or written by others" in exposed.stderr

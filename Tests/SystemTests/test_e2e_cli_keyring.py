"""The keyring (`identity.keys` beside the identity, 0600): `chat` keeps its rooms' keys across runs,
so their history stays readable; `--no-keyring` keeps them in memory only."""

import asyncio
import stat

from harness.cli import ChatCLI, identity_file, run_chat
from harness.e2e import invite_parts
from harness.encrypted_room import create_room, next_frame


def test_room_keys_outlive_the_process_in_a_keyring_only_its_owner_reads(gateway, processes):
    async def scenario():
        amy, link = await asyncio.to_thread(create_room, gateway.url)
        processes.append(amy)
        amy.send("said before the restart")
        amy.close_input()
        assert (await asyncio.to_thread(amy.wait))[0] == 0
        keyring = identity_file(amy.config).with_name("identity.keys")
        assert stat.S_IMODE(keyring.stat().st_mode) == 0o600
        (line,) = keyring.read_text().splitlines()
        assert line == f"secret {invite_parts(link)['roomkey']} - current"

        again = ChatCLI(gateway.url, "--name", "amy", "--room", "secret", "--json", config=amy.config)
        processes.append(again)
        welcome = await asyncio.to_thread(next_frame, again, "welcome")
        history = [frame for frame in welcome["rooms"][0]["history"] if frame["type"] == "message"]
        assert [(frame["text"], frame["decrypted"]) for frame in history] == [("said before the restart", True)]
        again.close_input()
        assert (await asyncio.to_thread(again.wait))[0] == 0
        return keyring

    keyring = asyncio.run(scenario())
    before = keyring.read_bytes()
    forgetful = ChatCLI(gateway.url, "--name", "amy", "--room", "secret", "--json", "--no-keyring", config=keyring.parent.parent)
    processes.append(forgetful)
    welcome = next_frame(forgetful, "welcome")
    (said,) = [frame for frame in welcome["rooms"][0]["history"] if frame["type"] == "message"]
    assert (said["text"], said["decrypted"]) == ("[encrypted with a key you do not have]", False)
    forgetful.close_input()
    assert forgetful.wait()[0] == 0
    assert keyring.read_bytes() == before, "--no-keyring writes nothing"
    keyring.chmod(0o644)
    exposed = run_chat(gateway.url, "--name", "amy", config=keyring.parent.parent)
    assert exposed.returncode == 64 and "identity.keys may be read or written by others" in exposed.stderr

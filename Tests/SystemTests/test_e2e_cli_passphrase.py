"""Passphrase rooms (docs/PROTOCOL.md, "Room keys and key ids"): a key from PBKDF2 of the passphrase
and a random salt, which travels with every message; members with the passphrase read each other,
a wrong one reads nothing, and a weak one is warned about."""

import asyncio

from harness.cli import ChatCLI, run_chat
from harness.encrypted_room import Observer, next_frame
from harness.identity import unb64url

PASSPHRASE = "correct horse battery staple"
SECRETS = ["meet at noon by the old mill", "bring the blue folder"]
WARNING = "chat: warning: the passphrase is weak"


def salt_of(wire: str) -> bytes:
    body = unb64url(wire.removeprefix("e2e2:"))
    assert body[8] == 16, "a passphrase room's texts carry a 16-byte salt"
    return body[9:25]


def test_members_with_the_passphrase_read_each_other_under_one_salt_and_a_wrong_one_reads_nothing(gateway, processes, tmp_path):
    passphrase_file = tmp_path / "passphrase"
    passphrase_file.write_text(PASSPHRASE + "\n")
    wrong_file = tmp_path / "wrong"
    wrong_file.write_text(PASSPHRASE + "r")

    async def scenario():
        watcher = await Observer.join(gateway)
        member = [gateway.url, "--room", "secret", "--json"]
        amy = ChatCLI(*member, "--name", "amy", "--passphrase-file", str(passphrase_file))
        bob = ChatCLI(*member, "--name", "bob", env={"CHAT_PASSPHRASE": PASSPHRASE})
        eve = ChatCLI(*member, "--name", "eve", "--passphrase-file", str(wrong_file))
        processes.extend([amy, bob, eve])
        await watcher.joined("amy", "bob", "eve")

        amy.send(SECRETS[0])
        said = await asyncio.to_thread(next_frame, bob, "message", **{"from": "amy"})
        assert (said["text"], said["decrypted"]) == (SECRETS[0], True)
        seen = await asyncio.to_thread(next_frame, eve, "message", **{"from": "amy"})
        assert (seen["text"], seen["decrypted"]) == ("[encrypted with a key you do not have]", False), "another passphrase"
        bob.send(SECRETS[1])
        said = await asyncio.to_thread(next_frame, amy, "message", **{"from": "bob"})
        assert (said["text"], said["decrypted"]) == (SECRETS[1], True)

        texts = [frame["text"] for frame in await watcher.take("message", count=2)]
        assert len({salt_of(text) for text in texts}) == 1, "bob seals with the salt of the newest message he opened: amy's"
        assert not any(secret in text for text in texts for secret in SECRETS + [PASSPHRASE])

        carol = ChatCLI(*member, "--name", "carol", env={"CHAT_PASSPHRASE": PASSPHRASE})
        processes.append(carol)
        welcome = await asyncio.to_thread(next_frame, carol, "welcome")
        opened = [(frame["text"], frame["decrypted"]) for frame in welcome["rooms"][0]["history"]]
        assert opened == [(secret, True) for secret in SECRETS]
        for cli in (amy, bob, eve, carol):
            cli.close_input()
            code, stderr = await asyncio.to_thread(cli.wait)
            assert code == 0 and stderr == "", stderr

    asyncio.run(scenario())
    for secret in SECRETS + [PASSPHRASE]:
        assert secret not in gateway.log()


def test_a_weak_passphrase_is_warned_about_and_a_strong_one_is_not(gateway, tmp_path):
    weak = run_chat(gateway.url, "--name", "weak", "--room", "secret", stdin_text="hi\n", env={"CHAT_PASSPHRASE": "hunter2"})
    assert weak.returncode == 0
    assert f"{WARNING} (it has fewer than 12 characters)" in weak.stderr and "hunter2" not in weak.stderr
    repetitive = tmp_path / "repetitive"
    repetitive.write_text("abcabcabcabcabc\n")
    again = run_chat(gateway.url, "--name", "again", "--passphrase-file", str(repetitive), stdin_text="/join other --passphrase\nhi\n")
    assert again.returncode == 0 and f"{WARNING} (it has fewer than 6 different characters)" in again.stderr
    strong = run_chat(gateway.url, "--name", "strong", "--room", "secret", stdin_text="hi\n", env={"CHAT_PASSPHRASE": PASSPHRASE})
    assert (strong.returncode, strong.stderr) == (0, "")

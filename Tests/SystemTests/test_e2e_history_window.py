"""A member away for longer than a room's history window, while its key rotated (docs/PROTOCOL.md,
"Order, history and resume"): the relay keeps key shares past the window, so the member comes back
with the new key and reads what is held, instead of none of it. Real `chat` processes."""

import asyncio

import pytest

from harness.cli import ChatCLI
from harness.encrypted_room import Observer, create_room, next_frame, wait_line
from harness.processes import Gateway

AFTER = [f"said while bob was away, number {n}" for n in range(6)]


@pytest.fixture
def gateway(processes):
    """A gateway whose relay keeps three messages a room."""
    gateway = Gateway(extra=["--history", "3"])
    processes.append(gateway)
    gateway.wait_healthy()
    return gateway


def test_a_member_back_after_more_than_the_window_still_gets_the_key_the_room_rotated_to(gateway, processes):
    async def scenario():
        watcher = await Observer.join(gateway)
        amy, link = await asyncio.to_thread(create_room, gateway.url)
        bob = ChatCLI(link, "--name", "bob", "--json")
        processes.extend([amy, bob])
        await watcher.joined("amy", "bob")
        await watcher.take("share", count=2)  # amy's key, and bob's share with himself: amy knows he holds it
        bob.kill()  # gone, not left: he stays a holder, and the new key is sealed to him too
        await watcher.take("presence", where=lambda frame: frame["event"] == "left" and frame["name"] == "bob")

        amy.send("/rekey")
        await asyncio.to_thread(wait_line, amy, lambda line: "new room key" in line)
        for text in AFTER:
            amy.send(text)
        await watcher.take("message", count=len(AFTER))  # the rotation's share is now out of the window

        back = ChatCLI(gateway.url, "--name", "bob", "--room", "secret", "--json", config=bob.config)
        processes.append(back)
        welcome = await asyncio.to_thread(next_frame, back, "welcome")
        history = welcome["rooms"][0]["history"]
        shares = [entry for entry in history if entry["type"] == "share"]
        said = [(entry["text"], entry["decrypted"]) for entry in history if entry["type"] == "message"]
        assert shares and all(entry["seq"] < history[-3]["seq"] for entry in shares), "shares kept from before the window"
        assert said == [(text, True) for text in AFTER[-3:]], "bob reads what is held, with the key he was away for"
        for cli in (amy, back):
            cli.close_input()
            code, stderr = await asyncio.to_thread(cli.wait)
            assert code == 0, stderr

    asyncio.run(scenario())

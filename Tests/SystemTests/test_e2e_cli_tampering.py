"""What a sealed text is bound to (docs/PROTOCOL.md, "Sealed room text": room, sender's key, kind and
id), as `chat` enforces it: a ciphertext replayed by another member, moved to another room, or
re-typed or given another id on its way is refused and shown as such, never as bytes."""

import asyncio
import json

from harness.cli import ChatCLI
from harness.e2e import SealingClient, invite_parts
from harness.encrypted_room import Observer, create_room, wait_line
from harness.identity import unb64url
from harness.tampering import tampering_proxy

REFUSED = "[cannot decrypt: replayed, moved or changed]"


def test_a_ciphertext_replayed_by_another_member_or_moved_to_another_room_is_refused(gateway, processes):
    async def scenario():
        watcher = await Observer.join(gateway, rooms=["secret", "other"])
        amy, link = await asyncio.to_thread(create_room, gateway.url)
        bob = ChatCLI(link, "--name", "bob", "--room", "other")
        processes.extend([amy, bob])
        await watcher.joined("amy", "bob")
        # Mallory has the link, and her own identity key: what she seals herself opens.
        mallory = await SealingClient.prove(gateway.url, "mallory", rooms=["secret", "other"])
        room_key = unb64url(invite_parts(link)["roomkey"])
        await mallory.say_sealed(room_key, "hello from mallory", room="secret")
        assert await asyncio.to_thread(wait_line, bob, lambda line: "mallory" in line) == "[secret] mallory: hello from mallory"

        amy.send("meet at noon")
        assert await asyncio.to_thread(wait_line, bob, lambda line: "amy" in line) == "[secret] amy: meet at noon"
        (said,) = await watcher.take("message", where=lambda frame: frame["from"] == "amy")
        # The same bytes, with the same id, from mallory: bound to amy's key, they do not open.
        await mallory.say(said["text"], room="secret", id=said["id"])
        assert await asyncio.to_thread(bob.line) == f"[secret] mallory: {REFUSED}"
        await mallory.say(said["text"], room="other", id=said["id"] + "-moved")
        assert await asyncio.to_thread(bob.line) == f"[other] mallory: {REFUSED}"
        for cli in (amy, bob):
            cli.close_input()
            code, stderr = await asyncio.to_thread(cli.wait)
            assert code == 0 and "meet at noon" not in stderr, stderr

    asyncio.run(scenario())


def test_a_ciphertext_retyped_or_renumbered_on_its_way_is_refused(gateway, processes):
    changes = iter([{"type": "action"}, {"id": "another-id"}])

    def tamper(frame: str) -> str:
        message = json.loads(frame)
        if message.get("type") != "message" or message.get("from") != "amy":
            return frame
        return json.dumps({**message, **next(changes)})

    async def scenario():
        watcher = await Observer.join(gateway)
        amy, link = await asyncio.to_thread(create_room, gateway.url)
        proxy = await tampering_proxy(gateway.url, tamper)
        fragment = link.split("#", 1)[1]
        bob = ChatCLI(f"ws://localhost:{proxy.sockets[0].getsockname()[1]}/ws#{fragment}", "--name", "bob")
        processes.extend([amy, bob])
        await watcher.joined("amy", "bob")
        amy.send("meet at noon")
        assert await asyncio.to_thread(bob.line) == f"[secret] * amy [invalid signature] {REFUSED}", "a message re-typed as an action"
        amy.send("bring the folder")
        assert await asyncio.to_thread(bob.line) == f"[secret] amy [invalid signature]: {REFUSED}", "another id"
        for cli in (amy, bob):
            cli.close_input()
            assert (await asyncio.to_thread(cli.wait))[0] == 0
        proxy.close()

    asyncio.run(scenario())

"""Rotation of an encrypted room's key with real `chat` processes (docs/PROTOCOL.md, "Who rotates, and
to whom"): a member who leaves is left out of the next key and cannot read what follows; a dropped
connection, here a killed gateway, rotates nothing."""

import asyncio

from harness.cli import ChatCLI
from harness.e2e import invite_parts, key_id, prefix, sealed_key_id, share_proves, share_recipients
from harness.encrypted_room import Observer, create_room, next_frame, silent, wait_line
from harness.identity import unb64url

SECRET = "the plan after cy left"


def grouped(hex_id: str) -> str:
    """A key id as members see it: `1a2b 3c4d 5e6f 7a8b`."""
    return " ".join(hex_id[i : i + 4] for i in range(0, 16, 4))


def test_after_a_member_leaves_the_others_rotate_once_and_the_leaver_cannot_read_what_follows(gateway, processes):
    async def scenario():
        watcher = await Observer.join(gateway)
        amy, link = await asyncio.to_thread(create_room, gateway.url)
        bob = ChatCLI(link, "--name", "bob")
        cy = ChatCLI(link, "--name", "cy", "--json")
        processes.extend([amy, bob, cy])
        keys = await watcher.joined("amy", "bob", "cy")
        await watcher.take("share", count=3)  # the key, from amy, and bob's and cy's shares with themselves
        old_key = unb64url(invite_parts(link)["roomkey"])
        old = key_id(old_key).hex()

        cy.send("/leave secret")
        (left,) = await watcher.take("presence", where=lambda frame: frame["event"] == "left")
        assert (left["name"], left.get("reason")) == ("cy", "leave")
        (rotation,) = await watcher.take("share")
        new, previous, recipients = share_recipients(rotation["text"])
        assert previous == old and new != old
        assert rotation["from"] in ("amy", "bob")
        assert share_proves(rotation["text"], old_key, "secret", rotation["key"], rotation["id"]), "its sender holds the key it replaces"
        assert sorted(recipients) == sorted([prefix(keys["amy"]), prefix(keys["bob"])]), "the leaver gets nothing"
        notice = f"[secret] new room key {grouped(new)}, after cy left (from "
        for cli in (amy, bob):
            assert (await asyncio.to_thread(wait_line, cli, lambda line: "new room key" in line)).startswith(notice)
        later = await watcher.during(3)
        assert [frame for frame in later if frame["type"] == "share"] == [], "one leave, one rotation: the next in rank stood down"

        bob.send(SECRET)
        assert await asyncio.to_thread(wait_line, amy, lambda line: "bob:" in line) == f"[secret] bob: {SECRET}"
        (said,) = await watcher.take("message")
        assert sealed_key_id(said["text"]) == new

        # Back in the room, the leaver has only the old key: the history says the key changed without
        # it, and what was said since is marked, never shown.
        cy.send("/join secret")
        joined = await asyncio.to_thread(next_frame, cy, "joined")
        after = [frame for frame in joined["snapshot"]["history"] if frame["type"] == "message"]
        assert [(frame["text"], frame["encrypted"], frame["decrypted"]) for frame in after] == [
            ("[encrypted with a newer room key you were not given]", True, False)
        ]
        assert (await asyncio.to_thread(next_frame, cy, "room_key"))["change"] == "left_out"

        # A member can add them back: a share of the current key to cy alone.
        amy.send("/add cy")
        assert await asyncio.to_thread(wait_line, amy, lambda line: "gave cy" in line) == f"[secret] gave cy the room key {grouped(new)}"
        readmitted = await asyncio.to_thread(next_frame, cy, "room_key")
        assert readmitted == {"type": "room_key", "room": "secret", "change": "encrypted", "fingerprint": grouped(new)}
        bob.send("welcome back")
        said = await asyncio.to_thread(next_frame, cy, "message", **{"from": "bob"})
        assert (said["text"], said["decrypted"]) == ("welcome back", True)
        for cli in (amy, bob, cy):
            cli.close_input()
        assert (await asyncio.to_thread(amy.wait))[0] == 0 and (await asyncio.to_thread(bob.wait))[0] == 0
        code, stderr = await asyncio.to_thread(cy.wait)
        assert code == 0 and SECRET not in stderr, stderr

    asyncio.run(scenario())


def test_a_killed_gateway_rotates_nothing_but_a_leave_after_it_does(cluster, processes):
    relay, (first, second) = cluster

    async def scenario():
        watcher = await Observer.join(second)
        amy, link = await asyncio.to_thread(create_room, first.url)
        on_second = link.replace(f":{first.port}/", f":{second.port}/")
        bob = ChatCLI(on_second, "--name", "bob")
        cy = ChatCLI(on_second, "--name", "cy")
        processes.extend([amy, bob, cy])
        await watcher.joined("amy", "bob", "cy")
        await watcher.take("share", count=3)

        first.kill()
        (left,) = await watcher.take("presence", where=lambda frame: frame["event"] == "left", timeout=10)
        assert left["name"] == "amy" and "reason" not in left, "a lost gateway is no leave"
        frames = await watcher.during(5)
        assert [frame for frame in frames if frame["type"] == "share"] == [], "no rotation"
        for cli in (bob, cy):
            assert [line for line in await asyncio.to_thread(silent, cli, 0.2) if "room key" in line] == []

        # The same watch sees a rotation when someone does leave.
        cy.send("/leave secret")
        (rotation,) = await watcher.take("share", timeout=10)
        assert rotation["from"] == "bob"
        amy.kill()

    asyncio.run(scenario())

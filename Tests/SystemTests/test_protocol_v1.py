"""Protocol v1 (subprotocol privchat.v1) across a relay and two gateways."""

import asyncio
import re
import time

import pytest

from harness.processes import Gateway, Relay
from harness.websocket import ChatClient, Client, chat_all, join_all


def test_hello_gets_a_welcome_with_session_epoch_rooms_and_limits(cluster):
    relay, (first, _) = cluster

    async def scenario():
        alice = await ChatClient.join(first, "alice", rooms=["lobby", "#Dev"])
        welcome = alice.welcome
        assert welcome["name"] == "alice"
        assert re.fullmatch(r"[0-9a-f]{32}", welcome["session"])
        assert welcome["epoch"] == relay.health()[1]["epoch"]
        assert [room["room"] for room in welcome["rooms"]] == ["lobby", "dev"]
        assert all(room["members"] == ["alice"] and room["history"] == [] and not room["truncated"] for room in welcome["rooms"])
        assert welcome["limits"] == {
            "max_message_bytes": 65536, "max_rooms": 32, "rate": 20, "burst": 200,
            "max_file_bytes": 10485760, "file_chunk_bytes": 32768, "file_rate": 8388608,
        }

    asyncio.run(scenario())


def test_names_are_unique_across_gateways_whatever_their_case(cluster):
    _, (first, second) = cluster

    async def scenario():
        await ChatClient.join(first, "alice")
        rival = await ChatClient.open(second)
        await rival.send({"type": "hello", "name": "ALICE"})
        error = await rival.next()
        assert error == {"type": "error", "code": "name_taken", "message": 'the name "ALICE" is taken; try "ALICE2"', "suggestion": "ALICE2"}
        await rival.send({"type": "hello", "name": error["suggestion"]})
        assert (await rival.next())["type"] == "welcome", "the same connection may try again"

        plain = await Client.join(second, "alice")
        assert await plain.next() == 'error: the name "alice" is taken; try "alice3"', "ALICE2 is taken too, case-insensitively"
        close = await plain.closed()
        assert close.code == 1008

    asyncio.run(scenario())


def test_plain_and_v1_clients_chat_together_in_the_lobby(cluster):
    _, (first, second) = cluster

    async def scenario():
        (alice,) = await chat_all([(first, "alice")])
        (pete,) = await join_all([(second, "pete")])
        assert (await alice.next_of("presence"))["name"] == "pete"
        id = await alice.say("hi pete")
        assert (await alice.next_of("ack"))["id"] == id
        assert await pete.next() == "alice: hi pete"
        await alice.say("waves", action=True)
        assert await pete.next() == "* alice waves"
        await alice.next_of("ack")
        await pete.say("hello alice")
        message = await alice.next_of("message")
        assert (message["from"], message["text"], message["room"]) == ("pete", "hello alice", "lobby")
        assert "id" not in message

    asyncio.run(scenario())


def test_presence_follows_joins_leaves_and_a_killed_gateway(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice, bob, carol = await chat_all([(first, "alice"), (second, "bob"), (second, "carol")])
        joined = [await alice.next() for _ in range(2)]
        assert [(f["event"], f["name"]) for f in joined] == [("joined", "bob"), ("joined", "carol")]
        assert all("members" not in f for f in joined), "presence names who changed, not the whole room"
        await bob.close()
        left = await alice.next()
        assert (left["type"], left["event"], left["name"]) == ("presence", "left", "bob")
        await alice.send({"type": "who", "id": "w", "room": "lobby"})
        assert (await alice.next_of("members"))["members"] == ["alice", "carol"]

        second.kill()
        killed_at = time.monotonic()
        left = await alice.next(timeout=8)
        assert (left["event"], left["name"]) == ("left", "carol")
        assert time.monotonic() - killed_at <= 5, "a dead gateway's users leave within 5 s"

    asyncio.run(scenario())


def test_a_reconnecting_client_gets_exactly_what_it_missed(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice, bob = await chat_all([(first, "alice"), (second, "bob")])
        await alice.say("before")
        seen = await bob.next_of("message")
        session, epoch = bob.welcome["session"], bob.welcome["epoch"]
        await bob.close()
        missed = [f"while away {i}" for i in range(5)]
        for text in missed:
            await alice.say(text)
        for _ in missed:
            await alice.next_of("ack")
        again = await ChatClient.join(first, "bob", session=session, resume={"epoch": epoch, "rooms": {"lobby": seen["seq"]}})
        lobby = again.welcome["rooms"][0]
        assert [m["text"] for m in lobby["history"]] == missed
        assert not lobby["truncated"]
        seqs = [m["seq"] for m in lobby["history"]]
        assert seqs == sorted(seqs) and seqs[0] > seen["seq"]
        await alice.say("after")
        assert (await again.next_of("message"))["text"] == "after"

    asyncio.run(scenario())


def test_resuming_outside_the_history_window_is_truncated(processes):
    relay = Relay(extra=["--history", "3"])
    processes.append(relay)
    gateway = Gateway(relay, extra=["--burst", "200"])
    processes.append(gateway)
    gateway.wait_healthy()

    async def scenario():
        alice, bob = await chat_all([(gateway, "alice"), (gateway, "bob")])
        epoch = bob.welcome["epoch"]
        last = bob.welcome["rooms"][0]["seq"]
        await bob.close()
        for i in range(6):
            await alice.say(f"m{i}")
        again = await ChatClient.join(gateway, "bob", resume={"epoch": epoch, "rooms": {"lobby": last}})
        lobby = again.welcome["rooms"][0]
        assert [m["text"] for m in lobby["history"]] == ["m3", "m4", "m5"]
        assert lobby["truncated"]

    asyncio.run(scenario())


def test_after_a_relay_restart_clients_get_a_new_welcome_and_old_resume_points_are_truncated(cluster, processes):
    relay, (first, second) = cluster

    async def scenario():
        alice, bob = await chat_all([(first, "alice"), (second, "bob")])
        await alice.say("old epoch")
        await alice.next_of("ack")
        old = await bob.next_of("message")
        old_epoch = bob.welcome["epoch"]
        relay.kill()
        new_relay = Relay(port=relay.port)
        processes.append(new_relay)
        new_epoch = new_relay.health()[1]["epoch"]
        for client in (alice, bob):
            welcome = await client.next_of("welcome", timeout=10)
            assert welcome["epoch"] == new_epoch != old_epoch
            assert welcome["name"] == client.name
        await alice.say("new epoch")
        assert (await bob.next_of("message"))["text"] == "new epoch"

        carol = await ChatClient.join(second, "carol", resume={"epoch": old_epoch, "rooms": {"lobby": old["seq"]}})
        lobby = carol.welcome["rooms"][0]
        assert lobby["truncated"], "a resume point from another epoch cannot be honoured"
        assert [m["text"] for m in lobby["history"]] == ["new epoch"]

    asyncio.run(scenario())


def test_direct_messages_reach_only_their_addressee_and_are_not_kept(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice, bob, carol, dave = await chat_all([(first, "alice"), (second, "bob"), (second, "carol"), (first, "dave")])
        id = alice.next_id()
        await alice.send({"type": "dm", "id": id, "to": "BOB", "text": "just between us"})
        dm = await bob.next_of("dm")
        assert (dm["from"], dm["to"], dm["text"], dm["id"]) == ("alice", "bob", "just between us", id)
        ack = await alice.next_of("ack")
        assert (ack["id"], ack["to"]) == (id, "bob")
        await bob.say("probe")
        for other in (carol, dave):
            assert (await other.next_of("message", "dm"))["text"] == "probe", "the dm never reached a third client"
        assert (await alice.next_of("message"))["text"] == "probe"
        await alice.send({"type": "dm", "id": "x", "to": "nobody", "text": "hello?"})
        assert (await alice.next_of("error"))["code"] == "unknown_user"
        erin = await ChatClient.join(first, "erin")
        assert [m["text"] for m in erin.welcome["rooms"][0]["history"]] == ["probe"], "history holds no dm"

    asyncio.run(scenario())


def test_every_member_sees_the_same_order(cluster):
    _, (first, second) = cluster

    async def scenario():
        senders = await chat_all([(first, "s1"), (second, "s2"), (first, "s3")])
        watchers = await chat_all([(first, "w1"), (second, "w2"), (second, "w3")])
        await asyncio.gather(*(sender.say(f"{sender.name}-{i}") for sender in senders for i in range(20)))
        logs = [[(m["seq"], m["from"], m["text"]) for m in await watcher.messages(60)] for watcher in watchers]
        assert logs[0] == logs[1] == logs[2]
        seqs = [seq for seq, _, _ in logs[0]]
        assert seqs == sorted(set(seqs)), "room sequence numbers only increase"
        for sender in senders:
            assert [text for _, who, text in logs[0] if who == sender.name] == [f"{sender.name}-{i}" for i in range(20)]

    asyncio.run(scenario())


def test_a_resent_message_is_acknowledged_again_and_delivered_once(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice, bob = await chat_all([(first, "alice"), (second, "bob")])
        await alice.say("only once", id="m-1")
        first_ack = await alice.next_of("ack")
        session = alice.welcome["session"]
        await alice.close()
        again = await ChatClient.join(second, "alice", session=session)
        await again.say("only once", id="m-1")
        second_ack = await again.next_of("ack")
        assert (second_ack["seq"], second_ack["id"]) == (first_ack["seq"], "m-1")
        await again.say("next")
        texts = [m["text"] for m in await bob.messages(2)]
        assert texts == ["only once", "next"]

    asyncio.run(scenario())


def test_rooms_join_leave_who_and_rename(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice, bob = await chat_all([(first, "alice"), (second, "bob")])
        await alice.next_of("presence")
        id = alice.next_id()
        await alice.send({"type": "join", "id": id, "room": "Dev"})
        joined = await alice.next_of("joined")
        assert joined["id"] == id and joined["snapshot"]["room"] == "dev" and joined["snapshot"]["members"] == ["alice"]
        await bob.send({"type": "join", "id": "b-j", "room": "dev"})
        await bob.next_of("joined")
        presence = await alice.next()
        assert (presence["room"], presence["event"], presence["name"]) == ("dev", "joined", "bob")
        await bob.say("dev only", room="dev")
        message = await alice.next_of("message")
        assert (message["room"], message["text"]) == ("dev", "dev only")

        await alice.send({"type": "who", "id": "w", "room": "dev"})
        assert await alice.next_of("members") == {"type": "members", "id": "w", "room": "dev", "members": ["alice", "bob"]}

        await bob.send({"type": "rename", "id": "r", "name": "robert"})
        assert await bob.next_of("renamed") == {"type": "renamed", "id": "r", "name": "robert", "from": "bob"}
        renames = [await alice.next_of("presence") for _ in range(2)]
        assert {(p["room"], p["event"], p["from"], p["name"]) for p in renames} == {
            ("dev", "renamed", "bob", "robert"), ("lobby", "renamed", "bob", "robert"),
        }

        await bob.send({"type": "leave", "id": "l", "room": "dev"})
        assert await bob.next_of("left") == {"type": "left", "id": "l", "room": "dev"}
        left = await alice.next_of("presence")
        assert (left["room"], left["event"], left["name"]) == ("dev", "left", "robert")
        await bob.say("gone", room="dev")
        assert (await bob.next_of("error"))["code"] == "not_in_room"

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("{not json", "bad_request"),
        ('{"type":"teleport","id":"t"}', "unknown_type"),
        ('{"type":"say","id":"s","room":"lobby"}', "bad_request"),
        ('{"type":"say","id":"s","room":"nowhere","text":"hi"}', "not_in_room"),
        ('{"type":"say","id":"s","room":"lobby","text":"   "}', "invalid_text"),
        ('{"type":"say","id":"s","room":"lobby","text":"\\u001b[2J"}', "invalid_text"),
        ('{"type":"join","id":"j","room":"no spaces"}', "invalid_room"),
        ('{"type":"rename","id":"r","name":"a:b"}', "invalid_name"),
        ('{"type":"hello","name":"again"}', "already_hello"),
    ],
)
def test_bad_frames_get_an_error_and_the_connection_stays(cluster, frame, code):
    _, (first, _) = cluster

    async def scenario():
        alice = await ChatClient.join(first, "alice")
        await alice.send(frame)
        error = await alice.next_of("error")
        assert error["code"] == code and error["message"]
        await alice.say("still connected")
        assert (await alice.next_of("ack"))["type"] == "ack"

    asyncio.run(scenario())


def test_frames_before_hello_are_refused_until_hello(cluster):
    _, (first, _) = cluster

    async def scenario():
        client = await ChatClient.open(first)
        await client.send({"type": "say", "id": "early", "room": "lobby", "text": "hi"})
        assert await client.next() == {"type": "error", "code": "not_ready", "message": "say hello first", "id": "early"}
        await client.send({"type": "hello", "name": "bad\nname"})
        assert (await client.next())["code"] == "invalid_name"
        await client.send({"type": "hello", "name": "fine"})
        assert (await client.next())["type"] == "welcome"

    asyncio.run(scenario())


def test_oversized_messages_are_refused(cluster):
    _, (first, _) = cluster

    async def scenario():
        alice = await ChatClient.join(first, "alice")
        await alice.say("x" * 70_000, id="big")
        error = await alice.next_of("error")
        assert (error["code"], error["id"]) == ("too_large", "big")

    asyncio.run(scenario())


def test_room_limits_are_enforced_by_the_relay(processes):
    relay = Relay(extra=["--max-rooms", "2", "--max-room-members", "2"])
    processes.append(relay)
    gateway = Gateway(relay)
    processes.append(gateway)
    gateway.wait_healthy()

    async def scenario():
        alice = await ChatClient.join(gateway, "alice", rooms=["lobby", "dev"])
        await alice.send({"type": "join", "id": "j3", "room": "ops"})
        error = await alice.next_of("error")
        assert (error["code"], error["id"]) == ("too_many_rooms", "j3")
        await ChatClient.join(gateway, "bob")
        carol = await ChatClient.open(gateway)
        await carol.send({"type": "hello", "name": "carol", "rooms": ["lobby", "side"]})
        assert await carol.next() == {"type": "error", "code": "room_full", "message": "lobby has 2 members, the most allowed"}
        welcome = await carol.next()
        assert welcome["type"] == "welcome" and [room["room"] for room in welcome["rooms"]] == ["side"]
        await carol.send({"type": "join", "id": "j", "room": "lobby"})
        assert (await carol.next_of("error"))["code"] == "room_full"

    asyncio.run(scenario())


def test_the_same_session_takes_over_from_a_stale_connection(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice, bob = await chat_all([(first, "alice"), (second, "bob")])
        await alice.next_of("presence")
        fresh = await ChatClient.join(second, "alice", session=alice.welcome["session"])
        close = await alice.closed()
        assert close.code == 4001
        await fresh.say("I moved")
        message = await bob.next()
        assert (message["type"], message["from"], message["text"]) == ("message", "alice", "I moved"), "no leave or join in between"

    asyncio.run(scenario())

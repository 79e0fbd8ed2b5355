"""Chaos: clients keep chatting while gateways (and the primary relay) are killed, and lose nothing.

The run itself is chaos.py (`make chaos` for longer runs); its judge, chaos_check.py, is first tested on
hand-made logs here, so that a green chaos run means something: the judge does catch a planted loss,
duplicate or disorder, and does not mistake the client's own resume bookkeeping for one.
"""

import base64
import os


import chaos
from chaos_check import ClientView, check

EPOCH = "e0e0e0e0e0e0e0e0"
LIMITS = {"max_message_bytes": 65536, "max_rooms": 32, "rate": 20, "burst": 40}


def welcome(name, seq=0, history=(), truncated=False, epoch=EPOCH, room="r"):
    snapshot = {"room": room, "seq": seq, "members": [], "history": list(history), "truncated": truncated}
    return {"type": "welcome", "name": name, "session": "5e55", "epoch": epoch, "rooms": [snapshot], "limits": LIMITS}


def message(seq, sender, number, room="r"):
    return {"type": "message", "room": room, "seq": seq, "from": sender, "text": f"{sender}-{number}", "time": 0, "id": f"p{sender}-{number}"}


def ack(seq, sender, number, room="r"):
    return {"type": "ack", "id": f"p{sender}-{number}", "room": room, "seq": seq, "time": 0}


def judge(frames_by_client, written=None, rooms=None):
    views = {}
    for name, frames in frames_by_client.items():
        views[name] = ClientView(name)
        for frame in frames:
            views[name].apply(frame)
    written = written or {"a": ["a-1", "a-2", "a-3"]}
    return check(views, {name: written.get(name, []) for name in frames_by_client}, rooms or {name: ["r"] for name in frames_by_client})


def clean_run():
    """a says three things; b and c see them, c after a reconnect that resumed from seq 1."""
    return {
        "a": [welcome("a"), ack(1, "a", 1), ack(2, "a", 2), ack(3, "a", 3)],
        "b": [welcome("b"), message(1, "a", 1), message(2, "a", 2), message(3, "a", 3)],
        "c": [welcome("c"), message(1, "a", 1), welcome("c", seq=3, history=[message(2, "a", 2), message(3, "a", 3)]), message(3, "a", 3)],
    }


def test_the_judge_passes_a_clean_run_with_a_resume():
    verdict = judge(clean_run())
    assert verdict.ok, verdict
    assert verdict.messages == 3
    assert verdict.deliveries_checked == 6


def test_a_live_frame_repeated_after_the_resume_history_is_not_a_duplicate():
    """`chat --json` prints it, but ClientState drops it: its user never sees it twice."""
    view = ClientView("c")
    for frame in clean_run()["c"]:
        view.apply(frame)
    assert [delivery.seq for delivery in view.deliveries] == [1, 2, 3]
    assert view.stale_frames == 1


def test_the_judge_catches_a_planted_duplicate():
    run = clean_run()
    run["b"].append({**message(4, "a", 2)})  # the relay sequenced a-2 a second time
    verdict = judge(run)
    assert not verdict.ok
    assert any("'a-2' sequenced 2 times" in item for item in verdict.duplicated), verdict.duplicated
    assert any("b was shown a: 'a-2'" in item and "twice" in item for item in verdict.duplicated), verdict.duplicated


def test_the_judge_catches_a_message_shown_to_its_own_sender():
    run = clean_run()
    run["a"].append(message(4, "a", 3))
    assert any("its own message" in item for item in judge(run).duplicated)


def test_the_judge_catches_a_planted_loss():
    run = clean_run()
    run["b"].remove(message(2, "a", 2))
    verdict = judge(run)
    assert verdict.lost == [f"b never shown a: 'a-2' (r#2@{EPOCH[:6]})"]


def test_an_ack_that_overtakes_a_message_makes_the_client_drop_it():
    """ClientState counts its own ack's seq as seen: an older message arriving after it is dropped."""
    run = {
        "a": [welcome("a"), ack(1, "a", 1), message(2, "b", 1)],
        "b": [welcome("b"), ack(2, "b", 1), message(1, "a", 1)],
    }
    verdict = judge(run, written={"a": ["a-1"], "b": ["b-1"]})
    assert verdict.lost == [f"b never shown a: 'a-1' (r#1@{EPOCH[:6]})"]


def test_the_judge_catches_two_orders():
    run = clean_run()
    run["b"][2:4] = [message(2, "a", 3), message(3, "a", 2)]
    verdict = judge(run)
    assert any(item.startswith(f"r#2@{EPOCH[:6]}:") for item in verdict.out_of_order), verdict.out_of_order
    assert not verdict.ok


def test_the_judge_catches_a_sender_sequenced_out_of_its_order():
    run = clean_run()
    run["a"][1:4] = [ack(1, "a", 2), ack(2, "a", 1), ack(3, "a", 3)]
    assert any("line 2 sequenced at" in item for item in judge(run).out_of_order)


def test_own_messages_in_the_resume_history_count_as_acknowledged():
    run = clean_run()
    run["a"] = [welcome("a"), ack(1, "a", 1), welcome("a", seq=3, history=[message(2, "a", 2), message(3, "a", 3)])]
    verdict = judge(run)
    assert verdict.ok, verdict


def test_a_line_never_acknowledged_is_reported():
    run = clean_run()
    verdict = judge(run, written={"a": ["a-1", "a-2", "a-3", "a-4"]})
    assert verdict.unacknowledged == ["a: 'a-4' never acknowledged"]


def test_a_truncated_resume_is_excluded_not_lost():
    run = clean_run()
    run["c"] = [welcome("c"), message(1, "a", 1), welcome("c", seq=3, history=[message(3, "a", 3)], truncated=True)]
    verdict = judge(run)
    assert verdict.ok and verdict.excluded == [f"c in r@{EPOCH[:6]}: a resume came back truncated: outside the history window"]


def sealed(frame, opened=True):
    """A message as `chat --json` shows one of an encrypted room: opened, or not."""
    return {**frame, "encrypted": True, "decrypted": opened}


def share(seq, sender, key_id, previous=bytes(8), room="r", id=None):
    body = key_id + previous + bytes(16 + 32 + 68)  # proof, ephemeral key, one record: only the ids matter here
    text = "e2k2:" + base64.urlsafe_b64encode(body).rstrip(b"=").decode()
    return {"type": "share", "room": room, "seq": seq, "from": sender, "text": text, "time": 0, "id": id or f"p{sender}-key{seq}"}


def test_in_an_encrypted_room_a_message_shown_unopened_or_unsealed_is_unreadable():
    run = {
        "a": [welcome("a"), ack(1, "a", 1), ack(2, "a", 2)],
        "b": [welcome("b"), sealed(message(1, "a", 1)), sealed(message(2, "a", 2), opened=False)],
        "c": [welcome("c"), message(1, "a", 1), sealed(message(2, "a", 2))],
    }
    views = {name: ClientView(name) for name in run}
    for name, frames in run.items():
        for frame in frames:
            views[name].apply(frame)
    verdict = check(views, {"a": ["a-1", "a-2"]}, {name: ["r"] for name in run}, encrypted=frozenset({"r"}))
    assert sorted(verdict.unreadable) == [
        f"b was shown a's r#2@{EPOCH[:6]} sealed and not opened: 'a-2'",
        f"c was shown a's r#1@{EPOCH[:6]} unsealed: 'a-1'",
    ]
    assert not verdict.ok


def test_shares_count_as_rotations_only_when_they_replace_a_key_and_their_acks_are_not_lines():
    first, second = b"\x01" * 8, b"\x02" * 8
    run = {
        # a's own rotation comes back as an ack with a share id, between its lines.
        "a": [welcome("a"), ack(1, "a", 1), {"type": "ack", "id": "pa-key1", "room": "r", "seq": 3, "time": 0}, ack(4, "a", 2)],
        "b": [welcome("b"), message(1, "a", 1), share(2, "b", first), share(3, "a", second, previous=first), message(4, "a", 2)],
    }
    verdict = judge(run, written={"a": ["a-1", "a-2"]})
    assert verdict.ok, verdict
    assert verdict.rotations == {"r": {second.hex()}}, "a self-share of the first key is no rotation"


def seed() -> int | None:
    return int(os.environ["CHAOS_SEED"]) if "CHAOS_SEED" in os.environ else None


def run_and_report(**options) -> chaos.Result:
    result = chaos.run(chaos.Options(seed=seed(), **options))
    for line in result.summary():
        print(f"chaos: {line}")
    return result


def assert_nothing_lost_repeated_or_reordered(result: chaos.Result, gateway_kills: int = 2, exclusions: int = 0) -> None:
    verdict = result.verdict
    assert (len(verdict.lost), len(verdict.duplicated), len(verdict.out_of_order)) == (0, 0, 0), "\n".join(result.summary())
    assert not verdict.unacknowledged and not result.failed_clients, "\n".join(result.summary())
    assert result.gateway_kills >= gateway_kills, "faults were injected"
    assert result.sent >= 500 and verdict.deliveries_checked >= 1000, "enough traffic was checked"
    assert result.conversed >= result.sent // (2 * chaos.Options.converse_every), "edits and reactions were among it"
    assert len(verdict.excluded) <= exclusions, "clients stayed within the history window"
    files = result.files
    assert len(files.shared) >= 20 and not files.corrupted, files.summary()
    assert files.verified + files.expired == len(files.shared), files.summary()


def about(kind, seq, sender, number, target, text, room="r"):
    """An edit or reaction of `sender`'s input line `number`, about the message at `target`."""
    return {"type": kind, "room": room, "seq": seq, "from": sender, "text": text, "time": 0, "id": f"p{sender}-{number}", "target": {"seq": target, "id": "x"}}


def test_edits_and_reactions_are_owed_like_messages_and_a_repeated_emoji_is_no_duplicate():
    written = {"a": ["a-1", "a-1✎"], "b": ["reaction #1", "reaction #2"]}
    events = [message(1, "a", 1), about("edit", 2, "a", 2, 1, "a-1✎"), about("reaction", 3, "b", 1, 1, "+👍"), about("reaction", 4, "b", 2, 1, "-👍")]
    run = {
        "a": [welcome("a"), ack(1, "a", 1), ack(2, "a", 2), events[2], events[3]],
        "b": [welcome("b"), events[0], events[1], ack(3, "b", 1), ack(4, "b", 2)],
        "c": [welcome("c"), *events],
    }
    verdict = judge(run, written=written)
    assert verdict.ok, verdict
    assert verdict.messages == 4
    run["c"] = [welcome("c"), events[0], events[2], events[3]]
    assert [line for line in judge(run, written=written).lost] == ["c never shown a: 'a-1✎' (r#2@e0e0e0)"]
    run["c"] = [welcome("c"), *events, about("reaction", 5, "b", 2, 1, "-👍")]
    assert judge(run, written=written).duplicated, "the same reaction (its sender's line) at a second position"


def test_clients_lose_nothing_while_gateways_are_killed_and_restarted():
    assert_nothing_lost_repeated_or_reordered(run_and_report(seconds=25))


def test_clients_lose_nothing_while_gateways_and_the_primary_relay_are_killed():
    result = run_and_report(seconds=25, relay_failover=True)
    assert result.relay_kills >= 1
    assert_nothing_lost_repeated_or_reordered(result, gateway_kills=1)

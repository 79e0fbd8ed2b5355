"""Relay failover (Binary Star): gateways move to the backup relay within 2 s of the primary's death,
the backup holds the same history, and nothing is lost or repeated on the way."""

import asyncio
import signal
import time

import pytest

from harness.processes import RelayPair
from harness.websocket import ChatClient


@pytest.fixture
def pair(processes):
    pair = RelayPair()
    processes.extend(pair.processes)
    pair.wait_states("active", "passive")
    gateways = [pair.gateway(["--rate", "500", "--burst", "500"]) for _ in range(2)]
    processes.extend(gateways)
    for gateway in gateways:
        gateway.wait_healthy()
    return pair, gateways


class Conversation:
    """Alice says numbered messages, each after the last one's ack, retrying while the relay is away
    (`unavailable`, as docs/PROTOCOL.md asks of clients); bob, on the other gateway, reads them."""

    def __init__(self, alice: ChatClient, bob: ChatClient):
        self.alice, self.bob = alice, bob
        self.acked: list[str] = []
        self.retries = 0
        self.stopping = asyncio.Event()

    async def talk(self) -> None:
        number = 0
        while not self.stopping.is_set():
            number += 1
            text = f"m{number}"
            while True:
                await self.alice.say(text, id=text)
                frame = await self.alice.next_of("ack", "error", timeout=10)
                while frame["type"] == "ack" and frame["id"] in self.acked:
                    # A retry of an earlier message that had got through: the relay acknowledges it again.
                    frame = await self.alice.next_of("ack", "error", timeout=10)
                if frame["type"] == "ack" and frame["id"] == text:
                    break
                assert frame["type"] == "error" and frame["code"] in ("unavailable", "busy"), frame
                self.retries += 1
                await asyncio.sleep(0.05)
            self.acked.append(text)
            await asyncio.sleep(0.01)

    async def heard(self) -> list[dict]:
        """Everything bob got, once he has every acknowledged message (or stops getting any)."""
        messages = []
        while len(messages) < len(self.acked):
            messages.append(await self.bob.next_of("message", timeout=5))
        return messages

    def check(self, messages: list[dict]) -> None:
        texts = [message["text"] for message in messages]
        assert texts == self.acked, f"lost or repeated: {set(self.acked) ^ set(texts)}"
        sequences = [message["seq"] for message in messages]
        assert sequences == sorted(set(sequences)), "room sequences must rise, without repeats"


def moves(gateway) -> int:
    return gateway.log().count("relay link moving to the other relay")


async def measure_recovery(gateways, since: float, moved_before: list[int], limit: float = 5) -> float:
    """Seconds from `since` until every gateway has moved to the other relay and is linked again."""
    while time.monotonic() - since < limit:
        if all(moves(gateway) > before and gateway.health()[0] == 200 for gateway, before in zip(gateways, moved_before)):
            return time.monotonic() - since
        await asyncio.sleep(0.02)
    raise TimeoutError("gateways did not move to the other relay")


async def talk_through(gateways, fault, after_move=None):
    """Alice talks to bob (on another gateway) while `fault` strikes the relays, until well after every
    gateway has moved to the other relay; then checks bob got every acknowledged message once, in order.

    Returns the conversation, the seconds from the fault until every gateway moved and was linked
    again, and what `after_move` (a coroutine function run once they have) returned.
    """
    alice = await ChatClient.join(gateways[0], "alice")
    bob = await ChatClient.join(gateways[1], "bob")
    conversation = Conversation(alice, bob)
    talking = asyncio.create_task(conversation.talk())
    await asyncio.sleep(0.5)
    before = [moves(gateway) for gateway in gateways]
    started = time.monotonic()
    fault()
    recovery = await measure_recovery(gateways, started, before)
    outcome = await after_move() if after_move else None
    await asyncio.sleep(0.5)
    conversation.stopping.set()
    await talking
    conversation.check(await conversation.heard())
    return conversation, recovery, outcome


def test_a_killed_primary_is_replaced_by_the_backup_within_2_seconds_losing_nothing(pair):
    relays, gateways = pair
    epoch = gateways[0].health()[1]["relay_epoch"]

    async def scenario():
        conversation, recovery, _ = await talk_through(gateways, lambda: relays.primary.popen.send_signal(signal.SIGKILL))
        assert recovery < 2.0, f"gateways took {recovery:.2f}s to fail over"
        assert len(conversation.acked) > 20
        # The backup continues the primary's history: same epoch, and a newcomer gets it all.
        assert gateways[1].health()[1]["relay_epoch"] == epoch
        carol = await ChatClient.join(gateways[1], "carol")
        history = [message["text"] for message in carol.welcome["rooms"][0]["history"]]
        assert history == conversation.acked[-len(history):] and len(history) == min(len(conversation.acked), 100)
        return recovery

    recovery = asyncio.run(scenario())
    assert relays.backup.health()[1]["state"] == "active"
    assert "failed over" in relays.backup.wait_for_log("failed over")
    print(f"failover took {recovery:.2f}s")


def test_a_restarted_primary_follows_and_takes_over_again_when_the_backup_stops(pair, processes):
    relays, gateways = pair
    relays.primary.kill()
    for gateway in gateways:
        gateway.wait_for_log("moving to the other relay", timeout=5)
        gateway.wait_healthy()
    processes.append(relays.start_primary())
    relays.wait_states("passive", "active")

    def fail_back():
        # Failback when told: the backup stops gracefully, hands over, and tells the gateways to move.
        code, _ = relays.backup.terminate(signal.SIGTERM)
        assert code == 0

    async def scenario():
        _, recovery, _ = await talk_through(gateways, fail_back)
        assert recovery < 2.0

    asyncio.run(scenario())
    relays.primary.wait_for_log("the active relay handed over")
    assert relays.primary.health()[1]["state"] == "active"
    for gateway in gateways:
        gateway.wait_for_log("relay handed over to its peer")


def test_a_backup_that_never_saw_the_primary_serves_nobody(processes):
    relays = RelayPair(start=("backup",))
    processes.extend(relays.processes)
    gateway = relays.gateway()
    processes.append(gateway)
    # The primary may be alive and serving other gateways behind a broken link: a backup that has
    # not seen it active must not start a second history.
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline:
        assert gateway.health()[0] == 503
        time.sleep(0.1)
    assert relays.states() == [None, "backup"]
    processes.append(relays.start_primary())
    relays.wait_states("active", "passive")
    gateway.wait_healthy()


def test_a_frozen_primary_that_wakes_to_an_active_backup_steps_down(pair):
    relays, gateways = pair

    async def wake():
        # Awake, it finds the backup active and further along: it stops, so one history goes on.
        relays.primary.popen.send_signal(signal.SIGCONT)
        return await asyncio.to_thread(relays.primary.popen.wait, 5)

    async def scenario():
        # Frozen, the primary looks dead to everyone: gateways move and the backup takes over.
        _, _, code = await talk_through(gateways, lambda: relays.primary.popen.send_signal(signal.SIGSTOP), wake)
        return code

    code = asyncio.run(scenario())
    assert code == 1
    relays.primary.wait_for_log("both relays of the pair are active")
    relays.primary.wait_for_log("split brain")
    assert relays.backup.health()[1]["state"] == "active"
    assert all(gateway.health()[0] == 200 for gateway in gateways)

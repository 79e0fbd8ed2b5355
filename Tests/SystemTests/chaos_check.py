"""The chaos run's judge: what each `chat --json` client showed its user, checked against one order.

`chat --json` prints every server frame as it arrived, including frames its client logic then drops (a
live message it already had from a resume's history, an old event replayed). `ClientView` applies the
frames exactly as `ClientState.receive` (Services/ChatClient/ClientState.swift) does, so a client's log is
what its user saw: live messages newer than the room's last seen sequence number, plus the history of
each `welcome`/`joined` snapshot newer than that number, where acks, presence events and snapshots move
the number too, and the client's own unacknowledged messages found in a snapshot count as acknowledged.

`check` then compares the logs with each other and with what each client wrote:

- duplicated: a client shown the same room position, or the same sender's text, twice, or its own
  message; a text the relay sequenced at two positions;
- out of order: two clients (or a client's ack) disagreeing on what a room position holds; a client's
  log of a room going backwards; a sender's messages sequenced in another order than it wrote them;
- lost: a message of another member, sequenced after a client entered the room, missing from that
  client's log (rooms where a resume came back `truncated`, i.e. outside the relay's history window,
  and relay epochs the client left are excluded and reported);
- unacknowledged: a line a client wrote that no `ack` (or own message in a snapshot) confirmed.

Edits and reactions are room events like messages (sequenced, in history, resumed), so they are judged
alike: each is owed to every other member, once, in the one order.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field

RETRIED = {"rate_limited", "unavailable", "busy"}
"""Refusals after which the client sends the message again (`unavailable` and `busy` from relay failover on)."""

Position = tuple[str, str, int]
"""(relay epoch, room, room sequence): one slot of the relay's order."""


@dataclass(frozen=True)
class Delivery:
    """A message or action a client's user was shown."""

    epoch: str
    room: str
    seq: int
    sender: str
    text: str
    id: str | None
    live: bool
    """A live frame, or an entry of a snapshot's history."""
    sealed: bool = False
    """It arrived sealed (`chat --json` says `encrypted`)."""
    opened: bool = False
    """It arrived sealed and the client opened it (`decrypted`)."""
    kind: str = "message"
    """`message` (an action too), `edit` or `reaction`: each is a room event of its own, judged alike."""

    @property
    def position(self) -> Position:
        return (self.epoch, self.room, self.seq)


@dataclass
class ClientView:
    """One client's frames applied as `ClientState.receive` applies them."""

    name: str
    epoch: str | None = None
    last_seq: dict[str, int] = field(default_factory=dict)
    deliveries: list[Delivery] = field(default_factory=list)
    acks: dict[str, Position] = field(default_factory=dict)
    """Own message id → where the relay put it (first acknowledgement)."""
    ack_conflicts: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    """Own message id → error code, for refusals the client gives up on (all but those in `RETRIED`)."""
    errors: list[dict] = field(default_factory=list)
    entered: dict[tuple[str, str], int] = field(default_factory=dict)
    """(epoch, room) → the room sequence of the first snapshot: messages after it are owed."""
    gaps: dict[tuple[str, str], str] = field(default_factory=dict)
    """(epoch, room) → why this client may legitimately have missed some of that room."""
    welcomes: int = 0
    epoch_changes: int = 0
    stale_frames: int = 0
    """Live frames the client dropped as already seen (not an error: resume history overlaps them)."""
    unparsed: int = 0
    shares: dict[str, list[str]] = field(default_factory=dict)
    """Room → the texts of the key shares the client was shown, in order (its own are acknowledged, not shown)."""

    def apply(self, frame: dict) -> None:
        kind = frame.get("type")
        if kind == "welcome":
            self._welcome(frame)
        elif kind in ("message", "action", "edit", "reaction"):
            if self._is_new(frame["room"], frame["seq"]):
                self.deliveries.append(self._delivery(frame, live=True))
            else:
                self.stale_frames += 1
        elif kind == "share":
            if self._is_new(frame["room"], frame["seq"]):
                self.shares.setdefault(frame["room"], []).append(frame["text"])
        elif kind == "presence":
            if not self._is_new(frame["room"], frame["seq"]):
                self.stale_frames += 1
        elif kind == "ack":
            if not is_share_id(frame["id"]):
                self._ack(frame["id"], frame.get("room"), frame.get("seq"))
            if frame.get("room") is not None and frame.get("seq") is not None:
                self._is_new(frame["room"], frame["seq"])
        elif kind == "joined":
            self._snapshot(frame["snapshot"])
        elif kind == "left":
            self.last_seq.pop(frame["room"], None)
        elif kind == "renamed":
            self.name = frame["name"]
        elif kind == "error":
            self.errors.append(frame)
            if frame.get("id") and frame.get("code") not in RETRIED:
                self.refused[frame["id"]] = frame["code"]

    def _welcome(self, welcome: dict) -> None:
        self.welcomes += 1
        if self.epoch != welcome["epoch"]:
            if self.epoch is not None:
                self.epoch_changes += 1
                for room in self.last_seq:
                    self.gaps.setdefault((self.epoch, room), "the relay's epoch changed")
            self.last_seq = {}
        self.name = welcome["name"]
        self.epoch = welcome["epoch"]
        wanted = {snapshot["room"] for snapshot in welcome["rooms"]}
        self.last_seq = {room: seq for room, seq in self.last_seq.items() if room in wanted}
        for snapshot in welcome["rooms"]:
            self._snapshot(snapshot)

    def _snapshot(self, snapshot: dict) -> None:
        room = snapshot["room"]
        key = (self.epoch, room)
        known = self.last_seq.get(room)
        if known is None:
            if key in self.entered:
                self.gaps.setdefault(key, "left the room and came back")
            else:
                self.entered[key] = snapshot["seq"]
        elif snapshot.get("truncated"):
            self.gaps.setdefault(key, "a resume came back truncated: outside the history window")
        for message in snapshot.get("history", []):
            if message["seq"] <= (known or 0):
                continue
            if message.get("type") == "share":
                self.shares.setdefault(room, []).append(message["text"])
                continue
            id = message.get("id")
            if message["from"] == self.name and id and id not in self.acks and id not in self.refused:
                # ClientState.apply: sent before the connection dropped, and it did arrive.
                self._ack(id, room, message["seq"])
            else:
                self.deliveries.append(self._delivery(message, live=False))
        self.last_seq[room] = max(known or 0, snapshot["seq"])

    def _ack(self, id: str, room: str | None, seq: int | None) -> None:
        if room is None or seq is None:
            return
        position = (self.epoch, room, seq)
        first = self.acks.setdefault(id, position)
        if first != position:
            self.ack_conflicts.append(f"{self.name}: message {id} acknowledged at {fmt(first)} and at {fmt(position)}")

    def _is_new(self, room: str, seq: int) -> bool:
        known = self.last_seq.get(room)
        if known is None or seq <= known:
            return False
        self.last_seq[room] = seq
        return True

    def _delivery(self, message: dict, live: bool) -> Delivery:
        return Delivery(
            self.epoch,
            message["room"],
            message["seq"],
            message["from"],
            event_text(message),
            message.get("id"),
            live,
            sealed=bool(message.get("encrypted")),
            opened=bool(message.get("decrypted")),
            kind="message" if message.get("type") in ("message", "action") else message.get("type", "message"),
        )


def reaction_text(number: int) -> str:
    """How the judge knows a client's reaction of input line `number`: reactions repeat their emoji, and a
    toggle's sign depends on what the client held, so a reaction is known by its sender and line."""
    return f"reaction #{number}"


def event_text(message: dict) -> str:
    """A room event's text as the judge compares it with what its sender wrote: a message's or an
    edit's text (unique across the run), a reaction by its line number (from its id, PREFIX-N)."""
    if message.get("type") != "reaction":
        return message["text"]
    try:
        return reaction_text(int(message.get("id", "").rsplit("-", 1)[1]))
    except (IndexError, ValueError):
        return f"reaction {message.get('id')!r}"


def apply_lines(view: ClientView, lines: list[str]) -> ClientView:
    """Applies JSON lines as `chat --json` printed them."""
    for line in lines:
        try:
            frame = json.loads(line)
        except ValueError:
            frame = None
        if isinstance(frame, dict):
            view.apply(frame)
        else:
            view.unparsed += 1
    return view


@dataclass
class Verdict:
    messages: int = 0
    """Distinct messages the relay sequenced, as seen by anyone."""
    deliveries_checked: int = 0
    """(client, message) pairs that had to arrive."""
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    out_of_order: list[str] = field(default_factory=list)
    unacknowledged: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    """Messages of an encrypted room that a member was shown unopened, or that arrived unsealed."""
    rotations: dict[str, set[str]] = field(default_factory=dict)
    """Encrypted room → the ids of the keys its members rotated to, as any member saw them."""
    excluded: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.out_of_order or self.unacknowledged or self.unreadable)


def is_share_id(id: str) -> bool:
    """A key share's id: `chat` numbers them apart, PREFIX-key1, PREFIX-key2, … (ClientState.makeShareID),
    so that its messages' ids still count its input lines."""
    return id.rsplit("-", 1)[-1].startswith("key")


def rotation(share: str) -> str | None:
    """The new key id of a key share that rotates (its previous key is another one), else None
    (docs/PROTOCOL.md, "Key shares": `e2k2:` and base64url of key id ‖ previous key id ‖ …)."""
    body = share.removeprefix("e2k2:")
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    key_id, previous = raw[:8], raw[8:16]
    return key_id.hex() if previous not in (bytes(8), key_id) else None


def fmt(position: Position) -> str:
    epoch, room, seq = position
    return f"{room}#{seq}@{epoch[:6]}"


def written_text(written: dict[str, list[str]], sender: str, id: str) -> str | None:
    """The text of a client's message id: `chat` numbers its ids PREFIX-1, PREFIX-2, … in the order
    it reads its input lines (ClientState.makeID), and the chaos clients send nothing but lines."""
    try:
        number = int(id.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return None
    lines = written.get(sender, [])
    return lines[number - 1] if 1 <= number <= len(lines) else None


def check(
    views: dict[str, ClientView], written: dict[str, list[str]], rooms: dict[str, list[str]], encrypted: frozenset[str] = frozenset()
) -> Verdict:
    """Judges the clients' views. `written`: each client's input lines in order; `rooms`: the rooms
    each client was in for the whole run; `encrypted`: the rooms whose every message must arrive
    sealed and be opened by every member."""
    verdict = Verdict()
    for name, view in sorted(views.items()):
        for delivery in view.deliveries:
            if delivery.room in encrypted and not (delivery.sealed and delivery.opened):
                state = "unsealed" if not delivery.sealed else "sealed and not opened"
                verdict.unreadable.append(f"{name} was shown {delivery.sender}'s {fmt(delivery.position)} {state}: {delivery.text!r}")
        for room, shares in view.shares.items():
            verdict.rotations.setdefault(room, set()).update(key for key in map(rotation, shares) if key)

    # One order: what every client (and every sender's ack) says each position holds.
    order: dict[Position, tuple[str, str]] = {}
    claims: dict[Position, str] = {}

    def claim(position: Position, message: tuple[str, str], who: str) -> None:
        known = order.setdefault(position, message)
        if known != message:
            verdict.out_of_order.append(
                f"{fmt(position)}: {claims[position]} has {known[0]}: {known[1]!r}, {who} has {message[0]}: {message[1]!r}"
            )
        claims.setdefault(position, who)

    for name, view in sorted(views.items()):
        for delivery in view.deliveries:
            claim(delivery.position, (delivery.sender, delivery.text), name)
        for id, position in view.acks.items():
            text = written_text(written, name, id)
            claim(position, (name, text if text is not None else f"<id {id}>"), f"{name}'s ack")
        verdict.out_of_order += view.ack_conflicts

    positions_of: dict[tuple[str, str], list[Position]] = {}
    for position, message in order.items():
        positions_of.setdefault(message, []).append(position)
    for (sender, text), positions in sorted(positions_of.items()):
        if len(positions) > 1:
            verdict.duplicated.append(f"{sender}: {text!r} sequenced {len(positions)} times: {', '.join(map(fmt, sorted(positions)))}")
    verdict.messages = len(order)

    for name, view in sorted(views.items()):
        seen_positions: set[Position] = set()
        seen_texts: set[tuple[str, str]] = set()
        last: dict[tuple[str, str], int] = {}
        for delivery in view.deliveries:
            what = f"{name} was shown {delivery.sender}: {delivery.text!r} ({fmt(delivery.position)}, {'live' if delivery.live else 'history'})"
            if delivery.sender == view.name:
                verdict.duplicated.append(f"{what}: its own message")
            elif delivery.position in seen_positions or (delivery.sender, delivery.text) in seen_texts:
                verdict.duplicated.append(f"{what} twice")
            seen_positions.add(delivery.position)
            seen_texts.add((delivery.sender, delivery.text))
            key = (delivery.epoch, delivery.room)
            if delivery.seq <= last.get(key, 0):
                verdict.out_of_order.append(f"{what} after #{last[key]}")
            last[key] = max(last.get(key, 0), delivery.seq)

        # The sender's order: its lines are sequenced in the order it wrote them.
        own = []
        for id, position in view.acks.items():
            try:
                own.append((int(id.rsplit("-", 1)[1]), position))
            except (IndexError, ValueError):
                verdict.out_of_order.append(f"{name}: acknowledgement with an unexpected id {id!r}")
        own.sort()
        for (number, position), (next_number, next_position) in zip(own, own[1:]):
            same_stream = position[:2] == next_position[:2]
            if same_stream and next_position[2] <= position[2]:
                verdict.out_of_order.append(
                    f"{name}: line {next_number} sequenced at {fmt(next_position)}, before line {number} at {fmt(position)}"
                )

        acknowledged = {number for number, _ in own}
        for number, text in enumerate(written.get(name, []), start=1):
            if number not in acknowledged:
                refusal = next((code for id, code in view.refused.items() if id.endswith(f"-{number}")), None)
                verdict.unacknowledged.append(f"{name}: {text!r} never acknowledged" + (f" (refused: {refusal})" if refusal else ""))

    # Nothing lost: each member gets every other member's message sequenced after it entered the room.
    by_room: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for (epoch, room, seq), (sender, text) in order.items():
        by_room.setdefault((epoch, room), []).append((seq, sender, text))
    for name, view in sorted(views.items()):
        delivered = {delivery.position for delivery in view.deliveries}
        for key, start in sorted(view.entered.items()):
            epoch, room = key
            if room not in rooms.get(name, []):
                continue
            if key in view.gaps:
                verdict.excluded.append(f"{name} in {room}@{epoch[:6]}: {view.gaps[key]}")
                continue
            for seq, sender, text in sorted(by_room.get(key, [])):
                if seq <= start or sender == view.name:
                    continue
                verdict.deliveries_checked += 1
                if (epoch, room, seq) not in delivered:
                    verdict.lost.append(f"{name} never shown {sender}: {text!r} ({fmt((epoch, room, seq))})")
    return verdict

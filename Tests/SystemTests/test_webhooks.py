"""Incoming webhooks (issue 21; docs/PROTOCOL.md, "Incoming webhooks"): `POST /api/rooms/ROOM/messages`
with the real `curl`, exactly as the README's example sends it, against real gateways and relays. Each status
of the spec's table, who the sender is, what members see, and the attacks: a cross-site form, guessed
tokens, a token file others may read. Token files are written under artifacts/."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from harness import BIN_DIR, ROOT
from harness.identity import SigningClient
from harness.processes import STATE_DIR, Gateway, RelayPair
from harness.relay_link import ClusterKeys, InsiderGateway, envelope
from harness.websocket import ChatClient, Client

ARTIFACTS = ROOT / "artifacts" / "webhooks"
CI_TOKEN = secrets.token_hex(32)
DEPLOY_TOKEN = secrets.token_hex(32)
ACCESS_KEY = "webhook-tests-access-key_0123456789"


def token_file(lines: str, mode: int = 0o600) -> Path:
    """A bot token file with `lines`, readable as `mode` says, under artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"bots-{uuid.uuid4().hex}"
    path.write_text(lines)
    path.chmod(mode)
    return path


def bots() -> Path:
    return token_file(f"# the CI and the deploy script\nci:{CI_TOKEN}\n\ndeploy:{DEPLOY_TOKEN}\nalice:{secrets.token_hex(32)}\nbob:{secrets.token_hex(32)}\n")


def webhook_gateway(processes, *extra: str, env: dict[str, str] | None = None, relay=None) -> Gateway:
    gateway = Gateway(relay, extra=["--bot-token-file", str(bots()), *extra], env=env)
    processes.append(gateway)
    gateway.wait_healthy()
    return gateway


class Answer:
    """What curl got: the status, the headers (lowercased names) and the body."""

    def __init__(self, raw: bytes):
        blocks = raw.split(b"\r\n\r\n")
        # curl -i shows a `100 Continue` block first when it sent `Expect: 100-continue`.
        while blocks[0].startswith(b"HTTP/1.1 100") and len(blocks) > 1:
            blocks = blocks[1:]
        head, body = blocks[0], b"\r\n\r\n".join(blocks[1:])
        lines = head.decode().split("\r\n")
        self.status = int(lines[0].split()[1])
        self.headers: dict[str, list[str]] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers.setdefault(name.strip().lower(), []).append(value.strip())
        self.body = body

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None

    @property
    def json(self) -> dict:
        return json.loads(self.body)


def curl(gateway: Gateway, *args: str, room: str = "lobby", query: str = "", token: str | None = CI_TOKEN, json_body: dict | None = None, data: str | None = None) -> Answer:
    """`curl -sS -i` of the room's webhook, as the README writes it: a Bearer token, a JSON or a `-d` body."""
    command = ["curl", "-sS", "-i", "--max-time", "20"]
    if token is not None:
        command += ["-H", f"Authorization: Bearer {token}"]
    if json_body is not None:
        command += ["-H", "Content-Type: application/json", "-d", json.dumps(json_body)]
    if data is not None:
        command += ["-d", data]
    command += [*args, f"http://127.0.0.1:{gateway.port}/api/rooms/{room}/messages{query}"]
    result = subprocess.run(command, capture_output=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return Answer(result.stdout)


def refusal(answer: Answer, status: int, code: str) -> None:
    assert answer.status == status, (answer.status, answer.body)
    assert answer.json["error"] == code and answer.json["message"], answer.json
    assert answer.header("content-type") == "application/json" and answer.header("cache-control") == "no-store"


def lobby_history(client: ChatClient) -> list[tuple[str, str]]:
    """(sender, text) of each message in the lobby's history, as the welcome gave it."""
    lobby = next(room for room in client.welcome["rooms"] if room["room"] == "lobby")
    return [(m["from"], m["text"]) for m in lobby["history"] if m["type"] == "message"]


async def plain_line(client: Client, starting: str) -> str:
    """The first line a plain client gets that starts with `starting`."""
    while True:
        line = await client.next()
        if line.startswith(starting):
            return line


def test_a_bots_message_is_posted_201_and_members_of_both_modes_see_it_and_later_joiners_have_it(processes):
    gateway = webhook_gateway(processes)

    async def scenario():
        member = await ChatClient.join(gateway, "carol")
        plain = await Client.join(gateway, "dave")
        await asyncio.to_thread(gateway.wait_connections, 2)
        answer = curl(gateway, "-fsS", json_body={"name": "ci", "text": "build 41 passed"})
        assert answer.status == 201 and answer.header("cache-control") == "no-store"
        posted = answer.json
        assert posted["room"] == "lobby" and isinstance(posted["seq"], int)
        message = await member.next_of("message")
        assert (message["from"], message["text"], message["seq"]) == ("ci", "build 41 passed", posted["seq"])
        assert message.get("id", "") == "", "the gateway's request id is not shown"
        assert await plain_line(plain, "ci:") == "ci: build 41 passed"
        later = await ChatClient.join(gateway, "erin")
        assert ("ci", "build 41 passed") in lobby_history(later), later.welcome
        for client in (member, plain, later):
            await client.close()

    asyncio.run(scenario())
    assert gateway.metric("gateway_webhook_posted_total") == 1


def test_the_bot_tokens_name_overrides_the_bodys_and_a_plain_body_is_the_text(processes):
    gateway = webhook_gateway(processes)

    async def scenario():
        member = await ChatClient.join(gateway, "carol")
        assert curl(gateway, token=DEPLOY_TOKEN, json_body={"name": "carol", "text": "deployed"}).status == 201
        assert curl(gateway, token=DEPLOY_TOKEN, data="v1.2 is live").status == 201
        first, second = await member.messages(2)
        assert (first["from"], first["text"]) == ("deploy", "deployed"), "the token's name: a body cannot borrow carol's"
        assert (second["from"], second["text"]) == ("deploy", "v1.2 is live")
        await member.close()

    asyncio.run(scenario())


def test_with_the_access_key_the_body_names_the_sender_and_must(processes):
    gateway = webhook_gateway(processes, env={"CHAT_ACCESS_KEY": ACCESS_KEY})

    async def scenario():
        member = await ChatClient.join_url(f"{gateway.url}?key={ACCESS_KEY}", "carol")
        assert curl(gateway, token=ACCESS_KEY, json_body={"name": "nightly", "text": "all green"}).status == 201
        message = await member.next_of("message")
        assert (message["from"], message["text"]) == ("nightly", "all green")
        await member.close()

    asyncio.run(scenario())
    refusal(curl(gateway, token=ACCESS_KEY, json_body={"text": "who am I"}), 400, "bad_request")
    refusal(curl(gateway, token=ACCESS_KEY, data="a plain body names nobody"), 400, "bad_request")
    refusal(curl(gateway, token=ACCESS_KEY, json_body={"name": "a:b", "text": "x"}), 400, "invalid_name")
    assert curl(gateway, json_body={"text": "bot tokens work beside the key"}).status == 201


def test_bad_requests_are_400_with_the_reason(gateway_with_room):
    gateway = gateway_with_room
    refusal(curl(gateway, "-H", "Content-Type: application/json", data="{not json"), 400, "bad_request")
    refusal(curl(gateway, json_body={"name": "ci"}), 400, "bad_request")
    refusal(curl(gateway, json_body={"text": "   \n"}), 400, "invalid_text")
    refusal(curl(gateway, json_body={"text": "\x1b[31mred"}), 400, "invalid_text")
    refusal(curl(gateway, room="Not%20A%20Room", json_body={"text": "x"}), 400, "invalid_room")
    refusal(curl(gateway, query=f"?key={CI_TOKEN}", json_body={"text": "x"}), 400, "bad_request")


@pytest.fixture
def gateway_with_room(processes):
    """A gateway with bot tokens whose lobby exists."""
    return visited(webhook_gateway(processes))


def test_no_token_or_a_wrong_one_is_401_asking_for_bearer(gateway_with_room):
    for token in (None, "x" * 64, ACCESS_KEY):
        answer = curl(gateway_with_room, token=token, json_body={"text": "x"})
        refusal(answer, 401, "unauthorized")
        assert answer.header("www-authenticate") == 'Bearer realm="chat"'
    basic = curl(gateway_with_room, "-u", f"ci:{CI_TOKEN}", token=None, json_body={"text": "x"})
    assert basic.status == 401, "only a Bearer header carries a token: a browser adds Basic credentials by itself"


def test_ten_wrong_tokens_make_it_429_for_that_client_even_with_the_right_one(gateway_with_room):
    for _ in range(10):
        assert curl(gateway_with_room, token=secrets.token_hex(32), data="guess").status == 401
    answer = curl(gateway_with_room, data="the right token, too late")
    refusal(answer, 429, "rate_limited")
    assert int(answer.header("retry-after")) > 0
    assert gateway_with_room.metric('gateway_webhook_refused_total{status="429"}') == 1


def test_a_foreign_origin_is_403_and_a_cross_site_form_post_is_refused_uncounted(gateway_with_room):
    refusal(curl(gateway_with_room, "-H", "Origin: https://evil.example", data="with a token"), 403, "forbidden")
    form = ["-H", "Origin: https://evil.example", "-H", "Content-Type: application/x-www-form-urlencoded"]
    for _ in range(12):
        refusal(curl(gateway_with_room, *form, token=None, data="text=pwned&name=alice"), 403, "forbidden")
    # The form a page could make, from no Origin at all (a privacy extension strips it): still no Bearer header.
    refusal(curl(gateway_with_room, "-H", "Content-Type: application/x-www-form-urlencoded", token=None, data="text=pwned"), 401, "unauthorized")
    assert curl(gateway_with_room, data="a page elsewhere cannot spend the failure budget").status == 201
    own = curl(gateway_with_room, "-H", f"Origin: http://127.0.0.1:{gateway_with_room.port}", data="from the chat's own page")
    assert own.status == 201


def test_a_room_nobody_has_been_in_is_404(gateway_with_room):
    refusal(curl(gateway_with_room, room="nowhere", json_body={"text": "x"}), 404, "unknown_room")


def test_a_name_held_online_or_bound_to_an_identity_key_is_409(processes):
    gateway = webhook_gateway(processes)

    async def scenario():
        bob = await Client.join(gateway, "bob")
        alice = await SigningClient.prove(gateway.url, "alice")
        await asyncio.to_thread(gateway.wait_connections, 2)
        refusal(await asyncio.to_thread(lambda: curl(gateway, token=token_of(gateway, "bob"), data="I am bob")), 409, "name_taken")
        await alice.close()
        await asyncio.to_thread(gateway.wait_connections, 1)
        refusal(await asyncio.to_thread(lambda: curl(gateway, token=token_of(gateway, "alice"), data="I am alice")), 409, "name_bound")
        await bob.close()

    asyncio.run(scenario())


def token_of(gateway: Gateway, name: str) -> str:
    """The token `webhook_gateway` gave the bot `name`, read back from the gateway's own file."""
    path = Path(gateway.args[gateway.args.index("--bot-token-file") + 1])
    for line in path.read_text().splitlines():
        if line.startswith(f"{name}:"):
            return line.split(":", 1)[1]
    raise KeyError(name)


def test_a_text_over_max_message_bytes_or_a_larger_body_is_413(processes):
    gateway = visited(webhook_gateway(processes, "--max-message-bytes", "100"))
    refusal(curl(gateway, data="x" * 101), 413, "too_large")
    body = ARTIFACTS / f"large-{uuid.uuid4().hex}"
    body.write_text("x" * (100 + 4096 + 1))
    refusal(curl(gateway, "--data-binary", f"@{body}"), 413, "too_large")
    assert curl(gateway, data="x" * 100).status == 201


def test_a_json_body_that_is_not_utf8_is_415(gateway_with_room):
    body = ARTIFACTS / f"latin1-{uuid.uuid4().hex}"
    body.write_bytes('{"text":"caf\xe9"}'.encode("latin-1"))
    refusal(curl(gateway_with_room, "-H", "Content-Type: application/json", "--data-binary", f"@{body}"), 415, "bad_request")


def visited(gateway: Gateway) -> Gateway:
    """`gateway`, once its lobby exists: someone has been in it."""

    async def visit():
        await (await ChatClient.join(gateway, "visitor")).close()

    asyncio.run(visit())
    return gateway


def test_a_request_past_the_pace_is_held_for_its_token(processes):
    gateway = visited(webhook_gateway(processes, "--rate", "0.5", "--burst", "1"))
    start = time.monotonic()  # before the first: its token was taken then, and the next is due 2 s later
    assert curl(gateway, data="the burst").status == 201
    assert curl(gateway, data="held for its token").status == 201
    assert time.monotonic() - start > 1.95, "held until its token was due, not refused"


def test_a_request_whose_token_is_over_5_s_away_is_429_at_once_with_retry_after(processes):
    gateway = visited(webhook_gateway(processes, "--rate", "0.1", "--burst", "2"))
    assert [curl(gateway, data=f"burst {n}").status for n in range(2)] == [201, 201]
    start = time.monotonic()
    limited = curl(gateway, data="10 s away")
    refusal(limited, 429, "rate_limited")
    assert time.monotonic() - start < 2, "answered at once"
    assert 5 < int(limited.header("retry-after")) <= 10, "when the next token is due, past the 5 s a request may wait"
    assert curl(gateway, token=DEPLOY_TOKEN, data="another bot has a pace of its own").status == 201


def test_with_no_relay_it_is_503(start_cluster):
    relay, (gateway,) = start_cluster(["--bot-token-file", str(bots())])
    visited(gateway)
    relay.kill()
    gateway.wait_until(lambda status, _: status == 503, what="relay down")
    refusal(curl(gateway, data="nobody to sequence it"), 503, "unavailable")


def test_a_token_file_others_may_read_or_a_malformed_one_stops_the_gateway_with_a_clear_message():
    cases = [
        (token_file(f"ci:{CI_TOKEN}\n", mode=0o644), ["may be read or written by others", "chmod 600"]),
        (token_file(f"# bots\nci:{CI_TOKEN}\nci:{DEPLOY_TOKEN}\n"), ["line 3): the name ci is given twice"]),
        (token_file(f"ci:{CI_TOKEN}\ndeploy:{CI_TOKEN}\n"), ["line 2): this token is given to another name already"]),
        (token_file("ci:too-short\n"), ["line 1): a token must be 16 to 128 characters"]),
        (token_file(f"{CI_TOKEN}\n"), ["line 1): expected NAME:TOKEN"]),
    ]
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CHAT_")}
    for path, messages in cases:
        result = subprocess.run(
            [str(BIN_DIR / "chat-gateway"), "--port", "0", "--bot-token-file", str(path)], capture_output=True, text=True, timeout=20, env=environment
        )
        assert result.returncode != 0 and all(message in result.stderr for message in messages), (messages, result.stderr)
        assert str(path) in result.stderr, "the file is named"
        assert CI_TOKEN not in result.stderr + result.stdout and DEPLOY_TOKEN not in result.stderr + result.stdout


def test_no_log_line_holds_a_token_or_a_text(processes):
    gateway = visited(webhook_gateway(processes, "--log-level", "trace"))
    assert curl(gateway, json_body={"text": "secret-text-of-the-webhook"}).status == 201
    curl(gateway, token="wrong-token-that-must-not-be-logged-0123", data="secret-text-refused")
    log = gateway.log()
    for secret in (CI_TOKEN, "wrong-token-that-must-not-be-logged-0123", "secret-text-of-the-webhook", "secret-text-refused"):
        assert secret not in log


def test_a_posted_message_survives_the_relay_failover(processes):
    pair = RelayPair()
    processes.extend(pair.processes)
    pair.wait_states("active", "passive")
    gateway = pair.gateway(["--bot-token-file", str(bots())])
    processes.append(gateway)
    gateway.wait_healthy()

    async def scenario():
        member = await ChatClient.join(gateway, "carol")
        posted = await asyncio.to_thread(lambda: curl(gateway, data="before the failover"))
        assert posted.status == 201
        pair.primary.kill()
        await asyncio.to_thread(gateway.wait_for_log, "moving to the other relay", 5)
        await asyncio.to_thread(gateway.wait_healthy)
        pair.wait_states(None, "active")
        later = await ChatClient.join(gateway, "erin")
        assert ("ci", "before the failover") in lobby_history(later), later.welcome
        after = await asyncio.to_thread(lambda: curl(gateway, data="after the failover"))
        assert after.status == 201 and after.json["seq"] > posted.json["seq"]
        for client in (member, later):
            await client.close()

    asyncio.run(scenario())


def test_an_insider_gateway_cannot_post_as_a_person_nor_from_a_clients_connection(start_cluster):
    """The relay's own rules, which no gateway's check stands in for: a holder of the cluster key posing as a
    gateway (harness.relay_link.InsiderGateway) sends `post` envelopes (kind 38) straight to the relay."""
    relay, (gateway,) = start_cluster([])

    async def scenario():
        carol = await ChatClient.join(gateway, "carol")
        alice = await SigningClient.prove(gateway.url, "alice")
        await alice.close()
        insider = InsiderGateway(relay.port, ClusterKeys(STATE_DIR), "mallory")
        assert any(e["kind"] == "welcome" for e in insider.collect(within=1))

        def post(name: str, id: str, connection: int = 0) -> None:
            insider.socket.send(envelope("post", insider.gateway, connection, room="lobby", sender=name, client_message_id=id, payload=b"hi"))

        for name, id in (("alice", "p1"), ("Carol", "p2"), ("mallory", "p3"), ("a:b", "p4")):
            post(name, id)
        post("sneaky", "p5", connection=1)
        post("bot", "p6")
        before = len(insider.envelopes)
        answers = [(e["kind"], e["target"] if e["kind"] == "error" else e["id"])
                   for e in insider.collect(within=1)[before:] if e["kind"] in ("error", "ack")]
        assert answers == [("error", "name_bound"), ("error", "name_taken"), ("error", "name_taken"), ("error", "invalid_name"), ("ack", "p6")], answers
        message = await carol.next_of("message")
        assert (message["from"], message["text"]) == ("bot", "hi"), "only the last post was published"
        insider.close()
        await carol.close()

    asyncio.run(scenario())

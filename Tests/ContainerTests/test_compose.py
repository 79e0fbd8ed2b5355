"""`docker compose up --scale gateway=3`, for real (podman serving the Docker API), checked through the
published port the way a user reaches it. Run by scripts/container-test.sh (`make test-containers`)."""

import asyncio
import json
import os
import subprocess
import time
import urllib.request

import pytest
import websockets

from harness import ROOT
from harness.cli import ChatCLI
from harness.ports import free_port_block
from harness.websocket import ChatClient, upgrade_status, upgrade_status_as

PROJECT = os.environ.get("COMPOSE_PROJECT_NAME", "privatechat-test")


def compose(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["docker-compose", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=check)


def podman(*args: str) -> str:
    return subprocess.run(["podman", *args], capture_output=True, text=True, check=True).stdout


def containers(service: str | None = None, all: bool = False) -> list[str]:
    filters = ["--filter", f"label=com.docker.compose.project={PROJECT}"]
    if service:
        filters += ["--filter", f"label=com.docker.compose.service={service}"]
    return podman("ps", *(["-a"] if all else []), "-q", *filters).split()


def gateway_connections() -> dict[str, int]:
    """Each running gateway container's open connections, from its own /healthz."""
    counts = {}
    for container in containers("gateway"):
        health = json.loads(podman("exec", container, "curl", "-s", "http://127.0.0.1:8000/healthz"))
        counts[container] = health["connections"]
    return counts


def generated_key() -> str:
    """The gateways' generated access key, read as the README says: from the key file in the volume."""
    return podman("exec", containers("gateway")[0], "cat", "/var/lib/chat/keys/tunnel-key").strip()


def wait(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(what)


@pytest.fixture(scope="module")
def stack():
    port = free_port_block(1)
    env = {**os.environ, "CHAT_PORT": str(port), "CHAT_PUBLIC_URL": f"ws://localhost:{port}/ws"}
    started = time.monotonic()
    up = compose("up", "-d", "--build", "--scale", "gateway=3", env=env, check=False)
    assert up.returncode == 0, up.stdout + up.stderr
    wait(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).status == 200, 120, "the stack answering")
    print(f"\ncompose up (build and start, 3 gateways): {time.monotonic() - started:.1f} s")
    yield port, env, generated_key()
    logs = compose("logs", "--no-color", env=env, check=False).stdout
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "compose.log").write_text(logs)
    down = compose("down", "-v", "--remove-orphans", "--timeout", "5", env=env, check=False)
    assert down.returncode == 0, down.stderr
    assert containers(all=True) == [], "docker-compose down leaves nothing running"


def test_the_gui_and_health_are_served_on_the_published_port(stack):
    port, _, _ = stack
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
        assert b'<div id="root">' in response.read()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as response:
        assert json.loads(response.read())["relay"] == "up"
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/share") as response:
        assert json.loads(response.read())["url"] == f"ws://localhost:{port}/ws"


def test_every_container_is_healthy_and_runs_as_a_non_root_user(stack):
    for service in ("relay", "relay-backup", "gateway", "web"):
        for container in containers(service):
            wait(lambda: podman("inspect", "--format", "{{.State.Health.Status}}", container).strip() == "healthy", 60, f"{service} healthy")
            assert podman("inspect", "--format", "{{.Config.User}}", container).strip() == "chat"
    assert len(containers("gateway")) == 3


def test_every_gateway_shares_one_generated_key_required_from_everyone(stack):
    """The compose gateways know the tunnel agents, so they guard the chat with a generated key, one for
    all of them (the chat-keys volume), and ask it of everyone: through nginx, every request comes from
    nginx, so none can show it is from the machine itself."""
    port, _, key = stack
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/share") as response:
        share = json.loads(response.read())
    assert share["key_required"] is True and "invite" not in share
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/share", headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request) as response:
        assert json.loads(response.read())["invite"].endswith(f"#key={key}")
    visitor = "rarely-gentle-otter-fields.trycloudflare.com"
    # Enough attempts to reach every gateway: each must know the same key.
    assert [upgrade_status_as(visitor, port, f"?key={key}") for _ in range(6)] == [101] * 6
    assert upgrade_status(f"ws://127.0.0.1:{port}/ws") == 401
    assert upgrade_status(f"ws://localhost:{port}/ws", additional_headers={"X-Forwarded-For": "127.0.0.1"}) == 401
    assert upgrade_status(f"ws://127.0.0.1:{port}/ws?key={key}") == 101
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_clients_land_on_different_gateways_and_chat_across_them(stack):
    port, _, key = stack

    async def scenario():
        clients = [await ChatClient.join_url(f"ws://127.0.0.1:{port}/ws?key={key}", f"user{i}") for i in range(6)]
        def six_connections():
            counts = gateway_connections()
            return counts if sum(counts.values()) == 6 else None

        counts = wait(six_connections, 20, "6 connections")
        assert sum(1 for count in counts.values() if count > 0) >= 2, f"spread over the gateways: {counts}"
        await clients[0].say("across the gateways")
        for client in clients[1:]:
            assert (await client.next_of("message"))["text"] == "across the gateways"
        for client in clients:
            await client.close()

    asyncio.run(scenario())


def test_a_killed_gateway_containers_clients_reconnect_through_nginx_and_resume(stack):
    port, _, key = stack
    url = f"ws://127.0.0.1:{port}/ws?key={key}"

    async def scenario():
        wait(lambda: sum(gateway_connections().values()) == 0, 20, "earlier clients gone")
        bots = [ChatCLI(url.split("?")[0], "--key", key, "--name", f"bot{i}") for i in range(4)]
        wait(lambda: sum(gateway_connections().values()) == 4, 20, "the bots connected")
        before = gateway_connections()
        speaker = await ChatClient.join_url(url, "speaker")
        def five_connections():
            counts = gateway_connections()
            return counts if sum(counts.values()) == 5 else None

        after = wait(five_connections, 20, "the speaker connected")
        # The victim: a gateway with bots on it, but not the speaker's (its messages must get out).
        victim = max((c for c in after if after[c] == before.get(c) and after[c] > 0), key=lambda c: after[c])
        podman("kill", victim)
        for i in range(3):
            await speaker.say(f"after the crash {i}")
        for bot in bots:
            assert [bot.line(timeout=30) for _ in range(3)] == [f"[lobby] speaker: after the crash {i}" for i in range(3)]
        for bot in bots:
            bot.close_input()
            assert bot.wait()[0] == 0

    asyncio.run(scenario())


def test_a_killed_relay_container_is_replaced_by_the_backup_and_nothing_is_lost(stack):
    port, _, key = stack
    url = f"ws://127.0.0.1:{port}/ws?key={key}"

    async def say_until_acknowledged(client, text: str) -> None:
        """Says `text`, again while the gateways are between relays (`unavailable`), as clients should."""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            id = await client.say(text)
            frame = await client.next_of("ack", "error", timeout=10)
            if frame["type"] == "ack" and frame["id"] == id:
                return
            assert frame["type"] == "error" and frame["code"] == "unavailable", frame
            await asyncio.sleep(0.2)
        raise TimeoutError(f"{text!r} never acknowledged")

    async def scenario():
        speaker = await ChatClient.join_url(url, "announcer")
        listener = ChatCLI(url.split("?")[0], "--key", key, "--name", "listener")
        # Once the listener is in the lobby, what is said reaches it live.
        while not ((presence := await speaker.next_of("presence", timeout=30))["event"] == "joined" and presence["name"] == "listener"):
            pass
        await say_until_acknowledged(speaker, "before the relay dies")
        assert listener.line(timeout=30) == "[lobby] announcer: before the relay dies"
        podman("kill", containers("relay")[0])
        for i in range(3):
            await say_until_acknowledged(speaker, f"after the relay died {i}")
        assert [listener.line(timeout=30) for _ in range(3)] == [f"[lobby] announcer: after the relay died {i}" for i in range(3)]
        listener.close_input()
        assert listener.wait()[0] == 0
        backup = containers("relay-backup")[0]
        health = json.loads(podman("exec", backup, "curl", "-s", "http://127.0.0.1:5557/healthz"))
        assert health["state"] == "active"

    asyncio.run(scenario())

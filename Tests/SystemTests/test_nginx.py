"""The deployment's topology as plain processes: a relay, three gateways, and Debian's nginx running
the very configuration the web container uses (deploy/nginx), in front of them."""

import asyncio
import json
import shutil
import urllib.error
import urllib.request

import pytest
import websockets

from browser import WEB_ROOT
from harness.cli import ChatCLI
from harness.nginx import Nginx
from harness.processes import Gateway
from harness.websocket import ChatClient, Client, upgrade_status

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")


@pytest.fixture
def stack(start_cluster, processes):
    relay, gateways = start_cluster(*[["--burst", "200"]] * 3)
    return relay, gateways, start_nginx(processes, gateways)


def start_nginx(processes: list, gateways: list[Gateway]) -> Nginx:
    """nginx in front of `gateways`, serving the GUI, killed with the test's other processes."""
    nginx = Nginx(gateways, WEB_ROOT)
    processes.append(nginx)
    return nginx


def get(url: str) -> tuple[int, dict, bytes]:
    with urllib.request.urlopen(url) as response:
        return response.status, dict(response.headers), response.read()


def test_nginx_serves_the_gui_with_caching_and_hides_metrics(stack):
    """Hashed assets are kept a year, everything else is revalidated; metrics are not public."""
    _, _, nginx = stack
    status, headers, body = get(nginx.page)
    assert status == 200 and b'<div id="root">' in body and headers["Cache-Control"] == "no-cache"
    script = body.decode().split('src="', 1)[1].split('"', 1)[0]
    status, headers, _ = get(nginx.page.rstrip("/") + script)
    assert status == 200 and "immutable" in headers["Cache-Control"]
    # The installable app: its worker, manifest and icons are revalidated, and the manifest has its own type.
    for path, kind in [("sw.js", "javascript"), ("manifest.webmanifest", "application/manifest+json"), ("icons/icon-192.png", "image/png")]:
        status, headers, _ = get(nginx.page + path)
        assert status == 200 and headers["Cache-Control"] == "no-cache" and kind in headers["Content-Type"], path
    status, _, _ = get(nginx.page + "some/client/route")
    assert status == 200, "unknown paths get the page (the GUI routes itself)"
    with pytest.raises(urllib.error.HTTPError) as hidden:
        get(nginx.page + "metrics")
    assert hidden.value.code == 404


def test_websocket_clients_are_spread_over_the_gateways_and_chat_across_them(stack):
    _, gateways, nginx = stack

    async def scenario():
        clients = []
        for i in range(6):
            ws = await websockets.connect(nginx.url, subprotocols=["privchat.v1"])
            await ws.send(json.dumps({"type": "hello", "name": f"user{i}"}))
            assert json.loads(await ws.recv())["type"] == "welcome"
            clients.append(ws)
        counts = [gateway.health()[1]["connections"] for gateway in gateways]
        assert sum(counts) == 6 and all(count >= 1 for count in counts), f"every gateway got clients: {counts}"
        await clients[0].send(json.dumps({"type": "say", "id": "1", "room": "lobby", "text": "through nginx"}))
        for ws in clients[1:]:
            while True:
                frame = json.loads(await asyncio.wait_for(ws.recv(), 5))
                if frame["type"] == "message":
                    assert frame["text"] == "through nginx"
                    break

    asyncio.run(scenario())


def test_the_seeds_plain_clients_work_through_nginx(stack):
    _, _, nginx = stack

    async def scenario():
        alice = Client(await websockets.connect(nginx.url), "alice")
        await alice.say("alice")
        bob = Client(await websockets.connect(nginx.url), "bob")
        await bob.say("bob")
        watcher = await ChatClient.open_url(nginx.url)
        await watcher.send({"type": "hello", "name": "watcher"})
        await watcher.next_of("welcome")
        await alice.say("hi bob")
        assert (await watcher.next_of("message"))["text"] == "hi bob"
        assert await bob.next() == "alice: hi bob"

    asyncio.run(scenario())


def test_a_killed_gateways_clients_reconnect_through_nginx_and_resume(stack):
    _, gateways, nginx = stack

    async def scenario():
        bots = [ChatCLI(nginx.url, "--name", f"bot{i}") for i in range(3)]
        await asyncio.sleep(0)  # let them connect; we wait on the gateways below
        for _ in range(200):
            if sum(gateway.health()[1]["connections"] for gateway in gateways) == 3:
                break
            await asyncio.sleep(0.05)
        before = [gateway.health()[1]["connections"] for gateway in gateways]
        speaker = await ChatClient.join_url(nginx.url, "speaker")
        after = [gateway.health()[1]["connections"] for gateway in gateways]
        # The victim: a gateway with bots on it, but not the speaker's.
        candidates = [g for g, b, a in zip(gateways, before, after) if a == b and b > 0]
        victim = max(candidates, key=lambda gateway: gateway.health()[1]["connections"])
        survivors = [gateway for gateway in gateways if gateway is not victim]
        victim.kill()
        for i in range(3):
            await speaker.say(f"after the crash {i}")
        for bot in bots:
            assert [bot.line(timeout=20) for _ in range(3)] == [f"[lobby] speaker: after the crash {i}" for i in range(3)]
        assert sum(gateway.health()[1]["connections"] for gateway in survivors) == 4
        for bot in bots:
            bot.close_input()
            assert bot.wait()[0] == 0

    asyncio.run(scenario())


def test_a_page_opened_through_nginx_connects_to_its_own_origin(stack):
    from browser import Browser, available

    if not available:
        pytest.skip("chromium and chromedriver are not installed")
    _, _, nginx = stack
    browser = Browser()
    try:
        browser.join(nginx.page, "viaproxy")
        browser.type("hello through the proxy")
        browser.wait(lambda _: any("hello through the proxy" in line and "sending" not in line for line in browser.messages()))
    finally:
        browser.quit()


def test_nginx_sends_the_security_headers_and_passes_origin_and_key_checks_through(start_cluster, processes):
    key = "nginx-test-key-0123456789"
    # At debug, where refused upgrades name the client's address.
    _, gateways = start_cluster(*[["--client-address-header", "X-Real-IP", "--log-level", "debug"]] * 2, env={"CHAT_ACCESS_KEY": key})
    nginx = start_nginx(processes, gateways)

    for path in ("", "assets/does-not-exist.js"):
        try:
            headers = get(nginx.page + path)[1]
        except urllib.error.HTTPError as error:
            headers = dict(error.headers)
        assert "script-src 'self'" in headers["Content-Security-Policy"] and headers["X-Frame-Options"] == "DENY"
    # The page's own origin, as the browser writes it (host and port), passes the gateway's origin check.
    own = f"http://127.0.0.1:{nginx.port}"
    assert upgrade_status(nginx.url + "?key=" + key, origin=own) == 101
    assert upgrade_status(nginx.url + "?key=" + key, origin="http://evil.example") == 403
    assert upgrade_status(nginx.url, subprotocols=["privchat.v1", "privchat.key." + key], origin=own) == 101
    assert upgrade_status(nginx.url, origin=own) == 401
    # The key in a seed client's URL is not in nginx's access log, nor in the gateways' logs.
    log = nginx.log_path.read_text()
    assert "GET /ws " in log and key not in log
    assert all(key not in gateway.log() for gateway in gateways)
    # Failed keys are counted for the client nginx names, not for nginx.
    refused = [line for gateway in gateways for line in gateway.log().splitlines() if "upgrade refused" in line]
    assert refused and all("client=127.0.0.1" in line for line in refused)

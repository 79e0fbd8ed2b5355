"""The access gate tried as an attacker would (issue 14, findings 2, 3, 5 and 6): forged Host and
X-Forwarded-* headers, many keys in one request, rotated and borrowed addresses, DNS rebinding, and more
connections or hellos than a gateway should hold. Each request is written by hand on a plain socket
(harness.raw_http) against the real processes, and through Debian's nginx running deploy/nginx where
nginx is in the path. The README's Privacy section points here."""

import asyncio
import json
import shutil

import pytest
import websockets

from browser import WEB_ROOT
from harness.nginx import Nginx
from harness.processes import Gateway
from harness.raw_http import basic, request, status
from harness.websocket import ChatClient

KEY = "k3y-For-The-Access-Tests_0123456789"
FORGED_LOCAL = [("X-Forwarded-For", "127.0.0.1"), ("X-Real-IP", "127.0.0.1"), ("X-Forwarded-Host", "localhost")]
needs_nginx = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")


def tunnel_gateway(processes, tmp_path, *extra: str) -> tuple[Gateway, str]:
    """A gateway with a tunnel agent configured (none answers) and so a generated key, kept in a file."""
    key_file = tmp_path / "tunnel-key"
    gateway = Gateway(extra=["--tunnel-api", "http://127.0.0.1:9/api/tunnels", "--tunnel-key-file", str(key_file), *extra])
    processes.append(gateway)
    gateway.wait_healthy()
    return gateway, key_file.read_text().strip()


def keyed_gateway(processes, *extra: str, relay=None) -> Gateway:
    gateway = Gateway(relay, extra=list(extra), env={"CHAT_ACCESS_KEY": KEY})
    processes.append(gateway)
    gateway.wait_healthy()
    return gateway


def share(port: int, headers: list[tuple[str, str]] = (), host: str | None = None) -> tuple[int, dict | bytes]:
    code, _, body = request(port, "/api/share", headers, upgrade=False, host=host)
    return code, json.loads(body) if code == 200 else body


def test_with_a_tunnel_the_key_is_required_whatever_host_and_forwarding_headers_say(processes, tmp_path):
    gateway, key = tunnel_gateway(processes, tmp_path)
    for host in ("localhost", f"localhost:{gateway.port}", "127.0.0.1", "[::1]:8000"):
        assert status(gateway.port, host=host) == 401, host
        assert status(gateway.port, headers=FORGED_LOCAL, host=host) == 401, host
    assert status(gateway.port, f"/ws?key={key}", host="localhost") == 101
    assert status(gateway.port, headers=[("Authorization", f"Bearer {key}")], host="abc.trycloudflare.com") == 101


@needs_nginx
def test_through_nginx_a_request_saying_localhost_gets_no_key_and_no_entry(start_cluster, processes, tmp_path):
    key_file = tmp_path / "tunnel-key"
    options = ["--tunnel-api", "http://127.0.0.1:9/api/tunnels", "--tunnel-key-file", str(key_file)]
    _, gateways = start_cluster(options, options)
    nginx = Nginx(gateways, WEB_ROOT)
    processes.append(nginx)
    key = key_file.read_text().strip()
    for host in ("localhost", "127.0.0.1"):
        assert status(nginx.port, headers=FORGED_LOCAL, host=host) == 401
        code, answer = share(nginx.port, FORGED_LOCAL, host=host)
        assert code == 200 and answer["key_required"] is True and "invite" not in answer, answer
    assert status(nginx.port, f"/ws?key={key}") == 101
    code, answer = share(nginx.port, [("Authorization", f"Bearer {key}")])
    assert code == 200 and answer["invite"].endswith(f"#key={key}")


def test_the_invite_goes_only_to_a_request_that_presents_the_key(processes, tmp_path):
    gateway, key = tunnel_gateway(processes, tmp_path)
    code, answer = share(gateway.port, host="localhost")
    assert code == 200 and answer["key_required"] is True and "invite" not in answer
    for presented in ([("Authorization", f"Bearer {key}")], [basic("me", key)], [("Sec-WebSocket-Protocol", f"privchat.key.{key}")]):
        code, answer = share(gateway.port, presented)
        assert code == 200 and answer["invite"].endswith(f"#key={key}"), presented
    code, _, _ = request(gateway.port, f"/api/share?key={key}", upgrade=False)
    assert code == 200
    assert share(gateway.port, [("Authorization", "Bearer wrong-wrong-wrong-wrong")])[0] == 401
    assert share(gateway.port, [("Authorization", f"Bearer {key}"), basic("me", key)])[0] == 400


def test_several_keys_in_one_request_are_refused_whatever_their_mix(processes):
    gateway = keyed_gateway(processes)
    guesses = "&".join(f"key=guess-{n:012d}" for n in range(200))
    assert status(gateway.port, f"/ws?{guesses}&key={KEY}") == 400, "200 guesses and the key in one request"
    code, _, body = request(gateway.port, f"/ws?key={KEY}", [("Authorization", f"Bearer {KEY}")])
    assert code == 400 and b"several access keys" in body
    assert status(gateway.port, headers=[basic("x", KEY), ("Sec-WebSocket-Protocol", f"privchat.v1, privchat.key.{KEY}")]) == 400
    assert status(gateway.port, headers=[("Sec-WebSocket-Protocol", f"privchat.key.{KEY}, privchat.key.guess-000000000000")]) == 400
    assert status(gateway.port, f"/ws?key={KEY}") == 101


def test_the_key_may_be_a_urls_password_which_websockets_sends_as_basic_authentication(processes):
    gateway = keyed_gateway(processes)

    async def scenario():
        client = await ChatClient.join_url(f"ws://anyone:{KEY}@127.0.0.1:{gateway.port}/ws", "basic")
        id = await client.say("in without a query string")
        assert (await client.next_of("ack"))["id"] == id
        await client.close()
        with pytest.raises(websockets.InvalidStatus):
            await websockets.connect(f"ws://anyone:wrong-{KEY}@127.0.0.1:{gateway.port}/ws", open_timeout=5)

    asyncio.run(scenario())
    assert KEY not in gateway.log()


def test_a_forwarded_address_is_not_believed_without_a_trusted_proxy(processes):
    """Rotating X-Real-IP must not buy fresh guesses, nor lock out the address it names."""
    gateway = keyed_gateway(processes, "--client-address-header", "X-Real-IP")
    statuses = [status(gateway.port, f"/ws?key=guess-{n:012d}", [("X-Real-IP", f"198.51.100.{n}")]) for n in range(11)]
    assert statuses == [401] * 10 + [429]
    assert status(gateway.port, f"/ws?key={KEY}", source="127.0.0.2") == 101, "another client is not locked out"


def test_a_trusted_proxys_header_counts_each_visitor_and_ipv6_per_slash_64(processes):
    gateway = keyed_gateway(processes, "--client-address-header", "X-Real-IP", "--trusted-proxy", "127.0.0.3/32")
    as_proxy = {"source": "127.0.0.3"}
    # Visitors behind the proxy are counted apart: one guessing does not lock out the next.
    assert [status(gateway.port, f"/ws?key=guess-{n:012d}", [("X-Real-IP", "198.51.100.7")], **as_proxy) for n in range(11)] == [401] * 10 + [429]
    assert status(gateway.port, f"/ws?key={KEY}", [("X-Real-IP", "198.51.100.8")], **as_proxy) == 101
    # An IPv6 visitor holds a /64: a fresh address in it for each guess does not help.
    addresses = [f"2001:db8:5:6::{n:x}" for n in range(1, 12)]
    assert [status(gateway.port, f"/ws?key=guess-{n:012d}", [("X-Real-IP", a)], **as_proxy) for n, a in enumerate(addresses)] == [401] * 10 + [429]
    assert status(gateway.port, f"/ws?key={KEY}", [("X-Real-IP", "2001:db8:5:7::1")], **as_proxy) == 101
    # The same header from a peer that is no trusted proxy is ignored: its own address is counted.
    assert [status(gateway.port, f"/ws?key=guess-{n:012d}", [("X-Real-IP", f"203.0.113.{n}")], source="127.0.0.4") for n in range(11)] == [401] * 10 + [429]


@needs_nginx
def test_nginx_believes_x_forwarded_for_only_from_the_tunnel_sidecars(start_cluster, processes):
    # One gateway: each gateway counts failures of its own.
    _, gateways = start_cluster(["--client-address-header", "X-Real-IP", "--trusted-proxy", "127.0.0.1/32"], env={"CHAT_ACCESS_KEY": KEY})
    # 127.0.0.5 plays a tunnel sidecar: the only peer whose X-Forwarded-For nginx believes.
    nginx = Nginx(gateways, WEB_ROOT, trusted_proxies=("127.0.0.5",))
    processes.append(nginx)
    # An attacker naming the victim (127.0.0.2) in X-Forwarded-For is counted as itself...
    attempts = [status(nginx.port, f"/ws?key=guess-{n:012d}", [("X-Forwarded-For", "127.0.0.2")]) for n in range(11)]
    assert attempts == [401] * 10 + [429]
    # ...so the victim is not locked out, and rotating the header bought the attacker nothing.
    assert status(nginx.port, f"/ws?key={KEY}", source="127.0.0.2") == 101
    assert status(nginx.port, f"/ws?key={KEY}", [("X-Forwarded-For", "192.0.2.99")]) == 429
    # Through the sidecar, each visitor is counted apart, by the address the agent appended.
    tunnel = {"source": "127.0.0.5"}
    assert [status(nginx.port, f"/ws?key=guess-{n:012d}", [("X-Forwarded-For", "198.51.100.7")], **tunnel) for n in range(11)] == [401] * 10 + [429]
    assert status(nginx.port, f"/ws?key={KEY}", [("X-Forwarded-For", "198.51.100.7, 198.51.100.8")], **tunnel) == 101


def test_an_open_chat_answers_only_to_its_own_hosts(processes):
    """DNS rebinding: evil.example re-pointed at 127.0.0.1 makes the chat the page's own origin."""
    gateway = Gateway(extra=["--public-url", "wss://chat.example.org/ws"])
    processes.append(gateway)
    gateway.wait_healthy()
    evil = f"rebind.evil.example:{gateway.port}"
    code, _, body = request(gateway.port, headers=[("Origin", f"http://{evil}")], host=evil)
    assert code == 421 and b"does not answer to the host" in body
    assert request(gateway.port, "/api/share", upgrade=False, host=evil)[0] == 421
    assert request(gateway.port, "/", upgrade=False, host=evil)[0] == 421
    for host in (f"localhost:{gateway.port}", f"127.0.0.1:{gateway.port}", "chat.example.org", f"[::1]:{gateway.port}"):
        assert status(gateway.port, host=host) == 101, host
        assert request(gateway.port, "/api/share", upgrade=False, host=host)[0] == 200, host


@needs_nginx
def test_through_nginx_an_open_chat_still_refuses_a_rebound_host(start_cluster, processes):
    _, gateways = start_cluster([], [])
    nginx = Nginx(gateways, WEB_ROOT)
    processes.append(nginx)
    assert status(nginx.port, host="rebind.evil.example") == 421
    assert request(nginx.port, "/healthz", upgrade=False, host="rebind.evil.example")[0] == 421
    assert status(nginx.port) == 101 and request(nginx.port, "/healthz", upgrade=False)[0] == 200


def test_at_max_connections_new_upgrades_get_503_until_one_leaves(processes):
    gateway = Gateway(extra=["--max-connections", "3"])
    processes.append(gateway)
    gateway.wait_healthy()

    async def scenario():
        held = [await ChatClient.join(gateway, f"holder{n}") for n in range(3)]
        code, headers, body = await asyncio.to_thread(request, gateway.port)
        assert code == 503 and int(headers["retry-after"]) >= 1 and b"full" in body
        await held.pop().close()
        await asyncio.to_thread(gateway.wait_connections, 2)
        latecomer = await ChatClient.join(gateway, "latecomer")
        for client in held + [latecomer]:
            await client.close()

    asyncio.run(scenario())


def test_hello_after_hello_is_paced_and_the_gateway_carries_on(processes):
    gateway = Gateway()
    processes.append(gateway)
    gateway.wait_healthy()

    async def scenario():
        owner = await ChatClient.join(gateway, "taken")
        pest = await ChatClient.open(gateway)
        for _ in range(40):
            await pest.send({"type": "hello", "name": "taken"})
        codes = [(await pest.next_of("error", timeout=10))["code"] for _ in range(40)]
        assert "rate_limited" in codes and codes.count("name_taken") <= 6, codes
        id = await owner.say("still here")
        assert (await owner.next_of("ack"))["id"] == id
        await pest.close()
        await owner.close()

    asyncio.run(scenario())
    assert gateway.alive


@needs_nginx
def test_nginx_limits_connections_per_client(start_cluster, processes):
    _, gateways = start_cluster([])
    nginx = Nginx(gateways, WEB_ROOT, connections_per_client=2)
    processes.append(nginx)

    async def scenario():
        held = [await websockets.connect(nginx.url) for _ in range(2)]
        assert await asyncio.to_thread(status, nginx.port) == 503
        assert await asyncio.to_thread(status, nginx.port, source="127.0.0.2") == 101, "another client is not affected"
        for connection in held:
            await connection.close()

    asyncio.run(scenario())

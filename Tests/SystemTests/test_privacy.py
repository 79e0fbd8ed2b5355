"""Privacy at the gateway: the access key, the origin check, secure headers, TLS, and no secrets in logs.

Each test backs a claim of the README's "Privacy" section.
"""

import asyncio
import json
import ssl
import subprocess
import time
import urllib.error
import urllib.request

import pytest
import websockets

from harness import BIN_DIR
from harness.processes import Gateway, Relay
from harness.websocket import ChatClient, Client, upgrade_status

KEY = "k3y-For-The-Tests_0123456789.~"


def refusal(url: str, **options):
    async def attempt():
        with pytest.raises(websockets.InvalidStatus) as refused:
            async with websockets.connect(url, open_timeout=5, **options):
                pass
        return refused.value.response

    return asyncio.run(attempt())


def keyed_gateway(processes, *extra: str) -> Gateway:
    gateway = Gateway(extra=["--log-level", "trace", *extra], env={"CHAT_ACCESS_KEY": KEY})
    processes.append(gateway)
    gateway.wait_healthy()
    return gateway


def test_without_the_key_the_upgrade_is_refused_with_401(processes):
    gateway = keyed_gateway(processes)
    response = refusal(gateway.url)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="chat"'
    assert upgrade_status(gateway.url, additional_headers={"Authorization": "Bearer wrong-key-wrong-key"}) == 401
    assert upgrade_status(gateway.url + "?key=" + KEY[:-1]) == 401
    assert upgrade_status(gateway.url, subprotocols=["privchat.v1", "privchat.key." + KEY + "x"]) == 401
    assert gateway.health()[1]["connections"] == 0


def test_the_key_is_accepted_as_header_subprotocol_or_query_and_they_chat(processes):
    gateway = keyed_gateway(processes)

    async def scenario():
        by_header = await websockets.connect(gateway.url, additional_headers={"Authorization": f"Bearer {KEY}"})
        by_query = await websockets.connect(gateway.url + "?key=" + KEY)
        by_subprotocol = await websockets.connect(gateway.url, subprotocols=["privchat.v1", "privchat.key." + KEY])
        # The key is never echoed back: the server picks privchat.v1.
        assert by_subprotocol.subprotocol == "privchat.v1"
        await by_header.send("alice")
        await by_query.send("bob")
        v1 = ChatClient(by_subprotocol, None)
        await v1.send({"type": "hello", "name": "carol"})
        assert (await v1.next())["type"] == "welcome"
        await gateway_connections(gateway, 3)
        await by_header.send("hello from alice")
        assert "hello from alice" in await asyncio.wait_for(by_query.recv(), 5)
        message = await v1.next_of("message")
        assert (message["from"], message["text"]) == ("alice", "hello from alice")
        for ws in (by_header, by_query, by_subprotocol):
            await ws.close()

    asyncio.run(scenario())


async def gateway_connections(gateway: Gateway, count: int):
    await asyncio.get_running_loop().run_in_executor(None, gateway.wait_connections, count)


def test_the_key_and_message_text_never_reach_the_log_even_at_trace_level(processes):
    gateway = keyed_gateway(processes)
    secret_text = "the-launch-code-is-0000"

    async def scenario():
        alice = await websockets.connect(gateway.url + "?key=" + KEY)
        bob = await websockets.connect(gateway.url, subprotocols=["privchat.v1", "privchat.key." + KEY])
        await alice.send("alice")
        v1 = ChatClient(bob, None)
        await v1.send({"type": "hello", "name": "bob"})
        await v1.next_of("welcome")
        await gateway_connections(gateway, 2)
        await alice.send(secret_text)
        assert (await v1.next_of("message"))["text"] == secret_text
        await v1.say("a reply nobody logs")
        await asyncio.wait_for(alice.recv(), 5)
        await alice.close()
        await bob.close()

    asyncio.run(scenario())
    assert upgrade_status(gateway.url + "?key=wrong-" + KEY) == 401
    gateway.terminate()
    log = gateway.log()
    assert "level=trace" in log, "the gateway did not log at trace level: the test would prove nothing"
    for secret in (KEY, "wrong-" + KEY, secret_text, "a reply nobody logs"):
        assert secret not in log
    assert 'msg="upgrade refused"' in log and "reason=\"wrong access key\"" in log


def test_repeated_wrong_keys_are_rate_limited_per_address(processes):
    gateway = keyed_gateway(processes)
    statuses = [upgrade_status(gateway.url + f"?key=guess-{n:012d}") for n in range(10)]
    assert statuses == [401] * 10
    response = refusal(gateway.url + "?key=" + KEY)
    assert response.status_code == 429, "the right key must not help an address that is guessing"
    assert 1 <= int(response.headers["Retry-After"]) <= 60


def test_cross_site_pages_cannot_open_the_socket(processes):
    gateway = Gateway(extra=["--allowed-origin", "https://chat.example.org"])
    processes.append(gateway)
    port = gateway.port
    assert upgrade_status(gateway.url, origin="http://evil.example") == 403
    assert upgrade_status(gateway.url, origin="http://localhost.evil.example") == 403
    # A page on this machine (the GUI's dev server) may talk to a gateway addressed as this machine.
    assert upgrade_status(gateway.url, origin="http://localhost:5173") == 101
    # Its own pages, however the host is written, the listed origin, and clients that send no Origin.
    assert upgrade_status(gateway.url, origin=f"http://127.0.0.1:{port}") == 101
    assert upgrade_status(f"ws://localhost:{port}/ws", origin=f"http://localhost:{port}") == 101
    assert upgrade_status(gateway.url, origin="https://chat.example.org") == 101
    assert upgrade_status(gateway.url) == 101
    # Behind a proxy that passes the original host on.
    assert upgrade_status(gateway.url, origin="https://chat.example.net", additional_headers={"X-Forwarded-Host": "chat.example.net"}) == 101


def test_the_gui_is_served_with_a_strict_content_security_policy(processes):
    gateway = Gateway()
    processes.append(gateway)
    gateway.wait_healthy()
    for path in ("/", "/api/share", "/healthz"):
        with urllib.request.urlopen(f"http://127.0.0.1:{gateway.port}{path}") as response:
            policy = response.headers["Content-Security-Policy"]
            assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
            assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["Referrer-Policy"] == "no-referrer"


def make_certificate(folder) -> tuple[str, str]:
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(certificate), "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return str(certificate), str(key)


def test_tls_serves_wss_and_https_with_a_self_signed_certificate(processes, tmp_path):
    certificate, key = make_certificate(tmp_path)
    gateway = Gateway(extra=["--tls-cert", certificate, "--tls-key", key])
    processes.append(gateway)
    context = ssl.create_default_context(cafile=certificate)
    wait_for_tls_connections(gateway, context, 0)
    assert f"open https://localhost:{gateway.port}/" in gateway.announcement
    assert f"wss://localhost:{gateway.port}/ws" in gateway.announcement
    url = f"wss://localhost:{gateway.port}/ws"

    async def scenario():
        alice = await websockets.connect(url, ssl=context)
        await alice.send("alice")
        bob = await websockets.connect(url, ssl=context)
        await bob.send("bob")
        await asyncio.get_running_loop().run_in_executor(None, lambda: wait_for_tls_connections(gateway, context, 2))
        await alice.send("over TLS")
        assert await asyncio.wait_for(bob.recv(), 5) == "alice: over TLS"
        await alice.close()
        await bob.close()
        # A client that does not trust the certificate is refused by its own TLS check.
        with pytest.raises(ssl.SSLCertVerificationError):
            await websockets.connect(url, ssl=ssl.create_default_context())

    asyncio.run(scenario())
    with urllib.request.urlopen(f"https://localhost:{gateway.port}/healthz", context=context) as response:
        assert json.loads(response.read())["status"] == "ok"
    # Plain HTTP on the TLS port gets nowhere.
    with pytest.raises(Exception):
        urllib.request.urlopen(f"http://127.0.0.1:{gateway.port}/healthz", timeout=3)


def wait_for_tls_connections(gateway: Gateway, context: ssl.SSLContext, count: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"https://localhost:{gateway.port}/healthz", context=context) as response:
                if json.loads(response.read())["connections"] == count:
                    return
        except urllib.error.HTTPError:
            pass  # 503 until the relay link is up
        time.sleep(0.02)
    raise TimeoutError(f"never {count} connections")


def test_a_missing_certificate_stops_the_gateway_at_start(tmp_path):
    result = subprocess.run(
        [str(BIN_DIR / "chat-gateway"), "--port", "0", "--tls-cert", str(tmp_path / "nope.pem"), "--tls-key", str(tmp_path / "nope.key")],
        capture_output=True, text=True, timeout=20,
    )  # fmt: skip
    assert result.returncode != 0
    assert result.stdout == ""


def test_tls_flags_go_together():
    result = subprocess.run([str(BIN_DIR / "chat-gateway"), "--tls-cert", "x.pem"], capture_output=True, text=True, timeout=20)
    assert result.returncode == 64
    assert "--tls-cert and --tls-key go together" in result.stderr


def test_message_text_is_in_no_log_and_no_metric_of_the_relay_or_the_gateways(processes):
    relay = Relay(extra=["--log-level", "trace"])
    processes.append(relay)
    gateways = [Gateway(relay, extra=["--log-level", "trace"]) for _ in range(2)]
    processes.extend(gateways)
    for gateway in gateways:
        gateway.wait_healthy()
    texts = ["plain-mode-secret-4711", "v1-secret-0815", "a /me secret 1234", "dm-secret-42"]

    async def scenario():
        alice = await Client.join(gateways[0], "alice")
        bob = await ChatClient.join(gateways[1], "bob")
        await gateway_connections(gateways[0], 1)
        await alice.say(texts[0])
        assert (await bob.next_of("message"))["text"] == texts[0]
        await bob.say(texts[1])
        await bob.say(texts[2], action=True)
        await bob.send({"type": "dm", "id": "d1", "to": "alice", "text": texts[3]})
        received = await alice.take(3)
        assert all(any(text in line for line in received) for text in texts[1:])
        await alice.close()
        await bob.close()

    asyncio.run(scenario())
    metrics = relay.metrics() + "".join(gateway.metrics() for gateway in gateways)
    for process in (relay, *gateways):
        process.terminate()
    logs = relay.log() + "".join(gateway.log() for gateway in gateways)
    assert logs.count('level=trace') >= 5, "nothing was logged at trace level: the test would prove nothing"
    for text in texts:
        assert text not in logs and text not in metrics

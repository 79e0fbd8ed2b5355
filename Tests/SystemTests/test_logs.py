"""What the logs hold: never a byte of a message nor a key, at any level, through any encoding; peer
addresses only at debug; the generated key only on a terminal. Each test backs a line of the README's
"What is logged"."""

import asyncio
import base64
import os
import pty
import re
import select
import shutil
import subprocess
import time

import pytest

from browser import WEB_ROOT
from harness import BIN_DIR
from harness.nginx import Nginx
from harness.processes import Gateway
from harness.websocket import ChatClient, Client, upgrade_status
from test_sharing import RecordedAgent

KEY = "a-Key-nobody-logs_0123456789.~"
SECRET = "zebra-falcon-7319"
"""Short enough (17 bytes) that a dump of a frame's first bytes holds all of it."""


def encodings(text: str) -> list[str]:
    """`text` as a log could hold it, lowercased and without spaces to compare with a log treated alike:
    itself, its hex (with or without spaces, any case), and its base64 at each of the three alignments it
    could have inside longer data."""
    data = text.encode()
    found = [text.lower(), data.hex()]
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + data).decode()
        core = encoded[4 if shift else 0 : -4]  # the characters that depend on `text` alone
        found += [core.lower(), core.replace("+", "-").replace("/", "_").lower()]
    return found


def assert_nowhere(secret: str, log: str) -> None:
    flattened = log.lower().replace(" ", "").replace("\\n", "")
    for form in encodings(secret):
        assert form not in flattened, f"{secret!r} is in the log as {form!r}"


def test_no_byte_of_a_message_nor_the_key_is_logged_at_trace_level_in_any_encoding(processes):
    gateway = Gateway(extra=["--log-level", "trace"], env={"CHAT_ACCESS_KEY": KEY})
    processes.append(gateway)
    gateway.wait_healthy()
    gateway.url += "?key=" + KEY  # every client below presents the key in its URL

    async def scenario():
        alice = await Client.join(gateway, "alice")
        bob = await Client.join(gateway, "bob")
        carol = await ChatClient.join(gateway, "carol")
        await asyncio.get_running_loop().run_in_executor(None, gateway.wait_connections, 3)
        await alice.say(SECRET)  # a plain frame: the text is its first bytes
        assert await bob.next() == f"alice: {SECRET}"
        assert (await carol.next_of("message"))["text"] == SECRET
        await carol.say(SECRET[::-1])
        assert await bob.next() == f"carol: {SECRET[::-1]}"
        for client in (alice, bob, carol):
            await client.close()

    asyncio.run(scenario())
    gateway.terminate()
    log = gateway.log()
    for secret in (SECRET, SECRET[::-1], f"alice: {SECRET}", KEY):
        assert_nowhere(secret, log)
    assert re.search(r'level=trace .*msg="frame received"', log), "nothing of ours was logged at trace: the test would prove nothing"


def test_the_scan_would_see_a_hex_dump_of_the_message():
    """The check above is not blind: the dump swift-websocket writes at trace is caught by it."""
    dump = " ".join(f"{byte:02x}" for byte in SECRET.encode())
    with pytest.raises(AssertionError):
        assert_nowhere(SECRET, f"level=trace msg=\"Received WebSocketFrame(text, data: {{bytes: [ {dump} ]}})\"")
    with pytest.raises(AssertionError):
        assert_nowhere(SECRET, "x=" + base64.b64encode(b"ab" + SECRET.encode()).decode())


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_writes_no_key_into_its_error_log_when_the_gateways_are_down(processes):
    gateway = Gateway(env={"CHAT_ACCESS_KEY": KEY})
    processes.append(gateway)
    gateway.wait_healthy()
    nginx = Nginx([gateway], WEB_ROOT)
    processes.append(nginx)
    # Keyed requests are still proxied, the query with them: the seed's clients keep working.
    assert upgrade_status(nginx.url + "?key=" + KEY) == 101
    assert upgrade_status(nginx.url + "?room=x&key=" + KEY) == 101
    gateway.kill()
    for query in ("?key=" + KEY, "?a=1&key=" + KEY, "?KEY=" + KEY, "?marker=logged-request-line"):
        assert upgrade_status(nginx.url + query) == 502
    nginx.kill()
    log = nginx.log_path.read_text(errors="replace")
    # The error log does write request lines (so the test could fail), only never one with a key.
    assert "while connecting to upstream" in log and "/ws?marker=logged-request-line" in log
    assert KEY not in log


def test_a_generated_tunnel_key_is_not_printed_where_standard_output_is_not_a_terminal(processes, tmp_path):
    agent = RecordedAgent("/api/tunnels", "ngrok-api-tunnels.json")
    key_file = tmp_path / "tunnel-key"
    try:
        gateway = Gateway(extra=["--tunnel-api", agent.url, "--tunnel-key-file", str(key_file)])
        processes.append(gateway)
        line = gateway.next_line()
        key = key_file.read_text().strip()
        assert line == (
            "Private Chat is public: open https://5b1c-203-0-113-7.ngrok-free.app/ in a browser, or connect to "
            f"wss://5b1c-203-0-113-7.ngrok-free.app/ws  (via ngrok; the key is required: it is in {key_file})"
        )
        in_memory = Gateway(extra=["--tunnel-api", agent.url])
        processes.append(in_memory)
        line = in_memory.next_line()
        assert "not shown here as this is not a terminal" in line and "#key=" not in line
        gateway.terminate()
        assert key not in gateway.log()
    finally:
        agent.close()


def test_a_generated_tunnel_key_is_printed_to_an_interactive_terminal(tmp_path):
    agent = RecordedAgent("/api/tunnels", "ngrok-api-tunnels.json")
    key_file = tmp_path / "tunnel-key"
    controller, terminal = pty.openpty()
    log = tmp_path / "gateway.log"
    gateway = subprocess.Popen(
        [str(BIN_DIR / "chat-gateway"), "--port", "0", "--tunnel-api", agent.url, "--tunnel-key-file", str(key_file)],
        stdin=subprocess.DEVNULL, stdout=terminal, stderr=open(log, "wb"),
    )  # fmt: skip
    os.close(terminal)
    try:
        shown = read_until(controller, b"Private Chat is public", timeout=20)
        key = key_file.read_text().strip()
        assert f"#key={key} in a browser" in shown and f"/ws?key={key} " in shown
        gateway.terminate()
        gateway.wait(5)
        assert key not in log.read_text()
    finally:
        gateway.kill()
        os.close(controller)
        agent.close()


def read_until(descriptor: int, marker: bytes, timeout: float) -> str:
    """What a terminal shows, up to the end of the line holding `marker`."""
    seen = b""
    deadline = time.monotonic() + timeout
    while not (marker in seen and seen.endswith(b"\n") or marker in seen and b"\n" in seen.split(marker, 1)[1]):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([descriptor], [], [], remaining)[0]:
            raise TimeoutError(f"the terminal never showed {marker!r}: {seen!r}")
        seen += os.read(descriptor, 4096)
    return seen.decode(errors="replace")


def test_peer_addresses_are_logged_at_debug_but_not_at_info(processes):
    def run(level: str) -> tuple[str, list[int]]:
        gateway = Gateway(extra=["--log-level", level], env={"CHAT_ACCESS_KEY": KEY})
        processes.append(gateway)
        gateway.wait_healthy()
        ports = []

        async def scenario():
            client = await ChatClient.join_url(f"{gateway.url}?key={KEY}", "bob")
            ports.append(client.ws.local_address[1])
            await client.close()

        asyncio.run(scenario())
        assert upgrade_status(gateway.url + "?key=not-the-key-0123456789") == 401
        gateway.terminate()
        return gateway.log(), ports

    info, ports = run("info")
    assert 'msg="client hello"' in info and 'msg="upgrade refused"' in info
    assert "peer=" not in info and "client=" not in info
    assert not any(f":{port}" in info for port in ports)
    debug, ports = run("debug")
    assert any(f":{port}" in line for line in debug.splitlines() if "peer=" in line for port in ports)
    assert "client=127.0.0.1" in debug

"""How people are invited: the public URL, configured or discovered from a tunnel agent's local API."""

import http.server
import json
import threading
import urllib.request

import pytest

from harness import ROOT
from harness.ports import free_port_block
from harness.processes import Gateway
from harness.websocket import upgrade_status, upgrade_status_as

FIXTURES = ROOT / "Tests" / "Fixtures" / "tunnel"


class RecordedAgent:
    """Answers like a tunnel agent's local API, from a recorded response."""

    def __init__(self, path: str, fixture: str):
        body = (FIXTURES / fixture).read_bytes()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                status = 200 if self.path == path else 404
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                if status == 200:
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port_block(1)), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{path}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def share(gateway: Gateway, key: str | None = None) -> dict:
    """The gateway's /api/share, asked with `key` (as the GUI sends its tab's) or without one."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    request = urllib.request.Request(f"http://127.0.0.1:{gateway.port}/api/share", headers=headers)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


@pytest.mark.parametrize(
    ("path", "fixture", "page", "url", "agent"),
    [
        ("/api/tunnels", "ngrok-api-tunnels.json", "https://5b1c-203-0-113-7.ngrok-free.app/", "wss://5b1c-203-0-113-7.ngrok-free.app/ws", "ngrok"),
        ("/quicktunnel", "cloudflared-quicktunnel.json", "https://rarely-gentle-otter-fields.trycloudflare.com/", "wss://rarely-gentle-otter-fields.trycloudflare.com/ws", "cloudflared"),
    ],
)
def test_a_tunnels_public_url_is_discovered_printed_and_shared(processes, tmp_path, path, fixture, page, url, agent):
    agent_api = RecordedAgent(path, fixture)
    key_file = tmp_path / "tunnel-key"
    try:
        # The first agent does not run (its profile is off): it is skipped quietly.
        gateway = Gateway(extra=["--tunnel-api", "http://127.0.0.1:1/api/tunnels", "--tunnel-api", agent_api.url, "--tunnel-key-file", str(key_file)])
        processes.append(gateway)
        # With a tunnel and no key of its own, the gateway makes one; its links are printed on a terminal
        # only (test_logs.py), so here the line names the key's file.
        line = gateway.next_line()
        key = key_file.read_text().strip()
        assert line == f"Private Chat is public: open {page} in a browser, or connect to {url}  (via {agent}; the key is required: it is in {key_file})"
        assert share(gateway, key) == {"page": page, "url": url, "source": agent, "key_required": True, "invite": f"{page}#key={key}"}
        assert share(gateway) == {"page": page, "url": url, "source": agent, "key_required": True}, "no invite without the key"
        assert key not in gateway.log()
        assert "level=warning" not in gateway.log() and "level=error" not in gateway.log()
    finally:
        agent_api.close()


def test_without_a_tunnel_the_seeds_url_is_printed_and_shared(processes):
    gateway = Gateway(extra=["--public-url", "ws://localhost:8000/ws"])
    processes.append(gateway)
    assert gateway.announcement.startswith("Private Chat is running: connect to ws://localhost:8000/ws  (listening on 127.0.0.1:")
    assert share(gateway) == {"page": "http://localhost:8000/", "url": "ws://localhost:8000/ws", "source": "configured", "key_required": False}


def test_the_guis_share_box_shows_the_public_address(processes, tmp_path):
    from browser import WEB_ROOT, Browser, available

    if not available:
        pytest.skip("chromium and chromedriver are not installed")
    agent_api = RecordedAgent("/api/tunnels", "ngrok-api-tunnels.json")
    browser = None
    try:
        key_file = tmp_path / "tunnel-key"
        gateway = Gateway(extra=["--web-root", str(WEB_ROOT), "--tunnel-api", agent_api.url, "--tunnel-key-file", str(key_file)])
        processes.append(gateway)
        gateway.next_line()
        key = key_file.read_text().strip()
        browser = Browser()
        # The person at the machine opens the invite link: nothing else lets anyone in.
        browser.join(f"http://127.0.0.1:{gateway.port}/#key={key}", "host")
        browser.driver.find_element("xpath", "//button[.='Invite']").click()
        panel = browser.wait(lambda d: d.find_element("id", "share-panel"))
        # The page came in with the key, so the Invite box shows the link to pass on.
        browser.wait(lambda _: f"chat --key {key} wss://5b1c-203-0-113-7.ngrok-free.app/ws" in panel.text)
        assert f"https://5b1c-203-0-113-7.ngrok-free.app/#key={key}" in panel.text
    finally:
        if browser:
            browser.quit()
        agent_api.close()


def test_a_tunnels_generated_key_is_shared_by_gateways_and_required_from_everyone(processes, tmp_path):
    """The tunnel brings the internet, and no request can prove it comes from the machine itself:
    addressed as localhost or not, everyone presents the key (test_access.py tries the forged headers)."""
    agent_api = RecordedAgent("/api/tunnels", "ngrok-api-tunnels.json")
    key_file = tmp_path / "tunnel-key"
    try:
        gateways = [Gateway(extra=["--tunnel-api", agent_api.url, "--tunnel-key-file", str(key_file)]) for _ in range(2)]
        processes.extend(gateways)
        key = key_file.read_text().strip()
        assert len(key) == 43 and oct(key_file.stat().st_mode & 0o777) == "0o600"
        # Gateways sharing the file share the key; neither prints it where it is not a terminal.
        first, second = gateways
        assert "#key=" not in first.next_line() and "#key=" not in second.next_line()
        public = "5b1c-203-0-113-7.ngrok-free.app"
        for gateway in gateways:
            assert upgrade_status(gateway.url) == 401
            assert upgrade_status(f"ws://localhost:{gateway.port}/ws") == 401
            assert upgrade_status(f"ws://localhost:{gateway.port}/ws?key={key}") == 101
            assert upgrade_status_as(public, gateway.port) == 401
            assert upgrade_status_as(public, gateway.port, "?key=" + key) == 101
        # The invite with the key goes to those who have it already.
        request = urllib.request.Request(f"http://127.0.0.1:{first.port}/api/share", headers={"Host": "localhost"})
        with urllib.request.urlopen(request) as response:
            assert "invite" not in json.loads(response.read())
        assert share(first, key)["invite"] == f"https://{public}/#key={key}"
    finally:
        agent_api.close()


def test_an_explicit_key_is_required_even_from_localhost(processes):
    agent_api = RecordedAgent("/api/tunnels", "ngrok-api-tunnels.json")
    try:
        gateway = Gateway(extra=["--tunnel-api", agent_api.url], env={"CHAT_ACCESS_KEY": "an-explicit-key-0123456789"})
        processes.append(gateway)
        line = gateway.next_line()
        assert "#key=" not in line and "an-explicit-key" not in line
        assert upgrade_status(gateway.url) == 401
        assert upgrade_status(gateway.url + "?key=an-explicit-key-0123456789") == 101
        assert "invite" not in share(gateway) and share(gateway)["key_required"] is True
    finally:
        agent_api.close()

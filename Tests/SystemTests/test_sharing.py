"""How people are invited: the public URL, configured or discovered from a tunnel agent's local API."""

import http.server
import json
import threading
import urllib.request

import pytest

from harness import ROOT, Gateway, free_port_block

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


def share(gateway: Gateway) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{gateway.port}/api/share") as response:
        return json.loads(response.read())


@pytest.mark.parametrize(
    ("path", "fixture", "page", "url", "agent"),
    [
        ("/api/tunnels", "ngrok-api-tunnels.json", "https://5b1c-203-0-113-7.ngrok-free.app/", "wss://5b1c-203-0-113-7.ngrok-free.app/ws", "ngrok"),
        ("/quicktunnel", "cloudflared-quicktunnel.json", "https://rarely-gentle-otter-fields.trycloudflare.com/", "wss://rarely-gentle-otter-fields.trycloudflare.com/ws", "cloudflared"),
    ],
)
def test_a_tunnels_public_url_is_discovered_printed_and_shared(processes, path, fixture, page, url, agent):
    agent_api = RecordedAgent(path, fixture)
    try:
        # The first agent does not run (its profile is off): it is skipped quietly.
        gateway = Gateway(extra=["--tunnel-api", "http://127.0.0.1:1/api/tunnels", "--tunnel-api", agent_api.url])
        processes.append(gateway)
        assert gateway.next_line() == f"Private Chat is public: open {page} in a browser, or connect to {url}  (via {agent})"
        assert share(gateway) == {"page": page, "url": url, "source": agent}
        assert "level=warning" not in gateway.log() and "level=error" not in gateway.log()
    finally:
        agent_api.close()


def test_without_a_tunnel_the_seeds_url_is_printed_and_shared(processes):
    gateway = Gateway(extra=["--public-url", "ws://localhost:8000/ws"])
    processes.append(gateway)
    assert gateway.announcement.startswith("Private Chat is running: connect to ws://localhost:8000/ws  (listening on 127.0.0.1:")
    assert share(gateway) == {"page": "http://localhost:8000/", "url": "ws://localhost:8000/ws", "source": "configured"}


def test_the_guis_share_box_shows_the_public_address(processes):
    from browser import WEB_ROOT, Browser, available

    if not available:
        pytest.skip("chromium and chromedriver are not installed")
    agent_api = RecordedAgent("/api/tunnels", "ngrok-api-tunnels.json")
    browser = None
    try:
        gateway = Gateway(extra=["--web-root", str(WEB_ROOT), "--tunnel-api", agent_api.url])
        processes.append(gateway)
        gateway.next_line()
        browser = Browser()
        browser.join(f"http://127.0.0.1:{gateway.port}/", "host")
        browser.driver.find_element("xpath", "//button[.='Invite']").click()
        panel = browser.wait(lambda d: d.find_element("id", "share-panel"))
        browser.wait(lambda _: "chat wss://5b1c-203-0-113-7.ngrok-free.app/ws" in panel.text)
        assert "https://5b1c-203-0-113-7.ngrok-free.app/" in panel.text
    finally:
        if browser:
            browser.quit()
        agent_api.close()

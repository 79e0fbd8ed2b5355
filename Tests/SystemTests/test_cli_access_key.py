"""`chat` and a gateway's access key: taken from a flag, a file, the environment or an invite link,
sent in an `Authorization` header, never printed, and refused with advice (and exit status 77) when it
is missing or wrong. (Encrypted rooms, whose invite links carry room keys too: test_e2e_cli.py.)"""

import http.server
import subprocess
import threading

import pytest

from harness import BIN_DIR
from harness.cli import run_chat
from harness.processes import Gateway

ACCESS_KEY = "e2e-test-access-key-0123456789_~"


def write(path, text):
    path.write_text(text)
    return str(path)


def gateway_help() -> str:
    return subprocess.run([str(BIN_DIR / "chat-gateway"), "--help"], capture_output=True, text=True).stdout


@pytest.fixture
def keyed_gateway(processes):
    """A gateway that wants ACCESS_KEY (given in its environment, as docs/PROTOCOL.md suggests)."""
    if "--access-key-file" not in gateway_help():
        pytest.skip("this chat-gateway has no access keys yet")
    gateway = Gateway(extra=["--log-level", "trace"], env={"CHAT_ACCESS_KEY": ACCESS_KEY})
    processes.append(gateway)
    gateway.wait_healthy()
    return gateway


def test_the_access_key_is_taken_from_a_flag_a_file_the_environment_or_an_invite_link(keyed_gateway, tmp_path):
    key_file = write(tmp_path / "key", ACCESS_KEY + "\n")
    url = keyed_gateway.url
    runs = [
        run_chat(url, "--name", "flag", "--key", ACCESS_KEY, stdin_text="hi\n"),
        run_chat(url, "--name", "file", "--key-file", key_file, stdin_text="hi\n"),
        run_chat(url, "--name", "env", stdin_text="hi\n", env={"CHAT_KEY": ACCESS_KEY}),
        run_chat(f"http://127.0.0.1:{keyed_gateway.port}/#key={ACCESS_KEY}", "--name", "invite", stdin_text="hi\n"),
    ]
    for result in runs:
        assert result.returncode == 0, result.stderr
        assert ACCESS_KEY not in result.stdout + result.stderr
    assert ACCESS_KEY not in keyed_gateway.log()


def test_a_missing_or_wrong_access_key_exits_77_with_advice_and_without_the_key(keyed_gateway):
    missing = run_chat(keyed_gateway.url, "--name", "x", stdin_text="hi\n")
    assert missing.returncode == 77
    assert "needs an access key (HTTP 401)" in missing.stderr and "--key-file" in missing.stderr and "#key=" in missing.stderr

    wrong_key = "not-the-access-key-at-all"
    wrong = run_chat(keyed_gateway.url, "--name", "x", "--key", wrong_key, stdin_text="hi\n")
    assert wrong.returncode == 77
    assert "did not accept the access key (HTTP 401)" in wrong.stderr
    assert wrong_key not in wrong.stdout + wrong.stderr

    # Wrong keys are counted per address: soon even the right one has to wait.
    for _ in range(10):
        refused = run_chat(keyed_gateway.url, "--name", "x", "--key", wrong_key, stdin_text="hi\n")
        if "HTTP 429" in refused.stderr:
            break
    assert refused.returncode == 77
    assert "too many wrong or missing access keys (HTTP 429); try again in" in refused.stderr
    assert wrong_key not in keyed_gateway.log()


def test_a_malformed_access_key_is_refused_before_connecting():
    result = run_chat("ws://127.0.0.1:1/ws", "--name", "x", "--key", "short key", stdin_text="hi\n")
    assert result.returncode == 64
    assert "the access key from --key is not one" in result.stderr and "short key" not in result.stderr


class RefusingServer(http.server.ThreadingHTTPServer):
    """Answers every request with one status, and remembers the Authorization headers it was sent."""

    def __init__(self, status: int):
        self.status = status
        self.authorizations: list[str | None] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.authorizations.append(self.headers.get("Authorization"))
                self.send_response(server.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.server_address[1]}/ws"


def test_the_key_goes_in_an_authorization_header_and_other_refusals_mention_it():
    server = RefusingServer(404)
    try:
        result = run_chat(server.url, "--name", "x", "--key", ACCESS_KEY, stdin_text="hi\n")
        assert result.returncode == 69
        assert "refused the WebSocket upgrade (HTTP 404)" in result.stderr and "access key" in result.stderr
        assert server.authorizations and set(server.authorizations) == {f"Bearer {ACCESS_KEY}"}
        assert ACCESS_KEY not in result.stderr
    finally:
        server.shutdown()

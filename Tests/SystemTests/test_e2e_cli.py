"""`chat` with encrypted rooms and access keys: what members read, and what the server never sees.

Encrypted rooms are the clients' business (docs/PROTOCOL.md, "Encrypted rooms"): these tests run real
`chat` processes against a real gateway, read the room as the server keeps it with a raw protocol v1
client, and search the gateway's most verbose log for anything secret.
"""

import asyncio
import hashlib
import http.server
import json
import shutil
import subprocess
import threading
import time
import unicodedata

import pytest

from harness import BIN_DIR
from harness.cli import ChatCLI, run_chat
from harness.processes import Gateway
from harness.websocket import ChatClient

PASSPHRASE = "correct horse battery staple"
WRONG_PASSPHRASE = "correct horse battery stapler"
# Distinctive enough that finding one anywhere means it leaked.
SECRETS = ["meet at noon by the old mill", "bring the blue folder", "waves the secret handshake"]
MARKER = "[cannot decrypt: different passphrase?]"
ACCESS_KEY = "e2e-test-access-key-0123456789_~"


@pytest.fixture
def gateway(processes):
    """An embedded gateway logging everything it can (--log-level trace) to its log file."""
    gateway = Gateway(extra=["--log-level", "trace"])
    processes.append(gateway)
    gateway.wait_healthy()
    return gateway


def write(path, text):
    path.write_text(text)
    return str(path)


async def next_frame(cli: ChatCLI, type: str, timeout: float = 15, **fields) -> dict:
    """The next JSON frame `cli` printed with this type and these fields, skipping others (presence, acks)."""
    while True:
        frame = json.loads(await asyncio.to_thread(cli.line, timeout))
        if frame["type"] == type and all(frame.get(name) == value for name, value in fields.items()):
            return frame


def assert_sealed(texts: list[str]) -> None:
    for text in texts:
        assert text.startswith("e2e1:"), text
        assert not any(secret in text for secret in SECRETS + [PASSPHRASE]), text


def test_members_with_the_passphrase_read_each_other_and_the_server_sees_only_ciphertext(gateway, processes, tmp_path):
    passphrase_file = write(tmp_path / "passphrase", PASSPHRASE + "\n")
    wrong_file = write(tmp_path / "wrong", WRONG_PASSPHRASE)

    async def scenario():
        watcher = await ChatClient.join(gateway, "watcher", rooms=["secret"])
        member = [gateway.url, "--room", "secret", "--json"]
        amy = ChatCLI(*member, "--name", "amy", "--passphrase-file", passphrase_file)
        processes.append(amy)
        await next_frame(amy, "welcome")
        bob = ChatCLI(*member, "--name", "bob", env={"CHAT_PASSPHRASE": PASSPHRASE})
        processes.append(bob)
        await next_frame(bob, "welcome")
        eve = ChatCLI(*member, "--name", "eve", "--passphrase-file", wrong_file)
        processes.append(eve)
        await next_frame(eve, "welcome")

        amy.send(SECRETS[0])
        said = await next_frame(bob, "message", **{"from": "amy"})
        assert (said["room"], said["text"], said["encrypted"], said["decrypted"]) == ("secret", SECRETS[0], True, True)
        bob.send(SECRETS[1])
        bob.send("/me " + SECRETS[2])
        said = await next_frame(amy, "message", **{"from": "bob"})
        assert (said["text"], said["encrypted"], said["decrypted"]) == (SECRETS[1], True, True)
        acted = await next_frame(amy, "action", **{"from": "bob"})
        assert (acted["text"], acted["encrypted"], acted["decrypted"]) == (SECRETS[2], True, True)

        # The wrong passphrase opens nothing, and shows no ciphertext in its place.
        seen_by_eve = [await next_frame(eve, "message"), await next_frame(eve, "message"), await next_frame(eve, "action")]
        assert [(frame["from"], frame["text"], frame["encrypted"], frame["decrypted"]) for frame in seen_by_eve] == [
            ("amy", MARKER, True, False),
            ("bob", MARKER, True, False),
            ("bob", MARKER, True, False),
        ]

        # The server's view, live and as history: sealed texts only, each bound to its sender.
        live = await watcher.messages(3)
        assert [(frame["from"], frame["type"]) for frame in live] == [("amy", "message"), ("bob", "message"), ("bob", "action")]
        assert_sealed([frame["text"] for frame in live])
        late = await ChatClient.join(gateway, "late", rooms=["secret"])
        history = late.welcome["rooms"][0]["history"]
        assert [frame["text"] for frame in history] == [frame["text"] for frame in live]

        # A member arriving later with the passphrase reads that history.
        carol = ChatCLI(*member, "--name", "carol", env={"CHAT_PASSPHRASE": PASSPHRASE})
        processes.append(carol)
        welcome = await next_frame(carol, "welcome")
        opened = welcome["rooms"][0]["history"]
        assert [(frame["text"], frame["decrypted"]) for frame in opened] == [(secret, True) for secret in SECRETS]

        for cli in (amy, bob, eve, carol):
            cli.close_input()
            code, stderr = await asyncio.to_thread(cli.wait)
            assert code == 0, stderr
            assert PASSPHRASE not in stderr

    asyncio.run(scenario())
    log = gateway.log()
    assert "name=amy" in log and "name=carol" in log, "this is the log of the gateway the clients used"
    for secret in SECRETS + [PASSPHRASE, WRONG_PASSPHRASE]:
        assert secret not in log


def test_scripts_get_plaintext_lines_and_markers_for_what_cannot_be_read(gateway, processes, tmp_path):
    passphrase_file = write(tmp_path / "passphrase", PASSPHRASE)

    async def scenario():
        raw = await ChatClient.join(gateway, "raw", rooms=["secret"])
        amy = ChatCLI(gateway.url, "--name", "amy", "--room", "secret", "--passphrase-file", passphrase_file)
        pat = ChatCLI(gateway.url, "--name", "pat", "--room", "secret")
        processes.extend([amy, pat])
        assert {(await raw.next_of("presence"))["name"], (await raw.next_of("presence"))["name"]} == {"amy", "pat"}

        await raw.say("in the clear", room="secret")
        assert await asyncio.to_thread(amy.line) == "[secret] raw: [not encrypted] in the clear"
        assert await asyncio.to_thread(pat.line) == "[secret] raw: in the clear"
        amy.send(SECRETS[0])
        assert await asyncio.to_thread(pat.line) == "[secret] amy: [encrypted]", "no passphrase: a marker, never the bytes"
        assert_sealed([(await raw.next_of("message"))["text"]])

        # The limit is the server's, less what sealing adds (49,120 of 65,536 bytes).
        amy.send("x" * 49_121)
        amy.send("/me " + "y" * 49_120)
        acted = await raw.next_of("action")
        assert len(acted["text"]) <= 65_536 and acted["from"] == "amy"
        amy.close_input()
        code, stderr = await asyncio.to_thread(amy.wait)
        assert code == 1, "a line was not sent"
        assert "not sent: message too large (49121 bytes; the limit is 49120)" in stderr
        pat.close_input()
        assert (await asyncio.to_thread(pat.wait))[0] == 0

    asyncio.run(scenario())


def test_join_with_passphrase_in_a_script_encrypts_the_room_it_joins(gateway, processes, tmp_path):
    passphrase_file = write(tmp_path / "passphrase", PASSPHRASE)

    async def scenario():
        raw = await ChatClient.join(gateway, "raw", rooms=["secret"])
        amy = ChatCLI(gateway.url, "--name", "amy", "--room", "secret", "--passphrase-file", passphrase_file)
        bob = ChatCLI(gateway.url, "--name", "bob", "--passphrase-file", passphrase_file)
        processes.extend([amy, bob])
        assert (await raw.next_of("presence"))["name"] == "amy"
        bob.send("/join secret --passphrase")
        assert (await raw.next_of("presence"))["name"] == "bob"
        amy.send(SECRETS[1])
        assert await asyncio.to_thread(bob.line) == f"[secret] amy: {SECRETS[1]}"
        assert_sealed([(await raw.next_of("message"))["text"]])
        for cli in (amy, bob):
            cli.close_input()
            assert (await asyncio.to_thread(cli.wait))[0] == 0

        lone = await asyncio.to_thread(run_chat, gateway.url, "--name", "lone", stdin_text="/join secret --passphrase\n")
        assert lone.returncode == 1 and "give the passphrase with --passphrase-file or CHAT_PASSPHRASE" in lone.stderr

    asyncio.run(scenario())


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


def fingerprint(passphrase: str, room: str) -> str:
    """The key fingerprint docs/PROTOCOL.md defines, computed here independently of the client."""
    key = hashlib.pbkdf2_hmac("sha256", unicodedata.normalize("NFC", passphrase).encode(), f"privchat/e2e1/room/{room}".encode(), 600_000, 32)
    digest = hashlib.sha256(b"privchat/e2e1/fingerprint" + key).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_in_a_terminal_join_with_passphrase_asks_without_echo_and_shows_the_fingerprint(gateway):
    from test_terminal import Tmux

    tmux = Tmux()
    try:
        chat = f"{BIN_DIR / 'chat'} {gateway.url}"
        amy = tmux.window("amy", f"CHAT_PASSPHRASE='{PASSPHRASE}' {chat} --name amy --room secret; sleep 600")
        expected = f"#secret is end-to-end encrypted; key fingerprint {fingerprint(PASSPHRASE, 'secret')} — compare it with the others"
        tmux.wait_for(amy, expected)
        bob = tmux.window("bob", f"{chat} --name bob; sleep 600")
        tmux.wait_for(bob, "connected to")

        tmux.type(bob, "/join secret --passphrase")
        tmux.keys(bob, "Enter")
        tmux.wait_for(bob, "passphrase for #secret (not shown):")
        tmux.type(bob, PASSPHRASE)
        time.sleep(0.2)  # the keys reached the client; nothing of them may be drawn
        assert PASSPHRASE.split()[0] not in tmux.screen(bob)
        tmux.keys(bob, "Enter")
        tmux.wait_for(bob, expected)
        tmux.wait_for(bob, "joined secret")
        tmux.wait_for(bob, "secret] >")

        tmux.type(bob, SECRETS[0])
        tmux.keys(bob, "Enter")
        tmux.wait_for(amy, f"bob: {SECRETS[0]}")
        tmux.keys(bob, "Up", "Up", "Up")
        time.sleep(0.2)
        for screen in (tmux.screen(amy), tmux.screen(bob)):
            assert PASSPHRASE.split()[0] not in screen, "the passphrase is neither shown nor kept in the line history"
    finally:
        tmux.kill()
    assert SECRETS[0] not in gateway.log()

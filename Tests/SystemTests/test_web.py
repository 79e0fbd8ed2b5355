"""The web GUI in a real browser: chromium, driven by selenium, against real gateways."""

import asyncio
import signal
import socket
import subprocess
import threading
import time
import urllib.request

import pytest

from browser import WEB_ROOT, available
from harness import BIN_DIR, ROOT
from harness.ports import free_port_block
from harness.processes import Gateway
from harness.websocket import Client

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")


@pytest.fixture
def web_cluster(start_cluster):
    port = free_port_block(1)
    return start_cluster(["--web-root", str(WEB_ROOT)], ["--web-root", str(WEB_ROOT), "--port", str(port)])


def page(gateway: Gateway) -> str:
    return f"http://127.0.0.1:{gateway.port}/"


def test_the_gateway_serves_the_page_and_its_assets_with_caching(web_cluster):
    _, (gateway, _) = web_cluster
    with urllib.request.urlopen(page(gateway)) as response:
        html = response.read().decode()
        assert response.headers["Content-Type"].startswith("text/html")
        assert response.headers["Cache-Control"] == "no-cache"
    script = html.split('src="', 1)[1].split('"', 1)[0]
    with urllib.request.urlopen(page(gateway).rstrip("/") + script) as response:
        assert response.headers["Content-Type"].startswith("text/javascript")
        assert "immutable" in response.headers["Cache-Control"]
    # Outside /assets/ nothing is named by its content, so the service worker, the manifest and the icons
    # are revalidated every time: a new build's worker is picked up at once.
    for path in ["sw.js", "manifest.webmanifest", "icons/icon-192.png"]:
        with urllib.request.urlopen(page(gateway) + path) as response:
            assert response.headers["Cache-Control"] == "no-cache", path


def test_two_browsers_and_a_plain_client_chat_across_two_gateways(web_cluster, browsers):
    _, (first, second) = web_cluster

    async def scenario():
        alice, bob = browsers(), browsers()
        alice.join(page(first), "alice")
        bob.join(page(second), "bob")
        pete = await Client.join(first, "pete")
        alice.wait(lambda _: alice.members() == ["alice (you)", "bob", "pete"])

        alice.type("hello from the first browser")
        bob.wait_for_message("alice hello from the first browser")
        assert await pete.next() == "alice: hello from the first browser"
        await pete.say("hello from a plain client")
        alice.wait_for_message("hello from a plain client")
        bob.wait_for_message("pete hello from a plain client")
        bob.type("/me waves")
        alice.wait_for_message("* bob waves")
        assert await pete.next() == "* bob waves"
        own = [line for line in alice.messages() if "hello from the first browser" in line]
        assert len(own) == 1 and "sending" not in own[0], "acknowledged, shown once"
        alice.screenshot("web-chat.png")

        bob.driver.find_element("xpath", "//header//button[.='Leave']").click()
        alice.wait(lambda _: alice.members() == ["alice (you)", "pete"])
        alice.wait_for_message("bob left")

    asyncio.run(scenario())


def test_markup_in_messages_is_shown_as_text_and_runs_nothing(web_cluster, browsers):
    _, (first, second) = web_cluster
    alice, bob = browsers(), browsers()
    alice.join(page(first), "alice")
    bob.join(page(second), "bob")
    payloads = ['<img src=x onerror="document.title=\'pwned\'">', "<script>document.title='pwned'</script>", "<b>not bold</b>"]
    for payload in payloads:
        alice.type(payload)
    for payload in payloads:
        bob.wait_for_message(payload)
    assert bob.driver.title == "Private Chat"
    assert bob.driver.find_elements("css selector", ".messages img, .messages script, .messages b") == []


def test_direct_messages_open_their_own_conversation(web_cluster, browsers):
    _, (first, second) = web_cluster
    alice, bob = browsers(), browsers()
    alice.join(page(first), "alice")
    bob.join(page(second), "bob")
    alice.type("/msg bob only for you")
    bob.wait(lambda d: "@alice" in d.find_element("css selector", ".room-list").text)
    assert "1 unread" in bob.driver.find_element("css selector", ".room-list .unread").get_attribute("aria-label")
    bob.driver.find_element("xpath", "//button[contains(., '@alice')]").click()
    bob.wait_for_message("only for you")
    alice.wait(lambda d: "@bob" in d.find_element("css selector", ".room-list").text)
    alice.driver.find_element("xpath", "//button[contains(., '#lobby')]").click()
    assert all("only for you" not in line for line in alice.messages()), "not in the room"


def test_a_restarted_gateway_makes_the_page_reconnect_and_resume_without_duplicates(web_cluster, browsers, processes):
    relay, (first, second) = web_cluster
    alice, bob = browsers(), browsers()
    alice.join(page(first), "alice")
    bob.join(page(second), "bob")
    alice.type("before the restart")
    bob.wait_for_message("before the restart")

    second.kill()
    bob.wait_status("offline")
    for i in range(3):
        alice.type(f"while bob's gateway was down {i}")
    restarted = Gateway(relay, extra=["--web-root", str(WEB_ROOT), "--port", str(second.port)])
    processes.append(restarted)
    bob.wait_status("online", timeout=30)
    for i in range(3):
        bob.wait_for_message(f"while bob's gateway was down {i}")
    alice.type("after the restart")
    lines = bob.wait_for_message("after the restart")
    for text in ["before the restart", "after the restart"] + [f"while bob's gateway was down {i}" for i in range(3)]:
        assert sum(text in line for line in lines) == 1, f"{text!r} shown once: {lines}"
    bob.screenshot("web-reconnected.png")


def test_a_phone_sized_window_keeps_the_chat_usable(web_cluster, browsers):
    _, (first, _) = web_cluster
    phone = browsers(width=375, height=720)
    phone.join(page(first), "phone")
    phone.type("a veryveryveryveryveryveryveryveryveryveryveryveryveryverylongwordthatmustwrap")
    phone.wait_for_message("longwordthatmustwrap")
    width = phone.driver.execute_script("return document.documentElement.clientWidth")
    overflow = phone.driver.execute_script("return document.documentElement.scrollWidth")
    assert overflow <= width, "nothing is wider than the screen"
    composer = phone.driver.find_element("css selector", ".composer textarea").rect
    assert composer["x"] >= 0 and composer["x"] + composer["width"] <= width
    phone.screenshot("web-phone.png")


def test_keyboard_alone_joins_and_sends(web_cluster, browsers):
    _, (first, _) = web_cluster
    from selenium.webdriver.common.keys import Keys

    browser = browsers()
    browser.driver.get(page(first))
    field = browser.wait(lambda d: d.switch_to.active_element)
    assert field.get_attribute("autocomplete") == "nickname", "the name field has the focus"
    field.send_keys("keys", Keys.ENTER)
    browser.wait_status("online")
    active = browser.driver.switch_to.active_element
    assert active.tag_name == "textarea", "the composer has the focus after joining"
    active.send_keys("typed", Keys.SHIFT, Keys.ENTER, Keys.NULL, "two lines", Keys.ENTER)
    browser.wait_for_message("typed\ntwo lines")


def test_the_join_screen_offers_a_free_name_when_the_name_is_taken(web_cluster, browsers):
    _, (first, second) = web_cluster
    alice = browsers()
    alice.join(page(first), "alice")
    rival = browsers()
    rival.driver.get(page(second))
    field = rival.wait(lambda d: d.find_element("css selector", "input[autocomplete=nickname]"))
    field.send_keys("Alice")
    rival.driver.find_element("css selector", "button[type=submit]").click()
    alert = rival.wait(lambda d: d.find_element("css selector", ".join-error"))
    assert 'the name "Alice" is taken' in alert.text
    rival.driver.find_element("css selector", ".join-error button").click()
    rival.driver.find_element("css selector", "button[type=submit]").click()
    rival.wait_status("online")


def test_dev_mode_rebuilds_on_change_and_frees_its_port_when_stopped(tmp_path):
    workspace = tmp_path / "web"
    sources = ("src", "scripts", "public", "package.json")
    subprocess.run(["cp", "-r", *(str(ROOT / "web" / name) for name in sources), str(tmp_path)], check=True)
    workspace.mkdir()
    for name in sources:
        (tmp_path / name).rename(workspace / name)
    port = free_port_block(1)
    dev = subprocess.Popen(["node", "scripts/build.mjs", "--watch"], cwd=workspace, env={"PORT": str(port), "PATH": "/usr/bin:/bin"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        while not any("dev server on" in line for line in lines):
            lines.append(dev.stdout.readline())
            assert dev.poll() is None, "".join(lines)
        before = urllib.request.urlopen(f"http://127.0.0.1:{port}/").read().decode()
        with open(workspace / "src" / "styles.css", "a") as styles:
            styles.write("\n.dev-mode-test { color: red; }\n")
        while "web: rebuilt" not in dev.stdout.readline():
            pass
        after = urllib.request.urlopen(f"http://127.0.0.1:{port}/").read().decode()
        assert before != after, "the page points at the new build"
        dev.send_signal(signal.SIGTERM)
        assert dev.wait(timeout=2) == 0
        with socket.socket() as probe:
            # SO_REUSEADDR, as every server sets it, tolerates closed connections in TIME_WAIT but not a
            # socket still listening: binding and listening here proves nothing holds the port.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", port))
            probe.listen()
    finally:
        dev.kill()


def test_unread_counts_and_the_new_messages_pill(web_cluster, browsers):
    _, (first, second) = web_cluster
    alice, bob = browsers(height=500), browsers()
    alice.join(page(first), "alice")
    bob.join(page(second), "bob")
    alice.type("/join dev")
    alice.wait(lambda d: d.find_element("css selector", ".conversation-title").text == "#dev")
    bob.type("/join dev")
    bob.wait(lambda d: d.find_element("css selector", ".conversation-title").text == "#dev")
    alice.driver.find_element("xpath", "//button[contains(., '#lobby')]").click()
    bob.type("in dev while alice reads lobby")
    dev = "//button[contains(., '#dev')]//span[@class='unread']"
    alice.wait(lambda d: d.find_element("xpath", dev).get_attribute("aria-label") == "1 unread")

    bob.driver.find_element("xpath", "//button[contains(., '#lobby')]").click()
    for i in range(25):
        bob.type(f"filling the lobby {i}")
    alice.wait_for_message("filling the lobby 24")
    alice.driver.execute_script("document.querySelector('.messages').scrollTop = 0")
    alice.wait(lambda d: d.execute_script("const m = document.querySelector('.messages'); return m.scrollHeight - m.scrollTop - m.clientHeight > 100"))
    bob.type("arrives while alice has scrolled up")
    pill = alice.wait(lambda d: d.find_element("css selector", ".new-messages"))
    assert pill.text.startswith("1 new message")
    pill.click()
    alice.wait(lambda d: d.execute_script("const m = document.querySelector('.messages'); return m.scrollHeight - m.scrollTop - m.clientHeight < 40"))
    assert alice.driver.find_elements("css selector", ".new-messages") == []


# Encrypted rooms' limits and the page's own protection (their keys and rotation: test_e2e_web.py).

PASSPHRASE = "correct horse battery staple"


def test_an_encrypted_room_refuses_a_message_too_large_to_seal(processes, browsers):
    gateway = Gateway(extra=["--web-root", str(WEB_ROOT), "--max-message-bytes", "1000"])
    processes.append(gateway)
    gateway.wait_healthy()
    browser = browsers()
    browser.join(page(gateway), "amy", room="secret", passphrase=PASSPHRASE)
    browser.fingerprint()
    most = (1000 - 5) * 3 // 4 - 53  # a passphrase room's sealed text carries key id, salt, nonce and tag (docs/PROTOCOL.md)
    browser.type("x" * (most + 1))
    browser.wait_for_message(f"That message is {most + 1} bytes; in an encrypted room the limit is {most}")
    browser.driver.find_element("css selector", ".composer textarea").clear()
    browser.type("y" * most)
    browser.wait(lambda _: any(line.endswith("y" * most) and "sending" not in line for line in browser.messages()))


def test_encrypted_rooms_need_a_secure_page_and_say_so(processes, browsers):
    # An open gateway answers only to its own names: insecure.test is its public URL's.
    first = Gateway(extra=["--web-root", str(WEB_ROOT), "--public-url", "ws://insecure.test/ws"])
    processes.append(first)
    first.wait_healthy()
    # A name other than localhost over http is not a secure context: the browser hides crypto.subtle.
    browser = browsers(arguments=["--host-resolver-rules=MAP insecure.test 127.0.0.1"])
    browser.driver.get(f"http://insecure.test:{first.port}/")
    field = browser.wait(lambda d: d.find_element("css selector", ".join-card input[name=passphrase]"))
    assert not field.is_enabled()
    assert "https" in browser.driver.find_element("css selector", ".join-card .hint").text
    assert browser.driver.execute_script("return window.isSecureContext") is False


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self' ws://localhost:* ws://127.0.0.1:* wss://localhost:* wss://127.0.0.1:*; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def gateway_help() -> str:
    return subprocess.run([str(BIN_DIR / "chat-gateway"), "--help"], capture_output=True, text=True).stdout


def test_the_page_runs_under_the_content_security_policy_without_violations(web_cluster, browsers):
    _, (gateway, _) = web_cluster
    with urllib.request.urlopen(page(gateway)) as response:
        assert response.headers["Content-Security-Policy"] == CSP
    html = (WEB_ROOT / "index.html").read_text()
    assert "<style" not in html and " style=" not in html
    assert all('src="' in tag for tag in html.split("<script")[1:]), "no inline scripts"

    # Every part of the GUI drawn once: encryption (WebCrypto), messages, a second room, the invite box.
    browser = browsers()
    browser.join(page(gateway), "amy", room="secret", passphrase=PASSPHRASE)
    browser.fingerprint()
    browser.type("every part of the page, drawn")
    browser.wait(lambda _: any("every part" in line and "sending" not in line for line in browser.messages()))
    browser.join_room("dev")
    browser.driver.find_element("xpath", "//header//button[.='Invite']").click()
    browser.wait(lambda d: d.find_element("css selector", ".share-panel"))
    violations = [entry["message"] for entry in browser.console() if "Content Security Policy" in entry["message"]]
    assert violations == []

    # The policy is in force, and its violations reach this log (so the check above could have failed).
    browser.driver.execute_script("const s = document.createElement('style'); s.textContent = 'body { color: red }'; document.head.appendChild(s)")
    browser.wait(lambda _: any("Content Security Policy" in entry["message"] for entry in browser.console()))


ACCESS_KEY = "k3y-For.The~Test_0123456789abcdef"


@pytest.mark.skipif("--access-key-file" not in gateway_help(), reason="this chat-gateway has no --access-key-file yet")
def test_an_invite_links_key_lets_the_page_in_and_its_absence_is_explained(processes, browsers, tmp_path):
    key_file = tmp_path / "access-key"
    key_file.write_text(ACCESS_KEY + "\n")
    key_file.chmod(0o600)  # a key file others may read is refused
    gateway = Gateway(extra=["--web-root", str(WEB_ROOT), "--access-key-file", str(key_file)])
    processes.append(gateway)
    gateway.wait_healthy()

    invited = browsers()
    invited.join(f"{page(gateway)}#key={ACCESS_KEY}", "invited")
    assert "key=" not in invited.driver.current_url, "the key left the address bar"
    assert invited.driver.execute_script("return sessionStorage.getItem('privchat.key')") == ACCESS_KEY
    invited.driver.find_element("xpath", "//header//button[.='Invite']").click()
    panel = invited.wait(lambda d: d.find_element("css selector", ".share-panel"))
    invited.wait(lambda _: f"chat --key {ACCESS_KEY} " in panel.text)
    assert f"#key={ACCESS_KEY}" in panel.text

    stranger = browsers()
    stranger.join(page(gateway), "stranger", online=False)
    alert = stranger.wait(lambda d: d.find_element("css selector", ".join-error"))
    assert "This chat needs an access key: open your invite link, or enter the key under Advanced" in alert.text
    assert stranger.driver.find_element("css selector", ".join-card details").get_attribute("open") is not None, "Advanced is open"
    stranger.join(None, "stranger", access_key=ACCESS_KEY)
    stranger.type("let in with the key")
    invited.wait_for_message("stranger let in with the key")
    invited.type("welcome")
    stranger.wait_for_message("invited welcome")


class Listener:
    """A TCP port that records every byte sent to it and answers nothing: where a page must not connect."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = bytearray()
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self.record, args=(connection,), daemon=True).start()

    def record(self, connection):
        with connection:
            while chunk := connection.recv(65536):
                self.received += chunk

    def close(self):
        self.server.close()


def test_a_server_named_in_the_query_gets_no_connection_and_no_key_unless_it_is_on_this_machine(processes, browsers, tmp_path):
    key_file = tmp_path / "access-key"
    key_file.write_text(ACCESS_KEY + "\n")
    key_file.chmod(0o600)
    gateway = Gateway(extra=["--web-root", str(WEB_ROOT), "--access-key-file", str(key_file)])
    processes.append(gateway)
    gateway.wait_healthy()
    evil = Listener()
    try:
        # evil.example is this listener, as far as the browser knows.
        browser = browsers(arguments=["--host-resolver-rules=MAP evil.example 127.0.0.1"])
        browser.join(f"{page(gateway)}?server=ws://evil.example:{evil.port}/ws#key={ACCESS_KEY}", "visitor")
        # Online means connected to the page's own gateway (the listener never answers a handshake).
        assert gateway.health()[1]["connections"] == 1
        assert ACCESS_KEY.encode() not in evil.received and evil.received == b""
        # A server on this machine is what the dev server names, and it is honoured.
        browser.driver.get(f"{page(gateway)}?server=ws://localhost:{gateway.port}/ws")
        field = browser.wait(lambda d: d.find_element("css selector", ".join-card input[name=server]"))
        assert field.get_attribute("value") == f"ws://localhost:{gateway.port}/ws"
    finally:
        evil.close()

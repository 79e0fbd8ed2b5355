"""The web GUI in a real browser: chromium, driven by selenium, against real gateways."""

import asyncio
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from browser import WEB_ROOT, Browser, available
from harness import ROOT, Client, Gateway, Relay, free_port_block

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")


@pytest.fixture
def browsers():
    opened = []

    def open_browser(**size):
        browser = Browser(**size)
        opened.append(browser)
        return browser

    yield open_browser
    for browser in opened:
        browser.quit()


@pytest.fixture
def web_cluster(processes):
    relay = Relay()
    processes.append(relay)
    port = free_port_block(1)
    gateways = [
        Gateway(relay, extra=["--web-root", str(WEB_ROOT)]),
        Gateway(relay, extra=["--web-root", str(WEB_ROOT), "--port", str(port)]),
    ]
    processes.extend(gateways)
    for gateway in gateways:
        gateway.wait_healthy()
    return relay, gateways


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
    subprocess.run(["cp", "-r", str(ROOT / "web" / "src"), str(ROOT / "web" / "scripts"), str(ROOT / "web" / "package.json"), str(tmp_path)], check=True)
    workspace.mkdir()
    for name in ("src", "scripts", "package.json"):
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

"""Identity keys between the web GUI and the terminal (docs/PROTOCOL.md, "Identity (id1)"): the same
safety number on both screens, verified contacts marked on both, the terminal's identity carried into
the browser, a changed key shown as one, and messages changed on the way shown as invalid. Keys and
numbers are also computed here (harness/identity.py), from the keys the wire carries, not taken from
either client."""

import asyncio
import json
import re
import time

import pytest
from selenium.webdriver.common.by import By

from browser import WEB_ROOT, Browser, available
from harness.cli import ChatCLI, identity_file, run_chat
from harness.identity import CARRIED_PREFIX, Identity, fingerprint, safety_number
from harness.processes import Gateway, Relay
from harness.tampering import TamperingProxyThread
from harness.websocket import ChatClient
from test_web import page

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")

SAFETY_NUMBER = r"\d{5}(?: \d{5}){11}"
FINGERPRINT = r"[0-9a-f]{4}(?: [0-9a-f]{4}){3}"


def open_safety_dialog(browser: Browser, name: str):
    """Opens `name`'s safety number from the member list; returns the dialog once its number is computed."""
    button = browser.wait(lambda d: d.find_element(By.XPATH, f"//ul[@class='member-list']//button[starts-with(normalize-space(.), '{name}')]"))
    button.click()
    dialog = browser.wait(lambda d: d.find_element(By.CSS_SELECTOR, "dialog#safety-dialog[open]"))
    browser.wait(lambda _: dialog.find_element(By.CSS_SELECTOR, ".safety-number").get_attribute("data-number"))
    return dialog


def message_item(browser: Browser, text: str):
    """The `li.message` that shows `text`, once it is there (and acknowledged, for our own)."""

    def found(driver):
        for item in driver.find_elements(By.CSS_SELECTOR, ".messages > li.message"):
            if text in item.find_element(By.CSS_SELECTOR, ".text").text and "sending" not in item.text:
                return item
        return None

    return browser.wait(found)


def test_a_terminal_and_a_browser_show_the_same_safety_number_and_verify_each_other(web_gateway, browsers, processes):
    async def scenario():
        watcher = await ChatClient.join(web_gateway, "watcher")  # sees the keys the wire carries
        carl = ChatCLI(web_gateway.url, "--name", "carl")
        processes.append(carl)
        assert (await watcher.next_of("presence"))["key"] == (carl_key := Identity.of_file(identity_file(carl.config)).key)
        wendy = browsers()
        wendy.join(page(web_gateway), "wendy")
        joined = await watcher.next_of("presence")
        assert joined["name"] == "wendy"
        wendy_key = joined["key"]
        expected = safety_number(carl_key, wendy_key)

        carl.send("hello wendy")
        # Pinned when wendy joined: the room's snapshot listed carl's key.
        assert message_item(wendy, "hello wendy").get_attribute("data-signature") == "verified"
        wendy.type("hello carl")
        assert await asyncio.to_thread(carl.line) == "[lobby] wendy: hello carl"
        carl.send("/verify wendy")
        shown = await asyncio.to_thread(carl.line)
        match = re.fullmatch(rf"\[identity\] safety number with wendy \(key ({FINGERPRINT})\): ({SAFETY_NUMBER})", shown)
        assert match, shown
        assert match.group(1) == fingerprint(wendy_key)
        assert match.group(2) == expected

        dialog = open_safety_dialog(wendy, "carl")
        assert dialog.find_element(By.CSS_SELECTOR, ".safety-number").get_attribute("data-number") == expected
        assert dialog.find_element(By.CSS_SELECTOR, ".contact-fingerprint").text == fingerprint(carl_key)
        assert dialog.find_element(By.CSS_SELECTOR, ".own-fingerprint").text == fingerprint(wendy_key)
        dialog.find_element(By.ID, "mark-verified").click()
        wendy.wait(lambda _: dialog.find_elements(By.CSS_SELECTOR, ".verified-contact"))
        wendy.screenshot("identity-verified-contact-dialog.png")
        dialog.find_element(By.ID, "close-safety").click()
        wendy.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog#safety-dialog[open]"))

        carl.send("/verified wendy")
        assert await asyncio.to_thread(carl.line) == "[identity] wendy is a verified contact"
        carl.send("now you know it is me")
        item = message_item(wendy, "now you know it is me")
        assert (item.get_attribute("data-signature"), item.get_attribute("data-contact-verified")) == ("verified", "true")
        assert item.find_element(By.CSS_SELECTOR, "button.from").text == "carl"
        wendy.type("and you know it is me")
        assert await asyncio.to_thread(carl.line) == "[lobby] wendy ✔: and you know it is me"
        wendy.screenshot("identity-verified-contact-messages.png")
        carl.close_input()
        assert await asyncio.to_thread(carl.wait) == (0, "")

    asyncio.run(scenario())


def test_the_terminals_identity_pasted_into_the_browser_keeps_its_name_and_its_pin(web_gateway, browsers, processes):
    tess = ChatCLI(web_gateway.url, "--name", "tess")  # a third person, who met carl in the terminal
    processes.append(tess)
    web_gateway.wait_connections(1)
    carl = run_chat(web_gateway.url, "--name", "carl", stdin_text="hi tess, from the terminal\n")
    assert carl.returncode == 0, carl.stderr
    assert tess.line() == "[lobby] carl: hi tess, from the terminal"

    exported = run_chat("--export-identity", config=carl.config)
    assert exported.returncode == 0, exported.stderr
    line = exported.stdout.strip()
    assert exported.stdout.count("\n") == 1 and re.fullmatch(rf"{CARRIED_PREFIX}[A-Za-z0-9_-]{{43}}", line), exported.stdout
    carried = Identity.carried(line)
    assert carried.key == Identity.of_file(identity_file(carl.config)).key

    browser = browsers()
    browser.join(page(web_gateway), "carl", online=False)
    alert = browser.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".join-error"))
    assert "belongs to another person's identity key" in alert.text, alert.text
    assert browser.driver.find_element(By.CSS_SELECTOR, "details.terminal-identity").get_attribute("open") is not None, "it offers the terminal's identity"
    own = browser.driver.find_element(By.CSS_SELECTOR, ".own-identity .own-fingerprint").text
    assert re.fullmatch(FINGERPRINT, own) and own != carried.fingerprint, "the browser's own key, until one is pasted"

    browser.join(None, "carl", terminal_identity=line)
    assert browser.driver.find_element(By.CSS_SELECTOR, ".me .own-fingerprint").text == carried.fingerprint
    browser.type("now from the browser")
    assert tess.line() == "[lobby] carl: now from the browser", "the key tess pinned: no mark, no changed key"
    tess.close_input()
    assert tess.wait() == (0, "")

    browser.driver.find_element(By.XPATH, "//header//button[.='Leave']").click()
    shown = browser.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".own-identity .own-fingerprint"))
    assert shown.text == carried.fingerprint, "the pasted identity replaced the browser's"


def test_a_changed_key_is_shown_with_a_banner_until_the_new_key_is_accepted(processes, browsers):
    relay = Relay(extra=["--name-binding-ttl", "1"])  # the name is free again a second after its owner leaves
    processes.append(relay)
    gateway = Gateway(relay, extra=["--web-root", str(WEB_ROOT)])
    processes.append(gateway)
    gateway.wait_healthy()
    wendy = browsers()
    wendy.join(page(gateway), "wendy")

    first = run_chat(gateway.url, "--name", "mal", stdin_text="the first key\n")
    assert first.returncode == 0, first.stderr
    # Pinned when mal joined (presence carries the key), so the message comes from the pinned key.
    assert message_item(wendy, "the first key").get_attribute("data-signature") == "verified"
    deadline = time.monotonic() + 5
    while (second := run_chat(gateway.url, "--name", "mal", stdin_text="another key\n")).returncode == 67:
        assert time.monotonic() < deadline, "the binding outlived its ttl by seconds"
        time.sleep(0.2)
    assert second.returncode == 0, second.stderr

    item = message_item(wendy, "another key")
    assert wendy.driver.find_elements(By.CSS_SELECTOR, ".messages > li.system.problem[data-key-change-of=mal]"), "said when the new key joined"
    assert item.get_attribute("data-signature") == "key-changed"
    banner = item.find_element(By.CSS_SELECTOR, ".key-changed-banner")
    assert "safety number changed" in banner.text, banner.text
    wendy.screenshot("identity-key-changed-banner.png")

    banner.find_element(By.CSS_SELECTOR, "button.review-key").click()
    dialog = wendy.wait(lambda d: d.find_element(By.CSS_SELECTOR, "dialog#safety-dialog[open]"))
    wendy.wait(lambda _: dialog.find_element(By.CSS_SELECTOR, ".new-fingerprint").text)
    new_key = Identity.of_file(identity_file(second.config)).key
    assert dialog.find_element(By.CSS_SELECTOR, ".new-fingerprint").text == fingerprint(new_key)
    assert dialog.find_element(By.CSS_SELECTOR, ".contact-fingerprint").text == fingerprint(Identity.of_file(identity_file(first.config)).key)
    wendy.screenshot("identity-key-changed-dialog.png")
    dialog.find_element(By.ID, "accept-key").click()
    wendy.wait(lambda _: not dialog.find_elements(By.ID, "accept-key"))
    wendy.wait(lambda _: dialog.find_element(By.CSS_SELECTOR, ".contact-fingerprint").text == fingerprint(new_key))
    dialog.find_element(By.ID, "close-safety").click()

    again = run_chat(gateway.url, "--name", "mal", stdin_text="the accepted key\n", config=second.config)
    assert again.returncode == 0, again.stderr
    accepted = message_item(wendy, "the accepted key")
    assert accepted.get_attribute("data-signature") == "verified"
    assert accepted.find_elements(By.CSS_SELECTOR, ".key-changed-banner") == []


def tamper(frame: str) -> str:
    """On the way to the browser: a `transfer` gets another text, an `order` another text and no `sig`,
    and a `strip` message another text and neither `key` nor `sig`."""
    parsed = json.loads(frame)
    text = parsed.get("text", "") if parsed.get("type") == "message" else ""
    if text.startswith(("transfer", "order", "strip")):
        parsed["text"] = text.split(" ", 1)[0] + " everything to mallory"
        if not text.startswith("transfer"):
            del parsed["sig"]
        if text.startswith("strip"):
            del parsed["key"]
        return json.dumps(parsed)
    return frame


def test_the_browser_marks_a_message_changed_on_the_way_invalid_even_from_a_verified_contact(web_gateway, browsers, processes):
    with TamperingProxyThread(web_gateway.url, tamper) as proxy:
        wendy = browsers()
        wendy.join(f"{page(web_gateway)}?server={proxy.url}", "wendy")
        alice = ChatCLI(web_gateway.url, "--name", "alice")
        processes.append(alice)
        alice.send("hello wendy")
        assert message_item(wendy, "hello wendy").get_attribute("data-signature") in ("first-seen", "verified")
        dialog = open_safety_dialog(wendy, "alice")
        dialog.find_element(By.ID, "mark-verified").click()
        wendy.wait(lambda _: dialog.find_elements(By.CSS_SELECTOR, ".verified-contact"))
        dialog.find_element(By.ID, "close-safety").click()

        for text in ("transfer 10 to wendy", "order: pay wendy 10", "strip the signature", "bye"):
            alice.send(text)
        seen = {}
        for text in ("transfer everything to mallory", "order: everything to mallory", "strip everything to mallory", "bye"):
            item = message_item(wendy, text)
            seen[text.split(" ", 1)[0]] = (item.get_attribute("data-signature"), item.get_attribute("data-contact-verified"))
        assert seen == {
            "transfer": ("invalid", None),
            "order:": ("invalid", None),
            "strip": ("unsigned", None),
            "bye": ("verified", "true"),
        }
        wendy.screenshot("identity-invalid-signatures.png")
        alice.close_input()
        assert alice.wait() == (0, "")

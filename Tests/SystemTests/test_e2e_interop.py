"""A terminal and a browser in one end-to-end encrypted room (docs/PROTOCOL.md, "End-to-end
encryption (e2e2)"): the room a `chat` makes is entered from its invite link in Chromium, each reads the
other, each follows the other's new key, and their direct messages are sealed both ways. The CLI is
swift-crypto, the page WebCrypto: this is where the two implementations meet."""

import asyncio

import pytest
from selenium.webdriver.common.by import By

from browser import available
from harness.e2e import fingerprint, invite_parts
from harness.encrypted_room import Observer, create_room, wait_line
from harness.identity import unb64url
from test_e2e_web import fingerprint_of, read, switch_to

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")


def test_a_terminal_and_a_browser_share_an_encrypted_room_its_new_keys_and_sealed_direct_messages(web_gateway, browsers, processes):
    amy, link = create_room(web_gateway.url, "amy", "secret")
    processes.append(amy)
    room_key = unb64url(invite_parts(link)["roomkey"])

    bob = browsers()
    bob.driver.get(link)
    bob.join(None, "bob")
    assert fingerprint_of(bob) == fingerprint(room_key), "the page opened the terminal's link with the terminal's key"

    amy.send("from the terminal")
    read(bob, "amy from the terminal")
    bob.type("from the browser")
    assert wait_line(amy, lambda line: "bob" in line) == "[secret] bob: from the browser"

    # The terminal's new key reaches the page, and the page's reaches the terminal.
    amy.send("/rekey")
    rotated = wait_line(amy, lambda line: "new room key" in line)
    bob.wait(lambda _: fingerprint_of(bob) not in (fingerprint(room_key), ""), 15)
    assert fingerprint_of(bob).replace(" ", "") in rotated.replace(" ", "")
    amy.send("sealed with the terminal's new key")
    read(bob, "amy sealed with the terminal's new key")
    bob.driver.find_element(By.CSS_SELECTOR, ".conversation-header button.rekey").click()
    followed = wait_line(amy, lambda line: "new room key" in line and "bob" in line)
    bob.wait(lambda _: fingerprint_of(bob).replace(" ", "") in followed.replace(" ", ""), 15)
    bob.type("sealed with the browser's new key")
    assert wait_line(amy, lambda line: "bob" in line and ":" in line) == "[secret] bob: sealed with the browser's new key"

    # Direct messages, sealed both ways and plain in both.
    async def direct():
        watcher = await Observer.join(web_gateway, "watcher")
        amy.send("/msg bob just between us")
        switch_to(bob, "@amy")
        read(bob, "amy just between us")
        badge = bob.driver.find_element(By.CSS_SELECTOR, ".conversation-header .encryption")
        assert "end-to-end encrypted" in badge.text
        bob.type("sealed back to the terminal")
        assert wait_line(amy, lambda line: line.startswith("[dm]")) == "[dm] bob: sealed back to the terminal"
        assert not [frame for frame in await watcher.during(1) if frame["type"] == "dm"], "a third member gets no one's dm"

    asyncio.run(direct())
    amy.close_input()
    code, stderr = amy.wait()
    assert code == 0, stderr

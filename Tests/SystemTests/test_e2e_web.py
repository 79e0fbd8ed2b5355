"""End-to-end encryption in real browsers (docs/PROTOCOL.md, "End-to-end encryption (e2e2)"): a room
made encrypted with a new key and joined from its invite link, a rotation when a member leaves, sealed
direct messages, and passphrase rooms with their weak-passphrase warning. What the server holds is read
from its side, and opened here with the reference implementation (harness/e2e.py), not the GUI's code."""

import asyncio
import urllib.parse

import pytest
from selenium.webdriver.common.by import By

from browser import Browser, available
from harness.e2e import open_room, reference, salt_of, unb64url
from harness.processes import Gateway
from harness.tampering import TamperingProxyThread
from harness.websocket import ChatClient
from test_web import page

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")

ROOM = "secret"
LOCKED = "🔒 sealed with a key you do not have"
PASSPHRASE = "correct horse battery staple"


def fingerprint_of(browser: Browser) -> str:
    """The current room's key fingerprint, once it has a key to seal with."""
    return browser.wait(lambda d: (found := d.find_elements(By.CSS_SELECTOR, ".conversation-header .encryption[data-status=ready] .fingerprint")) and found[0].text, 20)


def invite_link(browser: Browser) -> str:
    """The link the Invite box offers for the current room."""
    browser.driver.find_element(By.XPATH, "//header//button[.='Invite']").click()
    link = browser.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".share-panel .share-url a")).get_attribute("href")
    browser.driver.find_element(By.XPATH, "//header//button[.='Invite']").click()
    return link


def read(browser: Browser, line: str) -> None:
    """Waits until `line` is shown, sent (not pending) when it is our own."""
    browser.wait(lambda _: any(line in shown and "sending" not in shown for shown in browser.messages()), 15)


def switch_to(browser: Browser, label: str) -> None:
    """Opens the room or conversation `label` (`#room`, `@name`) from the list, once it is there."""
    browser.wait(lambda d: d.find_element(By.XPATH, f"//ul[@class='room-list']//button[starts-with(normalize-space(.), '{label}')]")).click()
    browser.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".conversation-title").text == label)


def history(gateway: Gateway, room: str) -> list[dict]:
    """The room's history as the server keeps it, read by a client of its own (without keys)."""

    async def take():
        spy = await ChatClient.join(gateway, "spy", rooms=[room])
        await spy.close()
        return spy.welcome["rooms"][0]["history"]

    return asyncio.run(take())


def test_two_browsers_read_an_encrypted_room_made_from_its_invite_link_and_the_server_holds_only_ciphertext(web_gateway, browsers):
    alice, bob = browsers(), browsers()
    alice.join(page(web_gateway), "alice", room=ROOM, new_key=True)
    shown = fingerprint_of(alice)
    link = invite_link(alice)
    fragment = urllib.parse.parse_qs(urllib.parse.urlsplit(link).fragment)
    assert fragment["room"] == [ROOM]
    room_key = unb64url(fragment["roomkey"][0])
    assert len(room_key) == 32
    assert reference.fingerprint(reference.key_id(room_key)) == shown, "the link carries the key whose fingerprint alice sees"

    bob.driver.get(link)
    assert bob.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".join-card .invited")).get_attribute("data-invited-room") == ROOM
    assert "roomkey" not in bob.driver.current_url, "the room key left the address bar"
    bob.join(None, "bob")
    assert fingerprint_of(bob) == shown
    # Bob's share with himself tells alice he holds the key: she may now remove him from it.
    alice.wait(lambda d: d.find_elements(By.XPATH, "//ul[@class='member-list']/li[contains(., 'bob')]//button[contains(., 'Remove from encryption')]"))

    alice.type("meet at noon by the old oak")
    read(bob, "alice meet at noon by the old oak")
    bob.type("/me brings the map")
    read(alice, "* bob brings the map")

    kept = history(web_gateway, ROOM)
    assert [(entry["type"], entry["from"]) for entry in kept] == [("share", "alice"), ("share", "bob"), ("message", "alice"), ("action", "bob")]
    assert all(entry["text"].startswith("e2k2:") for entry in kept[:2])
    said, acted = kept[2], kept[3]
    for entry in (said, acted):
        assert all(word not in entry["text"] for word in ("meet", "noon", "oak", "map", "brings"))
    # The reference implementation opens what the browsers sealed, with the link's key and each frame's room, sender, kind and id.
    assert open_room(said["text"], room_key, ROOM, unb64url(said["key"]), "message", said["id"]) == "meet at noon by the old oak"
    assert open_room(acted["text"], room_key, ROOM, unb64url(acted["key"]), "action", acted["id"]) == "brings the map"
    with pytest.raises(Exception):
        open_room(said["text"], room_key, ROOM, unb64url(said["key"]), "action", said["id"])

    # The key outlives a reload (IndexedDB, of the link's origin): back without the link, bob still reads the room and its history.
    origin = urllib.parse.urlsplit(link)
    bob.driver.get(f"{origin.scheme}://{origin.netloc}/")
    alice.wait(lambda _: not any(line.startswith("bob") for line in alice.members()))
    bob.join(None, "bob", room=ROOM)
    assert fingerprint_of(bob) == shown
    read(bob, "alice meet at noon by the old oak")
    alice.screenshot("web-e2e-invited-room.png")


def test_a_member_who_leaves_cannot_read_what_is_said_after_the_rotation_while_the_others_can(web_gateway, browsers):
    alice, bob, carol = browsers(), browsers(), browsers()
    for browser, name in ((alice, "alice"), (bob, "bob"), (carol, "carol")):
        browser.join(page(web_gateway), name, room=ROOM)
    alice.wait(lambda _: alice.members() and len(alice.members()) == 3)
    alice.driver.find_element(By.CSS_SELECTOR, ".conversation-header button.encrypt-room").click()
    first = fingerprint_of(alice)
    assert fingerprint_of(bob) == fingerprint_of(carol) == first
    alice.type("said before carol left")
    read(carol, "alice said before carol left")

    carol.type("/leave")
    alice.wait(lambda _: fingerprint_of(alice) != first, 15)
    rotated = fingerprint_of(alice)
    bob.wait(lambda _: fingerprint_of(bob) == rotated, 15)
    read(bob, "changed the room’s key")
    alice.type("said after carol left")
    read(bob, "alice said after carol left")

    carol.join_room(ROOM)
    carol.wait(lambda _: any(LOCKED in line for line in carol.messages()), 15)
    lines = carol.messages()
    assert any("alice said before carol left" in line for line in lines), "what was said while she held the key stays hers"
    assert not any("said after carol left" in line for line in lines)
    assert any("changed the room’s key without you" in line for line in lines)
    assert carol.driver.find_element(By.CSS_SELECTOR, ".conversation-header .encryption").get_attribute("data-status") == "left-out"

    # One rotation, not a storm: the holder ranked second saw the first's share and did not send its own.
    shares = [entry for entry in history(web_gateway, ROOM) if entry["type"] == "share"]
    assert len(shares) == 2, [entry["from"] for entry in shares]
    carol.screenshot("web-e2e-left-out.png")


def member_button(browser: Browser, name: str, label: str):
    """The button `label` beside `name` in the member list, once it is there."""
    return browser.wait(lambda d: d.find_element(By.XPATH, f"//ul[@class='member-list']/li[starts-with(normalize-space(.), '{name}')]//button[contains(., '{label}')]"), 15)


def test_a_member_is_added_to_the_encryption_and_removed_from_it_from_the_member_list(web_gateway, browsers):
    alice, bob = browsers(), browsers()
    alice.join(page(web_gateway), "alice", room=ROOM, new_key=True)
    first = fingerprint_of(alice)
    bob.join(page(web_gateway), "bob", room=ROOM)
    bob.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".conversation-header .encryption").get_attribute("data-status") == "no-key")
    member_button(alice, "bob", "Add to encryption").click()
    assert fingerprint_of(bob) == first
    read(bob, "alice shared the room’s key with you")

    member_button(alice, "bob", "Remove from encryption").click()
    alice.wait(lambda _: fingerprint_of(alice) != first, 15)
    bob.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".conversation-header .encryption").get_attribute("data-status") == "left-out", 15)
    alice.type("after bob was removed")
    bob.wait(lambda _: any(LOCKED in line for line in bob.messages()), 15)
    member_button(alice, "bob", "Add to encryption")


def test_a_direct_message_between_two_browsers_is_sealed_on_the_wire_and_plain_text_in_both(web_gateway, browsers):
    seen_by_bob = []

    def record(frame: str) -> str:
        seen_by_bob.append(frame)
        return frame

    async def scenario(proxy):
        alice, bob = browsers(), browsers()
        alice.join(page(web_gateway), "alice")
        bob.join(f"{page(web_gateway)}?server={proxy.url}", "bob")
        alice.wait(lambda _: "bob" in alice.members())
        alice.type("/msg bob just between us")
        switch_to(bob, "@alice")
        read(bob, "alice just between us")
        for browser in (alice, bob):
            badge = browser.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".conversation-header .encryption"))
            assert badge.get_attribute("data-status") == "ready" and "end-to-end encrypted" in badge.text
            assert not any("not encrypted" in line for line in browser.messages())
        bob.type("ok, sealed back")
        read(alice, "bob ok, sealed back")
        directs = [frame for frame in seen_by_bob if '"type":"dm"' in frame.replace(" ", "")]
        assert len(directs) == 1 and '"text":"e2d2:' in directs[0].replace(" ", ""), directs
        assert not any("just between us" in frame for frame in seen_by_bob)

        # To a client without keys, a message goes in the clear only after "Send unencrypted".
        pat = await ChatClient.join(web_gateway, "pat")
        switch_to(alice, "#lobby")
        alice.wait(lambda _: "pat" in alice.members())
        alice.type("/msg pat hello in the clear")
        warning = alice.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".clear-send-warning"))
        assert "would go unencrypted" in warning.text
        warning.find_element(By.CSS_SELECTOR, "button.send-unencrypted").click()
        received = await pat.next_of("dm", timeout=10)
        assert received["text"] == "hello in the clear"
        switch_to(alice, "@pat")
        alice.wait(lambda _: any("hello in the clear" in line and "not encrypted" in line for line in alice.messages()))
        assert alice.driver.find_element(By.CSS_SELECTOR, ".conversation-header .encryption").get_attribute("data-status") == "clear"
        await pat.close()
        bob.screenshot("web-e2e-direct.png")

    with TamperingProxyThread(web_gateway.url, record) as proxy:
        asyncio.run(scenario(proxy))


def test_a_weak_passphrase_warns_and_a_passphrase_room_seals_under_its_creators_salt(web_gateway, browsers):
    alice, bob = browsers(), browsers()
    alice.driver.get(page(web_gateway))
    field = alice.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".join-card input[name=passphrase]"))
    field.send_keys("hunter2")
    warning = alice.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".join-card .passphrase-warning"))
    assert "Weak passphrase" in warning.text
    field.clear()
    field.send_keys(PASSPHRASE)
    alice.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, ".join-card .passphrase-warning"))
    alice.join(None, "alice", room=ROOM)
    own = fingerprint_of(alice)

    bob.join(page(web_gateway), "bob", room=ROOM, passphrase=PASSPHRASE)
    fingerprint_of(bob)
    alice.type("sealed under alice's salt")
    read(bob, "alice sealed under alice's salt")
    assert fingerprint_of(bob) == own, "bob seals under the salt of the newest message he opened"
    bob.type("and answered under it")
    read(alice, "bob and answered under it")

    said = [entry for entry in history(web_gateway, ROOM) if entry["type"] == "message"]
    salts = {salt_of(entry["text"]) for entry in said}
    assert len(salts) == 1 and len(next(iter(salts))) == 16
    key = reference.passphrase_key(PASSPHRASE, next(iter(salts)), reference.ITERATIONS)
    assert reference.fingerprint(reference.key_id(key, next(iter(salts)))) == own
    assert open_room(said[1]["text"], key, ROOM, unb64url(said[1]["key"]), "message", said[1]["id"]) == "and answered under it"

    # The sidebar's form warns too.
    alice.driver.find_element(By.ID, "join-room-name").send_keys("other")
    alice.driver.find_element(By.CSS_SELECTOR, ".join-room input[name=room-passphrase]").send_keys("password1234")
    alice.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".join-room .passphrase-warning"))
    alice.screenshot("web-e2e-weak-passphrase.png")

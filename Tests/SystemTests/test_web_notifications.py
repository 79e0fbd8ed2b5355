"""The web GUI's notifications (issue 19): unread counts in the tab's title and icon, browser notifications
for mentions and direct messages while the tab is hidden (read back from the service worker's registration),
what they may say in plain and encrypted rooms, the tone, muting a room, and the permission asked for only
after a click."""


import pytest
from selenium.webdriver.common.by import By

from browser import available
from shell_page import (
    calls,
    grant_notifications,
    hide,
    mute_current_room,
    notifications,
    open_settings,
    set_setting,
    show,
    turn_on_notifications,
    wait_controlled,
    watch_browser_calls,
)
from test_e2e_web import fingerprint_of, invite_link, switch_to
from test_web import page

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")

AUTOPLAY = ["--autoplay-policy=no-user-gesture-required"]


def title(browser) -> str:
    return browser.driver.title


def favicon(browser) -> str:
    return browser.driver.execute_script("return document.querySelector('link[rel=icon]').href")


def alice_with_notifications(browsers, gateway, **join):
    """Alice, notifications granted and turned on (and the tone counted), joined as `join` says."""
    alice = browsers(arguments=AUTOPLAY)
    alice.driver.get(page(gateway))
    grant_notifications(alice, page(gateway))
    watch_browser_calls(alice)
    alice.join(page(gateway), "alice", **join)
    wait_controlled(alice)
    turn_on_notifications(alice)
    return alice


def wait_notification(browser, title_text: str) -> dict:
    return browser.wait(lambda _: next((shown for shown in notifications(browser) if shown["title"] == title_text), None), 15)


def test_the_title_and_icon_count_what_arrives_while_hidden_or_elsewhere_and_clear_when_seen(web_gateway, browsers):
    alice, bob = browsers(), browsers()
    alice.join(page(web_gateway), "alice")
    bob.join(page(web_gateway), "bob")
    plain_icon = favicon(alice)
    assert title(alice) == "Private Chat"

    hide(alice)
    bob.type("anyone around?")
    bob.type("@alice lunch?")
    alice.wait(lambda _: title(alice) == "(@1 · 2) Private Chat")
    assert favicon(alice).startswith("data:image/png;base64,") and favicon(alice) != plain_icon
    show(alice)
    alice.wait(lambda _: title(alice) == "Private Chat")

    # Visible, but in another room: the lobby counts until alice goes back to it.
    alice.join_room("dev")
    bob.type("back in the lobby")
    alice.wait(lambda _: title(alice) == "(1) Private Chat")
    bob.type("/msg alice psst")
    alice.wait(lambda _: title(alice) == "(@1 · 2) Private Chat")
    switch_to(alice, "#lobby")
    alice.wait(lambda _: title(alice) == "(@1 · 1) Private Chat")
    switch_to(alice, "@bob")
    alice.wait(lambda _: title(alice) == "Private Chat")
    alice.type("my own words count for nobody")
    bob.wait_for_message("my own words count for nobody")
    assert title(alice) == "Private Chat"


def test_a_mention_and_a_direct_message_while_hidden_notify_with_the_text_only_when_allowed(web_gateway, browsers):
    alice = alice_with_notifications(browsers, web_gateway)
    bob = browsers()
    bob.join(page(web_gateway), "bob")

    hide(alice)
    bob.type("@alice are you coming?")
    shown = wait_notification(alice, "bob in #lobby")
    assert shown["body"] == "Mentioned you in a message", "no text until allowed"
    bob.type("/msg alice the code is 1234")
    shown = wait_notification(alice, "bob (direct message)")
    assert shown["body"] == "Sent you an encrypted message", "their direct messages are sealed"
    switch_to(bob, "#lobby")
    assert calls(alice)["oscillators"] == 4, "a tone (two notes) for each"

    show(alice)
    set_setting(alice, "show-text", True)
    hide(alice)
    bob.type("@alice the door is blue")
    alice.wait(lambda _: any(shown["body"] == "@alice the door is blue" for shown in notifications(alice)), 15)
    assert calls(alice)["permissionRequests"] == 1, "asked once, at the click"


def test_an_encrypted_rooms_notification_keeps_the_text_out_unless_that_too_is_allowed(web_gateway, browsers):
    alice = alice_with_notifications(browsers, web_gateway, room="vault", new_key=True)
    fingerprint_of(alice)
    set_setting(alice, "show-text", True)
    bob = browsers()
    bob.driver.get(invite_link(alice))
    bob.join(None, "bob")
    fingerprint_of(bob)

    hide(alice)
    bob.type("@alice the key is under the mat")
    shown = wait_notification(alice, "bob in #vault")
    assert shown["body"] == "Mentioned you in an encrypted message"
    assert "mat" not in shown["body"]

    show(alice)
    set_setting(alice, "show-encrypted-text", True)
    hide(alice)
    bob.type("@alice second thoughts: the flowerpot")
    alice.wait(lambda _: any("flowerpot" in shown["body"] for shown in notifications(alice)), 15)


def test_a_muted_room_is_silent_and_a_visible_page_is_not_notified(web_gateway, browsers):
    alice = alice_with_notifications(browsers, web_gateway)
    bob = browsers()
    bob.join(page(web_gateway), "bob")

    # Visible and looking at the lobby: the mention is on screen, no notification, no tone.
    bob.type("@alice look at this")
    alice.wait_for_message("look at this")
    mute_current_room(alice)
    assert alice.driver.find_element(By.XPATH, "//ul[@class='room-list']//button[contains(., '#lobby')]").text.count("🔕") == 1
    hide(alice)
    bob.type("@alice muted mention")
    bob.type("more noise")
    # A direct message still notifies: once it is there, the muted room's mention would have been too.
    bob.type("/msg alice are you there?")
    wait_notification(alice, "bob (direct message)")
    assert [shown["title"] for shown in notifications(alice)] == ["bob (direct message)"]
    assert title(alice) == "(@1 · 1) Private Chat", "the muted room counts for nothing"
    assert calls(alice)["oscillators"] == 2, "one tone (two notes) for the direct message, none for the muted room"

    show(alice)
    set_setting(alice, "show-text", True)
    open_settings(alice)
    alice.screenshot("gui-notification.png")

    # Remembered: after a reload the lobby is still muted.
    alice.driver.refresh()
    alice.join(None, "alice")
    assert alice.driver.find_element(By.CSS_SELECTOR, ".conversation-header .mute-button").get_attribute("aria-pressed") == "true"


def test_the_permission_is_not_asked_for_on_load(web_gateway, browsers):
    alice = browsers()
    alice.driver.get(page(web_gateway))
    watch_browser_calls(alice)
    alice.join(page(web_gateway), "alice")
    wait_controlled(alice)
    assert alice.driver.execute_script("return Notification.permission") == "default"
    assert calls(alice)["permissionRequests"] == 0
    panel = open_settings(alice)
    assert panel.find_element(By.CSS_SELECTOR, ".turn-on-notifications").text == "Turn on notifications"
    assert calls(alice)["permissionRequests"] == 0, "opening the settings asks nothing either"
    kept = alice.driver.execute_script("return ['privchat.alerts', 'privchat.theme', 'privchat.mutedRooms'].map((key) => localStorage.getItem(key))")
    assert kept[0] is None, "nothing is kept before the user changes something"

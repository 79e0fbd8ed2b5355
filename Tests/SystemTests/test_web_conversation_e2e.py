"""The GUI's conversation events in an encrypted room (docs/PROTOCOL.md, "Conversation events", "Encrypted
rooms"): an edit's text and a reaction's +X are sealed like any text, with their own kind and id, so the
server holds only ciphertext of them; the reference implementation (harness/e2e.py) opens what it holds."""

import urllib.parse

import pytest
from selenium.webdriver.common.keys import Keys

from browser import available
from conversation_page import clear_composer, composer, message, react, reactions
from harness.e2e import open_room, unb64url
from test_e2e_web import fingerprint_of, history, invite_link, read
from test_web import page

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")

ROOM = "vault"


def test_an_edit_and_a_reaction_in_an_encrypted_room_are_sealed_and_shown_opened(web_gateway, browsers):
    alice, bob = browsers(), browsers()
    alice.join(page(web_gateway), "alice", room=ROOM, new_key=True)
    shown = fingerprint_of(alice)
    link = invite_link(alice)
    room_key = unb64url(urllib.parse.parse_qs(urllib.parse.urlsplit(link).fragment)["roomkey"][0])
    bob.driver.get(link)
    bob.join(None, "bob")
    assert fingerprint_of(bob) == shown

    alice.type("meet at the old oak")
    read(bob, "alice meet at the old oak")
    react(bob, "meet at the old oak", "👍")
    alice.wait(lambda _: reactions(alice, "meet at the old oak") == [("👍", "1", "bob reacted with 👍")])
    composer(alice).send_keys(Keys.ARROW_UP)
    alice.wait(lambda _: composer(alice).get_attribute("value") == "meet at the old oak")
    clear_composer(alice)
    alice.type("meet at the new oak")
    bob.wait(lambda _: "meet at the new oak (edited)" in message(bob, "meet at the new oak").text)
    assert "not encrypted" not in message(bob, "meet at the new oak").text

    held = history(web_gateway, ROOM)
    edit = next(event for event in held if event["type"] == "edit")
    reaction = next(event for event in held if event["type"] == "reaction")
    for event in (edit, reaction):
        assert event["text"].startswith("e2e2:") and "oak" not in event["text"] and "👍" not in event["text"]
    assert open_room(edit["text"], room_key, ROOM, unb64url(edit["key"]), "edit", edit["id"]) == "meet at the new oak"
    assert open_room(reaction["text"], room_key, ROOM, unb64url(reaction["key"]), "reaction", reaction["id"]) == "+👍"
    with pytest.raises(Exception):
        open_room(edit["text"], room_key, ROOM, unb64url(edit["key"]), "message", edit["id"])

"""The web GUI's conversation features in real browsers across two gateways (docs/PROTOCOL.md, "Conversation
events"): replies, edits, deletes, reactions, typing, read markers and mentions, and what a plain (seed)
client sees of them."""

import asyncio

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser import WEB_ROOT, available
from conversation_page import act, chip, clear_composer, composer, composer_context, mention_badge, message, press, react, reactions, typing_line, unread_line_before
from harness.processes import Gateway
from harness.websocket import ChatClient, Client
from shell_page import close_settings, open_settings
from test_e2e_web import switch_to
from test_web import page, web_cluster  # noqa: F401 (a fixture: a relay and two gateways serving the GUI)

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")


def alice_and_bob(browsers, web_cluster):
    """Alice in a browser on the first gateway, bob in another on the second, both in the lobby."""
    _, (first, second) = web_cluster
    alice, bob = browsers(), browsers()
    alice.join(page(first), "alice")
    bob.join(page(second), "bob")
    return alice, bob


def in_view(browser, element) -> bool:
    """Whether `element` is within the message list's visible part."""
    return browser.driver.execute_script(
        "const list = arguments[0].closest('.messages').getBoundingClientRect(), own = arguments[0].getBoundingClientRect();"
        "return own.top >= list.top && own.bottom <= list.bottom;",
        element,
    )


def test_reply_edit_reactions_and_typing_across_two_gateways(web_cluster, browsers):
    _, (first, second) = web_cluster

    async def scenario():
        alice, bob = alice_and_bob(browsers, web_cluster)
        pete = await Client.join(first, "pete")
        alice.wait(lambda _: alice.members() == ["alice (you)", "bob", "pete"])

        alice.type("lunch at noon?")
        bob.wait_for_message("lunch at noon?")
        assert await pete.next() == "alice: lunch at noon?"

        # Reply, from the keyboard: r on the focused message; the composer says so, Escape would cancel.
        press(bob, "lunch at noon?", "r")
        bob.wait(lambda _: "Replying to alice" in composer_context(bob))
        bob.type("yes, see you there")
        bob.wait(lambda _: composer_context(bob) == "")
        reply = message(alice, "yes, see you there")
        assert reply.find_element(By.CSS_SELECTOR, ".reply-quote").text == "↩ alice: lunch at noon?"
        assert await pete.next() == "bob (reply to alice): yes, see you there"

        # Edit with Up in the empty composer: the latest text, marked, everywhere; the reply's quote follows it.
        composer(alice).send_keys(Keys.ARROW_UP)
        alice.wait(lambda _: "Editing your message" in composer_context(alice) and composer(alice).get_attribute("value") == "lunch at noon?")
        clear_composer(alice)
        alice.type("lunch at 1pm?")
        bob.wait(lambda _: "lunch at 1pm? (edited)" in message(bob, "lunch at 1pm?").text)
        alice.wait(lambda _: "(edited)" in message(alice, "lunch at 1pm?").text)
        bob.wait(lambda _: message(bob, "yes, see you there").find_element(By.CSS_SELECTOR, ".reply-quote").text == "↩ alice: lunch at 1pm?")
        assert await pete.next() == "alice (edited): lunch at 1pm?"

        # Reactions: the common few, the search, and toggling what you hold; each person counts once.
        react(bob, "lunch at 1pm?", "👍")
        alice.wait(lambda _: reactions(alice, "lunch at 1pm?") == [("👍", "1", "bob reacted with 👍")])
        chip(alice, "lunch at 1pm?", "👍").click()
        bob.wait(lambda _: reactions(bob, "lunch at 1pm?") == [("👍", "2", "bob, alice reacted with 👍")])
        react(alice, "lunch at 1pm?", search="party", by_key=True)
        bob.wait(lambda _: [emoji for emoji, _, _ in reactions(bob, "lunch at 1pm?")] == ["👍", "🎉"])
        chip(bob, "lunch at 1pm?", "👍").click()
        alice.wait(lambda _: reactions(alice, "lunch at 1pm?")[0] == ("👍", "1", "alice reacted with 👍"))
        assert chip(alice, "lunch at 1pm?", "👍").get_attribute("aria-pressed") == "true"

        # Typing: shown while bob types, gone once he clears the box, and again once he sends.
        bob.type("thinking", enter=False)
        alice.wait(lambda _: typing_line(alice) == "bob is typing…")
        clear_composer(bob)
        alice.wait(lambda _: typing_line(alice) == "")
        bob.type("about it", enter=False)
        alice.wait(lambda _: typing_line(alice) == "bob is typing…")
        ActionChains(alice.driver).move_to_element(composer(alice)).click().perform()  # no hover bar in the picture
        alice.screenshot("conversation-web.png")
        composer(bob).send_keys(Keys.ENTER)
        alice.wait_for_message("about it")
        alice.wait(lambda _: typing_line(alice) == "")
        assert await pete.next() == "bob: about it", "no reactions, no typing: the next line pete sees is bob's message"

        # The quote leads to the original, out of view behind what others said, and lights it up.
        for number in range(30):
            await pete.say(f"filler {number}")
        bob.wait_for_message("filler 29")
        act(bob, "lunch at 1pm?", "Reply")
        bob.type("I'll book a table")
        alice.wait_for_message("I'll book a table")
        original = message(alice, "lunch at 1pm?")
        alice.wait(lambda _: not in_view(alice, original))
        message(alice, "I'll book a table").find_element(By.CSS_SELECTOR, ".reply-quote").click()
        alice.wait(lambda _: in_view(alice, original) and "highlighted" in original.get_attribute("class"))
        alice.wait(lambda _: "highlighted" not in original.get_attribute("class"), timeout=5)
        assert await pete.next() == "bob (reply to alice): I'll book a table"

        # Typing is never in history: a v1 client joining now gets the room's events, and no typing among them.
        carol = await ChatClient.join(second, "carol")
        history = carol.welcome["rooms"][0]["history"]
        assert {event["type"] for event in history} == {"message", "edit", "reaction"}

    asyncio.run(scenario())


def test_a_delete_leaves_a_tombstone_and_nobody_later_gets_the_text(web_cluster, browsers):
    _, (first, second) = web_cluster

    async def scenario():
        alice, bob = alice_and_bob(browsers, web_cluster)
        pete = await Client.join(first, "pete")
        alice.type("the door code is 4711")
        bob.wait_for_message("the door code is 4711")
        assert await pete.next() == "alice: the door code is 4711"
        # Bob's screen reader was told it (the live region holds it): the delete must take it back from there too.
        bob.wait(lambda d: "4711" in d.find_element(By.CSS_SELECTOR, "[data-testid=announcement]").get_attribute("textContent"))

        # From the keyboard: Delete on the focused message asks first; Escape keeps it, Enter on "Delete" deletes it.
        press(alice, "the door code is 4711", Keys.DELETE)
        alice.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".delete-confirm button.danger") == d.switch_to.active_element)
        alice.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
        alice.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, ".delete-confirm"))
        assert "4711" in message(alice, "the door code is 4711").text
        act(alice, "the door code is 4711", "Delete")
        alice.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".delete-confirm button.danger") == d.switch_to.active_element)
        alice.driver.switch_to.active_element.send_keys(Keys.ENTER)
        bob.wait(lambda _: not any("4711" in line for line in bob.messages()))
        assert message(bob, "message deleted").find_element(By.CSS_SELECTOR, ".tombstone").text == "message deleted"
        assert "alice message deleted" in message(bob, "message deleted").text
        assert "4711" not in bob.driver.page_source
        alice.wait(lambda _: "alice message deleted" in message(alice, "message deleted").text)
        assert await pete.next() == "alice (deleted a message)"

        # Back after a reload, and a newcomer: the room's history holds the delete, never the text.
        bob.driver.refresh()
        alice.wait(lambda _: not any(line.startswith("bob") for line in alice.members()))
        bob.join(None, "bob")
        carol = browsers()
        carol.join(page(first), "carol")
        bob.wait_for_message("carol joined")
        for browser in (bob, carol):
            assert "4711" not in browser.driver.page_source
        latecomer = await ChatClient.join(second, "dave")
        assert "4711" not in str(latecomer.welcome)

    asyncio.run(scenario())


def test_the_read_marker_brings_a_new_messages_line_after_a_reload_and_visible_markers_are_shown(web_cluster, browsers):
    alice, bob = alice_and_bob(browsers, web_cluster)
    for browser in (alice, bob):
        open_settings(browser).find_element(By.CSS_SELECTOR, "input[name=read-visible]").click()
        close_settings(browser)
    for number in range(3):
        bob.type(f"news {number}")
    alice.wait_for_message("news 2")
    # Alice's marker is visible: bob sees how far she read, once her (paced) read marker is in.
    bob.wait(lambda _: "seen by alice" in message(bob, "news 2").text)

    alice.driver.refresh()
    bob.wait(lambda _: not any(line.startswith("alice") for line in bob.members()))
    bob.type("news 3")
    bob.type("news 4")
    alice.join(None, "alice")
    alice.wait_for_message("news 4")
    assert unread_line_before(alice).splitlines()[0].endswith("bob news 3")
    assert open_settings(alice).find_element(By.CSS_SELECTOR, "input[name=read-visible]").is_selected(), "the choice is kept"


def test_a_mention_is_highlighted_counted_apart_and_completed(web_cluster, browsers):
    _, (first, _) = web_cluster

    async def scenario():
        alice, bob = alice_and_bob(browsers, web_cluster)
        carol = await Client.join(first, "carol smith")
        bob.join_room("dev")
        alice.join_room("dev")
        switch_to(alice, "#lobby")

        # Completion: @ and a start offers the members; Tab puts in the right token.
        bob.type("@al", enter=False)
        bob.wait(lambda d: [item.text for item in d.find_elements(By.CSS_SELECTOR, ".mention-suggestions li")] == ["@alice"])
        composer(bob).send_keys(Keys.TAB)
        assert composer(bob).get_attribute("value") == "@alice "
        bob.type("can you look at the build?")
        alice.wait(lambda _: mention_badge(alice, "#dev") == "@1")

        switch_to(alice, "#dev")
        assert mention_badge(alice, "#dev") == "", "seen: counted no more"
        line = message(alice, "can you look at the build?")
        assert "mentions-me" in line.get_attribute("class")
        assert line.find_element(By.CSS_SELECTOR, ".mention.mention-me").text == "@alice"
        await carol.say("@ALICE are you coming?")  # names match regardless of case
        alice.wait(lambda _: mention_badge(alice, "#lobby") == "@1")
        alice.type("@b", enter=False)
        alice.wait(lambda d: [item.text for item in d.find_elements(By.CSS_SELECTOR, ".mention-suggestions li")] == ["@bob"])
        alice.screenshot("conversation-mention.png")
        composer(alice).send_keys(Keys.ESCAPE)
        alice.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, ".mention-suggestions"))
        clear_composer(alice)

        # A name with a space is mentioned as @:NAME:, shown as @NAME.
        switch_to(alice, "#lobby")
        alice.type("@car", enter=False)
        alice.wait(lambda d: [item.text for item in d.find_elements(By.CSS_SELECTOR, ".mention-suggestions li")] == ["@carol smith"])
        composer(alice).send_keys(Keys.ENTER)
        alice.type("welcome")
        assert await carol.next() == "alice: @:carol smith: welcome"
        assert message(alice, "welcome").find_element(By.CSS_SELECTOR, ".mention").text == "@carol smith"

    asyncio.run(scenario())


def test_edits_reactions_and_deletes_missed_while_offline_come_with_the_resume_once_each(web_cluster, browsers, processes):
    relay, (_, second) = web_cluster
    alice, bob = alice_and_bob(browsers, web_cluster)
    alice.type("first plan")
    alice.type("second plan")
    bob.wait_for_message("second plan")

    second.kill()
    bob.wait_status("offline")
    composer(alice).send_keys(Keys.ARROW_UP)
    alice.wait(lambda _: composer(alice).get_attribute("value") == "second plan")
    clear_composer(alice)
    alice.type("second plan, revised")
    alice.wait(lambda _: "(edited)" in message(alice, "second plan, revised").text)
    react(alice, "first plan", "🎉")
    act(alice, "first plan", "Delete")
    alice.driver.find_element(By.CSS_SELECTOR, ".delete-confirm button.danger").click()
    alice.wait(lambda _: "alice message deleted" in message(alice, "message deleted").text)
    react(alice, "second plan, revised", "👀")
    alice.wait(lambda _: reactions(alice, "second plan, revised") == [("👀", "1", "alice reacted with 👀")])

    restarted = Gateway(relay, extra=["--web-root", str(WEB_ROOT), "--port", str(second.port)])
    processes.append(restarted)
    bob.wait_status("online", timeout=30)
    bob.wait(lambda _: "(edited)" in message(bob, "second plan, revised").text)
    bob.wait(lambda _: reactions(bob, "second plan, revised") == [("👀", "1", "alice reacted with 👀")])
    assert not any("first plan" in line for line in bob.messages()), "the deleted message is a tombstone"
    assert sum("message deleted" in line for line in bob.messages()) == 1
    assert sum("second plan" in line for line in bob.messages()) == 1, "the edit changed the message, added no line"

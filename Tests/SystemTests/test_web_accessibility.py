"""The web GUI's accessibility (issue 19): axe-core finds nothing serious or critical on the join screen and
on a chat with a reply, a reaction, a mention and formatted text (a quote, code, a link), in the light and the dark theme; new messages from others
are announced in a polite live region, batched and never for the history replayed at a join; and the shell's
controls are reached with the keyboard alone."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from browser import available
from conversation_page import press, react, reactions
from shell_page import choose_theme, emulate_system_theme, open_settings, serious_accessibility_violations, theme
from test_web import page

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")

# Keeps every text the live region is given, in order (the region itself holds only the latest).
RECORD_ANNOUNCEMENTS = """
window.__announced = [];
new MutationObserver(() => {
  const region = document.querySelector('[data-testid=announcement]');
  if (region && region.textContent && region.textContent !== window.__announced.at(-1)) window.__announced.push(region.textContent);
}).observe(document.body, { subtree: true, childList: true, characterData: true });
"""


def announced(browser) -> list[str]:
    return browser.driver.execute_script("return window.__announced")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_the_join_screen_and_a_busy_chat(web_gateway, browsers, scheme):
    alice, bob = browsers(), browsers()
    emulate_system_theme(alice, scheme)
    alice.driver.get(page(web_gateway))
    alice.wait(lambda d: d.find_element(By.CSS_SELECTOR, "input[autocomplete=nickname]"))
    assert theme(alice) == scheme
    assert serious_accessibility_violations(alice) == []

    alice.join(None, "alice")
    bob.join(page(web_gateway), "bob")
    alice.type("who brings the cake?")
    press(bob, "who brings the cake?", "r")
    bob.type("@alice I do")
    alice.wait_for_message("I do")
    bob.type("> the recipe\n**see** `make cake` at https://example.org/cake :tada:")
    alice.wait(lambda d: d.find_elements(By.CSS_SELECTOR, ".messages .markup-link"))
    react(alice, "I do", "👍")
    alice.wait(lambda _: reactions(alice, "I do") == [("👍", "1", "alice reacted with 👍")])
    alice.driver.find_element(By.CSS_SELECTOR, ".composer textarea").click()
    assert alice.driver.find_elements(By.CSS_SELECTOR, ".message.mentions-me .reply-quote"), "the reply mentions alice"
    assert serious_accessibility_violations(alice) == []
    open_settings(alice)
    assert serious_accessibility_violations(alice) == [], "the settings panel too"


def test_new_messages_are_announced_batched_and_not_for_the_history(web_gateway, browsers):
    alice, bob = browsers(), browsers()
    bob.join(page(web_gateway), "bob")
    bob.type("said before alice came")
    alice.driver.get(page(web_gateway))
    alice.driver.execute_script(RECORD_ANNOUNCEMENTS)
    alice.join(None, "alice")
    alice.wait_for_message("said before alice came")

    bob.type("just one thing")
    alice.wait(lambda _: announced(alice) == ["bob in #lobby: just one thing"])
    for n in range(5):
        bob.type(f"burst {n}")
    alice.wait_for_message("burst 4")
    alice.wait(lambda _: len(announced(alice)) > 1 and "burst 4" in alice.messages()[-1])
    alice.wait(lambda _: sum(text.startswith(("5 new", "4 new", "3 new", "2 new", "1 new", "bob in")) for text in announced(alice)[1:]) >= 1)
    later = announced(alice)[1:]
    assert 1 <= len(later) <= 2, f"five messages, at most two announcements: {later}"
    assert any(text.endswith("new messages in #lobby") for text in later)
    alice.type("my own words are not announced to me")
    bob.wait_for_message("my own words are not announced to me")
    assert all("my own words" not in text for text in announced(alice))
    assert "said before alice came" not in " ".join(announced(alice))


def test_the_shell_is_reached_with_the_keyboard_alone(web_gateway, browsers):
    alice = browsers()
    alice.join(page(web_gateway), "alice")
    alice.join_room("dev")

    def tab_until(selector: str, limit: int = 40):
        for _ in range(limit):
            # Pressed on the page, as a person does: an element's send_keys would type into a file input as a path.
            ActionChains(alice.driver).send_keys(Keys.TAB).perform()
            active = alice.driver.switch_to.active_element
            if alice.driver.execute_script("return arguments[0].matches(arguments[1])", active, selector):
                return active
        raise AssertionError(f"Tab never reached {selector}")

    alice.driver.find_element(By.CSS_SELECTOR, ".brand").click()
    tab_until(".settings-button").send_keys(Keys.ENTER)
    tab_until("input[name='theme'][value='system']")
    alice.driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)  # radios move with the arrows
    alice.wait(lambda _: theme(alice) == "light")
    alice.driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    alice.wait(lambda _: theme(alice) == "dark")
    alice.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    alice.wait(lambda d: not d.find_elements(By.ID, "settings-panel"))
    assert alice.driver.switch_to.active_element.get_attribute("class") == "settings-button"

    room = tab_until(".room-list button:not([aria-current])")
    assert "#lobby" in room.text
    room.send_keys(Keys.ENTER)
    alice.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".conversation-title").text == "#lobby")
    mute = tab_until(".mute-button")
    mute.send_keys(Keys.SPACE)
    alice.wait(lambda _: mute.get_attribute("aria-pressed") == "true")
    outline = alice.driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", mute)
    assert outline == "solid", "a visible focus ring"
    choose_theme(alice, "system")

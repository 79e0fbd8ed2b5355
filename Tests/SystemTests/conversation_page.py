"""The web GUI's conversation features (docs/PROTOCOL.md, "Conversation events"), as a test drives them in a
real browser: a message's line and its hover actions, its reactions, the composer's reply and edit modes, the
typing line and the "new messages" line. Functions of a `Browser` (browser.py), waiting on what the page shows."""

from __future__ import annotations

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser import Browser


def message(browser: Browser, text: str, timeout: float = 10):
    """The `li` of the (last) message in the current conversation whose own text (not a reply's quote) holds `text`."""

    def find(driver):
        found = [item for item in driver.find_elements(By.CSS_SELECTOR, ".messages > li.message") if text in own_text(item)]
        return found[-1] if found else None

    return browser.wait(find, timeout)


def own_text(item) -> str:
    """A message line's text without the quote of what it answers."""
    return item.parent.execute_script(
        "const copy = arguments[0].cloneNode(true); copy.querySelectorAll('.reply-quote').forEach((quote) => quote.remove()); return copy.textContent;", item
    )


def act(browser: Browser, text: str, action: str) -> None:
    """Hovers the message holding `text` and clicks one of its bar's buttons ("Reply", "Add a reaction", "Edit", "Delete")."""
    item = message(browser, text)
    ActionChains(browser.driver).move_to_element(item).perform()
    browser.wait(lambda _: item.find_element(By.CSS_SELECTOR, f".message-actions button[aria-label='{action}']").is_displayed())
    item.find_element(By.CSS_SELECTOR, f".message-actions button[aria-label='{action}']").click()


def press(browser: Browser, text: str, key: str) -> None:
    """Focuses the message holding `text` and presses one of its keys (r, e, +, Enter, Delete)."""
    item = message(browser, text)
    browser.driver.execute_script("arguments[0].focus()", item)
    item.send_keys(key)


def react(browser: Browser, text: str, emoji: str | None = None, search: str | None = None, by_key: bool = False) -> None:
    """Opens the picker on the message holding `text` (with its bar, or its key e) and picks `emoji` from the
    common few, or the first match of `search` (typed in the search box, which has the focus)."""
    if by_key:
        press(browser, text, "e")
    else:
        act(browser, text, "Add a reaction")
    picker = browser.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".emoji-picker"))
    if search is not None:
        browser.wait(lambda d: d.switch_to.active_element == picker.find_element(By.CSS_SELECTOR, "input.emoji-search"))
        browser.driver.switch_to.active_element.send_keys(search, Keys.ENTER)
    else:
        picker.find_element(By.XPATH, f".//div[contains(@class,'common')]/button[.='{emoji}']").click()


def reactions(browser: Browser, text: str) -> list[tuple[str, str, str]]:
    """The reaction chips under the message holding `text`: (emoji, count, who as the chip's title says)."""
    chips = message(browser, text).find_elements(By.CSS_SELECTOR, ".reactions .reaction")
    return [(chip.get_attribute("data-emoji"), chip.find_element(By.CSS_SELECTOR, ".count").text, chip.get_attribute("title")) for chip in chips]


def chip(browser: Browser, text: str, emoji: str):
    return message(browser, text).find_element(By.CSS_SELECTOR, f".reactions .reaction[data-emoji='{emoji}']")


def composer(browser: Browser):
    return browser.driver.find_element(By.CSS_SELECTOR, ".composer textarea")


def composer_context(browser: Browser) -> str:
    """What the composer says it does ("Replying to alice …", "Editing your message …"), '' for a plain message."""
    found = browser.driver.find_elements(By.CSS_SELECTOR, ".composer-context")
    return found[0].text if found else ""


def typing_line(browser: Browser) -> str:
    found = browser.driver.find_elements(By.CSS_SELECTOR, ".typing-line")
    return found[0].text if found else ""


def unread_line_before(browser: Browser) -> str | None:
    """The text of the message right after the "new messages" line, or None without the line."""
    found = browser.driver.find_elements(By.XPATH, "//li[contains(@class,'unread-line')]/following-sibling::li[contains(@class,'message')][1]")
    return found[0].text if found else None


def mention_badge(browser: Browser, label: str) -> str:
    """The count of messages mentioning us on a room's entry in the list ("@1"), '' without one."""
    found = browser.driver.find_elements(By.XPATH, f"//ul[@class='room-list']//button[starts-with(normalize-space(.), '{label}')]//span[contains(@class,'mentions')]")
    return found[0].text if found else ""


def clear_composer(browser: Browser) -> None:
    box = composer(browser)
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)

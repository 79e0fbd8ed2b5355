"""The web GUI on a phone (issue 19): a 390×844 touch screen (Chromium's mobile emulation), where nothing is
wider than the screen, buttons are big enough to touch, the rooms stay reachable, and the composer stays in
sight when the on-screen keyboard takes half the height (interactive-widget=resizes-content, 100dvh)."""

import pytest
from selenium.webdriver.common.by import By

from browser import available
from test_e2e_web import switch_to
from test_web import page

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")


def emulate_phone(browser, height: int = 844) -> None:
    """A 390-wide touch phone of `height` CSS pixels (less when its keyboard is open)."""
    browser.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": height, "deviceScaleFactor": 1, "mobile": True})
    browser.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})


def overflow(browser) -> tuple[int, int]:
    return tuple(browser.driver.execute_script("return [document.scrollingElement.scrollWidth, innerWidth]"))


def composer_in_sight(browser) -> bool:
    return browser.driver.execute_script(
        "const box = document.querySelector('.composer textarea').getBoundingClientRect();"
        "return box.top >= 0 && box.bottom <= innerHeight && box.height > 0;"
    )


def small_buttons(browser) -> list[str]:
    """Shown buttons less than 44 px tall: what a finger misses."""
    return browser.driver.execute_script(
        "return [...document.querySelectorAll('button')].filter((b) => b.offsetParent && b.getBoundingClientRect().height < 44 && !b.closest('.messages')).map((b) => b.textContent);"
    )


def test_a_phone_has_the_whole_chat_within_its_width_and_the_composer_above_the_keyboard(web_gateway, browsers):
    phone, bob = browsers(), browsers()
    emulate_phone(phone)
    assert phone.driver.execute_script("return matchMedia('(pointer: coarse)').matches"), "a touch screen"
    phone.join(page(web_gateway), "alice")
    bob.join(page(web_gateway), "bob")
    phone.join_room("dev")
    for n in range(12):
        bob.type(f"a long line number {n} with a_very_long_unbroken_word_{'x' * 60} in it")
    switch_to(phone, "#lobby")
    phone.wait_for_message("number 11")
    width, inner = overflow(phone)
    assert width <= inner, f"the page scrolls sideways: {width} > {inner}"
    assert composer_in_sight(phone)
    assert small_buttons(phone) == []
    phone.screenshot("gui-phone.png")

    # The rooms are one tap away: the strip of rooms under the bar.
    phone.driver.find_element(By.XPATH, "//ul[@class='room-list']//button[contains(., '#dev')]").click()
    phone.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".conversation-title").text == "#dev")

    # The keyboard opens: the layout viewport shrinks (resizes-content) and the composer stays in sight.
    phone.driver.find_element(By.CSS_SELECTOR, ".composer textarea").click()
    emulate_phone(phone, height=420)
    phone.wait(lambda _: composer_in_sight(phone))
    assert overflow(phone)[0] <= overflow(phone)[1]
    phone.type("typed on a phone")
    phone.wait(lambda _: any("typed on a phone" in line and "sending" not in line for line in phone.messages()))

    # The settings panel fits the screen too.
    emulate_phone(phone)
    phone.driver.find_element(By.CSS_SELECTOR, ".settings-button").click()
    panel = phone.wait(lambda d: d.find_element(By.ID, "settings-panel"))
    box = phone.driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.right, innerWidth]", panel)
    assert box[0] >= 0 and box[1] <= box[2]

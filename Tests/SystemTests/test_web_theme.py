"""The web GUI's themes (issue 19): dark under the system's `prefers-color-scheme: dark`, and the user's
choice (system, light, dark) in the Settings panel, shown at once and remembered across a reload."""

import pytest

from browser import available
from shell_page import choose_theme, emulate_system_theme, theme
from test_web import page

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")

DARK_BACKGROUND = "rgb(17, 19, 24)"  # --bg in styles.css's dark theme
LIGHT_BACKGROUND = "rgb(246, 247, 249)"


def background(browser) -> str:
    return browser.driver.execute_script("return getComputedStyle(document.documentElement).backgroundColor")


def color_scheme(browser) -> str:
    return browser.driver.execute_script("return document.querySelector('meta[name=color-scheme]').content")


def test_the_page_follows_a_dark_system_and_remembers_the_users_choice(web_gateway, browsers):
    alice, bob = browsers(), browsers()
    emulate_system_theme(alice, "dark")
    alice.join(page(web_gateway), "alice")
    assert (theme(alice), background(alice), color_scheme(alice)) == ("dark", DARK_BACKGROUND, "dark")

    bob.join(page(web_gateway), "bob")
    bob.type("@alice hello in the dark")
    alice.type("a reply from the dark side")
    alice.wait_for_message("hello in the dark")
    bob.wait_for_message("a reply from the dark side")
    alice.screenshot("gui-dark.png")

    choose_theme(alice, "light")
    assert (theme(alice), background(alice), color_scheme(alice)) == ("light", LIGHT_BACKGROUND, "light")
    alice.driver.refresh()
    alice.wait(lambda _: theme(alice) == "light")
    assert background(alice) == LIGHT_BACKGROUND, "the choice outlives the reload, against the system's dark"

    alice.join(None, "alice")
    choose_theme(alice, "system")
    assert theme(alice) == "dark"
    emulate_system_theme(alice, "light")
    alice.wait(lambda _: theme(alice) == "light")


def test_a_light_system_gets_the_light_theme_unless_dark_is_chosen(web_gateway, browsers):
    alice = browsers()
    emulate_system_theme(alice, "light")
    alice.join(page(web_gateway), "alice")
    assert (theme(alice), background(alice)) == ("light", LIGHT_BACKGROUND)
    choose_theme(alice, "dark")
    assert background(alice) == DARK_BACKGROUND
    alice.driver.refresh()
    alice.wait(lambda _: theme(alice) == "dark")

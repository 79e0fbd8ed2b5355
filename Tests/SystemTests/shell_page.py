"""The web GUI's shell (issue 19) as a test drives it in a real browser: the page hidden behind another tab
and shown again, the notification permission granted, notifications read back from the service worker's
registration, the settings panel, the emulated system theme and phone, and axe-core's accessibility rules.
Functions of a `Browser` (browser.py), waiting on what the page reports."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from browser import Browser

# Counts what the page asks of the browser that a test must see and the page does not show: permission
# requests and oscillators made (a tone is two, one per note). Installed before the page's own scripts (Page.addScriptToEvaluateOnNewDocument).
WATCH_BROWSER_CALLS = """
window.__calls = { permissionRequests: 0, oscillators: 0 };
if (window.Notification) {
  const request = Notification.requestPermission.bind(Notification);
  Notification.requestPermission = (...args) => { window.__calls.permissionRequests += 1; return request(...args); };
}
if (window.AudioContext) {
  const oscillator = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (...args) { window.__calls.oscillators += 1; return oscillator.apply(this, args); };
}
"""


def watch_browser_calls(browser: Browser) -> None:
    """From the next page load on, counts permission requests and oscillators made (see `calls`)."""
    browser.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_BROWSER_CALLS})


def calls(browser: Browser) -> dict:
    return browser.driver.execute_script("return window.__calls")


def visibility(browser: Browser) -> str:
    return browser.driver.execute_script("return document.visibilityState")


def hide(browser: Browser) -> None:
    """Puts the page behind a new foreground tab (chromedriver stays on the page, which now reports hidden)."""
    browser.cover = browser.driver.execute_cdp_cmd("Target.createTarget", {"url": "about:blank"})["targetId"]
    browser.wait(lambda _: visibility(browser) == "hidden")


def show(browser: Browser) -> None:
    """Brings the page's own tab to the front again."""
    own = browser.driver.execute_cdp_cmd("Target.getTargetInfo", {})["targetInfo"]["targetId"]
    browser.driver.execute_cdp_cmd("Target.activateTarget", {"targetId": own})
    browser.wait(lambda _: visibility(browser) == "visible")


def grant_notifications(browser: Browser, page: str) -> None:
    """Chromium's permission emulation: notifications are granted to `page`'s origin without a prompt."""
    browser.driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": page.rstrip("/"), "permissions": ["notifications"]})


def notifications(browser: Browser) -> list[dict]:
    """The notifications the page's service worker registration shows: [{title, body, tag}]."""
    return browser.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.serviceWorker.ready.then((r) => r.getNotifications()).then("
        "(shown) => done(shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag }))), (error) => done([{ error: String(error) }]));"
    )


def wait_controlled(browser: Browser, timeout: float = 30) -> str:
    """Waits until the service worker controls the page; returns its script's address."""
    return browser.wait(lambda d: d.execute_script("return navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL"), timeout)


def open_settings(browser: Browser):
    """Opens the bar's Settings panel (if closed) and returns it."""
    button = browser.driver.find_element(By.CSS_SELECTOR, ".settings-button")
    if button.get_attribute("aria-expanded") != "true":
        button.click()
    return browser.wait(lambda d: d.find_element(By.ID, "settings-panel"))


def close_settings(browser: Browser) -> None:
    button = browser.driver.find_element(By.CSS_SELECTOR, ".settings-button")
    if button.get_attribute("aria-expanded") == "true":
        button.click()


def set_setting(browser: Browser, name: str, on: bool) -> None:
    """Ticks or unticks a checkbox of the Settings panel (`show-text`, `show-encrypted-text`, `sound`)."""
    box = open_settings(browser).find_element(By.CSS_SELECTOR, f"input[name='{name}']")
    if box.is_selected() != on:
        box.click()
    close_settings(browser)


def turn_on_notifications(browser: Browser) -> None:
    open_settings(browser).find_element(By.CSS_SELECTOR, ".turn-on-notifications").click()
    browser.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-panel .turn-off-notifications"))
    close_settings(browser)


def choose_theme(browser: Browser, theme: str) -> None:
    open_settings(browser).find_element(By.CSS_SELECTOR, f"input[name='theme'][value='{theme}']").click()
    close_settings(browser)


def theme(browser: Browser) -> str:
    return browser.driver.execute_script("return document.documentElement.dataset.theme")


def emulate_system_theme(browser: Browser, scheme: str) -> None:
    """What the operating system prefers, as `prefers-color-scheme` reports it ('light' or 'dark')."""
    browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})


def mute_current_room(browser: Browser) -> None:
    button = browser.driver.find_element(By.CSS_SELECTOR, ".conversation-header .mute-button")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    browser.wait(lambda _: button.get_attribute("aria-pressed") == "true")


def serious_accessibility_violations(browser: Browser) -> list[str]:
    """axe-core's violations of impact serious or critical on the page as it is: ['rule (impact): targets'].

    One false positive is left out: the axe-core that axe-selenium-python 2.1.6 ships (3.x) takes
    `autocomplete="off"` on a password field for an invalid token (axe-core 4 accepts "off" on any field);
    the GUI's secret fields (passphrases, access keys, a terminal identity) say "off" on purpose."""
    from axe_selenium_python import Axe

    axe = Axe(browser.driver)
    axe.inject()
    results = axe.run()
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        nodes = [node for node in violation["nodes"] if not (violation["id"] == "autocomplete-valid" and 'autocomplete="off"' in node["html"])]
        if nodes:
            found.append(f"{violation['id']} ({violation['impact']}): {', '.join(str(node['target']) for node in nodes)}")
    return found

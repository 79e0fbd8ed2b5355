"""A real browser (Debian's chromium, driven by chromedriver through selenium) using the web GUI."""

from __future__ import annotations

import shutil
import time

from harness import ROOT

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
available = CHROMIUM is not None and CHROMEDRIVER is not None
WEB_ROOT = ROOT / "web" / "dist"


class Browser:
    def __init__(self, width: int = 1100, height: int = 750, arguments: list[str] | None = None):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}", "--lang=en-US", *(arguments or [])]:
            options.add_argument(argument)
        # The page's console (CSP violations among it), for console().
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)

    def join(
        self,
        url: str | None,
        name: str,
        room: str | None = None,
        passphrase: str | None = None,
        access_key: str | None = None,
        online: bool = True,
        terminal_identity: str | None = None,
        new_key: bool = False,
    ) -> None:
        """Fills in the join screen (of `url`, or the one shown) and joins; waits to be online unless told not to.
        `terminal_identity` is pasted under "Use my terminal identity": what `chat --export-identity` printed.
        `new_key` ticks "Encrypt this room (new key)"."""
        from selenium.webdriver.common.by import By

        if url:
            self.driver.get(url)
        name_field = self.wait(lambda d: d.find_element(By.CSS_SELECTOR, "input[autocomplete=nickname]"))
        name_field.clear()
        name_field.send_keys(name)
        if room:
            room_field = self.driver.find_elements(By.CSS_SELECTOR, ".join-card input")[1]
            room_field.clear()
            room_field.send_keys(room)
        if passphrase:
            self.driver.find_element(By.CSS_SELECTOR, ".join-card input[name=passphrase]").send_keys(passphrase)
        if new_key:
            self.driver.find_element(By.CSS_SELECTOR, ".join-card input[name=new-key]").click()
        if access_key is not None:
            advanced = self.driver.find_element(By.CSS_SELECTOR, ".join-card details")
            if advanced.get_attribute("open") is None:
                advanced.find_element(By.TAG_NAME, "summary").click()
            key_field = self.driver.find_element(By.CSS_SELECTOR, ".join-card input[name=access-key]")
            key_field.clear()
            key_field.send_keys(access_key)
        if terminal_identity is not None:
            carried = self.driver.find_element(By.CSS_SELECTOR, ".join-card details.terminal-identity")
            if carried.get_attribute("open") is None:
                carried.find_element(By.TAG_NAME, "summary").click()
            identity_field = self.driver.find_element(By.CSS_SELECTOR, ".join-card input[name=terminal-identity]")
            identity_field.clear()
            identity_field.send_keys(terminal_identity)
        self.driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        if online:
            self.wait_status("online")

    def join_room(self, room: str, passphrase: str | None = None) -> None:
        """Joins a room with the sidebar's form, and waits until it is the current one."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys

        self.driver.find_element(By.ID, "join-room-name").send_keys(room)
        if passphrase:
            self.driver.find_element(By.CSS_SELECTOR, ".join-room input[name=room-passphrase]").send_keys(passphrase)
        self.driver.find_element(By.CSS_SELECTOR, ".join-room button[type=submit]").click()
        self.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".conversation-title").text == f"#{room}")

    def encryption(self) -> str:
        """What the current room's header says about encryption ('' for a plain room)."""
        from selenium.webdriver.common.by import By

        badges = self.driver.find_elements(By.CSS_SELECTOR, ".conversation-header .encryption")
        return badges[0].text if badges else ""

    def fingerprint(self, timeout: float = 20) -> str:
        """The current room's key fingerprint, once its key is derived."""
        from selenium.webdriver.common.by import By

        return self.wait(lambda d: (found := d.find_elements(By.CSS_SELECTOR, ".conversation-header .fingerprint")) and found[0].text, timeout)

    def console(self) -> list[dict]:
        """The page's console messages since the last call (each {level, message, source, timestamp})."""
        return self.driver.get_log("browser")

    def type(self, text: str, enter: bool = True) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys

        box = self.driver.find_element(By.CSS_SELECTOR, ".composer textarea")
        box.send_keys(text)
        if enter:
            box.send_keys(Keys.ENTER)

    def messages(self) -> list[str]:
        """The text of each line in the current conversation."""
        from selenium.webdriver.common.by import By

        return [item.text for item in self.driver.find_elements(By.CSS_SELECTOR, ".messages > li:not(.day)")]

    def members(self) -> list[str]:
        from selenium.webdriver.common.by import By

        return [item.text for item in self.driver.find_elements(By.CSS_SELECTOR, ".member-list li")]

    def status(self) -> str:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, ".status").get_attribute("data-status")

    def wait(self, condition, timeout: float = 10):
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(condition)

    def wait_for_message(self, text: str, timeout: float = 10) -> list[str]:
        self.wait(lambda _: any(text in line for line in self.messages()), timeout)
        return self.messages()

    def wait_status(self, status: str, timeout: float = 15) -> None:
        self.wait(lambda _: self.status() == status, timeout)

    def screenshot(self, name: str) -> None:
        folder = ROOT / "artifacts"
        folder.mkdir(exist_ok=True)
        self.driver.save_screenshot(str(folder / name))

    def quit(self) -> None:
        self.driver.quit()

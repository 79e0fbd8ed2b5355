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
    def __init__(self, width: int = 1100, height: int = 750):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}", "--lang=en-US"]:
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)

    def join(self, url: str, name: str, room: str | None = None) -> None:
        from selenium.webdriver.common.by import By

        self.driver.get(url)
        name_field = self.wait(lambda d: d.find_element(By.CSS_SELECTOR, "input[autocomplete=nickname]"))
        name_field.clear()
        name_field.send_keys(name)
        if room:
            room_field = self.driver.find_elements(By.CSS_SELECTOR, ".join-card input")[1]
            room_field.clear()
            room_field.send_keys(room)
        self.driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait_status("online")

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

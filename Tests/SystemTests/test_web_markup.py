"""Text markup in a real browser (docs/PROTOCOL.md, "Text markup"): what a plain (seed) client types is
shown with links, code and emphasis, and hostile markup and HTML stay inert text. Links open in a new tab
with no opener and no referrer, and nothing is fetched for a preview."""

from __future__ import annotations

import asyncio
import http.server
import threading

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By

from browser import available
from harness.ports import free_port_block
from harness.websocket import Client
from test_web import page

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")

# (text, what the page shows, the links in it): none may run, fetch or add an element of its own.
HOSTILE = [
    ("<script>alert(1)</script>", "<script>alert(1)</script>", []),
    ("<img src=x onerror=alert(2)>", "<img src=x onerror=alert(2)>", []),
    ('<a href="javascript:alert(3)">x</a>', '<a href="javascript:alert(3)">x</a>', []),
    ("[click](javascript:alert(4))", "[click](javascript:alert(4))", []),
    ("javascript:alert(5) data:text/html,<script>alert(6)</script>", "javascript:alert(5) data:text/html,<script>alert(6)</script>", []),
    ('https://x.org/"onmouseover="alert(7)', 'https://x.org/"onmouseover="alert(7)', ["https://x.org/"]),
    ("**<b>bold</b>** `<i>x</i>`", "<b>bold</b> <i>x</i>", []),
    ("&lt;b&gt; &amp; &#60;script&#62;", "&lt;b&gt; &amp; &#60;script&#62;", []),
    ("```\n<script>alert(8)</script>\n```", "<script>alert(8)</script>", []),
    ("{{constructor.constructor('alert(9)')()}} ${alert(10)}", "{{constructor.constructor('alert(9)')()}} ${alert(10)}", []),
    ("<style>body{display:none}</style><iframe src=https://x.org>", "<style>body{display:none}</style><iframe src=https://x.org>", ["https://x.org"]),
]

MARKUP_TAGS = {"STRONG", "EM", "S", "CODE", "PRE", "BLOCKQUOTE", "A", "SPAN"}


class Hits(http.server.BaseHTTPRequestHandler):
    """A site on loopback that records each request it gets (path and Referer)."""

    seen: list[tuple[str, str | None]] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        Hits.seen.append((self.path, self.headers.get("Referer")))
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<!doctype html><title>elsewhere</title><p>elsewhere</p>")

    def log_message(self, *_):
        pass


@pytest.fixture
def elsewhere():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port_block(1)), Hits)
    Hits.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def text_of(browser, text: str):
    """The `.text` element of the latest message whose shown text contains `text`."""
    return browser.wait(lambda d: [item for item in d.find_elements(By.CSS_SELECTOR, ".messages > li .text") if text in item.text][-1:])[0]


def elements_under(browser, element) -> list[dict]:
    return browser.driver.execute_script(
        "return [...arguments[0].querySelectorAll('*')].map((e) => ({tag: e.tagName, attributes: [...e.attributes].map((a) => a.name),"
        " href: e.getAttribute('href'), target: e.getAttribute('target'), rel: e.getAttribute('rel')}));",
        element,
    )


def test_hostile_markup_and_html_stay_inert_text(web_gateway, browsers):
    async def scenario():
        alice = browsers()
        alice.join(page(web_gateway), "alice")
        mallory = await Client.join(web_gateway, "mallory")
        for text, shown, links in HOSTILE:
            await mallory.say(text)
            element = text_of(alice, shown.splitlines()[0])
            assert element.text == shown, text
            inside = elements_under(alice, element)
            assert {item["tag"] for item in inside} <= MARKUP_TAGS, text
            assert not [name for item in inside for name in item["attributes"] if name.startswith("on") or name in {"style", "src", "srcdoc"}], text
            anchors = [item for item in inside if item["tag"] == "A"]
            assert [item["href"] for item in anchors] == links, text
            assert all(item["target"] == "_blank" and set(item["rel"].split()) >= {"noopener", "noreferrer"} for item in anchors), text
        with pytest.raises(NoAlertPresentException):
            alice.driver.switch_to.alert.text  # noqa: B018 (reading it is the check)
        assert alice.driver.execute_script("return document.body.offsetHeight") > 0, "a <style> in a message hid the page"

    asyncio.run(scenario())


def test_markup_is_shown_as_links_code_and_emphasis(web_gateway, browsers):
    async def scenario():
        alice = browsers()
        alice.join(page(web_gateway), "alice")
        bob = await Client.join(web_gateway, "bob")
        await bob.say("**bold** *it* ~~gone~~ `git status` :tada: see https://example.org/a_(b). @alice")
        element = text_of(alice, "git status")
        assert element.text == "bold it gone git status 🎉 see https://example.org/a_(b). @alice"
        tags = [(item["tag"], item["href"]) for item in elements_under(alice, element)]
        assert tags == [("STRONG", None), ("EM", None), ("S", None), ("CODE", None), ("SPAN", None), ("A", "https://example.org/a_(b)"), ("SPAN", None)]
        assert element.find_element(By.CSS_SELECTOR, ".mention").get_attribute("class").split() == ["mention", "mention-me"]

        await bob.say("> a quote\n```swift\nlet x = 1\n```\nafter")
        element = text_of(alice, "let x = 1")
        assert element.find_element(By.CSS_SELECTOR, "blockquote").text == "a quote"
        assert element.find_element(By.CSS_SELECTOR, "pre code").text == "let x = 1"
        assert element.find_element(By.CSS_SELECTOR, "pre").get_attribute("data-lang") == "swift"
        alice.screenshot("web-markup.png")

    asyncio.run(scenario())


def test_links_fetch_no_preview_and_open_with_no_opener_or_referrer(web_gateway, browsers, elsewhere):
    async def scenario():
        alice = browsers()
        alice.join(page(web_gateway), "alice")
        bob = await Client.join(web_gateway, "bob")
        await bob.say(f"look {elsewhere}/page?from=chat")
        link = text_of(alice, "look").find_element(By.CSS_SELECTOR, "a")
        await asyncio.sleep(1.5)
        assert Hits.seen == [], "the page fetched the link (a preview)"

        link.click()
        alice.wait(lambda d: len(d.window_handles) == 2)
        chat = alice.driver.current_window_handle
        alice.driver.switch_to.window([handle for handle in alice.driver.window_handles if handle != chat][0])
        alice.wait(lambda d: d.execute_script("return document.title") == "elsewhere")
        assert alice.driver.execute_script("return window.opener") is None
        # The new page asks for its own favicon itself; what matters is that the chat's address never went along.
        assert Hits.seen[0] == ("/page?from=chat", None), "the chat's address went along as a Referer"
        assert not [referer for _, referer in Hits.seen if referer and page(web_gateway) in referer]
        alice.driver.close()
        alice.driver.switch_to.window(chat)

    asyncio.run(scenario())

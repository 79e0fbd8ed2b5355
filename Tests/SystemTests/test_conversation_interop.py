"""The issue's "done when": two people, one in a terminal (`chat` in tmux) and one in a browser (Chromium), on
two gateways of a failover pair, reply, edit, react, see each other type, mention each other and delete, and go on
doing it after the primary relay is killed (docs/PROTOCOL.md, "Conversation events")."""

import asyncio
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser import WEB_ROOT, available
from conversation_page import clear_composer, composer, message, press, react, reactions, typing_line
from conversation_terminal import enter, open_chat, rang, see
from harness import ROOT
from harness.processes import RelayPair
from test_terminal import tmux  # noqa: F401 (a fixture)

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")


@pytest.fixture
def pair(processes):
    relays = RelayPair()
    processes.extend(relays.processes)
    relays.wait_states("active", "passive")
    gateways = [relays.gateway(["--web-root", str(WEB_ROOT)]) for _ in range(2)]
    processes.extend(gateways)
    for gateway in gateways:
        gateway.wait_healthy()
    return relays, gateways


def sequence_of(screen: str, text: str) -> int:
    """The `#N` the terminal shows before a line holding `text`."""
    return int(re.findall(rf"#(\d+) [^\n]*{re.escape(text)}", screen)[-1])


def test_a_terminal_and_a_browser_converse_and_go_on_after_the_relay_fails_over(pair, browsers, tmux):
    relays, (first, second) = pair

    async def scenario():
        alice = open_chat(tmux, "alice", first.url, "--refs")
        bob = browsers()
        bob.join(f"http://127.0.0.1:{second.port}/", "bob")
        await see(tmux, alice, "bob joined lobby")

        # Bob asks; alice answers from the terminal by its #N; bob's page quotes the question.
        bob.type("lunch at noon?")
        asked = sequence_of(await see(tmux, alice, "bob: lunch at noon?"), "lunch at noon?")
        enter(tmux, alice, f"/reply #{asked} yes, at the usual place")
        reply = message(bob, "yes, at the usual place")
        bob.wait(lambda _: reply.find_element(By.CSS_SELECTOR, ".reply-quote").text == "↩ bob: lunch at noon?")

        # Bob reacts in the page; alice's terminal counts it. Alice fixes her reply; the page shows the edit.
        react(bob, "yes, at the usual place", "👍")
        await see(tmux, alice, "👍 1 (bob)")
        enter(tmux, alice, "/edit yes, at the new place")
        bob.wait(lambda _: "(edited)" in message(bob, "yes, at the new place").text)

        # Bob types: alice's prompt says so. Bob mentions alice: her terminal rings.
        composer(bob).send_keys("on my")
        await see(tmux, alice, "(bob is typing…)")
        clear_composer(bob)
        bob.type("@alice see you there")
        await see(tmux, alice, "bob: @alice see you there")
        assert rang(tmux, alice), "a mention of alice rings her terminal"

        # The primary relay dies; both keep going on the backup.
        relays.primary.kill()
        for gateway in (first, second):
            gateway.wait_for_log("moving to the other relay", timeout=5)
            gateway.wait_healthy()
        composer(bob).send_keys(Keys.ARROW_UP)
        clear_composer(bob)
        bob.type("@alice see you at 12:30")
        await see(tmux, alice, "bob (edited): @alice see you at 12:30")
        enter(tmux, alice, f"/react #{asked} 🎉")
        bob.wait(lambda _: [emoji for emoji, _, _ in reactions(bob, "lunch at noon?")] == ["🎉"])
        enter(tmux, alice, "/delete")
        bob.wait(lambda _: "message deleted" in message(bob, "message deleted").text)
        press(bob, "lunch at noon?", "r")
        bob.type("deleted? fine")
        screen = await see(tmux, alice, "bob: deleted? fine")
        assert "yes, at the new place" not in screen.split("message deleted")[-1]
        assert typing_line(bob) == ""
        bob.screenshot("conversation-interop.png")
        (ROOT / "artifacts" / "conversation-interop-terminal.txt").write_text(screen)

    asyncio.run(scenario())
    assert relays.backup.health()[1]["state"] == "active"

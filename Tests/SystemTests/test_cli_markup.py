"""Text markup in the terminal (docs/PROTOCOL.md, "Text markup"): an interactive `chat` in tmux shows
bold, italic, strikethrough, code, code blocks, quotes, links and shortcodes with ANSI styles and
without their markers; with NO_COLOR it shows the text as written, shortcodes replaced, and no escape
at all. Hostile markup stays text either way."""

import asyncio
import re

from conversation_terminal import enter
from harness import BIN_DIR, ROOT
from harness.websocket import ChatClient
from test_terminal import tmux  # noqa: F401 (a fixture)

ESC = "\x1b"
SGR = re.compile(r"\x1b\[([0-9;]*)m")

TEXTS = [
    "**bold** and *italic* and ~~struck~~ with `git status` :tada:",
    "see https://example.com/a. and <script>alert(1)</script> [x](javascript:alert(1))",
    "look:\n```swift\nlet x = **1**\n```\n> quoted _well_\nbye :wave:",
]
LAST_PLAIN = "bye 👋"
BOB = "bob [unsigned]: "  # a raw client, without an identity key
OWN = "**on it** :+1:"
# SGR codes that end a style rather than start one, and the codes they end.
TURNS_OFF = {"22": {"1", "2"}, "23": {"3"}, "24": {"4"}, "27": {"7"}, "29": {"9"}, "39": {str(code) for code in range(30, 38)}, "49": {str(code) for code in range(40, 48)}}


def open_window(tmux, name: str, url: str, colours: bool) -> str:
    """An interactive `chat` as `name`, with colours (NO_COLOR unset, whatever tmux's environment holds)
    or with NO_COLOR=1, connected."""
    environment = "env -u NO_COLOR" if colours else "env NO_COLOR=1"
    target = tmux.window(name, f"{environment} {BIN_DIR / 'chat'} {url} --name {name}; sleep 600")
    tmux.wait_for(target, "connected to")
    return target


def styles_of(styled_screen: str, text: str) -> set[str]:
    """The SGR parameters in force where `text` starts on the styled screen (tmux writes them before it)."""
    line = next(line for line in styled_screen.splitlines() if text in SGR.sub("", line))
    at = SGR.sub("", line).index(text)
    active: set[str] = set()
    shown = 0
    for piece in re.split(r"(\x1b\[[0-9;]*m)", line):
        if match := SGR.fullmatch(piece):
            for code in match.group(1).split(";") or ["0"]:
                if code in ("", "0"):
                    active.clear()
                elif code in TURNS_OFF:
                    active -= TURNS_OFF[code]
                else:
                    active.add(code)
        elif shown + len(piece) > at:
            return active
        else:
            shown += len(piece)
    return active


def test_the_terminal_styles_markup_and_shows_it_as_written_with_no_color(gateway, tmux):
    styled = open_window(tmux, "alice", gateway.url, colours=True)
    plain = open_window(tmux, "carol", gateway.url, colours=False)

    async def bob_says():
        bob = await ChatClient.join(gateway, "bob")
        for text in TEXTS:
            await bob.say(text)
        await bob.close()

    asyncio.run(bob_says())

    tmux.wait_for(styled, LAST_PLAIN)
    enter(tmux, styled, OWN)  # what alice says is shown the same way
    screen = tmux.wait_for(styled, "alice: on it 👍")
    escaped = tmux.styled_screen(styled)
    assert BOB + "bold and italic and struck with git status 🎉" in screen, screen
    inline = next(line for line in screen.splitlines() if "git status" in line)
    assert not any(marker in inline for marker in ("*", "_", "~", "`", ":tada:")), "markers removed"
    assert {"1"} <= styles_of(escaped, "bold and"), "bold is SGR 1"
    assert {"3"} <= styles_of(escaped, "italic and"), "italic is SGR 3"
    assert {"9"} <= styles_of(escaped, "struck"), "strikethrough is SGR 9"
    assert {"36"} <= styles_of(escaped, "git status"), "inline code is cyan"
    assert not styles_of(escaped, " and italic"), "each style ends where its text does"
    assert "see https://example.com/a. and <script>alert(1)</script> [x](javascript:alert(1))" in screen, "links as written, hostile markup as text"
    assert {"4"} <= styles_of(escaped, "https://example.com/a"), "links are underlined"
    assert not styles_of(escaped, ". and <script>"), "the trailing dot is no part of the link"
    assert BOB + "look:\n      │ let x = **1**\n      ▎ quoted well\n      bye 👋" in screen, "a code block verbatim with a gutter, a quote with a bar"
    assert {"2"} <= styles_of(escaped, "│ let x"), "the gutter is dim"
    assert {"36"} <= styles_of(escaped, "let x = **1**") and "3" in styles_of(escaped, "well"), "code verbatim, the quote styled"

    tmux.wait_for(plain, LAST_PLAIN)
    enter(tmux, plain, OWN)
    plain_screen = tmux.wait_for(plain, "carol: **on it** 👍")
    assert BOB + "**bold** and *italic* and ~~struck~~ with `git status` 🎉" in plain_screen, plain_screen
    assert BOB + "see https://example.com/a. and <script>alert(1)</script> [x](javascript:alert(1))" in plain_screen
    assert BOB + "look:\n      ```swift\n      let x = **1**\n      ```\n      > quoted _well_\n      bye 👋" in plain_screen
    assert ESC not in tmux.styled_screen(plain), "no escape sequence at all"

    # docs/images/cli-markup-terminal.txt is a copy of this pane.
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "cli-markup-terminal.txt").write_text(screen)
    (ROOT / "artifacts" / "cli-markup-terminal-styled.txt").write_text(escaped)
    (ROOT / "artifacts" / "cli-markup-terminal-no-color.txt").write_text(plain_screen)

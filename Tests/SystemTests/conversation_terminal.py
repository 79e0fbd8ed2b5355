"""`chat` clients for the conversation tests (test_cli_conversation*.py): interactive ones in tmux (a
person's window, typing a line, waiting for the screen, whether the terminal bell rang), and the end of
scripted ones."""

from __future__ import annotations

import asyncio
import shlex
from pathlib import Path

from harness import BIN_DIR
from harness.cli import ChatCLI
from test_terminal import Tmux


def open_chat(tmux: Tmux, name: str, url: str, *options: str, config: Path | None = None, window: str | None = None) -> str:
    """A window running an interactive `chat` as `name` (its own person unless `config` says whose
    configuration to use), connected; a spare window is made current after it, so that tmux notes a
    bell in it (tmux flags bells only in windows not looked at). `window`: its name, if not `name`."""
    target = tmux.window(window or name, f"{BIN_DIR / 'chat'} {url} --name {shlex.quote(name)} {' '.join(options)}; sleep 600", config=config)
    tmux.wait_for(target, "connected to")
    tmux.run("new-window", "-t", tmux.session, "sleep 600")
    return target


def enter(tmux: Tmux, target: str, line: str) -> None:
    """Types `line` and presses Enter."""
    tmux.type(target, line)
    tmux.keys(target, "Enter")


async def see(tmux: Tmux, target: str, text: str, timeout: float = 10) -> str:
    """Waits until `text` is on the window's screen, without holding up the event loop; returns the screen."""
    return await asyncio.to_thread(tmux.wait_for, target, text, timeout)


async def gone(tmux: Tmux, target: str, text: str, timeout: float = 10) -> str:
    """Waits until `text` is no longer on the window's screen; returns the screen."""
    deadline = asyncio.get_running_loop().time() + timeout
    while text in (screen := tmux.screen(target)):
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"{text!r} stayed; screen:\n{screen}")
        await asyncio.sleep(0.1)
    return screen


def rang(tmux: Tmux, target: str) -> bool:
    """Whether the terminal bell rang in the window since it was last looked at."""
    return tmux.run("display", "-p", "-t", target, "#{window_bell_flag}").strip() == "1"


def prompt(screen: str) -> str:
    """The window's last non-blank line: the input line, with its status."""
    return [line for line in screen.splitlines() if line.strip()][-1]


async def ends_cleanly(*clis: ChatCLI) -> None:
    """Ends the input of scripted `chat`s and checks that each exits 0 (everything sent was acknowledged)."""
    for cli in clis:
        cli.close_input()
        code, stderr = await asyncio.to_thread(cli.wait)
        assert code == 0, stderr

"""Two people chatting in real terminals: tmux runs two interactive `chat` clients."""

import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from harness import BIN_DIR, ROOT
from harness.cli import fresh_config_dir
from harness.processes import Gateway

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    def __init__(self):
        self.session = f"chat-test-{uuid.uuid4().hex[:8]}"
        self.run("new-session", "-d", "-s", self.session, "-x", "110", "-y", "24", "sleep 600")

    def run(self, *args: str) -> str:
        # Not the runner's identity: each window names its own (see `window`).
        env = {name: value for name, value in os.environ.items() if name not in ("CHAT_IDENTITY", "XDG_CONFIG_HOME")}
        return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True, env=env).stdout

    def window(self, name: str, command: str, config: Path | None = None) -> str:
        """A window running `command` with its own XDG_CONFIG_HOME (`config`, else a fresh one): the
        `chat` in it is a person of its own, with an identity key nobody else has."""
        config = config or fresh_config_dir()
        self.run("new-window", "-t", self.session, "-n", name, "-e", f"XDG_CONFIG_HOME={config}", command)
        return f"{self.session}:{name}"

    def keys(self, target: str, *keys: str) -> None:
        self.run("send-keys", "-t", target, *keys)

    def type(self, target: str, text: str) -> None:
        self.run("send-keys", "-t", target, "-l", text)

    def screen(self, target: str) -> str:
        return self.run("capture-pane", "-p", "-t", target)

    def styled_screen(self, target: str) -> str:
        """The screen with its styles, as SGR sequences tmux writes for them (not the bytes `chat` wrote)."""
        return self.run("capture-pane", "-p", "-e", "-t", target)

    def wait_for(self, target: str, text: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen(target)
            if text in screen:
                return screen
            time.sleep(0.05)
        raise TimeoutError(f"{text!r} never appeared; screen:\n{self.screen(target)}")

    def kill(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.session], capture_output=True)


@pytest.fixture
def tmux():
    session = Tmux()
    yield session
    session.kill()


def last_line(screen: str) -> str:
    return [line for line in screen.splitlines() if line.strip()][-1]


def bob_then_alice(processes, tmux, alice_after: str = "") -> tuple[Gateway, str, str, str]:
    """A gateway, and bob then alice connected to it in windows of their own: (gateway, the `chat`
    command line, bob's window, alice's). `alice_after` runs in alice's window once her `chat` exits."""
    gateway = Gateway()
    processes.append(gateway)
    gateway.wait_healthy()
    chat = f"{BIN_DIR / 'chat'} {gateway.url}"
    bob = tmux.window("bob", f"{chat} --name bob; sleep 600")
    tmux.wait_for(bob, "connected to")
    alice = tmux.window("alice", f"{chat} --name alice; {alice_after}sleep 600")
    tmux.wait_for(alice, "lobby, 2 here: alice, bob")
    return gateway, chat, bob, alice


def test_two_interactive_clients_chat_without_clobbering_what_is_typed(processes, tmux):
    gateway, chat, bob, alice = bob_then_alice(processes, tmux, alice_after="echo EXIT=$?; stty -a; ")
    tmux.wait_for(bob, "alice joined lobby")

    # Alice is half-way through a line when bob's messages arrive.
    tmux.type(alice, "half typed")
    tmux.wait_for(alice, "[lobby] > half typed")
    tmux.type(bob, "hello alice")
    tmux.keys(bob, "Enter")
    tmux.type(bob, "/me waves")
    tmux.keys(bob, "Enter")
    screen = tmux.wait_for(alice, "* bob waves")
    assert "bob: hello alice" in screen
    assert last_line(screen) == "[lobby] > half typed", "the half-typed line is intact below the new messages"

    # Line editing: finish the line after moving around in it.
    tmux.keys(alice, "Home")
    tmux.type(alice, "so, ")  # not `>`: a line that starts with it is a quote (test_cli_markup.py)
    tmux.keys(alice, "End")
    tmux.type(alice, " line")
    tmux.keys(alice, "Enter")
    tmux.wait_for(bob, "alice: so, half typed line")

    tmux.type(alice, "/msg bob psst, just you")
    tmux.keys(alice, "Enter")
    tmux.wait_for(bob, "[private] alice → bob: psst, just you")
    tmux.type(bob, "/who")
    tmux.keys(bob, "Enter")
    tmux.wait_for(bob, "in lobby: alice, bob")
    tmux.type(alice, "/dance")
    tmux.keys(alice, "Enter")
    tmux.wait_for(alice, "unknown command /dance: type /help for the list")

    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "terminal-alice.txt").write_text(tmux.screen(alice))
    (artifacts / "terminal-bob.txt").write_text(tmux.screen(bob))

    tmux.type(alice, "/quit")
    tmux.keys(alice, "Enter")
    assert_terminal_restored(tmux.wait_for(alice, "EXIT=0"), tmux, alice)
    tmux.wait_for(bob, "alice left lobby")


def assert_terminal_restored(screen: str, tmux: Tmux, target: str) -> None:
    """The `stty -a` printed after the client exited shows line editing and echo back on."""
    settings = tmux.wait_for(target, "icanon").split("EXIT=0", 1)[1].split()
    assert "icanon" in settings and "echo" in settings, settings
    assert "-icanon" not in settings and "-echo" not in settings


def test_ctrl_d_on_an_empty_line_and_ctrl_c_leave_and_restore_the_terminal(processes, tmux):
    gateway = Gateway()
    processes.append(gateway)
    gateway.wait_healthy()
    chat = f"{BIN_DIR / 'chat'} {gateway.url}"
    for name, keys in [("carol", ["C-d"]), ("dave", ["C-c"])]:
        target = tmux.window(name, f"{chat} --name {name}; echo EXIT=$?; stty -a; sleep 600")
        tmux.wait_for(target, "connected to")
        tmux.keys(target, *keys)
        assert_terminal_restored(tmux.wait_for(target, "EXIT=0"), tmux, target)


def safety_rows(screen: str) -> list[str]:
    """The three rows of 4 groups of 5 digits that `/verify` printed last."""
    rows = [line.strip() for line in screen.splitlines() if re.fullmatch(r"\s*(\d{5} ){3}\d{5}\s*", line)]
    return rows[-3:]


def test_two_people_in_real_terminals_compare_safety_numbers_and_see_an_impostor_warned_about(processes, tmux):
    gateway, chat, bob, alice = bob_then_alice(processes, tmux)

    # Neither has said anything: the keys came with the room's snapshot and alice's arrival.
    tmux.type(alice, "/verify bob")
    tmux.keys(alice, "Enter")
    alice_screen = tmux.wait_for(alice, "if it matches, type /verified bob")
    tmux.type(bob, "/verify alice")
    tmux.keys(bob, "Enter")
    bob_screen = tmux.wait_for(bob, "if it matches, type /verified alice")
    assert len(safety_rows(alice_screen)) == 3 and safety_rows(alice_screen) == safety_rows(bob_screen), (alice_screen, bob_screen)

    tmux.type(bob, "/verified alice")
    tmux.keys(bob, "Enter")
    tmux.wait_for(bob, "alice is now a verified contact ✔")
    tmux.type(alice, "it is really me")
    tmux.keys(alice, "Enter")
    tmux.wait_for(bob, "alice ✔: it is really me")

    # Someone else, with another key, takes the name after alice leaves and the chat restarts.
    tmux.keys(alice, "C-d")
    tmux.wait_for(bob, "alice left lobby")
    gateway.kill()
    restarted = Gateway(extra=["--port", str(gateway.port)])
    processes.append(restarted)
    restarted.wait_healthy()
    tmux.wait_for(bob, "reconnected", timeout=20)
    mallory = tmux.window("mallory", f"{chat} --name alice; sleep 600")
    tmux.wait_for(mallory, "connected to")
    screen = tmux.wait_for(bob, "the safety number with your verified contact alice changed")
    tmux.type(mallory, "send me the password")
    tmux.keys(mallory, "Enter")
    screen = tmux.wait_for(bob, "alice [key changed]: send me the password")
    assert screen.count("changed: their key is now") == 1, "warned once, then only marked"

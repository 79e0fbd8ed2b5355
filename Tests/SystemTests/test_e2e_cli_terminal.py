"""Encrypted rooms as people see them in a terminal (tmux runs interactive `chat` clients): an invite
link that brings someone in, the fingerprints to compare, the notice when the key rotates, and a
passphrase typed without echo. The screens are kept in artifacts/e2e-terminal/."""

import re
import shutil
import time

import pytest

from harness import BIN_DIR, ROOT
from test_terminal import Tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

SCREENS = ROOT / "artifacts" / "e2e-terminal"


@pytest.fixture
def tmux():
    session = Tmux()
    yield session
    session.kill()


def keep(tmux: Tmux, target: str, name: str) -> str:
    """The window's screen, kept as an artifact."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    screen = tmux.screen(target)
    (SCREENS / f"{name}.txt").write_text(screen)
    return screen


def enter(tmux: Tmux, target: str, line: str) -> None:
    """Types a line and presses Enter."""
    tmux.type(target, line)
    tmux.keys(target, "Enter")


def fingerprints(screen: str) -> list[str]:
    return re.findall(r"key fingerprint ((?:[0-9a-f]{4} ){3}[0-9a-f]{4})", screen)


def test_an_invite_link_brings_a_person_in_and_a_leave_rotates_the_key(gateway, tmux):
    chat = f"{BIN_DIR / 'chat'} {gateway.url}"
    amy = tmux.window("amy", f"{chat} --name amy; sleep 600")
    tmux.wait_for(amy, "connected to")
    enter(tmux, amy, "/join secret --encrypt")
    tmux.wait_for(amy, "#secret is end-to-end encrypted; key fingerprint")
    tmux.wait_for(amy, "secret] >")
    enter(tmux, amy, "/invite")
    screen = tmux.wait_for(amy, "/#room=secret&roomkey=")
    (link,) = re.findall(r"http://\S+#room=secret&roomkey=[A-Za-z0-9_-]{43}", screen)
    (fingerprint,) = fingerprints(screen)

    bob = tmux.window("bob", f"{BIN_DIR / 'chat'} '{link}' --name bob; sleep 600")
    cy = tmux.window("cy", f"{BIN_DIR / 'chat'} '{link}' --name cy; sleep 600")
    for window in (bob, cy):
        assert fingerprints(tmux.wait_for(window, "key fingerprint")) == [fingerprint], "the same key: compare it"
        tmux.wait_for(window, "secret] >")
    tmux.wait_for(amy, "cy joined secret")
    enter(tmux, amy, "meet at noon")
    tmux.wait_for(bob, "amy: meet at noon")
    tmux.wait_for(cy, "amy: meet at noon")

    enter(tmux, cy, "/leave")
    for window in (amy, bob):
        tmux.wait_for(window, "after cy left (from ", timeout=15)
    enter(tmux, bob, "after cy left")
    tmux.wait_for(amy, "bob: after cy left")
    for window, name in ((amy, "amy"), (bob, "bob"), (cy, "cy")):
        keep(tmux, window, f"invite-and-rotation-{name}")
    rotated = re.findall(r"#secret: new room key ((?:[0-9a-f]{4} ){3}[0-9a-f]{4}), after cy left", tmux.screen(amy))
    assert len(rotated) == 1 and rotated[0] != fingerprint
    assert rotated == re.findall(r"#secret: new room key ((?:[0-9a-f]{4} ){3}[0-9a-f]{4}), after cy left", tmux.screen(bob))
    assert "after cy left" not in tmux.screen(cy).split("left secret")[-1].replace("/leave", "")


def test_join_with_passphrase_asks_without_echo_and_warns_about_a_weak_one(gateway, tmux):
    passphrase = "correct horse battery staple"
    chat = f"{BIN_DIR / 'chat'} {gateway.url}"
    amy = tmux.window("amy", f"CHAT_PASSPHRASE='{passphrase}' {chat} --name amy --room secret; sleep 600")
    tmux.wait_for(amy, "#secret is end-to-end encrypted; key fingerprint")
    bob = tmux.window("bob", f"{chat} --name bob; sleep 600")
    tmux.wait_for(bob, "connected to")

    enter(tmux, bob, "/join weak --passphrase")
    tmux.wait_for(bob, "passphrase for #weak (not shown):")
    enter(tmux, bob, "hunter2")
    tmux.wait_for(bob, "warning: the passphrase is weak (it has fewer than 12 characters)")
    tmux.wait_for(bob, "joined weak")

    enter(tmux, bob, "/join secret --passphrase")
    tmux.wait_for(bob, "passphrase for #secret (not shown):")
    tmux.type(bob, passphrase)
    time.sleep(0.2)  # the keys reached the client; nothing of them may be drawn
    assert passphrase.split()[0] not in tmux.screen(bob)
    tmux.keys(bob, "Enter")
    tmux.wait_for(bob, "#secret is end-to-end encrypted; key fingerprint")
    tmux.wait_for(bob, "secret] >")
    enter(tmux, amy, "meet at noon")
    tmux.wait_for(bob, "amy: meet at noon")
    # Bob now seals with the salt of amy's message: the same fingerprint on both screens.
    last = fingerprints(tmux.screen(bob))[-1]
    assert fingerprints(tmux.screen(amy))[-1] == last
    tmux.keys(bob, "Up", "Up", "Up")
    time.sleep(0.2)
    keep(tmux, bob, "passphrase-bob")
    for screen in (tmux.screen(amy), tmux.screen(bob)):
        assert passphrase.split()[0] not in screen and "hunter2" not in screen, "neither shown nor kept in the line history"
    assert "meet at noon" not in gateway.log()

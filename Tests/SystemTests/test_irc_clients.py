"""Issue 21's acceptance: real IRC clients nobody on the team wrote, WeeChat and irssi, each in a tmux
window, join `#lobby` on a gateway's `--irc-port` and chat with a browser user (headless Chromium on the
web GUI) and a `chat` terminal user: every line, `/me`, direct messages both ways, a rename, and a
reconnect that shows what was said meanwhile. The screens are saved under artifacts/irc/; the README's
docs/images/irc-weechat.txt is a copy of WeeChat's."""

import shlex
import shutil
import subprocess

import pytest

from browser import WEB_ROOT, available
from conversation_terminal import enter, open_chat
from harness import ROOT
from harness.irc import IRCClient, start_gateway
from test_tls import client as tls_client, make_rsa_certificate
from test_terminal import Tmux

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed"),
]

ARTIFACTS = ROOT / "artifacts" / "irc"


@pytest.fixture
def terminals():
    session = Tmux()
    yield session
    session.kill()


@pytest.fixture
def chat(processes):
    """A gateway serving the web GUI and IRC."""
    return start_gateway(processes, "--web-root", str(WEB_ROOT))


def line_with(terminals: Tmux, window: str, text: str, timeout: float = 10) -> str:
    """Waits until `text` is on the window's screen; returns the (last) line holding it."""
    screen = terminals.wait_for(window, text, timeout)
    return [line for line in screen.splitlines() if text in line][-1]


def page(gateway) -> str:
    return f"http://127.0.0.1:{gateway.port}/"


def screen_text(screen: str) -> str:
    """A captured screen as plain text: trailing spaces and blank last lines dropped."""
    return "\n".join(line.rstrip() for line in screen.rstrip().splitlines()) + "\n"


def save(name: str, screen: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / name).write_text(screen_text(screen))


def people(terminals: Tmux, chat, browsers):
    """bea in a browser and carl in a `chat` terminal, both in the lobby; returns (bea, carl's window)."""
    bea = browsers()
    bea.join(page(chat), "bea")
    carl = open_chat(terminals, "carl", chat.url)
    bea.wait(lambda _: "carl" in " ".join(bea.members()))
    return bea, carl


def weechat_version() -> tuple[int, ...]:
    return tuple(int(part) for part in subprocess.run(["weechat", "--version"], capture_output=True, text=True).stdout.split(".")[:2])


def start_weechat(terminals: Tmux, chat, nick: str, server_options: str = "-notls") -> str:
    """WeeChat as the README starts it (`/server add chat HOST/PORT -notls`, `/connect chat`, then `/join
    #lobby`), with a home of its own under artifacts/, no plugin but irc and its buffer list (so no script
    downloads), a nick, and its own pacing off."""
    home = ARTIFACTS / "weechat-home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    commands = ";".join([
        "/set irc.server_default.capabilities server-time",
        "/set irc.server_default.anti_flood_prio_high 0",  # its own pacing (2 s a line) would only slow the test
        "/set irc.server_default.anti_flood_prio_low 0",
        f"/server add chat 127.0.0.1/{chat.irc_port} {server_options} -nicks={nick}",
        "/connect chat",
    ])  # fmt: skip
    window = terminals.window("weechat", f"weechat -a -P irc,buflist -d {home} -r {shlex.quote(commands)}; sleep 600")
    terminals.wait_for(window, "Welcome to Private Chat", timeout=15)
    enter(terminals, window, "/join #lobby")  # an IRC connection starts in no room
    terminals.wait_for(window, f"{nick} (chat@private-chat) has joined #lobby")
    return window


def test_weechat_chats_with_a_browser_and_a_terminal(chat, processes, browsers, terminals):
    bea, carl = people(terminals, chat, browsers)
    wendy = start_weechat(terminals, chat, "wendy")
    bea.wait(lambda _: "wendy" in " ".join(bea.members()))
    terminals.wait_for(carl, "wendy joined lobby")

    bea.type("hello from the browser")
    terminals.wait_for(wendy, "hello from the browser")
    enter(terminals, carl, "hello from the terminal")
    terminals.wait_for(wendy, "hello from the terminal")
    enter(terminals, wendy, "hello from WeeChat")
    bea.wait_for_message("wendy hello from WeeChat")
    assert "wendy [unsigned]: hello from WeeChat" in line_with(terminals, carl, "hello from WeeChat"), "a person without a key"

    enter(terminals, wendy, "/me waves from IRC")
    bea.wait_for_message("* wendy waves from IRC")
    assert "* wendy" in line_with(terminals, carl, "waves from IRC")
    bea.type("/me waves back")
    terminals.wait_for(wendy, "bea waves back")
    enter(terminals, carl, "/me nods")
    terminals.wait_for(wendy, "carl nods")

    # Direct messages: wendy has no keys, so the others send in the clear, as they are told to.
    enter(terminals, carl, "/msg! wendy psst, only for you")
    enter(terminals, wendy, "/query carl")
    terminals.wait_for(wendy, "psst, only for you")
    enter(terminals, wendy, "got it, carl")
    assert "[private] wendy" in line_with(terminals, carl, "got it, carl")
    bea.type("/msg! wendy a word from the browser")
    enter(terminals, wendy, "/query bea")
    terminals.wait_for(wendy, "a word from the browser")
    enter(terminals, wendy, "thanks, bea")
    bea.wait(lambda d: "@wendy" in d.find_element("css selector", ".room-list").text)
    bea.driver.find_element("xpath", "//button[contains(., '@wendy')]").click()
    bea.wait_for_message("thanks, bea")
    bea.driver.find_element("xpath", "//button[contains(., '#lobby')]").click()
    enter(terminals, wendy, "/buffer #lobby")

    enter(terminals, wendy, "/nick wanda")
    bea.wait_for_message("wendy is now wanda")
    terminals.wait_for(carl, "wendy is now wanda in lobby")
    enter(terminals, wendy, "renamed and still here")
    bea.wait_for_message("wanda renamed and still here")

    # Away and back: what was said meanwhile comes with the room's history on the new JOIN.
    enter(terminals, wendy, "/disconnect")
    bea.wait_for_message("wanda left")
    bea.type("said while WeeChat was away")
    terminals.wait_for(carl, "bea: said while WeeChat was away")
    enter(terminals, wendy, "/connect chat")
    terminals.wait_for(carl, "wendy joined lobby")
    screen = terminals.wait_for(wendy, "said while WeeChat was away")
    enter(terminals, wendy, "back again")
    bea.wait_for_message("wendy back again")
    screen = terminals.wait_for(wendy, "back again")

    save("weechat-screen.txt", screen)  # docs/images/irc-weechat.txt is a copy of it (tests write only under artifacts/)
    save("weechat-carl.txt", terminals.screen(carl))
    bea.screenshot("irc/weechat-browser.png")


def start_irssi(terminals: Tmux, chat, nick: str, connect: str = "{host} {port}") -> str:
    """irssi with a home of its own under artifacts/, connected to the gateway's IRC port with `/connect`
    (the README's other way) once its own flood control is off: a line every 2.2 s past the first five
    would only slow the test down, and a connection takes the setting when it is made."""
    home = ARTIFACTS / "irssi-home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    window = terminals.window("irssi", f"irssi --home={home} -n {nick}; sleep 600")
    terminals.wait_for(window, "Irssi v")
    enter(terminals, window, "/set cmd_queue_speed 0")
    enter(terminals, window, "/set cmds_max_at_once 1000")
    terminals.wait_for(window, "cmds_max_at_once 1000")
    enter(terminals, window, "/connect " + connect.format(host="127.0.0.1", port=chat.irc_port))
    terminals.wait_for(window, "Welcome to Private Chat", timeout=15)
    return window


def test_irssi_chats_with_a_browser_and_a_terminal(chat, processes, browsers, terminals):
    bea, carl = people(terminals, chat, browsers)
    ivy = start_irssi(terminals, chat, "ivy")
    enter(terminals, ivy, "/join #lobby")
    terminals.wait_for(ivy, "has joined #lobby")
    terminals.wait_for(carl, "ivy joined lobby")

    bea.type("hello irssi, from the browser")
    terminals.wait_for(ivy, "hello irssi, from the browser")
    enter(terminals, carl, "hello irssi, from the terminal")
    terminals.wait_for(ivy, "hello irssi, from the terminal")
    enter(terminals, ivy, "hello from irssi")
    bea.wait_for_message("ivy hello from irssi")
    assert "ivy [unsigned]: hello from irssi" in line_with(terminals, carl, "hello from irssi")
    enter(terminals, ivy, "/me juggles")
    bea.wait_for_message("* ivy juggles")
    assert "* ivy" in line_with(terminals, carl, "juggles")

    enter(terminals, carl, "/msg! ivy a private word")
    enter(terminals, ivy, "/query carl")
    terminals.wait_for(ivy, "a private word")
    enter(terminals, ivy, "and one back")
    assert "[private] ivy" in line_with(terminals, carl, "and one back")
    enter(terminals, ivy, "/window close")

    enter(terminals, ivy, "/nick ivo")
    bea.wait_for_message("ivy is now ivo")
    terminals.wait_for(carl, "ivy is now ivo in lobby")

    enter(terminals, ivy, "/disconnect")
    bea.wait_for_message("ivo left")
    enter(terminals, ivy, "/window 1")  # the status window, where the new connection's lines go
    enter(terminals, ivy, "/clear")
    bea.type("said while irssi was away")
    terminals.wait_for(carl, "bea: said while irssi was away")
    enter(terminals, ivy, f"/connect 127.0.0.1 {chat.irc_port}")
    terminals.wait_for(ivy, "Welcome to Private Chat")
    enter(terminals, ivy, "/join #lobby")
    screen = terminals.wait_for(ivy, "said while irssi was away")
    save("irssi-screen.txt", screen)


def test_weechat_with_the_access_key_over_tls_as_the_readme_says(processes, terminals, tmp_path):
    certificate, key = make_rsa_certificate(tmp_path)
    access = "k3y-For-WeeChat-Over-TLS_0123456789"
    gateway = start_gateway(processes, "--tls-cert", certificate, "--tls-key", key, env={"CHAT_ACCESS_KEY": access})
    ivy = IRCClient(gateway.irc_port, tls=tls_client(None, "DEFAULT"))
    processes.append(ivy)
    assert ivy.register("ivy", password=access)[-1].command == "376"
    ivy.join("#lobby")
    tls = "tls" if weechat_version() >= (4, 0) else "ssl"  # WeeChat before 4.0 (Debian 12 has 3.8) calls it ssl
    kai = start_weechat(terminals, gateway, "kai", f"-{tls} -{tls}_verify=off -password={access}")
    assert ivy.wait_for("JOIN").nick == "kai"
    enter(terminals, kai, "over TLS, with the key")
    assert ivy.wait_for("PRIVMSG").text == "over TLS, with the key"
    ivy.privmsg("#lobby", "and back")
    terminals.wait_for(kai, "and back")


def test_irssi_with_the_access_key_over_tls_as_the_readme_says(processes, terminals, tmp_path):
    certificate, key = make_rsa_certificate(tmp_path)
    access = "k3y-For-irssi-Over-TLS_0123456789"
    gateway = start_gateway(processes, "--tls-cert", certificate, "--tls-key", key, env={"CHAT_ACCESS_KEY": access})
    ivy = IRCClient(gateway.irc_port, tls=tls_client(None, "DEFAULT"))
    processes.append(ivy)
    assert ivy.register("ivy", password=access)[-1].command == "376"
    ivy.join("#lobby")
    ian = start_irssi(terminals, gateway, "ian", f"-tls {{host}} {{port}} {access}")
    enter(terminals, ian, "/join #lobby")
    assert ivy.wait_for("JOIN").nick == "ian"
    enter(terminals, ian, "over TLS, with the key")
    assert ivy.wait_for("PRIVMSG").text == "over TLS, with the key"
    ivy.privmsg("#lobby", "and back to irssi")
    terminals.wait_for(ian, "and back to irssi")

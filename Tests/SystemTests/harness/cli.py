"""The `chat` executable: a client kept running and scripted line by line, or one run to the end.

Every `chat` started here is its own person: it gets a fresh configuration directory (XDG_CONFIG_HOME),
so its identity key and its pins are its own and nothing is written into the real ~/.config. Pass the
`config` of an earlier client to be the same person again, or set XDG_CONFIG_HOME or CHAT_IDENTITY in
`env` to choose yourself.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from harness import BIN_DIR
from harness.lines import OutputLines


CONFIG_ROOT = Path(tempfile.mkdtemp(prefix="privchat-config-"))
"""This test run's configuration directories, one per `chat` person, none of them the user's: secret
keys, so they go when the run ends."""
atexit.register(shutil.rmtree, CONFIG_ROOT, ignore_errors=True)


def fresh_config_dir() -> Path:
    """A new, empty XDG_CONFIG_HOME (0700): a person nobody has met yet."""
    return Path(tempfile.mkdtemp(prefix="chat-", dir=CONFIG_ROOT))


def identity_file(config: Path) -> Path:
    """Where `chat` keeps the identity key of the person whose XDG_CONFIG_HOME is `config`."""
    return config / "private-chat" / "identity"


def chat_environment(env: dict[str, str] | None, config: Path | None) -> tuple[dict[str, str], Path | None]:
    """The environment of one `chat` process and its XDG_CONFIG_HOME (None when `env` chose the
    identity itself). The runner's own CHAT_IDENTITY and XDG_CONFIG_HOME are never inherited."""
    env = env or {}
    inherited = {name: value for name, value in os.environ.items() if name not in ("CHAT_IDENTITY", "XDG_CONFIG_HOME")}
    if config is None and ("XDG_CONFIG_HOME" in env or "CHAT_IDENTITY" in env):
        return {**inherited, "NO_COLOR": "1", **env}, Path(env["XDG_CONFIG_HOME"]) if "XDG_CONFIG_HOME" in env else None
    config = config or fresh_config_dir()
    return {**inherited, "NO_COLOR": "1", "XDG_CONFIG_HOME": str(config), **env}, config


class ChatCLI:
    """The `chat` executable in scriptable mode: lines in on stdin, lines out on stdout."""

    def __init__(self, *args: str, env: dict[str, str] | None = None, stdin_text: str | None = None, config: Path | None = None):
        # Its XDG_CONFIG_HOME: pass it as `config` to start the same person again.
        full_env, self.config = chat_environment(env, config)
        self.popen = subprocess.Popen(
            [str(BIN_DIR / "chat"), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=full_env,
        )
        self.output = OutputLines(self.popen.stdout)
        if stdin_text is not None:
            self.popen.stdin.write(stdin_text.encode())
            self.popen.stdin.close()

    def send(self, line: str) -> None:
        self.popen.stdin.write((line + "\n").encode())
        self.popen.stdin.flush()

    def close_input(self) -> None:
        self.popen.stdin.close()

    def line(self, timeout: float = 10) -> str:
        """The next line the client printed."""
        return self.output.next(
            timeout,
            timed_out=lambda: TimeoutError(f"chat printed no line within {timeout}s (so far: {self.output.pending!r})"),
            ended=lambda: EOFError(f"chat exited with {self.popen.wait()}; stderr: {self.popen.stderr.read().decode()}"),
        ).decode()

    def wait(self, timeout: float = 20) -> tuple[int, str]:
        """Waits for the client to exit; returns its exit code and what it wrote on stderr."""
        code = self.popen.wait(timeout)
        return code, self.popen.stderr.read().decode()

    def kill(self) -> None:
        if self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait()


def run_chat(
    *args: str, stdin_text: str = "", env: dict[str, str] | None = None, timeout: float = 20, config: Path | None = None
) -> subprocess.CompletedProcess:
    """Runs `chat` to the end with `stdin_text` as its input; its output and exit code are in the result,
    and its XDG_CONFIG_HOME in the result's `config`."""
    full_env, used = chat_environment(env, config)
    result = subprocess.run(
        [str(BIN_DIR / "chat"), *args],
        input=stdin_text,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
    )
    result.config = used
    return result

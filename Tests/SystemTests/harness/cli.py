"""The `chat` executable: a client kept running and scripted line by line, or one run to the end."""

from __future__ import annotations

import os
import subprocess

from harness import BIN_DIR
from harness.lines import OutputLines


class ChatCLI:
    """The `chat` executable in scriptable mode: lines in on stdin, lines out on stdout."""

    def __init__(self, *args: str, env: dict[str, str] | None = None, stdin_text: str | None = None):
        self.popen = subprocess.Popen(
            [str(BIN_DIR / "chat"), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "NO_COLOR": "1", **(env or {})},
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


def run_chat(*args: str, stdin_text: str = "", env: dict[str, str] | None = None, timeout: float = 20) -> subprocess.CompletedProcess:
    """Runs `chat` to the end with `stdin_text` as its input; its output and exit code are in the result."""
    return subprocess.run(
        [str(BIN_DIR / "chat"), *args],
        input=stdin_text,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )

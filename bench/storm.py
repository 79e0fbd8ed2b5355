"""The reconnect storm's side of `make bench`: kill the first gateway when chat-bench is ready, restart it.

chat-bench storm writes `ready NS` on stdout once its clients are welcomed and receiving; this answers
on its stdin `killed NS`, `restarted NS` and `healthy NS` (CLOCK_MONOTONIC nanoseconds, which both
Python's time.monotonic_ns() and chat-bench read), and collects the rest of stdout (the JSON line).
"""

import queue
import re
import subprocess
import threading
import time
import urllib.request

from scenarios import ROOT
from servers import Launcher, Running, die_with_parent


def health_url(ws_url: str) -> str:
    """ws://HOST:PORT/ws → http://HOST:PORT/healthz."""
    return "http://" + ws_url.split("://", 1)[1].split("/", 1)[0] + "/healthz"


def wait_healthy(url: str, timeout: float = 60) -> int:
    """CLOCK_MONOTONIC nanoseconds of the first 200 from `url`, or -1 after `timeout` seconds.

    Plain HTTP GETs, 20 ms apart: they are not WebSocket connections, so they take nothing from the
    gateway's connection cap that the storm's clients fill."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return time.monotonic_ns()
        except OSError:
            pass
        time.sleep(0.02)
    return -1


def drive(command: list, launcher: Launcher, running: Running, err, limit: float, env: dict) -> tuple:
    """Runs chat-bench storm, kills and restarts the first gateway when it is ready.

    Returns (exit status, stdout lines other than `ready`); raises subprocess.TimeoutExpired after
    `limit` seconds, with chat-bench killed."""
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, cwd=ROOT,
                               env=env, preexec_fn=die_with_parent, text=True, bufsize=1)
    lines: queue.Queue = queue.Queue()

    def read():
        for line in process.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + limit
    output = []
    try:
        while True:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise subprocess.TimeoutExpired(command, limit)
            if line is None:
                break
            if not line.startswith("ready "):
                output.append(line)
                continue
            gateway = next(p for p in running.processes if p.name.endswith(".gateway1"))
            killed, restarted = launcher.kill_and_restart(running, gateway)
            process.stdin.write(f"killed {killed}\nrestarted {restarted}\n")
            process.stdin.flush()
            healthy = wait_healthy(health_url(running.urls[0]))
            process.stdin.write(f"healthy {healthy}\n")
            process.stdin.flush()
        process.wait(timeout=max(1, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, output


def server_warnings(running: Running) -> dict:
    """Each process's warnings and errors, `msg` and count: why a storm lost what it lost."""
    found = {}
    for process in running.processes:
        counts: dict = {}
        try:
            text = process.log.read_text(errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            if "level=warning" in line or "level=error" in line:
                match = re.search(r'msg="([^"]*)"', line)
                message = match.group(1) if match else line[:120]
                counts[message] = counts.get(message, 0) + 1
        if counts:
            found[process.name.rsplit(".", 1)[-1]] = counts
    return found

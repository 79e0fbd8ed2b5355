"""Debian's nginx with the deployment's own configuration, as plain processes in front of gateways."""

from __future__ import annotations

import grp
import os
import pwd
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

from harness import ROOT
from harness.ports import free_port_block

if TYPE_CHECKING:
    from harness.processes import Gateway


class Nginx:
    """Debian's nginx running deploy/nginx's very configuration, in front of local gateways."""

    def __init__(self, gateways: list["Gateway"], web_root: Path, trusted_proxies: tuple[str, ...] = (), connections_per_client: int = 100):
        """`trusted_proxies` play the tunnel sidecars compose names (set_real_ip_from); nobody else's
        X-Forwarded-For is believed."""
        self.port = free_port_block(1)
        self.dir = Path(tempfile.mkdtemp(prefix="chat-nginx-"))
        for name in ("nginx.conf", "chat-site.conf", "security-headers.conf"):
            (self.dir / name).write_text((ROOT / "deploy" / "nginx" / name).read_text())
        servers = "".join(f"    server 127.0.0.1:{gateway.port};\n" for gateway in gateways)
        (self.dir / "chat-environment.conf").write_text(
            "upstream chat_local_gateways {\n" + servers + "}\n"
            'map "" $chat_gateways { default chat_local_gateways; }\n'
            f'map "" $chat_web_root {{ default {web_root}; }}\n'
            f"limit_conn chat_clients {connections_per_client};\n"
            + "".join(f"set_real_ip_from {proxy};\n" for proxy in trusted_proxies)
        )
        (self.dir / "chat-listen.conf").write_text(f"listen 127.0.0.1:{self.port};\n")
        (self.dir / "cache").mkdir()
        self.log_path = self.dir / "nginx.log"
        self.popen = subprocess.Popen(
            ["nginx", "-p", f"{self.dir}/", "-c", str(self.dir / "nginx.conf"), "-e", "stderr", "-g", "daemon off;" + workers_as_invoker()],
            stdout=open(self.log_path, "wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/nginx-health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if self.popen.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {self.log_path.read_text()}")
            time.sleep(0.05)
        self.url = f"ws://127.0.0.1:{self.port}/ws"
        self.page = f"http://127.0.0.1:{self.port}/"

    def kill(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            self.popen.wait(5)


def workers_as_invoker() -> str:
    """The `user` directive that keeps nginx's workers the user running the tests.

    Started as root, nginx runs its workers as `nobody`, who cannot read a checkout in a directory
    other users may not enter (/root, a 0700 home): the GUI would answer 500 there. Started as anyone
    else, nginx cannot switch and its workers are that user already, so the directive is left out
    (nginx would warn that it is ignored)."""
    if os.geteuid() != 0:
        return ""
    return f" user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"

"""`make completions man install` and the systemd units of deploy/systemd/: every file lands where the
README ("Installing on a server", "Shell completions and manual pages") says, the completions load in
their shells and complete, the manual pages render, the installed gateway serves the installed GUI,
`systemd-analyze verify` finds nothing to say about the units, and the relay and gateway run under the
units' system call filter and MemoryDenyWriteExecute (harness/confinement.py: systemd is not PID 1 here).

Everything is made and installed under artifacts/install/ from the debug build (`BUILD=debug`): no release
build; only the GenerateManual plugin writes its own output under .build/plugins/.
"""

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from harness import ROOT
from harness.processes import Gateway, Relay
from harness.websocket import ChatClient

COMMANDS = ("chat", "chat-gateway", "chat-relay")
PREFIX = "/usr/local"
ARTIFACTS = ROOT / "artifacts" / "install"
UNITS = ROOT / "deploy" / "systemd"


def make(*targets: str, **variables: str) -> None:
    settings = [f"{name}={value}" for name, value in {"SHARE": str(ARTIFACTS / "share"), **variables}.items()]
    result = subprocess.run(["make", "--no-print-directory", *targets, "BUILD=debug", *settings], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"make {' '.join(targets)} failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def staged():
    """`make completions man` once for the module, into artifacts/install/share/ (SHARE=), which make install copies."""
    make("completions", "man")


@pytest.fixture(scope="module")
def destdir(staged) -> Path:
    """`make install BUILD=debug PREFIX=/usr/local DESTDIR=artifacts/install/destdir`: the tree a packager gets."""
    root = ARTIFACTS / "destdir"
    shutil.rmtree(root, ignore_errors=True)
    make("install", PREFIX=PREFIX, DESTDIR=str(root))
    return root


@pytest.fixture(scope="module")
def prefix(staged) -> Path:
    """`make install` with PREFIX a real folder and no DESTDIR, so the units' ExecStart paths exist."""
    root = ARTIFACTS / "prefix"
    shutil.rmtree(root, ignore_errors=True)
    make("install", PREFIX=str(root))
    return root


def expected_files() -> list[str]:
    files = []
    for name in COMMANDS:
        files += [
            f"bin/{name}",
            f"share/bash-completion/completions/{name}",
            f"share/zsh/site-functions/_{name}",
            f"share/fish/vendor_completions.d/{name}.fish",
            f"share/man/man1/{name}.1",
        ]
    return files + [
        "share/private-chat/web/index.html",
        "share/private-chat/gateway.env",
        "share/private-chat/relay.env",
        "lib/systemd/system/chat-relay.service",
        "lib/systemd/system/chat-gateway.service",
        "lib/sysusers.d/private-chat.conf",
        "lib/tmpfiles.d/private-chat.conf",
    ]


@pytest.mark.timeout(600)
def test_every_file_is_installed_where_the_readme_says(destdir):
    root = destdir / PREFIX.lstrip("/")
    missing = [path for path in expected_files() if not (root / path).is_file()]
    assert not missing, f"not installed: {missing}"
    for name in COMMANDS:
        assert os.access(root / "bin" / name, os.X_OK)
    readme = (ROOT / "README.md").read_text()
    for path in expected_files():
        folder = path.rsplit("/", 1)[0]
        assert folder in readme or folder.startswith("share/private-chat"), f"README does not say where {folder} is"
    unit = (root / "lib/systemd/system/chat-gateway.service").read_text()
    assert f"ExecStart={PREFIX}/bin/chat-gateway " in unit and f"--web-root {PREFIX}/share/private-chat/web" in unit


@pytest.mark.timeout(600)
def test_uninstall_removes_every_file(staged):
    root = ARTIFACTS / "uninstalled"
    shutil.rmtree(root, ignore_errors=True)
    make("install", PREFIX=PREFIX, DESTDIR=str(root))
    make("uninstall", PREFIX=PREFIX, DESTDIR=str(root))
    left = [str(path) for path in root.rglob("*") if path.is_file()]
    assert not left, f"left after make uninstall: {left}"


def bash_complete(script: Path, words: list[str]) -> list[str]:
    """What the bash completion function of `script` offers for the last of `words`, as bash calls it."""
    command, current, previous = words[0], words[-1], words[-2]
    program = f"""
        source {script}
        COMP_WORDS=({' '.join(repr(word) for word in words)})
        COMP_CWORD={len(words) - 1}
        COMP_LINE={' '.join(words)!r}
        COMP_POINT=${{#COMP_LINE}}
        _{command} {command} {current!r} {previous!r}
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    result = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=10)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout.split()


@pytest.mark.timeout(600)
def test_bash_completions_load_and_complete_options(destdir):
    folder = destdir / PREFIX.lstrip("/") / "share/bash-completion/completions"
    for name in COMMANDS:
        result = subprocess.run(["bash", "-c", f"source {folder / name} && complete -p {name}"], capture_output=True, text=True, timeout=10)
        assert result.returncode == 0 and result.stderr == "", result.stderr
        assert f"-F _{name} {name}" in result.stdout
    assert bash_complete(folder / "chat-gateway", ["chat-gateway", "--web"]) == ["--web-root"]
    assert bash_complete(folder / "chat-relay", ["chat-relay", "--state"]) == ["--state-dir"]
    assert set(bash_complete(folder / "chat", ["chat", "--no-"])) == {"--no-identity", "--no-keyring", "--no-bell"}


@pytest.mark.timeout(600)
@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed (.ci/run installs it)")
def test_zsh_completions_parse(destdir):
    for name in COMMANDS:
        script = destdir / PREFIX.lstrip("/") / f"share/zsh/site-functions/_{name}"
        assert script.read_text().startswith(f"#compdef {name}\n")
        result = subprocess.run(["zsh", "-n", str(script)], capture_output=True, text=True, timeout=10)
        assert result.returncode == 0 and result.stderr == "", result.stderr


@pytest.mark.timeout(600)
@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed (.ci/run installs it)")
def test_fish_completions_parse_and_complete(destdir):
    folder = destdir / PREFIX.lstrip("/") / "share/fish/vendor_completions.d"
    for name in COMMANDS:
        result = subprocess.run(["fish", "--no-execute", str(folder / f"{name}.fish")], capture_output=True, text=True, timeout=10)
        assert result.returncode == 0 and result.stderr == "", result.stderr
    completed = subprocess.run(
        ["fish", "--no-config", "-c", f"source {folder / 'chat-gateway.fish'}; complete --do-complete 'chat-gateway --web-r'"],
        capture_output=True, text=True, timeout=20,
    )
    assert completed.stdout.startswith("--web-root"), completed.stdout + completed.stderr


@pytest.mark.timeout(600)
@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed")
def test_man_pages_render_without_warnings(destdir):
    for name in COMMANDS:
        page = destdir / PREFIX.lstrip("/") / f"share/man/man1/{name}.1"
        warnings = subprocess.run(["groff", "-mandoc", "-ww", "-z", str(page)], capture_output=True, text=True, timeout=20)
        assert warnings.returncode == 0 and warnings.stderr == "", warnings.stderr
        text = subprocess.run(["groff", "-mandoc", "-Tutf8", "-P-cbou", str(page)], capture_output=True, text=True, timeout=20).stdout
        assert re.search(rf"^NAME\n\s+{re.escape(name)} (—|-) \S", text, re.M), text[:400]
        assert "DESCRIPTION" in text and "--help" in text and ("CHAT_LOG_LEVEL" in text or name == "chat")
        assert "subcommand" not in text, "the generator's help subcommand is still listed"
    gateway = subprocess.run(["groff", "-mandoc", "-Tutf8", "-P-cbou", str(page.parent / "chat-gateway.1")], capture_output=True, text=True).stdout
    assert "CHAT_WEB_ROOT" in re.sub(r"\s+", "", gateway) and "SIGTERM" in gateway


@pytest.mark.timeout(600)
def test_installed_gateway_serves_the_installed_gui(destdir, processes):
    web = destdir / PREFIX.lstrip("/") / "share/private-chat/web"
    (web / "installed.txt").write_text("from the install tree\n")  # not in web/dist: proves which folder it serves
    gateway = Gateway(bin_dir=destdir / PREFIX.lstrip("/") / "bin")  # no --web-root: the default finds it
    processes.append(gateway)
    gateway.wait_healthy()
    with urllib.request.urlopen(f"http://127.0.0.1:{gateway.port}/", timeout=5) as response:
        assert response.status == 200 and b"<!doctype html>" in response.read().lower()
    with urllib.request.urlopen(f"http://127.0.0.1:{gateway.port}/installed.txt", timeout=5) as response:
        assert response.read() == b"from the install tree\n"


def help_text(binary: Path) -> str:
    return " ".join(subprocess.run([str(binary), "--help"], capture_output=True, text=True, check=True).stdout.split())


@pytest.mark.timeout(600)
def test_env_files_name_only_real_variables(destdir):
    bin_dir = destdir / PREFIX.lstrip("/") / "bin"
    for env_file, binary in (("gateway.env", "chat-gateway"), ("relay.env", "chat-relay")):
        variables = set(re.findall(r"^#?(CHAT_[A-Z_]+)=", (UNITS / env_file).read_text(), re.M))
        assert variables, env_file
        known = help_text(bin_dir / binary)
        unknown = {name for name in variables if not re.search(rf"\b{name}\b", known)}
        assert not unknown, f"{env_file} names variables {binary} does not have: {unknown}"
    for unit in ("chat-relay.service", "chat-gateway.service"):
        text = (UNITS / unit).read_text()
        for flag in re.findall(r"^ExecStart=\S+ (.*)$", text, re.M)[0].split():
            if flag.startswith("--"):
                assert flag in help_text(bin_dir / unit.removesuffix(".service")), f"{unit}: {flag}"


@pytest.mark.timeout(600)
@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_verify_says_nothing_about_the_units(prefix):
    units = prefix / "lib/systemd/system"
    result = subprocess.run(
        ["systemd-analyze", "verify", "chat-relay.service", "chat-gateway.service"],
        cwd=units, capture_output=True, text=True, timeout=60,
        env={**os.environ, "MANPATH": str(prefix / "share/man")},  # Documentation=man:…(1): the installed pages
    )
    assert result.returncode == 0 and result.stdout == "" and result.stderr == "", result.stdout + result.stderr
    if shutil.which("systemd-sysusers"):  # the user the units run as, made from the installed snippet (not for real)
        sysusers = subprocess.run(["systemd-sysusers", "--dry-run", str(prefix / "lib/sysusers.d/private-chat.conf")], capture_output=True, text=True)
        assert sysusers.returncode == 0 and "private-chat" in sysusers.stdout + sysusers.stderr, sysusers.stdout + sysusers.stderr


def launcher(unit: Path, writable: Path | None = None) -> list[str]:
    """The command that runs a program under `unit`'s system call filter, MemoryDenyWriteExecute and the rest,
    with `writable` in place of its StateDirectory= (harness/confinement.py)."""
    options = ["--writable", str(writable)] if writable else []
    return [sys.executable, str(Path(__file__).parent / "harness" / "confinement.py"), str(unit), *options, "--"]


def seccomp_available() -> bool:
    from harness.confinement import libseccomp

    return libseccomp() is not None and shutil.which("systemd-analyze") is not None


@pytest.mark.timeout(600)
@pytest.mark.skipif(not seccomp_available(), reason="libseccomp or systemd-analyze is not installed")
def test_relay_and_gateway_run_under_the_units_restrictions(prefix, processes):
    state = ARTIFACTS / "state"
    shutil.rmtree(state, ignore_errors=True)
    state.mkdir(mode=0o700, parents=True)
    units, bin_dir = prefix / "lib/systemd/system", prefix / "bin"
    relay = Relay(extra=["--state-dir", str(state)], bin_dir=bin_dir, launcher=launcher(units / "chat-relay.service", state))
    processes.append(relay)
    gateway = Gateway(relay, extra=["--state-dir", str(state)], bin_dir=bin_dir, launcher=launcher(units / "chat-gateway.service", state))
    processes.append(gateway)
    gateway.wait_healthy()
    assert (state / "relay-link.key").stat().st_mode & 0o777 == 0o600
    with urllib.request.urlopen(f"http://127.0.0.1:{gateway.port}/", timeout=5) as response:
        assert response.status == 200  # the installed GUI, read through ProtectSystem=strict

    async def scenario():
        amy = await ChatClient.join(gateway, "amy")
        bob = await ChatClient.join(gateway, "bob")
        await amy.say("under seccomp")
        said = await bob.next_of("message", timeout=10)
        assert said["text"] == "under seccomp"
        await amy.close()
        await bob.close()

    asyncio.run(scenario())
    for process in (gateway, relay):
        code, _ = process.terminate(signal.SIGTERM, timeout=10)
        assert code == 0, f"{process.name} exited with {code} (-31: killed by the system call filter); log:\n{process.log()}"


@pytest.mark.skipif(not seccomp_available(), reason="libseccomp or systemd-analyze is not installed")
def test_the_confinement_really_refuses_what_the_units_forbid():
    """The launcher is not a no-op: under it a writable executable mapping fails, chroot(2), outside
    @system-service, kills the process with SIGSYS, and (as root) the checkout cannot be written."""
    python = shutil.which("python3", path="/usr/bin:/bin") or sys.executable
    program = "import mmap\ntry:\n    mmap.mmap(-1, 4096, prot=mmap.PROT_WRITE | mmap.PROT_EXEC)\nexcept PermissionError:\n    print('refused')\n"
    confined = launcher(UNITS / "chat-gateway.service")
    refused = subprocess.run([*confined, python, "-c", program], capture_output=True, text=True, timeout=30)
    assert refused.stdout.strip() == "refused", refused.stdout + refused.stderr
    capabilities = subprocess.run([*confined, python, "-c", "print(open('/proc/self/status').read())"], capture_output=True, text=True, timeout=30)
    held = {line.split(":")[0]: int(line.split()[1], 16) for line in capabilities.stdout.splitlines() if line.startswith("Cap")}
    assert held["CapEff"] == held["CapPrm"] == 0, capabilities.stdout + capabilities.stderr
    assert os.getuid() != 0 or held["CapBnd"] == 0, "root keeps no capability to regain"
    if os.getuid() == 0:
        probe = ROOT / "artifacts" / "install" / "written-under-protect-system"
        probe.unlink(missing_ok=True)
        writing = f"open({str(probe)!r}, 'w')"
        denied = subprocess.run([*confined, python, "-c", writing], capture_output=True, text=True, timeout=30)
        assert "Read-only file system" in denied.stderr and not probe.exists(), denied.stderr
    killed = subprocess.run([*confined, python, "-c", "import os; os.chroot('/')"], capture_output=True, text=True, timeout=30)
    assert killed.returncode == -signal.SIGSYS, killed


@pytest.mark.timeout(600)
@pytest.mark.skipif(not seccomp_available(), reason="libseccomp or systemd-analyze is not installed")
def test_a_gateway_with_its_embedded_relay_runs_under_the_gateway_unit(prefix, processes):
    """CHAT_RELAY= (empty) in gateway.env: the gateway unit alone, its relay in process (inproc://, no netlink)."""
    state = ARTIFACTS / "state-embedded"
    shutil.rmtree(state, ignore_errors=True)
    state.mkdir(mode=0o700, parents=True)
    unit = prefix / "lib/systemd/system/chat-gateway.service"
    gateway = Gateway(extra=["--state-dir", str(state)], bin_dir=prefix / "bin", launcher=launcher(unit, state))
    processes.append(gateway)
    gateway.wait_healthy()

    async def scenario():
        amy = await ChatClient.join(gateway, "amy")
        bob = await ChatClient.join(gateway, "bob")
        await amy.say("in process")
        assert (await bob.next_of("message", timeout=10))["text"] == "in process"
        await amy.close()
        await bob.close()

    asyncio.run(scenario())
    code, _ = gateway.terminate(signal.SIGTERM, timeout=10)
    assert code == 0, f"chat-gateway exited with {code}; log:\n{gateway.log()}"

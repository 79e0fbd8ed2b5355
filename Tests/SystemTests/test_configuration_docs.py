"""The README's option tables ("## Configuration") agree with each executable's real `--help`.

Every flag in `--help` has a row and every row a flag; a row names the flag's environment variables and
its default exactly as `--help` does. A flag whose help gives no default is `none` in the table (maybe
followed by `: why`), or `off` for a flag that takes no value.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness import BIN_DIR

README = Path(__file__).resolve().parents[2] / "README.md"
EXECUTABLES = ["chat-gateway", "chat-relay", "chat"]
VARIABLE = re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")
ENTRY = re.compile(r"^  ((?:-\w, )?(?:--[\w-]+|<[\w-]+>)(?: <[^>]+>)?(?: \.\.\.)?)\s*(.*)$")


@dataclass
class HelpEntry:
    """One flag or argument of `--help`: its section, whether it takes a value, its text."""

    section: str
    takes_value: bool
    text: str

    @property
    def details(self) -> dict[str, str]:
        """The `(default: …; env: …)` clauses at the end of the text."""
        clauses: dict[str, str] = {}
        for group in re.findall(r"\(((?:default|env): [^()]*)\)", self.text):
            for clause in group.split("; "):
                key, _, value = clause.partition(": ")
                if key in ("default", "env"):
                    clauses[key] = value
        return clauses

    @property
    def default(self) -> str | None:
        return self.details.get("default")

    @property
    def variables(self) -> set[str]:
        return set(VARIABLE.findall(self.details.get("env", "")))


@dataclass
class Row:
    """One row of a README table."""

    variables: set[str]
    default: str
    line: str


def help_entries(executable: str) -> dict[str, HelpEntry]:
    """The flags (`--host`) and arguments (`URL`) of an executable's `--help`, by name."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CHAT_")}
    environment["COLUMNS"] = "10000"  # one line per entry: no wrapping to undo
    result = subprocess.run([str(BIN_DIR / executable), "--help"], capture_output=True, text=True, timeout=20, env=environment)
    assert result.returncode == 0, result.stderr
    entries: dict[str, HelpEntry] = {}
    section = ""
    current: HelpEntry | None = None
    for line in result.stdout.splitlines():
        if re.match(r"^[A-Z][^a-z]*:$", line):
            section, current = line[:-1], None
        elif section != "USAGE" and re.match(r"^  \S", line):
            # The name may fill its column, leaving one space before the text: `--log-level <log-level> Log level…`.
            name, text = ENTRY.match(line).groups()
            names = [part.split(" ")[0] for part in name.split(", ")]
            if "--help" in names:
                current = None
                continue
            (label,) = [part for part in names if part.startswith("--") or part.startswith("<")]
            label = label.strip("<>").upper() if label.startswith("<") else label
            current = HelpEntry(section=section, takes_value=" <" in name or label.isupper(), text=text.strip())
            entries[label] = current
        elif current is not None and line.startswith("    "):
            current.text = f"{current.text} {line.strip()}".strip()
    return entries


def readme_tables() -> tuple[dict[str, dict[str, Row]], set[str]]:
    """Each executable's rows by flag, and the executables whose table has a `chat limits` row."""
    text = README.read_text()
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    tables: dict[str, dict[str, Row]] = {}
    with_limits: set[str] = set()
    current: dict[str, Row] | None = None
    for line in section.splitlines():
        heading = re.match(r"^`([a-z-]+)`", line)
        if heading and heading.group(1) in EXECUTABLES:
            current = tables.setdefault(heading.group(1), {})
            continue
        if current is None or not line.startswith("| ") or line.startswith("| Flag ") or line.startswith("|---"):
            continue
        cells = [cell.strip() for cell in line.strip()[1:-1].split("|")]
        assert len(cells) == 4, f"a row has Flag | Variable | Default | Meaning: {line}"
        flags = re.findall(r"`(--[a-z-]+|[A-Z]+)`", cells[0])
        if not flags:
            assert cells[0] == "chat limits", f"a row without a flag: {line}"
            with_limits.add(next(name for name, table in tables.items() if table is current))
            continue
        variables = VARIABLE.findall(cells[1])
        for index, flag in enumerate(flags):
            # `--tls-cert`, `--tls-key` | `CHAT_TLS_CERT`, `CHAT_TLS_KEY`: one variable each, in order.
            mine = {variables[index]} if len(flags) > 1 and len(variables) == len(flags) else set(variables)
            current[flag] = Row(variables=mine, default=cells[2].replace("`", ""), line=line)
    return tables, with_limits


def documented(executable: str) -> dict[str, Row]:
    """The rows that document an executable: its table, and the relay's chat limits where its table says so."""
    tables, with_limits = readme_tables()
    assert executable in tables, f"README's Configuration section has no table for {executable}"
    rows = dict(tables[executable])
    if executable in with_limits:
        relay = help_entries("chat-relay")
        rows |= {flag: row for flag, row in tables["chat-relay"].items() if relay.get(flag, HelpEntry("", True, "")).section == "CHAT LIMITS"}
    return rows


@pytest.mark.parametrize("executable", EXECUTABLES)
def test_the_readme_documents_every_flag_of_the_help_and_no_other(executable):
    entries, rows = help_entries(executable), documented(executable)
    assert sorted(set(entries) - set(rows)) == [], f"in {executable} --help but not in the README"
    assert sorted(set(rows) - set(entries)) == [], f"in the README but not in {executable} --help"


@pytest.mark.parametrize("executable", EXECUTABLES)
def test_each_flag_has_the_variables_and_default_of_its_help(executable):
    entries, rows = help_entries(executable), documented(executable)
    for flag in sorted(set(entries) & set(rows)):
        entry, row = entries[flag], rows[flag]
        assert entry.variables <= row.variables, f"{executable} {flag}: --help names {entry.variables}; README row: {row.line}"
        for variable in row.variables:
            assert variable in entry.text, f"{executable} {flag}: the README names {variable}, its --help does not: {entry.text}"
        if entry.default is None:
            allowed = "none" if entry.takes_value else "off"
            assert row.default.split(":")[0] == allowed, f"{executable} {flag} has no default in --help; README row: {row.line}"
        else:
            assert row.default == entry.default, f"{executable} {flag}: --help says default {entry.default!r}; README row: {row.line}"

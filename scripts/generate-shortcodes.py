#!/usr/bin/env python3
"""Writes the GUI's and the CLI's copies of the emoji shortcode table from its one home, docs/shortcodes.json.

    scripts/generate-shortcodes.py           rewrite both copies
    scripts/generate-shortcodes.py --check   exit 1 if either copy differs from what it would write (a test runs this)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "docs" / "shortcodes.json"
HEADER = "Generated from docs/shortcodes.json by scripts/generate-shortcodes.py: edit that file, then run this script."


def javascript(table: dict[str, str]) -> str:
    rows = "".join(f"  [{json.dumps(name)}, {json.dumps(emoji, ensure_ascii=False)}],\n" for name, emoji in table.items())
    return f"// {HEADER}\n\n/** Emoji shortcodes: `:name:` → emoji (docs/PROTOCOL.md, \"Text markup\"). */\nexport const SHORTCODES = new Map([\n{rows}]);\n"


def swift(table: dict[str, str]) -> str:
    rows = "".join(f"        {json.dumps(name)}: {json.dumps(emoji, ensure_ascii=False)},\n" for name, emoji in table.items())
    return (
        f"// {HEADER}\n\n"
        "/// Emoji shortcodes: `:name:` → emoji (docs/PROTOCOL.md, \"Text markup\").\n"
        "enum Shortcodes {\n"
        "    static let emoji: [String: String] = [\n"
        f"{rows}"
        "    ]\n"
        "}\n"
    )


def main() -> int:
    table = json.loads(SOURCE.read_text(encoding="utf-8"))["shortcodes"]
    outputs = {
        ROOT / "web" / "src" / "markup" / "shortcodes.js": javascript(table),
        ROOT / "Services" / "ChatClient" / "Markup" / "Shortcodes.swift": swift(table),
    }
    stale = [path for path, text in outputs.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    if "--check" in sys.argv[1:]:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run scripts/generate-shortcodes.py", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(outputs[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

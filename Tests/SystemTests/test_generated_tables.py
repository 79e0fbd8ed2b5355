"""Tables generated from one home are up to date: the shortcode table's copies in the GUI and the CLI
(scripts/generate-shortcodes.py writes them from docs/shortcodes.json)."""

from __future__ import annotations

import subprocess
import sys

from harness import ROOT


def test_the_shortcode_copies_match_docs_shortcodes_json():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate-shortcodes.py"), "--check"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr

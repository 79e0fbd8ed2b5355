import sys
from pathlib import Path

# The system tests' harness (processes, clients) serves these tests too.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "SystemTests"))

"""Real processes on loopback for the system tests, one concern a module: the relay and gateway
processes (`processes`), WebSocket clients (`websocket`), hand-made frames (`raw_frames`), the `chat`
executable (`cli`), identity keys and signatures built from the spec (`identity`), a proxy that changes
what gateways send (`tampering`), nginx in front of gateways (`nginx`) and free loopback ports (`ports`).

Everything waits on events (a line printed, a health check passing, a frame arriving), never on
fixed sleeps, and every wait has a deadline so a broken build fails instead of hanging.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
"""The checkout: what the tests read (deploy/, web/dist, fixtures) and where artifacts go."""
BIN_DIR = Path(os.environ.get("CHAT_BIN_DIR", ROOT / ".build" / "debug"))
"""Where chat-gateway, chat-relay and chat are built (`make test-system` passes CHAT_BIN_DIR)."""

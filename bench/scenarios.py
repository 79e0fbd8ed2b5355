"""What `make bench` runs: the scenarios, their counts, the servers' names, and one run's result."""

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "bench" / "peers"
NODE_PATH = "/usr/share/nodejs"  # Debian's node-ws lives here
SERVER_CPU, BENCH_CPU = "0", "1"

# Limits that would throttle a benchmark, raised on every Private Chat process. The defaults are
# for people: 20 messages/s per connection, 1 MiB queued per client, 1000 members per room, 10,000
# connections per gateway (idle19k opens 19,000).
GATEWAY_LIMITS = [
    "--rate", "1000000", "--burst", "1000000",
    "--max-connections", "1000000", "--hello-rate", "1000000",
    "--client-queue-bytes", str(64 << 20),
    "--hello-timeout", "600",
    "--log-level", "warning",
]
ROOM_LIMITS = ["--max-room-members", "20000"]  # the embedded relay's, or chat-relay's

# The gateway the reconnect storm kills keeps every default (10,000 connections, 1 hello/s per
# connection after a burst of 5, 20 messages/s): the storm must get through them. Its relay keeps its
# defaults too (the clients are spread over rooms of 500); only the sender's gateway is raised.
STORM_GATEWAY_FLAGS = ["--log-level", "warning"]


@dataclass
class Scenario:
    name: str
    kind: str  # the chat-bench subcommand: fanout, idle, storm or relay
    counts: dict
    quick: dict
    servers: tuple = ("gateway", "relay2gw", "fastapi", "nodews")


# The same counts for every server, so that rows compare. They are sized so that the fastest server's
# measured phase still lasts a second or more (CPU time is read in 10 ms ticks), which gives the
# slowest peer, the FastAPI seed (some 75,000-110,000 deliveries/s on one core), 10-20 s. Messages
# are per sender; rate100's rate is in all (200 messages/s for 5 s).
SCENARIOS = [
    Scenario("fanout100", "fanout",
             counts={"clients": 100, "senders": 10, "messages": 2000},
             quick={"clients": 100, "senders": 10, "messages": 30}),
    Scenario("rate100", "fanout",
             counts={"clients": 100, "senders": 10, "messages": 100, "rate": 200},
             quick={"clients": 100, "senders": 10, "messages": 20, "rate": 200}),
    Scenario("fanout1000", "fanout",
             counts={"clients": 1000, "senders": 1, "messages": 1000},
             quick={"clients": 1000, "senders": 1, "messages": 10}),
    # Memory per connection as a slope: RSS at 5,000 named connections and at 19,000 (chat-bench's
    # 19,000 sockets and a server's stay under the 20,000 open files a process may have here).
    Scenario("idle19k", "idle",
             counts={"baseline": 5000, "clients": 19000, "hold": 1},
             quick={"baseline": 1000, "clients": 3000, "hold": 1},
             servers=("gateway", "fastapi", "nodews")),
    # 10,000 v1 clients on the first gateway of the relay topology, which is killed and restarted; a
    # sender on the second says 100 messages/s over the clients' 20 rooms (500 members each).
    Scenario("storm10k", "storm",
             counts={"clients": 10000, "room_size": 500, "rate": 100, "after": 3},
             quick={"clients": 500, "room_size": 250, "rate": 100, "after": 2},
             servers=("relay2gw",)),
    Scenario("relay", "relay",
             counts={"messages": 2000000, "payload": 100},
             quick={"messages": 100000, "payload": 100},
             servers=("relay",)),
    # The relay with batched input: 32 `say`s to a frame, as a gateway that batched its sends would.
    Scenario("relay32", "relay",
             counts={"messages": 2000000, "payload": 100, "batch": 32, "window": 4096},
             quick={"messages": 100000, "payload": 100, "batch": 32, "window": 4096},
             servers=("relay",)),
]

SERVER_LABELS = {
    "gateway": "Private Chat (1 gateway)",
    "relay2gw": "Private Chat (relay + 2 gw)",
    "fastapi": "FastAPI seed",
    "nodews": "Node ws",
    "relay": "Private Chat relay",
}


@dataclass
class Result:
    scenario: str
    server: str
    data: dict = field(default_factory=dict)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and self.data.get("ok") is True

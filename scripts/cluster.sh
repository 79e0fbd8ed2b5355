#!/usr/bin/env bash
# Starts a relay and N gateways on loopback, for trying scale-out without containers.
# Usage: scripts/cluster.sh [N]   (default 3; binaries from $BIN, default .build/debug)
# The relay takes ports 5555-5557; gateways listen on 8001...800N. Ctrl-C stops everything.
set -euo pipefail

count=${1:-3}
bin=${BIN:-.build/debug}
relay_port=${CHAT_RELAY_PORT:-5555}
first_port=${FIRST_GATEWAY_PORT:-8001}

for executable in chat-relay chat-gateway; do
    [[ -x "$bin/$executable" ]] || { echo "missing $bin/$executable: run 'make build' first" >&2; exit 1; }
done

pids=()
stop() {
    trap - INT TERM EXIT
    [[ ${#pids[@]} -gt 0 ]] && kill -TERM "${pids[@]}" 2>/dev/null
    wait 2>/dev/null
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

"$bin/chat-relay" --port "$relay_port" &
pids+=($!)
for ((i = 0; i < count; i++)); do
    "$bin/chat-gateway" --port $((first_port + i)) --relay "tcp://127.0.0.1:$relay_port" &
    pids+=($!)
done

echo "cluster: relay on tcp://127.0.0.1:$relay_port, $count gateways on ws://localhost:$first_port/ws ... ws://localhost:$((first_port + count - 1))/ws  (Ctrl-C stops all)"
# Exit (and stop the rest) as soon as any process dies.
wait -n

#!/bin/sh
# Coverage-guided fuzzing (libFuzzer, with AddressSanitizer) of the protocol decoders and the markup parser:
# Tests/Fuzz/FuzzProtocol.swift. Usage: scripts/fuzz.sh [SECONDS]   (default 60)
#
# The corpus starts from the wire fixtures (client frames, relay envelopes) and grows in
# artifacts/fuzz/corpus across runs. Every input in Tests/Fixtures/fuzz/ (inputs that once crashed,
# kept as regression tests) is replayed first. A crash stops the run, is saved in artifacts/fuzz/,
# and the script exits 1: add the input to Tests/Fixtures/fuzz/ with the fix.
set -eu
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/artifacts/fuzz"
mkdir -p "$out/corpus"
binary="$out/fuzz-protocol"

sources=$(ls "$root"/Shared/RelayProtocol/*.swift "$root"/Shared/ChatProtocol/*.swift "$root"/Services/Gateway/Connections/UTF8Validation.swift \
    "$root"/Services/ChatClient/Markup/*.swift)
# shellcheck disable=SC2086 # one argument per source file
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name FuzzProtocol \
    $sources "$root/Tests/Fuzz/FuzzProtocol.swift" -o "$binary" > "$out/build.log" 2>&1 || {
    cat "$out/build.log" >&2
    exit 1
}

# Seeds: every client frame fixture, every relay envelope fixture's bytes, and every markup fixture's text.
cp "$root"/Tests/Fixtures/protocol/client/*.json "$root"/Tests/Fixtures/protocol/invalid/*.json "$out/corpus/"
python3 - "$root/Tests/Fixtures" "$out/corpus" <<'PY'
import json, pathlib, sys
fixtures, corpus = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for fixture in (fixtures / "envelope").glob("*.json"):
    hex_text = "".join(json.loads(fixture.read_text())["hex"].split())
    (corpus / f"envelope-{fixture.stem}").write_bytes(bytes.fromhex(hex_text))
for index, case in enumerate(json.loads((fixtures / "protocol" / "markup.json").read_text())["cases"]):
    (corpus / f"markup-{index}").write_text(case["text"])
PY

cd "$out"
if [ -n "$(ls "$root/Tests/Fixtures/fuzz" 2>/dev/null)" ]; then
    "$binary" "$root"/Tests/Fixtures/fuzz/*
fi
"$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 -print_final_stats=1 "$out/corpus" 2> "$out/fuzz.log" || {
    tail -40 "$out/fuzz.log"
    echo "fuzz: a crash; the input is in $out (crash-*)" >&2
    exit 1
}
grep -E "^(stat::number_of_executed_units|stat::new_units_added|Done)" "$out/fuzz.log" | tr '\n' ' '
echo "(no crash in $seconds s)"

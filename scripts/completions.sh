#!/usr/bin/env bash
# Writes each command's shell completions, from swift-argument-parser's --generate-completion-script,
# into OUT laid out as PREFIX/share is: bash-completion/completions/NAME, zsh/site-functions/_NAME,
# fish/vendor_completions.d/NAME.fish. make install copies that tree.
# Usage: scripts/completions.sh BIN OUT NAME...
set -euo pipefail

bin=$1 out=$2
shift 2
mkdir -p "$out/bash-completion/completions" "$out/zsh/site-functions" "$out/fish/vendor_completions.d"
for name in "$@"; do
    [[ -x "$bin/$name" ]] || { echo "missing $bin/$name: run 'make build' first" >&2; exit 1; }
    "$bin/$name" --generate-completion-script bash > "$out/bash-completion/completions/$name"
    "$bin/$name" --generate-completion-script zsh > "$out/zsh/site-functions/_$name"
    "$bin/$name" --generate-completion-script fish > "$out/fish/vendor_completions.d/$name.fish"
done

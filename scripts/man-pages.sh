#!/usr/bin/env bash
# Writes the manual pages NAME.1 of the given commands into OUT, made by swift-argument-parser's
# GenerateManual plugin (it builds every product in CONFIGURATION first, then asks each for
# --experimental-dump-help), dated by the last commit so that a rebuild gives the same pages.
# Usage: scripts/man-pages.sh CONFIGURATION OUT NAME...
#
# Fixes to what the generator (1.8.2) writes, all mechanical:
# - it lists the "help" subcommand ArgumentParser adds to every command: "subcommand" in SYNOPSIS
#   and an ".It Em help" entry with its own list in DESCRIPTION; these commands take no subcommand;
# - it copies a discussion's blank lines, which mdoc(7) reads as bare empty lines (groff warns):
#   they become .Pp, a paragraph break;
# - paths and URLs fill the text, and hyphenated at a line's end (ws://local-host) they read wrong:
#   .nh after the prologue turns hyphenation off.
set -euo pipefail

configuration=$1 out=$2
shift 2
date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)
swift package plugin generate-manual --configuration "$configuration" --date "$date" >/dev/null
mkdir -p "$out"
for name in "$@"; do
    page=$(find .build/plugins/GenerateManual/outputs -name "$name.1" -print -quit)
    [[ -n "$page" ]] || { echo "the GenerateManual plugin made no $name.1" >&2; exit 1; }
    sed -e '/^\.Ar subcommand$/d' -e '/^\.It Em help$/,/^\.El$/d' -e 's/^$/.Pp/' -e 's/^\.Os$/.Os\n.nh/' "$page" > "$out/$name.1"
done

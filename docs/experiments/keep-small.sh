#!/usr/bin/env bash
# Copies what docs/experiments keeps of an experiment folder: its tables (experiment.json/.csv/.md,
# arm-*.md) and each finished run's small JSON (ARM/seed-N/{result,summary,config}.json), never
# models, checkpoints, caches or tokenizers. Usage: keep-small.sh FROM TO   (FROM may hold subfolders)
set -eu
FROM=$1; mkdir -p "$2"; TO=$(cd "$2" && pwd)
cd "$FROM"
find . \( -name 'experiment.json' -o -name 'experiment.csv' -o -name 'experiment.md' -o -name 'arm-*.md' \
    -o -path '*/seed-*/result.json' -o -path '*/seed-*/summary.json' -o -path '*/seed-*/config.json' \) \
    -not -path '*/checkpoints/*' -not -path '*/model/*' -not -path '*/best/*' | while read -r f; do
  case "$f" in */seed-*/config.json) [ -f "$(dirname "$f")/result.json" ] || continue ;; esac
  mkdir -p "$TO/$(dirname "$f")"; cp "$f" "$TO/$f"
done

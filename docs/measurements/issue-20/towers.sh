#!/usr/bin/env bash
# Issue 20's measurements (docs/benchmarks.md, "Pretrained towers"): the default emoji pretraining
# for 2 epochs with the builtin text tower, then with the locked MiniLM text tower; each run's
# cache building (MiniLM), seconds per training step and peak resident memory.
# Usage, from the repository root: docs/measurements/issue-20/towers.sh OUT_DIR
set -euo pipefail
out="${1:?usage: towers.sh OUT_DIR}"
mkdir -p "$out"
./setclip --version >/dev/null   # build first, outside the timings
cp setclip-cli/target/setclip.jar "$out/setclip.jar"   # a rebuild must not kill a running JVM
cp -r setclip-cli/target/lib "$out/lib"
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}"
for name in builtin minilm; do
  flags=()
  [ "$name" = minilm ] && flags=(--text-encoder minilm --lock-text)
  rm -rf "$out/$name"
  uptime > "$out/$name.load"
  /usr/bin/time -v java -jar "$out/setclip.jar" pretrain --epochs 2 --seed 1 --output "$out/$name" \
      "${flags[@]}" > "$out/$name.log" 2> "$out/$name.time"
  uptime >> "$out/$name.load"
done
for name in builtin minilm; do
  python3 - "$out/$name" <<'PY'
import json, sys
run = sys.argv[1]
summary = json.load(open(run + "/summary.json"))
rows = summary["samples"] / summary["steps"]
steps = [json.loads(l) for l in open(run + "/metrics.jsonl") if '"type":"step"' in l]
last = [s for s in steps if s["epoch"] == 2][-1]
print(f"{run}: {summary['steps']} steps of {rows:.0f} rows; epoch 2: {rows / last['samples_per_s']:.3f} s/step;"
      f" peak resident {summary['peakResidentBytes'] / 2**20:.0f} MB; run {summary['seconds']:.0f} s")
PY
  grep -h "locked T tower" "$out/$name.log" || true
  grep -h "Maximum resident" "$out/$name.time"
  cat "$out/$name.load"
done

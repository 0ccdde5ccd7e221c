#!/usr/bin/env bash
# The verdict, one arm at a time (issues 9 and 10): each invocation trains one recipe for all 5 seeds before the
# next starts, so whatever finishes is a complete five-seed row; CLIP (paired) is read back from the baselines.
# Usage: run-verdict-arms.sh DATASET RECIPE...
set -u
DATASET=$1; shift
for R in "$@"; do
  bash /work/experiments/run-verdict.sh "$DATASET" "clip,$R"
  cp /work/experiments/verdict-$DATASET/experiment.md "/work/experiments/verdict-$DATASET/arm-$R.md" 2>/dev/null
done

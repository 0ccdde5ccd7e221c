#!/usr/bin/env bash
# The emoji verdict again (issues 9 and 10), with runs that early stopping cannot cut short: in the first emoji
# verdict (--patience 5 at 4-step additive epochs, 300 steps) every run stopped after 76-140 steps while
# validation recall was still rising. Here: test split, seeds 1-5, one budget of 200 optimiser steps for every
# arm, --patience 50 (an additive epoch is 4 steps, so no run stops before the budget), the best epoch on
# validation scored. One recipe per invocation, all in one folder (finished runs are read back); two of these
# scripts share the two cores, one PyTorch thread each.
# Usage: run-verdict-emoji-200.sh LOGNAME RECIPE...
set -u
J=/work/jars/v6/setclip.jar
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
LOG=$1; shift
for R in "$@"; do
  java -Dai.djl.pytorch.num_threads=1 -jar $J experiment --batch-size 128 --max-steps 200 --epochs 1000 \
    --patience 50 --seeds 5 --recipes "$R" --output /work/experiments/verdict-emoji-200 \
    >> "/work/experiments/verdict-emoji-200-$LOG.log" 2>&1
  cp /work/experiments/verdict-emoji-200/experiment.md "/work/experiments/verdict-emoji-200/arm-$R.md" 2>/dev/null
done

#!/usr/bin/env bash
# Issue 22's screen: the pretrained regime on the emoji data, captions embedded by a locked
# all-MiniLM-L6-v2 (--text-encoder minilm --lock-text), the builtin picture tower trained. Validation
# split (--screen), seeds 101 and 102, 1/3 paired (the default), one budget of 200 optimiser steps
# at batch 128 for every arm, --patience 1000 epochs (an additive epoch is 4 steps, so early stopping
# cannot cut a run short; the best validation epoch is kept): the from-scratch emoji verdict's
# protocol, so its runs sit beside these. One recipe per invocation, all in one folder (finished runs
# are read back); one PyTorch thread.
# Usage: run-screen-emoji-minilm.sh LOGNAME RECIPE...
set -u
J=${SETCLIP_JAR:-/work/jars/v7/setclip.jar}
OUT=${SCREEN_OUT:-/work/experiments/screen-emoji-minilm}
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
LOG=$1; shift
for R in "$@"; do
  java -Dai.djl.pytorch.num_threads=1 -jar "$J" experiment --screen --text-encoder minilm --lock-text \
    --batch-size 128 --max-steps 200 --epochs 1000 --patience 1000 --seed 101 --seeds 2 --recipes "$R" \
    --output "$OUT" >> "$OUT-$LOG.log" 2>&1
  cp "$OUT/experiment.md" "$OUT/arm-$R.md" 2>/dev/null
done

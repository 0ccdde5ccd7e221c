#!/usr/bin/env bash
# Issue 22's verdict in the pretrained regime: emoji pictures (builtin tower, trained) against captions
# embedded by a locked all-MiniLM-L6-v2. Test split, seeds 1-5, one budget of 200 optimiser steps at
# batch 128 for every arm, --patience 1000 epochs (early stopping cannot cut a run short; the best
# validation epoch is scored), the protocol of the screen (run-screen-emoji-minilm.sh) and of the
# from-scratch emoji verdict. One recipe per invocation, all of one paired fraction in one folder.
# Usage: run-verdict-emoji-minilm.sh FRACTION LOGNAME RECIPE...     (FRACTION: 0.3333333333333333 or 0.1)
# The arms, fixed before the verdict: clip, ssl+mmd+sdd (the default), clip-all, and the two recipes of
# the screen with the best mean validation delta against clip over seeds 101 and 102.
set -u
J=${SETCLIP_JAR:-/work/jars/v8/setclip.jar}
F=$1; LOG=$2; shift 2
OUT=${VERDICT_OUT:-/work/experiments/verdict-emoji-minilm-$F}
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
for R in "$@"; do
  java -Dai.djl.pytorch.num_threads=1 -jar "$J" experiment --text-encoder minilm --lock-text \
    --paired-fraction "$F" --batch-size 128 --max-steps 200 --epochs 1000 --patience 1000 --seeds 5 \
    --recipes "$R" --output "$OUT" >> "$OUT-$LOG.log" 2>&1
done

#!/usr/bin/env bash
# Issue 22's verdict in the pretrained regime: emoji pictures (builtin tower, trained) against captions
# embedded by a locked all-MiniLM-L6-v2. Test split, seeds 1-5, one budget of 200 optimiser steps at
# batch 128 for every arm, --patience 1000 epochs (early stopping cannot cut a run short; the best
# validation epoch is scored), the protocol of the screen (run-screen-emoji-minilm.sh) and of the
# from-scratch emoji verdict. Seed by seed (every recipe of seed 1, then of seed 2, ...), so that an
# unfinished verdict still pairs its arms; one run per invocation, all of one paired fraction in one
# folder (finished runs are read back, a partial one resumed). Recompute the table with
#   ./setclip results docs/experiments/verdict-emoji-minilm-FRACTION --arms clip,ssl+mmd+sdd,...,clip-all
# Usage: run-verdict-emoji-minilm.sh FRACTION LOGNAME RECIPE...     (FRACTION: 0.3333333333333333 or 0.1)
# The arms, fixed before the verdict: clip, ssl+mmd+sdd (the default), clip-all, and the two recipes of
# the screen with the best mean validation delta against clip over seeds 101 and 102.
# TOWERS=builtin runs the same arms with the builtin (from-scratch) text tower instead, into
# verdict-emoji-builtin-FRACTION: the side-by-side column.
set -u
J=${SETCLIP_JAR:-/work/jars/v12/setclip.jar}
F=$1; LOG=$2; shift 2
TOWERS=${TOWERS:-minilm}
if [ "$TOWERS" = minilm ]; then FLAGS="--text-encoder minilm --lock-text"; else FLAGS=""; fi
OUT=${VERDICT_OUT:-/work/experiments/verdict-emoji-$TOWERS-$F}
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
for S in ${SEEDS:-1 2 3 4 5}; do
  for R in "$@"; do
    # shellcheck disable=SC2086
    java -Dai.djl.pytorch.num_threads=1 -jar "$J" experiment $FLAGS \
      --paired-fraction "$F" --batch-size 128 --max-steps 200 --epochs 1000 --patience 1000 --seed "$S" --seeds 1 \
      --recipes "$R" --output "$OUT" >> "$OUT-$LOG.log" 2>&1
  done
done

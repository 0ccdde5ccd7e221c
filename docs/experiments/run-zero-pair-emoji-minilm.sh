#!/usr/bin/env bash
# Issue 22's zero pairs: Set-CLIP's default with no pairs at all (CL has nothing to score, so it is
# MMD + SDD + SSL alone) against the untrained model, emoji pictures against locked MiniLM captions,
# test split, seeds 1-5, 200 steps at batch 128 (the verdict's budget). Read test R@10 both ways and
# zero-shot group accuracy against chance (1 / the number of groups).
set -u
J=${SETCLIP_JAR:-/work/jars/v12/setclip.jar}
OUT=${ZERO_OUT:-/work/experiments/zero-pair-emoji-minilm}
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
java -Dai.djl.pytorch.num_threads=1 -jar "$J" experiment --zero-pair --text-encoder minilm --lock-text \
  --batch-size 128 --max-steps 200 --epochs 1000 --patience 1000 --seeds 5 --output "$OUT" >> "$OUT.log" 2>&1

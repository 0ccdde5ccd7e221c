#!/usr/bin/env bash
# As run-verdict-emoji-200.sh, for some seeds of one recipe, so that two processes can share one arm's five seeds
# (each seed is its own run folder; the final read-back with --seeds 5 tables them all).
# Usage: run-verdict-emoji-200-seeds.sh LOGNAME FIRST_SEED COUNT RECIPE
set -u
J=/work/jars/v6/setclip.jar
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
java -Dai.djl.pytorch.num_threads=1 -jar $J experiment --batch-size 128 --max-steps 200 --epochs 1000 \
  --patience 50 --seed "$2" --seeds "$3" --recipes "$4" --output /work/experiments/verdict-emoji-200 \
  >> "/work/experiments/verdict-emoji-200-$1.log" 2>&1

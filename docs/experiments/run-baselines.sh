#!/usr/bin/env bash
# Verdict baselines (issue 9/10): CLIP(paired), Set-CLIP (paper recipe), CLIP(all), 5 seeds, with the v0 jar.
J=/work/jars/v0/setclip.jar
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
java -Dai.djl.pytorch.num_threads=1 -jar $J experiment --dataset fashion-mnist-halves --paired-fraction 0.1 \
  --batch-size 256 --max-steps 800 --epochs 1000 --patience 3 --warmup 50 --seeds 5 \
  --output /work/experiments/verdict-fashion > /work/experiments/verdict-fashion.log 2>&1 &
java -Dai.djl.pytorch.num_threads=1 -jar $J experiment --batch-size 128 --max-steps 300 --epochs 1000 \
  --patience 5 --seeds 5 --output /work/experiments/verdict-emoji > /work/experiments/verdict-emoji.log 2>&1 &
wait

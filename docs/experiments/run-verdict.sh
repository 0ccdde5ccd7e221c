#!/usr/bin/env bash
# The verdict (issues 9 and 10): 5 seeds (1-5), test split, one step budget per dataset (Fashion 800, emoji 300),
# early stopping as in the baselines. The baselines (clip, paper, clip-all) were trained first and are read back.
J=/work/jars/verdict/setclip.jar
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
DATASET=$1
R=$2
if [ "$DATASET" = fashion ]; then
java -Dai.djl.pytorch.num_threads=1 -jar $J experiment --dataset fashion-mnist-halves --paired-fraction 0.1 \
  --batch-size 256 --max-steps 800 --epochs 1000 --patience 3 --warmup 50 --seeds 5 --recipes $R \
  --output /work/experiments/verdict-fashion >> /work/experiments/verdict-fashion.log 2>&1
else
java -Dai.djl.pytorch.num_threads=1 -jar $J experiment --batch-size 128 --max-steps 300 --epochs 1000 \
  --patience 5 --seeds 5 --recipes $R --output /work/experiments/verdict-emoji >> /work/experiments/verdict-emoji.log 2>&1
fi

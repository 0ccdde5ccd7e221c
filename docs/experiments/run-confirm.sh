#!/usr/bin/env bash
# Confirmation on Fashion-MNIST halves (issues 9 and 10): in the verdict, early stopping with --patience 3
# (3 epochs = 66 steps of a 22-step epoch) ended one seed in five of neg, mmd+sdd and nn (two of pl) at
# 330-480 steps while validation was still rising, and never a CLIP run. Here: the arms that were level
# with or ahead of CLIP in the seeds that ran to the budget, on five new seeds (6-10), patience 10 epochs
# (220 steps), the same 800-step budget; CLIP retrained on the same seeds.
J=/work/jars/verdict/setclip.jar
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
java -Dai.djl.pytorch.num_threads=1 -jar $J experiment --dataset fashion-mnist-halves --paired-fraction 0.1 \
  --batch-size 256 --max-steps 800 --epochs 1000 --patience 10 --warmup 50 --seed 6 --seeds 5 \
  --recipes clip,neg,nn --output /work/experiments/confirm-fashion >> /work/experiments/confirm-fashion.log 2>&1

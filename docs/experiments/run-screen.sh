#!/usr/bin/env bash
# Screen (issues 9 and 10): every recipe on the validation split, 2 seeds (101, 102), modest budgets.
J=/work/jars/screen/setclip.jar
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
R=clip,paper,neg,ssl,neg+ssl,mmd+sdd,neg+ssl+mmd+sdd,neg+ssl+mmd+sdd+bal,neg+ssl+mmd+sdd+queue,neg+ssl+mmd+sdd+authors,pl,pl2,softpl,hardpl,nn,twostage,clip-all
java -Dai.djl.pytorch.num_threads=1 -jar $J experiment --screen --dataset fashion-mnist-halves --paired-fraction 0.1 \
  --batch-size 256 --max-steps 400 --epochs 1000 --patience 3 --warmup 50 --seed 101 --seeds 2 --recipes $R \
  --output /work/experiments/screen-fashion > /work/experiments/screen-fashion.log 2>&1 &
java -Dai.djl.pytorch.num_threads=1 -jar $J experiment --screen --batch-size 128 --max-steps 200 --epochs 1000 \
  --patience 5 --seed 101 --seeds 2 --recipes $R --output /work/experiments/screen-emoji > /work/experiments/screen-emoji.log 2>&1 &
wait

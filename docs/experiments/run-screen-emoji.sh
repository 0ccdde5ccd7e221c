#!/usr/bin/env bash
# Emoji screen (issue 9's recipes only; issue 10's methods go straight to the verdict), 2 seeds (101, 102).
J=/work/jars/screen/setclip.jar
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
R=clip,paper,neg,ssl,neg+ssl,mmd+sdd,neg+ssl+mmd+sdd,neg+ssl+mmd+sdd+bal,neg+ssl+mmd+sdd+queue,neg+ssl+mmd+sdd+authors
java -Dai.djl.pytorch.num_threads=1 -jar $J experiment --screen --batch-size 128 --max-steps 200 --epochs 1000 \
  --patience 5 --seed 101 --seeds 2 --recipes $R --output /work/experiments/screen-emoji >> /work/experiments/screen-emoji.log 2>&1

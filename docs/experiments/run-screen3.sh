#!/usr/bin/env bash
# Screen, stage 3 (issue 9): the authors' condition where it could matter: aligned unpaired sets with
# balanced (loud) MMD and SDD, beside the same with independent sets (stage 1's +bal arm); validation,
# seeds 101-102, same flags and folder as stages 1 and 2 (CLIP read back).
J=/work/jars/screen/setclip.jar
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
R=clip,neg+ssl+mmd+sdd+bal+aligned,mmd+sdd+bal,mmd+sdd+bal+aligned
java -Dai.djl.pytorch.num_threads=1 -jar $J experiment --screen --dataset fashion-mnist-halves --paired-fraction 0.1 \
  --batch-size 256 --max-steps 400 --epochs 1000 --patience 3 --warmup 50 --seed 101 --seeds 2 --recipes $R \
  --output /work/experiments/screen-fashion > /work/experiments/screen3-fashion.log 2>&1

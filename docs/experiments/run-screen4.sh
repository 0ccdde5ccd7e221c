#!/usr/bin/env bash
# Screen, stage 4 (issue 10): the semi-supervised methods combined with the issue-9 recipe that did best on
# Fashion-MNIST (unpaired negatives): neg+nn and neg+softpl, validation, seeds 101-102, the flags and jar of
# stages 1-3; CLIP, neg, nn and softpl are read back (their stage-1 runs copied into this folder).
J=/work/jars/screen/setclip.jar
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
R=clip,neg,nn,softpl,neg+nn,neg+softpl
java -Dai.djl.pytorch.num_threads=1 -jar $J experiment --screen --dataset fashion-mnist-halves --paired-fraction 0.1 \
  --batch-size 256 --max-steps 400 --epochs 1000 --patience 3 --warmup 50 --seed 101 --seeds 2 --recipes $R \
  --output /work/experiments/screen4-fashion > /work/experiments/screen4-fashion.log 2>&1

#!/usr/bin/env bash
# Screen, stage 2 (issue 9): the default's recipe, Set-CLIP without SSL, and how the unpaired rows relate
# (aligned: the authors' condition; grouped: weak supervision), on validation, seeds 101-102; same folders as
# stage 1, so CLIP's runs are read back.
J=/work/jars/screen/setclip.jar
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
R=clip,ssl+mmd+sdd,neg+mmd+sdd,neg+ssl+mmd+sdd+aligned,neg+ssl+mmd+sdd+grouped,mmd+sdd+aligned,mmd+sdd+grouped
DATASET=${1:-fashion}
if [ "$DATASET" = fashion ]; then
java -Dai.djl.pytorch.num_threads=1 -jar $J experiment --screen --dataset fashion-mnist-halves --paired-fraction 0.1 \
  --batch-size 256 --max-steps 400 --epochs 1000 --patience 3 --warmup 50 --seed 101 --seeds 2 --recipes $R \
  --output /work/experiments/screen-fashion > /work/experiments/screen2-fashion.log 2>&1
else
java -Dai.djl.pytorch.num_threads=1 -jar $J experiment --screen --batch-size 128 --max-steps 200 --epochs 1000 \
  --patience 5 --seed 101 --seeds 2 --recipes $R --output /work/experiments/screen-emoji > /work/experiments/screen2-emoji.log 2>&1
fi

#!/usr/bin/env bash
# Issue 19 moves configuration code without changing what is learned. This script checks that
# promise: it runs the same short pretraining commands with two launcher jars and compares the
# first 20 step records of metrics.jsonl (every loss term and the learning rate, as written,
# so bit for bit; only the throughput field samples_per_s is dropped).
#
#   compare-steps.sh record JAR OUT [NAME...]  run every command (or the named ones) with JAR,
#                                              run folders under OUT
#   compare-steps.sh compare OUT_A OUT_B   compare two recorded sets; exit 1 on any difference
#
# Fashion needs IDX files in FM_DIR (default /tmp/probe/data/fm; setclip-cli's test helper
# FashionFiles writes such files).
set -euo pipefail
FM_DIR=${FM_DIR:-/tmp/probe/data/fm}
STEPS=20

runs() {
  # name | arguments after "pretrain --seed 7 --batch-size 64"
  cat <<RUNS
default|--epochs 3
recipe-paper|--recipe paper --epochs 3
fashion|--dataset fashion-mnist-halves --data-dir $FM_DIR --epochs 7
method-setclip|--method setclip --epochs 3
method-clip|--method clip --epochs 3
method-s-clip|--method s-clip --epochs 3
method-soft-pl|--method soft-pl --epochs 3
method-hard-pl|--method hard-pl --epochs 3
method-nn-pairs|--method nn-pairs --nn-warmup 5 --nn-refresh 5 --epochs 3
method-two-stage|--method two-stage --epochs 6
RUNS
}

steps() { # the first $STEPS step records of a run, without the throughput
  grep '"type":"step"' "$1/metrics.jsonl" | head -n "$STEPS" | sed -E 's/,"samples_per_s":[^,}]*//'
}

case "${1:-}" in
  record)
    jar=$2; out=$3; shift 3; only=" $* "; mkdir -p "$out"
    runs | while IFS='|' read -r name args; do
      if [ -n "$*" ] && [[ "$only" != *" $name "* ]]; then continue; fi
      rm -rf "${out:?}/$name"
      # shellcheck disable=SC2086
      java -Dai.djl.pytorch.num_threads=1 -jar "$jar" pretrain --seed 7 --batch-size 64 \
        $args --output "$out/$name" > "$out/$name.log" 2>&1 || { echo "$name: failed (see $out/$name.log)"; continue; }
      echo "$name: $(grep -c '"type":"step"' "$out/$name/metrics.jsonl") steps"
    done ;;
  compare)
    a=$2; b=$3; status=0
    runs | while IFS='|' read -r name _; do
      n=$(steps "$a/$name" | wc -l)
      if [ "$n" -lt "$STEPS" ]; then echo "$name: only $n steps recorded in $a"; exit 1; fi
      if cmp -s <(steps "$a/$name") <(steps "$b/$name"); then
        echo "$name: first $STEPS steps bit-identical"
      else
        echo "$name: DIFFERENT"; diff <(steps "$a/$name") <(steps "$b/$name") | head -4; exit 1
      fi
    done || status=1
    exit $status ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac

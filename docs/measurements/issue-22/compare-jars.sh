#!/usr/bin/env bash
# Issue 22 ran its screen partly with jar A (v8, 2026-12-06) and partly, and its verdict wholly, with jar B (v12,
# 2026-12-07: keyword list embedded once, dataset check on read-back). This runs the first 3 epochs of every
# recipe that ran on both with each jar (locked MiniLM, emoji, seed 7, batch 128) and compares the step records.
OUT=${OUT:-/tmp/bit}; A=${A:-/work/jars/v8/setclip.jar}; B=${B:-/work/jars/v12/setclip.jar}; mkdir -p "$OUT"; cd "$OUT"
for R in hardpl pl2 twostage ssl+mmd+sdd; do
  for v in v8 v12; do
    rm -rf "$R-$v"
    J=$A; [ $v = v12 ] && J=$B; java -Dai.djl.pytorch.num_threads=1 -jar "$J" pretrain --seed 7 --batch-size 128 \
      --text-encoder minilm --lock-text --recipe "$R" --epochs 3 --output "$OUT/$R-$v" > "$R-$v.log" 2>&1
  done
  if cmp -s <(grep '"type":"step"' "$R-v8/metrics.jsonl" | sed -E 's/,"samples_per_s":[^,}]*//') \
            <(grep '"type":"step"' "$R-v12/metrics.jsonl" | sed -E 's/,"samples_per_s":[^,}]*//'); then
    echo "$R: $(grep -c '"type":"step"' "$R-v12/metrics.jsonl") steps bit-identical"
  else echo "$R: DIFFERENT"; fi
done > "$OUT/results.txt" 2>&1

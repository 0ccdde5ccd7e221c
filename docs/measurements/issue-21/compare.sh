#!/bin/bash
# Issue 21: the built-in emoji run against the same data exported as a user's files (pairs.csv, a
# folder of unpaired pictures, a texts file), 40 steps each, one thread each, two seeds; then both
# without SSL. Run from the repository root after `mvn -B -q package -DskipTests -pl setclip-cli -am`.
# Usage: docs/measurements/issue-21/compare.sh WORK_DIR      (each wave of runs: 15-20 min on 2 busy cores)
set -euo pipefail
work=${1:?usage: compare.sh WORK_DIR}
mkdir -p "$work/dist"
cp -r setclip-cli/target/setclip.jar setclip-cli/target/lib "$work/dist/"
J="java -Dai.djl.pytorch.num_threads=1 -jar $work/dist/setclip.jar"
for seed in 1 2; do
    java -jar "$work/dist/setclip.jar" export-emoji --output "$work/export-$seed" --seed $seed
done
export_run() { # SEED OUT [FLAGS...]: 1018 paired pictures, 8 steps per epoch, 5 epochs = 40 steps
    local seed=$1 out=$2; shift 2
    $J pretrain --dataset captions --captions "$work/export-$seed/pairs.csv" --unpaired-images "$work/export-$seed/unpaired" \
        --unpaired-texts "$work/export-$seed/texts.txt" --image-size 32 --epochs 5 --threads 1 --seed $seed \
        --output "$work/$out" "$@" > "$work/$out.log" 2>&1
}
builtin_run() { # SEED OUT [FLAGS...]: 509 paired concepts, 4 steps per epoch, 10 epochs = 40 steps
    local seed=$1 out=$2; shift 2
    $J pretrain --epochs 10 --threads 1 --seed $seed --output "$work/$out" "$@" > "$work/$out.log" 2>&1
}
builtin_run 1 builtin-1 & export_run 1 export-1 & wait
builtin_run 2 builtin-2 & export_run 2 export-2 & wait
builtin_run 1 builtin-1-nossl --w-ssl 0 & export_run 1 export-1-nossl --w-ssl 0 & wait
for run in builtin-1 export-1 builtin-2 export-2 builtin-1-nossl export-1-nossl; do
    echo "== $run"; tr '\r' '\n' < "$work/$run.log" | grep -a -E "S->T|T->S|epochs, " || true
done

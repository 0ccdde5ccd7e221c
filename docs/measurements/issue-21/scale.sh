#!/bin/bash
# Issue 21's scale measurement: index 100,000 generated pictures and 1,000,000 texts, then one
# short pretraining run on them, each under /usr/bin/time -v (peak resident = "Maximum resident
# set size"). Run from the repository root after `mvn -B -q package -DskipTests -pl setclip-cli,examples -am`.
# Usage: docs/measurements/issue-21/scale.sh WORK_DIR      (needs about 0.5 GB of disk)
set -euo pipefail
work=${1:?usage: scale.sh WORK_DIR}
mkdir -p "$work/dist"
cp -r setclip-cli/target/setclip.jar setclip-cli/target/lib examples/target/classes "$work/dist/"
[ -f "$work/data/texts.txt" ] || /usr/bin/time -v python3 docs/measurements/issue-21/make_unpaired.py "$work/data" \
    2> "$work/generate.time"
uptime | tee "$work/load.txt"
/usr/bin/time -v java -Dai.djl.pytorch.num_threads=1 -cp "$work/dist/classes:$work/dist/setclip.jar:$work/dist/lib/*" \
    io.github.setclip.examples.UnpairedSourcesExample "$work/data/pairs.csv" "$work/data/photos" "$work/data/texts.txt" \
    > "$work/index.log" 2>&1
uptime | tee -a "$work/load.txt"
/usr/bin/time -v java -Dai.djl.pytorch.num_threads=1 -jar "$work/dist/setclip.jar" pretrain --dataset captions \
    --captions "$work/data/pairs.csv" --unpaired-images "$work/data/photos" --unpaired-texts "$work/data/texts.txt" \
    --image-size 32 --epochs 1 --threads 1 --output "$work/run" > "$work/run.log" 2>&1
uptime | tee -a "$work/load.txt"
grep -a -E "indexed in|Elapsed|Maximum resident" "$work/index.log"
grep -a -E "Elapsed|Maximum resident|peak resident" "$work/run.log"

#!/usr/bin/env bash
# Soak: the default emoji run (100 steps, seed 7) RUNS times back to back, and the kill-and-resume
# test KILLS times; counts crashes and checks that every run ends bit for bit the same.
# Not part of the default test run (about 100 min for 20 + 20 on a quiet 2-core machine).
#
# Usage: docs/soak.sh [RUNS] [KILLS] [OUTPUT]     (defaults: 20 20 runs/soak)
# SOAK_EPOCHS=E makes each run E epochs of 4 steps instead of the default 25 (100 steps): more
# JVM starts and first steps, where the crash reported in issue 18 struck, for the same time.
# Needs a built tree (mvn -B -o package -DskipTests); the jar is copied aside first, so a rebuild
# during the soak cannot kill it. Writes OUTPUT/soak.tsv (one line per run or kill test) and
# OUTPUT/summary.txt.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-20}"
kills="${2:-20}"
out="$(realpath -m "${3:-$root/runs/soak}")"
epochs="${SOAK_EPOCHS:-25}"
mkdir -p "$out"
rm -rf "$out/jar" && mkdir -p "$out/jar"
cp -r "$root/setclip-cli/target/setclip.jar" "$root/setclip-cli/target/lib" "$out/jar/"
tsv="$out/soak.tsv"
printf 'kind\tindex\texit\tcrash_log\tseconds\tmodel_sha256\tsteps_sha256\n' > "$tsv"

soak_run() {
  local i=$1 run start code crash model steps
  run="$out/run-$i"
  rm -rf "$run"
  start=$(date +%s)
  # The launcher's own settings (./setclip): transparent huge pages for PyTorch's buffers.
  (cd "$out" && GLIBC_TUNABLES=glibc.malloc.hugetlb=1 java ${SETCLIP_JAVA_OPTS:-} -jar "$out/jar/setclip.jar" \
      pretrain --seed 7 --epochs "$epochs" --output "$run" > "$out/run-$i.log" 2>&1)
  code=$?
  crash=$(ls "$out"/hs_err_pid*.log 2>/dev/null | head -1)
  [ -n "$crash" ] && mv "$crash" "$out/run-$i.hs_err.log" && crash="run-$i.hs_err.log"
  model=$(sha256sum "$run/model/model.params" 2>/dev/null | cut -c1-64)
  # Step records without what depends on the clock.
  steps=$(python3 -c "
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get('type') == 'step':
        r.pop('samples_per_s', None); print(json.dumps(r, sort_keys=True))
" "$run/metrics.jsonl" 2>/dev/null | sha256sum | cut -c1-64)
  printf 'run\t%d\t%d\t%s\t%d\t%s\t%s\n' "$i" "$code" "${crash:--}" $(( $(date +%s) - start )) \
      "${model:--}" "$steps" >> "$tsv"
}

soak_kill() {
  local i=$1 start code crash
  start=$(date +%s)
  (cd "$root" && mvn -B -o -q verify -pl setclip-cli -am -Dtest=KillAndResumeTest \
      -Dsurefire.failIfNoSpecifiedTests=false > "$out/kill-$i.log" 2>&1)
  code=$?
  crash=$(find "$root/setclip-cli" -maxdepth 2 -name 'hs_err_pid*.log' -newer "$out/soak.tsv" 2>/dev/null | head -1)
  printf 'kill\t%d\t%d\t%s\t%d\t-\t-\n' "$i" "$code" "${crash:--}" $(( $(date +%s) - start )) >> "$tsv"
}

# Interleaved, so that a soak cut short still has both kinds.
for i in $(seq 1 $(( runs > kills ? runs : kills ))); do
  [ "$i" -le "$runs" ] && soak_run "$i"
  [ "$i" -le "$kills" ] && soak_kill "$i"
done

python3 - "$tsv" > "$out/summary.txt" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
for kind in ('run', 'kill'):
    mine = [r for r in rows if r['kind'] == kind]
    if not mine:
        continue
    failed = [r['index'] for r in mine if r['exit'] != '0']
    crashes = [r['index'] for r in mine if r['crash_log'] != '-']
    line = f"{kind}: {len(mine)} done, {len(failed)} non-zero exits {failed}, {len(crashes)} JVM crashes {crashes}"
    if kind == 'run':
        models = {r['model_sha256'] for r in mine if r['exit'] == '0'}
        steps = {r['steps_sha256'] for r in mine if r['exit'] == '0'}
        line += f"; distinct final models {len(models)}, distinct step-loss records {len(steps)}"
    secs = sorted(int(r['seconds']) for r in mine)
    line += f"; seconds each: median {secs[len(secs) // 2]}, max {secs[-1]}"
    print(line)
EOF
cat "$out/summary.txt"

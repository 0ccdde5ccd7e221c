#!/usr/bin/env bash
# Where running experiments stand: each run's mean recall (on the split it is scored on), steps to
# best and seconds once finished, else the steps it has taken so far.
# Usage: progress.sh FOLDER...   (e.g. /work/experiments/verdict-emoji-minilm-0.1)
date
for folder in "$@"; do
  for f in "$folder"/*/seed-*/; do
    r=$f/result.json
    if [ -f "$r" ]; then
      python3 -c "import json,sys;d=json.load(open(sys.argv[1]));print(sys.argv[2], round(100*d['metrics']['retrieval/mean_recall'],1), d['stepsToBest'], round(d['seconds']))" "$r" "$f"
    elif [ -f "$f/metrics.jsonl" ]; then
      echo "$f $(grep -c '"type":"step"' "$f/metrics.jsonl") steps"
    fi
  done
done

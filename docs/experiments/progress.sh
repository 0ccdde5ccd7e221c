#!/usr/bin/env bash
# Where the emoji re-verdict stands: each run's test mean recall, steps to best and seconds, or steps so far.
cd /work/experiments; date
for f in verdict-emoji-200/*/seed-*/; do r=$f/result.json; if [ -f $r ]; then python3 -c "import json;d=json.load(open('$r'));print('$f', round(100*d['metrics']['retrieval/mean_recall'],1), d['stepsToBest'], round(d['seconds']))"; else echo "$f $(grep -c '"type":"step"' $f/metrics.jsonl) steps"; fi; done

#!/usr/bin/env bash
# What issue 22 still has to run after the verdict (finished, committed in verdict-emoji-minilm-*), as two
# workers for the two cores; each step reads back what is finished and resumes what is partial, so a
# worker can be started again in a later session.
#   run-issue22-queue.sh 1   zero pairs, then the builtin (from-scratch) side at 1/3: clip, the default
#   run-issue22-queue.sh 2   the builtin side at 10%: clip, the default, clip on all pairs
# The from-scratch emoji verdict's per-run files are gone, so its clip and default are run again at 1/3
# for a recomputable side-by-side. CLIP on all pairs does not depend on the paired fraction (seed 1 at
# 1/3 and at 10%: the same run, bit for bit, with MiniLM), so the builtin side runs it once, at 10%, and
# the 1/3 table reads it from there. SETCLIP_JAR: a copy of setclip-cli/target/setclip.jar with its lib/
# beside it (a rebuild under a running JVM kills it).
set -u
D=$(cd "$(dirname "$0")" && pwd)
case "${1:-}" in
  1) bash "$D/run-zero-pair-emoji-minilm.sh"
     TOWERS=builtin bash "$D/run-verdict-emoji-minilm.sh" 0.3333333333333333 w1 clip ssl+mmd+sdd ;;
  2) TOWERS=builtin bash "$D/run-verdict-emoji-minilm.sh" 0.1 w2 clip ssl+mmd+sdd clip-all ;;
  *) sed -n '2,11p' "$0"; exit 2 ;;
esac

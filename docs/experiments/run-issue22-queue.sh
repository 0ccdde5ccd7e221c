#!/usr/bin/env bash
# What issue 22 still has to run, as two workers for the two cores; each step reads back what is
# finished and resumes what is partial, so a worker can be started again in a later session.
#   run-issue22-queue.sh 1   the verdict at 1/3 paired, then zero pairs
#   run-issue22-queue.sh 2   the verdict at 10% paired, then the builtin (from-scratch) side at 10%
#   run-issue22-queue.sh 3   the builtin side at 1/3 (the from-scratch emoji verdict's per-run files are
#                            gone, so its clip and default are run again for a recomputable table)
# CLIP on all pairs does not depend on the paired fraction (seed 1 at 1/3 and at 10%: the same run, bit
# for bit), so with MiniLM the 10% table reads its clip-all row from the 1/3 folder and the 10% worker
# skips it; the builtin side runs it once, at 10%, and the 1/3 table reads it from there.
# TOP holds the screen's two best arms by mean validation delta against CLIP (the rule fixed before
# the verdict); SETCLIP_JAR a copy of setclip-cli/target/setclip.jar with its lib/ beside it.
set -u
D=$(cd "$(dirname "$0")" && pwd)
TOP=${TOP:?set TOP to the screen\'s two best recipes, e.g. TOP="hardpl ssl"}
# shellcheck disable=SC2086
case "$1" in
  1) bash "$D/run-verdict-emoji-minilm.sh" 0.3333333333333333 w1 clip ssl+mmd+sdd clip-all $TOP
     bash "$D/run-zero-pair-emoji-minilm.sh" ;;
  2) bash "$D/run-verdict-emoji-minilm.sh" 0.1 w2 clip ssl+mmd+sdd $TOP
     TOWERS=builtin bash "$D/run-verdict-emoji-minilm.sh" 0.1 w2 clip ssl+mmd+sdd clip-all ;;
  3) TOWERS=builtin bash "$D/run-verdict-emoji-minilm.sh" 0.3333333333333333 w3 clip ssl+mmd+sdd ;;
  *) sed -n '2,13p' "$0"; exit 2 ;;
esac

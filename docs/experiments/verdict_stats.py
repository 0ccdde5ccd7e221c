"""Paired t-test of each arm's test mean recall against clip across the seeds both have (interim check;
the tables in docs come from setclip experiment's own experiment.md)."""
import json, os, sys
from scipy import stats
folder, arms = sys.argv[1], sys.argv[2].split(',')
def scores(arm):
    out = {}
    d = os.path.join(folder, arm)
    for s in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        p = os.path.join(d, s, 'result.json')
        if os.path.exists(p):
            out[s] = 100 * json.load(open(p))['metrics']['retrieval/mean_recall']
    return out
clip, top = scores('clip'), scores('clip-all')
gap = (sum(top.values()) / len(top) - sum(clip.values()) / len(clip)) if top else float('nan')
for a in arms:
    x = scores(a); common = sorted(set(x) & set(clip))
    if len(common) < 2: print(a, 'seeds', len(common)); continue
    d = [x[s] - clip[s] for s in common]
    t = stats.ttest_rel([x[s] for s in common], [clip[s] for s in common])
    m = sum(d) / len(d)
    print('%-18s n=%d  mean %.2f  Δ %+.2f  p %.4f  gap closed %+.0f%%' % (a, len(d), sum(x[s] for s in common) / len(d), m, t.pvalue, 100 * m / gap))

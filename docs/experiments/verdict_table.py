"""The verdict table of an experiment folder, read from each finished run's result.json (and, for nn-pairs,
the last epoch's pseudo-pair counts in metrics.jsonl): per arm the test mean recall of every seed, mean ± sd,
Δ and paired-t p against clip on the seeds both have, gap closed against clip-all, Δ and p of s2t P@10 of
the given precision metric (group for emoji, class for Fashion), steps to best, seconds per run.
Usage: verdict_table.py FOLDER ARM[,ARM...] [PRECISION_METRIC]"""
import json, os, sys, statistics as st
from scipy import stats
folder, arms = sys.argv[1], sys.argv[2].split(',')
prec = sys.argv[3] if len(sys.argv) > 3 else 'retrieval/s2t_group_P@10'
def runs(arm):
    out, d = {}, os.path.join(folder, arm)
    for s in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        p = os.path.join(d, s, 'result.json')
        if os.path.exists(p):
            out[int(s.split('-')[1])] = json.load(open(p))
    return out
def mr(r): return 100 * r['metrics']['retrieval/mean_recall']
def pr(r): return 100 * r['metrics'][prec]
clip, top = runs('clip'), runs('clip-all')
gap = st.mean(mr(r) for r in top.values()) - st.mean(mr(r) for r in clip.values()) if top else None
seeds = sorted({s for a in arms for s in runs(a)})
print('| arm | ' + ' | '.join('seed %d' % s for s in seeds) + ' | mean ± sd | Δ (pp) | p | gap closed | '
      + prec.split('/')[1] + ' Δ, p | steps to best | s per run |')
print('|---|' + '---|' * (len(seeds) + 7))
def fp(p): return '< 0.001' if p < 0.001 else '%.3f' % p if p < 0.1 else '%.2f' % p
for a in arms:
    x = runs(a)
    if not x: continue
    cells = ['%.1f' % mr(x[s]) if s in x else '' for s in seeds]
    vals = [mr(r) for r in x.values()]
    ms = '%.1f ± %.1f' % (st.mean(vals), st.stdev(vals) if len(vals) > 1 else 0)
    common = sorted(set(x) & set(clip))
    if a != 'clip' and len(common) >= 2:
        d = st.mean(mr(x[s]) - mr(clip[s]) for s in common)
        p = stats.ttest_rel([mr(x[s]) for s in common], [mr(clip[s]) for s in common]).pvalue
        dp = st.mean(pr(x[s]) - pr(clip[s]) for s in common)
        pp = stats.ttest_rel([pr(x[s]) for s in common], [pr(clip[s]) for s in common]).pvalue
        g = '%+.0f%%' % (100 * d / gap) if gap and a != 'clip-all' else ('100%' if a == 'clip-all' else '')
        cols = ['%+.1f' % d, fp(p), g, '%+.1f, %s' % (dp, fp(pp))]
    else:
        cols = ['—', '—', '—', '%.1f' % st.mean(pr(r) for r in x.values())]
    steps = st.mean(r['stepsToBest'] for r in x.values())
    secs = st.mean(r['seconds'] for r in x.values())
    print('| %s | %s | %s | %s | %d | %d |' % (a, ' | '.join(cells), ms, ' | '.join(cols), steps, secs))
# pseudo-pair precision of nn-pairs runs, last epoch
for a in arms:
    for s, r in sorted(runs(a).items()):
        m = os.path.join(folder, a, 'seed-%d' % s, 'metrics.jsonl')
        ep = [json.loads(l) for l in open(m) if '"type":"epoch"' in l]
        ep = [e for e in ep if e.get('nn_pairs_mined')]
        if ep:
            e = ep[-1]
            print('%s seed %d: last mining %d mutual pairs, %d used in the epoch, precision %.0f%%'
                  % (a, s, e['nn_pairs_mined'], e['nn_pairs_used'], 100 * e.get('nn_pairs_precision', float('nan'))))

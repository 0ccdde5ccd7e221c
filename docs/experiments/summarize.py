#!/usr/bin/env python3
"""Compact table from an experiment folder's experiment.json and the per-run metrics: per arm
mean +- std (percent) of mean recall, s2t/t2s R@1, class P@10 where present; delta vs the first
arm with the paired t-test p from experiment.csv; steps to best; seconds; last-epoch gradient ratios."""
import json, sys, csv, os, statistics as st
folder = sys.argv[1]
exp = json.load(open(os.path.join(folder, 'experiment.json')))
runs = exp['runs']
arms = []
for r in runs:
    if r['arm'] not in arms: arms.append(r['arm'])
summ = {}
for row in csv.DictReader(open(os.path.join(folder, 'experiment.csv'))):
    if row['kind'] == 'summary':
        summ[(row['arm'], row['metric'])] = row
def ms(vals):
    m = 100 * st.mean(vals); s = 100 * st.stdev(vals) if len(vals) > 1 else 0
    return f"{m:.1f} ± {s:.1f}"
base = arms[0]
metrics = ['retrieval/mean_recall', 'retrieval/s2t_R@1', 'retrieval/t2s_R@1']
extra = [m for m in ['retrieval/s2t_class_P@10', 'retrieval/s2t_group_P@10'] if any(m in r['metrics'] for r in runs)]
print('| arm | seeds | mean recall | s2t R@1 | t2s R@1 | ' + ' | '.join(e.split('/')[1] for e in extra) + ' | Δ mean recall (pp) | p | steps to best | s per run |')
print('|---|---|---|---|---|' + '---|' * len(extra) + '---|---|---|---|')
for a in arms:
    rs = [r for r in runs if r['arm'] == a]
    cells = [ms([r['metrics'][m] for r in rs]) for m in metrics + extra]
    sm = summ.get((a, 'retrieval/mean_recall'), {})
    d = sm.get('delta_vs_clip', '')
    p = sm.get('p_value', '')
    dtxt = f"{100*float(d):+.1f}" if d else '—'
    ptxt = f"{float(p):.3f}" if p else '—'
    steps = st.mean(r['stepsToBest'] for r in rs)
    secs = st.mean(r['seconds'] for r in rs)
    print(f"| {a} | {len(rs)} | " + ' | '.join(cells) + f" | {dtxt} | {ptxt} | {steps:.0f} | {secs:.0f} |")

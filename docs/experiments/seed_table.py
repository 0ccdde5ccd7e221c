"""Mean recall (percent) per arm and seed, from each finished run's result.json, for folders whose
experiment has not finished every arm (the table setclip experiment writes needs every run)."""
import json, os, sys
folder = sys.argv[1]
arms = sys.argv[2].split(',')
seeds = sorted({s for a in arms if os.path.isdir(os.path.join(folder, a)) for s in os.listdir(os.path.join(folder, a))})
print('| arm | ' + ' | '.join(seeds) + ' | steps to best | s per run |')
print('|---|' + '---|' * (len(seeds) + 2))
for a in arms:
    cells, steps, secs = [], [], []
    for s in seeds:
        p = os.path.join(folder, a, s, 'result.json')
        if os.path.exists(p):
            d = json.load(open(p))
            cells.append('%.1f' % (100 * d['metrics']['retrieval/mean_recall']))
            steps.append(d['stepsToBest']); secs.append(d['seconds'])
        else:
            cells.append('—')
    st = '%d' % (sum(steps) / len(steps)) if steps else '—'
    sc = '%d' % (sum(secs) / len(secs)) if secs else '—'
    print('| %s | %s | %s | %s |' % (a, ' | '.join(cells), st, sc))

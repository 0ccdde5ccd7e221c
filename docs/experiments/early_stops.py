"""Which runs early stopping ended before the step budget (steps run < budget - one epoch)."""
import json, os, sys
folder, budget = sys.argv[1], int(sys.argv[2])
for arm in sorted(os.listdir(folder)):
    d = os.path.join(folder, arm)
    if not os.path.isdir(d): continue
    stopped = []
    n = 0
    for s in sorted(os.listdir(d)):
        p = os.path.join(d, s, 'summary.json')
        if not os.path.exists(os.path.join(d, s, 'result.json')): continue
        n += 1
        sm = json.load(open(p))
        if sm['steps'] < budget - 30:
            stopped.append('%s at step %d' % (s, sm['steps']))
    print('%-18s %d runs; stopped early: %s' % (arm, n, ', '.join(stopped) or 'none'))

"""Per-epoch gradient norms at the embeddings (grad_norm_*) and balancing scales from a run's metrics.jsonl."""
import json, sys
for path in sys.argv[1:]:
    rows = [json.loads(l) for l in open(path) if '"type":"epoch"' in l]
    print(path)
    for r in rows:
        g = {k[len('grad_norm_'):]: v for k, v in r.items() if k.startswith('grad_norm_')}
        sc = {k: v for k, v in r.items() if 'scale' in k or k.startswith('nn_')}
        cl = g.get('cl')
        ratio = {k: round(v / cl, 4) for k, v in g.items() if cl and k != 'cl'}
        print(r.get('epoch'), {k: round(v, 4) for k, v in g.items()}, 'ratio', ratio, {k: round(v, 3) for k, v in sc.items()})

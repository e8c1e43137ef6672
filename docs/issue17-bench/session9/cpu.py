#!/usr/bin/env python3
"""Per variant directory: N=10,000 silo CPU µs per orchestration and orch/s of each invocation, and their medians."""
import json, sys, glob, os, statistics
base = sys.argv[1]
for v in sorted(os.listdir(base)):
    p = os.path.join(base, v)
    if not os.path.isdir(p): continue
    cpu, thr, cpu1k = [], [], []
    for f in sorted(glob.glob(os.path.join(p, '*.json'))):
        d = json.load(open(f))
        for row in d['rows']:
            if row['status'] != 'ok': continue
            m = row['median']
            if row['n'] == 10000: cpu.append(m['silo_cpu_us_per_item']); thr.append(m['orch_per_s'])
            elif row['n'] == 1000: cpu1k.append(m['silo_cpu_us_per_item'])
    if cpu:
        print(f"{v:6} n={len(cpu):2}  N=10,000 cpu/orch median {statistics.median(cpu):6.0f} µs {sorted(cpu)}  orch/s median {statistics.median(thr):6.0f}  | N=1,000 cpu median {statistics.median(cpu1k) if cpu1k else 0:.0f}")

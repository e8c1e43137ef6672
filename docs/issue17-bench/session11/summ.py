#!/usr/bin/env python3
"""summ.py DIR [tags...]: per profile run of prof.sh (TAG-VARIANT): window A's figures (.sum) and the silo's and the
bench process's CPU per thread name (.threads, .bench-threads: threads.py over window A), in µs per orchestration."""
import glob, os, re, sys
d = sys.argv[1]; want = sys.argv[2:]
def groups(path, orch):
    out = {}
    if not os.path.exists(path): return out
    for line in open(path):
        m = re.match(r'\s*(\d+) ms  (.*)', line)
        if m:
            name = m.group(2)
            key = ('tp-worker' if name.startswith('.NET TP Worker') else 'otel-export' if name.startswith('OpenTelemetry') else
                   'gc' if 'GC' in name or 'BGC' in name else 'finalizer' if 'Finalizer' in name else 'timer' if 'Timer' in name else
                   'sockets' if 'Sockets' in name or 'SynchManager' in name else 'other')
            out[key] = out.get(key, 0) + int(m.group(1)) * 1000 / orch
    return out
for s in sorted(glob.glob(os.path.join(d, '*.sum'))):
    n = os.path.basename(s)[:-4]
    if want and not any(n.startswith(w) for w in want): continue
    text = open(s).read()
    m = re.search(r'A: orch ([\d,]+)', text)
    if not m: continue
    orch = int(m.group(1).replace(',', ''))
    a = text.splitlines()[0]
    silo = groups(os.path.join(d, n + '.threads'), orch)
    bench = groups(os.path.join(d, n + '.bench-threads'), orch)
    print(f"{n}: {a[3:]}")
    print("   silo threads µs/orch: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(silo.items(), key=lambda kv: -kv[1])) + f"  (sum {sum(silo.values()):.0f})")
    print("   bench threads µs/orch: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(bench.items(), key=lambda kv: -kv[1])) + f"  (sum {sum(bench.values()):.0f})")

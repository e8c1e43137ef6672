#!/bin/bash
# alloc.sh <worktree> <tag>: hello3 on memory (2 runs) in one silo; the silo's allocation and CPU per orchestration (dotnet-counters)
v=$1; t=${2:-1}
cd /work/bench18/s11/alloc
dotnet /work/wt/$v/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll --backend memory --workload hello3 --runs 2 --out alloc-$v-$t.json > alloc-$v-$t.log 2>&1 &
b=$!
for i in $(seq 1 300); do pid=$(pgrep -P $b -f "OrleansWorkflows.Silo.dll" | head -1); [ -n "$pid" ] && break; sleep 0.1; done
~/.dotnet/tools/dotnet-counters collect -p $pid --counters System.Runtime,Microsoft.Orleans --format csv -o alloc-$v-$t.csv --refresh-interval 1 > /dev/null 2>&1
wait
python3 - alloc-$v-$t.csv <<'PY'
import csv,sys
alloc=cpu=orch=gc0=gc1=gc2=0
for r in csv.DictReader(open(sys.argv[1])):
    n=r['Counter Name']; v=float(r['Mean/Increment'] or 0)
    if n.startswith('dotnet.gc.heap.total_allocated'): alloc+=v
    elif n.startswith('dotnet.process.cpu.time'): cpu+=v
    elif n.startswith('orleans-catalog-activation-created') and 'grain_type=orchestration' in n: orch+=v
    elif n.startswith('dotnet.gc.collections'):
        if 'gen0' in n: gc0+=v
        elif 'gen1' in n: gc1+=v
        else: gc2+=v
print(f"{sys.argv[1]}: orchestrations {orch:,.0f}; allocated {alloc/orch/1024:,.1f} KiB/orch; cpu {cpu/orch*1e6:,.0f} µs/orch; gc0 {gc0:.0f} gc1 {gc1:.0f} gc2 {gc2:.0f}")
PY

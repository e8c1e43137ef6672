#!/bin/bash
# gcp.sh <side> <tag>: hello3 --scale 10 (N=10,000 rows) in one silo; after 20 s, 15 s of counters: GC pause, allocation, CPU per orchestration
v=$1; t=$2
cd /work/bench18/s10
dotnet /work/wt/$v/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll --backend memory --workload hello3 --runs 300 --scale 10 --out gcp-$v-$t.json > gcp-$v-$t.log 2>&1 &
for i in $(seq 1 200); do pid=$(pgrep -f "OrleansWorkflows.Silo.dll" | head -1); [ -n "$pid" ] && break; sleep 0.1; done
sleep 20
t0=$(awk '{print $14+$15}' /proc/$pid/stat)
~/.dotnet/tools/dotnet-counters collect -p $pid --counters Microsoft.Orleans[orleans-catalog-activation-created],System.Runtime[dotnet.gc.pause.time,dotnet.gc.heap.total_allocated,dotnet.gc.collections] --format csv -o gcp-$v-$t.csv --refresh-interval 1 --duration 00:00:15 > /dev/null 2>&1
t1=$(awk '{print $14+$15}' /proc/$pid/stat)
pkill -9 -f OrleansWorkflows.Bench.dll; pkill -9 -f OrleansWorkflows.Silo.dll
python3 - $v $t $((t1-t0)) <<'PY'
import csv,sys
v,t,ticks=sys.argv[1],sys.argv[2],int(sys.argv[3]); orch=pause=alloc=0; gcs={}
for r in csv.DictReader(open(f'gcp-{v}-{t}.csv')):
    n=r['Counter Name']
    try: x=float(r['Mean/Increment'] or 0)
    except: continue
    if n.startswith('orleans-catalog-activation-created') and 'orchestration' in n: orch+=x
    elif n.startswith('dotnet.gc.pause.time'): pause+=x
    elif n.startswith('dotnet.gc.heap.total_allocated'): alloc+=x
    elif n.startswith('dotnet.gc.collections'): gcs[n.split('=')[-1][:4]]=gcs.get(n.split('=')[-1][:4],0)+x
print(f"{v} {t}: orch {orch:.0f} in ~15 s, cpu µs/orch {ticks*10000/orch:.0f}, gc pause µs/orch {pause/orch*1e6:.1f}, alloc B/orch {alloc/orch:.0f}, gcs {gcs}")
PY

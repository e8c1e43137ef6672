#!/bin/bash
# win.sh VARIANT TAG: hello3 N=10,000 on memory in one fresh silo, repeated; after 25 s a 15 s window of dotnet-counters
# (System.Runtime + orchestration activations) and per-thread CPU of silo and bench process; PERF=1 adds perf.
# EXTRA="K=V ..." adds environment (e.g. DOTNET_gcServer=1).
v=$1; t=$2; B=${B:-/work/main/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll}
out=${OUT:-/work/t17/win}; mkdir -p $out; cd $out
case $v in
  off)   envs=(); extra=();;
  trrec) envs=(OTEL_TRACES_EXPORTER=none Telemetry__Metrics=false); extra=(--otlp);;
  tr)    envs=(Telemetry__Metrics=false); extra=(--otlp);;
  both)  envs=(); extra=(--otlp);;
  me)    envs=(Telemetry__Traces=false); extra=(--otlp);;
esac
n=$t-$v
ORCH='Microsoft.Orleans[orleans-catalog-activation-created]'
env DOTNET_PerfMapEnabled=${PERF:-0} DOTNET_EnableWriteXorExecute=$([ -n "$PERF" ] && echo 0 || echo 1) $EXTRA ${envs[*]} dotnet $B --backend memory --workload hello3 --max-n 1000 --scale 10 --runs 300 ${extra[*]} --out $n.json > $n.log 2>&1 &
bench=$!
for i in $(seq 1 300); do pid=$(pgrep -P $bench | head -1); [ -n "$pid" ] && break; sleep 0.1; done
sleep ${WARM:-25}
python3 /work/main/docs/issue17-bench/session11/threads.py $pid 15 > $n.threads & t1=$!
python3 /work/main/docs/issue17-bench/session11/threads.py $bench 15 > $n.bench-threads & t2=$!
m0=$(head -1 /proc/stat)
[ -n "$PERF" ] && { perf record -F 499 -g -p $pid,$bench -o $n.data -- sleep 15 > /dev/null 2>&1 & t3=$!; }
~/.dotnet/tools/dotnet-counters collect -p $pid --counters "System.Runtime,$ORCH" --format csv -o $n.csv --refresh-interval 1 --duration 00:00:15 > /dev/null 2>&1
m1=$(head -1 /proc/stat)
wait $t1 $t2 $t3
kill -9 $pid $bench 2>/dev/null; wait $bench 2>/dev/null
python3 - $n.csv "$m0" "$m1" $n.threads $n.bench-threads > $n.sum <<'PY'
import csv,sys,re
s={}
for r in csv.DictReader(open(sys.argv[1])):
    n=r['Counter Name']; v=float(r['Mean/Increment'] or 0)
    key = 'orch' if n.startswith('orleans-catalog-activation-created') and 'grain_type=orchestration' in n else n.split('[')[0].split(' (')[0]
    if n.startswith('dotnet.gc.collections'): key = 'gc.' + ('gen0' if 'gen0' in n else 'gen1' if 'gen1' in n else 'gen2')
    s[key]=s.get(key,0)+v
o=max(s.get('orch',1),1)
m0=[int(x) for x in sys.argv[2].split()[1:9]]; m1=[int(x) for x in sys.argv[3].split()[1:9]]
tot=sum(m1)-sum(m0); idle=(m1[3]+m1[4])-(m0[3]+m0[4])
def tot_ms(p): return float(re.search(r'total (\d+)', open(p).read()).group(1))
silo=tot_ms(sys.argv[4]); bench=tot_ms(sys.argv[5])
print(f"orch/s {o/15:,.0f}  silo {silo/o*1000:,.0f} µs/orch  bench {bench/o*1000:,.0f} µs/orch  idle {100*idle/tot:.0f}%  "
      f"alloc {s.get('dotnet.gc.heap.total_allocated',0)/o/1024:,.1f} KiB/orch  gcpause {s.get('dotnet.gc.pause.time',0)/o*1e6:,.1f} µs/orch ({s.get('dotnet.gc.pause.time',0)/15*100:.0f}% of time)  "
      f"gc0 {s.get('gc.gen0',0)/o*1000:.1f} gc1 {s.get('gc.gen1',0)/o*1000:.2f} gc2 {s.get('gc.gen2',0)/o*1000:.2f} per 1k")
PY
echo "$n: $(cat $n.sum)"

#!/bin/bash
# prof.sh <worktree> <variant> <tag> [silo-dir]: hello3 N=10,000 on memory in one silo, many runs (variant envs as in
# split.sh). After 30 s: window A, 20 s of counters (System.Runtime and the orchestration activations only): silo CPU,
# allocation, GC pauses and counts, and the bench process's CPU (client and stand-in collector), per orchestration;
# then window B, 20 s of sampled CPU (dotnet-trace) with the activation count alone, split by method (cputool).
# Session 11 added the b2048/b4096 variants and, during window A, the real CPU per thread name of the silo and of the
# bench process (session11/threads.py: TAG-VARIANT.threads, .bench-threads; session11/summ.py sums them per orchestration).
here=$(dirname $(readlink -f $0)); wt=$1; v=$2; t=$3; silo=${4:+--silo $4/OrleansWorkflows.Silo.dll}
out=${OUT:-/work/trace4-bench/prof}; mkdir -p $out; cd $out
case $v in
  off)   envs=(); extra=();;
  rec)   envs=(OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none); extra=(--otlp);;
  trrec) envs=(OTEL_TRACES_EXPORTER=none Telemetry__Metrics=false); extra=(--otlp);;
  tr)    envs=(Telemetry__Metrics=false); extra=(--otlp);;
  merec) envs=(OTEL_METRICS_EXPORTER=none Telemetry__Traces=false); extra=(--otlp);;
  me)    envs=(Telemetry__Traces=false); extra=(--otlp);;
  both)  envs=(); extra=(--otlp);;
  b2048) envs=(OTEL_BSP_MAX_EXPORT_BATCH_SIZE=2048); extra=(--otlp);;
  b4096) envs=(OTEL_BSP_MAX_EXPORT_BATCH_SIZE=4096); extra=(--otlp);;
esac
n=$t-$v
ORCH='Microsoft.Orleans[orleans-catalog-activation-created]'
env ${envs[*]} dotnet /work/wt/$wt/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll --backend memory --workload hello3 --max-n 1000 --scale 10 --runs 300 $silo ${extra[*]} --out $n.json > $n.log 2>&1 &
bench=$!
for i in $(seq 1 300); do pid=$(pgrep -P $bench | head -1); [ -n "$pid" ] && break; sleep 0.1; done
sleep 30
echo "$(date +%T) $n silo $pid load $(cut -d' ' -f1-3 /proc/loadavg)" >> progress.log
b0=$(awk '{print $14+$15}' /proc/$bench/stat)
python3 $here/../session11/threads.py $pid 20 > $n.threads &
python3 $here/../session11/threads.py $bench 20 > $n.bench-threads &
~/.dotnet/tools/dotnet-counters collect -p $pid --counters "System.Runtime,$ORCH" --format csv -o $n.csv --refresh-interval 1 --duration 00:00:20 > /dev/null 2>&1
b1=$(awk '{print $14+$15}' /proc/$bench/stat)
~/.dotnet/tools/dotnet-counters collect -p $pid --counters "$ORCH" --format csv -o $n-b.csv --refresh-interval 1 --duration 00:00:20 > /dev/null 2>&1 &
cnt=$!
~/.dotnet/tools/dotnet-trace collect -p $pid --profile dotnet-sampled-thread-time --duration 00:00:00:20 -o $n.nettrace > $n-trace.log 2>&1
wait $cnt
echo "$(date +%T) $n end load $(cut -d' ' -f1-3 /proc/loadavg)" >> progress.log
kill -9 $pid $bench 2>/dev/null; wait $bench 2>/dev/null
python3 - $n.csv $n-b.csv $(( b1 - b0 )) > $n.sum <<'PY'
import csv,sys
def read(p):
    s={}
    for r in csv.DictReader(open(p)):
        n=r['Counter Name']; v=float(r['Mean/Increment'] or 0)
        key = 'orch' if n.startswith('orleans-catalog-activation-created') and 'grain_type=orchestration' in n else n.split('[')[0].split(' (')[0]
        if n.startswith('dotnet.gc.collections'): key = 'gc.' + ('gen0' if 'gen0' in n else 'gen1' if 'gen1' in n else 'gen2')
        s[key]=s.get(key,0)+v
    return s
s=read(sys.argv[1]); o=s.get('orch',1); b=read(sys.argv[2]).get('orch',1)
print(f"A: orch {o:,.0f} in 20 s; silo cpu {s.get('dotnet.process.cpu.time',0)/o*1e6:,.0f} µs/orch; bench process cpu {int(sys.argv[3])*1e4/o:,.0f} µs/orch; "
      f"alloc {s.get('dotnet.gc.heap.total_allocated',0)/o/1024:,.1f} KiB/orch; gc pause {s.get('dotnet.gc.pause.time',0)/o*1e6:,.1f} µs/orch; gc0 {s.get('gc.gen0',0):.0f} gc1 {s.get('gc.gen1',0):.0f} gc2 {s.get('gc.gen2',0):.0f}")
print(f"B: orch {b:.0f}")
PY
orch=$(grep -o '^B: orch [0-9]*' $n.sum | grep -o '[0-9]*$')
dotnet /work/cputool/bin/Release/net10.0/cputool.dll $n.nettrace $orch 250 > $n.txt
echo "$n: $(cat $n.sum | tr '\n' ' ') | $(head -1 $n.txt)"

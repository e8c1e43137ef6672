#!/bin/bash
# ab.sh N NAME ENV...: alternate silos: base (no extra env) and NAME (with ENV...), paired toggle each
n=$1; name=$2; shift 2
B=${B:-/work/main/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll}
for i in $(seq 1 $n); do
  for v in base $name; do
    mkdir -p $v
    if [ $v = base ]; then ex="X=1"; else ex="$*"; fi
    env $ex Telemetry__Metrics=false dotnet $B --trace-toggle --backend memory --workload hello3 --runs 6 --out $v/silo$i.json > $v/silo$i.log 2>&1
    echo "$(date +%T) $v silo$i: $(grep -cE 'traces (on|off) +ok' $v/silo$i.log) ok runs"
  done
done
for v in base $name; do echo "== $v"; dotnet $B --paired $v | tail -4; done

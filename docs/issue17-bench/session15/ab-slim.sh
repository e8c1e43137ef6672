#!/bin/bash
# ab.sh FROM TO: alternate silos of the base build (HEAD de6a09d + an env-gated experiment, env unset) and main's working tree (slim); memory --purge
cd /work/t17/s15/slim
for i in $(seq $1 $2); do
  for v in base slim; do
    mkdir -p $v
    if [ $v = base ]; then B=/work/wt/x2/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll; else B=/work/main/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll; fi
    Telemetry__Metrics=false dotnet $B --trace-toggle --backend memory --purge --workload hello3 --runs 6 --out $v/silo$i.json > $v/silo$i.log 2>&1
    echo "$(date +%T) $v silo$i: exit $? $(grep -cE 'traces (on|off) +ok' $v/silo$i.log) ok rows"
  done
done

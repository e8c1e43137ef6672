#!/bin/bash
# ab.sh FROM TO: main 89809fa, memory --purge, alternating: all spans (mem) and a 10 % ratio sampler (ratio)
cd /work/t17/s15/final
B=/work/main/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll
for i in $(seq $1 $2); do
  for v in mem ratio; do
    mkdir -p $v
    if [ $v = mem ]; then ex="X=1"; else ex="OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1"; fi
    env $ex Telemetry__Metrics=false dotnet $B --trace-toggle --backend memory --purge --workload hello3 --runs 6 --out $v/silo$i.json > $v/silo$i.log 2>&1
    echo "$(date +%T) $v silo$i: exit $? $(grep -cE 'traces (on|off) +ok' $v/silo$i.log) ok rows"
  done
done

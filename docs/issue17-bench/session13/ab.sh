#!/bin/bash
# ab.sh N: alternate silos: the SDK's batch processor (sdk) and the lean queue (lean), same experiment build, paired toggle each
cd /work/t17/p13
export B=/work/wt/exp13/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll
B2=$B
for i in $(seq 1 $1); do
  for v in sdk lean; do
    mkdir -p ab-$v
    if [ $v = lean ]; then ex="EXP_PROCESSOR=lean"; else ex="EXP_PROCESSOR=sdk"; fi
    env $ex Telemetry__Metrics=false dotnet $B --trace-toggle --backend memory --workload hello3 --runs 6 --out ab-$v/silo$i.json > ab-$v/silo$i.log 2>&1
  done
done

#!/bin/bash
# ab.sh N: alternate silos of main (base) and the x2 build with EXP_X2=1 (every span written twice); memory --purge
cd /work/t17/s15/x2
for i in $(seq 1 $1); do
  for v in base x2; do
    mkdir -p $v
    if [ $v = base ]; then B=/work/main/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll; ex="X=1"; else B=/work/wt/x2/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll; ex="EXP_X2=1"; fi
    env $ex Telemetry__Metrics=false dotnet $B --trace-toggle --backend memory --purge --workload hello3 --runs 6 --out $v/silo$i.json > $v/silo$i.log 2>&1
    echo "$(date +%T) $v silo$i: exit $? $(grep -cE 'traces (on|off) +ok' $v/silo$i.log) ok rows"
  done
done

#!/bin/bash
# rows2.sh FROM TO VARIANTS...: per round one paired (--trace-toggle) silo per variant, main's build (6bd47a9)
cd /work/t17/s15/rows
B=${B:-/work/main/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll}
from=$1; to=$2; shift 2
for i in $(seq $from $to); do
  for v in "$@"; do
    mkdir -p $v
    case $v in
      sqlite) args="--backend sqlite";;
      postgres) args="--backend postgres";;
      azure) args="--backend azure --max-n 1000";;
    esac
    Telemetry__Metrics=false dotnet $B --trace-toggle $args --workload hello3 --runs 6 --out $v/silo$i.json > $v/silo$i.log 2>&1
    echo "$(date +%T) $v silo$i: exit $? $(grep -cE 'traces (on|off) +ok' $v/silo$i.log) ok rows"
  done
done

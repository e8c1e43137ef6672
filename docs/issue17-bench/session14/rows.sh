#!/bin/bash
# rows.sh N: per round one paired (--trace-toggle) silo each: memory with --purge, sqlite, postgres
cd /work/t17/s14
B=${B:-/work/main/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll}
for i in $(seq 1 $1); do
  for v in mempurge sqlite postgres; do
    mkdir -p $v
    case $v in
      mempurge) args="--backend memory --purge";;
      sqlite) args="--backend sqlite";;
      postgres) args="--backend postgres";;
    esac
    Telemetry__Metrics=false dotnet $B --trace-toggle $args --workload hello3 --runs 6 --out $v/silo$i.json > $v/silo$i.log 2>&1
    echo "$(date +%T) $v silo$i: exit $? $(grep -cE 'traces (on|off) +ok' $v/silo$i.log) ok rows"
  done
done
for v in mempurge sqlite postgres; do echo "== $v"; dotnet $B --paired $v | tail -3; done

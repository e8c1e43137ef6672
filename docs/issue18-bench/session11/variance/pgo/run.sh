#!/bin/bash
# run.sh STOP_HHMM: hello3 on memory, one fresh silo per invocation; configs alternated
stop=$1
cd /work/bench18/s11/pgo
for pass in $(seq 1 40); do
  for cfg in fin:def fin:pgo0 before:pgo0 before:def; do
    [ $(date +%H%M) -ge $stop ] && exit 0
    side=${cfg%%:*}; mode=${cfg##*:}
    mkdir -p $side-$mode
    echo "$(date +%T) $cfg p$pass load $(cut -d' ' -f1 /proc/loadavg)" >> progress.log
    if [ $mode = pgo0 ]; then export DOTNET_TieredPGO=0; else unset DOTNET_TieredPGO; fi
    flock /work/bench.lock dotnet /work/wt/$side/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll --backend memory --workload hello3 --runs 3 --out $side-$mode/p$pass.json > $side-$mode/p$pass.log 2>&1
  done
done

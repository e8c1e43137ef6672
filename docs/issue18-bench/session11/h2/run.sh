#!/bin/bash
# run.sh STOP_HHMM: hello3 on memory, one fresh silo per invocation (--runs 3), before (18d6fa5 + tool) and cur (merged main of session 11) alternated
stop=$1
cd /work/bench18/s11/h2
mkdir -p before cur
for pass in $(seq 1 80); do
  if [ $((pass % 2)) -eq 0 ]; then order="before cur"; else order="cur before"; fi
  for s in $order; do
    [ $(date +%H%M) -ge $stop ] && exit 0
    echo "$(date +%T) $s p$pass load $(cut -d' ' -f1 /proc/loadavg)" >> progress.log
    flock /work/bench.lock dotnet /work/wt/$s/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll --backend memory --workload hello3 --runs 3 --out $s/p$pass-hello3.json > $s/p$pass-hello3.log 2>&1
  done
done

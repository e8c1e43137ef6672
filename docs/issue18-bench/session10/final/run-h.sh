#!/bin/bash
# run-h.sh STOP_HHMM: hello3 on memory, one fresh silo per invocation (--runs 3), sides alternated (before = 18d6fa5 + tool,
# fin = main at the end of session 10), until STOP_HHMM UTC.
stop=$1
cd /work/bench18/s10/final
for pass in $(seq 1 80); do
  if [ $((pass % 2)) -eq 0 ]; then order="before fin"; else order="fin before"; fi
  for s in $order; do
    [ $(date +%H%M) -ge $stop ] && exit 0
    echo "$(date +%T) $s p$pass hello3 load $(cut -d' ' -f1 /proc/loadavg)" >> progress.log
    dotnet /work/wt/$s/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll --backend memory --workload hello3 --runs 3 --out p$pass-$s-hello3.json > p$pass-$s-hello3.log 2>&1
  done
done

#!/bin/bash
# hello3 N=10,000 on memory, one fresh silo per run, sides alternated, until 19:37 UTC
cd /work/bench18/s9
for pass in $(seq 1 60); do
  [ -f stop ] && break
  if [ $((pass % 2)) -eq 0 ]; then order="before after"; else order="after before"; fi
  for s in $order; do
    [ $(date +%H%M) -ge 1937 ] && touch stop && break
    echo "$(date +%T) $s p$pass hello3 load $(cut -d' ' -f1 /proc/loadavg)" >> progress.log
    dotnet /work/wt/$s/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll --backend memory --workload hello3 --runs 1 --out p$pass-$s-hello3.json > p$pass-$s-hello3.log 2>&1
  done
done
echo "$(date +%T) done" >> progress.log

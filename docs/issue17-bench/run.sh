#!/bin/bash
# hello3 on memory, one fresh silo per invocation, tracing off and on (--otlp) alternated, until the stop time ($1, HHMM)
cd /work/bench17
mkdir -p off on
for pass in $(seq 1 60); do
  [ -f stop ] && break
  if [ $((pass % 2)) -eq 0 ]; then order="off on"; else order="on off"; fi
  for s in $order; do
    [ $(date +%H%M) -ge $1 ] && touch stop && break
    extra=""; [ $s = on ] && extra="--otlp"
    echo "$(date +%T) $s p$pass load $(cut -d' ' -f1 /proc/loadavg)" >> progress.log
    dotnet /work/main/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll --backend memory --workload hello3 --runs 1 $extra --out $s/p$pass-$s-hello3.json > $s/p$pass-$s-hello3.log 2>&1
  done
done
echo "$(date +%T) done" >> progress.log

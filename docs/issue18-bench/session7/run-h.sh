#!/bin/bash
cd /work/bench18/s7
perms=("before after nonre" "nonre after before" "after nonre before" "before nonre after" "nonre before after" "after before nonre")
for pass in $(seq 10 40); do
  [ -f stop ] && break
  for s in ${perms[$((pass % 6))]}; do
    [ $(date +%H%M) -ge 1344 ] && touch stop && break
    echo "$(date +%T) $s p$pass hello3" >> progress.log
    dotnet /work/wt/$s/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll --backend memory --workload hello3 --runs 1 --out p$pass-$s-hello3.json > p$pass-$s-hello3.log 2>&1
  done
done
echo "$(date +%T) done" >> progress.log

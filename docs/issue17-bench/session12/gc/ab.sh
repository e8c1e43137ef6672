#!/bin/bash
# ab.sh ROUNDS: hello3 on memory, one fresh silo per invocation, workstation GC (DOTNET_gcServer=0) against the silo's
# own setting (server GC since session 12), alternated, each invocation inside the bench lock.
B=/work/main/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll
for r in $(seq 1 $1); do
  order="ws sg"; [ $((r % 2)) -eq 0 ] && order="sg ws"
  for v in $order; do
    case $v in ws) envs=(DOTNET_gcServer=0);; sg) envs=();; esac
    mkdir -p $v
    flock /work/bench.lock bash -c "echo \"\$(date +%T) $v r$r load \$(cut -d' ' -f1-3 /proc/loadavg)\" >> progress.log; env ${envs[*]} dotnet $B --backend memory --workload hello3 --runs 1 --out $v/r$r-$v-hello3.json > $v/r$r-$v-hello3.log 2>&1"
  done
done
echo "$(date +%T) done" >> progress.log

#!/bin/bash
B=/work/wt/exp2/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll
for r in $(seq 1 $1); do
  set -- ${VARS:-off tr nows}; k=$(( (r - 1) % $# )); order="${@:k+1} ${@:1:k}"
  for v in $order; do
    case $v in off) envs=(); extra=();; tr) envs=(Telemetry__Metrics=false); extra=(--otlp);; nows) envs=(Telemetry__Metrics=false EXP_NO_WORKER_SPAN=1); extra=(--otlp);; ecr) envs=(Telemetry__Metrics=false EXP_EC_RESTORE=1); extra=(--otlp);; nohist) envs=(Telemetry__Metrics=false EXP_NO_HISTORY_SPANS=1); extra=(--otlp);; esac
    mkdir -p ${OUTP:-.}/$v; flock /work/bench.lock env ${envs[*]} dotnet $B --backend memory --workload hello3 --runs 1 ${extra[*]} --out ${OUTP:-.}/$v/r$r.json > ${OUTP:-.}/$v/r$r.log 2>&1
  done
done

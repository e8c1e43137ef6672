#!/bin/bash
B=/work/main/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll
for r in ${ROUNDS:-1 2 3}; do for v in ${VARIANTS:-off tr}; do
  case $v in off) envs=(); extra=();; tr) envs=(Telemetry__Metrics=false); extra=(--otlp);; trrec) envs=(OTEL_TRACES_EXPORTER=none Telemetry__Metrics=false); extra=(--otlp);; troff) envs=(OTEL_TRACES_EXPORTER=none OTEL_TRACES_SAMPLER=always_off Telemetry__Metrics=false); extra=(--otlp);; esac
  mkdir -p $v; flock /work/bench.lock env ${envs[*]} dotnet $B --backend memory --workload hello3 --runs 6 ${extra[*]} --out $v/r$r.json > $v/r$r.log 2>&1
done; done

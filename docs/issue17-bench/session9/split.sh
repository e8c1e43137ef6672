#!/bin/bash
# Splits the cost of tracing by variant: split.sh DIR ROUNDS [variants...]. One fresh silo (bench invocation) per
# variant per round, variants alternated (order rotated each round), each invocation inside flock /work/bench.lock.
# off     no telemetry at all
# rec     spans and metrics recorded by the OpenTelemetry SDK (listeners on), nothing exported
# trrec   spans recorded, not exported; metrics not recorded
# tr      spans exported over OTLP; metrics not recorded
# me      metrics exported over OTLP; spans not recorded
# both    spans and metrics exported (what --otlp alone does: batches of 512, the SDK's default)
# b4096   both, in batches of 4,096 spans (session 8's setting)
# b512    both, in the SDK's batches of 512 spans (session 11: src/Silo's own default became 2,048)
dir=$1; rounds=$2; shift 2
variants=${*:-off rec trrec tr me both}
BENCH=${BENCH:-/work/wt/trace3/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll} # session 10: BENCH= the build to measure
mkdir -p $dir; cd $dir
for r in $(seq 1 $rounds); do
  set -- $variants; n=$#; k=$(( (r - 1) % n ))
  order="${@:k+1} ${@:1:k}"
  for v in $order; do
    [ -f stop ] && exit 0
    mkdir -p $v
    case $v in
      off)   envs=(); extra=();;
      rec)   envs=(OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none); extra=(--otlp);;
      trrec) envs=(OTEL_TRACES_EXPORTER=none Telemetry__Metrics=false); extra=(--otlp);;
      tr)    envs=(Telemetry__Metrics=false); extra=(--otlp);;
      me)    envs=(Telemetry__Traces=false); extra=(--otlp);;
      both)  envs=(); extra=(--otlp);;
      b4096) envs=(OTEL_BSP_MAX_EXPORT_BATCH_SIZE=4096); extra=(--otlp);;
      b512)  envs=(OTEL_BSP_MAX_EXPORT_BATCH_SIZE=512); extra=(--otlp);;
    esac
    flock /work/bench.lock bash -c "echo \"\$(date +%T) $v r$r load \$(cut -d' ' -f1-3 /proc/loadavg)\" >> progress.log; env ${envs[*]} dotnet $BENCH --backend memory --workload hello3 --runs 1 ${extra[*]} --out $v/r$r-$v-hello3.json > $v/r$r-$v-hello3.log 2>&1; echo \"\$(date +%T) end load \$(cut -d' ' -f1-3 /proc/loadavg)\" >> progress.log"
  done
done
echo "$(date +%T) done" >> progress.log

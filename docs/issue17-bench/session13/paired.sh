#!/bin/bash
# paired.sh DIR SILOS [extra bench args]: one --trace-toggle invocation (one fresh silo) per file
dir=$1; n=$2; shift 2
mkdir -p "$dir"
B=${B:-/work/main/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll}
for i in $(seq 1 $n); do
  Telemetry__Metrics=false dotnet $B --trace-toggle --backend memory --workload hello3 --runs 6 --out "$dir/silo$i.json" "$@" > "$dir/silo$i.log" 2>&1
  grep -E "traces (on|off) +ok|failed" "$dir/silo$i.log" | tail -4
done
dotnet $B --paired "$dir"

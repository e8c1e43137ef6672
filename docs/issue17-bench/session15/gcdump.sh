#!/bin/bash
# gcdump.sh NAME [--otlp]: hello3 on memory (no purge: completed activations stay), gcdump of the silo after 25 s
v=$1; shift
B=${B:-/work/main/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll}
cd /work/t17/s15/gc
Telemetry__Metrics=false dotnet $B "$@" --backend memory --workload hello3 --runs 300 --out gc-$v.json > gc-$v.log 2>&1 &
b=$!
for i in $(seq 1 300); do pid=$(pgrep -f "OrleansWorkflows.Silo.dll" | head -1); [ -n "$pid" ] && break; sleep 0.1; done
sleep 25
~/.dotnet/tools/dotnet-gcdump collect -p $pid -o gc-$v.gcdump > /dev/null 2>&1
~/.dotnet/tools/dotnet-gcdump report gc-$v.gcdump > gc-$v.txt 2>&1
kill -9 $pid $b
head -3 gc-$v.txt

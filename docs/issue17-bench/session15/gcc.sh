#!/bin/bash
# gcc.sh NAME [--otlp]: one silo, hello3 memory --purge, dotnet-counters 30 s in steady state
name=$1; shift
B=${B:-/work/main/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll}
Telemetry__Metrics=false dotnet $B "$@" --purge --backend memory --workload hello3 --runs 40 --out $name.json > $name.log 2>&1 &
bp=$!
for i in $(seq 1 60); do sleep 1; sp=$(pgrep -f OrleansWorkflows.Silo.dll | head -1); [ -n "$sp" ] && break; done
sleep 25
~/.dotnet/tools/dotnet-counters collect -p $sp --counters 'System.Runtime[dotnet.gc.collections,dotnet.gc.heap.total_allocated,dotnet.gc.pause.time,dotnet.process.cpu.time,dotnet.gc.last_collection.heap.size],OrleansWorkflows[orleansworkflows.instances.ended]' --refresh-interval 10 --format csv -o $name.csv --duration 00:00:30 > /dev/null 2>&1
wait $bp
grep -E "N=10,000 " $name.log | tail -1

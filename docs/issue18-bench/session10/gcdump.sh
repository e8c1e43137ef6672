#!/bin/bash
# gcdump.sh <side>: hello3 on memory, then a gcdump of the bench's own silo with every completed activation still alive
v=$1
cd /work/bench18/s10/gc
dotnet /work/wt/$v/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll --backend memory --workload hello3 --runs 300 --out gc-$v.json > gc-$v.log 2>&1 &
b=$!
for i in $(seq 1 300); do pid=$(pgrep -P $b -f "OrleansWorkflows.Silo.dll" | head -1); [ -n "$pid" ] && break; sleep 0.1; done
sleep 25
~/.dotnet/tools/dotnet-gcdump collect -p $pid -o gc-$v.gcdump > /dev/null 2>&1
~/.dotnet/tools/dotnet-gcdump report gc-$v.gcdump > gc-$v.txt 2>&1
kill -9 $pid $b
head -3 gc-$v.txt

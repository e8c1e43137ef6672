#!/bin/bash
# trace.sh <side>: hello3 on memory; 20 s of allocation sampling (gc-verbose) + counters in the same window
v=$1
cd /work/bench18/s9
dotnet /work/wt/$v/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll --backend memory --workload hello3 --runs 300 --out tr-$v.json > tr-$v.log 2>&1 &
for i in $(seq 1 200); do pid=$(pgrep -f "OrleansWorkflows.Silo.dll" | head -1); [ -n "$pid" ] && break; sleep 0.1; done
sleep 15
~/.dotnet/tools/dotnet-counters collect -p $pid --counters Microsoft.Orleans --format csv -o tr-$v.csv --refresh-interval 1 --duration 00:00:20 > /dev/null 2>&1 &
~/.dotnet/tools/dotnet-trace collect -p $pid --profile gc-verbose --duration 00:00:00:20 -o tr-$v.nettrace > tr-$v-trace.log 2>&1
wait $!
sleep 2
pkill -9 -f OrleansWorkflows.Bench.dll; pkill -9 -f OrleansWorkflows.Silo.dll
orch=$(python3 -c "
import csv
print(sum(float(r['Mean/Increment'] or 0) for r in csv.DictReader(open('tr-$v.csv')) if r['Counter Name'].startswith('orleans-catalog-activation-created') and 'grain_type=orchestration' in r['Counter Name']))")
dotnet /work/alloctool/bin/Release/net10.0/alloctool.dll tr-$v.nettrace $orch 200 > tr-$v.types
echo "$v: $orch orchestrations"; head -1 tr-$v.types

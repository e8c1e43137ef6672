#!/bin/bash
# cpuprof.sh <side>: hello3 on memory in one silo, many runs; 20 s of CPU sampling + the orchestrations created in the same window
v=$1
cd /work/bench18/s10
dotnet /work/wt/$v/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll --backend memory --workload hello3 --runs 300 --scale 10 --out cp10-$v.json > cp10-$v.log 2>&1 &
for i in $(seq 1 200); do pid=$(pgrep -f "OrleansWorkflows.Silo.dll" | head -1); [ -n "$pid" ] && break; sleep 0.1; done
sleep 20
~/.dotnet/tools/dotnet-counters collect -p $pid --counters Microsoft.Orleans,System.Runtime --format csv -o cp10-$v.csv --refresh-interval 1 --duration 00:00:20 > /dev/null 2>&1 &
~/.dotnet/tools/dotnet-trace collect -p $pid --profile dotnet-sampled-thread-time --duration 00:00:00:20 -o cp10-$v.nettrace > cp10-$v-trace.log 2>&1
wait $!
sleep 2
pkill -9 -f OrleansWorkflows.Bench.dll; pkill -9 -f OrleansWorkflows.Silo.dll
orch=$(python3 -c "
import csv
print(sum(float(r['Mean/Increment'] or 0) for r in csv.DictReader(open('cp10-$v.csv')) if r['Counter Name'].startswith('orleans-catalog-activation-created') and 'grain_type=orchestration' in r['Counter Name']))")
echo "$v: $orch orchestrations"
dotnet /work/cputool/bin/Release/net10.0/cputool.dll cp10-$v.nettrace $orch 150 > cp10-$v.txt
head -1 cp10-$v.txt

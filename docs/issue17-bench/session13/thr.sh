#!/bin/bash
# thr.sh DIR: one silo under --otlp hello3 load; per-thread CPU windows with traces off/on (file toggled by hand)
dir=$1; mkdir -p $dir; cd $dir
echo '{"Telemetry":{"Traces":false}}' > toggle.json
B=${B:-/work/main/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll}
env SettingsFile=$dir/toggle.json Telemetry__Metrics=false $EXTRA \
  dotnet $B --otlp --backend memory --workload hello3 --max-n 1000 --scale 10 --runs 300 --settle 0 --out $dir/bench.json > bench.log 2>&1 &
bench=$!
for i in $(seq 1 300); do sp=$(pgrep -P $bench | head -1); [ -n "$sp" ] && break; sleep 0.1; done
sleep 25
for w in ${WINDOWS:-off1 on1 off2 on2 off3 on3}; do
  case $w in on*) echo '{"Telemetry":{"Traces":true}}' > toggle.json.n;; *) echo '{"Telemetry":{"Traces":false}}' > toggle.json.n;; esac
  mv toggle.json.n toggle.json; sleep 3
  python3 /work/main/docs/issue17-bench/session11/threads.py $sp 12 > $w.threads
  echo "$w $(head -1 $w.threads)"
done
kill -9 $sp $bench 2>/dev/null

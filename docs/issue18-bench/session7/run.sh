#!/bin/bash
# issue 18, session 7: many fresh silos per side, alternating; one settled figure per silo (--runs 1 after settling)
B=/work/wt/before/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll
A=/work/wt/after/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll
cd /work/bench18/s7
one() { # side pass name backend workload scale
  local dll=$B; [ "$1" = after ] && dll=$A
  echo "$(date +%T) $1 p$2 $3" >> progress.log
  dotnet $dll --backend $4 --workload $5 --scale $6 --runs 1 --out p$2-$1-$3.json > p$2-$1-$3.log 2>&1
}
side() { # side pass
  one $1 $2 events all events 10
  one $1 $2 hello3 memory hello3 1
  one $1 $2 fanout-sqlite sqlite fanout 1
  one $1 $2 fanout-pg postgres fanout 1
  one $1 $2 sequential memory sequential 3
  one $1 $2 entity sqlite entity 1
}
for pass in $(seq 1 12); do
  [ -f stop ] && break
  if [ $((pass % 2)) = 1 ]; then side before $pass; side after $pass; else side after $pass; side before $pass; fi
done
echo "$(date +%T) done" >> progress.log

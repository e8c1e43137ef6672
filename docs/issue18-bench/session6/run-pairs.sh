#!/bin/bash
# final alternating before/after pairs for issue 18: before = 18d6fa5 + bench tool (1a1acbe), after = main df7dd1c
B=/work/wt/before/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll
A=/work/wt/after/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll
run() { # ver pass workload runs
  local dll=$B; [ "$1" = after ] && dll=$A
  echo "$(date +%T) $1 p$2 $3" >> progress.log
  dotnet $dll --backend all --workload $3 --runs $4 --out p$2-$1-$3.json > p$2-$1-$3.log 2>&1
}
for pass in 1 2; do
  for w in cities5 events entity sequential fanout hello3-single; do
    if [ $pass = 1 ]; then run before $pass $w 6; run after $pass $w 6; else run after $pass $w 6; run before $pass $w 6; fi
  done
done
run after 3 hello3 3; run before 3 hello3 3
echo "$(date +%T) done" >> progress.log

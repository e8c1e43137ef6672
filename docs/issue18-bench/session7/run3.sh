#!/bin/bash
# issue 18, session 7: three sides (before = 18d6fa5 code, after = main, nonre = main without [Reentrant]),
# many fresh silos per side, order rotated over all 6 permutations; one settled figure per silo
cd /work/bench18/s7
one() { # side pass name backend workload scale
  local dll=/work/wt/$1/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll
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
  one $1 $2 entity-mem memory entity 1
}
perms=("before after nonre" "nonre after before" "after nonre before" "before nonre after" "nonre before after" "after before nonre")
for pass in $(seq $1 $2); do
  [ -f stop ] && break
  for s in ${perms[$((pass % 6))]}; do side $s $pass; done
done
echo "$(date +%T) done" >> progress.log

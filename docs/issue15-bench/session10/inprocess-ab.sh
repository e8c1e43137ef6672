#!/bin/bash
# The in-process path not slower: BEFORE and AFTER are two built trees (dotnet build -c Release src/Bench in each; BEFORE
# at the main this branch was merged onto, AFTER the merge). hello3 x1,000 and sequential 100 on memory and SQLite, one
# fresh silo per invocation, the two sides alternated, PASSES passes (default 12); then --compare prints each side's
# median over its silos, the change with its 90 % interval and the verdict against 5 %. OUT (default
# docs/issue15-bench/session10/ab, relative to the current directory) is where the results go: give a new folder for a
# new sitting, since --compare reads every file of both sides' folders.
set -e
: "${BEFORE:?path of the built tree before}" "${AFTER:?path of the built tree after}"
passes=${PASSES:-12}
out=$(realpath -m "${OUT:-docs/issue15-bench/session10/ab}")
mkdir -p $out/before $out/after
uptime > $out/load-before.txt
for pass in $(seq 1 $passes); do
  if [ $((pass % 2)) -eq 0 ]; then order="before after"; else order="after before"; fi
  for side in $order; do
    tree=$([ $side = before ] && echo $BEFORE || echo $AFTER)
    flock /work/bench.lock dotnet $tree/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll --backend memory,sqlite \
      --workload hello3,sequential --max-n 1000 --runs 1 --out $out/$side/p$pass.json > $out/$side/p$pass.log 2>&1
  done
done
uptime > $out/load-after.txt
dotnet $AFTER/src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll --compare $out/before,$out/after

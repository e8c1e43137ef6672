#!/bin/bash
# Issue 15's bench rows in one sitting, for a quiet machine: hello3 x1,000 and sequential 100, in-process and over gRPC
# (the SDK worker of src/Bench.Sdk as a remote process, the gateway embedding the silo) on memory and SQLite, and the same
# SDK workloads on InProcessTestHost. Run from the root of the built tree (dotnet build -c Release src/Bench).
# InProcessTestHost's hello3 x1,000 ran at about 1 orch/s in session 9, so it gets one run (about 15-20 minutes).
set -e
B=src/Bench/bin/Release/net10.0/OrleansWorkflows.Bench.dll
out=docs/issue15-bench/session10
uptime > $out/load-before.txt
flock /work/bench.lock dotnet $B --backend memory,sqlite --transport both --workload hello3,sequential --max-n 1000 --runs 3 --out $out/grpc.json
flock /work/bench.lock dotnet $B --backend testhost --workload sequential --runs 3 --out $out/testhost-sequential.json
flock /work/bench.lock dotnet $B --backend testhost --workload hello3 --max-n 1000 --runs 1 --settle 0 --out $out/testhost-hello3.json
uptime > $out/load-after.txt
dotnet $B --render $out/grpc.json,$out/testhost-sequential.json,$out/testhost-hello3.json

#!/bin/bash
# session 11: session 10's prof.sh (with its b2048/b4096 variants and per-thread CPU). [WT=worktree] [OUT=dir] runprof.sh TAG SILODIR variants... (SILODIR "" = the worktree's silo): one prof.sh per variant, each inside the bench lock
t=$1; silo=$2; shift 2
for v in "$@"; do flock /work/bench.lock env OUT=${OUT:-/work/trace5-bench/prof} $(dirname $0)/../session10/prof.sh ${WT:-trace5} $v $t $silo; done

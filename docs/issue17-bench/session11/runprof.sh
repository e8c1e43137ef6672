#!/bin/bash
# [WT=worktree] runprof.sh TAG SILODIR variants... (SILODIR "" = the worktree's silo): one prof.sh per variant, each inside the bench lock
t=$1; silo=$2; shift 2
for v in "$@"; do flock /work/bench.lock $(dirname $0)/prof.sh ${WT:-trace5} $v $t $silo; done

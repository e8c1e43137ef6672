#!/usr/bin/env python3
"""threads.py PID SECONDS: CPU time (user+system) each thread of PID used over SECONDS, summed by thread name
(/proc/PID/task/*/comm: .NET names its threads, e.g. '.NET TP Worker', 'OpenTelemetry-B' for the span exporter),
in ms. Unlike a sampled thread-time profile, a thread that waits costs nothing here."""
import os, sys, time
pid, secs = sys.argv[1], float(sys.argv[2])
tick = os.sysconf('SC_CLK_TCK')
def snap():
    s = {}
    for tid in os.listdir(f'/proc/{pid}/task'):
        try:
            comm = open(f'/proc/{pid}/task/{tid}/comm').read().strip()
            f = open(f'/proc/{pid}/task/{tid}/stat').read().rsplit(')', 1)[1].split()
            s[tid] = (comm, int(f[11]) + int(f[12]))
        except OSError:
            pass
    return s
a = snap(); time.sleep(secs); b = snap()
by = {}
for tid, (comm, t) in b.items():
    d = t - a.get(tid, (comm, 0))[1]
    by[comm] = by.get(comm, 0) + d
total = sum(by.values())
print(f"total {total * 1000 / tick:.0f} ms over {secs:.0f} s")
for comm, d in sorted(by.items(), key=lambda kv: -kv[1]):
    if d: print(f"{d * 1000 / tick:8.0f} ms  {comm}")

import csv,sys,collections
for n in sys.argv[1:]:
    rows=list(csv.reader(open(n)))[1:]
    by=collections.defaultdict(dict)
    for r in rows: by[r[0]][r[2]]=float(r[4])
    tot=collections.Counter()
    for t,d in by.items():
        if not any('instances.ended' in k for k in d): continue
        if not any('total_allocated' in k for k in d): continue
        for k,v in d.items():
            if r'Rate' and ('/ 10 sec' in k): tot[k]+=v
    orch=sum(v for k,v in tot.items() if 'instances.ended' in k)
    print(n, 'orch', orch)
    for k,v in sorted(tot.items()):
        if 'instances' in k: continue
        print(f"  {k[:80]:80s} per 1000 orch: {1000*v/orch:12.3f}")

import re,collections,sys
def load(f):
    d=collections.defaultdict(float); grains=0
    for l in open(f):
        m=re.match(r'\s+([\d,]+)\s+([\d,]+)\s+(.*?)\s+\[',l)
        if not m: continue
        b=int(m.group(1).replace(',','')); c=int(m.group(2).replace(',','')); n=m.group(3)
        n=re.sub(r'\(Bytes > .*?\)','',n).strip()
        d[n]+=b*c if c>0 else b
        if n in ('OrleansWorkflows.Engine.OrchestrationGrain','OrleansWorkflows.Engine.OrchestrationInstance'): grains=c
    return d,grains
A,ga=load(sys.argv[2]); B,gb=load(sys.argv[1])
print('grains',gb,ga, 'heap/grain %.0f -> %.0f' % (sum(B.values())/gb, sum(A.values())/ga))
def norm(n): return re.sub(r'd__\d+','d__N',re.sub(r'DisplayClass\d+_\d+','DisplayClassN',n))
AA=collections.defaultdict(float);BB=collections.defaultdict(float)
for n,v in A.items(): AA[norm(n)]+=v/ga
for n,v in B.items(): BB[norm(n)]+=v/gb
rows=sorted(set(AA)|set(BB),key=lambda n:-(AA.get(n,0)-BB.get(n,0)))
k=int(sys.argv[3]) if len(sys.argv)>3 else 30
for n in rows[:k]: print(f"{BB.get(n,0):7.0f} {AA.get(n,0):7.0f} {AA.get(n,0)-BB.get(n,0):+7.0f} {n[:140]}")

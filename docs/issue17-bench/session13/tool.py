import json,sys,glob,statistics as st
for d in sys.argv[1:]:
  rows=[]
  for f in sorted(glob.glob(d+'/*.json')):
    r=json.load(open(f))
    v={x['variant']:x for x in r['rows'] if x['n']>=10000 and x['status']=='ok'}
    off=v.get('N=10,000 traces off'); on=v.get('N=10,000 traces on')
    if not off or not on or 'tool_cpu_ms' not in off['runMetrics'][0]: continue
    t=lambda row:st.median([m['tool_cpu_ms']*1000/10000 for m in row['runMetrics']])
    s=lambda row:st.median([m['silo_cpu_us_per_item'] for m in row['runMetrics']])
    rows.append((s(off),s(on),t(off),t(on)))
  if rows: print(d.split('/')[-1],'silos',len(rows),'silo us/orch off->on %.0f->%.0f'%(st.median([r[0] for r in rows]),st.median([r[1] for r in rows])),'tool us/orch off->on %.0f->%.0f'%(st.median([r[2] for r in rows]),st.median([r[3] for r in rows])), 'tool delta', [round(r[3]-r[2]) for r in rows], 'silo delta', [round(r[1]-r[0]) for r in rows])

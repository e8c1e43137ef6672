import json,sys,glob,statistics as st
for d in sys.argv[1:]:
  chg=[];dc=[]
  for f in sorted(glob.glob(d+'/*.json')):
    r=json.load(open(f))
    rows={x['variant']:x for x in r['rows'] if x['n']>=10000 and x['status']=='ok'}
    off=rows.get('N=10,000 traces off'); on=rows.get('N=10,000 traces on')
    if not off or not on: continue
    fo=[m['orch_per_s'] for m in off['runMetrics']]; fn=[m['orch_per_s'] for m in on['runMetrics']]
    co=[m['silo_cpu_us_per_item'] for m in off['runMetrics']]; cn=[m['silo_cpu_us_per_item'] for m in on['runMetrics']]
    c=(st.median(fn)/st.median(fo)-1)*100; chg.append(c); dc.append(st.median(cn)-st.median(co))
    if '-v' in sys.argv: print(f.split('/')[-1], 'off', [round(x) for x in fo], 'on', [round(x) for x in fn], 'chg %.1f%%'%c, 'cpu %d->%d'%(st.median(co),st.median(cn)))
  if chg: print(d.split('/')[-1], 'silos',len(chg),'cost median %.1f%%'%st.median(chg), 'per silo',[round(x,1) for x in chg], 'cpu delta median %.0f us'%st.median(dc), [round(x) for x in dc])

# `python3 to-json.py --inputs BENCH_CSV` writes the series generate.R reads (<name>.csv from the
# shared cases, bench<k>.csv = series k of the bench workload a CSV); after `Rscript generate.R`,
# `python3 to-json.py` turns its out_<id>.csv files into JSON cases in the format of
# test/reference/README.md. Run both in this folder.

import json, csv
base='../../../test/reference/surveillance/'
srcs={'salmAllOnset':('farringtonFlexible_default__salmAllOnset__observed1.json','salmAllOnset','observed1'),'mitt':('farringtonFlexible_default__ha.sts__mitt.json','ha.sts','mitt'),'Bavaria':('farringtonFlexible_default__salmNewport__Bavaria.json','salmNewport','Bavaria'),'hosp':('farringtonFlexible_populationOffset__salmHospitalized__Yes.json','salmHospitalized','Yes')}
FF={'b':5,'w':3,'reweight':True,'weightsThreshold':2.58,'verbose':False,'glmWarnings':False,'alpha':0.05,'trend':True,'pThresholdTrend':0.05,'limit54':[5,4],'powertrans':'2/3','fitFun':'algo.farrington.fitGLM.flexible','populationOffset':False,'noPeriods':1,'pastWeeksNotIncluded':None,'thresholdMethod':'delta'}
FA={'b':5,'w':3,'reweight':True,'verbose':False,'plot':False,'alpha':0.05,'trend':True,'limit54':[5,4],'powertrans':'2/3','fitFun':'algo.farrington.fitGLM.fast'}
cases=[
 ('ff_daily_date','daily',(2140,2200),{}),
 ('fa_daily_date','daily',(2140,2200),{}),
 ('ff_daily_index_nb','dailyidx',(2140,2200),{'thresholdMethod':'nbPlugin'}),
 ('ff_monthly_date','monthly',(100,130),{'w':2}),
 ('fa_monthly_date','monthly',(100,130),{'w':2}),
 ('fa_popoffset','hosp',(450,530),{'fitFun':'algo.farrington.fitGLM.populationOffset'}),
 ('fa_glm_b4','Bavaria',(300,528),{'fitFun':'algo.farrington.fitGLM','b':4}),
 ('ff_bench_muan','bench2',(264,315),{'thresholdMethod':'muan'}),
 ('ff_bench_noPeriods10','bench7',(264,315),{'noPeriods':10,'pastWeeksNotIncluded':26}),
 ('ff_bench_none_a01','bench2',(264,315),{'powertrans':'none','alpha':0.01}),
 ('fa_bench_default','bench7',(264,315),{}),
 ('fa_bench_b3w2_none','bench2',(264,315),{'b':3,'w':2,'powertrans':'none'}),
 ('ff_muan','salmAllOnset',(700,778),{'thresholdMethod':'muan'}),
 ('ff_noPeriods10_pwni26','salmAllOnset',(700,778),{'noPeriods':10,'pastWeeksNotIncluded':26}),
 ('ff_noPeriods10_pwni26_index','mitt',(270,290),{'noPeriods':10,'pastWeeksNotIncluded':26}),
 ('ff_sqrt_a01_noreweight','Bavaria',(450,528),{'powertrans':'1/2','alpha':0.01,'reweight':False}),
 ('ff_none_notrend_b3w2','mitt',(200,290),{'powertrans':'none','trend':False,'b':3,'w':2}),
 ('ff_popoffset_nbPlugin','hosp',(450,530),{'populationOffset':True,'thresholdMethod':'nbPlugin'}),
 ('ff_pwni1_limit54_3_2','Bavaria',(450,528),{'pastWeeksNotIncluded':1,'limit54':[3,2],'weightsThreshold':1}),
 ('fa_none_noreweight_a01','salmAllOnset',(700,778),{'powertrans':'none','reweight':False,'alpha':0.01}),
 ('fa_b5w2_sqrt_index','mitt',(265,290),{'b':5,'w':2,'powertrans':'1/2'}),
 ('fa_b2_notrend_date','Bavaria',(120,528),{'b':2,'w':1}),
]
import sys
if len(sys.argv) > 2 and sys.argv[1] == '--inputs':
    for name, (f, _, _) in srcs.items():
        d = json.load(open(base + f))
        with open(name + '.csv', 'w') as o:
            o.write('observed,population,date\n')
            for i, v in enumerate(d['observed']):
                pop = d['population'][i] if d.get('population') else 'NA'
                dt = d['dates'][i] if d.get('dates') else 'NA'
                o.write(f"{'NA' if v is None else v},{pop},{dt}\n")
    bench = list(csv.DictReader(open(sys.argv[2])))
    for sid in ('2', '7'):
        with open(f'bench{sid}.csv', 'w') as o:
            o.write('observed,population,date\n')
            for r in bench:
                if r['series_id'] == sid:
                    o.write(f"{r['count']},NA,NA\n")
    sys.exit(0)

def rv(v):
    v = v.strip()
    if v == 'NA': return None
    if v == 'TRUE': return True
    if v == 'FALSE': return False
    return float(v)
def rlit(v):
    if v is None: return 'NULL'
    if v is True: return 'TRUE'
    if v is False: return 'FALSE'
    if isinstance(v, list): return 'c(' + ', '.join(str(x) for x in v) + ')'
    if isinstance(v, str): return '"' + v + '"'
    return str(v)
for cid, src, rng, over in cases:
    freq = 365 if src.startswith('daily') else 12 if src == 'monthly' else 52
    if src in ('daily', 'dailyidx', 'monthly'):
        # seeded synthetic series written by generate.R itself
        rows_in = list(csv.DictReader(open(src + '.csv')))
        dates = None if src == 'dailyidx' else [r['date'] for r in rows_in]
        d = {'start': dates[0] if dates else [2001, 1], 'epochAsDate': dates is not None, 'dates': dates,
             'observed': [int(r['observed']) for r in rows_in], 'population': None}
        ds, unit = 'synthetic', src
    elif src.startswith('bench'):
        obs = [int(r['observed']) for r in csv.DictReader(open(src + '.csv'))]
        d = {'start': [2001, 1], 'epochAsDate': False, 'dates': None, 'observed': obs, 'population': None}
        ds, unit = 'bench_a_farringtonFlexible_weekly', 'series' + src[5:]
    else:
        f, ds, unit = srcs[src]
        d = json.load(open(base + f))
    ff = cid.startswith('ff')
    params = dict(FF if ff else FA); params.update(over)
    if ff and params['pastWeeksNotIncluded'] is None: params['pastWeeksNotIncluded'] = params['w']
    fn = 'farringtonFlexible' if ff else 'farrington'
    rows = list(csv.DictReader(open(f'out_{cid}.csv')))
    exp = {k: [rv(r[k]) for r in rows] for k in rows[0].keys()}
    if ff: exp['trend'] = [None if v is None else bool(v) for v in exp['trend']]
    assert len(rows) == rng[1] - rng[0] + 1
    args = [f'range = {rng[0]}:{rng[1]}'] + [f'{k} = {rlit(v)}' for k, v in over.items()] + (['glmWarnings = FALSE'] if ff else [])
    call = f"{fn}(sts, control = list({', '.join(args)}))"
    out = {'id': f'{fn}_{cid}__{ds}__{unit}', 'algorithm': fn, 'r_call': call, 'params': params, 'dataset': ds, 'unit': unit,
           'frequency': freq, 'start': d['start'], 'epochAsDate': d['epochAsDate'], 'dates': d.get('dates'),
           'observed': d['observed'], 'population': d.get('population'), 'range': list(rng), 'expected': exp}
    json.dump(out, open(f"./{out['id']}.json", 'w'))
    print(out['id'], len(rows))

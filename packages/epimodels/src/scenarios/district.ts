/**
 * "What if" scenarios of a district's commander (docs/stock.md, Scenarios): builds a model from the district's inputs
 * (the server's GET /api/stock/scenario-inputs), runs it, and nets the projected need of each item against
 * stock on hand and incoming, per item and per site. Pure functions (the web worker runs them, tests check them).
 *
 * - Model: SEIR (the district as one well-mixed patch; the metapopulation model with one patch and no links is
 *   exactly the SEIR model, docs/epimodels.md §6) or the township metapopulation: townships as patches, commuting
 *   between bordering townships (3 % of residents a day, a third of the day) and to the port township (2 %), the
 *   neighbouring districts as patches joined by their registered daily flows (road and rail as passengers, river
 *   as shipping through the port township).
 * - Start: recent cases (the last infectious period's cases, scaled by the share reported, as the infectious; the
 *   latent ones in proportion) with the disease's R0; or R_t estimated from the last 28 days (Cori et al. 2013,
 *   `estimateR`, last weekly window) giving β = R_t·γ; or calibrated to the district's daily cases
 *   (`calibrateMetapop`: β and the initial infections by maximum likelihood).
 * - Interventions over time: school closure (school contacts −90 %), reduced contacts (work and community),
 *   port screening (shipping and passenger flows reduced), isolation of cases.
 * - Need (CHIME method, `estimateDemand`): hospital and ICU census against the registry's beds and ICU beds; each
 *   item's use = per case × detected cases + per bed-day × hospital census + per staff-day × health workers on
 *   duty; stock = usable on hand + incoming (dispatched, not yet received). Days of cover = the day stock no longer
 *   meets use; per site, the district's use is shared by each site's part of recent use (or of stock, without use).
 */
import { calibrateMetapop } from '../calibration/calibrate.ts';
import { type DemandForecast, estimateDemand } from '../demand/demand.ts';
import { simulateMetapop } from '../metapop/deterministic.ts';
import type { Intervention, MetapopModel, MobilityLink } from '../metapop/model.ts';
import { estimateR } from '../rt/estimate-r.ts';

/** What a district scenario starts from (the server's `DistrictScenarioInputs`, of which these fields are used). */
export interface DistrictScenarioInputs {
  /** today, 'YYYY-MM-DD' (district time): day 0 of the projection */
  date: string;
  townships: { id: string; population: number; port: boolean }[];
  /** pairs of bordering townships */
  borders: { a: string; b: string }[];
  neighbours: { id: string; population: number; flows: { mode: 'road' | 'rail' | 'river'; dailyIn: number; dailyOut: number }[] }[];
  /** daily cases, oldest first, district-wide and per township */
  cases: { district: number[]; byTownship: { id: string; counts: number[] }[] };
  capacity: { beds: number; icuBeds: number };
  items: { id: string; name: string; nameEn: string; unit: string; unitEn: string; consumption: ItemConsumption }[];
  /** usable stock, incoming and recent daily use per item and site */
  stock: {
    itemId: string;
    facilityId: string;
    facilityName: string;
    facilityNameEn: string;
    quantity: number;
    incoming: number;
    dailyUse: number;
  }[];
}

/** Disease presets: latent and infectious periods (days), R0, serial interval (days) and hospital/ICU shares of infections. */
export interface DiseasePreset {
  id: string;
  latentDays: number;
  infectiousDays: number;
  r0: number;
  meanSi: number;
  sdSi: number;
  hospitalRate: number;
  icuRate: number;
  hospitalStay: number;
  icuStay: number;
}
/**
 * COVID-19-like: CHIME's rates (docs/epimodels.md §8), latent 4 d, infectious 5 d, SI 5.2 ± 2.8 (Ganyani 2020);
 * influenza: latent 2 d, infectious 3 d, R0 1.4, SI 2.6 ± 1.5 (Cowling 2009), hospitalisation 0.5 %;
 * measles: latent 10 d, infectious 8 d, R0 15 capped to a vaccinated population's 3, SI 11.7 ± 2.0 (Klinkenberg 2011).
 */
export const DISEASE_PRESETS: DiseasePreset[] = [
  {
    id: 'covid',
    latentDays: 4,
    infectiousDays: 5,
    r0: 2.75,
    meanSi: 5.2,
    sdSi: 2.8,
    hospitalRate: 0.025,
    icuRate: 0.0075,
    hospitalStay: 7,
    icuStay: 9,
  },
  {
    id: 'influenza',
    latentDays: 2,
    infectiousDays: 3,
    r0: 1.4,
    meanSi: 2.6,
    sdSi: 1.5,
    hospitalRate: 0.005,
    icuRate: 0.0008,
    hospitalStay: 5,
    icuStay: 7,
  },
  {
    id: 'measles',
    latentDays: 10,
    infectiousDays: 8,
    r0: 3,
    meanSi: 11.7,
    sdSi: 2.0,
    hospitalRate: 0.1,
    icuRate: 0.005,
    hospitalStay: 5,
    icuStay: 7,
  },
];

export type DistrictInterventionKind = 'school_closure' | 'contact_reduction' | 'port_screening' | 'isolation';
export interface DistrictIntervention {
  kind: DistrictInterventionKind;
  /** days from the start, inclusive */
  start: number;
  /** exclusive; absent: to the end */
  end?: number;
  /** 0..1: share of contacts cut (contact reduction), of flows cut (port screening), of cases isolated (isolation) */
  value: number;
}

export interface ItemConsumption {
  perCase: number;
  perBedDay: number;
  perStaffDay: number;
}

export interface DistrictScenarioSettings {
  diseasePreset: string;
  start: 'recent' | 'rt' | 'calibrated';
  model: 'seir' | 'metapop';
  days: number;
  /** share of infections that become reported cases, 0..1 */
  detection: number;
  interventions: DistrictIntervention[];
  /** by item id: the consumption used (editable; default the catalogue's) */
  consumption: Record<string, ItemConsumption>;
  /** stochastic ensemble: runs (0: deterministic) */
  runs: number;
  seed: number;
}

export const DISTRICT_SCENARIO_DEFAULTS: Omit<DistrictScenarioSettings, 'consumption'> = {
  diseasePreset: 'covid',
  start: 'recent',
  model: 'metapop',
  days: 120,
  detection: 0.5,
  interventions: [{ kind: 'isolation', start: 0, value: 0.4 }],
  runs: 0,
  seed: 1,
};

export const diseasePreset = (id: string): DiseasePreset => DISEASE_PRESETS.find((p) => p.id === id) ?? DISEASE_PRESETS[0]!;

/** Patches and links of the chosen model (no disease or seeding yet). */
export function districtGeometry(
  inputs: DistrictScenarioInputs,
  model: DistrictScenarioSettings['model'],
): { patches: { id: string; population: number }[]; links: MobilityLink[] } {
  const townships = inputs.townships.filter((t) => t.population > 0);
  if (model === 'seir' || townships.length === 0) {
    const population = townships.reduce((s, t) => s + t.population, 0) || 1;
    return { patches: [{ id: 'district', population }], links: [] };
  }
  const patches = townships.map((t) => ({ id: t.id, population: t.population }));
  const ids = new Set(patches.map((p) => p.id));
  const links: MobilityLink[] = [];
  const neighboursOf = new Map<string, string[]>();
  const add = (from: string, to: string) => {
    const list = neighboursOf.get(from) ?? [];
    if (!list.includes(to)) neighboursOf.set(from, [...list, to]);
  };
  // a border may be listed once per direction (or twice): each pair of neighbours counts once
  for (const b of inputs.borders) {
    if (!ids.has(b.a) || !ids.has(b.b) || b.a === b.b) continue;
    add(b.a, b.b);
    add(b.b, b.a);
  }
  const port = townships.find((t) => t.port);
  for (const t of townships) {
    const near = neighboursOf.get(t.id) ?? [];
    for (const n of near)
      links.push({ id: `${t.id}->${n}`, from: t.id, to: n, flow: Math.round((0.03 * t.population) / near.length), kind: 'commuting' });
    if (port && port.id !== t.id && !near.includes(port.id))
      links.push({ id: `${t.id}->port`, from: t.id, to: port.id, flow: Math.round(0.02 * t.population), kind: 'commuting' });
  }
  // neighbouring districts: their registered daily flows; the river's boats land at the port
  const hub = port ?? [...townships].sort((a, b) => b.population - a.population)[0]!;
  for (const n of inputs.neighbours) {
    if (n.population <= 0) continue;
    patches.push({ id: n.id, population: n.population });
    for (const f of n.flows) {
      const kind = f.mode === 'river' ? 'shipping' : 'passenger';
      if (f.dailyOut > 0)
        links.push({ id: `${hub.id}->${n.id}:${f.mode}`, from: hub.id, to: n.id, flow: f.dailyOut, kind, timeFraction: 0.25 });
      if (f.dailyIn > 0)
        links.push({ id: `${n.id}->${hub.id}:${f.mode}`, from: n.id, to: hub.id, flow: f.dailyIn, kind, timeFraction: 0.25 });
    }
  }
  // a patch's residents cannot spend more than the whole day away: scale down links of over-committed patches
  const away = new Map<string, number>();
  for (const l of links)
    away.set(l.from, (away.get(l.from) ?? 0) + (l.flow * (l.timeFraction ?? 1 / 3)) / patches.find((p) => p.id === l.from)!.population);
  for (const l of links) {
    const share = away.get(l.from) ?? 0;
    if (share > 0.9) l.flow = Math.floor((l.flow * 0.9) / share);
  }
  return { patches, links };
}

/** The schedule's interventions as epimodels interventions (district patches only: the neighbours keep their own). */
export function districtInterventions(list: DistrictIntervention[], districtPatches: string[], portPatches: string[]): Intervention[] {
  const out: Intervention[] = [];
  for (const i of list) {
    const when = { start: i.start, ...(i.end !== undefined ? { end: i.end } : {}) };
    switch (i.kind) {
      case 'school_closure':
        out.push({ type: 'contactReduction', setting: 'school', reduction: 0.9, patches: districtPatches, ...when });
        break;
      case 'contact_reduction':
        out.push({ type: 'contactReduction', setting: 'work', reduction: i.value, patches: districtPatches, ...when });
        out.push({ type: 'contactReduction', setting: 'community', reduction: i.value, patches: districtPatches, ...when });
        break;
      case 'port_screening':
        out.push({ type: 'mobilityRestriction', kinds: ['shipping', 'passenger'], reduction: i.value, ...when });
        if (portPatches.length)
          out.push({ type: 'contactReduction', setting: 'community', reduction: i.value * 0.2, patches: portPatches, ...when });
        break;
      case 'isolation':
        out.push({ type: 'isolation', detected: i.value, delayDays: 2, patches: districtPatches, ...when });
        break;
    }
  }
  return out;
}

/** Infectious and exposed people now, per district patch, from the recent cases (whole people). */
export function districtSeeds(inputs: DistrictScenarioInputs, settings: DistrictScenarioSettings, patchIds: string[]) {
  const p = diseasePreset(settings.diseasePreset);
  const recent = (counts: number[]) => counts.slice(-Math.max(1, Math.round(p.infectiousDays))).reduce((s, c) => s + c, 0);
  const seeds = new Map<string, { E0: number; I0: number }>();
  const scale = 1 / Math.max(0.01, settings.detection);
  const toSeed = (cases: number) => ({ I0: Math.round(cases * scale), E0: Math.round(cases * scale * (p.latentDays / p.infectiousDays)) });
  if (patchIds.length === 1 && patchIds[0] === 'district') seeds.set('district', toSeed(recent(inputs.cases.district)));
  else for (const t of inputs.cases.byTownship) if (patchIds.includes(t.id)) seeds.set(t.id, toSeed(recent(t.counts)));
  const total = [...seeds.values()].reduce((s, v) => s + v.I0 + v.E0, 0);
  if (total === 0) {
    // no recent cases: ten infections where people arrive (the port), so that "what if it came" can be asked
    const port = inputs.townships.find((t) => t.port && patchIds.includes(t.id));
    seeds.set(port?.id ?? patchIds[0]!, { E0: 5, I0: 5 });
  }
  return seeds;
}

/** R_t of the last weekly window of the district's cases (Cori et al. 2013), or null when too few cases. */
export function recentDistrictRt(inputs: DistrictScenarioInputs, preset: DiseasePreset): number | null {
  const counts = inputs.cases.district;
  if (counts.reduce((s, c) => s + c, 0) < 12) return null;
  try {
    const r = estimateR(counts, 'parametric_si', { mean_si: preset.meanSi, std_si: preset.sdSi });
    const mean = r.windows[r.windows.length - 1]?.mean_r;
    return typeof mean === 'number' && Number.isFinite(mean) ? mean : null;
  } catch {
    return null;
  }
}

export interface DistrictModel {
  model: MetapopModel;
  districtPatches: string[];
  beta: number;
  rt: number | null;
  startNote: 'preset' | 'rt' | 'rt_unavailable' | 'calibrated' | 'calibration_failed';
}

/** The model of a scenario (before calibration). */
export function buildDistrictModel(inputs: DistrictScenarioInputs, settings: DistrictScenarioSettings): DistrictModel {
  const p = diseasePreset(settings.diseasePreset);
  const gamma = 1 / p.infectiousDays;
  const { patches, links } = districtGeometry(inputs, settings.model);
  const districtPatches = patches.filter((x) => !inputs.neighbours.some((n) => n.id === x.id)).map((x) => x.id);
  const seeds = districtSeeds(inputs, settings, districtPatches);
  let beta = p.r0 * gamma;
  let rt: number | null = null;
  let startNote: DistrictModel['startNote'] = 'preset';
  if (settings.start === 'rt') {
    rt = recentDistrictRt(inputs, p);
    if (rt !== null) {
      beta = rt * gamma;
      startNote = 'rt';
    } else startNote = 'rt_unavailable';
  }
  const portPatches = inputs.townships.filter((t) => t.port && districtPatches.includes(t.id)).map((t) => t.id);
  const model: MetapopModel = {
    disease: { beta, sigma: 1 / p.latentDays, gamma },
    patches: patches.map((x) => {
      const s = seeds.get(x.id);
      const E0 = Math.min(s?.E0 ?? 0, Math.floor(x.population / 4));
      const I0 = Math.min(s?.I0 ?? 0, Math.floor(x.population / 4));
      return { id: x.id, population: x.population, E0, I0 };
    }),
    links,
    interventions: districtInterventions(settings.interventions, districtPatches, portPatches),
  };
  return { model, districtPatches, beta, rt, startNote };
}

/** Calibrates β and the initial infections to the district's daily cases (reports = detection × infections). */
export function calibrateDistrictModel(
  built: DistrictModel,
  inputs: DistrictScenarioInputs,
  settings: DistrictScenarioSettings,
): DistrictModel {
  const observed = inputs.cases.district;
  if (observed.reduce((s, c) => s + c, 0) < 12) return { ...built, startNote: 'calibration_failed' };
  try {
    // fit over the last four weeks: the model starts four weeks ago, then runs on from today
    const fit = calibrateMetapop(built.model, observed, {
      reportingFraction: Math.max(0.01, settings.detection),
      starts: 3,
      draws: 20,
      forecastDays: 1,
      rtol: 1e-7,
    });
    const run = simulateMetapop(fit.model, { days: observed.length });
    const n = fit.model.patches.length;
    // today's state of the fitted run as the scenario's start
    const t = observed.length;
    const patches = fit.model.patches.map((x, i) => ({
      ...x,
      E0: Math.round(run.E[t * n + i]!),
      I0: Math.round(run.I[t * n + i]!),
      R0: Math.round(run.R[t * n + i]!),
    }));
    return { ...built, model: { ...fit.model, patches }, beta: fit.beta.estimate, startNote: 'calibrated' };
  } catch {
    return { ...built, startNote: 'calibration_failed' };
  }
}

/** The district's daily new infections of a deterministic run (district patches only). */
export function districtIncidence(built: DistrictModel, days: number): Float64Array {
  const run = simulateMetapop(built.model, { days });
  const n = built.model.patches.length;
  const keep = built.model.patches.map((p) => built.districtPatches.includes(p.id));
  const out = new Float64Array(days);
  for (let t = 0; t < days; t++) for (let i = 0; i < n; i++) if (keep[i]) out[t]! += run.incidence[t * n + i]!;
  return out;
}

export interface ItemCover {
  itemId: string;
  name: string;
  nameEn: string;
  unit: string;
  unitEn: string;
  stock: number;
  incoming: number;
  totalUse: number;
  peakUse: number;
  /** the first day (0 = today) whose use the stock cannot meet, or null within the horizon */
  runOutDay: number | null;
  stockOutOn: string | null;
  sites: { facilityId: string; name: string; nameEn: string; stock: number; runOutDay: number | null; stockOutOn: string | null }[];
}

export interface DistrictScenarioResult {
  startDate: string;
  days: number;
  beta: number;
  r0: number;
  rt: number | null;
  startNote: DistrictModel['startNote'];
  runs: number;
  infections: number[];
  /** stochastic runs: 5 % and 95 % points of daily infections */
  infectionsLow?: number[];
  infectionsHigh?: number[];
  cases: number[];
  hospital: number[];
  icu: number[];
  capacity: { beds: number; icuBeds: number };
  hospitalPeak: number;
  hospitalPeakDay: number;
  icuPeak: number;
  firstDayOverBeds: number | null;
  firstDayOverIcu: number | null;
  totalInfections: number;
  items: ItemCover[];
}

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** The first day whose cumulative use exceeds `stock` (use on day t is taken after deliveries), or null. */
export function stockRunOutDay(use: ArrayLike<number>, stock: number): number | null {
  let left = stock;
  for (let t = 0; t < use.length; t++) {
    left -= use[t]!;
    if (left < -1e-9) return t;
  }
  return null;
}

/** Need of each item against stock and incoming, district-wide and per site. */
export function itemCover(inputs: DistrictScenarioInputs, settings: DistrictScenarioSettings, demand: DemandForecast): ItemCover[] {
  const out: ItemCover[] = [];
  for (const item of inputs.items) {
    const c = settings.consumption[item.id] ?? item.consumption;
    if (c.perCase + c.perBedDay + c.perStaffDay <= 0) continue;
    const rows = inputs.stock.filter((s) => s.itemId === item.id);
    const stock = rows.reduce((s, r) => s + r.quantity, 0);
    const incoming = rows.reduce((s, r) => s + r.incoming, 0);
    const use = new Float64Array(demand.days);
    for (let t = 0; t < demand.days; t++)
      use[t] = c.perCase * demand.cases[t]! + c.perBedDay * demand.census.hospital[t]! + c.perStaffDay * demand.healthWorkers[t]!;
    const runOutDay = stockRunOutDay(use, stock + incoming);
    const usedNow = rows.reduce((s, r) => s + r.dailyUse, 0);
    const sites = rows.map((r) => {
      const share = usedNow > 0 ? r.dailyUse / usedNow : stock > 0 ? r.quantity / stock : 0;
      const siteUse = use.map((u) => u * share);
      const day = share > 0 ? stockRunOutDay(siteUse, r.quantity + r.incoming) : null;
      return {
        facilityId: r.facilityId,
        name: r.facilityName,
        nameEn: r.facilityNameEn,
        stock: r.quantity,
        runOutDay: day,
        stockOutOn: day === null ? null : addDays(inputs.date, day),
      };
    });
    out.push({
      itemId: item.id,
      name: item.name,
      nameEn: item.nameEn,
      unit: item.unit,
      unitEn: item.unitEn,
      stock,
      incoming,
      totalUse: Math.round(use.reduce((s, u) => s + u, 0)),
      peakUse: Math.round(Math.max(0, ...use)),
      runOutDay,
      stockOutOn: runOutDay === null ? null : addDays(inputs.date, runOutDay),
      sites,
    });
  }
  return out;
}

/** Demand and cover from daily new infections (the district's), rounded for display and saving. */
export function projectDistrict(
  inputs: DistrictScenarioInputs,
  settings: DistrictScenarioSettings,
  built: Pick<DistrictModel, 'beta' | 'rt' | 'startNote'>,
  infections: Float64Array,
  bands?: { low: Float64Array; high: Float64Array },
): DistrictScenarioResult {
  const p = diseasePreset(settings.diseasePreset);
  const demand = estimateDemand(infections, {
    clinical: {
      hospital: { rate: p.hospitalRate, delayDays: p.latentDays + 2, lengthOfStay: p.hospitalStay },
      icu: { rate: p.icuRate, delayDays: p.latentDays + 2, lengthOfStay: p.icuStay },
    },
    response: {
      caseDetection: settings.detection,
      reportDelayDays: Math.max(1, p.latentDays),
      healthWorkersPerPatient: 0.5,
      healthWorkersPerIcuPatient: 2,
    },
    capacities: { beds: inputs.capacity.beds, icuBeds: inputs.capacity.icuBeds },
  });
  const round = (x: ArrayLike<number>) => Array.from(x, (v) => Math.round(v));
  return {
    startDate: inputs.date,
    days: settings.days,
    beta: built.beta,
    r0: built.beta * p.infectiousDays,
    rt: built.rt,
    startNote: built.startNote,
    runs: settings.runs,
    infections: round(infections),
    ...(bands ? { infectionsLow: round(bands.low), infectionsHigh: round(bands.high) } : {}),
    cases: round(demand.cases),
    hospital: round(demand.census.hospital),
    icu: round(demand.census.icu),
    capacity: inputs.capacity,
    hospitalPeak: Math.round(demand.capacity.hospital.peak),
    hospitalPeakDay: demand.capacity.hospital.peakDay,
    icuPeak: Math.round(demand.capacity.icu.peak),
    firstDayOverBeds: demand.capacity.hospital.firstDayOver,
    firstDayOverIcu: demand.capacity.icu.firstDayOver,
    totalInfections: Math.round(infections.reduce((s, v) => s + v, 0)),
    items: itemCover(inputs, settings, demand),
  };
}

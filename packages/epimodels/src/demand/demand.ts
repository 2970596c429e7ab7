/**
 * Health-care and supply demand derived from daily infections, compared with capacities and stock.
 *
 * Beds follow Penn Medicine's CHIME model (Weissman et al. 2020, "Locally informed simulation to
 * predict hospital capacity needs during the COVID-19 pandemic", Ann. Intern. Med. 173:21–28; code
 * `penn_chime/model/sir.py`, `build_admits_df` / `build_census_df`): admissions of each kind are a
 * fixed share of new infections (times the market share of the facilities modelled), and the census
 * on day t is the admissions of the last `lengthOfStay` days,
 *
 *   admissions_k(t) = rate_k · marketShare · infections(t − delay_k)
 *   census_k(t)     = Σ_{d=0}^{LOS_k − 1} admissions_k(t − d)
 *
 * i.e. admissions convolved with a fixed length of stay. CHIME admits on the day of infection; we add
 * an optional fixed delay from infection to admission (and to death), in whole days. Deaths are
 * `deathRate · infections(t − deathDelay)`.
 *
 * Supplies are consumed per patient-day of each kind, per admission, per detected case, per contact
 * traced and per health-worker day; stock falls by the consumption and rises by any daily resupply.
 * Every daily quantity is indexed by day t = 0 … days − 1 (the infections of day t → t + 1).
 */

/** One kind of care: a share of infections, a delay and a length of stay. */
export interface CarePathway {
  /** share of infections needing this care, 0..1 */
  rate: number;
  /** days from infection to admission (whole days, default 0 as CHIME) */
  delayDays?: number;
  /** days in care (whole days ≥ 1) */
  lengthOfStay: number;
}

/** Clinical parameters. Defaults: `DEFAULT_CLINICAL`. */
export interface ClinicalParams {
  hospital: CarePathway;
  icu: CarePathway;
  ventilation: CarePathway;
  /** infection fatality ratio, 0..1 */
  deathRate: number;
  /** days from infection to death (whole days) */
  deathDelayDays: number;
  /** share of the area's patients treated in the facilities whose capacity is given, 0..1 (CHIME "market share"; default 1) */
  marketShare?: number;
}

/**
 * Defaults: CHIME's defaults for hospital (2.5 % of infections, 7 days), ICU (0.75 %, 9 days) and
 * ventilation (0.5 %, 10 days) (penn_chime `defaults.py`, 2020), admitted 7 days after infection
 * (≈ 5-day incubation + 2 days to admission); infection fatality ratio 0.66 % and 23 days from
 * infection to death (Verity et al. 2020, Lancet Infect. Dis. 20:669–677: IFR 0.66 % in China,
 * onset to death 17.8 days, plus the incubation period). Illustrative for a COVID-19-like disease:
 * set them for the pathogen at hand.
 */
export const DEFAULT_CLINICAL: ClinicalParams = {
  hospital: { rate: 0.025, delayDays: 7, lengthOfStay: 7 },
  icu: { rate: 0.0075, delayDays: 7, lengthOfStay: 9 },
  ventilation: { rate: 0.005, delayDays: 7, lengthOfStay: 10 },
  deathRate: 0.0066,
  deathDelayDays: 23,
  marketShare: 1,
};

/** Public-health work that consumes supplies: case finding, contact tracing, staff on duty. */
export interface ResponseParams {
  /** share of infections detected as cases (day of infection + `reportDelayDays`), 0..1 (default 0.5) */
  caseDetection?: number;
  /** days from infection to detection (default 7) */
  reportDelayDays?: number;
  /** contacts traced per detected case (default 10) */
  contactsPerCase?: number;
  /** health workers on outbreak duty every day regardless of patients (default 0) */
  baseHealthWorkers?: number;
  /** extra health workers per hospital (non-ICU included) patient in the census (default 0.5) */
  healthWorkersPerPatient?: number;
  /** extra health workers per ICU patient (default 2) */
  healthWorkersPerIcuPatient?: number;
}

/** Defaults of `ResponseParams`. */
export const DEFAULT_RESPONSE: Required<ResponseParams> = {
  caseDetection: 0.5,
  reportDelayDays: 7,
  contactsPerCase: 10,
  baseHealthWorkers: 0,
  healthWorkersPerPatient: 0.5,
  healthWorkersPerIcuPatient: 2,
};

/** A consumable (masks, PPE sets, test kits, disinfectant …) with its stock and use rates. */
export interface SupplyItem {
  id: string;
  name?: string;
  /** unit of stock and use ("pieces", "sets", "kits", "litres") */
  unit?: string;
  /** stock on hand at the start of day 0 */
  stock: number;
  /** deliveries per day (default 0) */
  resupplyPerDay?: number;
  perHospitalPatientDay?: number;
  perIcuPatientDay?: number;
  perVentilatedPatientDay?: number;
  perAdmission?: number;
  /** per detected case (e.g. confirmatory test kits) */
  perCase?: number;
  /** per contact traced (e.g. test kits, masks handed out) */
  perContactTraced?: number;
  /** per health worker per day on duty (e.g. masks changed every 4 h: 6) */
  perHealthWorkerDay?: number;
}

/** Capacities of the facilities modelled (null or absent: not compared). */
export interface Capacities {
  /** hospital beds for outbreak patients (compared with the hospital census, ICU patients included, as CHIME) */
  beds?: number;
  icuBeds?: number;
  ventilators?: number;
}

/** Everything `estimateDemand` needs besides the infections. */
export interface DemandParams {
  clinical?: Partial<ClinicalParams>;
  response?: ResponseParams;
  supplies?: SupplyItem[];
  capacities?: Capacities;
}

/** Census of one kind of care compared with its capacity. */
export interface CapacityCheck {
  capacity: number | null;
  peak: number;
  peakDay: number;
  /** first day the census exceeds the capacity, or null */
  firstDayOver: number | null;
  /** number of days the census exceeds the capacity */
  daysOver: number;
}

/** Use and stock of one supply item. */
export interface SupplyForecast {
  id: string;
  name: string;
  unit: string;
  /** use per day */
  use: Float64Array;
  /** stock at the end of each day (negative: unmet need) */
  stock: Float64Array;
  /** the first day whose use cannot be met from stock, or null when it lasts through the horizon */
  runOutDay: number | null;
  totalUse: number;
}

/** Output of `estimateDemand` (daily arrays of length `days`). */
export interface DemandForecast {
  days: number;
  admissions: { hospital: Float64Array; icu: Float64Array; ventilation: Float64Array };
  census: { hospital: Float64Array; icu: Float64Array; ventilation: Float64Array };
  deaths: Float64Array;
  cases: Float64Array;
  contactsTraced: Float64Array;
  healthWorkers: Float64Array;
  capacity: { hospital: CapacityCheck; icu: CapacityCheck; ventilation: CapacityCheck };
  supplies: SupplyForecast[];
}

function check(v: unknown, field: string, opts: { max?: number; integer?: boolean; min?: number } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${field}: must be a finite number, got ${JSON.stringify(v)}`);
  const min = opts.min ?? 0;
  if (v < min) throw new RangeError(`${field}: must be ≥ ${min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) throw new RangeError(`${field}: must be ≤ ${opts.max}, got ${v}`);
  if (opts.integer && !Number.isInteger(v)) throw new RangeError(`${field}: must be a whole number of days, got ${v}`);
  return v;
}

/** Shifts `x` right by `delay` days and scales it: out[t] = scale · x[t − delay] (0 before). */
function delayed(x: ArrayLike<number>, delay: number, scale: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let t = delay; t < x.length; t++) out[t] = scale * x[t - delay];
  return out;
}

/** CHIME census: the running sum of the last `los` days of admissions. */
export function censusFromAdmissions(admissions: ArrayLike<number>, lengthOfStay: number): Float64Array {
  const out = new Float64Array(admissions.length);
  let running = 0;
  for (let t = 0; t < admissions.length; t++) {
    running += admissions[t];
    if (t >= lengthOfStay) running -= admissions[t - lengthOfStay];
    out[t] = running;
  }
  return out;
}

/** Compares a census with a capacity. */
export function capacityCheck(census: ArrayLike<number>, capacity: number | null | undefined): CapacityCheck {
  let peak = 0;
  let peakDay = 0;
  let firstDayOver: number | null = null;
  let daysOver = 0;
  for (let t = 0; t < census.length; t++) {
    if (census[t] > peak) {
      peak = census[t];
      peakDay = t;
    }
    if (capacity !== null && capacity !== undefined && census[t] > capacity) {
      daysOver++;
      if (firstDayOver === null) firstDayOver = t;
    }
  }
  return { capacity: capacity ?? null, peak, peakDay, firstDayOver, daysOver };
}

/**
 * Hospital, ICU, ventilator and death counts, public-health workload and supply use from daily
 * infections; each compared with its capacity or stock. Parameters default to `DEFAULT_CLINICAL`
 * and `DEFAULT_RESPONSE`; errors name the offending field.
 *
 * ```ts
 * const run = simulateMetapop(model, { days: 180 });
 * const demand = estimateDemand(sumOverPatches(run.incidence, run.patchIds.length), {
 *   capacities: { beds: 400, icuBeds: 40 },
 *   supplies: [{ id: 'n95', unit: 'pieces', stock: 50_000, perHospitalPatientDay: 6, perHealthWorkerDay: 4 }],
 * });
 * demand.capacity.icu.firstDayOver; // the day ICU demand first exceeds 40 beds, or null
 * demand.supplies[0].runOutDay;     // the day N95 masks run out, or null
 * ```
 */
export function estimateDemand(infections: ArrayLike<number>, params: DemandParams = {}): DemandForecast {
  const days = infections.length;
  for (let t = 0; t < days; t++) check(infections[t], `infections[${t}]`);
  const clinical = { ...DEFAULT_CLINICAL, ...(params.clinical ?? {}) } satisfies ClinicalParams;
  const response = { ...DEFAULT_RESPONSE, ...(params.response ?? {}) } satisfies Required<ResponseParams>;
  const share = check(clinical.marketShare ?? 1, 'clinical.marketShare', { max: 1 });
  const pathway = (k: 'hospital' | 'icu' | 'ventilation') => {
    const p = clinical[k];
    const rate = check(p?.rate, `clinical.${k}.rate`, { max: 1 });
    const delay = check(p?.delayDays ?? 0, `clinical.${k}.delayDays`, { integer: true });
    const los = check(p?.lengthOfStay, `clinical.${k}.lengthOfStay`, { integer: true, min: 1 });
    const admissions = delayed(infections, delay, rate * share);
    return { admissions, census: censusFromAdmissions(admissions, los) };
  };
  const hospital = pathway('hospital');
  const icu = pathway('icu');
  const ventilation = pathway('ventilation');
  const deaths = delayed(
    infections,
    check(clinical.deathDelayDays, 'clinical.deathDelayDays', { integer: true }),
    check(clinical.deathRate, 'clinical.deathRate', { max: 1 }),
  );
  const cases = delayed(
    infections,
    check(response.reportDelayDays, 'response.reportDelayDays', { integer: true }),
    check(response.caseDetection, 'response.caseDetection', { max: 1 }),
  );
  const contactsPerCase = check(response.contactsPerCase, 'response.contactsPerCase');
  const contactsTraced = cases.map((c) => c * contactsPerCase);
  const base = check(response.baseHealthWorkers, 'response.baseHealthWorkers');
  const perPatient = check(response.healthWorkersPerPatient, 'response.healthWorkersPerPatient');
  const perIcu = check(response.healthWorkersPerIcuPatient, 'response.healthWorkersPerIcuPatient');
  const healthWorkers = new Float64Array(days);
  for (let t = 0; t < days; t++) healthWorkers[t] = base + perPatient * hospital.census[t] + perIcu * icu.census[t];

  const caps = params.capacities ?? {};
  for (const k of ['beds', 'icuBeds', 'ventilators'] as const)
    if (caps[k] !== undefined && caps[k] !== null) check(caps[k], `capacities.${k}`);

  const seen = new Set<string>();
  const supplies = (params.supplies ?? []).map((item, k): SupplyForecast => {
    const f = `supplies[${k}]`;
    if (typeof item?.id !== 'string' || item.id === '') throw new RangeError(`${f}.id: must be a non-empty string`);
    if (seen.has(item.id)) throw new RangeError(`${f}.id: duplicate supply id ${JSON.stringify(item.id)}`);
    seen.add(item.id);
    const rate = (name: keyof SupplyItem) => check(item[name] ?? 0, `${f}.${name}`);
    const perHosp = rate('perHospitalPatientDay');
    const perIcuDay = rate('perIcuPatientDay');
    const perVent = rate('perVentilatedPatientDay');
    const perAdm = rate('perAdmission');
    const perCase = rate('perCase');
    const perContact = rate('perContactTraced');
    const perWorker = rate('perHealthWorkerDay');
    const resupply = rate('resupplyPerDay');
    let stock = check(item.stock, `${f}.stock`);
    const use = new Float64Array(days);
    const left = new Float64Array(days);
    let runOutDay: number | null = null;
    let totalUse = 0;
    for (let t = 0; t < days; t++) {
      use[t] =
        perHosp * hospital.census[t] +
        perIcuDay * icu.census[t] +
        perVent * ventilation.census[t] +
        perAdm * hospital.admissions[t] +
        perCase * cases[t] +
        perContact * contactsTraced[t] +
        perWorker * healthWorkers[t];
      // The day's delivery arrives before the day's use.
      stock += resupply - use[t];
      left[t] = stock;
      totalUse += use[t];
      if (stock < 0 && runOutDay === null) runOutDay = t;
    }
    return { id: item.id, name: item.name ?? item.id, unit: item.unit ?? 'units', use, stock: left, runOutDay, totalUse };
  });

  return {
    days,
    admissions: { hospital: hospital.admissions, icu: icu.admissions, ventilation: ventilation.admissions },
    census: { hospital: hospital.census, icu: icu.census, ventilation: ventilation.census },
    deaths,
    cases,
    contactsTraced,
    healthWorkers,
    capacity: {
      hospital: capacityCheck(hospital.census, caps.beds),
      icu: capacityCheck(icu.census, caps.icuBeds),
      ventilation: capacityCheck(ventilation.census, caps.ventilators),
    },
    supplies,
  };
}

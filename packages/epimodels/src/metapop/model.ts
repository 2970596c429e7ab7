/**
 * Metapopulation SEIR model: definition, validation and compilation.
 *
 * Patches (townships, street offices, adjacent districts) are joined by daily mobility flows
 * (commuting, passengers, shipping). Transmission happens where people spend the day, in the
 * "effective population" (commuting) formulation of Keeling & Rohani, "Modeling Infectious Diseases
 * in Humans and Animals", Princeton 2008, ch. 7 (metapopulations coupled by commuters), as used for the GLEaM short-range
 * layer by Balcan et al. 2009, "Multiscale mobility networks and the spatial spreading of infectious
 * diseases", PNAS 106:21484–21489:
 *
 *   c_ij = flow_ij · timeFraction_ij / N_i     share of a resident of i's time spent in j (j ≠ i)
 *   c_ii = 1 − Σ_{j≠i} c_ij                    share of time at home
 *   N*_j = Σ_i c_ij N_i                        people present in j (time-averaged)
 *   I*_j = Σ_i c_ij ι_i I_i                    infectious people present in j, isolation removed
 *   λ_j  = β m_j I*_j / N*_j                   force of infection in location j (per day)
 *   Λ_i  = Σ_j c_ij λ_j                        force of infection on residents of i
 *
 *   dS_i/dt = −(Λ_i + ε_i) S_i − v_i S_i
 *   dE_i/dt =  (Λ_i + ε_i) S_i − σ E_i
 *   dI_i/dt =  σ E_i − γ I_i
 *   dR_i/dt =  γ I_i + v_i S_i
 *
 * with m_j the contact multiplier of location j (contact reductions by setting), ι_i the share of
 * the infectiousness of patch i's cases left after isolation of detected cases, ε_i the importation
 * hazard and v_i the vaccination hazard. All rates are per day. The compiled form holds the
 * mobility as a sparse CSR matrix (row i: the locations where residents of i spend time, the
 * diagonal included) and one set of coefficients per "epoch": the intervals between schedule
 * changes, inside which every coefficient is constant.
 */

/** Settings whose contacts a contact reduction can target (POLYMOD locations, Mossong et al. 2008). */
export const SETTINGS = ['home', 'school', 'work', 'community'] as const;
export type Setting = (typeof SETTINGS)[number];

/**
 * Default shares of transmission by setting: the shares of reported contacts by location in
 * POLYMOD (Mossong et al. 2008, "Social contacts and mixing patterns relevant to the spread of
 * infectious diseases", PLoS Med 5:e74: about 23 % at home, 21 % at work, 14 % at school and
 * 42 % in leisure, transport and other places, rounded). Override with local survey data where there is some.
 */
export const DEFAULT_SETTING_SHARES: Readonly<Record<Setting, number>> = { home: 0.23, school: 0.14, work: 0.21, community: 0.42 };

/** Default share of the day a traveller spends at the destination (8 of 24 hours). */
export const DEFAULT_TIME_FRACTION = 1 / 3;

/** Kinds of mobility link; a restriction can target a kind (e.g. all shipping). */
export const LINK_KINDS = ['commuting', 'passenger', 'shipping'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** One patch: a township, street office or adjacent district. Numbers are people. */
export interface MetapopPatch {
  id: string;
  name?: string;
  population: number;
  /** initially exposed (default 0) */
  E0?: number;
  /** initially infectious (default 0) */
  I0?: number;
  /** initially immune (default 0); S0 = population − E0 − I0 − R0 */
  R0?: number;
}

/** A daily flow of residents of `from` who spend part of the day in `to`. */
export interface MobilityLink {
  /** an id that restrictions can name (e.g. "port-ferry"); default "<from>-><to>" */
  id?: string;
  from: string;
  to: string;
  /** residents of `from` travelling to `to` per day (people/day) */
  flow: number;
  kind?: LinkKind;
  /** share of the day spent at the destination, 0..1 (default 1/3) */
  timeFraction?: number;
}

/** Disease parameters (per day), as the SEIR model. */
export interface MetapopDisease {
  /** transmission rate β (per day); R0 = β / γ in a single well-mixed patch */
  beta: number;
  /** 1 / mean latent period (per day) */
  sigma: number;
  /** 1 / mean infectious period (per day) */
  gamma: number;
}

interface Scheduled {
  /** first day the measure applies (days since day 0, inclusive) */
  start: number;
  /** day the measure stops (exclusive; default: never) */
  end?: number;
  /** patch ids it applies to (default: all patches) */
  patches?: string[];
}

/** Cuts contacts in a setting (or all settings) in the listed patches (as places where contacts happen). */
export interface ContactReduction extends Scheduled {
  type: 'contactReduction';
  /** share of the setting's contacts removed, 0..1 (school closure: 1 for `school`) */
  reduction: number;
  /** the setting targeted (default 'all') */
  setting?: Setting | 'all';
}

/** Cuts flows on chosen links (by id, kind, or touching the listed patches). */
export interface MobilityRestriction {
  type: 'mobilityRestriction';
  start: number;
  end?: number;
  /** share of the flow removed, 0..1 */
  reduction: number;
  /** link ids targeted */
  links?: string[];
  /** link kinds targeted */
  kinds?: LinkKind[];
  /** links from or to these patches are targeted */
  patches?: string[];
}

/**
 * Isolation of detected cases: a share `detected` of infectious people is found and isolated
 * `delayDays` after becoming infectious, with isolation preventing a share `effectiveness` of their
 * later contacts. With exponentially distributed infectious periods (rate γ), the expected share of
 * infectiousness after a delay d is e^(−γd), so the transmission of patch i's cases is multiplied by
 * ι = 1 − detected · effectiveness · e^(−γ d) (cf. Fraser et al. 2004, PNAS 101:6146, on isolation).
 */
export interface Isolation extends Scheduled {
  type: 'isolation';
  /** share of infectious people detected, 0..1 */
  detected: number;
  /** days from becoming infectious to isolation (default 2) */
  delayDays?: number;
  /** share of onward transmission prevented by isolation, 0..1 (default 1) */
  effectiveness?: number;
}

/**
 * Vaccination: `dosesPerDay` doses a day over the listed patches (split by population), given
 * without regard to infection history; a dose protects a susceptible with probability `efficacy`
 * (all-or-nothing vaccine), moving them to R. Hazard v_i = doses_i · efficacy / N_i.
 */
export interface Vaccination extends Scheduled {
  type: 'vaccination';
  dosesPerDay: number;
  /** default 0.8 */
  efficacy?: number;
}

/**
 * Imported infections: `perDay` residents infected outside the modelled area (or by visitors) per
 * day, over the listed patches (split by population). Modelled as a hazard ε_i = perDay_i / N_i
 * on susceptibles, so that patch populations stay constant.
 */
export interface Importation extends Scheduled {
  type: 'importation';
  perDay: number;
}

export type Intervention = ContactReduction | MobilityRestriction | Isolation | Vaccination | Importation;

/** A metapopulation model: patches, links, disease and interventions. */
export interface MetapopModel {
  patches: MetapopPatch[];
  links?: MobilityLink[];
  disease: MetapopDisease;
  interventions?: Intervention[];
  /** shares of transmission by setting (default `DEFAULT_SETTING_SHARES`); normalised to sum 1 */
  settingShares?: Partial<Record<Setting, number>>;
}

/** A model that failed validation; `field` is the path of the offending value (e.g. `patches[2].population`). */
export class MetapopModelError extends RangeError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'MetapopModelError';
  }
}

/** Coefficients constant over one epoch [start, next epoch's start). */
export interface Epoch {
  start: number;
  /** mobility shares c_ij, aligned with `CompiledMetapop.colIndex` */
  c: Float64Array;
  /** β m_j / N*_j per location j (per person per day) */
  coef: Float64Array;
  /** ι_i: share of transmission left after isolation, per residence patch */
  iota: Float64Array;
  /** importation hazard ε_i (per day) */
  importHazard: Float64Array;
  /** vaccination hazard v_i · efficacy (per day) */
  vaccHazard: Float64Array;
}

/** The model in solver form (see the module comment). */
export interface CompiledMetapop {
  n: number;
  patchIds: string[];
  population: Float64Array;
  /** initial S, E, I, R per patch */
  S0: Float64Array;
  E0: Float64Array;
  I0: Float64Array;
  R0: Float64Array;
  sigma: number;
  gamma: number;
  /** CSR row pointers (length n + 1) and column indices of the mobility shares, diagonal included */
  rowStart: Int32Array;
  colIndex: Int32Array;
  /** epochs sorted by start; the first starts at −Infinity */
  epochs: Epoch[];
  /** the finite epoch starts (schedule changes), for the ODE solver's breakpoints */
  breakpoints: number[];
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function num(
  v: unknown,
  field: string,
  opts: { min?: number; max?: number; integer?: boolean; optional?: boolean } = {},
): number | undefined {
  if (v === undefined && opts.optional) return undefined;
  if (!finite(v)) throw new MetapopModelError(field, `must be a finite number, got ${JSON.stringify(v)}`);
  if (opts.min !== undefined && v < opts.min) throw new MetapopModelError(field, `must be ≥ ${opts.min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) throw new MetapopModelError(field, `must be ≤ ${opts.max}, got ${v}`);
  if (opts.integer && !Number.isInteger(v)) throw new MetapopModelError(field, `must be a whole number, got ${v}`);
  return v;
}

function idList(v: unknown, field: string, known: Set<string>, what: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw new MetapopModelError(field, `must be a list of ${what} ids`);
  return v.map((x, k) => {
    if (typeof x !== 'string' || !known.has(x)) throw new MetapopModelError(`${field}[${k}]`, `unknown ${what} ${JSON.stringify(x)}`);
    return x;
  });
}

/** The id of a link: its own, or "<from>-><to>". */
export const linkId = (l: Pick<MobilityLink, 'id' | 'from' | 'to'>): string => l.id ?? `${l.from}->${l.to}`;

/**
 * Checks a model (for example parsed from JSON) and returns it typed. Throws `MetapopModelError`
 * naming the first offending field: unknown patch ids, negative flows, initial compartments above
 * the population, travel shares above 1, reductions outside 0..1, unknown intervention types.
 *
 * ```ts
 * validateMetapopModel({ patches: [{ id: 'a', population: 1000, I0: 1 }], disease: { beta: 0.5, sigma: 0.2, gamma: 0.25 } });
 * ```
 */
export function validateMetapopModel(input: unknown, prefix = ''): MetapopModel {
  const p = (f: string) => (prefix ? `${prefix}.${f}` : f);
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new MetapopModelError(prefix || 'model', 'must be an object');
  const m = input as Record<string, unknown>;
  if (!Array.isArray(m.patches) || m.patches.length === 0) throw new MetapopModelError(p('patches'), 'must be a non-empty list');
  const ids = new Set<string>();
  m.patches.forEach((raw, i) => {
    const f = p(`patches[${i}]`);
    if (raw === null || typeof raw !== 'object') throw new MetapopModelError(f, 'must be an object');
    const patch = raw as Record<string, unknown>;
    if (typeof patch.id !== 'string' || patch.id === '') throw new MetapopModelError(`${f}.id`, 'must be a non-empty string');
    if (ids.has(patch.id)) throw new MetapopModelError(`${f}.id`, `duplicate patch id ${JSON.stringify(patch.id)}`);
    ids.add(patch.id);
    const N = num(patch.population, `${f}.population`, { min: 1 }) as number;
    let sum = 0;
    for (const k of ['E0', 'I0', 'R0']) sum += num(patch[k], `${f}.${k}`, { min: 0, optional: true }) ?? 0;
    if (sum > N) throw new MetapopModelError(`${f}`, `E0 + I0 + R0 = ${sum} exceeds the population ${N}`);
  });
  const d = m.disease as Record<string, unknown> | undefined;
  if (d === null || typeof d !== 'object')
    throw new MetapopModelError(p('disease'), 'must be an object with beta, sigma and gamma (per day)');
  num(d.beta, p('disease.beta'), { min: 0 });
  num(d.sigma, p('disease.sigma'), { min: 0 });
  num(d.gamma, p('disease.gamma'), { min: 0 });
  const links = m.links ?? [];
  if (!Array.isArray(links)) throw new MetapopModelError(p('links'), 'must be a list');
  const linkIds = new Set<string>();
  links.forEach((raw, k) => {
    const f = p(`links[${k}]`);
    if (raw === null || typeof raw !== 'object') throw new MetapopModelError(f, 'must be an object');
    const l = raw as Record<string, unknown>;
    for (const end of ['from', 'to']) {
      if (typeof l[end] !== 'string' || !ids.has(l[end] as string))
        throw new MetapopModelError(`${f}.${end}`, `unknown patch ${JSON.stringify(l[end])}`);
    }
    if (l.from === l.to) throw new MetapopModelError(`${f}.to`, 'a link must join two different patches');
    num(l.flow, `${f}.flow`, { min: 0 });
    num(l.timeFraction, `${f}.timeFraction`, { min: 0, max: 1, optional: true });
    if (l.kind !== undefined && !(LINK_KINDS as readonly string[]).includes(l.kind as string)) {
      throw new MetapopModelError(`${f}.kind`, `must be one of ${LINK_KINDS.join(', ')}, got ${JSON.stringify(l.kind)}`);
    }
    if (l.id !== undefined && (typeof l.id !== 'string' || l.id === ''))
      throw new MetapopModelError(`${f}.id`, 'must be a non-empty string');
    const id = linkId(l as unknown as MobilityLink);
    if (linkIds.has(id)) throw new MetapopModelError(`${f}.id`, `duplicate link id ${JSON.stringify(id)}`);
    linkIds.add(id);
  });
  if (m.settingShares !== undefined) {
    if (m.settingShares === null || typeof m.settingShares !== 'object')
      throw new MetapopModelError(p('settingShares'), 'must be an object');
    let total = 0;
    for (const [k, v] of Object.entries(m.settingShares)) {
      if (!(SETTINGS as readonly string[]).includes(k))
        throw new MetapopModelError(p(`settingShares.${k}`), `unknown setting (one of ${SETTINGS.join(', ')})`);
      total += num(v, p(`settingShares.${k}`), { min: 0 }) as number;
    }
    if (!(total > 0)) throw new MetapopModelError(p('settingShares'), 'shares must not all be 0');
  }
  const ivs = m.interventions ?? [];
  if (!Array.isArray(ivs)) throw new MetapopModelError(p('interventions'), 'must be a list');
  ivs.forEach((raw, k) => validateIntervention(raw, p(`interventions[${k}]`), ids, linkIds));
  const model = input as MetapopModel;
  // Travel shares above 1 would leave a negative share of the day at home.
  compileMobility(model);
  return model;
}

/** Checks one intervention (see `Intervention`); `field` prefixes messages. */
export function validateIntervention(raw: unknown, field: string, patchIds: Set<string>, linkIds: Set<string>): Intervention {
  if (raw === null || typeof raw !== 'object') throw new MetapopModelError(field, 'must be an object');
  const iv = raw as Record<string, unknown>;
  const start = num(iv.start, `${field}.start`) as number;
  const end = num(iv.end, `${field}.end`, { optional: true });
  if (end !== undefined && end <= start) throw new MetapopModelError(`${field}.end`, `must be after start (${start}), got ${end}`);
  idList(iv.patches, `${field}.patches`, patchIds, 'patch');
  switch (iv.type) {
    case 'contactReduction':
      num(iv.reduction, `${field}.reduction`, { min: 0, max: 1 });
      if (iv.setting !== undefined && iv.setting !== 'all' && !(SETTINGS as readonly string[]).includes(iv.setting as string)) {
        throw new MetapopModelError(`${field}.setting`, `must be one of all, ${SETTINGS.join(', ')}, got ${JSON.stringify(iv.setting)}`);
      }
      break;
    case 'mobilityRestriction':
      num(iv.reduction, `${field}.reduction`, { min: 0, max: 1 });
      idList(iv.links, `${field}.links`, linkIds, 'link');
      if (iv.kinds !== undefined) {
        if (!Array.isArray(iv.kinds)) throw new MetapopModelError(`${field}.kinds`, 'must be a list of link kinds');
        iv.kinds.forEach((x, k) => {
          if (!(LINK_KINDS as readonly string[]).includes(x))
            throw new MetapopModelError(`${field}.kinds[${k}]`, `unknown link kind ${JSON.stringify(x)}`);
        });
      }
      break;
    case 'isolation':
      num(iv.detected, `${field}.detected`, { min: 0, max: 1 });
      num(iv.delayDays, `${field}.delayDays`, { min: 0, optional: true });
      num(iv.effectiveness, `${field}.effectiveness`, { min: 0, max: 1, optional: true });
      break;
    case 'vaccination':
      num(iv.dosesPerDay, `${field}.dosesPerDay`, { min: 0 });
      num(iv.efficacy, `${field}.efficacy`, { min: 0, max: 1, optional: true });
      break;
    case 'importation':
      num(iv.perDay, `${field}.perDay`, { min: 0 });
      break;
    default:
      throw new MetapopModelError(
        `${field}.type`,
        `unknown intervention ${JSON.stringify(iv.type)} (contactReduction, mobilityRestriction, isolation, vaccination, importation)`,
      );
  }
  return raw as Intervention;
}

interface MobilityStructure {
  index: Map<string, number>;
  rowStart: Int32Array;
  colIndex: Int32Array;
  /** for each CSR entry, the link indices that feed it (−1 for the diagonal) */
  entryLinks: number[][];
  /** base share contributed by each link (flow · timeFraction / N_from) */
  linkShare: Float64Array;
  links: MobilityLink[];
}

function compileMobility(model: MetapopModel): MobilityStructure {
  const n = model.patches.length;
  const index = new Map(model.patches.map((p, i) => [p.id, i]));
  const links = model.links ?? [];
  const rows: Map<number, number[]>[] = Array.from({ length: n }, () => new Map());
  const linkShare = new Float64Array(links.length);
  const away = new Float64Array(n);
  links.forEach((l, k) => {
    const i = index.get(l.from) as number;
    const j = index.get(l.to) as number;
    linkShare[k] = (l.flow * (l.timeFraction ?? DEFAULT_TIME_FRACTION)) / model.patches[i].population;
    away[i] += linkShare[k];
    const list = rows[i].get(j);
    if (list) list.push(k);
    else rows[i].set(j, [k]);
  });
  for (let i = 0; i < n; i++) {
    if (away[i] > 1 + 1e-12) {
      throw new MetapopModelError(
        `patches[${i}]`,
        `residents of ${model.patches[i].id} spend a share ${away[i].toFixed(3)} > 1 of the day away (Σ flow · timeFraction / population over its links)`,
      );
    }
  }
  const rowStart = new Int32Array(n + 1);
  const cols: number[] = [];
  const entryLinks: number[][] = [];
  for (let i = 0; i < n; i++) {
    rowStart[i] = cols.length;
    cols.push(i);
    entryLinks.push([-1]);
    for (const j of [...rows[i].keys()].sort((a, b) => a - b)) {
      cols.push(j);
      entryLinks.push(rows[i].get(j) as number[]);
    }
  }
  rowStart[n] = cols.length;
  return { index, rowStart, colIndex: Int32Array.from(cols), entryLinks, linkShare, links };
}

const active = (iv: { start: number; end?: number }, t: number) => t >= iv.start && t < (iv.end ?? Number.POSITIVE_INFINITY);

/**
 * Validates and compiles a model: CSR mobility and one coefficient set per epoch between schedule
 * changes. Compile once and reuse for many runs (ensembles, calibration).
 */
export function compileMetapop(input: MetapopModel): CompiledMetapop {
  const model = validateMetapopModel(input);
  const n = model.patches.length;
  const mob = compileMobility(model);
  const { rowStart, colIndex, entryLinks, linkShare, links, index } = mob;
  const population = Float64Array.from(model.patches, (p) => p.population);
  const E0 = Float64Array.from(model.patches, (p) => p.E0 ?? 0);
  const I0 = Float64Array.from(model.patches, (p) => p.I0 ?? 0);
  const R0 = Float64Array.from(model.patches, (p) => p.R0 ?? 0);
  const S0 = Float64Array.from(model.patches, (p, i) => p.population - E0[i] - I0[i] - R0[i]);
  const { beta, sigma, gamma } = model.disease;
  const sharesRaw = { ...DEFAULT_SETTING_SHARES, ...(model.settingShares ?? {}) } satisfies Record<Setting, number>;
  const shareTotal = SETTINGS.reduce((s, k) => s + sharesRaw[k], 0);
  const shares = SETTINGS.map((k) => sharesRaw[k] / shareTotal);
  const interventions = model.interventions ?? [];
  const patchSet = (ids: string[] | undefined) => (ids ? new Set(ids.map((id) => index.get(id) as number)) : null);

  const changeTimes = new Set<number>();
  for (const iv of interventions) {
    changeTimes.add(iv.start);
    if (iv.end !== undefined) changeTimes.add(iv.end);
  }
  const starts = [Number.NEGATIVE_INFINITY, ...[...changeTimes].sort((a, b) => a - b)];
  const epochs: Epoch[] = starts.map((start) => {
    // The coefficients of an epoch are those in force at its start (at −∞: none).
    const at = start;
    const linkFactor = new Float64Array(links.length).fill(1);
    const settingFactor = Array.from({ length: n }, () => new Float64Array(SETTINGS.length).fill(1));
    const iota = new Float64Array(n).fill(1);
    const importHazard = new Float64Array(n);
    const vaccHazard = new Float64Array(n);
    const spread = (amount: number, targets: Set<number> | null, out: Float64Array, scale: number) => {
      let pop = 0;
      for (let i = 0; i < n; i++) if (!targets || targets.has(i)) pop += population[i];
      // Split by population: a uniform per-person hazard amount / pop over the targeted patches.
      for (let i = 0; i < n; i++) if (!targets || targets.has(i)) out[i] += (amount * scale) / pop;
    };
    for (const iv of interventions) {
      if (!Number.isFinite(at) || !active(iv, at)) continue;
      switch (iv.type) {
        case 'contactReduction': {
          const targets = patchSet(iv.patches);
          for (let j = 0; j < n; j++) {
            if (targets && !targets.has(j)) continue;
            SETTINGS.forEach((s, k) => {
              // Overlapping reductions of the same setting act independently: factors multiply.
              if (iv.setting === undefined || iv.setting === 'all' || iv.setting === s) settingFactor[j][k] *= 1 - iv.reduction;
            });
          }
          break;
        }
        case 'mobilityRestriction': {
          const byId = iv.links ? new Set(iv.links) : null;
          const byKind = iv.kinds ? new Set(iv.kinds) : null;
          const byPatch = iv.patches ? new Set(iv.patches) : null;
          const everything = !byId && !byKind && !byPatch;
          links.forEach((l, k) => {
            const hit =
              everything || byId?.has(linkId(l)) || byKind?.has(l.kind ?? 'commuting') || byPatch?.has(l.from) || byPatch?.has(l.to);
            if (hit) linkFactor[k] *= 1 - iv.reduction;
          });
          break;
        }
        case 'isolation': {
          const targets = patchSet(iv.patches);
          const q = iv.detected * (iv.effectiveness ?? 1) * Math.exp(-gamma * (iv.delayDays ?? 2));
          for (let i = 0; i < n; i++) if (!targets || targets.has(i)) iota[i] *= 1 - q;
          break;
        }
        case 'vaccination':
          spread(iv.dosesPerDay, patchSet(iv.patches), vaccHazard, iv.efficacy ?? 0.8);
          break;
        case 'importation':
          spread(iv.perDay, patchSet(iv.patches), importHazard, 1);
          break;
      }
    }
    const c = new Float64Array(colIndex.length);
    for (let i = 0; i < n; i++) {
      let away = 0;
      for (let e = rowStart[i] + 1; e < rowStart[i + 1]; e++) {
        let share = 0;
        for (const k of entryLinks[e]) share += linkShare[k] * linkFactor[k];
        c[e] = share;
        away += share;
      }
      // Those who no longer travel spend the day at home.
      c[rowStart[i]] = Math.max(0, 1 - away);
    }
    const present = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let e = rowStart[i]; e < rowStart[i + 1]; e++) present[colIndex[e]] += c[e] * population[i];
    const coef = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let mult = 0;
      for (let k = 0; k < SETTINGS.length; k++) mult += shares[k] * settingFactor[j][k];
      coef[j] = present[j] > 0 ? (beta * mult) / present[j] : 0;
    }
    return { start, c, coef, iota, importHazard, vaccHazard };
  });
  return {
    n,
    patchIds: model.patches.map((p) => p.id),
    population,
    S0,
    E0,
    I0,
    R0,
    sigma,
    gamma,
    rowStart,
    colIndex,
    epochs,
    breakpoints: starts.slice(1),
  };
}

/** Index of the epoch in force at time t (right-continuous: a change at b applies from b on). */
export function epochAt(model: CompiledMetapop, t: number, hint = 0): number {
  const { epochs } = model;
  let e = Math.min(Math.max(hint, 0), epochs.length - 1);
  while (e > 0 && t < epochs[e].start) e--;
  while (e + 1 < epochs.length && t >= epochs[e + 1].start) e++;
  return e;
}

/**
 * Force of infection on the residents of every patch (per day) for infectious counts `I`:
 * Λ_i = Σ_j c_ij β m_j (Σ_k c_kj ι_k I_k) / N*_j. `present` (length n) is scratch space.
 * Allocation-free: O(number of links + patches).
 */
export function forceOfInfection(
  model: CompiledMetapop,
  epoch: Epoch,
  I: ArrayLike<number>,
  iOffset: number,
  present: Float64Array,
  out: Float64Array,
): void {
  const { n, rowStart, colIndex } = model;
  const { c, coef, iota } = epoch;
  present.fill(0);
  for (let i = 0; i < n; i++) {
    const w = iota[i] * I[iOffset + i];
    if (w === 0) continue;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) present[colIndex[e]] += c[e] * w;
  }
  for (let j = 0; j < n; j++) present[j] *= coef[j];
  for (let i = 0; i < n; i++) {
    let lam = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) lam += c[e] * present[colIndex[e]];
    out[i] = lam;
  }
}

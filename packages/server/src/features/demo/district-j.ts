/**
 * Generator of the demo district "District J" (嘉江区): a pure, deterministic function of a seed
 * and a start date. Same inputs, same district, byte for byte — on any machine — so that tests,
 * screenshots and training material agree.
 *
 * How the map is made: the eight street offices (街道) of the urban core sit on alternate banks
 * along the river; the twelve towns (镇) are placed at random (seeded) with a minimum spacing and
 * then spread evenly by three Lloyd iterations. Township polygons are the Voronoi cells of these
 * seats clipped to the convex district outline, computed with a kilometre metric, so they tile
 * the district exactly (no gaps, no overlaps) and the urban core comes out fine-grained.
 */
import {
  type Point,
  type Polygon,
  area,
  centroid,
  clipPolylineToConvex,
  distanceToBoundary,
  distanceToPolyline,
  pointInPolygon,
  sharedBorders,
  snapVertices,
  voronoiCells,
} from './geometry.ts';
import {
  ADJACENT_DISTRICTS,
  COMMUNITY_WORDS,
  DISTRICT_AGENCIES,
  DISTRICT_CODE,
  DISTRICT_NAME,
  DISTRICT_NAME_EN,
  DISTRICT_OUTLINE,
  FACILITIES,
  GIVEN_NAMES,
  KM_PER_DEGREE,
  PORT_NAME,
  PORT_NAME_EN,
  PORT_STREET,
  RIVER,
  RIVER_NAME,
  RIVER_NAME_EN,
  ROAD_NAMES,
  STREETS,
  SURNAMES,
  TOWNS,
} from './district-j.data.ts';
import type { AgencyKind, FacilityType, MapFeatureGeometry, MapFeatureKind } from '../registry/registry.tables.ts';
import { type DemoRandom, apportion, createDemoRandom } from '../../platform/demo/random.ts';

/** The seed used by `outbreak serve` and `outbreak seed --demo` unless told otherwise. */
export const DEFAULT_DEMO_SEED = 20_260_101;

/** Options of {@link generateDistrictJ}. */
export interface DistrictJOptions {
  /** Seed of every random choice. */
  seed: number;
  /** First day of the duty roster, `YYYY-MM-DD`. */
  rosterStart: string;
  /** Number of roster days from `rosterStart`. */
  rosterDays: number;
}

const DEFAULTS: DistrictJOptions = { seed: DEFAULT_DEMO_SEED, rosterStart: '2026-01-01', rosterDays: 28 };

/** A district, township or community of the demo district. */
export interface DemoJurisdiction {
  level: 'district' | 'township' | 'community';
  /** 6 digits for the district, 12 for townships and communities; unique, the natural key. */
  code: string;
  /** Code of the parent, `null` for the district (the root of a deployment). */
  parentCode: string | null;
  name: string;
  nameEn: string;
  population: number;
  /** `[lon, lat]`: the area centroid of the polygon, or the community's point. */
  centroid: Point;
  /** Outline `[lon, lat]` counter-clockwise, not closed; `null` for communities (points). */
  polygon: Polygon | null;
}

/** A township with the facts only townships have. */
export interface DemoTownship extends DemoJurisdiction {
  level: 'township';
  polygon: Polygon;
  kind: 'street' | 'town';
  /** Area in square kilometres. */
  areaKm2: number;
  /** Codes of townships sharing a boundary edge with this one. */
  neighbours: string[];
}

/** A neighbouring district with its daily person-trips to and from District J. */
export interface DemoAdjacentDistrict {
  code: string;
  name: string;
  nameEn: string;
  population: number;
  centroid: Point;
  /** Daily person-trips by mode: `in` = into District J, `out` = out of it. Zero where no link. */
  flows: Record<'road' | 'rail' | 'river', { in: number; out: number }>;
}

/** One duty-roster slot. */
export interface DemoRosterEntry {
  date: string;
  shift: 'day' | 'night' | 'all_day';
  personName: string;
  phone: string;
  role: string;
}

/** An agency of the joint prevention and control mechanism. */
export interface DemoAgency {
  code: string;
  name: string;
  nameEn: string;
  kind: AgencyKind;
  jurisdictionCode: string;
  contactPerson: string;
  phone: string;
  email: string;
  address: string;
  duties: string;
  roster: DemoRosterEntry[];
}

/** A facility with its capacities. */
export interface DemoFacility {
  name: string;
  nameEn: string;
  type: FacilityType;
  jurisdictionCode: string;
  address: string;
  location: Point;
  beds: number;
  icuBeds: number;
  isolationRooms: number;
  rooms: number;
  phone: string;
}

/** Everything the seeder writes. */
export interface DemoDistrict {
  seed: number;
  district: DemoJurisdiction;
  townships: DemoTownship[];
  communities: DemoJurisdiction[];
  /** The river centre line `[lon, lat]`, west to east. */
  river: Point[];
  /** The port's berth on the river. */
  port: Point;
  adjacentDistricts: DemoAdjacentDistrict[];
  /** Pairs of townships sharing a border, with its length (the same facts as `neighbours`, as pairs). */
  borders: DemoBorder[];
  /** Synthetic daily commuting between townships ({@link commutingFlows}). */
  commuting: DemoCommute[];
  /** The river's reach in each township and the port, for the map ({@link riverAndPortFeatures}). */
  mapFeatures: DemoMapFeature[];
  agencies: DemoAgency[];
  facilities: DemoFacility[];
}

const round7 = (p: Point): Point => [Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7];
const round6 = (p: Point): Point => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];

/** Kilometre distance between two `[lon, lat]` points near the district (equirectangular). */
export function distanceKm(a: Point, b: Point): number {
  return Math.hypot((a[0] - b[0]) * KM_PER_DEGREE[0], (a[1] - b[1]) * KM_PER_DEGREE[1]);
}

/** Latitude of the river centre line at a longitude (linear between samples). */
export function riverLatitude(lon: number): number {
  for (let i = 0; i + 1 < RIVER.length; i++) {
    const [x1, y1] = RIVER[i];
    const [x2, y2] = RIVER[i + 1];
    if (lon >= x1 && lon <= x2) return y1 + ((lon - x1) / (x2 - x1)) * (y2 - y1);
  }
  throw new RangeError(`longitude ${lon} is outside the river's extent`);
}

/**
 * Generates District J.
 * @example const dj = generateDistrictJ({ seed: 7, rosterStart: '2026-03-01' }); dj.townships.length // 20
 */
export function generateDistrictJ(options: Partial<DistrictJOptions> = {}): DemoDistrict {
  const opts = { ...DEFAULTS, ...options } satisfies DistrictJOptions;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.rosterStart) || Number.isNaN(Date.parse(`${opts.rosterStart}T00:00:00Z`))) {
    throw new RangeError(`rosterStart must be a date YYYY-MM-DD, got '${opts.rosterStart}'`);
  }
  // Separate streams per concern, so that e.g. adding a facility does not move every township.
  const rndMap = createDemoRandom(opts.seed);
  const rndPeople = createDemoRandom(opts.seed ^ 0x5bd1e995);
  const rndPlaces = createDemoRandom(opts.seed ^ 0x27d4eb2f);

  const townships = makeTownships(rndMap);
  const communities = makeCommunities(rndMap, townships);
  const districtPolygon = DISTRICT_OUTLINE.map(round7);
  const district: DemoJurisdiction = {
    level: 'district',
    code: DISTRICT_CODE,
    parentCode: null,
    name: DISTRICT_NAME,
    nameEn: DISTRICT_NAME_EN,
    population: townships.reduce((s, t) => s + t.population, 0),
    centroid: round6(centroid(districtPolygon)),
    polygon: districtPolygon,
  };
  const port = portBerth(townships);

  return {
    seed: opts.seed,
    district,
    townships,
    communities,
    river: RIVER,
    port,
    adjacentDistricts: makeAdjacentDistricts(rndPlaces),
    borders: townshipBorders(townships),
    commuting: commutingFlows(townships),
    mapFeatures: riverAndPortFeatures(townships),
    agencies: makeAgencies(rndPeople, rndPlaces, district, townships, opts),
    facilities: makeFacilities(rndPlaces, townships, port),
  };
}

function makeTownships(rnd: DemoRandom): DemoTownship[] {
  const outline = DISTRICT_OUTLINE;
  // Street seats: evenly along the core stretch of the river, on alternate banks ~1.5 km off it.
  const streetSites: Point[] = STREETS.map((s, k) => {
    const lon = 106.43 + k * 0.0225 + rnd.uniform(-0.003, 0.003);
    const offset = (s.bank === 'north' ? 1 : -1) * (0.013 + rnd.uniform(-0.002, 0.002));
    return [lon, riverLatitude(lon) + offset];
  });
  // Town seats: rejection sampling with spacing; the spacing relaxes if the district gets crowded.
  const [minLon, maxLon] = [Math.min(...outline.map((p) => p[0])), Math.max(...outline.map((p) => p[0]))];
  const [minLat, maxLat] = [Math.min(...outline.map((p) => p[1])), Math.max(...outline.map((p) => p[1]))];
  let townSites: Point[] = [];
  for (let spacingKm = 9; townSites.length < TOWNS.length; spacingKm *= 0.9) {
    townSites = [];
    for (let attempt = 0; attempt < 5000 && townSites.length < TOWNS.length; attempt++) {
      const p: Point = [rnd.uniform(minLon, maxLon), rnd.uniform(minLat, maxLat)];
      if (!pointInPolygon(p, outline)) continue;
      if (distanceToBoundary(p, outline) * KM_PER_DEGREE[1] < 2) continue;
      if (streetSites.some((s) => distanceKm(p, s) < 6.5)) continue;
      if (townSites.some((s) => distanceKm(p, s) < spacingKm)) continue;
      townSites.push(p);
    }
  }
  // Lloyd relaxation of the towns only: the core stays where the river put it.
  for (let iter = 0; iter < 3; iter++) {
    const cells = voronoiCells([...streetSites, ...townSites], outline, KM_PER_DEGREE);
    townSites = townSites.map((_, i) => centroid(cells[STREETS.length + i]));
  }
  // Number towns clockwise from north around the district centre, as a clerk would list them.
  const centre = centroid(outline);
  const bearing = (p: Point) => (Math.atan2(p[0] - centre[0], p[1] - centre[1]) + 2 * Math.PI) % (2 * Math.PI);
  townSites.sort((a, b) => bearing(a) - bearing(b));

  const sites = [...streetSites, ...townSites];
  // Snapped but not rounded: rounding would pull the vertices that lie on the outline's edges off those edges,
  // and the tiling would be exact only to the rounding step instead of to floating-point precision.
  const cells = snapVertices(voronoiCells(sites, outline, KM_PER_DEGREE), 1e-9);
  const kmPerDeg2 = KM_PER_DEGREE[0] * KM_PER_DEGREE[1];
  const townships: DemoTownship[] = sites.map((_, i) => {
    const isStreet = i < STREETS.length;
    const spec = isStreet ? STREETS[i] : TOWNS[i - STREETS.length];
    const serial = isStreet ? i + 1 : 100 + (i - STREETS.length + 1);
    // Urban street offices hold 60–115 thousand residents, towns 28–56 thousand (census-like sizes).
    const population = isStreet ? rnd.int(60_000, 115_000) : rnd.int(28_000, 56_000);
    return {
      level: 'township',
      kind: isStreet ? 'street' : 'town',
      code: `${DISTRICT_CODE}${String(serial).padStart(3, '0')}000`,
      parentCode: DISTRICT_CODE,
      name: spec.name,
      nameEn: spec.nameEn,
      population,
      centroid: round6(centroid(cells[i])),
      polygon: cells[i],
      areaKm2: Math.round(area(cells[i]) * kmPerDeg2 * 100) / 100,
      neighbours: [],
    };
  });
  for (const { a, b } of sharedBorders(cells)) {
    townships[a].neighbours.push(townships[b].code);
    townships[b].neighbours.push(townships[a].code);
  }
  for (const t of townships) t.neighbours.sort();
  return townships;
}

/** A point inside `polygon`, at least `marginDeg` from its edge (rejection sampling). */
function pointInside(rnd: DemoRandom, polygon: Polygon, marginDeg: number): Point {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  for (let margin = marginDeg; ; margin /= 2) {
    for (let attempt = 0; attempt < 2000; attempt++) {
      const p: Point = round6([rnd.uniform(Math.min(...xs), Math.max(...xs)), rnd.uniform(Math.min(...ys), Math.max(...ys))]);
      if (pointInPolygon(p, polygon) && distanceToBoundary(p, polygon) >= margin) return p;
    }
  }
}

function makeCommunities(rnd: DemoRandom, townships: DemoTownship[]): DemoJurisdiction[] {
  const out: DemoJurisdiction[] = [];
  for (const t of townships) {
    // Street offices are all residents' committees; towns have a few around the seat, the rest villages.
    const urban = t.kind === 'street' ? rnd.int(12, 18) : rnd.int(2, 4);
    const villages = t.kind === 'street' ? 0 : rnd.int(8, 14);
    const words = rnd.shuffle(COMMUNITY_WORDS).slice(0, urban + villages);
    // Town seats are denser than villages: weight residents' committees ×2.5.
    const weights = words.map((_, k) => (k < urban && t.kind === 'town' ? 2.5 : 1) * rnd.uniform(0.5, 1.5));
    const populations = apportion(t.population, weights);
    words.forEach(([zh, en], k) => {
      const isVillage = k >= urban;
      const serial = isVillage ? 200 + (k - urban) + 1 : k + 1;
      out.push({
        level: 'community',
        code: `${t.code.slice(0, 9)}${String(serial).padStart(3, '0')}`,
        parentCode: t.code,
        name: `${zh}${isVillage ? '村' : '社区'}`,
        nameEn: `${en} ${isVillage ? 'Village' : 'Community'}`,
        population: populations[k],
        // ~200 m clear of the township boundary, so a point never sits on the line.
        centroid: pointInside(rnd, t.polygon as Polygon, 0.002),
        polygon: null,
      });
    });
  }
  return out;
}

function makeAdjacentDistricts(rnd: DemoRandom): DemoAdjacentDistrict[] {
  return ADJACENT_DISTRICTS.map((d) => {
    const flow = (present: boolean, min: number, max: number) => {
      if (!present) return { in: 0, out: 0 };
      const inbound = Math.round(rnd.uniform(min, max) / 10) * 10;
      // Commuting is nearly symmetric over a day; allow ±8 % net.
      return { in: inbound, out: Math.round((inbound * rnd.uniform(0.92, 1.08)) / 10) * 10 };
    };
    return {
      code: d.code,
      name: d.name,
      nameEn: d.nameEn,
      population: Math.round(rnd.uniform(d.population[0], d.population[1]) / 100) * 100,
      centroid: d.centroid,
      flows: {
        road: flow(true, 18_000, 75_000),
        rail: flow(d.rail, 2_500, 14_000),
        river: flow(d.river, 400, 3_500),
      },
    };
  });
}

function personName(rnd: DemoRandom): string {
  return `${rnd.pick(SURNAMES)[0]}${rnd.pick(GIVEN_NAMES)[0]}`;
}

function mobile(rnd: DemoRandom): string {
  return `1${rnd.pick(['38', '39', '58', '77', '86', '89'])}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`;
}

function officePhone(rnd: DemoRandom): string {
  // Chongqing-style 8-digit landline behind the area code 023.
  return `023-${rnd.int(6100, 6899)}${String(rnd.int(0, 9999)).padStart(4, '0')}`;
}

function address(rnd: DemoRandom, township: DemoTownship): string {
  return `${DISTRICT_NAME}${township.name}${rnd.pick(ROAD_NAMES)}${rnd.int(1, 399)}号`;
}

/** ISO dates from `start` for `days` days (UTC calendar arithmetic, no time-zone drift). */
export function dateRange(start: string, days: number): string[] {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(t0 + i * 86_400_000).toISOString().slice(0, 10));
}

function makeAgencies(
  rndPeople: DemoRandom,
  rndPlaces: DemoRandom,
  district: DemoJurisdiction,
  townships: DemoTownship[],
  opts: DistrictJOptions,
): DemoAgency[] {
  const dates = dateRange(opts.rosterStart, opts.rosterDays);
  const core = townships.filter((t) => t.kind === 'street');
  const roster = (withLeader: boolean): DemoRosterEntry[] => {
    // A pool of staff takes turns: day and night duty officers, and for district agencies a
    // 24-hour duty leader (带班领导) as in government duty systems.
    const staff = Array.from({ length: 6 }, () => ({ personName: personName(rndPeople), phone: mobile(rndPeople) }));
    const leaders = Array.from({ length: 3 }, () => ({ personName: personName(rndPeople), phone: mobile(rndPeople) }));
    const entries: DemoRosterEntry[] = [];
    dates.forEach((date, d) => {
      if (withLeader) entries.push({ date, shift: 'all_day', ...leaders[d % leaders.length], role: '带班领导' });
      entries.push({ date, shift: 'day', ...staff[(2 * d) % staff.length], role: '值班员' });
      entries.push({ date, shift: 'night', ...staff[(2 * d + 1) % staff.length], role: '值班员' });
    });
    return entries;
  };
  const agencies: DemoAgency[] = DISTRICT_AGENCIES.map((a) => ({
    code: a.code,
    name: a.name,
    nameEn: a.nameEn,
    kind: a.kind,
    jurisdictionCode: district.code,
    contactPerson: personName(rndPeople),
    phone: officePhone(rndPeople),
    email: a.email,
    address: address(rndPlaces, rndPlaces.pick(core)),
    duties: a.duties,
    roster: roster(true),
  }));
  for (const t of townships) {
    const serial = t.code.slice(6, 9);
    const government = t.kind === 'street' ? `${t.name}办事处` : `${t.name}人民政府`;
    const governmentEn = t.kind === 'street' ? `${t.nameEn} Office` : `${t.nameEn} People's Government`;
    agencies.push({
      code: `JJ-T${serial}-GOV`,
      name: government,
      nameEn: governmentEn,
      kind: 'township_government',
      jurisdictionCode: t.code,
      contactPerson: personName(rndPeople),
      phone: officePhone(rndPeople),
      email: `t${serial}@districtj.example`,
      address: address(rndPlaces, t),
      duties: '落实属地防控责任；组织辖区排查、管控与转运；保障隔离人员生活；向区联防联控机制报告。',
      roster: roster(false),
    });
    agencies.push({
      code: `JJ-T${serial}-GRID`,
      name: `${t.name}网格工作站`,
      nameEn: `${t.nameEn} Grid Work Station`,
      kind: 'community_grid',
      jurisdictionCode: t.code,
      contactPerson: personName(rndPeople),
      phone: mobile(rndPeople),
      email: `grid${serial}@districtj.example`,
      address: address(rndPlaces, t),
      duties: '社区（村）网格员入户排查与登记；居家隔离与健康监测人员每日随访；重点场所巡查。',
      roster: roster(false),
    });
  }
  return agencies;
}

function makeFacilities(rnd: DemoRandom, townships: DemoTownship[], port: Point): DemoFacility[] {
  const byName = new Map(townships.map((t) => [t.name, t]));
  const out: DemoFacility[] = FACILITIES.map((f) => {
    const t = byName.get(f.township);
    if (!t) throw new Error(`facility ${f.name} names unknown township ${f.township}`);
    // Quarantine hotels vary in size; one room per person, so beds = rooms.
    const rooms = f.type === 'quarantine_hotel' ? rnd.int(8, 22) * 10 : f.rooms;
    return {
      name: f.name,
      nameEn: f.nameEn,
      type: f.type,
      jurisdictionCode: t.code,
      address: address(rnd, t),
      // The station stands at the berth; the rest somewhere inside their township.
      location: f.type === 'port_quarantine' ? port : pointInside(rnd, t.polygon as Polygon, 0.002),
      beds: f.type === 'quarantine_hotel' ? rooms : f.beds,
      icuBeds: f.icuBeds,
      isolationRooms: f.isolationRooms,
      rooms,
      phone: officePhone(rnd),
    };
  });
  for (const t of townships) {
    const street = t.kind === 'street';
    out.push({
      name: street ? `${t.name}社区卫生服务中心` : `${t.name}卫生院`,
      nameEn: street ? `${t.nameEn} Community Health Service Centre` : `${t.nameEn} Health Centre`,
      type: 'township_health_centre',
      jurisdictionCode: t.code,
      address: address(rnd, t),
      location: pointInside(rnd, t.polygon as Polygon, 0.002),
      // Town health centres keep inpatient beds; urban centres mostly do not.
      beds: street ? rnd.int(0, 3) * 10 : rnd.int(3, 8) * 10,
      icuBeds: 0,
      isolationRooms: rnd.int(1, 4),
      rooms: 0,
      phone: officePhone(rnd),
    });
  }
  return out;
}

// ── derived facts: borders, commuting, river and port ─────────────────────────────────────────────
// These take townships as generated *or as read back from the database*, so that the seeder can fill them in
// for a district seeded before they were stored (migration 0003) from the outlines it finds there.

/** What the derivations need of a township. */
export interface TownshipShape {
  /** 12-digit code; digits 7–9 are the serial: 001–099 street office (街道), 100–199 town (镇), GB/T 10114. */
  code: string;
  name: string;
  nameEn: string;
  population: number;
  /** `[lon, lat]` */
  centroid: Point;
  /** Outline `[lon, lat]`, convex, not closed. */
  polygon: Polygon;
}

/** Two townships sharing a border; `a` < `b` by code. */
export interface DemoBorder {
  a: string;
  b: string;
  /** Length of the common border in km, to the metre. */
  borderKm: number;
}

/**
 * Pairs of townships sharing a border of positive length (a common corner is not a border), with its length
 * in km (kilometre metric of {@link KM_PER_DEGREE}). Exact for the generator's snapped Voronoi cells, whose
 * shared edges have identical vertices; ordered by `a`, then `b`.
 */
export function townshipBorders(townships: TownshipShape[]): DemoBorder[] {
  return sharedBorders(
    townships.map((t) => t.polygon),
    KM_PER_DEGREE,
  )
    .map(({ a, b, length }) => {
      const [x, y] = [townships[a].code, townships[b].code].sort();
      return { a: x!, b: y!, borderKm: Math.round(length * 1000) / 1000 };
    })
    .sort((p, q) => p.a.localeCompare(q.a) || p.b.localeCompare(q.b));
}

/** Parameters of {@link commutingFlows}. Assumed for the demo, not fitted to any survey. */
export interface CommutingOptions {
  /** Share of a street office's residents who spend the working day in another township of the district. */
  streetShare: number;
  /** The same for a town's residents (rural townships commute less and over longer distances). */
  townShare: number;
  /** Exponent γ of the distance deterrence d^-γ (d in km between centroids). */
  distanceExponent: number;
}

/** Defaults of {@link commutingFlows}: 18 % of urban and 7 % of rural residents commute, γ = 2. */
export const COMMUTING_DEFAULTS: CommutingOptions = { streetShare: 0.18, townShare: 0.07, distanceExponent: 2 };

/** Residents of `from` who spend a typical working day in `to` (each counted once, not per trip leg). */
export interface DemoCommute {
  from: string;
  to: string;
  dailyTrips: number;
}

/** Whether a township code is a street office's (serial 001–099, GB/T 10114). */
export const isStreetCode = (code: string): boolean => Number(code.slice(6, 9)) < 100;

/**
 * Synthetic township-to-township commuting: a production-constrained gravity model (Wilson 1971, "A family of
 * spatial interaction models, and associated developments", Environment and Planning A 3(1):1–32). Township i
 * sends O_i = share_i · P_i commuters, split among the other townships j in proportion to P_j · d_ij^-γ, with
 * d_ij the centroid distance in km; integer counts by the largest-remainder method, so each origin's row sums
 * to O_i exactly. Gravity models of this shape are the usual stand-in for commuting data in metapopulation
 * epidemic models (Viboud et al. 2006, Science 312:447–451). Demo data only: real flows come from surveys or
 * mobile-phone data. Pairs with no commuter are left out; ordered by `from`, then `to`.
 */
export function commutingFlows(townships: TownshipShape[], options: Partial<CommutingOptions> = {}): DemoCommute[] {
  const opts = { ...COMMUTING_DEFAULTS, ...options } satisfies CommutingOptions;
  const sorted = [...townships].sort((a, b) => a.code.localeCompare(b.code));
  const out: DemoCommute[] = [];
  for (const origin of sorted) {
    const others = sorted.filter((t) => t.code !== origin.code);
    if (others.length === 0) continue;
    const commuters = Math.round((isStreetCode(origin.code) ? opts.streetShare : opts.townShare) * origin.population);
    const weights = others.map((t) => t.population * Math.max(distanceKm(origin.centroid, t.centroid), 0.1) ** -opts.distanceExponent);
    apportion(commuters, weights).forEach((dailyTrips, k) => {
      if (dailyTrips > 0) out.push({ from: origin.code, to: others[k]!.code, dailyTrips });
    });
  }
  return out;
}

/** A feature of the map that is not a jurisdiction: the river's reach in a township, the port. */
export interface DemoMapFeature {
  kind: MapFeatureKind;
  /** The township it lies in (which scopes it). */
  jurisdictionCode: string;
  name: string;
  nameEn: string;
  geometry: MapFeatureGeometry;
}

/**
 * The port's berth: the first point inside the port street (at least ~50 m from its edge) when walking from
 * the river towards the street's centroid, so the port lies on the street's own bank.
 */
export function portBerth(townships: TownshipShape[]): Point {
  const portStreet = townships.find((t) => t.name === PORT_STREET);
  if (!portStreet) throw new Error(`port street ${PORT_STREET} missing from the townships`);
  const from: Point = [portStreet.centroid[0], riverLatitude(portStreet.centroid[0])];
  for (let k = 0; k <= 20; k++) {
    const p = round6([from[0] + (k / 20) * (portStreet.centroid[0] - from[0]), from[1] + (k / 20) * (portStreet.centroid[1] - from[1])]);
    if (pointInPolygon(p, portStreet.polygon) && distanceToBoundary(p, portStreet.polygon) > 0.0005) return p;
  }
  return portStreet.centroid;
}

/**
 * The river cut into its reach within each township it crosses (the outlines are convex, so each cut is a
 * Cyrus–Beck clip; a reach that leaves and re-enters a township is a MultiLineString), then the port as a point
 * in the port street. Coordinates to 6 decimals (~10 cm). Ordered by township code, the port last.
 */
export function riverAndPortFeatures(townships: TownshipShape[]): DemoMapFeature[] {
  const out: DemoMapFeature[] = [];
  for (const t of [...townships].sort((a, b) => a.code.localeCompare(b.code))) {
    const pieces = clipPolylineToConvex(RIVER, t.polygon)
      .map((piece) => piece.map(round6))
      .filter((piece) => piece.length >= 2 && (piece[0]![0] !== piece.at(-1)![0] || piece[0]![1] !== piece.at(-1)![1]));
    if (pieces.length === 0) continue;
    out.push({
      kind: 'river',
      jurisdictionCode: t.code,
      name: `${RIVER_NAME}（${t.name}段）`,
      nameEn: `${RIVER_NAME_EN} (${t.nameEn} reach)`,
      geometry: pieces.length === 1 ? { type: 'LineString', coordinates: pieces[0]! } : { type: 'MultiLineString', coordinates: pieces },
    });
  }
  const portStreet = townships.find((t) => t.name === PORT_STREET);
  if (portStreet) {
    out.push({
      kind: 'port',
      jurisdictionCode: portStreet.code,
      name: PORT_NAME,
      nameEn: PORT_NAME_EN,
      geometry: { type: 'Point', coordinates: portBerth(townships) },
    });
  }
  return out;
}

/** Whether a point lies within `km` of the river centre line (used by tests and docs). */
export function nearRiver(p: Point, km: number): boolean {
  // Degrees → km with the latitude scale: the river runs roughly west–east, so offsets are mostly north–south.
  return distanceToPolyline(p, RIVER) * KM_PER_DEGREE[1] <= km;
}

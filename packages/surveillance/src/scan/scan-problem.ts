/**
 * Turns a scan input into the typed arrays the kernel works on: counts by location and day,
 * each centre's neighbour order (computed once), and the list of allowed time windows.
 * Everything here is plain typed arrays so that the same object can be posted to worker threads.
 */
import type { CartesianLocation, LatLongLocation, ScanInput, ScanOptions } from './scan-types.ts';

/** An input that the scan cannot use; `field` names the offending field (e.g. `cases[12].date`). */
export class ScanInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ScanInputError';
  }
}

/** SaTScan's earth radius for lat/long data (LatLong.cpp `ConvertFromLatLong`), km. */
export const EARTH_RADIUS_KM = 6367;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number (days since 1970-01-01) of an ISO date, or NaN when it is not a real calendar date. */
export function isoToDay(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) return Number.NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCFullYear() !== Number(m[1]) || back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3]))
    return Number.NaN;
  return ms / MS_PER_DAY;
}

/** ISO date of a day number. */
export function dayToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The prepared scan: inputs reduced to typed arrays (no strings in the hot path). */
export interface ScanProblem {
  nLocations: number;
  /** days in the study period */
  nDays: number;
  /** day number of the first study day */
  firstDay: number;
  /** total cases C */
  totalCases: number;
  /** cases by location and day, row-major: counts[z * nDays + d] */
  counts: Int32Array;
  /** S(z): cases at location z over the study period */
  locationTotals: Float64Array;
  /** T(d): cases on day d over all locations */
  dayTotals: Float64Array;
  /** neighbours of centre i are neighbours[neighbourStart[i] .. neighbourStart[i+1]) in distance order */
  neighbourStart: Int32Array;
  neighbours: Int32Array;
  /** running total of S over each centre's neighbour list (same indexing as `neighbours`) */
  neighbourCumCases: Float64Array;
  /** distance of each neighbour from its centre (same indexing) */
  neighbourDistance: Float64Array;
  /** first study day the windows can touch; days before it never enter a prospective scan */
  scanFirstDay: number;
  /**
   * Allowed windows as half-open day ranges [windowStart, windowEnd) relative to `scanFirstDay`,
   * with T summed over the window.
   */
  windowStart: Int32Array;
  windowEnd: Int32Array;
  windowCases: Float64Array;
  minCasesInCluster: number;
}

function coordinatesOf(input: ScanInput): { dims: number; coords: Float64Array } {
  const n = input.locations.length;
  if (input.coordinates === 'cartesian') {
    const coords = new Float64Array(n * 2);
    input.locations.forEach((loc, i) => {
      const { x, y } = loc as CartesianLocation;
      if (!Number.isFinite(x)) throw new ScanInputError(`locations[${i}].x`, `not a finite number (${String(x)})`);
      if (!Number.isFinite(y)) throw new ScanInputError(`locations[${i}].y`, `not a finite number (${String(y)})`);
      coords[i * 2] = x;
      coords[i * 2 + 1] = y;
    });
    return { dims: 2, coords };
  }
  if (input.coordinates !== 'latlong')
    throw new ScanInputError('coordinates', `must be 'cartesian' or 'latlong', got '${String(input.coordinates)}'`);
  // SaTScan measures lat/long distances as 3-D chords on a sphere (UtilityFunctions.cpp ConvertFromLatLong).
  const coords = new Float64Array(n * 3);
  input.locations.forEach((loc, i) => {
    const { lat, long } = loc as LatLongLocation;
    if (!Number.isFinite(lat) || lat < -90 || lat > 90)
      throw new ScanInputError(`locations[${i}].lat`, `not a latitude in [-90, 90] (${String(lat)})`);
    if (!Number.isFinite(long) || long < -180 || long > 180)
      throw new ScanInputError(`locations[${i}].long`, `not a longitude in [-180, 180] (${String(long)})`);
    const la = (lat * Math.PI) / 180;
    const lo = (long * Math.PI) / 180;
    coords[i * 3] = EARTH_RADIUS_KM * Math.cos(lo) * Math.cos(la);
    coords[i * 3 + 1] = EARTH_RADIUS_KM * Math.sin(lo) * Math.cos(la);
    coords[i * 3 + 2] = EARTH_RADIUS_KM * Math.sin(la);
  });
  return { dims: 3, coords };
}

/** Distance reported for a squared chord: Euclidean, or great-circle km for lat/long (2R·asin(chord/2R)). */
function reportedDistance(distSq: number, latlong: boolean): number {
  const chord = Math.sqrt(distSq);
  if (!latlong) return chord;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, chord / (2 * EARTH_RADIUS_KM)));
}

function checkOptions(o: ScanOptions): void {
  const positiveInt = (name: keyof ScanOptions, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new ScanInputError(`options.${name}`, `must be an integer ≥ ${min}, got ${v}`);
  };
  if (o.analysis !== 'prospective' && o.analysis !== 'retrospective')
    throw new ScanInputError('options.analysis', `must be 'prospective' or 'retrospective', got '${String(o.analysis)}'`);
  if (!(o.maxSpatialFractionOfCases > 0 && o.maxSpatialFractionOfCases <= 1))
    throw new ScanInputError('options.maxSpatialFractionOfCases', `must be in (0, 1], got ${o.maxSpatialFractionOfCases}`);
  if (o.maxSpatialDistance !== null && !(o.maxSpatialDistance >= 0))
    throw new ScanInputError('options.maxSpatialDistance', `must be ≥ 0 or null, got ${o.maxSpatialDistance}`);
  positiveInt('minTemporalDays', o.minTemporalDays, 1);
  positiveInt('maxTemporalDays', o.maxTemporalDays, o.minTemporalDays);
  positiveInt('minCasesInCluster', o.minCasesInCluster, 1);
  positiveInt('replications', o.replications, 0);
  positiveInt('earlyTerminationThreshold', o.earlyTerminationThreshold, 1);
  if (!Number.isFinite(o.seed)) throw new ScanInputError('options.seed', `must be a finite number, got ${o.seed}`);
  if (o.pValueReporting !== 'standard' && o.pValueReporting !== 'sequential')
    throw new ScanInputError('options.pValueReporting', `must be 'standard' or 'sequential', got '${String(o.pValueReporting)}'`);
}

/** `bucketSortByDistance` gives up (and `sortByDistance` sorts) when a bucket holds more locations than this. */
const MAX_BUCKET = 64;

/**
 * Writes into `order` the indices 0..n−1 sorted by `tieOrder` (distance, then coordinates, then index),
 * as `sortByDistance` does, by a bucket sort: n buckets of equal width in squared distance, each sorted
 * by insertion. Squared distances from a centre are spread about evenly for locations spread over an
 * area, so a bucket holds one or two locations and the sort costs about n steps: 2,000 centres × 2,000
 * locations in ≈ 0.04 s instead of ≈ 0.6 s. Returns false, leaving `order` to be rewritten, when a bucket
 * gets more than MAX_BUCKET locations (many at the same place or distance, where insertion would be slow).
 */
function bucketSortByDistance(
  distSq: Float64Array,
  bucketEnd: Int32Array,
  order: Int32Array,
  tieOrder: (a: number, b: number) => number,
): boolean {
  const n = distSq.length;
  let max = 0;
  for (let j = 0; j < n; j++) if (distSq[j] > max) max = distSq[j];
  // Bucket b holds distances in [b, b + 1)·max/(n − 1); the farthest location falls in bucket n − 1.
  const scale = max > 0 ? (n - 1) / max : 0;
  bucketEnd.fill(0);
  for (let j = 0; j < n; j++) bucketEnd[((distSq[j] * scale) | 0) + 1]++;
  for (let b = 1; b <= n; b++) bucketEnd[b] += bucketEnd[b - 1];
  // bucketEnd[b] starts as bucket b's first slot and, once its locations are placed, is its end.
  for (let j = 0; j < n; j++) order[bucketEnd[(distSq[j] * scale) | 0]++] = j;
  let start = 0;
  for (let b = 0; b < n; b++) {
    const end = bucketEnd[b];
    if (end - start > MAX_BUCKET) return false;
    for (let x = start + 1; x < end; x++) {
      const v = order[x];
      let y = x - 1;
      while (y >= start && tieOrder(order[y], v) > 0) {
        order[y + 1] = order[y];
        y--;
      }
      order[y + 1] = v;
    }
    start = end;
  }
  return true;
}

/**
 * Writes into `order` the indices 0..n−1 sorted by `distSq`, ties by `tieOrder`. The distances are
 * sorted natively (no comparator calls), each index finds its place by binary search, and only runs of
 * equal distances are sorted with the comparator: about three times faster than a comparator sort,
 * which matters with thousands of centres.
 */
function sortByDistance(
  distSq: Float64Array,
  sortedKeys: Float64Array,
  taken: Int32Array,
  order: Int32Array,
  tieOrder: (a: number, b: number) => number,
): void {
  const n = distSq.length;
  sortedKeys.set(distSq);
  sortedKeys.sort();
  taken.fill(0);
  for (let j = 0; j < n; j++) {
    const key = distSq[j];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortedKeys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    order[lo + taken[lo]++] = j; // equal distances fill their run in index order
  }
  for (let a = 0; a < n; ) {
    let b = a + 1;
    while (b < n && sortedKeys[b] === sortedKeys[a]) b++;
    if (b - a > 1) order.subarray(a, b).sort(tieOrder);
    a = b;
  }
}

/**
 * Validates the input and builds the typed-array problem.
 *
 * Circles (Kulldorff et al. 2005; SaTScan CentroidNeighborCalculator): for each location as centre,
 * locations sorted by distance (equal distances: smaller coordinates first, x then y (then z)),
 * the first k for k = 1, 2, … while the running total of cases S stays ≤ maxSpatialFractionOfCases·C
 * (for this model a location's "population at risk" is its case count) and, when set, the distance
 * ≤ maxSpatialDistance (for lat/long the chord, as SaTScan measures it; it differs from the great-circle
 * distance by about 1e-7 relative at 10 km).
 */
export function buildScanProblem(input: ScanInput, options: ScanOptions): ScanProblem {
  checkOptions(options);
  const nLocations = input.locations.length;
  if (nLocations === 0) throw new ScanInputError('locations', 'no locations');
  const locationIndex = new Map<string, number>();
  input.locations.forEach((loc, i) => {
    if (typeof loc.id !== 'string' || loc.id === '') throw new ScanInputError(`locations[${i}].id`, 'missing id');
    if (locationIndex.has(loc.id)) throw new ScanInputError(`locations[${i}].id`, `duplicate location id '${loc.id}'`);
    locationIndex.set(loc.id, i);
  });
  const { dims, coords } = coordinatesOf(input);
  const latlong = dims === 3;

  // Study period and per-row validation.
  const caseDays = new Float64Array(input.cases.length);
  const caseLoc = new Int32Array(input.cases.length);
  let minDay = Number.POSITIVE_INFINITY;
  let maxDay = Number.NEGATIVE_INFINITY;
  input.cases.forEach((row, r) => {
    const z = locationIndex.get(row.location);
    if (z === undefined) throw new ScanInputError(`cases[${r}].location`, `unknown location '${row.location}'`);
    const day = isoToDay(row.date);
    if (Number.isNaN(day)) throw new ScanInputError(`cases[${r}].date`, `not an ISO date YYYY-MM-DD ('${row.date}')`);
    if (!Number.isInteger(row.count) || row.count < 0)
      throw new ScanInputError(`cases[${r}].count`, `must be a non-negative integer, got ${String(row.count)}`);
    caseDays[r] = day;
    caseLoc[r] = z;
    if (row.count > 0) {
      if (day < minDay) minDay = day;
      if (day > maxDay) maxDay = day;
    }
  });
  const firstDay = input.studyStart !== undefined ? isoToDay(input.studyStart) : minDay;
  const lastDay = input.studyEnd !== undefined ? isoToDay(input.studyEnd) : maxDay;
  if (Number.isNaN(firstDay)) throw new ScanInputError('studyStart', `not an ISO date ('${input.studyStart}')`);
  if (Number.isNaN(lastDay)) throw new ScanInputError('studyEnd', `not an ISO date ('${input.studyEnd}')`);
  if (!Number.isFinite(firstDay) || !Number.isFinite(lastDay)) throw new ScanInputError('cases', 'no cases');
  if (lastDay < firstDay) throw new ScanInputError('studyEnd', `before studyStart (${input.studyEnd} < ${input.studyStart})`);
  const nDays = lastDay - firstDay + 1;

  const counts = new Int32Array(nLocations * nDays);
  const locationTotals = new Float64Array(nLocations);
  const dayTotals = new Float64Array(nDays);
  let totalCases = 0;
  input.cases.forEach((row, r) => {
    if (row.count === 0) return;
    const d = caseDays[r] - firstDay;
    if (d < 0 || d >= nDays)
      throw new ScanInputError(`cases[${r}].date`, `${row.date} is outside the study period ${dayToIso(firstDay)}..${dayToIso(lastDay)}`);
    const z = caseLoc[r];
    counts[z * nDays + d] += row.count;
    locationTotals[z] += row.count;
    dayTotals[d] += row.count;
    totalCases += row.count;
  });
  if (totalCases === 0) throw new ScanInputError('cases', 'no cases');

  // Neighbour order of every centre, truncated at the maximum circle.
  const maxCases = options.maxSpatialFractionOfCases * totalCases;
  const maxDist = options.maxSpatialDistance;
  const order = new Int32Array(nLocations);
  const sortedKeys = new Float64Array(nLocations);
  const taken = new Int32Array(nLocations);
  const bucketEnd = new Int32Array(nLocations + 1);
  const distSq = new Float64Array(nLocations);
  const starts = new Int32Array(nLocations + 1);
  // Growable flat neighbour arrays (typed, so 10⁶+ entries cost no boxing).
  let nbr = new Int32Array(nLocations * 8);
  let cum = new Float64Array(nLocations * 8);
  let dist = new Float64Array(nLocations * 8);
  let used = 0;
  const byDistanceThenCoordinates = (a: number, b: number): number => {
    const d = distSq[a] - distSq[b];
    if (d !== 0) return d;
    for (let k = 0; k < dims; k++) {
      const c = coords[a * dims + k] - coords[b * dims + k];
      if (c !== 0) return c;
    }
    return a - b;
  };
  for (let i = 0; i < nLocations; i++) {
    if (dims === 2) {
      const xi = coords[i * 2];
      const yi = coords[i * 2 + 1];
      for (let j = 0; j < nLocations; j++) {
        const dx = xi - coords[j * 2];
        const dy = yi - coords[j * 2 + 1];
        distSq[j] = dx * dx + dy * dy;
      }
    } else {
      const xi = coords[i * 3];
      const yi = coords[i * 3 + 1];
      const zi = coords[i * 3 + 2];
      for (let j = 0; j < nLocations; j++) {
        const dx = xi - coords[j * 3];
        const dy = yi - coords[j * 3 + 1];
        const dz = zi - coords[j * 3 + 2];
        distSq[j] = dx * dx + dy * dy + dz * dz;
      }
    }
    if (!bucketSortByDistance(distSq, bucketEnd, order, byDistanceThenCoordinates))
      sortByDistance(distSq, sortedKeys, taken, order, byDistanceThenCoordinates);
    starts[i] = used;
    let running = 0;
    for (let k = 0; k < nLocations; k++) {
      const j = order[k];
      // SaTScan caps the radius on its own distance, the 3-D chord for lat/long
      // (CentroidNeighborCalculator::CalculateNumberOfNeighboringLocationsByDistance, Coordinates::distanceBetween).
      if (maxDist !== null && Math.sqrt(distSq[j]) > maxDist) break;
      const reported = reportedDistance(distSq[j], latlong);
      running += locationTotals[j];
      if (running > maxCases) break;
      if (used === nbr.length) {
        const grow = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T): T => {
          const next = make(old.length * 2);
          next.set(old);
          return next;
        };
        nbr = grow(nbr, (n) => new Int32Array(n));
        cum = grow(cum, (n) => new Float64Array(n));
        dist = grow(dist, (n) => new Float64Array(n));
      }
      nbr[used] = j;
      cum[used] = running;
      dist[used] = reported;
      used++;
    }
  }
  starts[nLocations] = used;
  const neighbours = nbr.slice(0, used);
  const neighbourCumCases = cum.slice(0, used);
  const neighbourDistance = dist.slice(0, used);

  // Time windows: lengths minTemporalDays..maxTemporalDays (never longer than the study period).
  const maxLen = Math.min(options.maxTemporalDays, nDays);
  const minLen = options.minTemporalDays;
  const scanFirstDay = options.analysis === 'prospective' ? Math.max(0, nDays - maxLen) : 0;
  const ws: number[] = [];
  const we: number[] = [];
  const wc: number[] = [];
  const span = nDays - scanFirstDay;
  for (let end = options.analysis === 'prospective' ? span : 1; end <= span; end++) {
    for (let len = minLen; len <= maxLen && len <= end; len++) {
      const start = end - len;
      let t = 0;
      for (let d = start; d < end; d++) t += dayTotals[scanFirstDay + d];
      ws.push(start);
      we.push(end);
      wc.push(t);
    }
  }
  return {
    nLocations,
    nDays,
    firstDay,
    totalCases,
    counts,
    locationTotals,
    dayTotals,
    neighbourStart: starts,
    neighbours,
    neighbourCumCases,
    neighbourDistance,
    scanFirstDay,
    windowStart: Int32Array.from(ws),
    windowEnd: Int32Array.from(we),
    windowCases: Float64Array.from(wc),
    minCasesInCluster: options.minCasesInCluster,
  };
}

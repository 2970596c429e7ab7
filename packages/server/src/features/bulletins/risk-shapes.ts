/**
 * Checks of a risk area drawn on the map (docs/disclosure.md, "Risk areas on the map"): a GeoJSON Polygon or
 * MultiPolygon (RFC 7946, [longitude, latitude] in WGS 84) that the portal will draw for everyone, so it must be a
 * real, bounded shape inside the district:
 *  - every ring closed (ends where it starts), at least 4 positions (a triangle), with an area (not all on a line);
 *  - no ring crosses itself (a bow tie has no inside a reader can trust);
 *  - at most MAX_RISK_VERTICES positions in all and MAX_RISK_POLYGONS polygons (a hand-drawn area needs far fewer;
 *    the limit keeps the portal's pages small and these checks cheap: the crossing test is quadratic per ring);
 *  - every position inside the district's outline from the registry (its Polygon or MultiPolygon, holes honoured).
 * Each problem is a field issue naming the ring or position, so the drawing tool can say what to fix.
 */
import type { FieldIssue } from '../../platform/errors.ts';
import type { RiskGeometry } from './bulletins.tables.ts';

export const MAX_RISK_VERTICES = 500;
export const MAX_RISK_POLYGONS = 20;

type Position = number[];
type Ring = Position[];

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/** Twice the signed area of a ring (shoelace), in square degrees. */
function ringArea2(ring: Ring): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s;
}

function orientation(a: Position, b: Position, c: Position): number {
  const v = (b[1]! - a[1]!) * (c[0]! - b[0]!) - (b[0]! - a[0]!) * (c[1]! - b[1]!);
  return v === 0 ? 0 : v > 0 ? 1 : 2;
}
function onSegment(a: Position, b: Position, p: Position): boolean {
  return (
    Math.min(a[0]!, b[0]!) <= p[0]! && p[0]! <= Math.max(a[0]!, b[0]!) && Math.min(a[1]!, b[1]!) <= p[1]! && p[1]! <= Math.max(a[1]!, b[1]!)
  );
}
/** Whether segments p1q1 and p2q2 meet (touching counts). */
function segmentsMeet(p1: Position, q1: Position, p2: Position, q2: Position): boolean {
  const o1 = orientation(p1, q1, p2);
  const o2 = orientation(p1, q1, q2);
  const o3 = orientation(p2, q2, p1);
  const o4 = orientation(p2, q2, q1);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(p1, q1, p2)) ||
    (o2 === 0 && onSegment(p1, q1, q2)) ||
    (o3 === 0 && onSegment(p2, q2, p1)) ||
    (o4 === 0 && onSegment(p2, q2, q1))
  );
}

/** The first pair of edges of a closed ring that meet other than at their shared corner, or null. */
export function selfCrossing(ring: Ring): [number, number] | null {
  const n = ring.length - 1; // edges
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue; // neighbours share a corner
      if (segmentsMeet(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return [i, j];
    }
  }
  return null;
}

/** Ray casting: whether the point is inside the ring (on the edge counts as inside). */
function inRing(p: Position, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (orientation(a, b, p) === 0 && onSegment(a, b, p)) return true;
    if (a[1]! > p[1]! !== b[1]! > p[1]! && p[0]! < ((b[0]! - a[0]!) * (p[1]! - a[1]!)) / (b[1]! - a[1]!) + a[0]!) inside = !inside;
  }
  return inside;
}

/** Whether the point lies inside a Polygon or MultiPolygon (outer ring, not in a hole). */
export function pointInGeometry(p: Position, g: RiskGeometry): boolean {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polygons.some(([outer, ...holes]) => outer !== undefined && inRing(p, outer) && !holes.some((h) => inRing(p, h)));
}

/** Every problem of a drawn risk area (empty: acceptable). `district` is the district's outline, or null if unknown. */
export function riskGeometryIssues(g: RiskGeometry, district: RiskGeometry | null, path = 'geometry'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (polygons.length === 0) return [{ path, message: 'Draw at least one polygon' }];
  if (polygons.length > MAX_RISK_POLYGONS) return [{ path, message: `At most ${MAX_RISK_POLYGONS} polygons` }];
  const vertices = polygons.reduce((s, rings) => s + rings.reduce((t, r) => t + r.length, 0), 0);
  if (vertices > MAX_RISK_VERTICES)
    return [{ path, message: `Too many points (${vertices}; at most ${MAX_RISK_VERTICES}): draw the area with fewer corners` }];
  polygons.forEach((rings, pi) => {
    if (rings.length === 0) issues.push({ path: `${path}.coordinates.${pi}`, message: 'A polygon needs its outer ring' });
    rings.forEach((ring, ri) => {
      const at = g.type === 'Polygon' ? `${path}.coordinates.${ri}` : `${path}.coordinates.${pi}.${ri}`;
      if (ring.some((p) => p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) {
        issues.push({ path: at, message: 'Each point is [longitude, latitude]' });
        return;
      }
      if (ring.length < 4) {
        issues.push({ path: at, message: 'A ring needs at least 3 corners (4 positions, the last repeating the first)' });
        return;
      }
      if (!same(ring[0]!, ring[ring.length - 1]!)) {
        issues.push({ path: at, message: 'The ring is not closed: it must end where it starts' });
        return;
      }
      const crossing = selfCrossing(ring);
      if (crossing) {
        issues.push({ path: at, message: `The ring crosses itself (edges ${crossing[0] + 1} and ${crossing[1] + 1})` });
        return;
      }
      if (ringArea2(ring) === 0) {
        issues.push({ path: at, message: 'The ring has no area (its corners lie on one line)' });
        return;
      }
      if (district === null) return;
      const outside = ring.findIndex((p) => !pointInGeometry(p, district));
      if (outside >= 0)
        issues.push({ path: `${at}.${outside}`, message: 'The area reaches outside the district: every corner must lie inside it' });
    });
  });
  return issues;
}

/**
 * The geometry with every coordinate rounded to 6 decimals (≈ 0.1 m): what the public gets. A registry outline
 * computed elsewhere can carry 15 digits after the point, which reads like an identity number to any scanner
 * (and to the portal's crawl test), and triples the size of the answer for nothing.
 */
export function roundedGeometry(g: RiskGeometry): RiskGeometry {
  const r = (p: number[]) => p.map((x) => Math.round(x * 1e6) / 1e6);
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(r)) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(r))) };
}

/**
 * Planar geometry for the demo district: a Voronoi tessellation clipped to a convex outline,
 * and the few polygon measures the generator and its tests need.
 *
 * Polygons are arrays of `[x, y]` vertices in counter-clockwise order, without the closing
 * vertex (GeoJSON closing happens at the edge of the module). The outline must be convex: then
 * every Voronoi cell is the intersection of the outline with half-planes, so one half-plane clip
 * per neighbour (Sutherland–Hodgman against a single edge) gives the exact cell, and the cells
 * tile the outline with no gaps and no overlaps. That is why no general polygon-boolean library
 * is needed here.
 */

/** A point `[x, y]`; in this module usually projected kilometres or `[lon, lat]` degrees. */
export type Point = [number, number];
/** A simple polygon as its vertices, counter-clockwise, not closed. */
export type Polygon = Point[];

/**
 * Signed area by the shoelace formula; positive for counter-clockwise polygons.
 * @example signedArea([[0,0],[1,0],[0,1]]) // 0.5
 */
export function signedArea(polygon: Polygon): number {
  let twice = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x1, y1] = polygon[i];
    const [x2, y2] = polygon[(i + 1) % polygon.length];
    twice += x1 * y2 - x2 * y1;
  }
  return twice / 2;
}

/** Unsigned area of a simple polygon. */
export function area(polygon: Polygon): number {
  return Math.abs(signedArea(polygon));
}

/**
 * Area centroid of a simple polygon (the centre of mass of the region, not the mean of its
 * vertices, which drifts towards densely sampled edges). For a convex polygon it lies inside.
 */
export function centroid(polygon: Polygon): Point {
  let cx = 0;
  let cy = 0;
  let twice = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x1, y1] = polygon[i];
    const [x2, y2] = polygon[(i + 1) % polygon.length];
    const cross = x1 * y2 - x2 * y1;
    twice += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  return [cx / (3 * twice), cy / (3 * twice)];
}

/**
 * Keeps the part of `polygon` where `a·x + b·y <= c` (one Sutherland–Hodgman pass). Exact for any
 * convex input; the result is convex again, possibly empty.
 */
export function clipHalfPlane(polygon: Polygon, a: number, b: number, c: number): Polygon {
  const out: Polygon = [];
  const n = polygon.length;
  for (let i = 0; i < n; i++) {
    const p = polygon[i];
    const q = polygon[(i + 1) % n];
    const fp = a * p[0] + b * p[1] - c;
    const fq = a * q[0] + b * q[1] - c;
    if (fp <= 0) out.push(p);
    // The edge crosses the line strictly: add the crossing point.
    if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) {
      const t = fp / (fp - fq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/**
 * Voronoi cells of `sites` clipped to the convex `outline`: cell i is the set of outline points
 * nearer to site i than to any other site. Distances are measured after scaling x by `scale[0]`
 * and y by `scale[1]`, so cells can be computed directly in degrees with a kilometre metric
 * (one degree of longitude is shorter than one of latitude away from the equator) and the
 * outline's own vertices come back bit-for-bit. Cells are returned in site order; a site outside
 * the outline may get an empty cell.
 */
export function voronoiCells(sites: Point[], outline: Polygon, scale: Point = [1, 1]): Polygon[] {
  const kx2 = scale[0] * scale[0];
  const ky2 = scale[1] * scale[1];
  return sites.map((s, i) => {
    let cell: Polygon = outline.slice();
    for (let j = 0; j < sites.length && cell.length > 0; j++) {
      if (j === i) continue;
      const t = sites[j];
      // kx²(x-sx)² + ky²(y-sy)² <= kx²(x-tx)² + ky²(y-ty)²
      //   ⇔  2kx²(tx-sx)·x + 2ky²(ty-sy)·y <= kx²(tx²-sx²) + ky²(ty²-sy²)
      const a = 2 * kx2 * (t[0] - s[0]);
      const b = 2 * ky2 * (t[1] - s[1]);
      const c = kx2 * (t[0] * t[0] - s[0] * s[0]) + ky2 * (t[1] * t[1] - s[1] * s[1]);
      cell = clipHalfPlane(cell, a, b, c);
    }
    return cell;
  });
}

/**
 * Area of the intersection of two convex polygons (clip one by every edge line of the other).
 * Used by the tests to prove that no two cells overlap.
 */
export function convexIntersectionArea(p: Polygon, q: Polygon): number {
  const ccwQ = signedArea(q) >= 0 ? q : q.slice().reverse();
  let clipped: Polygon = p.slice();
  for (let i = 0; i < ccwQ.length && clipped.length > 0; i++) {
    const [x1, y1] = ccwQ[i];
    const [x2, y2] = ccwQ[(i + 1) % ccwQ.length];
    // Inside of a counter-clockwise edge is on its left: cross((e), (x - p1)) >= 0.
    const a = y2 - y1;
    const b = -(x2 - x1);
    const c = a * x1 + b * y1;
    clipped = clipHalfPlane(clipped, a, b, c);
  }
  return clipped.length >= 3 ? area(clipped) : 0;
}

/** Ray-casting point-in-polygon test; points exactly on an edge may go either way. */
export function pointInPolygon(point: Point, polygon: Polygon): boolean {
  const [x, y] = point;
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Shortest distance from a point to the boundary of a polygon. */
export function distanceToBoundary(point: Point, polygon: Polygon): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < polygon.length; i++) {
    best = Math.min(best, distanceToSegment(point, polygon[i], polygon[(i + 1) % polygon.length]));
  }
  return best;
}

/** Shortest distance from `p` to the segment `a`–`b`. */
export function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Shortest distance from a point to a polyline. */
export function distanceToPolyline(point: Point, line: Point[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < line.length; i++) best = Math.min(best, distanceToSegment(point, line[i], line[i + 1]));
  return best;
}

/** Two cells sharing a border, with the border's total length. */
export interface SharedBorder {
  /** Index of the first cell (always the smaller index). */
  a: number;
  /** Index of the second cell. */
  b: number;
  /** Sum of the shared edges' lengths, measured after scaling x by `scale[0]` and y by `scale[1]`. */
  length: number;
}

/**
 * Pairs of cells that share an edge of positive length (not just a corner), with the length of their
 * common border. Cells produced by {@link voronoiCells} and snapped by {@link snapVertices} share identical
 * vertex coordinates, so an edge is shared when both cells contain the same two consecutive vertices.
 * With `scale` = km per degree (`[kx, ky]`), lengths of `[lon, lat]` cells come out in kilometres.
 * `minEdgeLength` (unscaled units) ignores edges shorter than it, e.g. slivers left by snapping.
 */
export function sharedBorders(cells: Polygon[], scale: Point = [1, 1], minEdgeLength = 0): SharedBorder[] {
  const edgeOwner = new Map<string, number>();
  const lengths = new Map<string, number>();
  const key = (p: Point) => `${p[0]},${p[1]}`;
  cells.forEach((cell, i) => {
    for (let k = 0; k < cell.length; k++) {
      const p = cell[k];
      const q = cell[(k + 1) % cell.length];
      if (Math.hypot(q[0] - p[0], q[1] - p[1]) <= minEdgeLength) continue;
      const [ka, kb] = [key(p), key(q)].sort();
      const edge = `${ka}|${kb}`;
      const other = edgeOwner.get(edge);
      if (other === undefined) edgeOwner.set(edge, i);
      else if (other !== i) {
        const pair = other < i ? `${other},${i}` : `${i},${other}`;
        const length = Math.hypot((q[0] - p[0]) * scale[0], (q[1] - p[1]) * scale[1]);
        lengths.set(pair, (lengths.get(pair) ?? 0) + length);
      }
    }
  });
  return [...lengths]
    .map(([pair, length]) => {
      const [a, b] = pair.split(',').map(Number) as [number, number];
      return { a, b, length };
    })
    .sort((x, y) => x.a - y.a || x.b - y.b);
}

/** Pairs of cells that share an edge of positive length; see {@link sharedBorders}. */
export function sharedEdgePairs(cells: Polygon[], minEdgeLength = 0): Array<[number, number]> {
  return sharedBorders(cells, [1, 1], minEdgeLength).map(({ a, b }) => [a, b]);
}

/**
 * The parts of a polyline inside a convex polygon (either orientation), as polylines. Each segment is clipped
 * by the Cyrus–Beck method (Cyrus & Beck 1978, "Generalized two- and three-dimensional clipping", Computers &
 * Graphics 3(1):23–28): the parameter interval where the segment lies on the inner side of every edge. Pieces
 * that continue each other are joined, so a line that leaves and re-enters the polygon gives two pieces.
 */
export function clipPolylineToConvex(line: Point[], polygon: Polygon): Point[][] {
  const sign = signedArea(polygon) >= 0 ? 1 : -1;
  const pieces: Point[][] = [];
  let open: Point[] | null = null;
  for (let i = 0; i + 1 < line.length; i++) {
    const p = line[i];
    const q = line[i + 1];
    let t0 = 0;
    let t1 = 1;
    for (let k = 0; k < polygon.length && t0 <= t1; k++) {
      const v = polygon[k];
      const w = polygon[(k + 1) % polygon.length];
      // Inside = to the left of a counter-clockwise edge: cross(w - v, x - v) >= 0 (sign flips the test for a
      // clockwise polygon). Linear along the segment: f(t) = f0 + t (f1 - f0).
      const f0 = sign * ((w[0] - v[0]) * (p[1] - v[1]) - (w[1] - v[1]) * (p[0] - v[0]));
      const f1 = sign * ((w[0] - v[0]) * (q[1] - v[1]) - (w[1] - v[1]) * (q[0] - v[0]));
      if (f0 < 0 && f1 < 0) t1 = -1;
      else if (f0 < 0) t0 = Math.max(t0, f0 / (f0 - f1));
      else if (f1 < 0) t1 = Math.min(t1, f0 / (f0 - f1));
    }
    if (t1 - t0 <= 1e-12) {
      open = null;
      continue;
    }
    const at = (t: number): Point => (t === 0 ? p : t === 1 ? q : [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    if (open && t0 === 0) open.push(at(t1));
    else {
      open = [at(t0), at(t1)];
      pieces.push(open);
    }
    if (t1 !== 1) open = null;
  }
  return pieces;
}

/** Length of a polyline, measured after scaling x by `scale[0]` and y by `scale[1]`. */
export function polylineLength(line: Point[], scale: Point = [1, 1]): number {
  let total = 0;
  for (let i = 0; i + 1 < line.length; i++) {
    total += Math.hypot((line[i + 1][0] - line[i][0]) * scale[0], (line[i + 1][1] - line[i][1]) * scale[1]);
  }
  return total;
}

/**
 * Makes vertices that are within `tolerance` of each other identical across all polygons, then
 * drops consecutive duplicates. Cells are computed independently, so a Voronoi vertex shared by
 * three cells comes out as three floating-point values a few ulps apart; after snapping, shared
 * edges match exactly, which is what the GeoJSON consumer (and the adjacency test) relies on.
 * `round` is applied to each canonical vertex (e.g. to 7 decimals of a degree ≈ 1 cm).
 */
export function snapVertices(polygons: Polygon[], tolerance: number, round: (p: Point) => Point = (p) => p): Polygon[] {
  const canonical: Point[] = [];
  const rounded: Point[] = [];
  const find = (p: Point): Point => {
    for (let i = 0; i < canonical.length; i++) {
      if (Math.abs(canonical[i][0] - p[0]) <= tolerance && Math.abs(canonical[i][1] - p[1]) <= tolerance) return rounded[i];
    }
    canonical.push(p);
    const r = round(p);
    rounded.push(r);
    return r;
  };
  return polygons.map((poly) => {
    const out: Polygon = [];
    for (const p of poly) {
      const s = find(p);
      const last = out[out.length - 1];
      if (!last || last[0] !== s[0] || last[1] !== s[1]) out.push(s);
    }
    while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
    return out;
  });
}

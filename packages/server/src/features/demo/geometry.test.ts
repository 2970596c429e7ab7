import { describe, expect, it } from 'vitest';
import {
  area,
  centroid,
  clipHalfPlane,
  clipPolylineToConvex,
  convexIntersectionArea,
  pointInPolygon,
  polylineLength,
  sharedBorders,
  sharedEdgePairs,
  snapVertices,
  voronoiCells,
  type Polygon,
} from './geometry.ts';
import { apportion, createDemoRandom } from '../../platform/demo/random.ts';

const square: Polygon = [
  [0, 0],
  [2, 0],
  [2, 2],
  [0, 2],
];

describe('geometry', () => {
  it('measures area and centroid', () => {
    expect(area(square)).toBe(4);
    expect(centroid(square)).toEqual([1, 1]);
    expect(
      centroid([
        [0, 0],
        [3, 0],
        [0, 3],
      ]),
    ).toEqual([1, 1]);
  });

  it('clips by a half-plane', () => {
    const left = clipHalfPlane(square, 1, 0, 0.5); // x <= 0.5
    expect(area(left)).toBeCloseTo(1, 12);
    expect(clipHalfPlane(square, 1, 0, -1)).toEqual([]);
  });

  it('splits a square between two sites along the bisector', () => {
    const cells = voronoiCells(
      [
        [0.5, 1],
        [1.5, 1],
      ],
      square,
    );
    expect(area(cells[0])).toBeCloseTo(2, 12);
    expect(area(cells[1])).toBeCloseTo(2, 12);
    expect(pointInPolygon([0.9, 1], cells[0])).toBe(true);
    expect(pointInPolygon([1.1, 1], cells[0])).toBe(false);
  });

  it('honours an anisotropic metric', () => {
    // Stretching x by 3 makes x-distances count 3×: a site at (0.5,1) versus (1.5,1) still splits at x = 1,
    // but a site at (1,0.5) versus (1.6,1.5) moves the bisector.
    const plain = voronoiCells(
      [
        [1, 0.5],
        [1.6, 1.5],
      ],
      square,
    );
    const stretched = voronoiCells(
      [
        [1, 0.5],
        [1.6, 1.5],
      ],
      square,
      [3, 1],
    );
    expect(area(stretched[0])).not.toBeCloseTo(area(plain[0]), 3);
    expect(area(stretched[0]) + area(stretched[1])).toBeCloseTo(4, 12);
  });

  it('finds overlaps between convex polygons', () => {
    const shifted: Polygon = square.map(([x, y]) => [x + 1, y + 1]);
    expect(convexIntersectionArea(square, shifted)).toBeCloseTo(1, 12);
    const apart: Polygon = square.map(([x, y]) => [x + 5, y]);
    expect(convexIntersectionArea(square, apart)).toBe(0);
  });

  it('snaps nearly equal vertices and finds shared edges', () => {
    const cells = voronoiCells(
      [
        [0.5, 0.5],
        [1.5, 0.5],
        [1, 1.5],
      ],
      square,
    );
    const snapped = snapVertices(cells, 1e-9);
    expect(sharedEdgePairs(snapped)).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    const corner: Polygon[] = [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ],
      [
        [1, 1],
        [2, 1],
        [2, 2],
        [1, 2],
      ],
    ];
    // Touching at a single corner is not adjacency.
    expect(sharedEdgePairs(corner)).toEqual([]);
  });
});

describe('shared borders and polyline clipping', () => {
  it('measures the common border of two cells, scaled', () => {
    const cells: Polygon[] = [
      [
        [0, 0],
        [1, 0],
        [1, 2],
        [0, 2],
      ],
      [
        [1, 0],
        [3, 0],
        [3, 2],
        [1, 2],
      ],
      [
        [0, 2],
        [3, 2],
        [3, 3],
        [0, 3],
      ],
    ];
    // Cell 2 has edge (0,2)–(3,2) as one piece while 0 and 1 have (0,2)–(1,2) and (1,2)–(3,2): those do not
    // match vertex for vertex, so only the snapped-Voronoi case counts — here only 0–1 share an edge.
    expect(sharedBorders(cells)).toEqual([{ a: 0, b: 1, length: 2 }]);
    // The shared edge is vertical: its length scales with y only.
    expect(sharedBorders(cells, [10, 3])).toEqual([{ a: 0, b: 1, length: 6 }]);
    const split: Polygon[] = [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [1, 2],
        [0, 2],
      ],
      [
        [1, 0],
        [2, 0],
        [2, 2],
        [1, 2],
        [1, 1],
      ],
    ];
    // A border made of two edges sums both.
    expect(sharedBorders(split)).toEqual([{ a: 0, b: 1, length: 2 }]);
  });

  it('clips a polyline to a convex polygon, joining continuing pieces', () => {
    const through = clipPolylineToConvex(
      [
        [-1, 1],
        [1, 1],
        [3, 1],
      ],
      square,
    );
    expect(through).toEqual([
      [
        [0, 1],
        [1, 1],
        [2, 1],
      ],
    ]);
    expect(polylineLength(through[0]!)).toBe(2);
    // Clockwise polygons work the same.
    expect(
      clipPolylineToConvex(
        [
          [-1, 1],
          [1, 1],
          [3, 1],
        ],
        square.slice().reverse(),
      ),
    ).toEqual(through);
    // Out, in, out and back in: two pieces.
    const zigzag = clipPolylineToConvex(
      [
        [-1, 1],
        [1, 1],
        [1, 3],
        [1.5, 4],
        [1.5, 0],
      ],
      square,
    );
    expect(zigzag).toEqual([
      [
        [0, 1],
        [1, 1],
        [1, 2],
      ],
      [
        [1.5, 2],
        [1.5, 0],
      ],
    ]);
    expect(
      clipPolylineToConvex(
        [
          [3, 3],
          [4, 4],
        ],
        square,
      ),
    ).toEqual([]);
    expect(
      polylineLength(
        [
          [0, 0],
          [3, 4],
        ],
        [1, 1],
      ),
    ).toBe(5);
    expect(
      polylineLength(
        [
          [0, 0],
          [1, 1],
        ],
        [3, 4],
      ),
    ).toBe(5);
  });
});

describe('demo random source', () => {
  it('repeats for a seed', () => {
    const a = createDemoRandom(1);
    const b = createDemoRandom(1);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(new Set(xs).size).toBe(5);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('apportions a total exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(100_003, [0.3, 2.2, 1.7, 0.9]).reduce((s, x) => s + x, 0)).toBe(100_003);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FACILITY_TYPES } from '../registry/registry.tables.ts';
import { DISTRICT_OUTLINE, KM_PER_DEGREE, PORT_STREET, RIVER } from './district-j.data.ts';
import { COMMUTING_DEFAULTS, commutingFlows, distanceKm, generateDistrictJ, nearRiver, type TownshipShape } from './district-j.ts';
import {
  type Point,
  type Polygon,
  area,
  clipPolylineToConvex,
  convexIntersectionArea,
  distanceToBoundary,
  pointInPolygon,
  polylineLength,
  signedArea,
} from './geometry.ts';

const dj = generateDistrictJ({ rosterStart: '2026-03-02', rosterDays: 14 });

describe('District J generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateDistrictJ({ rosterStart: '2026-03-02', rosterDays: 14 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(dj));
    const other = generateDistrictJ({ seed: 7, rosterStart: '2026-03-02', rosterDays: 14 });
    expect(other.townships[10].centroid).not.toEqual(dj.townships[10].centroid);
    expect(other.district.population).not.toBe(dj.district.population);
  });

  it('has a convex counter-clockwise outline inside the stated box', () => {
    const n = DISTRICT_OUTLINE.length;
    for (let i = 0; i < n; i++) {
      const [a, b, c] = [DISTRICT_OUTLINE[i], DISTRICT_OUTLINE[(i + 1) % n], DISTRICT_OUTLINE[(i + 2) % n]];
      const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
      expect(cross, `turn at vertex ${i + 1}`).toBeGreaterThan(0);
    }
    for (const [lon, lat] of DISTRICT_OUTLINE) {
      expect(lon).toBeGreaterThanOrEqual(106.3);
      expect(lon).toBeLessThanOrEqual(106.7);
      expect(lat).toBeGreaterThanOrEqual(29.3);
      expect(lat).toBeLessThanOrEqual(29.7);
    }
  });

  it('has about 1.2 million people in 20 townships: 8 streets along the river, 12 towns', () => {
    expect(dj.townships).toHaveLength(20);
    expect(dj.townships.filter((t) => t.kind === 'street')).toHaveLength(8);
    expect(dj.district.population).toBe(dj.townships.reduce((s, t) => s + t.population, 0));
    expect(dj.district.population).toBeGreaterThan(1_100_000);
    expect(dj.district.population).toBeLessThan(1_300_000);
    for (const t of dj.townships.filter((t) => t.kind === 'street')) {
      expect(nearRiver(t.centroid, 4), `${t.nameEn} near the river`).toBe(true);
    }
    // Urban streets are denser than rural towns.
    const density = (kind: string) => {
      const ts = dj.townships.filter((t) => t.kind === kind);
      return ts.reduce((s, t) => s + t.population, 0) / ts.reduce((s, t) => s + t.areaKm2, 0);
    };
    expect(density('street')).toBeGreaterThan(3 * density('town'));
  });

  it('tiles the district exactly: township areas sum to the outline and no two overlap', () => {
    const outlineArea = area(DISTRICT_OUTLINE);
    const cells = dj.townships.map((t) => t.polygon as Polygon);
    const sum = cells.reduce((s, c) => s + area(c), 0);
    expect(Math.abs(sum - outlineArea) / outlineArea).toBeLessThan(1e-9);
    for (let i = 0; i < cells.length; i++) {
      expect(signedArea(cells[i]), `${dj.townships[i].code} counter-clockwise`).toBeGreaterThan(0);
      for (let j = i + 1; j < cells.length; j++) {
        const overlap = convexIntersectionArea(cells[i], cells[j]);
        expect(overlap / outlineArea, `${dj.townships[i].code} ∩ ${dj.townships[j].code}`).toBeLessThan(1e-9);
      }
    }
    // The overlap check can fail: a cell against itself overlaps fully.
    expect(convexIntersectionArea(cells[0], cells[0])).toBeCloseTo(area(cells[0]), 12);
  });

  it('places each township centroid inside its own polygon and nowhere else', () => {
    for (const t of dj.townships) {
      const holders = dj.townships.filter((u) => pointInPolygon(t.centroid, u.polygon as Polygon));
      expect(holders.map((u) => u.code)).toEqual([t.code]);
    }
  });

  it('gives symmetric adjacency between townships that share an edge', () => {
    const byCode = new Map(dj.townships.map((t) => [t.code, t]));
    for (const t of dj.townships) {
      expect(t.neighbours.length, `${t.nameEn} has neighbours`).toBeGreaterThanOrEqual(2);
      for (const n of t.neighbours) expect(byCode.get(n)?.neighbours).toContain(t.code);
    }
    // Streets on opposite banks facing each other share the river boundary.
    const [wangjiang, shimen] = dj.townships;
    expect(wangjiang.neighbours).toContain(shimen.code);
  });

  it('uses well-formed codes: 6-digit district, 12-digit township and community codes', () => {
    expect(dj.district.code).toMatch(/^\d{6}$/);
    const codes = new Set<string>();
    for (const j of [...dj.townships, ...dj.communities]) {
      expect(j.code).toMatch(/^\d{12}$/);
      expect(j.code.startsWith(dj.district.code)).toBe(true);
      expect(codes.has(j.code), `duplicate ${j.code}`).toBe(false);
      codes.add(j.code);
    }
    for (const t of dj.townships) {
      const serial = Number(t.code.slice(6, 9));
      expect(t.kind === 'street' ? serial < 100 : serial >= 100 && serial < 200).toBe(true);
      expect(t.code.endsWith('000')).toBe(true);
    }
    for (const c of dj.communities) {
      expect(c.code.slice(0, 9)).toBe(c.parentCode?.slice(0, 9));
      const serial = Number(c.code.slice(9));
      expect(c.name.endsWith('村') ? serial > 200 && serial < 400 : serial >= 1 && serial < 200).toBe(true);
    }
  });

  it('has a few hundred communities whose populations sum to their township, inside it', () => {
    expect(dj.communities.length).toBeGreaterThan(200);
    expect(dj.communities.length).toBeLessThan(400);
    for (const t of dj.townships) {
      const own = dj.communities.filter((c) => c.parentCode === t.code);
      expect(own.length).toBeGreaterThanOrEqual(t.kind === 'street' ? 12 : 10);
      expect(own.reduce((s, c) => s + c.population, 0)).toBe(t.population);
      expect(new Set(own.map((c) => c.name)).size).toBe(own.length);
      for (const c of own) {
        expect(c.population).toBeGreaterThan(0);
        expect(pointInPolygon(c.centroid, t.polygon as Polygon), `${c.nameEn} in ${t.nameEn}`).toBe(true);
      }
    }
  });

  it('has six neighbours with flows; only the up- and downstream ones by river', () => {
    expect(dj.adjacentDistricts).toHaveLength(6);
    const byRiver = dj.adjacentDistricts.filter((d) => d.flows.river.in > 0).map((d) => d.nameEn);
    expect(byRiver.sort()).toEqual(['Shaxi District', 'Xiajiang District']);
    for (const d of dj.adjacentDistricts) {
      expect(d.flows.road.in).toBeGreaterThan(10_000);
      expect(pointInPolygon(d.centroid, DISTRICT_OUTLINE)).toBe(false);
    }
  });

  it('has every agency kind of the mechanism, township agencies per township, and a full roster', () => {
    const kinds = new Set(dj.agencies.map((a) => a.kind));
    for (const k of [
      'health_commission',
      'cdc',
      'hospital',
      'public_security',
      'transport',
      'port_maritime',
      'market_regulation',
      'education',
      'civil_affairs',
      'press_office',
      'emergency_management',
      'township_government',
      'community_grid',
    ]) {
      expect(kinds.has(k as never), k).toBe(true);
    }
    expect(new Set(dj.agencies.map((a) => a.code)).size).toBe(dj.agencies.length);
    const governments = dj.agencies.filter((a) => a.kind === 'township_government');
    expect(governments.map((a) => a.jurisdictionCode).sort()).toEqual(dj.townships.map((t) => t.code).sort());
    const cdc = dj.agencies.find((a) => a.kind === 'cdc');
    // 14 days × (leader + day + night).
    expect(cdc?.roster).toHaveLength(42);
    expect(cdc?.roster[0]).toMatchObject({ date: '2026-03-02', shift: 'all_day' });
    expect(cdc?.roster.at(-1)).toMatchObject({ date: '2026-03-15', shift: 'night' });
    for (const a of dj.agencies) {
      expect(a.phone).toMatch(/^(023-\d{8}|1\d{10})$/);
      expect(a.email).toMatch(/@districtj\.example$/);
    }
  });

  it('has facilities of every type with capacities, each inside its township', () => {
    // every type but the mental-health centre, which the registry's demo adds after the generator (registry.demo.ts:
    // no random draw, so the generated district — and every figure drawn from it — stays as it was)
    expect(new Set(dj.facilities.map((f) => f.type))).toEqual(new Set(FACILITY_TYPES.filter((t) => t !== 'mental_health_centre')));
    const byCode = new Map(dj.townships.map((t) => [t.code, t]));
    for (const f of dj.facilities) {
      const t = byCode.get(f.jurisdictionCode);
      expect(t, f.nameEn).toBeDefined();
      expect(pointInPolygon(f.location, t?.polygon as Polygon), `${f.nameEn} in its township`).toBe(true);
    }
    const designated = dj.facilities.filter((f) => f.type === 'designated_hospital');
    expect(designated).toHaveLength(1);
    expect(designated[0].icuBeds).toBeGreaterThan(0);
    expect(dj.facilities.filter((f) => f.type === 'township_health_centre')).toHaveLength(20);
    for (const hotel of dj.facilities.filter((f) => f.type === 'quarantine_hotel')) {
      expect(hotel.rooms).toBeGreaterThanOrEqual(80);
      expect(hotel.beds).toBe(hotel.rooms);
    }
    const port = dj.facilities.find((f) => f.type === 'port_quarantine');
    expect(port?.location).toEqual(dj.port);
    expect(nearRiver(dj.port, 1.5)).toBe(true);
  });

  it('tiles the district, and keeps every community and facility inside its township, for any seed', () => {
    const outlineArea = area(DISTRICT_OUTLINE);
    const riverInDistrictKm = clipPolylineToConvex(RIVER, DISTRICT_OUTLINE).reduce((s, l) => s + polylineLength(l, KM_PER_DEGREE), 0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const d = generateDistrictJ({ seed, rosterDays: 1 });
        const cells = d.townships.map((t) => t.polygon as Polygon);
        const sum = cells.reduce((s, c) => s + area(c), 0);
        expect(Math.abs(sum - outlineArea) / outlineArea).toBeLessThan(1e-9);
        for (let i = 0; i < cells.length; i++) {
          for (let j = i + 1; j < cells.length; j++) expect(convexIntersectionArea(cells[i], cells[j]) / outlineArea).toBeLessThan(1e-9);
        }
        const byCode = new Map(d.townships.map((t) => [t.code, t.polygon as Polygon]));
        for (const c of d.communities) expect(pointInPolygon(c.centroid, byCode.get(c.parentCode as string)!)).toBe(true);
        for (const f of d.facilities) expect(pointInPolygon(f.location, byCode.get(f.jurisdictionCode)!)).toBe(true);
        for (const t of d.townships) expect(t.neighbours.length).toBeGreaterThanOrEqual(2);
        // Borders add up to the outlines; the river reaches add up to its course in the district; the port
        // lies in the port street.
        const ring = (p: Polygon) => [...p, p[0]!];
        const perimeters = d.townships.reduce((s, t) => s + polylineLength(ring(t.polygon), KM_PER_DEGREE), 0);
        const borders = d.borders.reduce((s, b) => s + b.borderKm, 0);
        expect(Math.abs(perimeters - 2 * borders - polylineLength(ring(DISTRICT_OUTLINE), KM_PER_DEGREE))).toBeLessThan(
          0.001 * d.borders.length,
        );
        const reaches = d.mapFeatures.flatMap((f) =>
          f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.type === 'MultiLineString' ? f.geometry.coordinates : [],
        );
        expect(Math.abs(reaches.reduce((s, l) => s + polylineLength(l, KM_PER_DEGREE), 0) - riverInDistrictKm)).toBeLessThan(0.01);
        const port = d.mapFeatures.find((f) => f.kind === 'port')!;
        expect(d.townships.find((t) => t.code === port.jurisdictionCode)!.name).toBe(PORT_STREET);
      }),
      { numRuns: 12, seed: 20_260_101 },
    );
  });

  it('lists each shared border once, with lengths that add up to the outlines', () => {
    const pairs = dj.borders.map((b) => `${b.a}-${b.b}`);
    const fromNeighbours = dj.townships.flatMap((t) => t.neighbours.filter((n) => t.code < n).map((n) => `${t.code}-${n}`));
    expect(pairs.sort()).toEqual(fromNeighbours.sort());
    for (const b of dj.borders) {
      expect(b.a < b.b).toBe(true);
      expect(b.borderKm).toBeGreaterThan(0);
    }
    // Every township's perimeter is its borders with other townships plus its part of the district outline:
    // summed over townships, Σ perimeters = 2 Σ borders + the outline's perimeter (borders rounded to 1 m).
    const ring = (p: Polygon) => [...p, p[0]!];
    const perimeters = dj.townships.reduce((s, t) => s + polylineLength(ring(t.polygon), KM_PER_DEGREE), 0);
    const borders = dj.borders.reduce((s, b) => s + b.borderKm, 0);
    const outline = polylineLength(ring(DISTRICT_OUTLINE), KM_PER_DEGREE);
    expect(Math.abs(perimeters - 2 * borders - outline)).toBeLessThan(0.001 * dj.borders.length);
  });

  it('sends a fixed share of each township to the others by a gravity model', () => {
    const byCode = new Map(dj.townships.map((t) => [t.code, t]));
    expect(dj.commuting).toEqual(commutingFlows(dj.townships));
    for (const t of dj.townships) {
      const out = dj.commuting.filter((f) => f.from === t.code);
      const share = t.kind === 'street' ? COMMUTING_DEFAULTS.streetShare : COMMUTING_DEFAULTS.townShare;
      expect(
        out.reduce((s, f) => s + f.dailyTrips, 0),
        t.code,
      ).toBe(Math.round(share * t.population));
      expect(out.some((f) => f.to === t.code)).toBe(false);
      // Flow / (P_j d^-2) is the same for every destination of one origin, up to rounding to whole people.
      const ratios = out
        .filter((f) => f.dailyTrips >= 500)
        .map((f) => f.dailyTrips / (byCode.get(f.to)!.population * distanceKm(t.centroid, byCode.get(f.to)!.centroid) ** -2));
      for (const r of ratios) expect(Math.abs(r / ratios[0]! - 1)).toBeLessThan(0.002);
    }
  });

  it('computes gravity flows by hand on three townships', () => {
    const at = (code: string, population: number, centroid: Point): TownshipShape => ({
      code,
      name: code,
      nameEn: code,
      population,
      centroid,
      polygon: [],
    });
    const km = 1 / KM_PER_DEGREE[0];
    // A street (serial 001) 1 km from one town and 2 km from another of the same size: 4:1 by d^-2.
    const flows = commutingFlows(
      [
        at('500199001000', 10_000, [106.5, 29.5]),
        at('500199101000', 5_000, [106.5 + km, 29.5]),
        at('500199102000', 5_000, [106.5 - 2 * km, 29.5]),
      ],
      { streetShare: 0.1, townShare: 0.02 },
    );
    const from = (code: string) => flows.filter((f) => f.from === code).map((f) => [f.to, f.dailyTrips]);
    expect(from('500199001000')).toEqual([
      ['500199101000', 800],
      ['500199102000', 200],
    ]);
    // Town 101: 100 commuters; to the street (10 000 at 1 km) vs the other town (5 000 at 3 km): 18:1.
    expect(from('500199101000')).toEqual([
      ['500199001000', 95],
      ['500199102000', 5],
    ]);
  });

  it('cuts the river into reaches inside their townships and puts the port in the port street', () => {
    const byCode = new Map(dj.townships.map((t) => [t.code, t]));
    const reaches = dj.mapFeatures.filter((f) => f.kind === 'river');
    expect(reaches.length).toBeGreaterThanOrEqual(8);
    let total = 0;
    for (const r of reaches) {
      const polygon = byCode.get(r.jurisdictionCode)!.polygon;
      const lines =
        r.geometry.type === 'LineString' ? [r.geometry.coordinates] : r.geometry.type === 'MultiLineString' ? r.geometry.coordinates : [];
      expect(lines.length, r.name).toBeGreaterThan(0);
      for (const line of lines) {
        for (const p of line) expect(pointInPolygon(p, polygon) || distanceToBoundary(p, polygon) < 1e-6, `${r.name} ${p}`).toBe(true);
        total += polylineLength(line, KM_PER_DEGREE);
      }
      expect(r.name).toMatch(/^嘉江（.+段）$/);
    }
    // The reaches together are the river's course within the district (to the 6-decimal rounding).
    const inDistrict = clipPolylineToConvex(RIVER, DISTRICT_OUTLINE).reduce((s, l) => s + polylineLength(l, KM_PER_DEGREE), 0);
    expect(inDistrict).toBeGreaterThan(30);
    expect(Math.abs(total - inDistrict)).toBeLessThan(0.01);
    // Every street office lies on the river.
    for (const t of dj.townships.filter((x) => x.kind === 'street')) expect(reaches.map((r) => r.jurisdictionCode)).toContain(t.code);

    const ports = dj.mapFeatures.filter((f) => f.kind === 'port');
    expect(ports).toHaveLength(1);
    expect(ports[0]).toMatchObject({ name: '嘉江港', nameEn: 'District J Port', geometry: { type: 'Point', coordinates: dj.port } });
    expect(byCode.get(ports[0]!.jurisdictionCode)!.name).toBe(PORT_STREET);
  });

  it('refuses a malformed roster start', () => {
    expect(() => generateDistrictJ({ rosterStart: '2026-3-2' })).toThrow(/rosterStart/);
  });
});

import { describe, expect, it } from 'vitest';
import type {
  AdjacentDistrict,
  Facility,
  FeatureCollection,
  MapFeatureProperties,
  TownshipFlow,
  TownshipProperties,
} from '../../api/types.ts';
import {
  COMMUTING_COLOUR,
  PORT_COLOUR,
  POPULATION_COLOURS,
  RIVER_COLOUR,
  boundsOf,
  buildStyle,
  commutingCollection,
  labelPoint,
  populationBreaks,
  portLabels,
} from './map-style.ts';

function township(id: string, population: number, west: number, south: number): FeatureCollection<TownshipProperties>['features'][number] {
  const ring = [
    [west, south],
    [west + 0.1, south],
    [west + 0.1, south + 0.1],
    [west, south + 0.1],
    [west, south],
  ];
  return {
    type: 'Feature',
    id,
    properties: { id, code: id, name: id, nameEn: id, level: 'township', population },
    geometry: { type: 'Polygon', coordinates: [ring] },
  };
}

const townships: FeatureCollection<TownshipProperties> = {
  type: 'FeatureCollection',
  features: [township('a', 10_000, 106, 29), township('b', 50_000, 106.1, 29), township('c', 90_000, 106, 29.1)],
};
const facility: Facility = {
  id: 'f1',
  name: 'H',
  nameEn: 'H',
  type: 'fever_clinic',
  jurisdictionId: 'a',
  address: '',
  location: [106.05, 29.05],
  beds: 1,
  icuBeds: 0,
  isolationRooms: 0,
  rooms: 0,
  phone: '',
};
const neighbour: AdjacentDistrict = {
  id: 'n1',
  code: '500100',
  name: '邻区',
  nameEn: 'N',
  population: 1,
  centroid: [106.5, 29.5],
  dailyFlowIn: 300,
  dailyFlowOut: 100,
  modes: { road: { in: 300, out: 100 }, rail: { in: 0, out: 0 }, river: { in: 0, out: 0 } },
};

const river: FeatureCollection<MapFeatureProperties> = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: 'r1',
      properties: { id: 'r1', kind: 'river', name: '嘉江（甲）', nameEn: 'Jia River (a)', jurisdictionId: 'a' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [106, 29.05],
          [106.1, 29.06],
        ],
      },
    },
    {
      type: 'Feature',
      id: 'r2',
      properties: { id: 'r2', kind: 'river', name: '嘉江（乙）', nameEn: '', jurisdictionId: 'b' },
      geometry: {
        type: 'MultiLineString',
        coordinates: [
          [
            [106.1, 29.06],
            [106.15, 29.07],
          ],
          [
            [106.17, 29.07],
            [106.2, 29.08],
          ],
        ],
      },
    },
  ],
};
const ports: FeatureCollection<MapFeatureProperties> = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: 'p1',
      properties: { id: 'p1', kind: 'port', name: '嘉江港', nameEn: 'District J Port', jurisdictionId: 'b' },
      geometry: { type: 'Point', coordinates: [106.12, 29.07] },
    },
  ],
};

describe('river and port layers', () => {
  it('carries the features as given in their own sources, drawn blue between the townships and the points', () => {
    const style = buildStyle({ townships, facilities: [facility], adjacent: [], districtCentre: null, highlightId: null, river, ports });
    expect(style.sources.river).toEqual({ type: 'geojson', data: river });
    expect(style.sources.port).toEqual({ type: 'geojson', data: ports });
    const ids = style.layers.map((layer) => layer.id);
    expect(ids.indexOf('river')).toBeGreaterThan(ids.indexOf('township-highlight'));
    expect(ids.indexOf('port')).toBeGreaterThan(ids.indexOf('river'));
    expect(ids.indexOf('facilities')).toBeGreaterThan(ids.indexOf('port'));
    const riverLayer = style.layers.find((layer) => layer.id === 'river');
    expect(riverLayer).toMatchObject({ type: 'line', source: 'river', paint: { 'line-color': RIVER_COLOUR, 'line-width': 4 } });
    expect(RIVER_COLOUR).toBe('#2b7bb9');
    expect(style.layers.find((layer) => layer.id === 'port')).toMatchObject({
      type: 'circle',
      source: 'port',
      paint: { 'circle-color': PORT_COLOUR },
    });
    expect(JSON.stringify(style)).not.toMatch(/https?:\/\//);
  });

  it('has empty river and port sources when none is given (a scope without them)', () => {
    const style = buildStyle({ townships, facilities: [], adjacent: [], districtCentre: null, highlightId: null });
    expect(style.sources.river.data).toEqual({ type: 'FeatureCollection', features: [] });
    expect(style.sources.port.data).toEqual({ type: 'FeatureCollection', features: [] });
  });

  it('labels each port point in the UI language, falling back to the Chinese name', () => {
    expect(portLabels(ports, false)).toEqual([{ id: 'p1', at: [106.12, 29.07], text: '嘉江港' }]);
    expect(portLabels(ports, true)).toEqual([{ id: 'p1', at: [106.12, 29.07], text: 'District J Port' }]);
    const unnamed: FeatureCollection<MapFeatureProperties> = {
      type: 'FeatureCollection',
      features: [{ ...ports.features[0], properties: { ...ports.features[0].properties, nameEn: '' } }],
    };
    expect(portLabels(unnamed, true)[0].text).toBe('嘉江港');
    // a line is not a port point
    expect(portLabels({ type: 'FeatureCollection', features: [river.features[0]] }, false)).toEqual([]);
  });
});

describe('commuting between townships', () => {
  const flow = (originId: string, destinationId: string, dailyTrips: number): TownshipFlow => ({
    originId,
    destinationId,
    dailyTrips,
    source: 'test',
  });

  it('joins both directions of a pair into one line between label points, lightest first', () => {
    const lines = commutingCollection(
      [flow('a', 'b', 1200), flow('b', 'a', 300), flow('c', 'a', 400), flow('a', 'x', 900), flow('b', 'c', 0)],
      townships,
    );
    expect(lines.features.map((feature) => feature.properties)).toEqual([
      { a: 'a', b: 'c', trips: 400 },
      { a: 'a', b: 'b', trips: 1500 },
    ]);
    // label points are vertex averages of the outer ring, whose closing vertex repeats the first
    const [from, to] = lines.features[1].geometry.coordinates;
    expect(from.map((value) => Number(value.toFixed(6)))).toEqual([106.04, 29.04]);
    expect(to.map((value) => Number(value.toFixed(6)))).toEqual([106.14, 29.04]);
  });

  it('is a hidden layer unless switched on, its width proportional to the heaviest pair', () => {
    const flows = [flow('a', 'b', 1000), flow('a', 'c', 250)];
    const hidden = buildStyle({ townships, facilities: [], adjacent: [], districtCentre: null, highlightId: null, commuting: flows });
    const layer = hidden.layers.find((candidate) => candidate.id === 'commuting');
    expect(layer).toMatchObject({
      type: 'line',
      source: 'commuting',
      layout: { visibility: 'none' },
      paint: {
        'line-color': COMMUTING_COLOUR,
        'line-opacity': ['+', 0.25, ['*', 0.6, ['/', ['get', 'trips'], 1000]]],
        'line-width': ['+', 0.5, ['*', 5.5, ['/', ['get', 'trips'], 1000]]],
      },
    });
    const shown = buildStyle({
      townships,
      facilities: [],
      adjacent: [],
      districtCentre: null,
      highlightId: null,
      commuting: flows,
      showCommuting: true,
    });
    expect(shown.layers.find((candidate) => candidate.id === 'commuting')?.layout).toMatchObject({ visibility: 'visible' });
    expect(shown.sources.commuting.data.features).toHaveLength(2);
  });
});

describe('offline map style', () => {
  it('asks for nothing outside the app: no glyphs, no sprite, no tiles, no text symbols', () => {
    const style = buildStyle({ townships, facilities: [facility], adjacent: [neighbour], districtCentre: [106.1, 29.1], highlightId: 'b' });
    const text = JSON.stringify(style);
    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    expect(text).not.toMatch(/https?:\/\//);
    expect(Object.values(style.sources).every((source) => source.type === 'geojson')).toBe(true);
    expect(style.layers.map((layer) => layer.type)).not.toContain('symbol');
    expect(style.layers.map((layer) => layer.id)).toEqual([
      'background',
      'flows',
      'township-fill',
      'township-outline',
      'township-highlight',
      'commuting',
      'river',
      'port',
      'adjacent',
      'facilities',
    ]);
  });

  it('draws facilities with a location and one flow line per adjacent district', () => {
    const unplaced = { ...facility, id: 'f2', location: null };
    const style = buildStyle({
      townships,
      facilities: [facility, unplaced],
      adjacent: [neighbour],
      districtCentre: [106.1, 29.1],
      highlightId: null,
    });
    expect(style.sources.facilities.data.features.map((feature) => feature.properties.id)).toEqual(['f1']);
    expect(style.sources.flows.data.features).toEqual([
      {
        type: 'Feature',
        properties: { id: 'n1', flow: 400 },
        geometry: {
          type: 'LineString',
          coordinates: [
            [106.1, 29.1],
            [106.5, 29.5],
          ],
        },
      },
    ]);
  });

  it('shades by population with ascending class breaks', () => {
    expect(populationBreaks([5, 1, 4, 2, 3])).toEqual([2, 3, 4, 5]);
    expect(populationBreaks([7, 7, 7])).toEqual([]);
    expect(populationBreaks([110_615])).toEqual([]);
    expect(populationBreaks([])).toEqual([]);
    const fill = buildStyle({ townships, facilities: [], adjacent: [], districtCentre: null, highlightId: null }).layers[2];
    expect(fill.paint).toMatchObject({
      'fill-color': [
        'step',
        ['coalesce', ['get', 'population'], 0],
        POPULATION_COLOURS[0],
        50_000,
        POPULATION_COLOURS[1],
        90_000,
        POPULATION_COLOURS[2],
      ],
    });
  });

  it('finds bounds and label points', () => {
    const bounds = boundsOf(townships) ?? [
      [0, 0],
      [0, 0],
    ];
    expect(bounds.flat().map((value) => Number(value.toFixed(9)))).toEqual([106, 29, 106.2, 29.2]);
    expect(boundsOf({ type: 'FeatureCollection', features: [] })).toBeNull();
    const [lon, lat] = labelPoint(townships.features[0].geometry) ?? [0, 0];
    expect(lon).toBeCloseTo(106.04, 10);
    expect(lat).toBeCloseTo(29.04, 10);
  });
});

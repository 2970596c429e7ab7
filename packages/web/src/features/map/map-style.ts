import type {
  AdjacentDistrict,
  Facility,
  FeatureCollection,
  MapFeatureProperties,
  TownshipFlow,
  TownshipProperties,
} from '../../api/types.ts';

// Builds the MapLibre style from our own GeoJSON only. There is deliberately no `glyphs` or `sprite` URL and
// no symbol layer with text: those would make MapLibre fetch fonts/icons from a server, and the app must make
// no outside request. Labels are drawn as HTML markers instead (see district-map.tsx).

/** Sequential palette (light → dark red) for population shading; chosen to read on screen and in print. */
export const POPULATION_COLOURS = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'] as const;

export const FACILITY_COLOURS: Record<string, string> = {
  designated_hospital: '#b42318',
  general_hospital: '#1d4ed8',
  fever_clinic: '#ea580c',
  township_health_centre: '#15803d',
  cdc_laboratory: '#7c3aed',
  port_quarantine: '#0e7490',
  warehouse: '#854d0e',
  quarantine_hotel: '#be185d',
  mental_health_centre: '#0f766e',
};

/** River blue (also the legend's swatch); the port a darker teal, like the port quarantine station's dot. */
export const RIVER_COLOUR = '#2b7bb9';
export const PORT_COLOUR = '#0b4f6c';
/** Commuting between townships: amber, apart from the purple travel to adjacent districts. */
export const COMMUTING_COLOUR = '#d97706';

type Position = [number, number];

const EMPTY_MAP_FEATURES: FeatureCollection<MapFeatureProperties> = { type: 'FeatureCollection', features: [] };

/** Every coordinate pair of a (Multi)Polygon or Point geometry, whatever its nesting. */
function positions(coordinates: unknown, into: Position[] = []): Position[] {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number' && typeof coordinates[1] === 'number') {
    into.push([coordinates[0], coordinates[1]]);
  } else if (Array.isArray(coordinates)) {
    for (const child of coordinates) positions(child, into);
  }
  return into;
}

/** [[west, south], [east, north]] of all features, or null for an empty collection. */
export function boundsOf(collection: FeatureCollection<unknown>, extra: Position[] = []): [Position, Position] | null {
  const all = [...collection.features.flatMap((feature) => positions(feature.geometry.coordinates)), ...extra];
  if (all.length === 0) return null;
  let [west, south] = all[0];
  let [east, north] = all[0];
  for (const [lon, lat] of all) {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  return [
    [west, south],
    [east, north],
  ];
}

/**
 * Where to put a polygon's label: the vertex average of its outer ring(s). Good enough for the compact,
 * convex-ish township shapes we draw; a concave shape could place it outside, which only moves a label.
 */
export function labelPoint(geometry: { type: string; coordinates: unknown }): Position | null {
  const outer: Position[] =
    geometry.type === 'Polygon'
      ? positions((geometry.coordinates as unknown[])[0])
      : geometry.type === 'MultiPolygon'
        ? (geometry.coordinates as unknown[][]).flatMap((polygon) => positions(polygon[0]))
        : positions(geometry.coordinates);
  if (outer.length === 0) return null;
  const sum = outer.reduce(([x, y], [lon, lat]) => [x + lon, y + lat], [0, 0]);
  return [sum[0] / outer.length, sum[1] / outer.length];
}

/** Population class breaks: equal-count quantiles so that every colour is used whatever the skew. */
export function populationBreaks(values: number[], classes = POPULATION_COLOURS.length): number[] {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks: number[] = [];
  for (let k = 1; k < classes; k++) breaks.push(sorted[Math.min(sorted.length - 1, Math.ceil((k * sorted.length) / classes))]);
  // step expressions need strictly ascending stops, and a break at the minimum would leave the first class empty
  return breaks.filter((value, index) => value > sorted[0] && (index === 0 || value > breaks[index - 1]));
}

export interface StyleInput {
  townships: FeatureCollection<TownshipProperties>;
  facilities: Facility[];
  adjacent: AdjacentDistrict[];
  /** Centre of our district, the origin of the flow lines to adjacent districts. */
  districtCentre: Position | null;
  highlightId: string | null;
  /** `GET /api/map/features?kind=river`: one (Multi)LineString per township reach. */
  river?: FeatureCollection<MapFeatureProperties>;
  /** `GET /api/map/features?kind=port`: Points. */
  ports?: FeatureCollection<MapFeatureProperties>;
  /** `GET /api/jurisdictions/flows`; drawn between township label points when `showCommuting`. */
  commuting?: TownshipFlow[];
  showCommuting?: boolean;
  /** Township property the fill shades by (default 'population') and its five-colour palette (light → dark). */
  shadeProperty?: string;
  palette?: readonly string[];
  /** Class breaks of the shading (ascending); default quantile breaks of the shaded values (populationBreaks). */
  breaks?: readonly number[];
}

/**
 * One line per pair of townships with commuters, from one township's label point to the other's, carrying the
 * persons per day in both directions together (A→B plus B→A): the line shows how strongly two places are tied,
 * which is what matters for spread, not the direction. Ordered by volume so the heaviest lines are drawn last,
 * on top. Pairs with an end outside the drawn townships, or with no commuter, are left out.
 */
export function commutingCollection(flows: TownshipFlow[], townships: FeatureCollection<TownshipProperties>) {
  const points = new Map<string, Position>();
  for (const feature of townships.features) {
    const at = labelPoint(feature.geometry);
    if (at) points.set(feature.properties.id, at);
  }
  const pairs = new Map<string, { a: string; b: string; trips: number }>();
  for (const flow of flows) {
    if (flow.originId === flow.destinationId) continue;
    const [a, b] = flow.originId < flow.destinationId ? [flow.originId, flow.destinationId] : [flow.destinationId, flow.originId];
    const key = `${a}|${b}`;
    const pair = pairs.get(key) ?? { a, b, trips: 0 };
    pair.trips += flow.dailyTrips;
    pairs.set(key, pair);
  }
  return {
    type: 'FeatureCollection' as const,
    features: [...pairs.values()]
      .filter((pair) => pair.trips > 0 && points.has(pair.a) && points.has(pair.b))
      .sort((x, y) => x.trips - y.trips)
      .map((pair) => ({
        type: 'Feature' as const,
        properties: { a: pair.a, b: pair.b, trips: pair.trips },
        geometry: { type: 'LineString' as const, coordinates: [points.get(pair.a) as Position, points.get(pair.b) as Position] },
      })),
  };
}

/** Where each port's HTML label goes and what it says (the name in the UI language, else the Chinese one). */
export function portLabels(
  ports: FeatureCollection<MapFeatureProperties>,
  english: boolean,
): Array<{ id: string; at: Position; text: string }> {
  return ports.features.flatMap((feature) => {
    const at = feature.geometry.type === 'Point' ? positions(feature.geometry.coordinates)[0] : undefined;
    if (!at) return [];
    return [
      { id: feature.properties.id, at, text: english && feature.properties.nameEn ? feature.properties.nameEn : feature.properties.name },
    ];
  });
}

export function facilityCollection(facilities: Facility[]) {
  return {
    type: 'FeatureCollection' as const,
    features: facilities
      .filter((facility) => facility.location)
      .map((facility) => ({
        type: 'Feature' as const,
        properties: { id: facility.id, type: facility.type },
        geometry: { type: 'Point' as const, coordinates: facility.location as Position },
      })),
  };
}

export function flowCollection(adjacent: AdjacentDistrict[], centre: Position | null) {
  return {
    type: 'FeatureCollection' as const,
    features: centre
      ? adjacent
          .filter((district) => district.centroid)
          .map((district) => ({
            type: 'Feature' as const,
            properties: { id: district.id, flow: district.dailyFlowIn + district.dailyFlowOut },
            geometry: { type: 'LineString' as const, coordinates: [centre, district.centroid as Position] },
          }))
      : [],
  };
}

export function adjacentCollection(adjacent: AdjacentDistrict[]) {
  return {
    type: 'FeatureCollection' as const,
    features: adjacent
      .filter((district) => district.centroid)
      .map((district) => ({
        type: 'Feature' as const,
        properties: { id: district.id },
        geometry: { type: 'Point' as const, coordinates: district.centroid as Position },
      })),
  };
}

/** The complete offline style object (MapLibre style spec v8). */
export function buildStyle(input: StyleInput) {
  const shade = input.shadeProperty ?? 'population';
  const palette = input.palette ?? POPULATION_COLOURS;
  const breaks =
    input.breaks ??
    populationBreaks(
      input.townships.features.map((feature) => Number((feature.properties as unknown as Record<string, unknown>)[shade] ?? Number.NaN)),
    );
  const stepStops: Array<string | number> = [palette[0]];
  breaks.forEach((value, index) => stepStops.push(value, palette[index + 1]));
  const maxFlow = Math.max(1, ...input.adjacent.map((district) => district.dailyFlowIn + district.dailyFlowOut));
  const commuting = commutingCollection(input.commuting ?? [], input.townships);
  const maxTrips = Math.max(1, ...commuting.features.map((feature) => feature.properties.trips));
  const facilityColour: unknown[] = ['match', ['get', 'type']];
  for (const [type, colour] of Object.entries(FACILITY_COLOURS)) facilityColour.push(type, colour);
  facilityColour.push('#374151');

  return {
    version: 8 as const,
    sources: {
      townships: { type: 'geojson' as const, data: input.townships, promoteId: 'id' },
      facilities: { type: 'geojson' as const, data: facilityCollection(input.facilities) },
      flows: { type: 'geojson' as const, data: flowCollection(input.adjacent, input.districtCentre) },
      adjacent: { type: 'geojson' as const, data: adjacentCollection(input.adjacent) },
      river: { type: 'geojson' as const, data: input.river ?? EMPTY_MAP_FEATURES },
      port: { type: 'geojson' as const, data: input.ports ?? EMPTY_MAP_FEATURES },
      commuting: { type: 'geojson' as const, data: commuting },
    },
    layers: [
      { id: 'background', type: 'background' as const, paint: { 'background-color': '#eef2f6' } },
      // Flow lines run from the district's centre; drawn beneath the townships, only their stretch outside
      // the district shows, so they never hide the township shading.
      {
        id: 'flows',
        type: 'line' as const,
        source: 'flows',
        layout: { 'line-cap': 'round' as const },
        // Width proportional to total daily travellers, 1–8 px.
        paint: { 'line-color': '#7e22ce', 'line-opacity': 0.55, 'line-width': ['+', 1, ['*', 7, ['/', ['get', 'flow'], maxFlow]]] },
      },
      {
        id: 'township-fill',
        type: 'fill' as const,
        source: 'townships',
        paint: {
          'fill-color': breaks.length > 0 ? ['step', ['coalesce', ['get', shade], 0], ...stepStops] : palette[input.shadeProperty ? 0 : 1],
          'fill-opacity': 0.9,
        },
      },
      { id: 'township-outline', type: 'line' as const, source: 'townships', paint: { 'line-color': '#ffffff', 'line-width': 1.2 } },
      {
        id: 'township-highlight',
        type: 'line' as const,
        source: 'townships',
        filter: ['==', ['get', 'id'], input.highlightId ?? ''],
        paint: { 'line-color': '#111827', 'line-width': 3 },
      },
      {
        id: 'commuting',
        type: 'line' as const,
        source: 'commuting',
        layout: { 'line-cap': 'round' as const, visibility: input.showCommuting ? ('visible' as const) : ('none' as const) },
        // Width proportional to persons per day between the two townships, 0.5–6 px; the opacity grows with it
        // (0.25–0.85), so the ~190 pairs of a district do not bury the few strong ties under thin lines.
        paint: {
          'line-color': COMMUTING_COLOUR,
          'line-opacity': ['+', 0.25, ['*', 0.6, ['/', ['get', 'trips'], maxTrips]]],
          'line-width': ['+', 0.5, ['*', 5.5, ['/', ['get', 'trips'], maxTrips]]],
        },
      },
      // The river and the port lie above the townships (the river is the district's main travel corridor and
      // must read through the shading) and below every point a user clicks.
      {
        id: 'river',
        type: 'line' as const,
        source: 'river',
        layout: { 'line-cap': 'round' as const, 'line-join': 'round' as const },
        // Opaque, so the river's blue reads the same over every population class.
        paint: { 'line-color': RIVER_COLOUR, 'line-width': 4 },
      },
      {
        id: 'port',
        type: 'circle' as const,
        source: 'port',
        paint: { 'circle-radius': 5, 'circle-color': PORT_COLOUR, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
      },
      {
        id: 'adjacent',
        type: 'circle' as const,
        source: 'adjacent',
        paint: { 'circle-radius': 7, 'circle-color': '#ffffff', 'circle-stroke-color': '#7e22ce', 'circle-stroke-width': 2 },
      },
      {
        id: 'facilities',
        type: 'circle' as const,
        source: 'facilities',
        paint: { 'circle-radius': 6.5, 'circle-color': facilityColour, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
      },
    ],
  };
}

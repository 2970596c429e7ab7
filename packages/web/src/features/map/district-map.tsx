import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { Switch } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AdjacentDistrict,
  Facility,
  FeatureCollection,
  MapFeatureProperties,
  TownshipFlow,
  TownshipProperties,
} from '../../api/types.ts';
import { placeLabels, pointLabelCandidates } from './label-placement.ts';
import {
  COMMUTING_COLOUR,
  PORT_COLOUR,
  POPULATION_COLOURS,
  RIVER_COLOUR,
  boundsOf,
  buildStyle,
  labelPoint,
  populationBreaks,
  portLabels,
} from './map-style.ts';

// The worker ships with the app (Vite copies it next to the bundle), so MapLibre never builds a blob worker
// or fetches one from a CDN, and the CSP needs only 'self' for workers.
maplibregl.setWorkerUrl(workerUrl);

export interface DistrictMapProps {
  townships: FeatureCollection<TownshipProperties>;
  facilities?: Facility[];
  adjacent?: AdjacentDistrict[];
  /** River reaches (`GET /api/map/features?kind=river`), drawn as blue lines. */
  river?: FeatureCollection<MapFeatureProperties>;
  /** Ports (`GET /api/map/features?kind=port`), drawn as points with an HTML label. */
  ports?: FeatureCollection<MapFeatureProperties>;
  /** Commuting between townships (`GET /api/jurisdictions/flows`): a layer the user switches on. */
  commuting?: TownshipFlow[];
  highlightId?: string | null;
  /** Draw township names on the map (off for small maps where they would crowd). */
  showLabels?: boolean;
  onTownshipClick?: (id: string) => void;
  /** Open centred on this point, closer in, instead of fitting the whole district (a facility's page). */
  focus?: [number, number] | null;
  /** Called with the clicked [lon, lat] anywhere on the map (used to place a facility). */
  onPick?: (at: [number, number]) => void;
  height?: number | string;
  /**
   * Shades the townships by these values (township id → value; missing or null: the lightest class) instead of
   * population, with this legend title and palette (light → dark; default the population reds).
   */
  shading?: {
    values: Record<string, number | null>;
    legend: string;
    palette?: readonly string[];
    breaks?: readonly number[];
    labels?: readonly string[];
  };
  // (palettes have five classes, as the population one)
  /**
   * Communities and villages drawn as circles (a township officer's map goes down to them): size by cases, red
   * with cases, orange ring with an open alert there, each named and opening a popup with its figures.
   */
  communities?: CommunityPoint[];
  /**
   * Shapes drawn over the map (risk areas, a polygon being drawn): polygons filled with `properties.colour`, lines
   * and points in the same colour. Updated in place, without rebuilding the map.
   */
  overlay?: OverlayCollection;
}

/** Shapes over the map: GeoJSON features with a `colour` property. */
export interface OverlayCollection {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; geometry: { type: string; coordinates: unknown }; properties: { colour: string } }>;
}

/** One community on the map, with the figures its circle and popup show. */
export interface CommunityPoint {
  id: string;
  name: string;
  nameEn: string;
  at: [number, number];
  cases: number;
  population: number | null;
  openAlerts: number | null;
}

const NO_COMMUNITIES: CommunityPoint[] = [];
/** Circles of communities with cases, and without (grey), and the ring of an open alert. */
export const COMMUNITY_COLOURS = { cases: '#de2d26', none: '#9ca3af', alert: '#ea580c' } as const;

type Position = [number, number];

const NO_MAP_FEATURES: FeatureCollection<MapFeatureProperties> = { type: 'FeatureCollection', features: [] };
const NO_FLOWS: TownshipFlow[] = [];

function localName(item: { name: string; nameEn: string }, english: boolean): string {
  return english && item.nameEn ? item.nameEn : item.name;
}

/**
 * The district drawn from the registry's own GeoJSON: townships shaded by population, facilities as points
 * with popups, adjacent districts with travel-flow lines. Loaded lazily (MapLibre is ~1 MB).
 */
export function DistrictMap({
  townships,
  facilities = [],
  adjacent = [],
  river = NO_MAP_FEATURES,
  ports = NO_MAP_FEATURES,
  commuting = NO_FLOWS,
  highlightId = null,
  showLabels = true,
  onTownshipClick,
  onPick,
  focus = null,
  height = 420,
  shading,
  communities = NO_COMMUNITIES,
  overlay,
}: DistrictMapProps) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const clickRef = useRef(onTownshipClick);
  clickRef.current = onTownshipClick;
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  // Switching the commuting layer only changes its visibility; a rebuilt map starts with the current choice.
  const [showCommuting, setShowCommuting] = useState(false);
  const showCommutingRef = useRef(showCommuting);
  showCommutingRef.current = showCommuting;

  const bounds = boundsOf(townships);
  const districtCentre: Position | null = bounds ? [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2] : null;

  // The map is rebuilt when its data or language changes: a district has ~20 townships and a few dozen
  // facilities, so a rebuild costs milliseconds and keeps sources, markers and popups in one place.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is rebuilt on exactly these inputs (see above); the callbacks it uses read refs
  useEffect(() => {
    if (!container.current) return;
    const shaded = shading
      ? {
          ...townships,
          features: townships.features.map((feature) => ({
            ...feature,
            properties: { ...feature.properties, shade: shading.values[feature.properties.id] ?? null },
          })),
        }
      : townships;
    const style = buildStyle({
      townships: shaded,
      facilities,
      adjacent,
      districtCentre,
      highlightId,
      river,
      ports,
      commuting,
      showCommuting: showCommutingRef.current,
      ...(shading ? { shadeProperty: 'shade', palette: shading.palette, breaks: shading.breaks } : {}),
    });
    const fit = boundsOf(
      townships,
      adjacent.flatMap((district) => (district.centroid ? [district.centroid] : [])),
    );
    const map = new maplibregl.Map({
      container: container.current,
      style: style as maplibregl.StyleSpecification,
      // Zoom 11 shows a facility with its township and neighbours around it (~20 km across at this latitude).
      ...(focus ? { center: focus, zoom: 11 } : { bounds: fit ?? undefined, fitBoundsOptions: { padding: 32 } }),
      attributionControl: false,
      // Keeps a screenshot of the canvas possible (e2e tests look at the rendered map).
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');

    const markers: maplibregl.Marker[] = [];
    function addLabel(at: Position, text: string, className: string, options: maplibregl.MarkerOptions = {}): HTMLDivElement {
      const element = document.createElement('div');
      element.className = className;
      element.textContent = text;
      markers.push(new maplibregl.Marker({ ...options, element }).setLngLat(at).addTo(map));
      return element;
    }
    // A township's name is shown only when the township is drawn at least about as wide as the name: at the
    // district view the small, dense urban streets would otherwise pile their names on top of each other.
    const townshipLabels: Array<{ id: string; element: HTMLDivElement; at: Position; west: Position; east: Position }> = [];
    if (showLabels) {
      for (const feature of townships.features) {
        const at = labelPoint(feature.geometry);
        const extent = boundsOf({ type: 'FeatureCollection', features: [feature] });
        if (!at || !extent) continue;
        const element = addLabel(at, localName(feature.properties, english), 'oc-map-label');
        townshipLabels.push({ id: feature.properties.id, element, at, west: [extent[0][0], at[1]], east: [extent[1][0], at[1]] });
      }
    }
    // Beside the point, not on it (the port quarantine station's dot covers the point itself): to the right unless
    // that covers a township's name, then left, below or above (placeLabels).
    const pointLabels: Array<{ element: HTMLDivElement; marker: maplibregl.Marker; at: Position }> = [];
    for (const port of portLabels(ports, english)) {
      const element = addLabel(port.at, port.text, 'oc-map-label oc-map-label-port');
      element.dataset.testid = 'map-port-label';
      pointLabels.push({ element, marker: markers[markers.length - 1]!, at: port.at });
    }
    const adjacentLabels: Array<{ element: HTMLDivElement; at: Position }> = [];
    function fitLabels() {
      for (const label of townshipLabels) {
        const width = map.project(label.east).x - map.project(label.west).x;
        label.element.style.visibility = width >= label.element.offsetWidth * 0.9 ? 'visible' : 'hidden';
      }
      // Township names first (they always win; the highlighted township's before the others), then the port, then
      // the neighbouring districts: a label that would cover one placed before it moves or is hidden.
      const shown = townshipLabels
        .filter((label) => label.element.style.visibility !== 'hidden')
        .sort((a, b) => Number(b.id === highlightId) - Number(a.id === highlightId));
      const fixed = (label: { element: HTMLDivElement; at: Position }) => {
        const point = map.project(label.at as [number, number]);
        return {
          x: point.x,
          y: point.y,
          width: label.element.offsetWidth,
          height: label.element.offsetHeight,
          candidates: [[0, 0]] as const,
        };
      };
      const places = placeLabels([
        ...shown.map(fixed),
        ...pointLabels.map((label) => {
          const point = map.project(label.at as [number, number]);
          const { offsetWidth: width, offsetHeight: height } = label.element;
          return { x: point.x, y: point.y, width, height, candidates: pointLabelCandidates(width, height) };
        }),
        ...adjacentLabels.map(fixed),
      ]);
      const apply = (element: HTMLDivElement, place: readonly [number, number] | null | undefined) => {
        element.style.visibility = place ? 'visible' : 'hidden';
      };
      shown.forEach((label, index) => apply(label.element, places[index]));
      pointLabels.forEach((label, index) => {
        const place = places[shown.length + index];
        apply(label.element, place);
        if (place) label.marker.setOffset([place[0], place[1]]);
      });
      adjacentLabels.forEach((label, index) => apply(label.element, places[shown.length + pointLabels.length + index]));
    }
    map.on('load', fitLabels);
    // The drawn layers' ids on the container, so a test can tell the river and port are in the style without
    // reaching into MapLibre from the page.
    map.on('load', () => {
      container.current?.setAttribute('data-layers', (map.getStyle().layers ?? []).map((layer) => layer.id).join(' '));
    });
    map.on('zoomend', fitLabels);
    map.on('resize', fitLabels);
    for (const district of adjacent) {
      if (!district.centroid) continue;
      const at: Position = [district.centroid[0], district.centroid[1] - 0.012];
      adjacentLabels.push({ element: addLabel(at, localName(district, english), 'oc-map-label oc-map-label-adjacent'), at });
    }

    if (communities.length > 0) {
      const most = Math.max(1, ...communities.map((c) => c.cases));
      map.on('load', () => {
        map.addSource('communities', {
          type: 'geojson',
          data: {
            type: 'FeatureCollection',
            features: communities.map((c) => ({
              type: 'Feature',
              geometry: { type: 'Point', coordinates: c.at },
              properties: {
                id: c.id,
                cases: c.cases,
                alerts: c.openAlerts ?? 0,
                radius: c.cases > 0 ? 6 + 12 * Math.sqrt(c.cases / most) : 4,
              },
            })),
          },
        });
        map.addLayer({
          id: 'communities',
          type: 'circle',
          source: 'communities',
          paint: {
            'circle-radius': ['get', 'radius'],
            'circle-color': ['case', ['>', ['get', 'cases'], 0], COMMUNITY_COLOURS.cases, COMMUNITY_COLOURS.none],
            'circle-opacity': 0.75,
            'circle-stroke-width': ['case', ['>', ['get', 'alerts'], 0], 3, 1],
            'circle-stroke-color': ['case', ['>', ['get', 'alerts'], 0], COMMUNITY_COLOURS.alert, '#ffffff'],
          },
        });
        container.current?.setAttribute('data-layers', (map.getStyle().layers ?? []).map((layer) => layer.id).join(' '));
      });
      if (showLabels) {
        for (const c of communities)
          addLabel(c.at, localName(c, english), 'oc-map-label oc-map-label-community', {
            anchor: 'top',
            offset: [0, 6],
          }).dataset.communityId = c.id;
      }
    }

    // Popups are built from DOM nodes with textContent, never HTML strings: names come from user input.
    function popupContent(lines: Array<[string, string]>, title: string) {
      const root = document.createElement('div');
      const heading = document.createElement('strong');
      heading.textContent = title;
      root.append(heading);
      for (const [label, value] of lines) {
        const row = document.createElement('div');
        row.textContent = `${label}: ${value}`;
        root.append(row);
      }
      return root;
    }
    const number = new Intl.NumberFormat(i18n.language);

    map.on('click', 'facilities', (event) => {
      const id = event.features?.[0]?.properties?.id;
      const facility = facilities.find((candidate) => candidate.id === id);
      if (!facility?.location) return;
      const lines: Array<[string, string]> = [[t('facilities.type'), t(`facilityTypes.${facility.type}`)]];
      if (facility.beds) lines.push([t('facilities.beds'), number.format(facility.beds)]);
      if (facility.icuBeds) lines.push([t('facilities.icuBeds'), number.format(facility.icuBeds)]);
      if (facility.isolationRooms) lines.push([t('facilities.isolationRooms'), number.format(facility.isolationRooms)]);
      if (facility.rooms) lines.push([t('facilities.rooms'), number.format(facility.rooms)]);
      if (facility.phone) lines.push([t('facilities.phone'), facility.phone]);
      new maplibregl.Popup({ closeButton: true })
        .setLngLat(facility.location)
        .setDOMContent(popupContent(lines, localName(facility, english)))
        .addTo(map);
    });
    map.on('click', 'communities', (event) => {
      const id = event.features?.[0]?.properties?.id;
      const community = communities.find((candidate) => candidate.id === id);
      if (!community) return;
      const lines: Array<[string, string]> = [
        [t('map.communityCases'), number.format(community.cases)],
        [t('dashboard.population'), community.population == null ? '—' : number.format(community.population)],
      ];
      if (community.openAlerts !== null) lines.push([t('map.communityAlerts'), number.format(community.openAlerts)]);
      new maplibregl.Popup({ closeButton: true })
        .setLngLat(community.at)
        .setDOMContent(popupContent(lines, localName(community, english)))
        .addTo(map);
    });
    map.on('click', 'adjacent', (event) => {
      const id = event.features?.[0]?.properties?.id;
      const district = adjacent.find((candidate) => candidate.id === id);
      if (!district?.centroid) return;
      new maplibregl.Popup()
        .setLngLat(district.centroid)
        .setDOMContent(
          popupContent(
            [
              [t('dashboard.population'), district.population == null ? '—' : number.format(district.population)],
              [t('dashboard.flowIn'), number.format(district.dailyFlowIn)],
              [t('dashboard.flowOut'), number.format(district.dailyFlowOut)],
              ...(['road', 'rail', 'river'] as const).map((mode): [string, string] => [
                t(`dashboard.modes.${mode}`),
                `${number.format(district.modes[mode].in)} / ${number.format(district.modes[mode].out)}`,
              ]),
            ],
            localName(district, english),
          ),
        )
        .addTo(map);
    });
    map.on('click', 'township-fill', (event) => {
      // A click on a facility point also hits the township under it; the facility popup wins.
      const above = ['facilities', 'adjacent', ...(map.getLayer('communities') ? ['communities'] : [])];
      if (map.queryRenderedFeatures(event.point, { layers: above }).length > 0) return;
      const id = event.features?.[0]?.properties?.id;
      if (typeof id === 'string') clickRef.current?.(id);
    });
    map.on('click', (event) => {
      pickRef.current?.([Number(event.lngLat.lng.toFixed(6)), Number(event.lngLat.lat.toFixed(6))]);
    });
    if (onPick) map.getCanvas().style.cursor = 'crosshair';
    for (const layer of ['facilities', 'adjacent', 'township-fill', 'communities']) {
      map.on('mouseenter', layer, () => {
        map.getCanvas().style.cursor = 'pointer';
      });
      map.on('mouseleave', layer, () => {
        map.getCanvas().style.cursor = '';
      });
    }

    return () => {
      for (const marker of markers) marker.remove();
      map.remove();
      mapRef.current = null;
    };
    // districtCentre derives from townships; listing it would rebuild on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [
    townships,
    facilities,
    adjacent,
    river,
    ports,
    commuting,
    highlightId,
    showLabels,
    english,
    focus?.[0],
    focus?.[1],
    shading,
    communities,
  ]);

  // The overlay follows its data without a rebuild (a polygon being drawn changes at every click).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the map object is rebuilt with the township data; the overlay is set again then
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !overlay) return;
    const apply = () => {
      const data = overlay as unknown as Parameters<maplibregl.GeoJSONSource['setData']>[0];
      const source = map.getSource('overlay') as maplibregl.GeoJSONSource | undefined;
      if (source) {
        source.setData(data);
        return;
      }
      map.addSource('overlay', { type: 'geojson', data });
      const colour: maplibregl.ExpressionSpecification = ['get', 'colour'];
      map.addLayer({
        id: 'overlay-fill',
        type: 'fill',
        source: 'overlay',
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: { 'fill-color': colour, 'fill-opacity': 0.35 },
      });
      map.addLayer({
        id: 'overlay-line',
        type: 'line',
        source: 'overlay',
        filter: ['!=', ['geometry-type'], 'Point'],
        paint: { 'line-color': colour, 'line-width': 2 },
      });
      map.addLayer({
        id: 'overlay-points',
        type: 'circle',
        source: 'overlay',
        filter: ['==', ['geometry-type'], 'Point'],
        paint: { 'circle-radius': 4, 'circle-color': colour, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 },
      });
    };
    if (map.isStyleLoaded()) apply();
    else map.once('load', apply);
  }, [overlay, townships, english, shading, communities]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const apply = () => map.setLayoutProperty('commuting', 'visibility', showCommuting ? 'visible' : 'none');
    if (map.isStyleLoaded()) apply();
    else map.once('load', apply);
  }, [showCommuting]);

  const hasCommuting = commuting.some((flow) => flow.dailyTrips > 0);
  const palette = shading?.palette ?? POPULATION_COLOURS;
  const breaks =
    shading?.breaks ??
    populationBreaks(
      townships.features.map((feature) =>
        Number((shading ? shading.values[feature.properties.id] : feature.properties.population) ?? Number.NaN),
      ),
    );
  const number = new Intl.NumberFormat(i18n.language, { notation: 'compact', maximumFractionDigits: 1 });
  return (
    <div style={{ position: 'relative', height, borderRadius: 8, overflow: 'hidden' }}>
      {/* biome-ignore lint/a11y/useSemanticElements: MapLibre needs a plain div as its container; the role names the map as a landmark */}
      <div
        ref={container}
        style={{ position: 'absolute', inset: 0 }}
        data-testid="district-map"
        aria-label={t('map.label')}
        role="region"
      />
      {hasCommuting && (
        // biome-ignore lint/a11y/noLabelWithoutControl: the control is the antd Switch inside the label (a component Biome cannot see into)
        <label
          style={{
            position: 'absolute',
            left: 8,
            top: 8,
            display: 'flex',
            alignItems: 'center',
            gap: 6,
            background: 'rgba(255,255,255,0.9)',
            padding: '4px 8px',
            borderRadius: 6,
            fontSize: 12,
          }}
        >
          <Switch size="small" checked={showCommuting} onChange={setShowCommuting} data-testid="map-commuting-switch" />
          {t('map.commuting')}
        </label>
      )}
      {(breaks.length > 0 || river.features.length > 0 || ports.features.length > 0 || communities.length > 0) && (
        <div
          data-testid="map-legend"
          style={{
            position: 'absolute',
            left: 8,
            bottom: 8,
            background: 'rgba(255,255,255,0.9)',
            padding: '6px 8px',
            borderRadius: 6,
            fontSize: 11,
          }}
        >
          {breaks.length > 0 && <div style={{ marginBottom: 4 }}>{shading ? shading.legend : t('map.populationLegend')}</div>}
          {breaks.length > 0 &&
            palette.slice(0, breaks.length + 1).map((colour, index) => (
              <div key={colour} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
                <span style={{ width: 12, height: 12, background: colour, display: 'inline-block' }} />
                {shading?.labels?.[index] ??
                  (index === 0
                    ? `< ${number.format(breaks[0])}`
                    : index === breaks.length
                      ? `≥ ${number.format(breaks[index - 1])}`
                      : `${number.format(breaks[index - 1])} – ${number.format(breaks[index])}`)}
              </div>
            ))}
          {river.features.length > 0 && (
            <div style={{ display: 'flex', alignItems: 'center', gap: 6, marginTop: 4 }}>
              <span style={{ width: 12, height: 4, background: RIVER_COLOUR, display: 'inline-block', borderRadius: 2 }} />
              {t('map.river')}
            </div>
          )}
          {hasCommuting && showCommuting && (
            <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
              <span style={{ width: 12, height: 3, background: COMMUTING_COLOUR, display: 'inline-block', borderRadius: 2 }} />
              {t('map.commutingLegend')}
            </div>
          )}
          {communities.length > 0 && (
            <div style={{ display: 'flex', alignItems: 'center', gap: 6, marginTop: 4 }} data-testid="map-community-legend">
              <span
                style={{
                  width: 10,
                  height: 10,
                  background: COMMUNITY_COLOURS.cases,
                  display: 'inline-block',
                  borderRadius: '50%',
                  opacity: 0.75,
                }}
              />
              {t('map.communityLegend')}
            </div>
          )}
          {communities.some((c) => (c.openAlerts ?? 0) > 0) && (
            <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
              <span
                style={{
                  width: 8,
                  height: 8,
                  display: 'inline-block',
                  borderRadius: '50%',
                  border: `2px solid ${COMMUNITY_COLOURS.alert}`,
                }}
              />
              {t('map.communityAlertLegend')}
            </div>
          )}
          {ports.features.length > 0 && (
            <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
              <span
                style={{
                  width: 10,
                  height: 10,
                  background: PORT_COLOUR,
                  display: 'inline-block',
                  borderRadius: '50%',
                  border: '2px solid #fff',
                  boxSizing: 'content-box',
                }}
              />
              {t('map.port')}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * The region's map in the joint view (issue 16, item 6): our district's townships (from the registry's geometry)
 * and each linked neighbour at its centroid (the registry's adjacent districts, matched by district code), coloured
 * by the chosen count; a suppressed count is grey and labelled "<5", a district without figures for the day white.
 * Labels are HTML markers (no glyph server), as on the district map. Loaded lazily: MapLibre is ~1 MB.
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdjacentDistrict, FeatureCollection, TownshipProperties } from '../../api/types.ts';
import { boundsOf } from '../map/map-style.ts';
import { colourOf, type RegionValue } from './joint-figures-map-values.ts';

maplibregl.setWorkerUrl(workerUrl);

export interface RegionMapProps {
  townships: FeatureCollection<TownshipProperties>;
  adjacent: AdjacentDistrict[];
  ownCode: string;
  names: Map<string, string>;
  values: Map<string, RegionValue>;
  height?: number | string;
}

export default function JointFiguresMap({ townships, adjacent, ownCode, names, values, height = 360 }: RegionMapProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const text = (v: RegionValue | undefined) =>
      !v || v.kind === 'missing'
        ? t('neighbourWork.figures.missing')
        : v.kind === 'suppressed'
          ? t('neighbourWork.figures.suppressed')
          : String(v.value);
    if (!container.current) return;
    const own = values.get(ownCode);
    const linked = adjacent.filter((a) => a.centroid && values.has(a.code));
    const points = {
      type: 'FeatureCollection' as const,
      features: linked.map((a) => ({
        type: 'Feature' as const,
        properties: { code: a.code, colour: colourOf(values.get(a.code)!) },
        geometry: { type: 'Point' as const, coordinates: a.centroid as [number, number] },
      })),
    };
    const centres = linked.map((a) => a.centroid as [number, number]);
    const bounds = boundsOf(townships, centres);
    const map = new maplibregl.Map({
      container: container.current,
      attributionControl: false,
      style: {
        version: 8,
        sources: {
          townships: { type: 'geojson', data: townships as never },
          neighbours: { type: 'geojson', data: points },
        },
        layers: [
          { id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } },
          {
            id: 'own',
            type: 'fill',
            source: 'townships',
            paint: { 'fill-color': own ? colourOf(own) : '#ffffff', 'fill-outline-color': '#595959' },
          },
          { id: 'own-line', type: 'line', source: 'townships', paint: { 'line-color': '#8c8c8c', 'line-width': 0.6 } },
          {
            id: 'neighbours',
            type: 'circle',
            source: 'neighbours',
            paint: { 'circle-radius': 22, 'circle-color': ['get', 'colour'], 'circle-stroke-color': '#595959', 'circle-stroke-width': 1 },
          },
        ],
      },
      bounds: (bounds as [[number, number], [number, number]] | null) ?? undefined,
      fitBoundsOptions: { padding: 48 },
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    const label = (at: [number, number], code: string) => {
      const el = document.createElement('div');
      el.className = 'oc-map-label';
      el.dataset.testid = 'region-map-label';
      el.dataset.code = code;
      el.dataset.value = text(values.get(code));
      el.textContent = `${names.get(code) ?? code} ${text(values.get(code))}`;
      new maplibregl.Marker({ element: el }).setLngLat(at).addTo(map);
    };
    const ownBounds = boundsOf(townships);
    const ownCentre = ownBounds
      ? ([(ownBounds[0][0] + ownBounds[1][0]) / 2, (ownBounds[0][1] + ownBounds[1][1]) / 2] as [number, number])
      : null;
    if (ownCentre && own) label(ownCentre, ownCode);
    for (const a of linked) label(a.centroid as [number, number], a.code);
    return () => map.remove();
  }, [townships, adjacent, ownCode, names, values, t]);

  return <div ref={container} style={{ height, width: '100%', borderRadius: 6, overflow: 'hidden' }} data-testid="region-map" />;
}

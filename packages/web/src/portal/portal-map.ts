/**
 * The portal's risk-area map: plain SVG drawn from the registry's outlines (GET /api/public/map) and the risk
 * areas' polygons (drawn ones, or their township or community's outline). No map library: MapLibre alone is
 * several times the portal's JavaScript budget (150 KB gzipped), and a district fits on one screen without tiles.
 * The list beside the map names every area in text (the map is labelled, but the list is the accessible version).
 */
// biome-ignore lint/suspicious/noExplicitAny: the public API's JSON, read field by field
type Json = Record<string, any>;
type Geometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

const NS = 'http://www.w3.org/2000/svg';
export const RISK_COLOURS: Record<string, string> = { high: '#cf1322', medium: '#d46b08', low: '#389e0d' };

const polygonsOf = (g: Geometry): number[][][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

function svgEl(tag: string, attrs: Record<string, string>, text?: string) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * An SVG of the district with the risk areas over it, or null when no outline is known. `label` is read out for the
 * whole map; each area has its own <title> (a tooltip on a mouse, a name for a screen reader).
 */
export function riskMap(
  map: Json,
  areas: Json[],
  names: { label: string; nameOf: (a: Json) => string; townshipName: (t: Json) => string },
): SVGSVGElement | null {
  const outlines: Geometry[] = [
    ...(map.district?.geometry ? [map.district.geometry] : []),
    ...map.townships.filter((t: Json) => t.geometry).map((t: Json) => t.geometry),
  ];
  if (outlines.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const g of [...outlines, ...areas.filter((a) => a.geometry).map((a) => a.geometry as Geometry)])
    for (const poly of polygonsOf(g))
      for (const ring of poly)
        for (const [x, y] of ring) {
          if (x! < minX) minX = x!;
          if (x! > maxX) maxX = x!;
          if (y! < minY) minY = y!;
          if (y! > maxY) maxY = y!;
        }
  // equirectangular, longitudes shortened by cos(latitude) so shapes keep their proportions at the district's latitude
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const width = 600;
  const spanX = Math.max(1e-9, (maxX - minX) * k);
  const spanY = Math.max(1e-9, maxY - minY);
  const scale = (width - 20) / spanX;
  const height = Math.max(120, Math.round(spanY * scale + 20));
  const px = (x: number) => (10 + (x - minX) * k * scale).toFixed(1);
  const py = (y: number) => (10 + (maxY - y) * scale).toFixed(1);
  const path = (g: Geometry) =>
    polygonsOf(g)
      .flatMap((poly) => poly.map((ring) => `M${ring.map(([x, y]) => `${px(x!)},${py(y!)}`).join('L')}Z`))
      .join('');

  const svg = svgEl('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'risk-map',
    role: 'img',
    'aria-label': names.label,
  }) as SVGSVGElement;
  svg.append(svgEl('title', {}, names.label));
  if (map.district?.geometry)
    svg.append(svgEl('path', { d: path(map.district.geometry), fill: '#f6f8fa', stroke: '#57606a', 'stroke-width': '1.5' }));
  for (const t of map.townships as Json[]) {
    if (!t.geometry) continue;
    const p = svgEl('path', { d: path(t.geometry), fill: 'none', stroke: '#8c959f', 'stroke-width': '0.8', 'stroke-dasharray': '3 2' });
    p.append(svgEl('title', {}, names.townshipName(t)));
    svg.append(p);
  }
  // low first, so higher levels are drawn over them
  const order: Record<string, number> = { low: 0, medium: 1, high: 2 };
  for (const a of [...areas].sort((x, y) => (order[x.level] ?? 0) - (order[y.level] ?? 0))) {
    if (!a.geometry) continue;
    const colour = RISK_COLOURS[a.level] ?? '#57606a';
    const p = svgEl('path', {
      d: path(a.geometry),
      fill: colour,
      'fill-opacity': '0.35',
      stroke: colour,
      'stroke-width': '2',
      'data-level': a.level,
      'data-drawn': String(Boolean(a.drawn)),
    });
    p.append(svgEl('title', {}, names.nameOf(a)));
    svg.append(p);
  }
  return svg;
}

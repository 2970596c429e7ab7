/**
 * Images and drawn risk areas of bulletins (docs/disclosure.md "Images", "Risk areas on the map"), through the HTTP
 * API: an image is cleaned of its metadata, needs its alt text in both languages, is reviewed with the draft (four
 * eyes: whoever adds one becomes an author), is read by the guard, copied into a correction and no longer served
 * once the bulletin is withdrawn; a drawn area must be a closed, simple polygon with few enough corners inside the
 * district, and the portal gets it with the outlines of the registry.
 */
import { sql } from 'drizzle-orm';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { CASE_ADDRESS, buildBulletinWorld } from './bulletins.test-support.ts';
import { MAX_RISK_VERTICES, pointInGeometry, riskGeometryIssues, selfCrossing } from './risk-shapes.ts';

type World = Awaited<ReturnType<typeof buildBulletinWorld>>;

async function upload(client: TestClient, path: string, file: { name: string; bytes: Uint8Array }, fields: Record<string, string>) {
  if (!client.cookies.has('oc_csrf')) await client.get('/api/health');
  const form = new FormData();
  form.append('file', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await client.app.request(path, {
    method: 'POST',
    body: form,
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': client.cookies.get('oc_csrf') ?? '' },
  });
  return { status: res.status, body: (await res.json()) as any };
}

const photo = () =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: '#c0392b' } })
    .jpeg()
    .withExifMerge({ IFD0: { Artist: 'Zhang San', Make: 'PhoneMaker' }, IFD3: { GPSLatitudeRef: 'N', GPSLongitudeRef: 'E' } })
    .toBuffer();

/** A square ring [lon, lat] from its south-west corner and side (degrees). */
const square = (lon: number, lat: number, side: number) => [
  [lon, lat],
  [lon + side, lat],
  [lon + side, lat + side],
  [lon, lat + side],
  [lon, lat],
];
const DISTRICT = { type: 'Polygon' as const, coordinates: [square(106, 29, 1)] };

describe('risk-shapes (unit)', () => {
  it('accepts a simple closed ring inside the district and names every kind of fault', () => {
    expect(riskGeometryIssues({ type: 'Polygon', coordinates: [square(106.2, 29.2, 0.1)] }, DISTRICT)).toEqual([]);
    const open = square(106.2, 29.2, 0.1).slice(0, 4);
    expect(riskGeometryIssues({ type: 'Polygon', coordinates: [open] }, DISTRICT)[0]!.message).toMatch(/not closed/);
    const bowTie = [
      [106.2, 29.2],
      [106.3, 29.3],
      [106.3, 29.2],
      [106.2, 29.3],
      [106.2, 29.2],
    ];
    expect(selfCrossing(bowTie)).toEqual([0, 2]);
    expect(riskGeometryIssues({ type: 'Polygon', coordinates: [bowTie] }, DISTRICT)[0]!.message).toMatch(
      /crosses itself \(edges 1 and 3\)/,
    );
    const line = [
      [106.2, 29.2],
      [106.3, 29.3],
      [106.4, 29.4],
      [106.2, 29.2],
    ];
    expect(riskGeometryIssues({ type: 'Polygon', coordinates: [line] }, DISTRICT)[0]!.message).toMatch(/no area/);
    const outside = riskGeometryIssues({ type: 'Polygon', coordinates: [square(106.95, 29.5, 0.1)] }, DISTRICT);
    expect(outside).toEqual([{ path: 'geometry.coordinates.0.1', message: expect.stringMatching(/outside the district/) }]);
    const many = Array.from({ length: MAX_RISK_VERTICES + 1 }, (_, i) => [
      106.5 + 0.1 * Math.cos((2 * Math.PI * i) / MAX_RISK_VERTICES),
      29.5 + 0.1 * Math.sin((2 * Math.PI * i) / MAX_RISK_VERTICES),
    ]);
    expect(riskGeometryIssues({ type: 'Polygon', coordinates: [many] }, DISTRICT)[0]!.message).toMatch(
      /Too many points \(501; at most 500\)/,
    );
    // a hole of the district is outside it
    const holed = { type: 'Polygon' as const, coordinates: [square(106, 29, 1), square(106.4, 29.4, 0.2)] };
    expect(pointInGeometry([106.5, 29.5], holed)).toBe(false);
    expect(pointInGeometry([106.1, 29.1], holed)).toBe(true);
    expect(pointInGeometry([106, 29.5], holed)).toBe(true); // on the edge
  });
});

describe.each(testEngines())('bulletin images and drawn risk areas (%s)', (engine) => {
  const t = withTestDb(engine);

  async function draft(w: World, kind = 'press_release') {
    const res = await w.press.post('/api/bulletins', { kind, jurisdictionId: w.tree.district.id });
    expect(res.status).toBe(201);
    return res.body as { id: string; updatedAt: string };
  }

  it('an image is re-encoded without metadata, needs alt text in both languages, is reviewed, copied into a correction and gone once withdrawn', async () => {
    const w = await buildBulletinWorld(t.database);
    const anonymous = new TestClient(w.app);
    const b = await draft(w);
    const path = `/api/bulletins/${b.id}/images/files`;
    const jpeg = await photo();
    expect(jpeg.includes(Buffer.from('Zhang San'))).toBe(true);

    // refusals: no alt text, a GIF, a decompression bomb (a real 36-megapixel PNG of a few kilobytes)
    const noAlt = await upload(w.press, path, { name: 'a.jpg', bytes: jpeg }, { alt: ' ', altEn: '' });
    expect(noAlt.status).toBe(400);
    expect(noAlt.body.error.details.map((d: any) => d.path)).toEqual(['alt', 'altEn']);
    const gif = await upload(w.press, path, { name: 'a.gif', bytes: Buffer.from('GIF89a....', 'latin1') }, { alt: '图', altEn: 'x' });
    expect([gif.status, gif.body.error.details[0].path]).toEqual([400, 'file']);
    const ihdr = Buffer.from([0, 0, 0x17, 0x70, 0, 0, 0x17, 0x70, 8, 0, 0, 0, 0]); // 6000 × 6000 greyscale
    const chunk = (type: string, data: Buffer) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      return Buffer.concat([len, Buffer.from(type), data, Buffer.alloc(4)]); // CRC not needed to read the header
    };
    const bomb = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(6001 * 6000))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect(bomb.length).toBeLessThan(100_000);
    const refused = await upload(w.press, path, { name: 'bomb.png', bytes: bomb }, { alt: '图', altEn: 'chart' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].message).toMatch(/too many pixels \(6000 × 6000/);

    // stored: upright, no EXIF, the staff page shows it inline
    const added = await upload(w.press, path, { name: 'poster.jpg', bytes: jpeg }, { alt: '洗手海报', altEn: 'Hand-washing poster' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      alt: '洗手海报',
      altEn: 'Hand-washing poster',
      width: 640,
      height: 480,
      contentType: 'image/jpeg',
      position: 0,
    });
    const staff = await w.press.app.request(added.body.url, {
      headers: { cookie: [...w.press.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(staff.status).toBe(200);
    expect(staff.headers.get('content-type')).toBe('image/jpeg');
    const stored = Buffer.from(await staff.arrayBuffer());
    expect(stored.includes(Buffer.from('Zhang San'))).toBe(false);
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    expect((await anonymous.get(added.body.url)).status).toBe(401);

    // a second press officer (who may also approve) adds an image to the draft: now an author, may not approve it
    const second = await upload(
      w.both,
      path,
      {
        name: 'chart.png',
        bytes: await sharp({ create: { width: 300, height: 100, channels: 3, background: '#fff' } })
          .png()
          .toBuffer(),
      },
      { alt: '病例曲线图', altEn: 'Epidemic curve' },
    );
    expect([second.status, second.body.position]).toEqual([201, 1]);
    // an alt text with a case person's address is found by the guard
    expect((await w.press.patch(`/api/bulletins/${b.id}/images/${second.body.id}`, { alt: `病例住址${CASE_ADDRESS}` })).status).toBe(200);
    const blocked = await w.press.post(`/api/bulletins/${b.id}/submit`, {});
    expect(blocked.body.error.reason).toBe('personal_data_found');
    expect(blocked.body.error.details.findings.map((f: any) => f.field)).toContain(`images.${second.body.id}.alt`);
    expect((await w.press.patch(`/api/bulletins/${b.id}/images/${second.body.id}`, { alt: '病例曲线图' })).status).toBe(200);
    expect((await w.press.post(`/api/bulletins/${b.id}/submit`, {})).status).toBe(200);
    expect((await w.both.post(`/api/bulletins/${b.id}/approve`, {})).body.error.reason).toBe('four_eyes');
    // past the draft, the images are what was reviewed
    expect((await w.press.delete(`/api/bulletins/${b.id}/images/${second.body.id}`)).status).toBe(409);
    expect((await w.leader.post(`/api/bulletins/${b.id}/approve`, {})).status).toBe(200);
    expect((await w.press.post(`/api/bulletins/${b.id}/publish`, {})).status).toBe(200);

    // the public: both images with their alt text; the image itself anonymous and cacheable
    const pub = await anonymous.get(`/api/public/bulletins/${b.id}`);
    expect(pub.body.images.map((i: any) => [i.alt, i.altEn, i.width, i.height])).toEqual([
      ['洗手海报', 'Hand-washing poster', 640, 480],
      ['病例曲线图', 'Epidemic curve', 300, 100],
    ]);
    const image = await w.app.request(pub.body.images[0].url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('set-cookie')).toBeNull();
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    // the image's own policy, not the site's (the security middleware keeps an answer's own CSP) — the second
    // answer comes from the kept entry through the lean path, with the same policy
    expect(image.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    const again = await w.app.request(pub.body.images[0].url);
    expect(again.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(again.headers.get('x-frame-options')).toBe(image.headers.get('x-frame-options'));
    expect(Buffer.from(await image.arrayBuffer()).equals(stored)).toBe(true);
    const etag = image.headers.get('etag')!;
    expect((await w.app.request(pub.body.images[0].url, { headers: { 'if-none-match': etag } })).status).toBe(304);

    // a correction carries the images; the new version's are its own
    const corr = await w.press.post(`/api/bulletins/${b.id}/correct`, { correctionNote: '更正：图片说明' });
    expect(corr.body.images.map((i: any) => i.alt)).toEqual(['洗手海报', '病例曲线图']);
    expect(corr.body.images[0].id).not.toBe(added.body.id);
    // an unpublished version's image is not public
    expect((await w.app.request(`/api/public/bulletins/${corr.body.id}/images/${corr.body.images[0].id}`)).status).toBe(404);

    // withdrawn: the page says so and shows no image; the image is no longer served (also from the cache)
    expect((await w.leader.post(`/api/bulletins/${b.id}/withdraw`, { reason: '海报已过时' })).status).toBe(200);
    const after = await anonymous.get(`/api/public/bulletins/${b.id}`);
    expect([after.body.status, after.body.images]).toEqual(['withdrawn', []]);
    expect((await w.app.request(pub.body.images[0].url)).status).toBe(404);
    expect((await w.app.request(`/api/public/bulletins/${b.id}/images/not-a-uuid`)).status).toBe(404);
  });

  it('a drawn risk area must be closed, simple, small enough and inside the district; the portal gets it with the registry outlines', async () => {
    const w = await buildBulletinWorld(t.database);
    const anonymous = new TestClient(w.app);
    const b = await draft(w, 'risk_areas');
    const base = { jurisdictionId: w.tree.district.id, level: 'high', startsOn: w.today, bulletinId: b.id };
    const polygon = (ring: number[][]) => ({ type: 'Polygon', coordinates: [ring] });

    // the district has no outline yet: a drawing cannot be checked
    const unchecked = await w.press.post('/api/risk-areas', {
      ...base,
      geometry: polygon(square(106.2, 29.2, 0.1)),
      placeName: '龙湖市场',
    });
    expect([unchecked.status, unchecked.body.error.details[0].message]).toEqual([
      400,
      expect.stringMatching(/outline is not in the registry/),
    ]);
    await t.database.db.execute(
      sql`UPDATE jurisdictions SET geometry = ${JSON.stringify(DISTRICT)}::jsonb WHERE id = ${w.tree.district.id}`,
    );
    await t.database.db.execute(
      sql`UPDATE jurisdictions SET geometry = ${JSON.stringify({ type: 'Polygon', coordinates: [square(106, 29, 0.5)] })}::jsonb WHERE id = ${w.tree.townshipA.id}`,
    );

    const fault = async (body: Record<string, unknown>) => {
      const res = await w.press.post('/api/risk-areas', { ...base, ...body });
      expect(res.status).toBe(400);
      return res.body.error.details.map((d: any) => [d.path, d.message]);
    };
    expect(await fault({ geometry: polygon(square(106.2, 29.2, 0.1).slice(0, 4)), placeName: '龙湖市场' })).toEqual([
      ['geometry.coordinates.0', expect.stringMatching(/not closed/)],
    ]);
    expect(await fault({ geometry: polygon(square(106.95, 29.2, 0.1)), placeName: '龙湖市场' })).toEqual([
      ['geometry.coordinates.0.1', expect.stringMatching(/outside the district/)],
    ]);
    expect(await fault({ geometry: polygon(square(106.2, 29.2, 0.1)) })).toEqual([
      ['placeName', expect.stringMatching(/Name the drawn area/)],
    ]);
    expect(await fault({ geometry: { type: 'Point', coordinates: [106.2, 29.2] }, placeName: 'x' })).toHaveLength(1);
    // without a drawing the district itself is not a risk area
    expect((await w.press.post('/api/risk-areas', base)).body.error.reason).toBe('area_not_allowed');

    const drawn = await w.press.post('/api/risk-areas', {
      ...base,
      geometry: polygon(square(106.2, 29.2, 0.1)),
      placeName: '龙湖农贸市场及周边',
      placeNameEn: 'Longhu market and surroundings',
      note: '暂停营业',
      noteEn: 'Closed',
    });
    expect(drawn.status).toBe(201);
    expect(drawn.body).toMatchObject({
      name: '龙湖农贸市场及周边',
      nameEn: 'Longhu market and surroundings',
      drawn: true,
      areaLevel: 'district',
      geometry: polygon(square(106.2, 29.2, 0.1)),
    });
    const township = await w.press.post('/api/risk-areas', { ...base, jurisdictionId: w.tree.townshipA.id, level: 'low' });
    expect(township.body).toMatchObject({ drawn: false, geometry: { type: 'Polygon', coordinates: [square(106, 29, 0.5)] } });
    // redrawn: checked again
    expect((await w.press.patch(`/api/risk-areas/${drawn.body.id}`, { geometry: polygon(square(107.5, 29.2, 0.1)) })).status).toBe(400);
    const moved = await w.press.patch(`/api/risk-areas/${drawn.body.id}`, { geometry: polygon(square(106.3, 29.3, 0.05)) });
    expect(moved.body.geometry.coordinates[0][0]).toEqual([106.3, 29.3]);
    // the guard reads the drawn area's name
    expect((await w.press.patch(`/api/risk-areas/${drawn.body.id}`, { placeName: CASE_ADDRESS })).status).toBe(200);
    expect((await w.press.post(`/api/bulletins/${b.id}/submit`, {})).body.error.details.findings[0].field).toBe(
      `riskAreas.${drawn.body.id}.placeName`,
    );
    expect((await w.press.patch(`/api/risk-areas/${drawn.body.id}`, { placeName: '龙湖农贸市场及周边' })).status).toBe(200);

    expect((await w.press.post(`/api/bulletins/${b.id}/submit`, {})).status).toBe(200);
    expect((await w.leader.post(`/api/bulletins/${b.id}/approve`, {})).status).toBe(200);
    expect((await w.press.post(`/api/bulletins/${b.id}/publish`, {})).status).toBe(200);
    const pub = await anonymous.get('/api/public/risk-areas');
    expect(pub.body.items.map((a: any) => [a.level, a.name, a.drawn, a.geometry?.type ?? null])).toEqual([
      ['high', '龙湖农贸市场及周边', true, 'Polygon'],
      ['low', w.tree.townshipA.name, false, 'Polygon'],
    ]);
    const map = await anonymous.get('/api/public/map');
    expect(map.body.district).toEqual({ name: w.tree.district.name, nameEn: w.tree.district.nameEn, geometry: DISTRICT });
    const ours = new Set([w.tree.townshipA.id, w.tree.townshipB.id]);
    const outlines = Object.fromEntries(
      map.body.townships.filter((x: any) => ours.has(x.id)).map((x: any) => [x.id, x.geometry?.type ?? null]),
    );
    expect(outlines).toEqual({ [w.tree.townshipA.id]: 'Polygon', [w.tree.townshipB.id]: null });
  });
});

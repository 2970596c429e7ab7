import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { buildBulletinWorld } from './bulletins.test-support.ts';
import { acceptedCodings, isNotModified, representationFor } from './public.answer.ts';
import { cachedPublic, invalidatePublicCache, type PublicCacheEntry } from './public.cache.ts';

describe('Accept-Encoding and If-None-Match (public answers)', () => {
  it('reads the codings a client accepts, with weights and the wildcard', () => {
    expect(acceptedCodings('gzip, deflate, br')).toEqual({ br: true, gzip: true });
    expect(acceptedCodings('gzip, deflate')).toEqual({ br: false, gzip: true });
    expect(acceptedCodings('br;q=0, gzip;q=0.5')).toEqual({ br: false, gzip: true });
    expect(acceptedCodings('*')).toEqual({ br: true, gzip: true });
    expect(acceptedCodings('*;q=0, identity')).toEqual({ br: false, gzip: false });
    expect(acceptedCodings('identity')).toEqual({ br: false, gzip: false });
    expect(acceptedCodings(undefined)).toEqual({ br: false, gzip: false });
  });

  it('keeps a text body compressed once, byte-identical after decompression, and picks br, gzip, identity', async () => {
    invalidatePublicCache();
    const body = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ i, title: `通报 ${i}`, text: 'x'.repeat(20) })) });
    let made = 0;
    const make = async () => {
      made += 1;
      return { body, type: 'application/json; charset=utf-8' };
    };
    const entry = await cachedPublic('/test/compressed?', make);
    expect(entry.representations.map((r) => r.coding)).toEqual(['identity', 'br', 'gzip']);
    const [identity, br, gzip] = entry.representations as [
      PublicCacheEntry['representations'][number],
      ...PublicCacheEntry['representations'],
    ];
    expect(Buffer.from(identity.body).toString('utf8')).toBe(body);
    expect(brotliDecompressSync(br!.body).toString('utf8')).toBe(body);
    expect(gunzipSync(gzip!.body).toString('utf8')).toBe(body);
    expect(br!.body.byteLength).toBeLessThan(identity.body.byteLength / 4);
    expect(new Set([identity.etag, br!.etag, gzip!.etag]).size).toBe(3);
    expect(representationFor(entry, 'gzip, deflate, br').coding).toBe('br');
    expect(representationFor(entry, 'gzip, deflate').coding).toBe('gzip');
    expect(representationFor(entry, 'deflate').coding).toBe('identity');
    expect(representationFor(entry, undefined).coding).toBe('identity');
    // any representation's tag, weak or strong, in a list: not modified; another body's: modified
    expect(isNotModified(entry, `"other", W/${gzip!.etag}`)).toBe(true);
    expect(isNotModified(entry, br!.etag)).toBe(true);
    expect(isNotModified(entry, '"other"')).toBe(false);
    // made again after an invalidation with the same body: the compressed bytes of the last time are reused
    invalidatePublicCache();
    const again = await cachedPublic('/test/compressed?', make);
    expect(made).toBe(2);
    expect(again.representations[1]!.body).toBe(br!.body);
  });

  it('sends short bodies and images as they are', async () => {
    invalidatePublicCache();
    const short = await cachedPublic('/test/short?', async () => ({ body: '{"a":1}', type: 'application/json; charset=utf-8' }));
    expect(short.representations.map((r) => r.coding)).toEqual(['identity']);
    const image = await cachedPublic('/test/image?', async () => ({ body: new Uint8Array(4096).fill(7), type: 'image/png' }));
    expect(image.representations.map((r) => r.coding)).toEqual(['identity']);
    invalidatePublicCache();
  });
});

describe.each(testEngines())('public answers compressed, with ETag and 304, the lean path as the route (%s)', (engine) => {
  const t = withTestDb(engine);

  it('answers gzip and brotli bodies that decompress to the identity bytes, with the same headers both ways', async () => {
    const w = await buildBulletinWorld(t.database);
    // a published daily bulletin: its public page is text of a few KB
    const drafted = await w.press.post('/api/bulletins', {
      kind: 'daily',
      jurisdictionId: w.tree.district.id,
      figuresDate: w.today,
      diseaseId: w.flu.id,
    });
    expect(drafted.status).toBe(201);
    const id = drafted.body.id as string;
    expect((await w.press.post(`/api/bulletins/${id}/submit`, {})).status).toBe(200);
    expect((await w.leader.post(`/api/bulletins/${id}/approve`, { comment: '同意发布' })).status).toBe(200);
    expect((await w.press.post(`/api/bulletins/${id}/publish`, {})).status).toBe(200);
    invalidatePublicCache();
    const url = `/api/public/bulletins/${id}`;
    const plain = await w.app.request(url);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const identity = Buffer.from(await plain.arrayBuffer());
    expect(identity.byteLength).toBeGreaterThan(1024);
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');

    // the first answer was the route's (the kept entry was made then); now each coding by the lean path, then
    // the same again through the route (the cache emptied: the route makes the entry and answers)
    const answers = async () => {
      const out: Record<string, Response> = {};
      for (const coding of ['gzip', 'br', 'identity']) out[coding] = await w.app.request(url, { headers: { 'accept-encoding': coding } });
      return out;
    };
    const lean = await answers();
    invalidatePublicCache();
    const route: Record<string, Response> = {};
    for (const coding of ['gzip', 'br', 'identity']) {
      invalidatePublicCache();
      route[coding] = await w.app.request(url, { headers: { 'accept-encoding': coding, cookie: 'oc_session=stale-token' } });
    }
    for (const [coding, res] of Object.entries(lean)) {
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      const decoded = coding === 'gzip' ? gunzipSync(bytes) : coding === 'br' ? brotliDecompressSync(bytes) : bytes;
      expect(decoded.equals(identity), coding).toBe(true);
      expect(res.headers.get('content-encoding')).toBe(coding === 'identity' ? null : coding);
      expect(Number(res.headers.get('content-length'))).toBe(bytes.byteLength);
      expect(res.headers.get('set-cookie')).toBeNull();
      // the same headers as the route's answer (security headers included), Set-Cookie aside
      const other = route[coding]!;
      const names = (r: Response) => [...r.headers.keys()].filter((k) => k !== 'set-cookie' && k !== 'content-length').sort();
      expect(names(res)).toEqual(names(other));
      for (const name of names(res)) expect(res.headers.get(name), name).toBe(other.headers.get(name));
      expect(Buffer.from(await other.arrayBuffer()).equals(bytes), coding).toBe(true);
    }
    expect(lean.gzip!.headers.get('etag')).not.toBe(lean.identity!.headers.get('etag'));
    expect(lean.gzip!.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(lean.gzip!.headers.get('x-content-type-options')).toBe('nosniff');
    expect(lean.gzip!.headers.get('content-security-policy')).toContain("default-src 'self'");

    // 304 on If-None-Match, by the lean path and by the route, with the ETag and no body
    const etag = lean.br!.headers.get('etag')!;
    const notModified = await w.app.request(url, { headers: { 'accept-encoding': 'br', 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(await notModified.text()).toBe('');
    // a client that had the gzip answer revalidates from a brotli-capable browser: still not modified
    const crossed = await w.app.request(url, { headers: { 'accept-encoding': 'br', 'if-none-match': lean.gzip!.headers.get('etag')! } });
    expect(crossed.status).toBe(304);
    invalidatePublicCache();
    const viaRoute = await w.app.request(url, { headers: { 'accept-encoding': 'br', 'if-none-match': etag } });
    expect(viaRoute.status).toBe(304);
    expect((await w.app.request(url, { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
  });
});

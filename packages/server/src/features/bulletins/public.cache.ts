/**
 * The public API's response cache: bodies by URL with their ETag, kept until a publication changes what the
 * public sees (`invalidatePublicCache`, called after the commit of a publish, withdrawal or risk-area change) or
 * for at most PUBLIC_CACHE_SECONDS (another process may have published). Small and bounded: the public pages are
 * few; query strings beyond the known ones are not cached (the key is the whole URL, the map is capped).
 *
 * Under a spike (500 clients at once, docs/benchmarks.md "Portal") the cost is the misses: right after a publication
 * every client misses together. So concurrent misses of one key share one computation (single flight): the
 * database sees one query per page, not one per client. Bodies are text or bytes (a bulletin's image).
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

export const PUBLIC_CACHE_SECONDS = 30;
const MAX_ENTRIES = 500;
/** Bytes of bodies kept at most (images are the large ones); the oldest go first. */
const MAX_BYTES = 64 * 1024 * 1024;
let bytes = 0;
/** What an entry holds: its body and the bytes of each representation (identity of bytes is the body itself). */
const sizeOf = (entry: PublicCacheEntry) =>
  (typeof entry.body === 'string' ? entry.body.length * 2 : 0) + entry.representations.reduce((n, r) => n + r.body.byteLength, 0);

/** A content coding the public answers are kept in (RFC 9110 §8.4.1); identity is always kept. */
export type PublicCoding = 'br' | 'gzip' | 'identity';

/** The body in one content coding, with its own ETag (a strong validator is per representation). */
export interface PublicRepresentation {
  coding: PublicCoding;
  body: Uint8Array;
  etag: string;
}

export interface PublicCacheEntry {
  body: string | Uint8Array;
  type: string;
  etag: string;
  at: number;
  /**
   * The answer as sent: identity first, then brotli and gzip when the body is text and compressing pays —
   * compressed once when the entry is made (after a publication, or when the same body was made again the
   * bytes of the last time), never per request.
   */
  representations: readonly PublicRepresentation[];
  /** every ETag of the representations (If-None-Match from a client that got any of them) */
  etags: ReadonlySet<string>;
  /** headers of the lean path, made on its first use (public.answer.ts) */
  lean?: unknown;
}
type Entry = PublicCacheEntry;

/** Bodies shorter than this are sent as they are (the headers would outweigh the saving). */
const MIN_COMPRESSED_BYTES = 1024;
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);
/** Compressed bodies by the identity ETag: a body made again unchanged (every PUBLIC_CACHE_SECONDS) is not recompressed. */
const compressedByEtag = new Map<string, readonly PublicRepresentation[]>();
const MAX_COMPRESSED = MAX_ENTRIES;
/** Bytes of compressed bodies kept for reuse at most (the oldest go first). */
const MAX_COMPRESSED_BYTES = 16 * 1024 * 1024;
let compressedBytes = 0;
const bytesOf = (reps: readonly PublicRepresentation[]) => reps.reduce((n, r) => n + r.body.byteLength, 0);

const isText = (type: string) => /^(text\/|application\/(json|atom\+xml|xml|javascript))/.test(type);

/** The representations of a body: identity, and br / gzip for text of MIN_COMPRESSED_BYTES or more when smaller. */
async function representationsOf(body: string | Uint8Array, type: string, etag: string): Promise<PublicRepresentation[]> {
  const identity: PublicRepresentation = {
    coding: 'identity',
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    etag,
  };
  if (!isText(type) || identity.body.byteLength < MIN_COMPRESSED_BYTES) return [identity];
  const known = compressedByEtag.get(etag);
  if (known) return [identity, ...known];
  // brotli at quality 9: within a few per cent of 11 on JSON at a fraction of the time (run once per body, in the
  // thread pool: the event loop keeps answering)
  const [br, gz] = await Promise.all([
    brotliAsync(identity.body, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 9,
        [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.body.byteLength,
      },
    }),
    gzipAsync(identity.body, { level: 9 }),
  ]);
  const tag = (suffix: string) => `${etag.slice(0, -1)}-${suffix}"`;
  const compressed: PublicRepresentation[] = [];
  if (br.byteLength < identity.body.byteLength) compressed.push({ coding: 'br', body: new Uint8Array(br), etag: tag('br') });
  if (gz.byteLength < identity.body.byteLength) compressed.push({ coding: 'gzip', body: new Uint8Array(gz), etag: tag('gz') });
  while (
    compressedByEtag.size > 0 &&
    (compressedByEtag.size >= MAX_COMPRESSED || compressedBytes + bytesOf(compressed) > MAX_COMPRESSED_BYTES)
  ) {
    const [oldestTag, oldest] = compressedByEtag.entries().next().value!;
    compressedByEtag.delete(oldestTag);
    compressedBytes -= bytesOf(oldest);
  }
  if (bytesOf(compressed) <= MAX_COMPRESSED_BYTES) {
    compressedByEtag.set(etag, compressed);
    compressedBytes += bytesOf(compressed);
  }
  return [identity, ...compressed];
}

const entries = new Map<string, Entry>();
const inflight = new Map<string, Promise<Entry>>();
let generation = 0;

/** Forgets every cached answer (after a change the public sees). */
export function invalidatePublicCache(): void {
  entries.clear();
  inflight.clear();
  bytes = 0;
  generation++;
}

/** How many times the cache was invalidated (tests). */
export const publicCacheGeneration = () => generation;

/** The cache's key of a public URL: its path and its (normalised) query. */
export const publicCacheKey = (url: URL): string => `${url.pathname}?${url.searchParams.toString()}`;

/** The key of a raw request URL, parsed once per distinct URL (the lean path: the portal asks a few dozen). */
const keyByUrl = new Map<string, string>();
export function publicCacheKeyOf(rawUrl: string): string {
  let key = keyByUrl.get(rawUrl);
  if (key === undefined) {
    key = publicCacheKey(new URL(rawUrl));
    if (keyByUrl.size >= MAX_ENTRIES * 2) keyByUrl.clear();
    keyByUrl.set(rawUrl, key);
  }
  return key;
}

/**
 * The kept answer of `key` while it is fresh, else undefined — for the lean path in front of the middleware
 * (app.ts): a key is only ever kept after its request passed the route's validation, so the same key may be
 * answered again without it.
 */
export function freshPublicEntry(key: string, now = Date.now()): Entry | undefined {
  const hit = entries.get(key);
  return hit && now - hit.at < PUBLIC_CACHE_SECONDS * 1000 ? hit : undefined;
}

/** The cached answer of `key`, or makes and keeps it. */
export async function cachedPublic(
  key: string,
  make: () => Promise<{ body: string | Uint8Array; type: string }>,
  now = Date.now(),
): Promise<Entry> {
  const hit = entries.get(key);
  if (hit && now - hit.at < PUBLIC_CACHE_SECONDS * 1000) return hit;
  const pending = inflight.get(key);
  if (pending) return pending;
  const work = makeEntry(key, make, now).finally(() => {
    if (inflight.get(key) === work) inflight.delete(key);
  });
  inflight.set(key, work);
  return work;
}

async function makeEntry(key: string, make: () => Promise<{ body: string | Uint8Array; type: string }>, now: number): Promise<Entry> {
  const started = generation;
  const made = await make();
  const etag = `"${createHash('sha256').update(made.body).digest('base64url').slice(0, 27)}"`;
  const representations = await representationsOf(made.body, made.type, etag);
  const entry: Entry = {
    ...made,
    etag,
    at: now,
    representations,
    etags: new Set(representations.map((r) => r.etag)),
  };
  // an answer made while a publication happened may be stale: serve it, keep it not
  if (started === generation && sizeOf(entry) <= MAX_BYTES / 8) {
    const old = entries.get(key);
    if (old) {
      bytes -= sizeOf(old);
      entries.delete(key);
    }
    while (entries.size > 0 && (entries.size >= MAX_ENTRIES || bytes + sizeOf(entry) > MAX_BYTES)) {
      const [oldestKey, oldest] = entries.entries().next().value!;
      entries.delete(oldestKey);
      bytes -= sizeOf(oldest);
    }
    entries.set(key, entry);
    bytes += sizeOf(entry);
  }
  return entry;
}

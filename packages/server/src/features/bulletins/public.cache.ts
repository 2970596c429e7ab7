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

export const PUBLIC_CACHE_SECONDS = 30;
const MAX_ENTRIES = 500;
/** Bytes of bodies kept at most (images are the large ones); the oldest go first. */
const MAX_BYTES = 64 * 1024 * 1024;
let bytes = 0;
const sizeOf = (body: string | Uint8Array) => (typeof body === 'string' ? body.length * 2 : body.byteLength);

export interface PublicCacheEntry {
  body: string | Uint8Array;
  type: string;
  etag: string;
  at: number;
}
type Entry = PublicCacheEntry;

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
  const entry: Entry = { ...made, etag: `"${createHash('sha256').update(made.body).digest('base64url').slice(0, 27)}"`, at: now };
  // an answer made while a publication happened may be stale: serve it, keep it not
  if (started === generation && sizeOf(entry.body) <= MAX_BYTES / 8) {
    const old = entries.get(key);
    if (old) {
      bytes -= sizeOf(old.body);
      entries.delete(key);
    }
    while (entries.size > 0 && (entries.size >= MAX_ENTRIES || bytes + sizeOf(entry.body) > MAX_BYTES)) {
      const [oldestKey, oldest] = entries.entries().next().value!;
      entries.delete(oldestKey);
      bytes -= sizeOf(oldest.body);
    }
    entries.set(key, entry);
    bytes += sizeOf(entry.body);
  }
  return entry;
}

/**
 * The public API's response cache: bodies by URL with their ETag, kept until a publication changes what the
 * public sees (`invalidatePublicCache`, called after the commit of a publish, withdrawal or risk-area change) or
 * for at most PUBLIC_CACHE_SECONDS (another process may have published). Small and bounded: the public pages are
 * few; query strings beyond the known ones are not cached (the key is the whole URL, the map is capped).
 */
import { createHash } from 'node:crypto';

export const PUBLIC_CACHE_SECONDS = 30;
const MAX_ENTRIES = 500;

interface Entry {
  body: string;
  type: string;
  etag: string;
  at: number;
}

const entries = new Map<string, Entry>();
let generation = 0;

/** Forgets every cached answer (after a change the public sees). */
export function invalidatePublicCache(): void {
  entries.clear();
  generation++;
}

/** How many times the cache was invalidated (tests). */
export const publicCacheGeneration = () => generation;

/** The cached answer of `key`, or makes and keeps it. */
export async function cachedPublic(key: string, make: () => Promise<{ body: string; type: string }>, now = Date.now()): Promise<Entry> {
  const hit = entries.get(key);
  if (hit && now - hit.at < PUBLIC_CACHE_SECONDS * 1000) return hit;
  const started = generation;
  const made = await make();
  const entry: Entry = { ...made, etag: `"${createHash('sha256').update(made.body).digest('base64url').slice(0, 27)}"`, at: now };
  // an answer made while a publication happened may be stale: serve it, keep it not
  if (started === generation) {
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    entries.set(key, entry);
  }
  return entry;
}

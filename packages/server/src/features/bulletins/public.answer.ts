/**
 * How a kept public answer is sent (docs/disclosure.md "Portal under load"): the representation the client
 * accepts (brotli, else gzip, else identity: Accept-Encoding, RFC 9110 §12.5.3), its ETag, and 304 when
 * If-None-Match names any representation of the same body. Two ways, with the same headers:
 *
 * - `publicAnswerHeaders` for the route (public.routes.ts), whose answer then passes the security-headers
 *   middleware;
 * - `leanPublicAnswer` for the lean path in front of every middleware (app.ts): the security headers are passed in
 *   (made once by the same middleware) and the whole header record of each (representation, status) is made once
 *   per kept entry, so a request costs a Map lookup and a Response over bytes already made.
 */
import { PUBLIC_CACHE_SECONDS, type PublicCacheEntry, type PublicRepresentation } from './public.cache.ts';

const CACHE_CONTROL = `public, max-age=${PUBLIC_CACHE_SECONDS}, stale-while-revalidate=${PUBLIC_CACHE_SECONDS}`;

interface Accepts {
  br: boolean;
  gzip: boolean;
}
const NONE: Accepts = { br: false, gzip: false };
/** Accept-Encoding values seen, parsed once (browsers send a handful of distinct values). */
const acceptsByHeader = new Map<string, Accepts>();
const MAX_ACCEPT_VALUES = 64;

/** Which codings an Accept-Encoding header accepts (q > 0; `*` stands for any coding not named). */
export function acceptedCodings(header: string | undefined | null): Accepts {
  if (!header) return NONE;
  const known = acceptsByHeader.get(header);
  if (known) return known;
  const q = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((x) => x.trim());
    if (!name) continue;
    const weight = params.find((p) => p.startsWith('q='));
    const value = weight ? Number(weight.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const accepts = (coding: string) => (q.get(coding) ?? q.get('*') ?? 0) > 0;
  const parsed: Accepts = { br: accepts('br'), gzip: accepts('gzip') || accepts('x-gzip') };
  if (acceptsByHeader.size >= MAX_ACCEPT_VALUES) acceptsByHeader.clear();
  acceptsByHeader.set(header, parsed);
  return parsed;
}

/** The representation to send: brotli, else gzip, else identity (the first). */
export function representationFor(entry: PublicCacheEntry, acceptEncoding: string | undefined | null): PublicRepresentation {
  const reps = entry.representations;
  if (reps.length === 1) return reps[0]!;
  const accepts = acceptedCodings(acceptEncoding);
  // representations are kept in order of preference: identity, br, gzip
  const chosen = reps.find((rep) => (rep.coding === 'br' && accepts.br) || (rep.coding === 'gzip' && accepts.gzip));
  return chosen ?? reps[0]!;
}

/** Whether If-None-Match names a representation of the entry (weak comparison, RFC 9110 §13.1.2). */
export function isNotModified(entry: PublicCacheEntry, ifNoneMatch: string | undefined | null): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  for (const raw of ifNoneMatch.split(',')) {
    const tag = raw.trim();
    if (entry.etags.has(tag.startsWith('W/') ? tag.slice(2) : tag)) return true;
  }
  return false;
}

/** The headers of an answer of `rep` (200, or 304 without the body's own headers), security headers aside. */
export function publicAnswerHeaders(entry: PublicCacheEntry, rep: PublicRepresentation, status: 200 | 304): Record<string, string> {
  const headers: Record<string, string> = {
    ETag: rep.etag,
    'Cache-Control': CACHE_CONTROL,
    Vary: 'Accept-Encoding',
    'Access-Control-Allow-Origin': '*',
  };
  if (status === 304) return headers;
  headers['Content-Type'] = entry.type;
  if (rep.coding !== 'identity') headers['Content-Encoding'] = rep.coding;
  if (typeof entry.body !== 'string') {
    // an image: never taken for a page, never sniffed
    headers['X-Content-Type-Options'] = 'nosniff';
    headers['Content-Security-Policy'] = "default-src 'none'; sandbox";
  }
  return headers;
}

interface LeanHeaders {
  security: Readonly<Record<string, string>>;
  byKey: Map<string, Record<string, string>>;
}

/**
 * The answer of the lean path: the security headers (as the middleware sets them: they win over the answer's own,
 * as there, but for the answer's own Content-Security-Policy) over the answer's headers, with Content-Length — each record made once per entry and reused.
 */
export function leanPublicAnswer(
  entry: PublicCacheEntry,
  request: { acceptEncoding: string | undefined | null; ifNoneMatch: string | undefined | null },
  security: Readonly<Record<string, string>>,
): Response {
  const rep = representationFor(entry, request.acceptEncoding);
  const status = isNotModified(entry, request.ifNoneMatch) ? 304 : 200;
  let lean = entry.lean as LeanHeaders | undefined;
  if (!lean || lean.security !== security) {
    lean = { security, byKey: new Map() };
    entry.lean = lean;
  }
  const key = `${rep.coding} ${status}`;
  let headers = lean.byKey.get(key);
  if (!headers) {
    const own = publicAnswerHeaders(entry, rep, status);
    // the middleware's names win, whatever their case — but an answer's own Content-Security-Policy (an image's
    // sandbox) is kept, as app.ts's middleware keeps it
    const overridden = new Set(Object.keys(security).map((k) => k.toLowerCase()));
    headers = Object.fromEntries(Object.entries(own).filter(([k]) => !overridden.has(k.toLowerCase())));
    Object.assign(headers, security);
    if (own['Content-Security-Policy']) {
      for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
      headers['Content-Security-Policy'] = own['Content-Security-Policy'];
    }
    if (status === 200) headers['Content-Length'] = String(rep.body.byteLength);
    Object.freeze(headers);
    lean.byKey.set(key, headers);
  }
  return new Response(status === 304 ? null : (rep.body as Uint8Array<ArrayBuffer>), { status, headers });
}

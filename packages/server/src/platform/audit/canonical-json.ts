/**
 * Canonical JSON: object keys sorted (recursively), no whitespace, `undefined` members dropped, Dates as ISO
 * strings. Two equal values always give the same text, whatever the key order a database returns (jsonb
 * reorders keys), so a hash over it can be recomputed from the stored row.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

/** The JSON value as the database will store and return it (jsonb), with keys sorted. */
export function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  // round-trip through JSON first: Dates become strings, toJSON() is honoured, NaN becomes null
  return sortKeys(JSON.parse(JSON.stringify(value) ?? 'null'));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

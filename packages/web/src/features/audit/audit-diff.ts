/** One field of a before/after pair as the diff view lists it. */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
  change: 'added' | 'removed' | 'changed' | 'unchanged';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Arrays and scalars are compared whole: a changed roles list reads better as old list → new list than as
// element-by-element noise. Objects are walked so that a nested field shows its own dotted path.
function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix) {
    into.set(prefix, value);
  }
}

/** Same value by content (key order of objects ignored). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return false;
}

function isListOfRecords(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.length > 0 && value.every(isPlainObject);
}

/** A record without its `id`, keys sorted: two rows with the same content compare equal even when re-created. */
function contentKey(record: Record<string, unknown>): string {
  const { id: _id, ...rest } = record;
  return JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));
}

/**
 * Lists of records (roster entries, role grants) are compared by content, element by element, as a multiset:
 * a replaced roster re-creates every row with new ids, and "all 21 rows changed" would hide the one person
 * who was actually swapped.
 */
function diffRecordLists(path: string, before: Record<string, unknown>[], after: Record<string, unknown>[]): FieldChange[] {
  const remaining = new Map<string, number>();
  for (const record of after) remaining.set(contentKey(record), (remaining.get(contentKey(record)) ?? 0) + 1);
  const changes: FieldChange[] = [];
  const strip = ({ id: _id, ...rest }: Record<string, unknown>) => rest;
  for (const record of before) {
    const key = contentKey(record);
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      remaining.set(key, left - 1);
      changes.push({ path: `${path}[]`, before: strip(record), after: strip(record), change: 'unchanged' });
    } else {
      changes.push({ path: `${path}[]`, before: strip(record), after: undefined, change: 'removed' });
    }
  }
  for (const record of after) {
    const key = contentKey(record);
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      remaining.set(key, left - 1);
      changes.push({ path: `${path}[]`, before: undefined, after: strip(record), change: 'added' });
    }
  }
  return changes;
}

/**
 * Field-by-field comparison of an audit record's `before` and `after` (either may be null: a create has no
 * before, a delete no after). Changed fields come first, then unchanged ones, each group in path order.
 * @example diffRecords({ beds: 10 }, { beds: 12 }) // [{ path: 'beds', before: 10, after: 12, change: 'changed' }]
 */
export function diffRecords(before: unknown, after: unknown): FieldChange[] {
  const old = new Map<string, unknown>();
  const next = new Map<string, unknown>();
  flatten(before, '', old);
  flatten(after, '', next);
  const paths = [...new Set([...old.keys(), ...next.keys()])].sort();
  const changes = paths.flatMap((path): FieldChange[] => {
    const hadBefore = old.has(path);
    const hasAfter = next.has(path);
    const b = old.get(path);
    const a = next.get(path);
    if ((isListOfRecords(b) || isListOfRecords(a)) && (b === undefined || Array.isArray(b)) && (a === undefined || Array.isArray(a))) {
      return diffRecordLists(path, (b ?? []) as Record<string, unknown>[], (a ?? []) as Record<string, unknown>[]);
    }
    const change = !hadBefore ? 'added' : !hasAfter ? 'removed' : sameValue(b, a) ? 'unchanged' : 'changed';
    return [{ path, before: b, after: a, change }];
  });
  return [...changes.filter((entry) => entry.change !== 'unchanged'), ...changes.filter((entry) => entry.change === 'unchanged')];
}

/** The readable name of a string (an id, a role id) when known, else undefined. */
export type NameOf = (value: string) => string | undefined;

/**
 * A value as one readable line: strings bare, a record as `key: value` pairs, other values as JSON, absence as —.
 * With `nameOf`, ids and role ids anywhere inside read as their names (the server resolves those the reader may see).
 * @example formatValue({ role: 'commander' }, (v) => ({ commander: '应急指挥' })[v]) // 'role: 应急指挥'
 */
export function formatValue(value: unknown, nameOf?: NameOf): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return nameOf?.(value) ?? value;
  if (isPlainObject(value))
    return Object.entries(value)
      .map(
        ([key, inner]) =>
          `${key}: ${typeof inner === 'string' ? (nameOf?.(inner) ?? inner) : nameOf ? formatNested(inner, nameOf) : JSON.stringify(inner)}`,
      )
      .join(', ');
  if (nameOf && Array.isArray(value)) return `[${value.map((item) => formatNested(item, nameOf)).join(', ')}]`;
  return JSON.stringify(value);
}

/** A value inside a record or list, its ids named. */
function formatNested(value: unknown, nameOf: NameOf): string {
  if (typeof value === 'string') return nameOf(value) ?? value;
  if (isPlainObject(value)) return `{${formatValue(value, nameOf)}}`;
  if (Array.isArray(value)) return formatValue(value, nameOf);
  return JSON.stringify(value);
}

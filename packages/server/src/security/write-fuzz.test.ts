/**
 * Fuzzing of every write operation (issue 11, "Done when"): bodies shaped like the operation's schema with one
 * value poisoned — a NUL character, an impossible or out-of-range date, a lone surrogate, a huge string, a
 * wrong type — plus raw bodies in odd encodings. Every answer must be a 4xx (never a 500, never a success),
 * and no table may change. The caller holds every role district-wide, so that authorisation lets the body
 * reach validation. Bounded runs in `npm test`; `npm run audit:security` runs many more.
 */
import fc from 'fast-check';
import { isNull } from 'drizzle-orm';
import type { Database } from '../platform/db/database.ts';

import { describe, expect, it } from 'vitest';
import { ROLE_IDS } from '../platform/auth/rights.ts';
import { jurisdictions } from '../platform/db/platform.tables.ts';
import { createUser } from '../features/users/users.service.ts';
import { testEngines, withTestDb } from '../test-support/test-db.ts';
import {
  concretePath,
  FULL_DEPTH,
  type JsonSchema,
  listOperations,
  type Operation,
  ProbeClient,
  probeWorld,
  SELF_ENDING,
} from './probe-support.ts';

const RUNS_PER_OPERATION = FULL_DEPTH ? 60 : 4;
const SUPER_PASSWORD = 'Fuzz-Probe-Harbour-47';
/** Tables that change on every request whatever its body (sessions, sign-in bookkeeping). */
const BOOKKEEPING = new Set(['sessions', 'login_attempts', 'login_throttle', 'audit_log', 'schema_migrations']);

/** A value no field of any operation may accept. */
const poison: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`),
  fc.constantFrom(
    '0000-01-01',
    '0000-01-01T00:00:00Z',
    '2026-02-30',
    '2026-13-01',
    '0001-01-01',
    '2026-02-29T08:00:00+08:00',
    '2026-11-20T24:30:00Z',
  ),
  fc.string({ maxLength: 10 }).map((s) => `${s}\uD800`),
  fc.constantFrom({ nested: { deeper: ['\u0000'] } }, [null, '\u0000'], { $where: '\u0000' }),
);

/** A value of the wrong type for `schema`, or a poison. */
function wrongFor(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  const wrong =
    type === 'string'
      ? fc.oneof(fc.integer(), fc.constant(true), fc.constant({ '\u0000': 1 }))
      : type === 'number' || type === 'integer'
        ? fc.oneof(fc.constant('12\u00003'), fc.constant([1]), fc.constant('∞'))
        : type === 'array'
          ? fc.oneof(fc.constant('\u0000'), fc.constant({ 0: 'x\u0000' }))
          : type === 'boolean'
            ? fc.constantFrom('yes\u0000', 2)
            : fc.constant('\u0000');
  return fc.oneof(poison, wrong);
}

/** A plausible value for `schema` (to get past the other fields' checks). */
function plausible(schema: JsonSchema | undefined, resolve: (s: JsonSchema | undefined) => JsonSchema | undefined, depth = 0): unknown {
  const s = resolve(schema);
  if (!s || depth > 4) return 'x';
  if (s.enum?.length) return s.enum[0];
  const alternative = s.anyOf?.[0] ?? s.oneOf?.[0] ?? s.allOf?.[0];
  if (alternative) return plausible(alternative, resolve, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (type === 'object' || s.properties) {
    const out: Record<string, unknown> = {};
    for (const name of s.required ?? []) out[name] = plausible(s.properties?.[name], resolve, depth + 1);
    return out;
  }
  if (type === 'array') return [plausible(s.items, resolve, depth + 1)];
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return false;
  if (s.format === 'uuid') return '6f1c2a4e-9d3b-4c5e-8f7a-1b2c3d4e5f60';
  if (s.format === 'date') return '2026-11-20';
  if (s.format === 'date-time') return '2026-11-20T08:00:00+08:00';
  return 'x';
}

type FuzzBody = { json?: unknown; raw?: BodyInit; contentType?: string };

/** A body for `op` with exactly one poisoned value (at the top, or inside a property), or an odd encoding. */
function poisonedBody(op: Operation, resolve: (s: JsonSchema | undefined) => JsonSchema | undefined): fc.Arbitrary<FuzzBody> {
  const schema = resolve(op.bodySchema);
  const base = plausible(schema, resolve) as Record<string, unknown>;
  const names = Object.keys(schema?.properties ?? {});
  const shaped: fc.Arbitrary<FuzzBody> = names.length
    ? fc
        .constantFrom(...names)
        .chain((name) => wrongFor(resolve(schema?.properties?.[name])).map((value) => ({ json: { ...base, [name]: value } })))
    : poison.map((value) => ({ json: { value } }));
  const encoded: fc.Arbitrary<FuzzBody> = fc.oneof(
    // UTF-16 without a byte-order mark, and Latin-1 bytes that are not UTF-8, each carrying a NUL
    fc.constant({
      raw: new Uint8Array(Buffer.from(JSON.stringify({ ...base, title: 'a\u0000' }), 'utf16le')),
      contentType: 'application/json',
    }),
    fc.constant({ raw: new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x22, 0xff, 0x00, 0x22, 0x7d]), contentType: 'application/json' }),
    fc.constant({ raw: '{"a":', contentType: 'application/json' }),
    fc.constant({ raw: 'title=x%00', contentType: 'application/x-www-form-urlencoded' }),
  );
  // a huge string in one property, with a NUL at its end so that no field can take it
  const huge: fc.Arbitrary<FuzzBody> = fc.constant({ json: { ...base, [names[0] ?? 'value']: `${'长'.repeat(300_000)}\u0000` } });
  // the whole body of a wrong kind: a poison alone, or the plausible body wrapped in an array
  const wholeBody = fc.oneof(
    poison.map((value) => ({ json: value })),
    fc.constant({ json: [base] }),
  );
  const body: fc.Arbitrary<FuzzBody> = fc.oneof(
    { weight: 6, arbitrary: shaped },
    { weight: 1, arbitrary: wholeBody },
    { weight: 2, arbitrary: encoded },
    { weight: 1, arbitrary: huge },
  );
  return body;
}

/** Row counts of every table but the bookkeeping ones. */
async function tableCounts(database: Database): Promise<Record<string, number>> {
  const tables = await database.raw.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out: Record<string, number> = {};
  for (const { table_name } of tables) {
    if (BOOKKEEPING.has(table_name)) continue;
    const [row] = await database.raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}"`);
    out[table_name] = Number(row!.n);
  }
  return out;
}

describe.each(testEngines())('write fuzzing (%s)', (engine) => {
  const t = withTestDb(engine);

  it('answers every poisoned write with a 4xx and writes nothing', async () => {
    const { app } = await probeWorld(t.database);
    const [district] = await t.database.db.select({ id: jurisdictions.id }).from(jurisdictions).where(isNull(jurisdictions.parentId));
    await t.database.db.transaction((tx) =>
      // every role but the hospital reporter's, whose case rights are bound to one facility (and need one)
      createUser(
        tx,
        {
          username: 'fuzz.prober',
          displayName: 'Fuzz prober',
          password: SUPER_PASSWORD,
          roles: ROLE_IDS.filter((role) => role !== 'hospital_reporter').map((role) => ({ role, jurisdictionId: district!.id })),
        },
        { actor: null },
      ),
    );
    const caller = await new ProbeClient(app).signIn('fuzz.prober', SUPER_PASSWORD);
    const { operations, resolve } = await listOperations(app);
    // operations that take a JSON body (one without, like read-all, ignores whatever is sent: nothing to fuzz)
    const writes = operations.filter(
      (op) => op.method !== 'get' && op.bodySchema && !SELF_ENDING.has(`${op.method} ${op.path}`) && !op.upload,
    );
    expect(writes.length).toBeGreaterThan(40);
    const before = await tableCounts(t.database);
    const failures: string[] = [];
    for (const op of writes) {
      await fc.assert(
        fc.asyncProperty(poisonedBody(op, resolve), async (body) => {
          const res = await caller.send(op.method.toUpperCase(), concretePath(op.path), body);
          if (res.status < 400 || res.status >= 500) {
            failures.push(`${op.method} ${op.path} → ${res.status} for ${JSON.stringify(body.json ?? String(body.raw)).slice(0, 160)}`);
          }
        }),
        { numRuns: RUNS_PER_OPERATION, seed: Number(process.env.FUZZ_SEED ?? 20261207) },
      );
    }
    expect(failures).toEqual([]);
    expect(await tableCounts(t.database)).toEqual(before);
  }, 3_600_000);
});

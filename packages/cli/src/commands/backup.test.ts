import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@outbreak/server';
import { afterEach, describe, expect, it } from 'vitest';
import { runOutbreak } from '../test-support/run-outbreak.ts';

/** Runs `outbreak …` in-process (see runOutbreak), with this file's field names. */
async function outbreak(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runOutbreak(...args);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

async function rows(dataDir: string): Promise<Record<string, string[]>> {
  const db = await openDatabase({ dataDir: join(dataDir, 'db') });
  try {
    const tables = await db.raw.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    const out: Record<string, string[]> = {};
    for (const { t } of tables) {
      if (t === 'schema_migrations') continue;
      out[t] = (await db.raw.query<{ r: string }>(`SELECT to_jsonb(x)::text AS r FROM "${t}" x`)).map((r) => r.r).sort();
    }
    return out;
  } finally {
    await db.close();
  }
}

describe('outbreak seed, backup, restore (PGlite data directories)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('restores a seeded district into a new data directory with every record, and refuses a non-empty one', async () => {
    delete process.env.DATABASE_URL;
    const source = mkdtempSync(join(tmpdir(), 'oc-src-'));
    const target = mkdtempSync(join(tmpdir(), 'oc-dst-'));
    const file = join(mkdtempSync(join(tmpdir(), 'oc-bak-')), 'district.jsonl');

    const seeded = await outbreak('seed', '--demo', '--data-dir', source);
    expect(seeded.code).toBe(0);
    expect(seeded.out).toMatch(/District J seeded/);
    expect(seeded.out).toMatch(/admin/);
    const reseeded = await outbreak('seed', '--demo', '--data-dir', source);
    expect(reseeded.code).toBe(0);
    expect(reseeded.out).toMatch(/already there; nothing written/);

    const backedUp = await outbreak('backup', file, '--data-dir', source);
    expect(backedUp.code).toBe(0);
    expect(backedUp.out).toMatch(/backup written to .*: \d+ tables, \d+ rows/);
    expect(JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!).format).toBe('outbreak-command-backup');
    expect((await outbreak('backup', file, '--data-dir', source)).code).toBe(2); // exists, no --force

    expect(backedUp.out).toMatch(/does not contain the keys/);
    expect(backedUp.out).toMatch(/IDENTITY_KEY +check value [0-9a-f]{16}/);

    const restored = await outbreak('restore', file, '--data-dir', target);
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/IDENTITY_KEY +check value [0-9a-f]{16}/);
    expect(await rows(target)).toEqual(await rows(source));

    const again = await outbreak('restore', file, '--data-dir', target);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/not empty/);
    // the new data folder has no keys: refused with a message naming the variable and the file to copy,
    // instead of a fresh key that opens nothing (issue 11 item 11)
    const keyless = await outbreak('audit', 'verify', '--data-dir', target);
    expect(keyless.code).toBe(2);
    expect(keyless.err).toMatch(/AUDIT_KEY is not set .* copy audit\.key/);
    const seedKeyless = await outbreak('seed', '--demo', '--data-dir', target);
    expect(seedKeyless.code).toBe(2);
    expect(seedKeyless.err).toMatch(/IDENTITY_KEY is not set .*identity numbers/);
    expect(existsSync(join(target, 'identity.key'))).toBe(false); // no new key was made
    copyFileSync(join(source, 'identity.key'), join(target, 'identity.key'));
    copyFileSync(join(source, 'audit.key'), join(target, 'audit.key'));
    expect((await outbreak('audit', 'verify', '--data-dir', target)).code).toBe(0);
  }, 600_000);
});

import { mkdtempSync, readFileSync } from 'node:fs';
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

    const restored = await outbreak('restore', file, '--data-dir', target);
    expect(restored.code).toBe(0);
    expect(await rows(target)).toEqual(await rows(source));

    const again = await outbreak('restore', file, '--data-dir', target);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/not empty/);
    expect((await outbreak('audit', 'verify', '--data-dir', target)).code).toBe(0);
  }, 300_000);
});

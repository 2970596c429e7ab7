import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDistrict } from '../../features/demo/demo.seeder.ts';
import { buildUser } from '../../test-support/factories.ts';
import { createTestDb, testEngines } from '../../test-support/test-db.ts';
import { verifyAuditChain } from '../audit/audit.ts';
import type { Database, Engine } from '../db/database.ts';
import { dependencyOrder, isDatabaseEmpty, restoreBackup, writeBackup } from './backup.ts';

/** Each table's row count and the sha256 of its sorted rows. */
function digest(tables: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tables).map(([name, rows]) => [name, `${rows.length}:${createHash('sha256').update(rows.join('\n')).digest('hex')}`]),
  );
}

/** Every row of every public table, as sorted JSON text per table: equal snapshots = equal databases. */
async function snapshot(database: Database): Promise<Record<string, string[]>> {
  const tables = await database.raw.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`,
  );
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = await database.raw.query<{ r: string }>(`SELECT to_jsonb(t)::text AS r FROM "${name}" t`);
    out[name] = rows.map((x) => x.r).sort();
  }
  return out;
}

describe('dependencyOrder', () => {
  it('puts referenced tables first and ignores self-references', () => {
    const keys = [
      { child: 'b', parent: 'a', childColumn: 'a_id', parentColumn: 'id' },
      { child: 'a', parent: 'a', childColumn: 'parent_id', parentColumn: 'id' },
      { child: 'c', parent: 'b', childColumn: 'b_id', parentColumn: 'id' },
    ];
    expect(dependencyOrder(['c', 'b', 'a', 'z'], keys)).toEqual(['a', 'z', 'b', 'c']);
  });
});

describe('backup and restore', () => {
  let source: Database;
  let file: string;
  let before: Record<string, string[]>;
  const dir = mkdtempSync(join(tmpdir(), 'oc-backup-'));

  beforeAll(async () => {
    source = await createTestDb('pglite');
    await seedDemoDistrict(source, { rosterDays: 3 });
    await buildUser(source, { username: 'extra-user' });
    // 41 alert codes handed out: the restored database must give the 42nd next, never a used one
    await source.raw.query(`SELECT setval('alerts_code_seq', 41)`);
    file = join(dir, 'district.jsonl');
    await writeBackup(source, file);
    before = await snapshot(source);
  }, 600_000);
  afterAll(async () => {
    await source?.close();
  });

  it('writes a header, table sections in dependency order and an end marker', () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header.format).toBe('outbreak-command-backup');
    expect(header.migrations.map((m: { version: string }) => m.version)).toContain('0001_platform');
    expect(header.tables.indexOf('users')).toBeLessThan(header.tables.indexOf('user_roles'));
    expect(header.tables.indexOf('jurisdictions')).toBeLessThan(header.tables.indexOf('user_roles'));
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ end: true, tables: header.tables.length });
    expect(before.jurisdictions!.length).toBeGreaterThan(20);
    expect(before.audit_log!.length).toBeGreaterThan(10);
  });

  describe.each(testEngines())('into an empty %s database', (engine: Engine) => {
    let target: Database;
    beforeAll(async () => {
      target = await createTestDb(engine, { migrated: false });
    }, 600_000);
    afterAll(async () => {
      await target?.close();
    });

    it('gives back every record, and the audit chain still verifies', async () => {
      expect(await isDatabaseEmpty(target.raw)).toBe(true);
      const result = await restoreBackup(target, file);
      expect(result.tables.find((t) => t.name === 'users')!.rows).toBe(before.users!.length);
      // compared table by table as count + digest: a mismatch names the table without diffing 40 MB of rows
      expect(digest(await snapshot(target))).toEqual(digest(before));
      expect(await verifyAuditChain(target.db)).toMatchObject({ ok: true, records: before.audit_log!.length });
      // sequences moved on: a new login attempt gets a fresh id
      await target.raw.query(`INSERT INTO login_attempts (username, ip, success) VALUES ('x', 'y', false)`);
      // and the code sequences continue where the source was
      expect(await target.raw.query(`SELECT nextval('alerts_code_seq')::int AS n`)).toEqual([{ n: 42 }]);
    });

    it('refuses to restore into a database that is not empty', async () => {
      await expect(restoreBackup(target, file)).rejects.toThrow(/not empty/);
    });
  });

  it('refuses a truncated file and leaves the target empty', async () => {
    const truncated = join(dir, 'truncated.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(truncated, `${lines.slice(0, Math.floor(lines.length / 2)).join('\n')}\n`);
    const target = await createTestDb('pglite', { migrated: false });
    try {
      await expect(restoreBackup(target, truncated)).rejects.toThrow(/truncated/);
      expect(await isDatabaseEmpty(target.raw)).toBe(true);
    } finally {
      await target.close();
    }
  });
});

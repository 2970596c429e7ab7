import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@outbreak/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOutbreak } from '../test-support/run-outbreak.ts';

/** Runs `outbreak …` in-process (see runOutbreak), with this file's field names. */
async function outbreak(...args: string[]): Promise<{ code: number; out: string }> {
  const r = await runOutbreak(...args);
  return { code: r.code, out: r.stdout };
}

describe('outbreak migrate, user add, audit verify (PGlite data directory)', () => {
  let dataDir: string;
  const saved = { ...process.env };
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'oc-cli-'));
    process.env.DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('catches a record changed behind the application’s back', async () => {
    const migrated = await outbreak('migrate');
    expect(migrated.code).toBe(0);
    expect(migrated.out).toMatch(/applied: 0001_platform/);
    expect((await outbreak('migrate')).out).toMatch(/up to date/);

    // a jurisdiction to hold the role, written directly: the registry is not the subject here
    let db = await openDatabase({ dataDir: join(dataDir, 'db') });
    await db.raw.query(`INSERT INTO jurisdictions (level, code, name, name_en) VALUES ('district', '500199', '测试区', 'Test District')`);
    await db.close();

    const added = await outbreak(
      'user',
      'add',
      '--username',
      'Chief',
      '--display-name',
      '主任',
      '--role',
      'system_admin',
      '--jurisdiction',
      '500199',
    );
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/user chief created \(system_admin @ 测试区\)/);
    expect(added.out).toMatch(/password: \S{16,}/);
    const reset = await outbreak('user', 'reset-password', '--username', 'chief');
    expect(reset.code).toBe(0);

    const intact = await outbreak('audit', 'verify', '--json');
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.out)).toMatchObject({ ok: true, records: 2 });

    db = await openDatabase({ dataDir: join(dataDir, 'db') });
    await db.raw.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
      UPDATE audit_log SET after = jsonb_set(after, '{displayName}', '"冒名"') WHERE seq = 1;`);
    await db.close();
    const damaged = await outbreak('audit', 'verify');
    expect(damaged.code).toBe(3);
    expect(damaged.out).toMatch(/AUDIT LOG DAMAGED at seq 1 \(tampered\)/);
  }, 240_000);

  it('exports a signed checkpoint and catches the newest records deleted against it', async () => {
    expect((await outbreak('migrate')).code).toBe(0);
    let db = await openDatabase({ dataDir: join(dataDir, 'db') });
    await db.raw.query(`INSERT INTO jurisdictions (level, code, name, name_en) VALUES ('district', '500199', '测试区', 'Test District')`);
    await db.close();
    expect(
      (await outbreak('user', 'add', '--username', 'chief', '--display-name', '主任', '--role', 'system_admin', '--jurisdiction', '500199'))
        .code,
    ).toBe(0);
    expect((await outbreak('user', 'reset-password', '--username', 'chief')).code).toBe(0);
    const anchor = join(mkdtempSync(join(tmpdir(), 'oc-anchor-')), 'audit-anchor.json');
    const exported = await outbreak('audit', 'checkpoint', '--out', anchor);
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/checkpoint of the audit log at seq 2 written to/);
    expect((await outbreak('audit', 'checkpoint', '--out', anchor)).code).toBe(2); // exists, no --force
    expect((await outbreak('audit', 'verify', '--checkpoint', anchor)).out).toMatch(/audit log intact: 2 records.*holds the checkpoint/);

    // the newest record deleted behind the application's back: the chain alone still verifies, not against the anchor
    db = await openDatabase({ dataDir: join(dataDir, 'db') });
    await db.raw.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; DELETE FROM audit_log WHERE seq = 2;`);
    await db.close();
    expect((await outbreak('audit', 'verify', '--no-checkpoint')).code).toBe(0);
    const caught = await outbreak('audit', 'verify', '--checkpoint', anchor);
    expect(caught.code).toBe(3);
    expect(caught.out).toMatch(/AUDIT LOG DAMAGED at seq 2 \(truncated\)/);
  }, 240_000);

  it('refuses bad input with the usage exit code and a message naming it', async () => {
    expect((await outbreak('audit', 'check')).code).toBe(2);
    expect((await outbreak('user', 'add', '--username', 'x')).code).toBe(2);
    expect((await outbreak('seed')).code).toBe(2);
    process.env.PORT = 'eighty';
    expect((await outbreak('migrate')).code).toBe(2);
  });
});

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngines, withTestDb } from '../../test-support/test-db.ts';
import { auditLog } from '../db/platform.tables.ts';
import { audit, GENESIS_HASH, verifyAuditChain } from './audit.ts';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 2, y: undefined, x: 'é' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":"é","z":2}]},"b":1}',
    );
  });
  it('writes Dates as ISO strings', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)) })).toBe('{"at":"2024-01-02T03:04:05.006Z"}');
  });
});

describe.each(testEngines())('audit log (%s)', (engine) => {
  const t = withTestDb(engine);

  const write = (n: number) =>
    t.database.db.transaction(async (tx) => {
      for (let i = 0; i < n; i += 1) {
        await audit(tx, {
          actor: { id: '00000000-0000-4000-8000-000000000001', username: 'admin' },
          action: 'update',
          entityType: 'facility',
          entityId: `f-${i}`,
          before: { beds: i, name: '医院', nested: { b: 2, a: 1 } },
          after: { beds: i + 1, name: '医院', ratio: 0.1 },
          ip: '127.0.0.1',
        });
      }
    });

  it('chains records with gapless sequence numbers and verifies them', async () => {
    await write(3);
    const rows = await t.database.db.select().from(auditLog).orderBy(auditLog.seq);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[2]!.after).toEqual({ beds: 3, name: '医院', ratio: 0.1 });
    expect(await verifyAuditChain(t.database.db)).toEqual({ ok: true, records: 3, lastSeq: 3, lastHash: rows[2]!.hash });
  });

  it('rolls the record back with the transaction it belongs to', async () => {
    const before = (await t.database.db.select().from(auditLog)).length;
    await expect(
      t.database.db.transaction(async (tx) => {
        await audit(tx, { actor: null, action: 'create', entityType: 'agency', entityId: 'x', after: { a: 1 } });
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    expect((await t.database.db.select().from(auditLog)).length).toBe(before);
  });

  it('refuses updates and deletes through the application connection', async () => {
    await expect(t.database.db.delete(auditLog).where(eq(auditLog.seq, 1))).rejects.toThrow();
    await expect(t.database.db.update(auditLog).set({ action: 'x' }).where(eq(auditLog.seq, 1))).rejects.toThrow();
  });

  it('finds a record changed behind the application’s back, and a deleted one', async () => {
    await write(2); // seq 4, 5
    const raw = t.database.raw;
    await raw.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    try {
      await raw.query(`UPDATE audit_log SET after = jsonb_set(after, '{beds}', '99') WHERE seq = 2`);
      expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: false, seq: 2, problem: 'tampered', records: 1 });
      // put it back exactly: the chain verifies again
      await raw.query(`UPDATE audit_log SET after = jsonb_set(after, '{beds}', '2') WHERE seq = 2`);
      expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, records: 5 });
      await raw.query('DELETE FROM audit_log WHERE seq = 3');
      expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: false, seq: 3, problem: 'missing' });
    } finally {
      await raw.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    }
  });
});

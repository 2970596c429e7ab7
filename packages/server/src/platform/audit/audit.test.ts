import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestDbHandle, testEngines, withTestDb } from '../../test-support/test-db.ts';
import { auditLog } from '../db/platform.tables.ts';
import { audit, auditHash, createAuditCheckpoint, GENESIS_HASH, verifyAuditChain } from './audit.ts';
import { PROTECTED_VALUE } from './audit-policies.ts';
import { latestCheckpointFile, readAuditCheckpoint, writeAuditCheckpointFile } from './audit-checkpoints.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    expect(await verifyAuditChain(t.database.db)).toEqual({ ok: true, records: 3, lastSeq: 3, lastHash: rows[2]!.hash, keyedFromSeq: 1 });
    expect(rows.map((r) => r.chainVersion)).toEqual([2, 2, 2]);
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

describe.each(testEngines())('keyed audit chain and checkpoints (%s)', (engine) => {
  // each case starts from an empty log: its own database, made current before its tests run
  let t: TestDbHandle;
  const fresh = () => {
    const handle = withTestDb(engine);
    beforeAll(() => {
      t = handle;
    });
  };
  const actor = { id: '00000000-0000-4000-8000-000000000001', username: 'admin' };
  const write = (n: number, offset = 0) =>
    t.database.db.transaction(async (tx) => {
      for (let i = offset; i < offset + n; i += 1) {
        await audit(tx, {
          actor,
          action: 'update',
          entityType: 'facility',
          entityId: `f-${i}`,
          before: { beds: i },
          after: { beds: i + 1 },
        });
      }
    });
  const withTriggerOff = async (work: () => Promise<void>) => {
    await t.database.raw.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    try {
      await work();
    } finally {
      await t.database.raw.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    }
  };

  /** What a database superuser without the key can do: rewrite records from `fromSeq` and recompute every later hash. */
  async function rewriteWithoutKey(fromSeq: number, change: (after: unknown) => unknown, version: 1 | 2) {
    const rows = await t.database.db.select().from(auditLog).orderBy(auditLog.seq);
    let prevHash = rows.find((r) => r.seq === fromSeq - 1)?.hash ?? GENESIS_HASH;
    for (const row of rows.filter((r) => r.seq >= fromSeq)) {
      const after = row.seq === fromSeq ? change(row.after) : row.after;
      const hash = auditHash({ ...row, prevHash, after });
      await t.database.raw.query('UPDATE audit_log SET after = $1, prev_hash = $2, hash = $3, chain_version = $4 WHERE seq = $5', [
        JSON.stringify(after),
        prevHash,
        hash,
        version,
        row.seq,
      ]);
      prevHash = hash;
    }
  }

  describe('', () => {
    fresh();
    it('catches hashes recomputed without the key, also when the records are made to look unkeyed', async () => {
      await write(4);
      expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, records: 4, keyedFromSeq: 1 });
      await withTriggerOff(async () => {
        await rewriteWithoutKey(2, () => ({ beds: 99 }), 2);
        expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: false, seq: 2, problem: 'tampered' });
        await rewriteWithoutKey(2, () => ({ beds: 99 }), 1);
        expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: false, seq: 2, problem: 'downgraded' });
      });
    });
  });

  describe('', () => {
    fresh();
    it('catches deleted newest records, and a wholly recomputed chain, against a signed checkpoint', async () => {
      await write(5);
      const made = await createAuditCheckpoint(t.database.db);
      expect(made.ok).toBe(true);
      const checkpoint = made.ok ? made.checkpoint : undefined!;
      expect(checkpoint).toMatchObject({ seq: 5, keyedFromSeq: 1 });
      await write(2, 5); // the log goes on after the checkpoint
      expect(await verifyAuditChain(t.database.db, { checkpoint })).toMatchObject({ ok: true, records: 7, checkpointSeq: 5 });

      await withTriggerOff(async () => {
        await t.database.raw.query('DELETE FROM audit_log WHERE seq >= 5');
      });
      // without the anchor a shorter chain still verifies: that is why the checkpoint exists
      expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, records: 4 });
      expect(await verifyAuditChain(t.database.db, { checkpoint })).toMatchObject({ ok: false, problem: 'truncated', seq: 5 });

      await withTriggerOff(() => rewriteWithoutKey(1, () => ({ beds: 42 }), 1)); // every record "legacy"
      expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true }); // indistinguishable alone …
      expect(await verifyAuditChain(t.database.db, { checkpoint })).toMatchObject({ ok: false }); // … not against the anchor

      const forged = { ...checkpoint, seq: 3 };
      expect(await verifyAuditChain(t.database.db, { checkpoint: forged })).toMatchObject({ ok: false, problem: 'checkpoint_invalid' });
      expect(await verifyAuditChain(t.database.db, { checkpoint, auditKey: Buffer.alloc(32, 7) })).toMatchObject({
        ok: false,
        problem: 'checkpoint_invalid',
      });
    });
  });

  describe('', () => {
    fresh();
    it('keeps an existing sha256 chain verifiable and continues it keyed', async () => {
      // records as written before migration 0027: version 1, plain sha256
      let prevHash = GENESIS_HASH;
      for (const seq of [1, 2]) {
        const fields = {
          prevHash,
          seq,
          at: new Date(Date.UTC(2026, 0, seq)),
          actorId: null,
          actorUsername: null,
          action: 'create',
          entityType: 'agency',
          entityId: `a${seq}`,
          ip: null,
          before: null,
          after: { n: seq },
        };
        const hash = auditHash(fields);
        await t.database.db.insert(auditLog).values({ ...fields, hash, chainVersion: 1 });
        prevHash = hash;
      }
      await write(2);
      const rows = await t.database.db.select().from(auditLog).orderBy(auditLog.seq);
      expect(rows.map((r) => r.chainVersion)).toEqual([1, 1, 2, 2]);
      expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, records: 4, keyedFromSeq: 3 });
    });
  });

  describe('', () => {
    fresh();
    it('stores which sensitive fields changed, never their values, and still verifies', async () => {
      await t.database.db.transaction((tx) =>
        audit(tx, {
          actor,
          action: 'update',
          entityType: 'case_report',
          entityId: 'c1',
          before: {
            personName: '王秀英',
            phone: '13912345678',
            classification: 'suspected',
            jurisdictionId: '00000000-0000-4000-8000-0000000000aa',
          },
          after: {
            personName: '王秀英',
            phone: '13800000000',
            classification: 'confirmed',
            jurisdictionId: '00000000-0000-4000-8000-0000000000aa',
          },
        }),
      );
      const [row] = await t.database.db.select().from(auditLog).orderBy(auditLog.seq);
      const text = JSON.stringify(row);
      expect(text).not.toContain('王秀英');
      expect(text).not.toContain('13912345678');
      expect(text).not.toContain('13800000000');
      expect(row!.after).toMatchObject({ personName: PROTECTED_VALUE, phone: PROTECTED_VALUE, classification: 'confirmed' });
      expect(row!.changedFields).toEqual(['classification', 'phone']);
      expect(row!.jurisdictionId).toBe('00000000-0000-4000-8000-0000000000aa');
      expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
    });
  });
  describe('', () => {
    fresh();
    it('writes checkpoint files to the data folder, which verify reads back', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'oc-checkpoints-'));
      await write(1);
      const first = await writeAuditCheckpointFile(t.database.db, { dataDir }, { now: new Date('2026-12-01T02:17:00Z') });
      await write(1, 1);
      const second = await writeAuditCheckpointFile(t.database.db, { dataDir }, { now: new Date('2026-12-02T02:17:00Z') });
      expect(first.ok && second.ok).toBe(true);
      expect(latestCheckpointFile({ dataDir })).toBe(second.ok ? second.file : '');
      const checkpoint = readAuditCheckpoint(latestCheckpointFile({ dataDir })!);
      expect(checkpoint).toMatchObject({ seq: 2, keyedFromSeq: 1 });
      expect(await verifyAuditChain(t.database.db, { checkpoint })).toMatchObject({ ok: true, checkpointSeq: 2 });
      writeFileSync(join(dataDir, 'not-a-checkpoint.json'), '{"seq": 1}');
      expect(() => readAuditCheckpoint(join(dataDir, 'not-a-checkpoint.json'))).toThrow(/not an audit checkpoint/);
    });
  });
});

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { checkDataKeys } from '../../server.ts';
import { buildDistrictTree, buildUser } from '../../test-support/factories.ts';
import { createTestApp, signIn, testConfig } from '../../test-support/http.ts';
import { testEngines, withTestDb } from '../../test-support/test-db.ts';
import { diseases } from '../../features/catalogue/index.ts';
import { facilities } from '../../features/registry/registry.tables.ts';
import { DataKeyError, IDENTITY_KEY_SPEC, ensureDataKey, keyCheckValue } from './data-keys.ts';

const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);
const newDataDir = () => mkdtempSync(join(tmpdir(), 'oc-keys-'));

describe.each(testEngines())('data keys against the data (%s)', (engine) => {
  const t = withTestDb(engine);

  it('records the key on first start, then refuses another or a missing one, naming the variable', async () => {
    const first = newDataDir();
    const key = await ensureDataKey(t.database.db, { dataDir: first }, IDENTITY_KEY_SPEC);
    expect(existsSync(join(first, 'identity.key'))).toBe(true); // a new installation gets a key file
    expect(await ensureDataKey(t.database.db, { dataDir: first }, IDENTITY_KEY_SPEC)).toEqual(key);
    expect(await ensureDataKey(t.database.db, { dataDir: '/nonexistent', identityKey: key.toString('hex') }, IDENTITY_KEY_SPEC)).toEqual(
      key,
    );

    // a restore into a new data folder: no key there
    const restored = newDataDir();
    const missing = ensureDataKey(t.database.db, { dataDir: restored }, IDENTITY_KEY_SPEC);
    await expect(missing).rejects.toThrow(DataKeyError);
    await expect(missing).rejects.toThrow(/IDENTITY_KEY is not set .*identity numbers .*check value [0-9a-f]{16}.*copy identity\.key/);
    expect(existsSync(join(restored, 'identity.key'))).toBe(false); // no fresh key that opens nothing

    // the wrong key, by variable or by file
    await expect(ensureDataKey(t.database.db, { dataDir: restored, identityKey: KEY_B }, IDENTITY_KEY_SPEC)).rejects.toThrow(
      new RegExp(
        `^IDENTITY_KEY is not the key .*check value is ${keyCheckValue(Buffer.from(KEY_B, 'hex'), 'identity')}, the database expects ${keyCheckValue(key, 'identity')}`,
      ),
    );
    writeFileSync(join(restored, 'identity.key'), `${KEY_B}\n`);
    await expect(ensureDataKey(t.database.db, { dataDir: restored }, IDENTITY_KEY_SPEC)).rejects.toThrow(/identity\.key\) is not the key/);
  });
});

describe.each(testEngines())('identity key of a database written before check values (%s)', (engine) => {
  const t = withTestDb(engine);

  it('tries the key on a stored number at start, and a wrong key answers 503 naming IDENTITY_KEY, never 500', async () => {
    const tree = await buildDistrictTree(t.database);
    const [hfmd] = await t.database.db.select().from(diseases).where(eq(diseases.code, 'hfmd'));
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const written = await signIn(createTestApp(t.database, { identityKey: KEY_A }), epi.user.username, epi.password);
    const [hospital] = await t.database.db
      .insert(facilities)
      .values({ name: 'H', nameEn: 'Hospital H', type: 'general_hospital', jurisdictionId: tree.townshipA.id })
      .returning();
    const filed = await written.post('/api/cases', {
      facilityId: hospital!.id,
      diseaseId: hfmd!.id,
      jurisdictionId: tree.communityA.id,
      personName: 'Li Ming',
      sex: 'male',
      idType: 'passport',
      idNumber: 'E12345678',
      classification: 'clinical',
      onsetDate: '2026-03-08',
      diagnosisAt: '2026-03-10T09:00:00+08:00',
      reportedAt: '2026-03-10T12:00:00+08:00',
    });
    expect(filed.status).toBe(201);

    // no check value recorded (as after an upgrade): the start tries the configured key on the data
    await expect(checkDataKeys(t.database, testConfig({ identityKey: KEY_B }), {})).rejects.toThrow(
      /IDENTITY_KEY does not open the identity numbers/,
    );
    await expect(checkDataKeys(t.database, testConfig({ dataDir: newDataDir() }))).rejects.toThrow(/IDENTITY_KEY is not set/);
    await checkDataKeys(t.database, testConfig({ identityKey: KEY_A })); // the right key: recorded from now on

    // a server that runs with another key anyway (the check bypassed): a clear 503, not a 500
    const wrong = await signIn(createTestApp(t.database, { identityKey: KEY_B }), epi.user.username, epi.password);
    const revealed = await wrong.post(`/api/cases/${filed.body.id}/identity`);
    expect(revealed.status).toBe(503);
    expect(revealed.body.error).toMatchObject({ id: 'unavailable', details: { reason: 'identity_key_mismatch' } });
    expect(revealed.body.error.message).toMatch(/IDENTITY_KEY/);
  });
});

/**
 * Issue 12, item 4: CIDARS does not watch chronic diseases with the moving percentile, and the catalogue gives
 * each disease a minimum count (migration 0035).
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildDistrictTree, buildUser, createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { diseases } from '../catalogue/index.ts';
import { buildDisease } from './detection.test-support.ts';

describe.each(testEngines())('chronic diseases and minimum counts (%s)', (engine) => {
  const t = withTestDb(engine);

  it('marks the chronic diseases and raises the minimum count of the common ones in the catalogue', async () => {
    const rows = await t.database.db.select().from(diseases);
    const byCode = new Map(rows.map((d) => [d.code, d]));
    expect(
      rows
        .filter((d) => d.chronic)
        .map((d) => d.code)
        .sort(),
    ).toEqual(
      [
        'echinococcosis',
        'gonorrhoea',
        'hepatitis_b',
        'hepatitis_c',
        'hiv_aids',
        'leprosy',
        'schistosomiasis',
        'syphilis',
        'tuberculosis',
      ].sort(),
    );
    expect(byCode.get('hfmd')!.defaultParams.minCount).toBe(3);
    expect(byCode.get('other_diarrhoea')!.defaultParams.minCount).toBe(3);
    expect(byCode.get('hfrs')!.defaultParams.minCount).toBe(2);
    expect(byCode.get('measles')!.defaultParams.minCount).toBe(1);
    expect(byCode.get('cholera')!.defaultParams).toEqual({ k: 1, period: 1 });
  });

  it('refuses an enabled moving-percentile setting for a chronic disease; allows another method or a disabled one', async () => {
    const tree = await buildDistrictTree(t.database);
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const client = await signIn(createTestApp(t.database), epi.user.username, epi.password);
    const chronic = await buildDisease(t.database, { defaultMethod: 'mpm', chronic: true });

    const refused = await client.post('/api/detection/configs', {
      diseaseId: chronic.id,
      jurisdictionId: tree.district.id,
      level: 'district',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ path: 'method' });
    expect(refused.body.error.details[0].message).toContain('chronic disease');

    const fixed = await client.post('/api/detection/configs', {
      diseaseId: chronic.id,
      jurisdictionId: tree.district.id,
      level: 'district',
      method: 'fixedThreshold',
      parameters: { k: 5, period: 7 },
    });
    expect(fixed.status).toBe(201);
    const disabled = await client.post('/api/detection/configs', {
      diseaseId: chronic.id,
      jurisdictionId: tree.district.id,
      level: 'township',
      enabled: false,
    });
    expect(disabled.status).toBe(201);
    const enable = await client.patch(`/api/detection/configs/${disabled.body.id}`, { enabled: true });
    expect(enable.status).toBe(400);
    expect(enable.body.error.details[0].path).toBe('method');

    // the catalogue flag is editable (diseases.manage), and the disease list shows it
    const [row] = await t.database.db.select().from(diseases).where(eq(diseases.id, chronic.id));
    expect(row!.chronic).toBe(true);
  });
});

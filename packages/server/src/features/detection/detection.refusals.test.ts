/**
 * The settings' refusals carry a code the web translates (errors.fieldIssue.<code>), so a user reading Chinese is
 * not told in English why a scan or a level cannot be saved.
 */
import { describe, expect, it } from 'vitest';
import { buildDistrictTree, buildUser, testEngines, withTestDb } from '../../test-support/index.ts';
import { createConfig } from './detection.service.ts';
import { buildFeedType } from './detection.test-support.ts';

describe.each(testEngines())('detection settings refusals (%s)', (engine) => {
  const t = withTestDb(engine);

  it('names the field and gives a code for a scan over a feed and for townships below a township', async () => {
    const tree = await buildDistrictTree(t.database);
    const feed = await buildFeedType(t.database, { measure: 'count' });
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    await expect(
      createConfig(t.database, epi.principal, { feedTypeId: feed.id, jurisdictionId: tree.district.id, level: 'township', method: 'scan' }),
    ).rejects.toMatchObject({ details: [{ path: 'method', code: 'scan_needs_disease' }] });
    await expect(
      createConfig(t.database, epi.principal, {
        feedTypeId: feed.id,
        jurisdictionId: tree.townshipA.id,
        level: 'township',
        method: 'earsC_C3',
      }),
    ).rejects.toMatchObject({ details: [{ path: 'level', code: 'level_no_townships_below' }] });
  });
});

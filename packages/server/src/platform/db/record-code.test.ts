import { describe, expect, it } from 'vitest';
import { testEngines, withTestDb } from '../../test-support/test-db.ts';

describe.each(testEngines())('record codes (%s)', (engine) => {
  const t = withTestDb(engine);

  it('pad the sequence number and grow past the padding instead of cutting it', async () => {
    const year = new Date().getFullYear();
    const rows = await t.database.raw.query<{ a: string; b: string; c: string }>(
      `SELECT record_code('C', 42, 6) AS a, record_code('C', 1000000, 6) AS b, record_code('T', 123456, 5) AS c`,
    );
    expect(rows).toEqual([{ a: `C${year}-000042`, b: `C${year}-1000000`, c: `T${year}-123456` }]);
  });
});

import { describe, expect, it } from 'vitest';
import { makeResidentId, parseResidentId as serverParse } from '../../../../server/src/features/cases/resident-id.ts';
import { parseResidentId } from './resident-id.ts';

describe('parseResidentId (web copy)', () => {
  it('agrees with the server on valid, mistyped and malformed numbers', () => {
    const samples = [
      '11010519491231002X',
      '11010519491231002x',
      '110105194912310021',
      '1101051949123100',
      '500199199002300010',
      'ABCDEFGHIJKLMNOPQR',
    ];
    for (let seq = 0; seq < 60; seq++) {
      const id = makeResidentId('500199', '2001-02-28', seq * 7);
      samples.push(id, `${id.slice(0, 16)}${(Number(id[16]) + 3) % 10}${id[17]}`);
    }
    for (const s of samples) expect(parseResidentId(s)).toEqual(serverParse(s));
  });

  it('decodes birth date and sex', () => {
    expect(parseResidentId('11010519491231002X')).toMatchObject({ ok: true, birthDate: '1949-12-31', sex: 'female' });
  });
});

import { describe, expect, it } from 'vitest';
import { makeResidentId, parseResidentId } from './resident-id.ts';

describe('parseResidentId', () => {
  it('decodes the standard example of GB 11643 (check character X)', () => {
    expect(parseResidentId('11010519491231002X')).toEqual({
      ok: true,
      normalised: '11010519491231002X',
      divisionCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  it('accepts a lower-case x and surrounding spaces, normalising them', () => {
    const r = parseResidentId(' 11010519491231002x ');
    expect(r.ok && r.normalised).toBe('11010519491231002X');
  });

  it('gives the sex from the parity of the sequence', () => {
    const male = parseResidentId(makeResidentId('500199', '1985-03-07', 123));
    const female = parseResidentId(makeResidentId('500199', '1985-03-07', 124));
    expect(male.ok && male.sex).toBe('male');
    expect(female.ok && female.sex).toBe('female');
    expect(male.ok && male.birthDate).toBe('1985-03-07');
    expect(male.ok && male.divisionCode).toBe('500199');
  });

  it('refuses a wrong check character', () => {
    expect(parseResidentId('110105194912310021')).toEqual({ ok: false, reason: 'checksum' });
    const valid = makeResidentId('500199', '2001-10-20', 55);
    // change one digit of the body: the check no longer matches
    const typo = `${valid.slice(0, 15)}${(Number(valid[15]) + 1) % 10}${valid.slice(16)}`;
    expect(parseResidentId(typo)).toEqual({ ok: false, reason: 'checksum' });
  });

  it('refuses wrong lengths and characters', () => {
    expect(parseResidentId('11010519491231002')).toEqual({ ok: false, reason: 'length' });
    expect(parseResidentId('')).toEqual({ ok: false, reason: 'length' });
    expect(parseResidentId('1101051949123100XX')).toEqual({ ok: false, reason: 'characters' });
    expect(parseResidentId('11010519491231A02X')).toEqual({ ok: false, reason: 'characters' });
  });

  it('refuses birth dates that do not exist', () => {
    // 30 February, month 13, 29 February of a non-leap year; the check character is irrelevant here
    expect(parseResidentId('500199199002300010')).toEqual({ ok: false, reason: 'birth_date' });
    expect(parseResidentId('500199199013010010')).toEqual({ ok: false, reason: 'birth_date' });
    expect(parseResidentId('500199190002290010')).toEqual({ ok: false, reason: 'birth_date' });
    // 29 February 2000 is a leap day
    expect(parseResidentId(makeResidentId('500199', '2000-02-29', 1)).ok).toBe(true);
  });

  it('every check value round-trips, including X (remainder 2)', () => {
    const seen = new Set<string>();
    for (let seq = 0; seq < 200; seq++) {
      const id = makeResidentId('500199', '1990-01-01', seq);
      seen.add(id[17]!);
      expect(parseResidentId(id).ok).toBe(true);
    }
    expect(seen.size).toBe(11);
    expect(seen.has('X')).toBe(true);
  });
});

describe('makeResidentId', () => {
  it('refuses malformed parts', () => {
    expect(() => makeResidentId('5001', '1990-01-01', 1)).toThrow(RangeError);
    expect(() => makeResidentId('500199', '1990-02-30', 1)).toThrow(RangeError);
    expect(() => makeResidentId('500199', '1990-01-01', 1000)).toThrow(RangeError);
  });
});

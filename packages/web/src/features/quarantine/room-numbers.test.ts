import { describe, expect, it } from 'vitest';
import { roomNumbers } from './quarantine-api.ts';

describe('roomNumbers', () => {
  it('reads one number a line, commas, and ranges keeping zero padding', () => {
    expect(roomNumbers('201-203\n0305，A1')).toEqual(['201', '202', '203', '0305', 'A1']);
    expect(roomNumbers('08-10')).toEqual(['08', '09', '10']);
  });
  it('keeps a backwards or huge range as one room number, as written', () => {
    expect(roomNumbers('210-201')).toEqual(['210-201']);
    expect(roomNumbers('1-9999')).toEqual(['1-9999']);
    expect(roomNumbers('  \n ')).toEqual([]);
  });
});

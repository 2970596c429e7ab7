import { describe, expect, it } from 'vitest';
import { matrixLevel, riskMatrix } from './alerts.matrix.ts';
import { allowedActions } from './alerts.workflow.ts';

describe('risk matrix', () => {
  it('bands likelihood × consequence into the four warning levels', () => {
    expect(matrixLevel(1, 1)).toBe('blue');
    expect(matrixLevel(2, 2)).toBe('blue');
    expect(matrixLevel(1, 5)).toBe('yellow');
    expect(matrixLevel(3, 3)).toBe('yellow');
    expect(matrixLevel(2, 5)).toBe('orange');
    expect(matrixLevel(4, 4)).toBe('orange');
    expect(matrixLevel(4, 5)).toBe('red');
    expect(matrixLevel(5, 5)).toBe('red');
    expect(() => matrixLevel(0, 3)).toThrow(RangeError);
    const counts = riskMatrix()
      .cells.flat()
      .reduce<Record<string, number>>((acc, l) => ({ ...acc, [l]: (acc[l] ?? 0) + 1 }), {});
    expect(counts).toEqual({ blue: 8, yellow: 7, orange: 7, red: 3 });
  });

  it('allows the workflow actions of each status', () => {
    expect(allowedActions('new')).toEqual(['assign', 'start_verification', 'discard']);
    expect(allowedActions('monitoring')).toEqual(['assign', 'discard', 'assess', 'close']);
    expect(allowedActions('closed')).toEqual([]);
    expect(allowedActions('discarded')).toEqual([]);
  });
});

/** Every algorithm that appears in a reference file must have an implementation in the registry. */
import { describe, expect, it } from 'vitest';
import { cliMethodNames, findMethod } from '../src/methods.ts';
import { loadCase, referenceFiles } from './reference-cases.ts';

describe('reference coverage', () => {
  it('has a registered method for every reference algorithm', () => {
    const algorithms = [...new Set(referenceFiles().map((f) => loadCase(f).algorithm))].sort();
    expect(algorithms.length).toBeGreaterThan(0);
    const missing = algorithms.filter((a) => !findMethod(a));
    expect(missing, 'algorithms in test/reference/surveillance without an implementation').toEqual([]);
  });

  it('offers every CLI method of the contract', () => {
    expect(cliMethodNames().sort()).toEqual(
      [
        'ears-c1',
        'ears-c2',
        'ears-c3',
        'farrington',
        'farrington-flexible',
        'cusum',
        'glrnb',
        'bayes',
        'rki1',
        'rki2',
        'rki3',
        'mpm',
        'fixed-threshold',
        'auto',
      ].sort(),
    );
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioDocument } from './scenario-file.ts';
import { compareScenarios } from './scenarios.ts';

const example = JSON.parse(readFileSync(join(import.meta.dirname, '../../examples/district-j.scenario.json'), 'utf8')) as Record<
  string,
  unknown
>;

describe('parseScenarioDocument', () => {
  it('reads the District J example and its comparison runs', () => {
    const doc = parseScenarioDocument(example);
    expect(doc.days).toBe(180);
    expect(doc.model.patches).toHaveLength(15);
    expect(doc.scenarios.map((s) => s.name)[0]).toBe('isolation only');
    expect(doc.demand?.patches).toHaveLength(13);
    const cmp = compareScenarios(doc.model, doc.scenarios.slice(0, 3), { days: 120 }, doc.demand ?? {});
    // Restricting shipping lowers the district-wide peak; the port quarter (index 4) peaks first.
    expect(cmp.outcomes[2].peakInfectious).toBeLessThan(cmp.outcomes[0].peakInfectious);
    expect(Math.min(...cmp.outcomes[0].peakDayByPatch)).toBe(cmp.outcomes[0].peakDayByPatch[4]);
  });

  it('names the offending field', () => {
    const bad = (patch: Record<string, unknown>) => () => parseScenarioDocument({ ...example, ...patch });
    expect(bad({ dayz: 3 })).toThrow('dayz: unknown field');
    expect(bad({ days: 0 })).toThrow('days: must be a whole number of days ≥ 1');
    expect(bad({ scenarios: [{ name: 'x', interventions: [{ type: 'isolation', start: 0, detected: 2 }] }] })).toThrow(
      'scenarios[0].interventions[0].detected: must be ≤ 1',
    );
    expect(bad({ demand: { supplies: [{ id: 'm', stock: 'lots' }] } })).toThrow('demand.supplies[0].stock: must be a finite number');
    expect(bad({ demand: { patches: ['000'] } })).toThrow('demand.patches[0]: unknown patch "000"');
    expect(bad({ patches: [{ id: 'a', population: -5 }], links: [] })).toThrow('patches[0].population: must be ≥ 1');
  });
});

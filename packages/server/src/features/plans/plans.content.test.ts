/**
 * Pure rules of plan content: ids given to new entries (kept for existing ones), duplicates refused, agency
 * references listed with their field paths, completeness for review.
 */
import { describe, expect, it } from 'vitest';
import { agencyReferences, completenessIssues, withEntryIds } from './plans.content.ts';
import { DEMO_PLAN, resolveAgencyCodes } from './plans.demo-content.ts';
import { testPlanContent } from './plans.test-helpers.ts';

const A = {
  cdc: '11111111-1111-4111-8111-111111111111',
  police: '22222222-2222-4222-8222-222222222222',
  health: '33333333-3333-4333-8333-333333333333',
};

describe('plan content', () => {
  it('gives ids to new entries and keeps existing ones', () => {
    const content = testPlanContent(A);
    delete content.levels.IV.measures[0]!.id;
    delete content.headquarters.workingGroups[0]!.id;
    let n = 0;
    const { content: out, issues } = withEntryIds(content, () => `new-${++n}`);
    expect(issues).toEqual([]);
    expect(out.levels.III.measures.map((m) => m.id)).toEqual(['III-cdc', 'III-police']);
    expect([out.headquarters.workingGroups[0]!.id, out.levels.IV.measures[0]!.id].sort()).toEqual(['new-1', 'new-2']);
  });

  it('refuses a measure id used twice, even across levels', () => {
    const content = testPlanContent(A);
    content.levels.I.measures[0]!.id = 'II-police';
    expect(withEntryIds(content, () => 'x').issues).toEqual([{ path: 'levels.II.measures.1.id', message: "id 'II-police' is used twice" }]);
  });

  it('lists every agency reference with its path', () => {
    const refs = agencyReferences(testPlanContent(A));
    expect(refs).toContainEqual({ path: 'levels.III.measures.1.agencyId', agencyId: A.police });
    expect(refs).toContainEqual({ path: 'headquarters.workingGroups.0.leadAgencyId', agencyId: A.cdc });
    expect(refs).toContainEqual({ path: 'materials.stockpiles.0.holderAgencyId', agencyId: A.health });
    expect(refs).toHaveLength(10);
  });

  it('finds the demo plan complete, with a level III measure for the public security bureau', () => {
    const codes = new Map<string, string>();
    const resolved = resolveAgencyCodes(DEMO_PLAN, (code) => {
      if (!codes.has(code)) codes.set(code, `00000000-0000-4000-8000-${String(codes.size).padStart(12, '0')}`);
      return codes.get(code);
    });
    expect(completenessIssues(resolved)).toEqual([]);
    expect(DEMO_PLAN.levels.III.measures.some((m) => m.agencyId === 'JJ-GA')).toBe(true);
    expect([...codes.keys()].sort()).toEqual([
      'JJ-CDC',
      'JJ-CRB',
      'JJ-GA',
      'JJ-GKHS',
      'JJ-JT',
      'JJ-JW',
      'JJ-MZ',
      'JJ-SCJG',
      'JJ-WGZX',
      'JJ-WJW-YJB',
      'JJ-XCB',
      'JJ-YJJ',
    ]);
  });

  it('reports what review needs, by field', () => {
    const content = testPlanContent(A);
    content.title.en = '';
    content.levels.I.measures = [];
    content.headquarters.workingGroups[0]!.leadAgencyId = null;
    expect(completenessIssues(content)).toEqual([
      { path: 'title.en', message: 'English text is required' },
      { path: 'headquarters.workingGroups.0.leadAgencyId', message: 'a lead agency is required' },
      { path: 'levels.I.measures', message: 'at least one measure is required' },
    ]);
  });
});

/**
 * facilityScopeFor: a facility-bound role (hospital reporter) grants its case rights over its facility's records
 * only; other roles of the same user keep their whole subtree; a reporter bound to no facility gets nothing. The
 * live events of case reports follow the same rule (mayReceive).
 */
import { describe, expect, it } from 'vitest';
import { mayReceive } from '../live/live.ts';
import { facilityScopeFor, type Principal, recordInFacilityScope } from './scope.ts';

const DISTRICT = '/d/';
const TOWNSHIP_A = '/d/a/';
const TOWNSHIP_B = '/d/b/';

const principal = (grants: Array<{ role: string; path: string }>, facilityId: string | null): Principal => ({
  id: 'u',
  username: 'u',
  displayName: 'U',
  locale: 'zh-CN',
  facilityId,
  grants: grants.map((g) => ({
    role: g.role as Principal['grants'][number]['role'],
    jurisdictionId: g.path,
    jurisdictionName: g.path,
    jurisdictionPath: g.path,
  })),
});

describe('facilityScopeFor', () => {
  it("binds a hospital reporter's case rights to its facility, not its other rights", () => {
    const reporter = principal([{ role: 'hospital_reporter', path: DISTRICT }], 'f1');
    const scope = facilityScopeFor(reporter, 'cases.read');
    expect(scope).toEqual({ right: 'cases.read', paths: [], facility: { id: 'f1', paths: [DISTRICT] } });
    expect(recordInFacilityScope(scope, `${TOWNSHIP_B}c/`, 'f1')).toBe(true);
    expect(recordInFacilityScope(scope, `${TOWNSHIP_B}c/`, 'f2')).toBe(false);
    expect(recordInFacilityScope(scope, `${TOWNSHIP_B}c/`, null)).toBe(false);
    expect(facilityScopeFor(reporter, 'feeds.read')).toEqual({ right: 'feeds.read', paths: [DISTRICT] });
  });

  it('gives nothing to a reporter bound to no facility, and keeps a second role whole', () => {
    expect(() => facilityScopeFor(principal([{ role: 'hospital_reporter', path: DISTRICT }], null), 'cases.read')).toThrow();
    const both = principal(
      [
        { role: 'hospital_reporter', path: DISTRICT },
        { role: 'township_officer', path: TOWNSHIP_A },
      ],
      'f1',
    );
    const scope = facilityScopeFor(both, 'cases.read');
    expect(scope).toEqual({ right: 'cases.read', paths: [TOWNSHIP_A], facility: { id: 'f1', paths: [DISTRICT] } });
    expect(recordInFacilityScope(scope, `${TOWNSHIP_A}c/`, 'f9')).toBe(true);
    expect(recordInFacilityScope(scope, `${TOWNSHIP_B}c/`, 'f9')).toBe(false);
  });

  it("delivers a case report's live event to a reporter only when its facility filed it", () => {
    const reporter = principal([{ role: 'hospital_reporter', path: DISTRICT }], 'f1');
    const event = { topic: 'cases', id: 'c', right: 'cases.read' as const, jurisdictionPath: `${TOWNSHIP_B}c/` };
    expect(mayReceive(reporter, { ...event, facilityId: 'f1' })).toBe(true);
    expect(mayReceive(reporter, { ...event, facilityId: 'f2' })).toBe(false);
    const epi = principal([{ role: 'epidemiologist', path: DISTRICT }], null);
    expect(mayReceive(epi, { ...event, facilityId: 'f2' })).toBe(true);
  });
});

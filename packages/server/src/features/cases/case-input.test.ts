import { describe, expect, it } from 'vitest';
import { type CaseLookups, checkCaseReport } from './case-input.ts';
import { identityProtector } from './identity-protection.ts';
import { makeResidentId } from './resident-id.ts';

const protector = identityProtector({ identityKey: '0f'.repeat(32), dataDir: '/nonexistent' });
const NOW = new Date('2026-06-15T04:00:00Z'); // 12:00 in China

const DISEASE = '00000000-0000-4000-8000-000000000001';
const RETIRED = '00000000-0000-4000-8000-000000000002';
const TOWN = '00000000-0000-4000-8000-000000000010';
const HOSPITAL = '00000000-0000-4000-8000-000000000020';

const lookups: CaseLookups = {
  diseasesById: new Map([
    [
      DISEASE,
      {
        id: DISEASE,
        code: 'hfmd',
        name: '手足口病',
        nameEn: 'Hand, foot and mouth disease',
        class: 'C',
        reportDeadlineHours: 24,
        active: true,
      },
    ],
    [RETIRED, { id: RETIRED, code: 'old', name: '旧', nameEn: 'Retired disease', class: 'other', reportDeadlineHours: 24, active: false }],
  ]),
  diseasesByCode: new Map(),
  jurisdictionsById: new Map([[TOWN, { id: TOWN, code: '500199001000', name: 'T', nameEn: 'T', level: 'township', path: '/a/b/' }]]),
  jurisdictionsByCode: new Map(),
  facilitiesById: new Map([[HOSPITAL, { id: HOSPITAL, name: 'H', nameEn: 'H' }]]),
};

const ID = makeResidentId('500199', '2019-04-02', 37); // a boy born 2 April 2019

const base = {
  diseaseId: DISEASE,
  jurisdictionId: TOWN,
  personName: 'Test Child',
  idType: 'resident_id',
  idNumber: ID,
  classification: 'clinical',
  onsetDate: '2026-06-12',
  diagnosisAt: '2026-06-13T09:30:00+08:00',
  reportedAt: '2026-06-13T15:00:00+08:00',
  facilityId: HOSPITAL,
};

function issuesOf(input: unknown) {
  const r = checkCaseReport(input, lookups, protector, NOW);
  return r.ok ? [] : r.issues;
}

describe('checkCaseReport', () => {
  it('accepts a valid report, fills birth date and sex from the resident ID and protects the number', () => {
    const r = checkCaseReport(base, lookups, protector, NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.row.birthDate).toBe('2019-04-02');
    expect(r.row.sex).toBe('male');
    expect(r.row.idNumberMasked).toBe(`500199********${ID.slice(-4)}`);
    expect(protector.reveal(r.row.idNumberEncrypted!)).toBe(ID);
    expect(r.row.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.row.diagnosisAt).toEqual(new Date('2026-06-13T01:30:00Z'));
    expect(r.row.severity).toBe('mild');
    expect(r.row.labResults).toEqual([]);
  });

  it('takes now as report time when none is given', () => {
    const r = checkCaseReport({ ...base, reportedAt: undefined }, lookups, protector, NOW);
    expect(r.ok && r.row.reportedAt).toEqual(NOW);
  });

  it('names the field that disagrees with the resident ID', () => {
    expect(issuesOf({ ...base, birthDate: '2019-04-03' })).toEqual([
      { path: 'birthDate', message: 'does not agree with the resident ID, which gives 2019-04-02' },
    ]);
    expect(issuesOf({ ...base, sex: 'female' })).toEqual([
      { path: 'sex', message: 'does not agree with the resident ID, which gives male' },
    ]);
  });

  it('refuses an invalid resident ID with the reason', () => {
    const bad = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    expect(issuesOf({ ...base, idNumber: bad })[0]).toMatchObject({
      path: 'idNumber',
      message: expect.stringContaining('check character'),
    });
    expect(issuesOf({ ...base, idNumber: '123' })[0]).toMatchObject({
      path: 'idNumber',
      message: expect.stringContaining('18 characters'),
    });
    expect(issuesOf({ ...base, idNumber: '' })[0]).toMatchObject({ path: 'idNumber' });
  });

  it('accepts a passport without checks of its own and keeps the given birth date', () => {
    const r = checkCaseReport(
      { ...base, idType: 'passport', idNumber: 'E12345678', birthDate: '1980-01-01', sex: 'female' },
      lookups,
      protector,
      NOW,
    );
    expect(r.ok && [r.row.idNumberMasked, r.row.birthDate, r.row.sex]).toEqual(['******678', '1980-01-01', 'female']);
  });

  it('orders the dates: onset ≤ diagnosis ≤ report ≤ now', () => {
    expect(issuesOf({ ...base, onsetDate: '2026-06-14' })).toEqual([{ path: 'onsetDate', message: 'must not be after the diagnosis' }]);
    expect(issuesOf({ ...base, reportedAt: '2026-06-13T09:00:00+08:00' })).toEqual([
      { path: 'reportedAt', message: 'must not be before the diagnosis' },
    ]);
    expect(issuesOf({ ...base, reportedAt: '2026-06-15T12:30:00+08:00' })).toEqual([
      { path: 'reportedAt', message: 'must not be in the future' },
    ]);
    expect(issuesOf({ ...base, diagnosisAt: '2026-06-16T09:00:00+08:00', reportedAt: undefined, onsetDate: null })).toEqual([
      { path: 'diagnosisAt', message: 'must not be in the future' },
      { path: 'reportedAt', message: 'must not be before the diagnosis' },
    ]);
    // a clock 2 minutes ahead is tolerated
    expect(issuesOf({ ...base, reportedAt: '2026-06-15T12:02:00+08:00' })).toEqual([]);
  });

  it('refuses a birth date in the future or after the diagnosis', () => {
    const noId = { ...base, idType: 'none', idNumber: null, sex: 'male', onsetDate: null };
    expect(issuesOf({ ...noId, birthDate: '2026-07-01' })).toEqual([{ path: 'birthDate', message: 'must not be in the future' }]);
    expect(issuesOf({ ...noId, birthDate: '2026-06-14' })).toEqual([{ path: 'birthDate', message: 'must not be after the diagnosis' }]);
  });

  it('checks disease, jurisdiction and facility against the lookups', () => {
    expect(issuesOf({ ...base, diseaseId: RETIRED })).toEqual([
      { path: 'diseaseId', message: 'Retired disease is not active in the catalogue' },
    ]);
    expect(issuesOf({ ...base, diseaseId: TOWN, jurisdictionId: DISEASE, facilityId: DISEASE }).map((i) => i.path)).toEqual([
      'diseaseId',
      'jurisdictionId',
      'facilityId',
    ]);
  });

  it('reports shape problems with the field paths', () => {
    const paths = issuesOf({ ...base, diagnosisAt: '2026-06-13', classification: 'probable', extra: 1, labResults: [{ test: '' }] }).map(
      (i) => i.path,
    );
    expect(paths).toEqual(expect.arrayContaining(['diagnosisAt', 'classification', 'labResults.0.test', 'labResults.0.result']));
    expect(issuesOf({ ...base, extra: 1 }).length).toBe(1);
  });

  // Speed is measured by the import bench (bench/import.bench.ts), never asserted here: this checks that many rows
  // in a row each get their own answer (nothing carried over from the row before).
  it('checks many rows one after another, each on its own values', () => {
    const results = Array.from({ length: 2_000 }, (_, i) =>
      checkCaseReport({ ...base, personName: `Child ${i}`, ...(i % 5 === 4 ? { phone: 'call me' } : {}) }, lookups, protector, NOW),
    );
    results.forEach((r, i) => {
      if (i % 5 === 4) {
        expect(r.ok ? [] : r.issues.map((x) => x.path)).toEqual(['phone']);
      } else {
        expect(r.ok && r.row.personName).toBe(`Child ${i}`);
      }
    });
  });
});

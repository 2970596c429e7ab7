import { describe, expect, it } from 'vitest';
import { diffRecords, formatValue } from './audit-diff.ts';

describe('diffRecords', () => {
  it('lists changed fields first, then unchanged ones', () => {
    const before = { name: '港城医院', beds: 350, location: [106.5, 29.5], phone: '023-1' };
    const after = { name: '港城医院', beds: 380, location: [106.5, 29.5], phone: '023-2' };
    expect(diffRecords(before, after)).toEqual([
      { path: 'beds', before: 350, after: 380, change: 'changed' },
      { path: 'phone', before: '023-1', after: '023-2', change: 'changed' },
      { path: 'location', before: [106.5, 29.5], after: [106.5, 29.5], change: 'unchanged' },
      { path: 'name', before: '港城医院', after: '港城医院', change: 'unchanged' },
    ]);
  });

  it('treats a create as all added and a delete as all removed', () => {
    expect(diffRecords(null, { code: 'JJ-X' })).toEqual([{ path: 'code', before: undefined, after: 'JJ-X', change: 'added' }]);
    expect(diffRecords({ code: 'JJ-X' }, null)).toEqual([{ path: 'code', before: 'JJ-X', after: undefined, change: 'removed' }]);
  });

  it('walks nested objects by dotted path and compares arrays whole', () => {
    const changes = diffRecords({ modes: { road: { in: 1 } }, roles: ['a', 'b'] }, { modes: { road: { in: 2 } }, roles: ['a', 'c'] });
    expect(changes.map((change) => [change.path, change.change])).toEqual([
      ['modes.road.in', 'changed'],
      ['roles', 'changed'],
    ]);
  });

  it('compares lists of records by content, ignoring re-created ids', () => {
    const before = {
      from: '2026-03-01',
      entries: [
        { id: 'a', date: '2026-03-01', shift: 'day', personName: '张三' },
        { id: 'b', date: '2026-03-01', shift: 'night', personName: '李四' },
      ],
    };
    const after = {
      from: '2026-03-01',
      entries: [
        { id: 'c', date: '2026-03-01', shift: 'day', personName: '张三' },
        { id: 'd', date: '2026-03-01', shift: 'night', personName: '王五' },
      ],
    };
    expect(diffRecords(before, after)).toEqual([
      { path: 'entries[]', before: { date: '2026-03-01', shift: 'night', personName: '李四' }, after: undefined, change: 'removed' },
      { path: 'entries[]', before: undefined, after: { date: '2026-03-01', shift: 'night', personName: '王五' }, change: 'added' },
      {
        path: 'entries[]',
        before: { date: '2026-03-01', shift: 'day', personName: '张三' },
        after: { date: '2026-03-01', shift: 'day', personName: '张三' },
        change: 'unchanged',
      },
      { path: 'from', before: '2026-03-01', after: '2026-03-01', change: 'unchanged' },
    ]);
  });

  it('formats values for one line', () => {
    expect(formatValue({ shift: 'day', personName: '张三', beds: 2 })).toBe('shift: day, personName: 张三, beds: 2');
    expect(formatValue(undefined)).toBe('—');
    expect(formatValue('文昌街道')).toBe('文昌街道');
    expect(formatValue(null)).toBe('null');
    expect(formatValue([1, 2])).toBe('[1,2]');
  });

  it('reads ids and role ids as their names when they are known', () => {
    const names: Record<string, string> = { 'c0ffee00-0000-4000-8000-000000000001': '望江街道', commander: '应急指挥' };
    const nameOf = (v: string) => names[v];
    expect(formatValue({ role: 'commander', jurisdictionId: 'c0ffee00-0000-4000-8000-000000000001' }, nameOf)).toBe(
      'role: 应急指挥, jurisdictionId: 望江街道',
    );
    expect(formatValue(['commander', 'viewer'], nameOf)).toBe('[应急指挥, viewer]');
    expect(formatValue({ roles: [{ role: 'commander' }] }, nameOf)).toBe('roles: [{role: 应急指挥}]');
    expect(formatValue('c0ffee00-0000-4000-8000-000000000001', nameOf)).toBe('望江街道');
    expect(formatValue('unknown', nameOf)).toBe('unknown');
  });
});

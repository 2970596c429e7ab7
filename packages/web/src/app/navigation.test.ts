import { describe, expect, it } from 'vitest';
import type { Me } from '../api/types.ts';
import { activeNavKey, safeNext, visibleNavEntries } from './navigation.ts';

function me(rights: string[]): Me {
  return { id: 'u1', username: 'u', displayName: 'U', locale: 'zh-CN', roles: [], rights };
}
const ALL_MODULES = ['dashboard', 'registry', 'users', 'audit'].map((id) => ({ id, enabled: true }));

describe('visibleNavEntries', () => {
  it('shows an administrator every foundation page', () => {
    const admin = me(['dashboard.read', 'registry.read', 'registry.manage', 'users.manage', 'audit.read']);
    expect(visibleNavEntries(admin, ALL_MODULES).map((entry) => entry.key)).toEqual(['dashboard', 'jurisdictions', 'agencies', 'facilities', 'users', 'audit']);
  });

  it('hides pages whose right the user lacks', () => {
    const officer = me(['dashboard.read', 'registry.read', 'cases.read']);
    expect(visibleNavEntries(officer, ALL_MODULES).map((entry) => entry.key)).toEqual(['dashboard', 'jurisdictions', 'agencies', 'facilities']);
  });

  it('hides modules the server does not report, or reports disabled', () => {
    const admin = me(['dashboard.read', 'registry.read', 'users.manage', 'audit.read']);
    const modules = [
      { id: 'dashboard', enabled: true },
      { id: 'audit', enabled: false },
    ];
    expect(visibleNavEntries(admin, modules).map((entry) => entry.key)).toEqual(['dashboard']);
    expect(visibleNavEntries(admin, undefined)).toEqual([]);
  });
});

describe('activeNavKey', () => {
  it('lights up the list entry on its detail pages, and home only on home', () => {
    expect(activeNavKey('/')).toBe('dashboard');
    expect(activeNavKey('/registry/facilities')).toBe('facilities');
    expect(activeNavKey('/registry/facilities/0b4e')).toBe('facilities');
    expect(activeNavKey('/registry/facilitiesX')).toBeUndefined();
    expect(activeNavKey('/nowhere')).toBeUndefined();
  });
});

describe('safeNext', () => {
  it('follows paths of this app only', () => {
    expect(safeNext('/registry/facilities?type=fever_clinic')).toBe('/registry/facilities?type=fever_clinic');
    expect(safeNext(null)).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example/')).toBe('/');
  });
});

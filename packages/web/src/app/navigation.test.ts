import { describe, expect, it } from 'vitest';
import type { Me } from '../api/types.ts';
import { activeNavKey, landingPath, safeNext, visibleNavEntries } from './navigation.ts';

function me(rights: string[]): Me {
  return { id: 'u1', username: 'u', displayName: 'U', locale: 'zh-CN', roles: [], rights, facilityId: null };
}
const ALL_MODULES = ['dashboard', 'registry', 'users', 'audit'].map((id) => ({ id, enabled: true, right: null }));

describe('visibleNavEntries', () => {
  it('shows an administrator every foundation page', () => {
    const admin = me(['dashboard.read', 'registry.read', 'registry.manage', 'users.manage', 'audit.read']);
    expect(visibleNavEntries(admin, ALL_MODULES).map((entry) => entry.key)).toEqual([
      'dashboard',
      'jurisdictions',
      'agencies',
      'facilities',
      'users',
      'audit',
    ]);
  });

  it('hides pages whose right the user lacks', () => {
    const officer = me(['dashboard.read', 'registry.read', 'cases.read']);
    expect(visibleNavEntries(officer, ALL_MODULES).map((entry) => entry.key)).toEqual([
      'dashboard',
      'jurisdictions',
      'agencies',
      'facilities',
    ]);
  });

  it('hides modules the server does not report, or reports disabled', () => {
    const admin = me(['dashboard.read', 'registry.read', 'users.manage', 'audit.read']);
    const modules = [
      { id: 'dashboard', enabled: true, right: null },
      { id: 'audit', enabled: false, right: null },
    ];
    expect(visibleNavEntries(admin, modules).map((entry) => entry.key)).toEqual(['dashboard']);
    expect(visibleNavEntries(admin, undefined)).toEqual([]);
  });
});

describe('navigation per role (issue 12, item 10)', () => {
  const FEATURES = ['dashboard', 'registry', 'cases', 'feeds', 'detection', 'alerts', 'incidents', 'plans', 'tasks', 'meetings'].map(
    (id) => ({ id, enabled: true, right: null }),
  );
  // the rights of the township officer's role (server platform/auth/rights.ts)
  const officer = me([
    'dashboard.read',
    'registry.read',
    'cases.read',
    'feeds.read',
    'feeds.report',
    'signals.read',
    'alerts.read',
    'alerts.comment',
    'events.report',
    'incidents.read',
    'plans.read',
    'tasks.read',
    'tasks.update',
    'contacts.manage',
  ]);

  it("offers the township officer the event report, and not the district's detection settings or back-test", () => {
    const keys = visibleNavEntries(officer, FEATURES).map((entry) => entry.key);
    expect(keys).toEqual(expect.arrayContaining(['alerts', 'report-event', 'signals', 'tasks']));
    expect(keys).not.toContain('detection-settings');
    expect(keys).not.toContain('detection-backtest');
  });

  it('keeps settings and back-test for whoever configures detection', () => {
    const epidemiologist = me(['dashboard.read', 'signals.read', 'detection.configure', 'alerts.read']);
    expect(visibleNavEntries(epidemiologist, FEATURES).map((entry) => entry.key)).toEqual(
      expect.arrayContaining(['signals', 'detection-settings', 'detection-backtest']),
    );
    expect(visibleNavEntries(epidemiologist, FEATURES).map((entry) => entry.key)).not.toContain('report-event');
  });

  it('lights up the event report, not the inbox, on its page', () => {
    expect(activeNavKey('/alerts/report-event')).toBe('report-event');
    expect(activeNavKey('/alerts/0b4e')).toBe('alerts');
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

describe('landingPath', () => {
  const modules = ['dashboard', 'registry', 'users', 'audit', 'volunteers', 'cases'].map((id) => ({ id, enabled: true, right: null }));

  it('lands those who may read the dashboard on it', () => {
    expect(landingPath(me(['dashboard.read', 'registry.read', 'volunteers.self']), modules)).toBe('/');
  });

  it('lands a volunteer (volunteers.self only) on their own page, not the dashboard', () => {
    expect(landingPath(me(['volunteers.self']), modules)).toBe('/volunteers/me');
  });

  it('lands a user without the dashboard right on the first page of the menu they may open', () => {
    expect(landingPath(me(['registry.read']), modules)).toBe('/registry/jurisdictions');
    expect(landingPath(me(['users.manage', 'audit.read']), modules)).toBe('/admin/users');
  });

  it('skips the dashboard when its module is off, and answers null when no page is open to the user', () => {
    const noDashboard = modules.filter((module) => module.id !== 'dashboard');
    expect(landingPath(me(['dashboard.read', 'registry.read']), noDashboard)).toBe('/registry/jurisdictions');
    expect(landingPath(me([]), modules)).toBeNull();
    expect(landingPath(me(['volunteers.self']), undefined)).toBeNull();
  });
});

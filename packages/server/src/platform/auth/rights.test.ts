import { describe, expect, it } from 'vitest';
import { RIGHTS, ROLES, rightsOfRoles } from './rights.ts';

describe('alert rights', () => {
  it('labels alerts.comment in Chinese and English', () => {
    expect(RIGHTS['alerts.comment'].name).toMatch(/\p{Script=Han}/u);
    expect(RIGHTS['alerts.comment'].nameEn).toBe('Comment on alerts (add local knowledge)');
  });

  it('lets every role that verifies alerts comment on them, and the township officer too; not the viewer', () => {
    const verifying = Object.entries(ROLES)
      .filter(([, role]) => (role.rights as readonly string[]).includes('alerts.verify'))
      .map(([id]) => id);
    expect(verifying.sort()).toEqual(['commander', 'epidemiologist']);
    for (const id of verifying) expect(rightsOfRoles([id])).toContain('alerts.comment');
    const commenting = Object.entries(ROLES)
      .filter(([, role]) => (role.rights as readonly string[]).includes('alerts.comment'))
      .map(([id]) => id);
    expect(commenting.sort()).toEqual(['commander', 'epidemiologist', 'township_officer']);
    // the officer comments but does not verify, supervise or attach
    expect(rightsOfRoles(['township_officer']).filter((r) => r.startsWith('alerts.'))).toEqual(['alerts.comment', 'alerts.read']);
    expect(rightsOfRoles(['viewer'])).not.toContain('alerts.comment');
  });
});

import { describe, expect, it } from 'vitest';
import { hashPassword, passwordPolicyIssues, verifyPassword } from './password.ts';

describe('password policy (GB/T 22239 level 3)', () => {
  it('accepts 10+ characters from 3 classes', () => {
    expect(passwordPolicyIssues('Tulip-Harbour-47')).toEqual([]);
    expect(passwordPolicyIssues('kx7!mqzv2pw')).toEqual([]);
    expect(passwordPolicyIssues('密码Xq9vLt27')).toEqual([]);
  });
  it('refuses common and breached passwords and their usual patterns, though they pass the classes', () => {
    for (const weak of ['Password12', 'P@ssw0rd2024', 'Qwerty123!', 'Admin@12345', 'Welcome2026!', 'Iloveyou123!']) {
      expect(passwordPolicyIssues(weak, 'zhang.wei'), weak).toEqual([
        { path: 'password', code: 'password_guessable', message: expect.stringMatching(/too easy to guess/) },
      ]);
    }
  });
  it('refuses short passwords and too few classes, naming the field', () => {
    expect(passwordPolicyIssues('Ab1!', undefined, 'newPassword').map((i) => i.path)).toEqual(['newPassword']);
    expect(passwordPolicyIssues('abcdefghijkl')[0]!.message).toMatch(/at least 3 of/);
    expect(passwordPolicyIssues('abcdefghij12')).toHaveLength(1);
  });
  it('refuses a password containing the username', () => {
    expect(passwordPolicyIssues('Xwang.li-2024', 'Wang.Li').map((i) => i.message)).toEqual(['must not contain the username']);
  });
});

describe('argon2id hashing', () => {
  it('verifies the right password only, and never throws on a malformed hash', async () => {
    const hash = await hashPassword('Correct-Horse-9');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'Correct-Horse-9')).toBe(true);
    expect(await verifyPassword(hash, 'correct-horse-9')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});

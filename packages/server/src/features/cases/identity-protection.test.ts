import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { identityProtector, maskIdNumber } from './identity-protection.ts';

const KEY = 'ab'.repeat(32);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('identityProtector', () => {
  const p = identityProtector({ identityKey: KEY, dataDir: '/nonexistent' });

  it('round-trips a number through encryption, normalised', () => {
    const r = p.protect('resident_id', ' 11010519491231002x');
    expect(r.encrypted).not.toContain('11010519491231002');
    expect(p.reveal(r.encrypted!)).toBe('11010519491231002X');
    expect(r.masked).toBe('110105********002X');
  });

  it('encrypts with a fresh IV each time but hashes deterministically', () => {
    const a = p.protect('resident_id', '11010519491231002X');
    const b = p.protect('resident_id', '11010519491231002x');
    expect(a.encrypted).not.toBe(b.encrypted);
    expect(a.hash).toBe(b.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    const other = identityProtector({ identityKey: 'cd'.repeat(32), dataDir: '/nonexistent' });
    expect(other.protect('resident_id', '11010519491231002X').hash).not.toBe(a.hash);
  });

  it('refuses a value made with another key or tampered with', () => {
    const other = identityProtector({ identityKey: 'cd'.repeat(32), dataDir: '/nonexistent' });
    const enc = other.protect('passport', 'E12345678').encrypted!;
    expect(() => p.reveal(enc)).toThrow();
    const mine = Buffer.from(p.protect('passport', 'E12345678').encrypted!, 'base64');
    mine[mine.length - 1] ^= 1;
    expect(() => p.reveal(mine.toString('base64'))).toThrow();
  });

  it('gives nothing for no document', () => {
    expect(p.protect('none', '123')).toEqual({ encrypted: null, masked: '', hash: null });
    expect(p.protect('passport', '  ')).toEqual({ encrypted: null, masked: '', hash: null });
  });

  it('masks passports to the last 3', () => {
    expect(maskIdNumber('passport', 'E12345678')).toBe('******678');
    expect(maskIdNumber('other', 'ab')).toBe('**');
    expect(maskIdNumber('resident_id', '500199198503071235')).toBe('500199********1235');
  });

  it('creates a key file (mode 0600) when no key is configured, and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idkey-'));
    dirs.push(dir);
    const a = identityProtector({ dataDir: dir });
    const file = join(dir, 'identity.key');
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const enc = a.protect('resident_id', '11010519491231002X').encrypted!;
    // a fresh process reads the same file: same key
    const b = identityProtector({ identityKey: readFileSync(file, 'utf8').trim(), dataDir: '/x' });
    expect(b.reveal(enc)).toBe('11010519491231002X');
  });
});

import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { distDir, isDistStale, webRoot } from '../build-status.mjs';

describe('isDistStale', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  /** A scratch web package: one source file and, when asked, a build, with chosen modification times (s). */
  function scratch(sourceAt: number, builtAt: number | null): string {
    const root = mkdtempSync(join(tmpdir(), 'oc-web-stale-'));
    roots.push(root);
    mkdirSync(join(root, 'src', 'app'), { recursive: true });
    const source = join(root, 'src', 'app', 'page.tsx');
    writeFileSync(source, 'export {};');
    utimesSync(source, sourceAt, sourceAt);
    for (const dir of [join(root, 'src', 'app'), join(root, 'src')]) utimesSync(dir, sourceAt, sourceAt);
    if (builtAt !== null) {
      mkdirSync(join(root, 'dist'));
      writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html>');
      utimesSync(join(root, 'dist', 'index.html'), builtAt, builtAt);
    }
    return root;
  }

  it('is stale without a build', () => {
    expect(isDistStale(scratch(1_000, null))).toBe(true);
  });

  it('is stale when a source file is newer than the build, fresh otherwise', () => {
    expect(isDistStale(scratch(2_000, 1_000))).toBe(true);
    expect(isDistStale(scratch(1_000, 2_000))).toBe(false);
  });

  it('points at this package', () => {
    expect(distDir).toBe(join(webRoot, 'dist'));
    expect(webRoot.endsWith(join('packages', 'web'))).toBe(true);
  });
});

/**
 * Fails on an import that breaks the dependency rule (dependency-rule.ts, docs/architecture.md), listing it.
 *
 * allowed-violations.txt holds the violations that existed when the rule was introduced; it may only shrink:
 * an allowed line that no longer occurs also fails the test, so whoever removes a violation removes its line.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectImports, serverViolations, stronglyConnected, webViolations } from './dependency-rule.ts';

const serverRoot = fileURLToPath(new URL('../..', import.meta.url));
const webRoot = fileURLToPath(new URL('../../../web', import.meta.url));
const allowListFile = fileURLToPath(new URL('./allowed-violations.txt', import.meta.url));

function allowed(): string[] {
  return readFileSync(allowListFile, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

let violations: string[] | undefined;
function currentViolations(): string[] {
  violations ??= [...serverViolations(collectImports(serverRoot)), ...webViolations(collectImports(webRoot))];
  return violations;
}

describe('dependency rule', () => {
  it('finds no violation beyond the allow-list', () => {
    const allowList = new Set(allowed());
    const unexpected = currentViolations().filter((v) => !allowList.has(v));
    expect(unexpected, 'imports that break the rule in docs/architecture.md').toEqual([]);
  });

  it('lists only violations that still occur (the allow-list only shrinks)', () => {
    const current = new Set(currentViolations());
    const gone = allowed().filter((v) => !current.has(v));
    expect(gone, 'fixed: delete these lines from allowed-violations.txt').toEqual([]);
  });

  it('finds import cycles (the check can fail)', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(stronglyConnected(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('reports an upward, a side-door and a platform import', () => {
    const edge = (from: string, to: string) => ({ from, to, typeOnly: false, dynamic: false });
    expect(
      serverViolations([
        edge('src/features/cases/cases.service.ts', 'src/features/tasks/index.ts'),
        edge('src/features/tasks/tasks.service.ts', 'src/features/cases/cases.store.ts'),
        edge('src/platform/db/schema.ts', 'src/features/cases/index.ts'),
        edge('src/features/tasks/tasks.service.ts', 'src/features/registry/index.ts'),
        edge('src/app.ts', 'src/features/tasks/tasks.routes.ts'),
      ]),
    ).toEqual([
      'cycle: cases <-> tasks',
      'entry: src/features/tasks/tasks.service.ts -> src/features/cases/cases.store.ts',
      'layer: src/features/cases/cases.service.ts -> src/features/tasks/index.ts',
      'platform: src/platform/db/schema.ts -> src/features/cases/index.ts',
    ]);
  });
});

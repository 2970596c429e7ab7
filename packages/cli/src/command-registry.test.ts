import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './command-registry.ts';

describe('command registry', () => {
  it('lists exactly the modules of src/commands', () => {
    const files = readdirSync(join(import.meta.dirname, 'commands'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => f.slice(0, -3))
      .sort();
    expect(Object.keys(COMMANDS).sort()).toEqual(files);
  });

  it('loads, for each name, a command with usage text and a run function', async () => {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const { command } = await entry.load();
      expect(command.usage, name).toMatch(/^Usage:/);
      expect(typeof command.run, name).toBe('function');
      expect(entry.summary.length, name).toBeGreaterThan(10);
    }
  }, 120_000);
});

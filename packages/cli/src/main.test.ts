import { describe, expect, it } from 'vitest';
import { main } from './main.ts';

describe('outbreak dispatcher', () => {
  it('refuses an unknown command with the usage exit code', async () => {
    expect(await main(['no-such-command'])).toBe(2);
  });
  it('refuses command names that could escape the commands folder', async () => {
    expect(await main(['../main'])).toBe(2);
  });
});

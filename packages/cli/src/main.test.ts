import { describe, expect, it } from 'vitest';
import { main } from './main.ts';

describe('outbreak dispatcher', () => {
  it('refuses an unknown command with the usage exit code', async () => {
    expect(await main(['no-such-command'])).toBe(2);
  });
  it('refuses command names that could escape the commands folder', async () => {
    expect(await main(['../main'])).toBe(2);
  });
  it('takes no inherited property of the command list for a command', async () => {
    expect(await main(['constructor'])).toBe(2);
    expect(await main(['__proto__'])).toBe(2);
  });
});

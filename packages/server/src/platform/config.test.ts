import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadConfigWith, pgliteDataDir } from './config.ts';

describe('loadConfig', () => {
  it('gives the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8080,
      dataDir: resolve('./data'),
      databaseUrl: undefined,
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
      loginMaxFailures: 5,
      loginLockoutMinutes: 15,
      bodyLimitBytes: 1_048_576,
      trustProxyHops: 0,
      webhookAllowPrivate: false,
      seedDemo: true,
    });
    expect(pgliteDataDir(c)).toBe(resolve('./data/db'));
  });

  it('reads the variables and treats an empty DATABASE_URL as unset', () => {
    const c = loadConfig({ PORT: '9090', DATABASE_URL: '', SEED_DEMO: 'false', TRUST_PROXY: 'yes' });
    expect(c).toMatchObject({ port: 9090, databaseUrl: undefined, seedDemo: false, trustProxyHops: 1 });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d' }).databaseUrl).toBe('postgres://u@h:5432/d');
  });

  it('reads TRUST_PROXY as a count of trusted proxies (true: one)', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxyHops).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxyHops).toBe(0);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxyHops).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY: 'many' })).toThrow(/TRUST_PROXY/);
  });

  it('refuses bad values, naming every variable and the value given', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SEED_DEMO: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toMatch(/PORT: .*"eighty"/);
      expect(message).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
      expect(message).toMatch(/SEED_DEMO/);
    }
  });

  it('lets command-line overrides win over the environment', () => {
    expect(loadConfigWith({ PORT: '7000', HOST: undefined }, { PORT: '8000', HOST: '127.0.0.1' })).toMatchObject({
      port: 7000,
      host: '127.0.0.1',
    });
  });
});

/**
 * In-process HTTP for tests: an app on a test database, and a client that keeps cookies like a browser
 * (session + CSRF) and sends the CSRF header on writes.
 *
 * @example
 * const app = createTestApp(t.database);
 * const admin = await signIn(app, user.username, password);
 * const res = await admin.post('/api/users', { username: 'x', … });
 * expect(res.status).toBe(201);
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.ts';
import { type Config, loadConfig } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';
import type { AppOpenAPI } from '../platform/http/context.ts';
import { createLogger, type Logger } from '../platform/logger.ts';
import { TEST_AUDIT_KEY } from './test-db.ts';

/** A data directory for this test process (key files and the like land here, never in the working tree). */
let testDataDir: string | undefined;

/** A configuration for tests: defaults, plus overrides; DATA_DIR is a temporary folder of this process. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  testDataDir ??= mkdtempSync(join(tmpdir(), 'oc-test-data-'));
  // the audit key the test databases' records are written with (test-db.ts); webhooks in tests deliver to
  // servers on 127.0.0.1 (the SSRF guard's own test turns the permission off)
  return {
    ...loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: testDataDir, WEBHOOK_ALLOW_PRIVATE: 'true' }),
    auditKey: TEST_AUDIT_KEY.toString('hex'),
    ...overrides,
  };
}

/** A logger that keeps its lines (assert on them) instead of printing. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    createLogger('debug', (l) => lines.push(l)),
    { lines },
  );
}

/** The application on `database`, with test configuration (overridable). */
export function createTestApp(database: Database, overrides: Partial<Config> = {}, log: Logger = memoryLogger()): AppOpenAPI {
  return createApp({ database, config: testConfig(overrides), log });
}

/** What a test request returns: status, headers and the parsed JSON body (undefined when empty). */
export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A browser-like client: a cookie jar, the CSRF header on writes, JSON in and out. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly app: AppOpenAPI) {}

  /** Sends a request; `json` is serialised with the JSON content type. */
  async request(
    path: string,
    init: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
  ): Promise<TestResponse> {
    const method = init.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD' && !this.cookies.has('oc_csrf')) await this.request('/api/health');
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && method !== 'HEAD' && headers['x-csrf-token'] === undefined) {
      headers['x-csrf-token'] = this.cookies.get('oc_csrf') ?? '';
    }
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    const res = await this.app.request(path, { method, headers, body });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /max-age=0/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  get(path: string) {
    return this.request(path);
  }
  post(path: string, json?: unknown) {
    return this.request(path, { method: 'POST', json });
  }
  put(path: string, json?: unknown) {
    return this.request(path, { method: 'PUT', json });
  }
  patch(path: string, json?: unknown) {
    return this.request(path, { method: 'PATCH', json });
  }
  delete(path: string) {
    return this.request(path, { method: 'DELETE' });
  }
}

/** Signs in through POST /api/auth/login and returns the client holding the session. Throws if refused. */
export async function signIn(app: AppOpenAPI, username: string, password: string): Promise<TestClient> {
  const client = new TestClient(app);
  const res = await client.post('/api/auth/login', { username, password });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}

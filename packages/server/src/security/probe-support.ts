/**
 * Shared ground of the security probes (issue 11, "Done when"): a seeded demo district, a signed-in client
 * per demo user, and the list of operations read from the app's own OpenAPI document, so that an operation
 * added later is probed without anyone remembering to list it.
 *
 * `SECURITY_PROBE_DEPTH=full` (set by `npm run audit:security`) seeds the features' working data too (cases,
 * alerts, incidents, tasks …) and makes the fuzzing run longer; `npm test` probes the registry-seeded district
 * with bounded runs.
 */
import { ROLES, type Right, type RoleId } from '../platform/auth/rights.ts';
import type { Database } from '../platform/db/database.ts';
import type { AppOpenAPI } from '../platform/http/context.ts';
import { DEMO_PASSWORD, seedDemoDistrict } from '../features/demo/demo.seeder.ts';
import { createTestApp } from '../test-support/http.ts';

/** Whether the probes run at full depth (`npm run audit:security`). */
export const FULL_DEPTH = process.env.SECURITY_PROBE_DEPTH === 'full';

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path with {params} */
  path: string;
  tag: string;
  /** the JSON request body's schema, when the operation takes one */
  bodySchema?: JsonSchema;
  /** the body is a file upload (multipart) */
  upload: boolean;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  $ref?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/**
 * Operations that would end the prober's own session or change its credentials: probed by the auth tests
 * instead (auth.test.ts), never walked here.
 */
export const SELF_ENDING = new Set(['post /api/auth/logout', 'post /api/auth/login', 'post /api/auth/password', 'put /api/auth/locale']);

/** Every operation of the app's OpenAPI document. */
export async function listOperations(
  app: AppOpenAPI,
): Promise<{ operations: Operation[]; resolve: (s: JsonSchema | undefined) => JsonSchema | undefined }> {
  const doc = (await (await app.request('/api/openapi.json')).json()) as {
    paths: Record<string, Record<string, { tags?: string[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  const resolve = (schema: JsonSchema | undefined): JsonSchema | undefined => {
    if (schema?.$ref) return resolve(doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')]);
    return schema;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      operations.push({
        method: method as Operation['method'],
        path,
        tag: op.tags?.[0] ?? '',
        bodySchema: resolve(content['application/json']?.schema),
        upload: Boolean(content['multipart/form-data']),
      });
    }
  }
  return { operations, resolve };
}

/** A signed-in caller: sends requests with its cookies and the CSRF header; never reads a stream to its end. */
export class ProbeClient {
  private cookies = new Map<string, string>();
  constructor(readonly app: AppOpenAPI) {}

  async send(
    method: string,
    path: string,
    body?: { json?: unknown; raw?: BodyInit; contentType?: string },
  ): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') headers['x-csrf-token'] = this.cookies.get('oc_csrf') ?? '';
    let payload: BodyInit | undefined;
    if (body?.json !== undefined) {
      payload = JSON.stringify(body.json);
      headers['content-type'] = 'application/json';
    } else if (body?.raw !== undefined) {
      payload = body.raw;
      headers['content-type'] = body.contentType ?? 'application/json';
    }
    const res = await this.app.request(path, { method, headers, body: payload });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(cookie)) this.cookies.delete(pair!.slice(0, eq).trim());
      else this.cookies.set(pair!.slice(0, eq).trim(), value);
    }
    // Only JSON is read (event streams never end; files are not needed): the rest is cancelled.
    if ((res.headers.get('content-type') ?? '').includes('application/json')) return { status: res.status, body: await res.json() };
    await res.body?.cancel();
    return { status: res.status, body: undefined };
  }

  async signIn(username: string, password: string): Promise<this> {
    await this.send('GET', '/api/health');
    const res = await this.send('POST', '/api/auth/login', { json: { username, password } });
    if (res.status !== 200) throw new Error(`probe sign-in of ${username} answered ${res.status}`);
    return this;
  }
}

export interface ProbeUser {
  username: string;
  role: RoleId;
  rights: Set<Right>;
  client: ProbeClient;
}

/** Seeds the demo district into `database` and signs in every demo user. */
export async function probeWorld(database: Database): Promise<{ app: AppOpenAPI; users: ProbeUser[]; anonymous: ProbeClient }> {
  const seeded = await seedDemoDistrict(database, { features: FULL_DEPTH, rosterDays: 7 });
  // a generous sign-in limit: the probes sign every demo user in from one address
  const app = createTestApp(database, { loginRateLimit: 1000, loginMaxFailures: 100 });
  const users: ProbeUser[] = [];
  for (const u of seeded.users) {
    users.push({
      username: u.username,
      role: u.role,
      rights: new Set(ROLES[u.role].rights as readonly Right[]),
      client: await new ProbeClient(app).signIn(u.username, DEMO_PASSWORD),
    });
  }
  const anonymous = new ProbeClient(app);
  await anonymous.send('GET', '/api/health');
  return { app, users, anonymous };
}

/** A concrete path: every {param} replaced (by `fill`, default a random-looking but fixed uuid). */
export function concretePath(path: string, fill: (name: string) => string = () => '6f1c2a4e-9d3b-4c5e-8f7a-1b2c3d4e5f60'): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(fill(name)));
}

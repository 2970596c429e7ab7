import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, readCookie, withQuery } from './client.ts';

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that records calls and answers from a queue of responses. */
function fakeFetch(responses: Array<() => Response>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const next = responses.shift();
    if (!next) throw new Error(`unexpected request ${String(url)}`);
    return next();
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const noContent = () => new Response(null, { status: 204 });
const headerOf = (call: Call, name: string) => (call.init.headers as Record<string, string>)[name];

describe('readCookie and withQuery', () => {
  it('reads one cookie among several, decoding it', () => {
    expect(readCookie('a=1; oc_csrf=tok%3Den; b=2', 'oc_csrf')).toBe('tok=en');
    expect(readCookie('a=1', 'oc_csrf')).toBeNull();
    expect(readCookie('', 'oc_csrf')).toBeNull();
  });

  it('leaves empty filters out of the query string', () => {
    expect(withQuery('/api/facilities', { type: 'fever_clinic', q: '', jurisdictionId: undefined, page: 2 })).toBe(
      '/api/facilities?type=fever_clinic&page=2',
    );
    expect(withQuery('/api/agencies', { q: '' })).toBe('/api/agencies');
    expect(withQuery('/api/agencies', { q: '疾控 中心' })).toBe('/api/agencies?q=%E7%96%BE%E6%8E%A7+%E4%B8%AD%E5%BF%83');
  });
});

describe('createApiClient', () => {
  it('sends the oc_csrf cookie as x-csrf-token on unsafe requests and not on GET', async () => {
    const { fetch, calls } = fakeFetch([json(200, { ok: 1 }), json(201, { id: 'a1' }), json(200, {}), json(200, {}), noContent]);
    const api = createApiClient({ fetch, readCookies: () => 'oc_csrf=abc123' });
    await api.get('/api/agencies');
    await api.post('/api/agencies', { name: '疾控中心' });
    await api.patch('/api/agencies/a1', { phone: '1' });
    await api.put('/api/agencies/a1/roster', { entries: [] });
    await api.delete('/api/agencies/a1');
    expect(headerOf(calls[0], 'x-csrf-token')).toBeUndefined();
    expect(calls.slice(1).map((call) => [call.init.method, headerOf(call, 'x-csrf-token')])).toEqual([
      ['POST', 'abc123'],
      ['PATCH', 'abc123'],
      ['PUT', 'abc123'],
      ['DELETE', 'abc123'],
    ]);
    expect(calls[1].init.body).toBe(JSON.stringify({ name: '疾控中心' }));
    expect(headerOf(calls[1], 'content-type')).toBe('application/json');
    expect(calls[1].init.credentials).toBe('same-origin');
  });

  it('primes the CSRF cookie with a GET when a first unsafe request finds none', async () => {
    let cookies = '';
    const { fetch, calls } = fakeFetch([
      () => {
        cookies = 'oc_csrf=fresh';
        return new Response('{"status":"ok"}', { status: 200 });
      },
      json(200, { user: { id: 'u1' } }),
    ]);
    const api = createApiClient({ fetch, readCookies: () => cookies });
    await api.post('/api/auth/login', { username: 'admin', password: 'x' });
    expect(calls.map((call) => call.url)).toEqual(['/api/health', '/api/auth/login']);
    expect(headerOf(calls[1], 'x-csrf-token')).toBe('fresh');
  });

  it('turns the error shape into an ApiError with id, status and details', async () => {
    const details = [{ path: 'phone', message: 'Invalid phone' }];
    const { fetch } = fakeFetch([json(400, { error: { id: 'validation_failed', message: 'The request is not valid', details } })]);
    const api = createApiClient({ fetch, readCookies: () => 'oc_csrf=t' });
    const error = await api.post('/api/agencies', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, id: 'validation_failed', message: 'The request is not valid', details });
  });

  it('keeps the reason of a conflict', async () => {
    const { fetch } = fakeFetch([
      json(409, { error: { id: 'conflict', reason: 'four_eyes', message: 'Four-eyes rule', details: { roles: ['submitter'] } } }),
    ]);
    const api = createApiClient({ fetch, readCookies: () => 'oc_csrf=t' });
    const error = await api.post('/api/plans/p/versions/v/approve', {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 409, id: 'conflict', reason: 'four_eyes', details: { roles: ['submitter'] } });
  });

  it('gives a non-JSON failure an id the UI can translate', async () => {
    const { fetch } = fakeFetch([
      () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
      () => new Response('nope', { status: 418 }),
    ]);
    const api = createApiClient({ fetch, readCookies: () => '' });
    await expect(api.get('/api/x')).rejects.toMatchObject({ id: 'internal', status: 502 });
    await expect(api.get('/api/y')).rejects.toMatchObject({ id: 'http_error', status: 418 });
  });

  it('reports a network failure as network_error', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const api = createApiClient({ fetch, readCookies: () => '' });
    await expect(api.get('/api/health')).rejects.toMatchObject({ id: 'network_error', status: 0 });
  });

  it('calls onUnauthenticated on a 401, except for a failed sign-in', async () => {
    const onUnauthenticated = vi.fn();
    const unauthenticated = json(401, { error: { id: 'unauthenticated', message: 'Sign-in required' } });
    const { fetch } = fakeFetch([unauthenticated, unauthenticated]);
    const api = createApiClient({ fetch, readCookies: () => 'oc_csrf=t', onUnauthenticated });
    await expect(api.post('/api/auth/login', { username: 'a', password: 'b' })).rejects.toMatchObject({ id: 'unauthenticated' });
    expect(onUnauthenticated).not.toHaveBeenCalled();
    await expect(api.get('/api/agencies')).rejects.toMatchObject({ id: 'unauthenticated' });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('answers undefined for 204 and the parsed body otherwise', async () => {
    const { fetch } = fakeFetch([noContent, json(200, { items: [1, 2], total: 2 })]);
    const api = createApiClient({ fetch, readCookies: () => 'oc_csrf=t' });
    await expect(api.post('/api/auth/logout')).resolves.toBeUndefined();
    await expect(api.get('/api/agencies')).resolves.toEqual({ items: [1, 2], total: 2 });
  });

  it('prefixes every path with baseUrl', async () => {
    const { fetch, calls } = fakeFetch([json(200, {})]);
    const api = createApiClient({ fetch, readCookies: () => '', baseUrl: 'http://127.0.0.1:9999' });
    await api.get('/api/modules', { x: 1 });
    expect(calls[0].url).toBe('http://127.0.0.1:9999/api/modules?x=1');
  });
});

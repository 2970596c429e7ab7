import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { ApiClient } from './client.ts';
import type { Schemas } from './contract.ts';
import { fillPath, typedClient } from './typed-client.ts';

function recordingClient() {
  const calls: Array<[string, string, unknown]> = [];
  const answer = (method: string) =>
    vi.fn(async (path: string, extra?: unknown) => {
      calls.push([method, path, extra]);
      return { ok: true };
    });
  const client = {
    get: answer('GET'),
    post: answer('POST'),
    put: answer('PUT'),
    patch: answer('PATCH'),
    delete: answer('DELETE'),
  } as unknown as ApiClient;
  return { client, calls };
}

describe('typedClient', () => {
  it('fills and encodes path parameters, and passes query and body to the one client', async () => {
    const { client, calls } = recordingClient();
    const typed = typedClient(client);
    await typed.get('/api/plans/{id}', { path: { id: 'a b/c' } });
    await typed.get('/api/meetings', { query: { page: 2, incidentId: undefined } });
    await typed.post('/api/plans/{id}/versions/{versionId}/approve', { path: { id: 'p', versionId: 'v' }, body: { comment: 'ok' } });
    expect(calls).toEqual([
      ['GET', '/api/plans/a%20b%2Fc', undefined],
      ['GET', '/api/meetings', { page: 2, incidentId: undefined }],
      ['POST', '/api/plans/p/versions/v/approve', { comment: 'ok' }],
    ]);
  });

  it('types the answer by the route', () => {
    const typed = typedClient(recordingClient().client);
    expectTypeOf(typed.get<'/api/plans/{id}'>).returns.resolves.toEqualTypeOf<Schemas['PlanDetail']>();
  });

  it('refuses a path template left unfilled', () => {
    expect(() => fillPath('/api/plans/{id}', {})).toThrow(/\{id\}/);
  });
});

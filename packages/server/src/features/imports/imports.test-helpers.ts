/**
 * Test helpers of imports, shared with the feeds tests: a multipart upload through a signed-in TestClient.
 */
import type { TestClient } from '../../test-support/index.ts';

/** Sends a multipart upload with the client's session and CSRF header. */
export async function upload(client: TestClient, filename: string, content: Uint8Array | string, kind = 'cases') {
  if (!client.cookies.has('oc_csrf')) await client.get('/api/health');
  const form = new FormData();
  form.set('kind', kind);
  form.set(
    'file',
    new File([typeof content === 'string' ? new TextEncoder().encode(content) : (content as Uint8Array<ArrayBuffer>)], filename),
  );
  const res = await client.app.request('/api/imports', {
    method: 'POST',
    body: form,
    headers: {
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': client.cookies.get('oc_csrf') ?? '',
    },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

import { describe, expect, it } from 'vitest';
import { committedSchemaTypes, generateSchemaTypes } from './schema-generate.ts';

describe('generated API types (schema.d.ts)', () => {
  it('are what the server describes today: run `npm run api:types` after changing a route schema', async () => {
    const fresh = await generateSchemaTypes();
    // a paths entry and the conflict reasons prove the generation ran on the real document, not an empty one
    expect(fresh).toContain('"/api/plans/{id}/versions/{versionId}/approve"');
    expect(fresh).toContain('"four_eyes"');
    // compared as text: any difference, however small, means the web is typed against another contract
    expect(committedSchemaTypes() === fresh, 'packages/web/src/api/schema.d.ts is stale: run `npm run api:types`').toBe(true);
  });
});

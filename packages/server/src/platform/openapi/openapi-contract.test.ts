/**
 * Guards that hold for every route, present and future, read off the generated OpenAPI document: a JSON body
 * is required (a missing or non-JSON body is refused, never skipped) and refuses unknown fields.
 */
import { describe, expect, it } from 'vitest';
import { CONFLICT_REASONS } from '../errors.ts';
import { createTestApp } from '../../test-support/http.ts';
import { withTestDb } from '../../test-support/test-db.ts';

type Schema = {
  $ref?: string;
  type?: string;
  additionalProperties?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
};

describe('OpenAPI document', () => {
  const t = withTestDb('pglite');

  it('declares every JSON request body required and closed to unknown fields', async () => {
    const res = await createTestApp(t.database).request('/api/openapi.json');
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, { requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> } }>>;
      components?: { schemas?: Record<string, Schema> };
    };
    const resolve = (s: Schema): Schema => (s.$ref ? doc.components!.schemas![s.$ref.split('/').at(-1)!]! : s);
    const open: string[] = [];
    const notRequired: string[] = [];
    const visit = (schema: Schema, where: string) => {
      const s = resolve(schema);
      if (s.type === 'object' && s.properties) {
        if (s.additionalProperties !== false) open.push(where);
        for (const [name, child] of Object.entries(s.properties)) visit(child, `${where}.${name}`);
      }
      if (s.items) visit(s.items, `${where}[]`);
      for (const option of s.anyOf ?? []) visit(option, where);
    };
    let bodies = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const body = operation.requestBody;
        if (!body) continue;
        bodies += 1;
        if (body.required !== true) notRequired.push(`${method.toUpperCase()} ${path}`);
        const json = body.content['application/json'];
        if (json) visit(json.schema, `${method.toUpperCase()} ${path}`);
      }
    }
    expect(bodies).toBeGreaterThan(5);
    expect(notRequired).toEqual([]);
    expect(open).toEqual([]);
  });

  it('lists every conflict reason in the error schema, so clients can translate them', async () => {
    const res = await createTestApp(t.database).request('/api/openapi.json');
    const doc = (await res.json()) as { components: { schemas: Record<string, any> } };
    const reason = doc.components.schemas.Error.properties.error.properties.reason;
    expect(reason.enum).toContain('four_eyes');
    expect(reason.enum).toContain('already_exists');
    expect([...reason.enum].sort()).toEqual(Object.values(CONFLICT_REASONS).flat().sort());
    // every reason is named by exactly one feature
    expect(new Set(reason.enum).size).toBe(reason.enum.length);
  });
});

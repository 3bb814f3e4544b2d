/** The generated OpenAPI document is valid 3.1 and derives from routes.ts and the zod schemas. */
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../functions/contract/openApiDocument.js';
import { routes } from '../../../functions/contract/routes.js';

describe('openApiDocument', () => {
  const doc = openApiDocument('https://clinic.example') as any;

  it('validates against the OpenAPI 3.1 schema', async () => {
    expect(await new Validator().validate(doc)).toEqual({ valid: true });
  });

  it('has one operation per route (local developer tools aside) and nothing else', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`));
    const expected = routes.filter((r) => !r.localOnly || r.handler === 'adminLogin').map((r) => `${r.method} ${r.path}`);
    expect(documented.sort()).toEqual(expected.sort());
  });

  it('marks staff operations with their role and public ones with no security', () => {
    expect(doc.paths['/api/admin/sequences/{id}/pause'].post['x-carecast-role']).toBe('admin');
    expect(doc.paths['/api/admin/sequences'].get['x-carecast-role']).toBe('staff');
    expect(doc.paths['/api/subscribe'].post.security).toEqual([]);
  });

  it('describes bodies with the schemas the handlers parse with', () => {
    const broadcast = doc.components.schemas.BroadcastRequest;
    expect(broadcast.required).toEqual(expect.arrayContaining(['name', 'template', 'channel', 'date', 'time']));
    expect(broadcast.additionalProperties).toBe(false);
    expect(doc.components.schemas.Sequence.properties.smsQuietHours.required).toEqual(['start', 'end']);
  });
});

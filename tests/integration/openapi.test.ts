import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/test-app.js';

interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
}

async function openApiDocument() {
  const { app } = await buildTestApp();
  const response = await app.inject({ url: '/docs/json' });
  expect(response.statusCode).toBe(200);
  return { app, doc: response.json<OpenApiDocument>() };
}

describe('the OpenAPI document at /docs', () => {
  it('describes the public routes', async () => {
    const { doc } = await openApiDocument();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/inventory', '/api/restaurant']));
  });

  it.each(['/api/inventory', '/api/restaurant'])('matches what %s really answers', async (path) => {
    const { app, doc } = await openApiDocument();
    const schema = doc.paths[path]?.get?.responses['200']?.content?.['application/json']?.schema;
    expect(schema).toBeDefined();
    const ajv = new Ajv2020.default({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema ?? {});
    const body: unknown = (await app.inject({ url: path })).json();
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  });

  it('serves the interactive documentation page', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({ url: '/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
  });
});

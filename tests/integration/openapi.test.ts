import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ApiClient, type ApiAnswer } from '../support/api-client.js';
import { aPhone, aUsername, codeFor, STRONG_PASSWORD } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';
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

describe('the customer routes in the OpenAPI document', () => {
  it('describes each of them, with what a script needs to sign in', async () => {
    const { doc } = await openApiDocument();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/website/register',
        '/api/website/authenticate',
        '/api/website/authenticate/verify',
        '/api/website/authenticate/resend',
        '/api/website/logout',
        '/api/website/session',
        '/api/website/order',
        '/api/website/orders',
        '/api/website/orders/{id}',
        '/api/website/orders/events',
      ]),
    );
    const text = JSON.stringify(doc);
    expect(text).toContain('X-CSRF-Token');
    expect(text).toContain('Idempotency-Key');
  });

  it('matches what they really answer along the journey, refusals included', async () => {
    const { baseUrl, sandbox } = await startSandboxApp();
    const { doc } = await openApiDocument();
    const ajv = new Ajv2020.default({ strict: false });
    addFormats.default(ajv);
    const check = (method: 'get' | 'post', path: string, answer: ApiAnswer) => {
      const content = doc.paths[path]?.[method]?.responses[String(answer.status)]?.content;
      const schema = content?.['application/json']?.schema ?? content?.['application/problem+json']?.schema;
      expect(schema, `${method} ${path} ${answer.status} is documented`).toBeDefined();
      const validate = ajv.compile(schema ?? {});
      expect(validate(answer.body), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };
    const client = new ApiClient(baseUrl);
    const phone = aPhone();
    check(
      'post',
      '/api/website/register',
      await client.post('/api/website/register', { username: aUsername(), password: STRONG_PASSWORD, phone }),
    );
    check(
      'post',
      '/api/website/authenticate/verify',
      await client.post('/api/website/authenticate/verify', { tfaPin: 'x' }),
    );
    check(
      'post',
      '/api/website/authenticate/verify',
      await client.post('/api/website/authenticate/verify', { tfaPin: codeFor(sandbox.simulator, phone) }),
    );
    check('get', '/api/website/session', await client.get('/api/website/session'));
    const placed = await client.order([{ id: '5eed00000000000000000001', quantity: 1 }]);
    check('post', '/api/website/order', placed);
    check(
      'post',
      '/api/website/order',
      await client.order([{ id: 'ffffffffffffffffffffffff', quantity: 1 }]),
    );
    check('get', '/api/website/orders', await client.get('/api/website/orders'));
    check(
      'get',
      '/api/website/orders/{id}',
      await client.get(`/api/website/orders/${String(placed.body.id)}`),
    );
    check(
      'post',
      '/api/website/authenticate',
      await new ApiClient(baseUrl).post('/api/website/authenticate', {
        username: 'nobody',
        password: 'nothing at all',
      }),
    );
  });
});

// The OpenAPI document (generated from the route schemas) at /docs/json and its UI at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { CONTENT_SECURITY_POLICY } from './security.js';

export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Von Appétit API',
        version: '0.1.0',
        description:
          'Restaurant online ordering and kitchen point of sale. Errors are application/problem+json with a stable `code`.',
      },
      tags: [{ name: 'menu', description: 'What the restaurant serves' }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { validatorUrl: null },
    staticCSP: true,
    transformStaticCSP: () => CONTENT_SECURITY_POLICY,
  });
}

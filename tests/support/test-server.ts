// The whole app on a real loopback port, serving the built web app, for browser tests.
import { resolve } from 'node:path';
import { buildTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export const WEB_BUILD = resolve(import.meta.dirname, '../../dist/web');

export async function startTestServer(options: TestAppOptions = {}): Promise<TestApp & { baseUrl: string }> {
  const built = await buildTestApp({ ...options, env: { WEB_ROOT: WEB_BUILD, ...options.env } });
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const address = built.app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('server has no address');
  return { ...built, baseUrl: `http://127.0.0.1:${address.port}` };
}

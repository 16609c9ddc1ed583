// Video session creation through the official SDK: form body, JWT, Video's own error shape.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applicationClaims, basic, forgedJwt, send } from './support/raw-http.js';
import { startSandbox, type Sandbox } from './support/sandbox.js';
import { aString } from './support/matchers.js';

function bearer(sandbox: Sandbox): string {
  const claims = applicationClaims(sandbox.credentials.applicationId);
  return `Bearer ${forgedJwt({ alg: 'RS256', claims, key: sandbox.credentials.privateKey })}`;
}

function createSession(sandbox: Sandbox, form: Record<string, string>) {
  return send(`${sandbox.url}/session/create`, {
    headers: {
      authorization: bearer(sandbox),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams(form).toString(),
  });
}

const anotherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;

describe('Video', () => {
  it('creates a routed session for the SDK (which sends location=null)', async () => {
    const sandbox = await startSandbox();
    const session = await sandbox.sdk().video.createSession();
    expect(session.sessionId).toMatch(/^1_[A-Za-z0-9_-]+$/);
    const other = await sandbox.sdk().video.createSession({ location: '10.1.200.30' });
    expect(other.sessionId).not.toBe(session.sessionId);
  });

  it('answers a JSON array of one session for this application', async () => {
    const sandbox = await startSandbox();
    const answer = await createSession(sandbox, {
      archiveMode: 'manual',
      'p2p.preference': 'disabled',
      location: 'null',
    });
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual([
      {
        session_id: aString(),
        application_id: sandbox.credentials.applicationId,
        create_dt: 'Sat Nov 28 12:00:00 UTC 2026',
        media_server_url: '',
      },
    ]);
  });

  it('refuses a token signed with another key with 403 {code, message}, not problem+json', async () => {
    const sandbox = await startSandbox();
    const answer = await send(`${sandbox.url}/session/create`, {
      headers: {
        authorization: `Bearer ${forgedJwt({ alg: 'RS256', claims: applicationClaims(sandbox.credentials.applicationId), key: anotherKey })}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'location=null',
    });
    expect(answer.status).toBe(403);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.json()).toMatchObject({ code: -1, message: 'Invalid signature' });
  });

  it('does not take Basic credentials (the Video API is JWT only)', async () => {
    const sandbox = await startSandbox();
    const answer = await send(`${sandbox.url}/session/create`, {
      headers: {
        authorization: basic(sandbox.credentials.apiKey, sandbox.credentials.apiSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'location=null',
    });
    expect(answer.status).toBe(403);
  });

  it('refuses archiveMode always on a relayed (p2p) session with 400', async () => {
    const sandbox = await startSandbox();
    const answer = await createSession(sandbox, { archiveMode: 'always', 'p2p.preference': 'enabled' });
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({ code: 400, message: aString() });
  });
});

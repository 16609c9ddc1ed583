// Signs a webhook body the way Vonage does: an HS256 JWT whose payload_hash is the body's SHA-256.
import { createHash, createHmac, randomUUID } from 'node:crypto';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signLikeVonage(options: {
  body: string;
  secret: string;
  issuedAt: Date;
  header?: object;
}): string {
  const header = b64(options.header ?? { alg: 'HS256', typ: 'JWT' });
  const claims = b64({
    iat: Math.floor(options.issuedAt.getTime() / 1000),
    jti: randomUUID(),
    iss: 'Vonage',
    payload_hash: createHash('sha256').update(options.body).digest('hex'),
  });
  const signature = createHmac('sha256', options.secret).update(`${header}.${claims}`).digest('base64url');
  return `${header}.${claims}.${signature}`;
}

// The Vonage half of the configuration (read by config.ts, which alone sees process.env):
// real credentials select the real Vonage; none select the sandbox simulator.
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const PRIVATE_KEY_RULE =
  'must be a PEM private key (RSA, 2048 bits or more, as Vonage makes them), the path of a file holding one, or its base64';

/** The article's setup allows PEM text (with `\n` escapes in .env files), a file path, or base64. */
function readPrivateKey(value: string): string | undefined {
  const pem = (text: string) => {
    try {
      // Application tokens are RS256: any other key would sign tokens Vonage refuses.
      const key = createPrivateKey(text);
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      return key.asymmetricKeyType === 'rsa' && bits >= 2048 ? text : undefined;
    } catch {
      // Not a key: the caller reports the variable with one line.
      return undefined;
    }
  };
  if (value.includes('-----BEGIN')) return pem(value.replace(/\\n/g, '\n'));
  if (existsSync(value)) return pem(readFileSync(value, 'utf8'));
  return pem(Buffer.from(value, 'base64').toString('utf8'));
}

export const VonageEnv = {
  VONAGE_API_KEY: optional(
    z.string().regex(/^[A-Za-z0-9]{4,32}$/, 'must be the API key from the Vonage dashboard'),
  ),
  VONAGE_API_SECRET: optional(z.string().min(6, 'must be the API secret from the Vonage dashboard').max(128)),
  VONAGE_APPLICATION_ID: optional(z.uuid('must be the UUID of a Vonage application')),
  VONAGE_PRIVATE_KEY: optional(
    z.string().transform((value, ctx) => {
      const key = readPrivateKey(value);
      if (key === undefined) ctx.addIssue({ code: 'custom', message: PRIVATE_KEY_RULE });
      return key ?? '';
    }),
  ),
  VONAGE_FROM: optional(
    z
      .string()
      .regex(
        /^(\d{1,15}|[A-Za-z0-9][A-Za-z0-9 ]{0,10})$/,
        'must be a number (≤ 15 digits) or a sender name (≤ 11 letters/digits)',
      ),
  ),
  VONAGE_SIGNATURE_SECRET: optional(
    z.string().min(16, 'must be the signature secret from the Vonage dashboard'),
  ),
  VONAGE_SIMULATOR_URL: optional(
    z
      .url({ protocol: /^https?$/, error: 'must be the http(s) address of a running Vonage simulator' })
      .transform((url) => new URL(url))
      .refine((url) => url.pathname === '/' && !url.search && !url.hash, 'must be an origin, without a path')
      .transform((url) => url.origin),
  ),
  VONAGE_TIMEOUT_MS: optional(
    z
      .string()
      .regex(/^\d{3,5}$/, 'must be a number of milliseconds from 500 to 30000')
      .transform(Number)
      .refine((ms) => ms >= 500 && ms <= 30_000, 'must be a number of milliseconds from 500 to 30000'),
  ),
};

type VonageValues = { [K in keyof typeof VonageEnv]?: z.output<(typeof VonageEnv)[K]> };

export type CommsConfig = {
  /** Sender of text messages. */
  from: string;
  /** Every call to Vonage gives up after this long. */
  timeoutMs: number;
} & (
  | {
      mode: 'sandbox';
      /** A simulator running on its own (`npm run vonage-sim`); absent: the app starts one inside. */
      simulatorUrl?: string;
    }
  | {
      mode: 'vonage';
      credentials: { apiKey?: string; apiSecret?: string; applicationId?: string; privateKey?: string };
      /** Verifies Vonage's signed webhooks; required in production. */
      signatureSecret?: string;
    }
);

/** Pairs that only make sense together, and what production insists on; one line each. */
function problemsOf(v: VonageValues, production: boolean): string[] {
  const problems: string[] = [];
  const pair = (a: keyof VonageValues, b: keyof VonageValues) => {
    if (v[a] !== undefined && v[b] === undefined)
      problems.push(`${b}: is required with ${a} (it is not set)`);
  };
  pair('VONAGE_API_KEY', 'VONAGE_API_SECRET');
  pair('VONAGE_API_SECRET', 'VONAGE_API_KEY');
  pair('VONAGE_APPLICATION_ID', 'VONAGE_PRIVATE_KEY');
  pair('VONAGE_PRIVATE_KEY', 'VONAGE_APPLICATION_ID');
  const anyCredential = v.VONAGE_API_KEY !== undefined || v.VONAGE_APPLICATION_ID !== undefined;
  if (anyCredential && v.VONAGE_SIMULATOR_URL !== undefined) {
    problems.push(
      'VONAGE_SIMULATOR_URL: is for the sandbox, and Vonage credentials are set (unset one or the other)',
    );
  }
  if (production && !anyCredential) {
    problems.push(
      'VONAGE_APPLICATION_ID: NODE_ENV=production needs real Vonage credentials (VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY, or VONAGE_API_KEY and VONAGE_API_SECRET); the sandbox is for development (it is not set)',
    );
  }
  if (production && anyCredential && v.VONAGE_SIGNATURE_SECRET === undefined) {
    problems.push(
      'VONAGE_SIGNATURE_SECRET: is required in production to verify Vonage webhooks (it is not set)',
    );
  }
  return problems;
}

export function vonageConfig(v: VonageValues, production: boolean): CommsConfig | { problems: string[] } {
  const problems = problemsOf(v, production);
  if (problems.length > 0) return { problems };
  const common = { from: v.VONAGE_FROM ?? 'VonAppetit', timeoutMs: v.VONAGE_TIMEOUT_MS ?? 5000 };
  if (v.VONAGE_API_KEY === undefined && v.VONAGE_APPLICATION_ID === undefined) {
    return {
      ...common,
      mode: 'sandbox',
      ...(v.VONAGE_SIMULATOR_URL === undefined ? {} : { simulatorUrl: v.VONAGE_SIMULATOR_URL }),
    };
  }
  return {
    ...common,
    mode: 'vonage',
    credentials: {
      ...(v.VONAGE_API_KEY === undefined ? {} : { apiKey: v.VONAGE_API_KEY }),
      ...(v.VONAGE_API_SECRET === undefined ? {} : { apiSecret: v.VONAGE_API_SECRET }),
      ...(v.VONAGE_APPLICATION_ID === undefined ? {} : { applicationId: v.VONAGE_APPLICATION_ID }),
      ...(v.VONAGE_PRIVATE_KEY === undefined ? {} : { privateKey: v.VONAGE_PRIVATE_KEY }),
    },
    ...(v.VONAGE_SIGNATURE_SECRET === undefined ? {} : { signatureSecret: v.VONAGE_SIGNATURE_SECRET }),
  };
}

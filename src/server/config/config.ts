// The only reader of process.env: validates every variable once into a typed Config.
import { createRequire } from 'node:module';
import type { ConnectionString } from 'mongodb-connection-string-url';
import { z } from 'zod';
import { LIVE_EVENTS_POLICY } from '../domain/limits.js';
import { textsConfig, TextsEnv, type TextCeilings } from './texts.js';
import { vonageConfig, VonageEnv, type CommsConfig } from './vonage.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An unset variable and an empty one (`PORT=` in a .env file) both mean "use the default". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

function isCurrency(code: string): boolean {
  return Intl.supportedValuesOf('currency').includes(code);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    // RangeError is Intl's way of saying "unknown time zone": that is the answer, not a failure.
    return false;
  }
}

function isLocale(locale: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    // Same as above: a malformed tag throws.
    return false;
  }
}

const PORT_RULE = 'must be a whole number from 0 to 65535';

/**
 * The driver's own parser, loaded only when a connection string is given: with its URL library it
 * is ~1.5 MB of heap that a server on SQLite need not hold.
 */
const connectionStringParser = () =>
  (
    createRequire(import.meta.url)('mongodb-connection-string-url') as {
      ConnectionString: typeof ConnectionString;
    }
  ).ConnectionString;

/** Parsed by the driver's own parser, so a string that passes here is one the driver accepts. */
const mongoConnectionString = z.string().refine((uri) => {
  // Outside the try: a parser that cannot load is a broken install, not a bad string.
  const Parser = connectionStringParser();
  try {
    new Parser(uri);
    return true;
  } catch {
    // The parser's exception is its verdict: this is not a connection string.
    return false;
  }
}, 'must be a mongodb:// or mongodb+srv:// connection string');

const EnvSchema = z.object({
  NODE_ENV: optional(
    z.enum(['development', 'production', 'test'], { error: 'must be development, production or test' }),
  ),
  HOST: optional(z.string().min(1)),
  PORT: optional(
    z
      .string()
      .regex(/^\d{1,5}$/, PORT_RULE)
      .transform(Number)
      .refine((port) => port <= 65535, PORT_RULE),
  ),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  TRUST_PROXY_HOPS: optional(
    z
      .string()
      .regex(/^\d{1,2}$/, 'must be the number of proxies in front of the app (0–99)')
      .transform(Number),
  ),
  SQLITE_FILE: optional(z.string().min(1)),
  MONGODB_URI: optional(mongoConnectionString),
  MONGODB_DSN: optional(mongoConnectionString),
  MONGODB_DB: optional(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1 to 63 letters, digits, _ or - (a MongoDB database name)'),
  ),
  MONGODB_TIMEOUT_MS: optional(
    z
      .string()
      .regex(/^\d{3,6}$/, 'must be a number of milliseconds from 100 to 600000')
      .transform(Number)
      .refine((ms) => ms >= 100 && ms <= 600_000, 'must be a number of milliseconds from 100 to 600000'),
  ),
  LIVE_EVENTS_POLL_MS: optional(
    z
      .string()
      .regex(/^\d{2,5}$/, 'must be a number of milliseconds from 50 to 60000')
      .transform(Number)
      .refine((ms) => ms >= 50 && ms <= 60_000, 'must be a number of milliseconds from 50 to 60000'),
  ),
  WEB_ROOT: optional(z.string().min(1)),
  RESTAURANT_NAME: optional(
    z
      .string()
      .trim()
      .min(1)
      .max(18, 'must be at most 18 characters (it is the brand of the Verify text)')
      .refine((name) => !/[/{}:$]/.test(name), 'must not contain / { } : or $ (Vonage refuses them)'),
  ),
  CURRENCY: optional(
    z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, such as USD')
      .refine(isCurrency, 'is not a currency this runtime knows'),
  ),
  LOCALE: optional(z.string().refine(isLocale, 'must be a BCP 47 locale such as en-US')),
  TIME_ZONE: optional(z.string().refine(isTimeZone, 'must be an IANA time zone such as America/New_York')),
  DATA_DIR: optional(z.string().min(1)),
  PUBLIC_URL: optional(
    z
      .url({ protocol: /^https?$/, error: 'must be the http(s) address people reach the app at' })
      .transform((url) => new URL(url))
      .refine((url) => url.pathname === '/' && !url.search && !url.hash, 'must be an origin, without a path')
      .transform((url) => url.origin),
  ),
  EXPOSE_METRICS: optional(z.enum(['true', 'false'], 'must be true or false').transform((v) => v === 'true')),
  COOKIE_SECURE: optional(z.enum(['true', 'false'], 'must be true or false').transform((v) => v === 'true')),
  ...VonageEnv,
  ...TextsEnv,
});

export interface Config {
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number; trustProxyHops: number };
  log: { level: (typeof LOG_LEVELS)[number] };
  store:
    | { kind: 'sqlite'; file: string }
    | {
        kind: 'mongodb';
        uri: string;
        dbName: string;
        operationTimeoutMs: number;
        serverSelectionTimeoutMs: number;
      };
  /** Folder of the built web app (index.html and assets). */
  web: { root: string };
  /** Folder for the app's own files: the SQLite database, the sandbox's Vonage credentials. */
  dataDir: string;
  comms: CommsConfig;
  restaurant: { name: string; currency: string; locale: string; timeZone: string };
  /** Countries whose numbers may register and receive texts (ISO 3166 codes); empty: any. */
  phoneCountries: string[];
  /** The most texts the restaurant sends an hour and a day, codes and notifications apart. */
  textCeilings: TextCeilings;
  /** The most texts the relay sends a second: the provider's limit for the account. */
  smsSendsPerSecond: number;
  /** Session cookies `Secure` with the `__Host-` prefix: on by default in production (HTTPS). */
  cookieSecure: boolean;
  /** The origin people reach the app at, for links in text messages; `null`: the request's own. */
  publicUrl: string | null;
  /** `GET /internal/metrics` (memory, event-loop delay) for clients on this machine: for `npm run bench`. */
  exposeMetrics: boolean;
  /** How often each instance looks for live events other instances wrote. */
  liveEventsPollMs: number;
}

/** Every bad variable, one readable line each; thrown instead of a stack trace. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Variables that may carry credentials: their values never appear in an error message. */
const SECRET_VARIABLES = new Set([
  'MONGODB_URI',
  'MONGODB_DSN',
  'VONAGE_API_SECRET',
  'VONAGE_PRIVATE_KEY',
  'VONAGE_SIGNATURE_SECRET',
]);

function describeValue(variable: string, text: string | undefined): string {
  if (text === undefined) return 'it is not set';
  if (SECRET_VARIABLES.has(variable)) return 'value not shown: it may hold a password';
  return `got "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
}

/** MongoDB when a connection string is given (`MONGODB_DSN` is the article's name for it), else SQLite. */
function storeConfig(e: z.infer<typeof EnvSchema>, dataDir: string): Config['store'] {
  const uri = e.MONGODB_URI ?? e.MONGODB_DSN;
  if (uri === undefined) return { kind: 'sqlite', file: e.SQLITE_FILE ?? `${dataDir}/von-appetit.db` };
  const operationTimeoutMs = e.MONGODB_TIMEOUT_MS ?? 5000;
  return {
    kind: 'mongodb',
    uri,
    dbName: e.MONGODB_DB ?? 'restaurant_pos_demo',
    operationTimeoutMs,
    // Finding a server is part of the same deadline: never longer than the operation itself.
    serverSelectionTimeoutMs: Math.min(operationTimeoutMs, 3000),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? '?');
      if (seen.has(variable)) continue;
      seen.add(variable);
      problems.push(`${variable}: ${issue.message} (${describeValue(variable, env[variable])})`);
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const runEnv = e.NODE_ENV ?? 'development';
  const comms = vonageConfig(e, runEnv === 'production');
  if ('problems' in comms) throw new ConfigError(comms.problems);
  if (runEnv === 'production' && e.COOKIE_SECURE === false) {
    throw new ConfigError([
      'COOKIE_SECURE: production serves over HTTPS only; session cookies must be Secure (got "false")',
    ]);
  }
  const locale = e.LOCALE ?? 'en-US';
  const texts = textsConfig(e, comms.mode === 'vonage', locale);
  if ('problems' in texts) throw new ConfigError(texts.problems);
  const dataDir = e.DATA_DIR ?? 'data';
  return {
    env: runEnv,
    http: { host: e.HOST ?? 'localhost', port: e.PORT ?? 3000, trustProxyHops: e.TRUST_PROXY_HOPS ?? 0 },
    log: { level: e.LOG_LEVEL ?? 'info' },
    store: storeConfig(e, dataDir),
    web: { root: e.WEB_ROOT ?? 'dist/web' },
    dataDir,
    comms,
    restaurant: {
      name: e.RESTAURANT_NAME ?? 'Von Appétit',
      currency: e.CURRENCY ?? 'USD',
      locale,
      timeZone: e.TIME_ZONE ?? 'UTC',
    },
    phoneCountries: texts.countries,
    textCeilings: texts.ceilings,
    smsSendsPerSecond: texts.sendsPerSecond,
    cookieSecure: e.COOKIE_SECURE ?? runEnv === 'production',
    publicUrl: e.PUBLIC_URL ?? null,
    exposeMetrics: e.EXPOSE_METRICS ?? false,
    liveEventsPollMs: e.LIVE_EVENTS_POLL_MS ?? LIVE_EVENTS_POLICY.pollMs,
  };
}

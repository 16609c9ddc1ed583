import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config/config.js';
import { problemsOf } from '../support/config.js';

describe('loadConfig', () => {
  it('runs the sandbox with no variables at all', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ host: 'localhost', port: 3000, trustProxyHops: 0 });
    expect(config.store).toEqual({ kind: 'sqlite', file: 'data/von-appetit.db' });
    expect(config.restaurant).toEqual({
      name: 'Von Appétit',
      currency: 'USD',
      locale: 'en-US',
      timeZone: 'UTC',
    });
    expect(config.env).toBe('development');
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '8080',
      LOG_LEVEL: 'warn',
      TRUST_PROXY_HOPS: '1',
      DATA_DIR: '/var/lib/von-appetit',
      SQLITE_FILE: '/var/lib/von-appetit/db.sqlite',
      WEB_ROOT: '/srv/web',
      RESTAURANT_NAME: 'Chez Vonage',
      CURRENCY: 'EUR',
      LOCALE: 'fr-FR',
      TIME_ZONE: 'Europe/Paris',
      VONAGE_API_KEY: 'abcd1234',
      VONAGE_API_SECRET: 'secret-from-dashboard',
      VONAGE_FROM: 'ChezVonage',
      VONAGE_SIGNATURE_SECRET: 'signature-secret-from-dashboard',
      VONAGE_TIMEOUT_MS: '4000',
      PHONE_COUNTRIES: 'FR,BE',
      SMS_CODES_PER_HOUR: '40',
      SMS_CODES_PER_DAY: '200',
      SMS_NOTIFICATIONS_PER_HOUR: '150',
      SMS_NOTIFICATIONS_PER_DAY: '900',
      SMS_SENDS_PER_SECOND: '50',
      LIVE_EVENTS_POLL_MS: '500',
      PUBLIC_URL: 'https://order.example.com/',
      EXPOSE_METRICS: 'true',
    });
    expect(config).toEqual({
      env: 'production',
      http: { host: '0.0.0.0', port: 8080, trustProxyHops: 1 },
      log: { level: 'warn' },
      store: { kind: 'sqlite', file: '/var/lib/von-appetit/db.sqlite' },
      web: { root: '/srv/web' },
      dataDir: '/var/lib/von-appetit',
      comms: {
        mode: 'vonage',
        from: 'ChezVonage',
        timeoutMs: 4000,
        credentials: { apiKey: 'abcd1234', apiSecret: 'secret-from-dashboard' },
        signatureSecret: 'signature-secret-from-dashboard',
      },
      restaurant: { name: 'Chez Vonage', currency: 'EUR', locale: 'fr-FR', timeZone: 'Europe/Paris' },
      phoneCountries: ['FR', 'BE'],
      textCeilings: {
        codesPerHour: 40,
        codesPerDay: 200,
        notificationsPerHour: 150,
        notificationsPerDay: 900,
      },
      cookieSecure: true,
      publicUrl: 'https://order.example.com',
      exposeMetrics: true,
      smsSendsPerSecond: 50,
      liveEventsPollMs: 500,
    });
  });

  it('selects MongoDB when a connection string is given, with the article database by default', () => {
    expect(loadConfig({ MONGODB_URI: 'mongodb://127.0.0.1:27017/?directConnection=true' }).store).toEqual({
      kind: 'mongodb',
      uri: 'mongodb://127.0.0.1:27017/?directConnection=true',
      dbName: 'restaurant_pos_demo',
      operationTimeoutMs: 5000,
      serverSelectionTimeoutMs: 3000,
    });
  });

  it("accepts the article's MONGODB_DSN, and prefers MONGODB_URI when both are set", () => {
    const atlas = 'mongodb+srv://demo:secret@cluster0.example.mongodb.net/?retryWrites=true';
    expect(loadConfig({ MONGODB_DSN: atlas }).store).toMatchObject({ kind: 'mongodb', uri: atlas });
    expect(loadConfig({ MONGODB_DSN: atlas, MONGODB_URI: 'mongodb://db:27017' }).store).toMatchObject({
      uri: 'mongodb://db:27017',
    });
  });

  it("texts the restaurant's own country by default with real Vonage, any number in the sandbox (H5)", () => {
    const live = { VONAGE_API_KEY: 'abcd1234', VONAGE_API_SECRET: 'secret-from-dashboard' };
    expect(loadConfig(live).phoneCountries).toEqual(['US']);
    expect(loadConfig({ ...live, LOCALE: 'fr-CA' }).phoneCountries).toEqual(['CA']);
    expect(loadConfig({ ...live, LOCALE: 'de', RESTAURANT_COUNTRY: 'AT' }).phoneCountries).toEqual(['AT']);
    expect(loadConfig({ ...live, PHONE_COUNTRIES: 'US,MX' }).phoneCountries).toEqual(['US', 'MX']);
    expect(loadConfig({}).phoneCountries).toEqual([]);
    expect(loadConfig({}).textCeilings).toEqual({
      codesPerHour: 100,
      codesPerDay: 500,
      notificationsPerHour: 300,
      notificationsPerDay: 2000,
    });
    // A code ceiling is shared in halves (registrations, sign-ins): under 2, one would get none.
    expect(problemsOf({ SMS_CODES_PER_HOUR: '1' })[0]).toMatch(
      /^SMS_CODES_PER_HOUR: must be a whole number of texts from 2/,
    );
    expect(problemsOf({ SMS_CODES_PER_HOUR: '50', SMS_CODES_PER_DAY: '20' })).toEqual([
      'SMS_CODES_PER_DAY: must be at least SMS_CODES_PER_HOUR (50)',
    ]);
    expect(problemsOf({ SMS_NOTIFICATIONS_PER_HOUR: '0' })[0]).toMatch(
      /^SMS_NOTIFICATIONS_PER_HOUR: must be a whole number/,
    );
  });

  it('keeps server selection within the operation deadline', () => {
    const store = loadConfig({
      MONGODB_URI: 'mongodb://db',
      MONGODB_TIMEOUT_MS: '1500',
      MONGODB_DB: 'pos',
    }).store;
    expect(store).toMatchObject({ dbName: 'pos', operationTimeoutMs: 1500, serverSelectionTimeoutMs: 1500 });
  });

  it('refuses a connection string that is not one, without echoing its credentials', () => {
    const [line] = problemsOf({ MONGODB_URI: 'postgres://user:pw@db/x' });
    expect(line).toMatch(/^MONGODB_URI: must be a mongodb:\/\/ or mongodb\+srv:\/\/ connection string/);
    expect(line).not.toContain('pw@');
    expect(problemsOf({ MONGODB_DB: 'no spaces please' })[0]).toMatch(/^MONGODB_DB:/);
    expect(problemsOf({ MONGODB_TIMEOUT_MS: '5' })[0]).toMatch(/^MONGODB_TIMEOUT_MS:/);
  });

  it("sends texts at Vonage's default pace and looks for other instances' events every 250 ms, unless told", () => {
    expect(loadConfig({})).toMatchObject({ smsSendsPerSecond: 30, liveEventsPollMs: 250 });
    expect(loadConfig({ SMS_SENDS_PER_SECOND: '100', LIVE_EVENTS_POLL_MS: '1000' })).toMatchObject({
      smsSendsPerSecond: 100,
      liveEventsPollMs: 1000,
    });
    expect(problemsOf({ SMS_SENDS_PER_SECOND: '0' })[0]).toMatch(/^SMS_SENDS_PER_SECOND: must be a whole/);
    expect(problemsOf({ LIVE_EVENTS_POLL_MS: '10' })[0]).toMatch(/^LIVE_EVENTS_POLL_MS: must be a number/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', CURRENCY: '' }).http.port).toBe(3000);
  });

  it.each(['abc', '3.5', '-1', '65536', '1e3', ' 80'])('refuses PORT=%j with one line naming it', (port) => {
    const problems = problemsOf({ PORT: port });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PORT: must be a whole number from 0 to 65535 \(got ".*"\)$/);
  });

  it('names every bad variable, one line each', () => {
    const problems = problemsOf({
      PORT: 'abc',
      LOG_LEVEL: 'loud',
      CURRENCY: 'usd',
      TIME_ZONE: 'Mars/Olympus_Mons',
      NODE_ENV: 'staging',
    });
    expect(problems.map((line) => line.split(':')[0])).toEqual([
      'NODE_ENV',
      'PORT',
      'LOG_LEVEL',
      'CURRENCY',
      'TIME_ZONE',
    ]);
    expect(problems.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('refuses a restaurant name Vonage Verify would refuse as a brand', () => {
    expect(problemsOf({ RESTAURANT_NAME: 'The Very Long Restaurant Name' })[0]).toMatch(
      /at most 18 characters/,
    );
    expect(problemsOf({ RESTAURANT_NAME: 'Burgers {and} more' })[0]).toMatch(/must not contain/);
  });

  it('refuses unknown currencies, locales and time zones', () => {
    expect(problemsOf({ CURRENCY: 'XQZ' })[0]).toMatch(/^CURRENCY:/);
    expect(problemsOf({ LOCALE: 'not a locale!' })[0]).toMatch(/^LOCALE:/);
    expect(problemsOf({ TIME_ZONE: 'Europe/Atlantis' })[0]).toMatch(/^TIME_ZONE:/);
  });

  it('refuses a public address that is not an http(s) origin', () => {
    for (const bad of ['order.example.com', 'ftp://order.example.com', 'https://order.example.com/shop']) {
      expect(problemsOf({ PUBLIC_URL: bad })[0], bad).toMatch(/^PUBLIC_URL:/);
    }
  });

  it('shortens very long values in its message', () => {
    const [line] = problemsOf({ PORT: '9'.repeat(200) });
    expect(line?.length).toBeLessThan(120);
  });
});

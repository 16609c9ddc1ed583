// Test suites: unit (no I/O), contract (each port against every adapter), integration (the
// server over HTTP, once per store), e2e (Chromium). `npm test` runs them all.
import { configDefaults, defineConfig } from 'vitest/config';

/** The integration suite also runs on MongoDB when a test server is given; CI must give one. */
const withMongo = Boolean(process.env.MONGODB_URI);
if (!withMongo && process.env.CI && process.env.CI !== 'false') {
  throw new Error('CI=true but MONGODB_URI is not set: .ci/run must start the test MongoDB server');
}

const integration = (store: 'sqlite' | 'mongodb') => ({
  test: {
    name: `integration:${store}`,
    // `*.mongodb.test.ts`: behaviour only a MongoDB server has (hand-made documents, outages).
    include: ['tests/integration/**/*.test.ts'],
    exclude: [
      ...configDefaults.exclude,
      ...(store === 'mongodb' ? [] : ['tests/integration/**/*.mongodb.test.ts']),
    ],
    env: { TEST_STORE: store },
    testTimeout: 20_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { test: { name: 'contract', include: ['tests/contract/**/*.test.ts'], testTimeout: 20_000 } },
      { test: { name: 'vonage-sim', include: ['tests/vonage-sim/**/*.test.ts'] } },
      integration('sqlite'),
      ...(withMongo ? [integration('mongodb')] : []),
      {
        test: {
          // The bench's harness, briefly: after every other suite, alone on the machine's two cores.
          name: 'bench',
          include: ['tests/bench/**/*.test.ts'],
          sequence: { groupOrder: 2 },
          testTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser at a time: the machine has two cores. (A group of its own either way:
          // Vitest runs a project without file parallelism apart; the order is set here.)
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

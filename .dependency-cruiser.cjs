// The layer rules of docs/architecture.md, checked in `npm run check` (`npm run deps:check`).

/** The shape of a document id, defined once for the API, the web app and the server (no code). */
const SHARED_IDS = '^src/contract/ids\\.ts$';
/** Money as text and the tax rule: computed alike by the server and the web app. */
const SHARED_MONEY = '^src/contract/money\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'domain/ holds pure rules: it imports nothing of ours but itself, and no I/O modules (hashing with node:crypto is pure).',
      severity: 'error',
      from: { path: '^src/server/domain/' },
      to: {
        pathNot: ['^src/server/domain/', '^node_modules/', '^crypto$'],
        dependencyTypesNot: ['npm', 'npm-dev'],
      },
    },
    {
      name: 'domain-does-no-io',
      severity: 'error',
      from: { path: '^src/server/domain/' },
      to: { path: '^(node:)?(fs|net|http|https|child_process|dgram|better-sqlite3|mongodb|fastify)' },
    },
    {
      name: 'ports-see-domain-only',
      severity: 'error',
      from: { path: '^src/server/ports/' },
      to: { path: '^src/', pathNot: ['^src/server/(ports|domain)/'] },
    },
    {
      name: 'services-see-domain-ports-and-infrastructure',
      comment: 'Use cases never see Fastify, HTTP, an adapter or a background loop.',
      severity: 'error',
      from: { path: '^src/server/services/' },
      to: {
        path: '^src/|^node_modules/fastify',
        pathNot: ['^src/server/(services|domain|ports|infrastructure)/', SHARED_IDS, SHARED_MONEY],
      },
    },
    {
      name: 'background-sees-use-cases',
      comment: 'Loops (the relay, live events, housekeeping) use what use cases use, and use cases.',
      severity: 'error',
      from: { path: '^src/server/background/' },
      to: {
        path: '^src/|^node_modules/fastify',
        pathNot: ['^src/server/(background|services|domain|ports|infrastructure)/', SHARED_IDS],
      },
    },
    {
      name: 'infrastructure-sees-domain-and-ports',
      comment: 'Hash workers, circuit breakers, worker threads: mechanisms, no use cases.',
      severity: 'error',
      from: { path: '^src/server/infrastructure/' },
      to: { path: '^src/|^node_modules/fastify', pathNot: ['^src/server/(infrastructure|domain|ports)/'] },
    },
    {
      name: 'config-sees-domain-only',
      comment: 'config/ turns the environment into typed settings: it knows no use case or adapter.',
      severity: 'error',
      from: { path: '^src/server/config/' },
      to: { path: '^src/', pathNot: ['^src/server/(config|domain)/'] },
    },
    {
      name: 'adapters-stay-in-their-room',
      comment: 'An adapter imports domain, ports, its own folder, and the worker-thread loader.',
      severity: 'error',
      from: { path: '^src/server/(store/[^/]+|comms/[^/]+)/' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/server/(domain|ports)/',
          '^src/server/$1/',
          '^src/server/infrastructure/worker-threads\\.ts$',
          SHARED_IDS,
        ],
      },
    },
    {
      name: 'http-sees-use-cases-domain-contract',
      severity: 'error',
      from: { path: '^src/server/http/' },
      to: {
        path: '^src/',
        pathNot: ['^src/server/(http|services|background|domain|ports)/', '^src/contract/'],
      },
    },
    {
      name: 'only-the-composition-root-knows-adapters',
      comment: 'main.ts and setup/ pick the adapters from the configuration; nothing else names one.',
      severity: 'error',
      from: {
        path: '^src/server/',
        pathNot: ['^src/server/main\\.ts$', '^src/server/setup/', '^src/server/(store|comms)/'],
      },
      to: { path: '^src/server/(store|comms)/' },
    },
    {
      name: 'only-the-composition-root-starts-the-simulator',
      comment:
        'The app reaches the simulator only over HTTP, through the SDK; main.ts and setup/sandbox.ts start it.',
      severity: 'error',
      from: { path: '^src/server/', pathNot: ['^src/server/main\\.ts$', '^src/server/setup/sandbox\\.ts$'] },
      to: { path: '^src/vonage-sim/' },
    },
    {
      name: 'simulator-stands-alone',
      comment: 'The simulator is its own module: it knows nothing of the app.',
      severity: 'error',
      from: { path: '^src/vonage-sim/' },
      to: { path: '^src/(server|web|contract)/' },
    },
    {
      name: 'web-never-imports-server',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/(server|vonage-sim)/' },
    },
    {
      name: 'contract-is-shared-and-standalone',
      severity: 'error',
      from: { path: '^src/contract/' },
      to: { path: '^src/', pathNot: '^src/contract/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.vue', '.js'] },
    exclude: { path: '^dist/' },
  },
};

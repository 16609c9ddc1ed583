// `npm run test:live`: the Vonage adapter against the real Vonage (never part of `npm test`).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['tests/live/**/*.test.ts'], testTimeout: 30_000 },
});

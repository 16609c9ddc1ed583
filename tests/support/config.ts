// What the configuration says about a bad environment: its lines, for tests to read.
import { ConfigError, loadConfig } from '../../src/server/config/config.js';

/** The one-line problems `loadConfig` reports for `env`; fails the test if it accepts it. */
export function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

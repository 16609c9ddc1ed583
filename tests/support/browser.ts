// Debian's Chromium driven by playwright-core (never a downloaded browser). Missing Chromium
// fails the run under CI=true and skips loudly elsewhere.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';

/** Whether browser suites can run here; throws under CI when they cannot. */
export function chromiumIsAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (inCi)
    throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: install it with apt-get install chromium`);
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPING BROWSER TESTS: ${CHROMIUM_PATH} not found.\n` +
      `!! Install it with: sudo apt-get update && sudo apt-get install -y chromium\n${'!'.repeat(78)}\n`,
  );
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The machine has no network beyond loopback: keep Chromium from reaching out.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

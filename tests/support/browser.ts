// Debian's Chromium driven by playwright-core (never a downloaded browser). Missing Chromium
// fails the run under CI=true and skips loudly elsewhere.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { missingForTests } from './ci.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Whether browser suites can run here; throws under CI when they cannot. */
export function chromiumIsAvailable(): boolean {
  return (
    existsSync(CHROMIUM_PATH) ||
    missingForTests(CHROMIUM_PATH, 'install it with: sudo apt-get update && sudo apt-get install -y chromium')
  );
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

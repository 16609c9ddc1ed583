// Debian's Chromium (never a downloaded browser) and the flags every launch of it here takes: the
// machine has no network beyond loopback, so Chromium is kept from reaching out. Without test
// runner imports: the bench's Lighthouse launcher uses it too.
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const OFFLINE_CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

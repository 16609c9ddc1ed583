// How much of everything one caller may do (SEC-04). Counted in fixed windows in the store,
// so every instance on one database shares the same counts. Checked before Vonage is called.

export interface Limit {
  /** Prefix of the counter's key. */
  name: string;
  max: number;
  windowSeconds: number;
}

export const LIMITS = {
  /** Registrations per client IP, and per /24 (IPv4) or /48 (IPv6) network. */
  signupPerIp: { name: 'signup-ip', max: 10, windowSeconds: 60 },
  signupPerNetwork: { name: 'signup-net', max: 30, windowSeconds: 60 },
  /** Password checks per client IP (credential stuffing). */
  passwordPerIp: { name: 'password-ip', max: 60, windowSeconds: 60 },
  /**
   * Failed passwords per account: past this, the account is soft-locked until the window ends
   * (answers stay the generic 401). 10 per 15 minutes is at most 40 failures an hour (ASVS: ≤ 100),
   * and a lock ends by itself: anonymous traffic cannot lock an owner out for good.
   */
  passwordFailuresPerAccount: { name: 'password-fail', max: 10, windowSeconds: 15 * 60 },
  /**
   * Wrong codes per pending session (SESSION_POLICY.maxWrongCodes). A day-long window outlives
   * the 10-minute session; one that straddles midnight UTC may start a fresh count, and the
   * account's cap still holds.
   */
  wrongCodesPerSession: { name: 'otp-wrong-session', max: 5, windowSeconds: 24 * 60 * 60 },
  /** Wrong codes per account, across all its pending sessions. */
  wrongCodesPerAccount: { name: 'otp-wrong', max: 10, windowSeconds: 60 * 60 },
  /** Codes sent to one number (SMS pumping guard). */
  codesPerNumberHour: { name: 'otp-send-h', max: 5, windowSeconds: 60 * 60 },
  codesPerNumberDay: { name: 'otp-send-d', max: 10, windowSeconds: 24 * 60 * 60 },
  /** Codes sent for one client IP: many numbers from one place is a pumping pattern. */
  codesPerIpHour: { name: 'otp-send-ip', max: 20, windowSeconds: 60 * 60 },
} as const satisfies Record<string, Limit>;

/** The network a client address belongs to, for per-network limits. */
export function networkOf(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  return `${ip.split(':').slice(0, 3).join(':')}::/48`;
}

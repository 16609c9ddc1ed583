// How much of everything one caller may do (SEC-04). Counted in fixed windows in the store,
// so every instance on one database shares the same counts. Checked before Vonage is called.

export interface Limit {
  /** Prefix of the counter's key. */
  name: string;
  max: number;
  windowSeconds: number;
  /** What a refusal says: a client's own limit (429, the default), or the restaurant's (503). */
  refusal?: 'rate_limited' | 'sms_budget_exhausted';
}

export const LIMITS = {
  /** Registrations per client IP, and per /24 (IPv4) or /48 (IPv6) network. */
  signupPerIp: { name: 'signup-ip', max: 10, windowSeconds: 60 },
  signupPerNetwork: { name: 'signup-net', max: 30, windowSeconds: 60 },
  /** Invitation links tried per client IP (each is a 256-bit secret: this only bounds the work). */
  invitationsPerIp: { name: 'invitation-ip', max: 20, windowSeconds: 60 },
  /** Private order links opened per client IP (each is a 128-bit secret: this only bounds the work). */
  trackingLinksPerIp: { name: 'tracking-ip', max: 120, windowSeconds: 60 },
  /** Password checks per client IP (credential stuffing). */
  passwordPerIp: { name: 'password-ip', max: 60, windowSeconds: 60 },
  /**
   * Failed passwords per account from one client network: past this, the account is
   * soft-locked for that network until the window ends (answers stay the generic 401). Someone
   * guessing from elsewhere does not lock the owner out of their own network.
   */
  passwordFailuresPerAccountNetwork: { name: 'password-fail-net', max: 10, windowSeconds: 15 * 60 },
  /** The same for staff accounts, stricter: they can change the menu and every order. */
  staffPasswordFailuresPerNetwork: { name: 'staff-password-fail-net', max: 5, windowSeconds: 15 * 60 },
  /**
   * Failed passwords per account from anywhere: the hard bound (ASVS 2.2.1: never more than
   * 100 failed checks an hour). Only traffic from many networks at once reaches it, and it
   * ends with its window.
   */
  passwordFailuresPerAccount: { name: 'password-fail', max: 100, windowSeconds: 60 * 60 },
  /**
   * Failed passwords from a device that signed in to the account before: its own budget in place
   * of the two above, so that nobody elsewhere can lock the owner out of their browser (H1).
   */
  passwordFailuresPerDevice: { name: 'password-fail-device', max: 10, windowSeconds: 15 * 60 },
  /**
   * Wrong codes per pending session (SESSION_POLICY.maxWrongCodes). A day-long window outlives
   * the 10-minute session; one that straddles midnight UTC may start a fresh count, and the
   * account's cap still holds.
   */
  wrongCodesPerSession: { name: 'otp-wrong-session', max: 5, windowSeconds: 24 * 60 * 60 },
  /** Wrong codes per account, across all its pending sessions. */
  wrongCodesPerAccount: { name: 'otp-wrong', max: 10, windowSeconds: 60 * 60 },
  /**
   * Codes texted for registrations, per number. Nobody has proven the number, so these are the
   * codes an anonymous client can send to someone else's phone (pumping, nuisance). They are
   * counted apart from sign-in codes: spending them never stops the number's owner signing in (H1).
   */
  registrationCodesPerNumberHour: { name: 'otp-reg-h', max: 5, windowSeconds: 60 * 60 },
  registrationCodesPerNumberDay: { name: 'otp-reg-d', max: 10, windowSeconds: 24 * 60 * 60 },
  /** Sign-in codes per account: only someone who knows its password can spend them (H1). */
  signInCodesPerAccountHour: { name: 'otp-signin-h', max: 5, windowSeconds: 60 * 60 },
  signInCodesPerAccountDay: { name: 'otp-signin-d', max: 10, windowSeconds: 24 * 60 * 60 },
  /**
   * Codes for a forgotten password, per account: anyone who knows a username can ask for them,
   * so they are counted apart (spending them never stops the owner signing in, H1), and the
   * code only ever goes to the account's proven phone.
   */
  resetCodesPerAccountHour: { name: 'otp-reset-h', max: 3, windowSeconds: 60 * 60 },
  resetCodesPerAccountDay: { name: 'otp-reset-d', max: 6, windowSeconds: 24 * 60 * 60 },
  /** Wrong codes a forgotten-password code step with no account behind it answers before "used up", as Vonage does. */
  triesPerCode: { name: 'otp-tries', max: 3, windowSeconds: 24 * 60 * 60 },
  /** Current passwords tried by a signed-in customer (a new password, erasing the account). */
  currentPasswordPerAccount: { name: 'current-password', max: 10, windowSeconds: 60 * 60 },
  /** Codes sent for one client IP: many numbers from one place is a pumping pattern. */
  registrationCodesPerIpHour: { name: 'otp-reg-ip', max: 20, windowSeconds: 60 * 60 },
  signInCodesPerIpHour: { name: 'otp-signin-ip', max: 20, windowSeconds: 60 * 60 },
  /** Support requests (video or call back) per customer: each can ring the kitchen and open a room. */
  supportRequestsPerUserHour: { name: 'support-user', max: 6, windowSeconds: 60 * 60 },
} as const satisfies Record<string, Limit>;

/** The restaurant's ceilings on texts, an hour and a day (configured: see config/texts.ts). */
export interface TextCeilingValues {
  /** One-time codes (registrations, sign-ins, staff phones). */
  codesPerHour: number;
  codesPerDay: number;
  /** Everything else: order confirmations, status texts, call backs, staff invitations. */
  notificationsPerHour: number;
  notificationsPerDay: number;
}

/** Whose texts a ceiling counts; every instance counts into the same windows (subject `all`). */
export type TextBudgetKind = 'registration_codes' | 'sign_in_codes' | 'notifications';

export interface TextBudgetLimit extends Limit {
  kind: TextBudgetKind;
  window: 'hour' | 'day';
}

/**
 * The ceilings as limits (H5). The code ceilings are shared in two halves: codes to numbers
 * nobody has proven (registrations) and sign-in codes (accounts), so that an anonymous storm of
 * registrations never takes the sign-ins' half (H1), and the two together never pass the ceiling.
 */
export function textBudgetLimits(ceilings: TextCeilingValues): Record<TextBudgetKind, TextBudgetLimit[]> {
  const limit = (kind: TextBudgetKind, window: 'hour' | 'day', max: number): TextBudgetLimit => ({
    name: `sms-${kind}-${window}`,
    kind,
    window,
    max,
    windowSeconds: window === 'hour' ? 60 * 60 : 24 * 60 * 60,
    refusal: 'sms_budget_exhausted',
  });
  // Ceilings of codes are at least 2 (config/texts.ts): each half gets 1 or more.
  const registrations = (n: number) => Math.floor(n / 2);
  return {
    registration_codes: [
      limit('registration_codes', 'hour', registrations(ceilings.codesPerHour)),
      limit('registration_codes', 'day', registrations(ceilings.codesPerDay)),
    ],
    sign_in_codes: [
      limit('sign_in_codes', 'hour', ceilings.codesPerHour - registrations(ceilings.codesPerHour)),
      limit('sign_in_codes', 'day', ceilings.codesPerDay - registrations(ceilings.codesPerDay)),
    ],
    notifications: [
      limit('notifications', 'hour', ceilings.notificationsPerHour),
      limit('notifications', 'day', ceilings.notificationsPerDay),
    ],
  };
}

/** The share of a ceiling past which an alert is logged and shown (/metrics). */
export const TEXT_BUDGET_ALERT_SHARE = 0.8;

/**
 * Who a per-client limit counts: an IPv4 address, or an IPv6 /64 — one subscriber's block, in
 * which a client may pick any of 2^64 addresses.
 */
export function clientKey(ip: string): string {
  if (/^(?:::ffff:)?\d+\.\d+\.\d+\.\d+$/.test(ip)) return ip.replace(/^::ffff:/, '');
  const groups = expandIpv6(ip);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : ip;
}

/** The eight groups of an IPv6 address, `::` expanded; `null` when it is not one. */
function expandIpv6(ip: string): string[] | null {
  const [head = '', tail, extra] = ip.split('::');
  if (extra !== undefined) return null;
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  return [...left, ...Array<string>(missing).fill('0'), ...right];
}

/** The network a client address belongs to, for per-network limits. */
export function networkOf(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  const groups = expandIpv6(ip);
  return groups ? `${groups.slice(0, 3).join(':')}::/48` : ip;
}

/**
 * Vonage's default rate limit: more than 30 requests a second per API and account are refused
 * (429). The relay sends at this pace unless SMS_SENDS_PER_SECOND says the account has another.
 */
export const PROVIDER_SENDS_PER_SECOND = 30;

/** Live events (background/live-events.ts). */
export const LIVE_EVENTS_POLICY = {
  /**
   * How often each instance looks for events other instances wrote (LIVE_EVENTS_POLL_MS): the
   * most a change made on one instance waits to reach streams on another, plus a query.
   */
  pollMs: 250,
} as const;

// The Comms port: the messages the restaurant sends through a provider (Vonage, or its
// simulator). Every answer is a typed outcome; only an explicit success counts as one, and
// anything else — a refusal, garbage, a timeout — fails closed with a reason.

/** Why the provider could not be used just now; worth retrying later (503 + Retry-After). */
export interface Unavailable {
  outcome: 'unavailable';
  /** For logs only: `timeout`, `http_503`, `malformed_answer`, … */
  reason: string;
}

export type VerificationStarted =
  | { outcome: 'started'; verificationId: string }
  /** A verification to this number is already in flight (one at a time per number). */
  | { outcome: 'concurrent'; verificationId: string | null }
  /** The provider's anti-fraud refused the number. */
  | { outcome: 'blocked' }
  /** The provider refused the request as malformed (number, brand…). */
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'throttled' }
  | Unavailable;

export type VerificationChecked =
  /** The only outcome that may upgrade a session. */
  | { outcome: 'verified' }
  | { outcome: 'wrong_code' }
  /** Too many wrong codes: the verification is over. */
  | { outcome: 'too_many_attempts' }
  /** Unknown, expired, cancelled or already used. */
  | { outcome: 'expired' }
  | { outcome: 'throttled' }
  | Unavailable;

export type VerificationCancelled = { outcome: 'cancelled' } | { outcome: 'not_cancelled'; reason: string };

export type SmsSent =
  | { outcome: 'accepted'; messageId: string }
  /** Refused for good (invalid number, blocked): retrying cannot help. */
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'throttled' }
  | Unavailable;

export type VideoSessionCreated = { outcome: 'created'; sessionId: string } | Unavailable;

export type VideoRole = 'publisher' | 'moderator';

/** Sends a one-time code by SMS to `phone` (E.164) under the restaurant's brand. */
export type StartVerification = (args: { phone: string }) => Promise<VerificationStarted>;

/** Checks a code against a verification started here. */
export type CheckVerification = (args: {
  verificationId: string;
  code: string;
}) => Promise<VerificationChecked>;

/** Cancels a verification (providers refuse in its first 30 s). */
export type CancelVerification = (args: { verificationId: string }) => Promise<VerificationCancelled>;

/** Sends a text message to `to` (E.164); `reference` comes back in delivery-status webhooks. */
export type SendSms = (args: { to: string; text: string; reference?: string }) => Promise<SmsSent>;

/** Opens a video session (a room) for one support call. */
export type CreateVideoSession = () => Promise<VideoSessionCreated>;

/** A participant token for a session: offline, no provider call. */
export type MintVideoToken = (args: {
  sessionId: string;
  role: VideoRole;
  /** Shown to the other side (e.g. the customer's first name); never trusted for identity. */
  displayName: string;
  expiresInSeconds: number;
}) => string;

export interface Comms {
  /** Which API answers: the real Vonage, or the built-in simulator (sandbox). */
  readonly kind: 'vonage' | 'sandbox';
  verification: { start: StartVerification; check: CheckVerification; cancel: CancelVerification };
  sms: { send: SendSms };
  video: {
    createSession: CreateVideoSession;
    mintToken: MintVideoToken;
    /** What the browser's Video SDK joins with (with a session id and a token); `null` without one. */
    applicationId: string | null;
  };
}

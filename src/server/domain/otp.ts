// One-time codes: how long and how long-lived (NIST 800-63B: at most 10 minutes; SEC-03).

export const OTP_POLICY = {
  /** Digits per code; the original app used 4. */
  codeLength: 6,
  /** A code works for this long, then the customer asks for a new one. */
  lifetimeSeconds: 600,
} as const;

// What the restaurant decides about its verification codes, whichever Verify API sends them.

export interface VerificationSettings {
  /** Shown in the text message; Vonage allows 1–18 characters, none of / { } : $. */
  brand: string;
  /** How long a code works: at most 10 minutes (NIST 800-63B). */
  codeTtlSeconds: number;
}

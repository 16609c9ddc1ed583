// The simulator's public shapes: what the app, its tests and the dev inbox code against.
import type { Scenario, SimulatedApi } from './magic-numbers.js';

export interface SimulatorCredentials {
  apiKey: string;
  apiSecret: string;
  applicationId: string;
  /** PEM of the application's public key: JWTs (RS256) are verified against it. */
  publicKey: string;
  /** Shared secret the simulator signs its webhooks with (HS256), as Vonage's "signature secret". */
  signatureSecret: string;
}

export interface SimulatorLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface SimulatorOptions {
  credentials: SimulatorCredentials;
  /** Fake clock for tests (expiry, the 30 s cancel rule, the rate window). */
  now?: () => Date;
  /**
   * Where delivery-status webhooks go (Vonage's "status URL"); none if unset. A function is read
   * at each delivery, for an app whose own URL is known only after the simulator has started.
   */
  messageStatusUrl?: string | (() => string | undefined);
  /**
   * Where texts the customer sends back go (Vonage's "inbound URL" of the number); none if unset.
   * A function, like the status URL.
   */
  inboundMessageUrl?: string | (() => string | undefined);
  /** How long the "too slow" magic number stalls before answering (default 30_000 ms). */
  slowResponseMs?: number;
  log?: SimulatorLog;
}

export interface SentMessage {
  /** E.164 digits without '+', as Vonage takes them. */
  to: string;
  text: string;
  at: Date;
  channel: 'sms';
  /** A code or a message sent to the phone, or a `reply` the phone sent back (`to`: the phone). */
  kind: 'verify-code' | 'message' | 'reply';
  /** Messages API uuid, or the Verify request id. */
  id: string;
  /** The sender a message went out as (the number a reply goes back to). */
  from?: string;
  /**
   * For messages: submitted | delivered | rejected | undeliverable. For verify codes only
   * `undeliverable`, when the code never reached the phone (magic number 15550100410).
   */
  status?: string;
}

export interface VonageSimulator {
  /** Starts listening (host default 127.0.0.1, port 0 = free port); resolves with its base URL, no trailing slash. */
  listen(options?: { host?: string; port?: number }): Promise<string>;
  close(): Promise<void>;
  /** Everything "sent", newest first; `to` filters by number (accepts with or without '+'). */
  sent(filter?: { to?: string }): SentMessage[];
  /** The code of the newest verification sent to `to` (for tests and the dev inbox), or undefined. */
  lastCode(to: string): string | undefined;
  /**
   * The phone `from` texts back (a reply to the restaurant's texts): recorded in its thread and
   * posted, signed, to the inbound URL as a Messages API inbound SMS. Resolves once posted
   * (`false`: no inbound URL, or the app did not take it after the retries).
   */
  reply(args: { from: string; text: string }): Promise<boolean>;
  /** Called for every new SentMessage and status change (the dev inbox streams these live). */
  onSent(listener: (message: SentMessage) => void): () => void;
  /**
   * Makes every following call to `api` play `scenario` (down, too slow, malformed, an empty
   * answer…) whatever the number, until reset with `undefined`. Reaches what magic numbers
   * cannot: code checks on a request that started normally, and Video, which has no number.
   */
  setScenario(api: SimulatedApi, scenario: Scenario | undefined): void;
}

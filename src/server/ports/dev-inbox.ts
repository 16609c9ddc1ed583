// The sandbox's phone: every text the simulated Vonage "sent", and the replies typed back, for
// the dev inbox page.

export interface InboxMessage {
  id: string;
  /** E.164 with the leading '+'. */
  to: string;
  text: string;
  at: Date;
  /** A code or a text sent to the phone, or a `reply` the phone sent back. */
  kind: 'verify-code' | 'message' | 'reply';
  /** Delivery state of a message (submitted, delivered, rejected, undeliverable). */
  status?: string;
}

export interface DevInbox {
  /** Newest first; `to` (with or without '+') keeps one number's messages. */
  list(filter: { to?: string }): InboxMessage[];
  /** Called for each new message and each status change; returns the unsubscribe function. */
  subscribe(listener: (message: InboxMessage) => void): () => void;
  /** The phone `from` (E.164) texts back, as a customer replying to the restaurant; `false`: it did not arrive. */
  reply(args: { from: string; text: string }): Promise<boolean>;
}

// The sandbox's phone: every text the simulated Vonage "sent", for the dev inbox page.

export interface InboxMessage {
  id: string;
  /** E.164 with the leading '+'. */
  to: string;
  text: string;
  at: Date;
  kind: 'verify-code' | 'message';
  /** Delivery state of a message (submitted, delivered, rejected, undeliverable). */
  status?: string;
}

export interface DevInbox {
  /** Newest first; `to` (with or without '+') keeps one number's messages. */
  list(filter: { to?: string }): InboxMessage[];
  /** Called for each new message and each status change; returns the unsubscribe function. */
  subscribe(listener: (message: InboxMessage) => void): () => void;
}

// Support calls about an order, as the API shows them, and the sandbox's call signalling.
import { z } from 'zod';

/** One support call in an order's call history. Never carries the provider's session id. */
export const SupportCall = z.object({
  id: z.string(),
  /** `video`: a call in the browser; `callback`: the customer asked to be phoned back. */
  kind: z.enum(['video', 'callback']),
  state: z.enum(['requested', 'joined', 'ended', 'callback_requested', 'called_back']),
  requestedAt: z.iso.datetime(),
  joinedAt: z.iso.datetime().nullable(),
  /**
   * Who joined (or called back), as the customer sees them: the name the staff member chose
   * ("Sam from the kitchen"), else "the kitchen". Never a login name, phone or email.
   */
  joinedBy: z.string().nullable(),
  endedAt: z.iso.datetime().nullable(),
  endedBy: z.enum(['customer', 'staff']).nullable(),
  /** Call backs: the number to ring, and why video was not used. */
  phone: z.string().nullable(),
  reason: z.string().nullable(),
});
export type SupportCall = z.infer<typeof SupportCall>;

/** What a browser needs to join a video call. */
export const CallConnection = z.object({
  /** `vonage`: join with the Video SDK; `sandbox`: WebRTC between the two browsers, signalled through the app. */
  provider: z.enum(['vonage', 'sandbox']),
  applicationId: z.string().nullable(),
  sessionId: z.string(),
  /** Role-bound (customer: publisher; staff: moderator) and expiring: see `expiresAt`. */
  token: z.string(),
  role: z.enum(['publisher', 'moderator']),
  expiresAt: z.iso.datetime(),
});
export type CallConnection = z.infer<typeof CallConnection>;

export const JoinedCall = z.object({ call: SupportCall, connection: CallConnection });
export type JoinedCall = z.infer<typeof JoinedCall>;

export const CallbackRequest = z.strictObject({
  /** Why a call back rather than video (shown to the kitchen). */
  reason: z.string().trim().max(200).optional(),
});
export type CallbackRequest = z.infer<typeof CallbackRequest>;

const Description = z.string().min(1).max(20_000);
const SignalId = z.number().int().min(1).max(1_000_000);

/** Sandbox calls: a WebRTC message for the other browser of the call. */
export const CallSignal = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('offer'), id: SignalId, sdp: Description }),
  z.strictObject({ type: z.literal('answer'), id: SignalId, sdp: Description }),
  z.strictObject({
    type: z.literal('candidate'),
    id: SignalId,
    candidate: z.strictObject({
      candidate: z.string().max(2000),
      sdpMid: z.string().max(64).nullable(),
      sdpMLineIndex: z.number().int().min(0).max(64).nullable(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
  }),
  z.strictObject({ type: z.literal('bye') }),
]);
export type CallSignal = z.infer<typeof CallSignal>;

/** Down the signal stream: the other browser's signals (`event: signal`) and its presence (`event: peer`). */
export const PeerPresence = z.object({ present: z.boolean() });

// The restaurant's team (admins only) and its settings, as the staff API shows them.
import { z } from 'zod';
import { AuthenticateRequest, RegisterRequest } from './auth.js';
import { DocumentId } from './menu.js';
import { DOCUMENT_ID_PATTERN } from './ids.js';

export const StaffRole = z.enum(['staff', 'admin']);

export const TeamMember = z.object({
  id: DocumentId,
  username: z.string(),
  /** `staff` works the kitchen board; `admin` also edits the menu, the settings and the team. */
  role: StaffRole,
  /** Masked: `+155…34`. */
  phone: z.string(),
  /** `false` until a code sent to the phone was entered (after an invitation or a phone reset). */
  phoneVerified: z.boolean(),
  /** The name customers see this person by, which they chose; `null`: "the kitchen". */
  displayName: z.string().nullable(),
  /** `invited`: the link was sent and not yet used; `invitation_expired`: send a new one. */
  state: z.enum(['invited', 'invitation_expired', 'active', 'disabled']),
  invitationExpiresAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime().nullable(),
});
export type TeamMember = z.infer<typeof TeamMember>;

export const Team = z.object({ members: z.array(TeamMember) });
export type Team = z.infer<typeof Team>;

export const InviteRequest = z.strictObject({
  username: RegisterRequest.shape.username,
  phone: RegisterRequest.shape.phone,
  role: StaffRole,
});
export type InviteRequest = z.infer<typeof InviteRequest>;

/** The link is shown to the admin once, and texted to the invitee's phone (`texted`). */
export const Invitation = z.object({
  member: TeamMember,
  link: z.url(),
  texted: z.boolean(),
});
export type Invitation = z.infer<typeof Invitation>;

/**
 * The name a staff member shows customers (a support call joined): a first name or a role, up to
 * 40 characters; empty for none ("the kitchen"). A generous transport limit: the rule answers.
 */
export const DisplayName = z
  .string()
  .max(200)
  .describe('A first name or a role, such as "Sam from the kitchen"; empty for "the kitchen"');

export const AcceptInvitationRequest = z.strictObject({
  /** From the invitation link, after `#`. */
  token: z
    .string()
    .regex(
      new RegExp(`^${DOCUMENT_ID_PATTERN}\\.[A-Za-z0-9_-]{43}$`),
      'must be the code from the invitation link',
    ),
  password: AuthenticateRequest.shape.password,
  displayName: DisplayName.optional(),
});
export type AcceptInvitationRequest = z.infer<typeof AcceptInvitationRequest>;

export const AcceptedInvitation = z.object({
  /** Sign in at /staff/login with this name and the new password. */
  username: z.string(),
});
export type AcceptedInvitation = z.infer<typeof AcceptedInvitation>;

/** Who is signed in at the staff surface, and how customers see them. */
export const StaffProfile = z.object({
  username: z.string(),
  role: StaffRole,
  displayName: z.string().nullable(),
});
export type StaffProfile = z.infer<typeof StaffProfile>;

export const StaffProfileRequest = z.strictObject({ displayName: DisplayName });
export type StaffProfileRequest = z.infer<typeof StaffProfileRequest>;

export const DisabledRequest = z.strictObject({ disabled: z.boolean() });
export type DisabledRequest = z.infer<typeof DisabledRequest>;

export const PhoneRequest = z.strictObject({ phone: RegisterRequest.shape.phone });
export type PhoneRequest = z.infer<typeof PhoneRequest>;

const Minutes = z.number().int().min(1).max(240);

/** When a ticket on the kitchen board turns amber, then red (minutes since the order came in). */
export const TicketTimers = z
  .strictObject({ warnAfterMinutes: Minutes, lateAfterMinutes: Minutes })
  .refine((t) => t.warnAfterMinutes < t.lateAfterMinutes, {
    error: 'must be later than the amber time',
    path: ['lateAfterMinutes'],
  });
export type TicketTimers = z.infer<typeof TicketTimers>;

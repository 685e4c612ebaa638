import { z } from "zod";
import { text } from "../validation.js";
import { Email, Name, Password } from "./identity.schemas.js";

/** A link's secret as it arrives (32 random bytes, base64url: 43 characters; a bound keeps junk cheap). */
export const LinkToken = text().trim().min(1).max(200);

export const PasswordResetInput = z.strictObject({ email: Email });
export const PasswordResetConfirmInput = z.strictObject({ token: LinkToken, password: Password });
export type PasswordResetConfirmInput = z.infer<typeof PasswordResetConfirmInput>;
export const VerifyEmailInput = z.strictObject({ token: LinkToken });
export const EmailVerificationOut = z.object({
  email: z.string(),
  verified: z.boolean(),
  /** The new address an email change waits on (its link not opened yet), or null. */
  pendingEmail: z.string().nullable(),
});

/** `PUT /me/email`: the new address, and the member's password as typed (confirms it is them). */
export const EmailChangeInput = z.strictObject({ email: Email, password: z.string().min(1, "Enter your password").max(200) });
export type EmailChangeInput = z.infer<typeof EmailChangeInput>;
export const EmailChangePending = z.object({ pendingEmail: z.string(), expiresAt: z.string() });

/** E.164, as the invitations table checks it. */
export const Phone = text().trim().regex(/^\+[1-9][0-9]{6,14}$/);

export const InvitationInput = z
  .strictObject({
    email: Email.optional(),
    phone: Phone.optional(),
    role: z.enum(["member", "operator", "admin"]).optional(),
    spaceId: z.uuid().optional(),
    projectId: z.uuid().optional(),
  })
  .refine((v) => v.email !== undefined || v.phone !== undefined, { path: ["email"], message: "Give an email address or a phone number" });
export type InvitationInput = z.infer<typeof InvitationInput>;

export const InvitationCreated = z.object({ id: z.string(), expiresAt: z.string() });

export const InvitationOut = z.object({
  id: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.enum(["member", "operator", "admin"]),
  spaceId: z.string().nullable(),
  /** The space's and the project's names as they are now (null: none, or no longer there). */
  spaceName: z.string().nullable(),
  projectId: z.string().nullable(),
  projectName: z.string().nullable(),
  /** Who sent it (an admin's list holds everyone's; null once that account is gone). */
  inviterName: z.string().nullable(),
  status: z.enum(["pending", "accepted", "revoked", "expired"]),
  expiresAt: z.string(),
  createdAt: z.string(),
});
export type InvitationOut = z.infer<typeof InvitationOut>;

/** `GET /invitations?spaceId=&projectId=`: only those for one space or one project (a space's or a project's page). */
export const InvitationsQuery = z.strictObject({ spaceId: z.uuid().optional(), projectId: z.uuid().optional() });
export type InvitationsQuery = z.infer<typeof InvitationsQuery>;

/** What a sign-up link shows before the account exists. */
export const InvitationPreview = z.object({
  inviterName: z.string().nullable(),
  email: z.string().nullable(),
  role: z.enum(["member", "operator", "admin"]),
  /** Where the new member lands after sign-up (the space they run or work at, the project they join). */
  spaceId: z.string().nullable(),
  spaceName: z.string().nullable(),
  projectId: z.string().nullable(),
  projectName: z.string().nullable(),
  expiresAt: z.string(),
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;

export const InvitationPreviewQuery = z.strictObject({ token: LinkToken });

export const SignupWithInvitationInput = z.strictObject({
  email: Email,
  password: Password,
  name: Name,
  invitation: LinkToken.optional(),
});

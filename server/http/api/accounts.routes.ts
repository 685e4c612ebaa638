import { z } from "zod";
import { accountsSchemas } from "../../domain/identity/index.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams } from "./params.js";

const Accepted = z.object({ status: z.literal("accepted") });

/** Account links (issue 15): password reset and email verification. */
export const accountsRoutes: AnyRoute[] = [
  route({
    method: "post",
    path: "/auth/password-reset",
    summary: "Ask for a password reset link by email (the same answer whether or not the address has an account)",
    tag: "accounts",
    access: "public",
    body: accountsSchemas.PasswordResetInput,
    responses: { 202: { description: "Accepted", schema: Accepted } },
    async handler({ services, body, req }) {
      await services.accounts.tokens.requestPasswordReset(body.email, req.ip ?? "unknown");
      return { status: 202, body: { status: "accepted" } };
    },
  }),
  route({
    method: "post",
    path: "/auth/password-reset/confirm",
    summary: "Set a new password with a reset link's token (once); every session, token and socket of the member ends",
    tag: "accounts",
    access: "public",
    body: accountsSchemas.PasswordResetConfirmInput,
    responses: { 204: { description: "Changed" } },
    async handler({ services, body }) {
      await services.accounts.tokens.confirmPasswordReset(body.token, body.password);
      return { status: 204 };
    },
  }),
  route({
    method: "post",
    path: "/auth/verify-email",
    summary: "Confirm an email address with a verification link's token (once); an email change's link makes its new address the account's",
    tag: "accounts",
    access: "public",
    body: accountsSchemas.VerifyEmailInput,
    responses: { 204: { description: "Verified" } },
    async handler({ services, body }) {
      await services.accounts.tokens.verifyEmail(body.token);
      return { status: 204 };
    },
  }),
  route({
    method: "get",
    path: "/me/email-verification",
    summary: "Whether your email address is confirmed",
    tag: "accounts",
    access: "member",
    responses: { 200: { description: "OK", schema: accountsSchemas.EmailVerificationOut } },
    async handler({ services, viewer }) {
      return { status: 200, body: await services.accounts.tokens.verificationOf(viewer!.id) };
    },
  }),
  route({
    method: "post",
    path: "/me/email-verification",
    summary: "Send the email verification link again (rate-limited)",
    tag: "accounts",
    access: "member",
    responses: { 202: { description: "Sent", schema: Accepted } },
    async handler({ services, viewer }) {
      await services.accounts.tokens.resendVerification(viewer!.id);
      return { status: 202, body: { status: "accepted" } };
    },
  }),
  route({
    method: "put",
    path: "/me/email",
    summary:
      "Change your email address (your password confirms it): a link goes to the new address and the change waits until it is opened; the old address is told. Another account's address: 409",
    tag: "accounts",
    access: "member",
    body: accountsSchemas.EmailChangeInput,
    responses: {
      202: { description: "Waiting for the link sent to the new address", schema: accountsSchemas.EmailChangePending },
      400: { description: "Wrong password (reason wrong_password) or a bad address" },
      409: { description: "Another account uses this address (reason email_in_use)" },
      422: { description: "That is already your address (reason same_email)" },
      429: { description: "Too many changes asked for" },
    },
    async handler({ services, viewer, body, req }) {
      return { status: 202, body: await services.accounts.emailChange.request(viewer!.id, body, req.ip ?? "unknown") };
    },
  }),
  route({
    method: "delete",
    path: "/me/email/pending",
    summary: "Cancel an email change that waits for its link (the link stops working); nothing waiting is fine too",
    tag: "accounts",
    access: "member",
    responses: { 204: { description: "Cancelled" } },
    async handler({ services, viewer }) {
      await services.accounts.emailChange.cancel(viewer!.id);
      return { status: 204 };
    },
  }),
  route({
    method: "post",
    path: "/invitations",
    summary: "Invite someone by email or WhatsApp: a single-use sign-up link valid 7 days (admins any role; operators for their spaces; project owners into their project)",
    tag: "accounts",
    access: "member",
    body: accountsSchemas.InvitationInput,
    responses: { 201: { description: "Created", schema: accountsSchemas.InvitationCreated } },
    async handler({ services, viewer, body }) {
      return { status: 201, body: await services.accounts.invitations.create(viewer!, body) };
    },
  }),
  route({
    method: "get",
    path: "/invitations",
    summary: "The invitations you sent (an admin: every one), newest first; `spaceId` or `projectId` narrows to one space or project",
    tag: "accounts",
    access: "member",
    query: accountsSchemas.InvitationsQuery,
    responses: { 200: { description: "OK", schema: z.object({ items: z.array(accountsSchemas.InvitationOut) }) } },
    async handler({ services, viewer, query }) {
      return { status: 200, body: await services.accounts.invitations.list(viewer!, query) };
    },
  }),
  route({
    method: "get",
    path: "/invitations/preview",
    summary: "Who invited, and for what, by a sign-up link's token (a used, withdrawn or expired one: 422)",
    tag: "accounts",
    access: "public",
    query: accountsSchemas.InvitationPreviewQuery,
    responses: { 200: { description: "OK", schema: accountsSchemas.InvitationPreview } },
    async handler({ services, query }) {
      return { status: 200, body: await services.accounts.invitations.preview(query.token) };
    },
  }),
  route({
    method: "delete",
    path: "/invitations/:id",
    summary: "Withdraw an invitation not used yet (its inviter or an admin)",
    tag: "accounts",
    access: "member",
    params: IdParams,
    responses: { 204: { description: "Withdrawn" } },
    async handler({ services, viewer, params }) {
      await services.accounts.invitations.revoke(viewer!, params.id);
      return { status: 204 };
    },
  }),
];

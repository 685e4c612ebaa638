import type { AppLoadContext } from "@remix-run/node";
import type { Fields, FormError } from "./forms";
import { fail, failure, idOf, parseForm } from "./forms.server";
import { INVITATION_INTENTS } from "./intents";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

/** What the invite form posted, back into it after a failure. */
export type InviteValues = { email: string; phone: string; role: string; spaceId: string };

type Outcome = { ok: true; kind: "invited"; to: string } | { ok: true; kind: "withdrawn" } | (FormError & { values?: InviteValues });
/** The answer, with the intent that posted it (the invite form and the list each show their own). */
export type InvitationResult = { intent: string } & Outcome;

/**
 * Where a page fixes the invitation (a space's page: its space; a project room: its project and the member role);
 * everything else comes from the form.
 */
export type InvitationScope = { spaceId?: string; projectId?: string; role?: "member" };

export function isInvitationIntent(intent: string): boolean {
  return intent === INVITATION_INTENTS.invite || intent === INVITATION_INTENTS.withdraw;
}

/** Invite (the API's schema and service: its rights, its link and its mail) or withdraw an invitation. */
export async function runInvitationIntent(context: AppLoadContext, viewer: Viewer, f: Fields, scope: InvitationScope = {}): Promise<InvitationResult> {
  const intent = f.text("intent");
  return { intent, ...(await run(context, viewer, f, intent, scope)) };
}

async function run(context: AppLoadContext, viewer: Viewer, f: Fields, intent: string, scope: InvitationScope): Promise<Outcome> {
  const values: InviteValues = { email: f.text("email"), phone: f.text("phone"), role: f.text("role"), spaceId: f.text("spaceId") };
  try {
    if (intent === INVITATION_INTENTS.withdraw) {
      const id = idOf(context, f.optional("invitationId"));
      if (!id) return fail(context, "not_found");
      await context.services.accounts.invitations.revoke(viewer, id);
      return { ok: true, kind: "withdrawn" };
    }
    if (intent !== INVITATION_INTENTS.invite) return fail(context, "validation_failed");
    const input = {
      email: f.optional("email"),
      phone: f.optional("phone"),
      role: scope.role ?? f.optional("role"),
      spaceId: scope.spaceId ?? f.optional("spaceId"),
      projectId: scope.projectId,
    };
    const parsed = parseForm(context, context.schemas.accounts.InvitationInput, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    if (!parsed.ok) return { ...parsed, values };
    await context.services.accounts.invitations.create(viewer, parsed.data);
    return { ok: true, kind: "invited", to: parsed.data.email ?? parsed.data.phone! };
  } catch (error) {
    return { ...failure(context, error), values };
  }
}

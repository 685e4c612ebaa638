import type { DB } from "../../../db/connect.js";
import type { Invitation, Member, Role } from "../../../db/schema.js";
import type { Clock } from "../clock.js";
import { DomainError, notFound } from "../errors.js";
import type { MessagingService } from "../messaging/index.js";
import type { InvitationInput, InvitationOut, InvitationPreview, InvitationsQuery } from "./accounts.schemas.js";
import type { MemberSummary } from "./identity.service.js";
import * as repo from "./invitations.repository.js";
import { hashLinkToken, newLinkToken } from "./tokens.service.js";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;

const inviteRole = () => new DomainError("forbidden", "You may not invite someone with that role or to that place.", { reason: "invite_role" });
const invitationInvalid = () =>
  new DomainError("rule_violation", "This invitation has expired, was withdrawn or was already used: ask for a new one.", { reason: "invitation_invalid" });

function statusOf(i: Invitation, now: Date): InvitationOut["status"] {
  if (i.accepted_at) return "accepted";
  if (i.revoked_at) return "revoked";
  return new Date(i.expires_at) <= now ? "expired" : "pending";
}

/**
 * Who may invite whom (issue 15): an admin any role, to any space or project; an operator a member or an operator,
 * for a space they run; a project's owner a member into that project. A space or project the inviter cannot see
 * is 404; anything else outside their rights is 403 invite_role.
 */
async function authorize(tx: DB, actor: MemberSummary, input: InvitationInput) {
  const role: Role = input.role ?? "member";
  const space = input.spaceId ? await repo.findSpace(tx, input.spaceId) : undefined;
  if (input.spaceId && !space) throw notFound("Space");
  const project = input.projectId ? await repo.projectFor(tx, input.projectId, actor.id) : undefined;
  // Someone else's project is not shown to a non-member (admins see every team project).
  if (input.projectId && (!project || (!project.role && actor.role !== "admin"))) throw notFound("Project");
  if (actor.role === "admin") return { role, space, project };
  if (project) {
    if (project.role !== "owner" || role !== "member" || (space && !(actor.role === "operator" && (await repo.runsSpace(tx, space.id, actor.id))))) throw inviteRole();
    return { role, space, project };
  }
  if (actor.role === "operator") {
    if (role === "admin" || !space || !(await repo.runsSpace(tx, space.id, actor.id))) throw inviteRole();
    return { role, space, project };
  }
  throw inviteRole();
}

export function createInvitations({ db, clock, messaging }: { db: DB; clock: Clock; messaging: MessagingService }) {
  return {
    /** Creates a single-use, 7-day invitation and writes its message (mail, else WhatsApp) in the same transaction. */
    async create(actor: MemberSummary, input: InvitationInput): Promise<{ id: string; expiresAt: string }> {
      return db.transaction().execute(async (tx) => {
        const { role, space, project } = await authorize(tx, actor, input);
        const now = clock.now();
        const { token, hash } = newLinkToken();
        const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
        const row = await repo.insertInvitation(tx, {
          token_hash: hash,
          email: input.email ?? null,
          phone: input.phone ?? null,
          role,
          space_id: space?.id ?? null,
          project_id: project?.id ?? null,
          invited_by: actor.id,
          expires_at: expiresAt,
          created_at: now,
        });
        const by = await repo.inviter(tx, actor.id);
        const message = {
          kind: "invitation" as const,
          data: { inviterName: by.name, token, expiresAt: expiresAt.toISOString(), role, spaceName: space?.name ?? null, projectName: project?.name ?? null },
        };
        const locale = by.locale ?? "id";
        if (input.email) await messaging.outbox.enqueue(tx, { channel: "email", memberId: null, to: input.email, locale, message });
        else await messaging.outbox.enqueue(tx, { channel: "whatsapp", memberId: null, to: input.phone!, locale, message });
        return { id: row.id, expiresAt: expiresAt.toISOString() };
      });
    },

    /** The invitations the actor sent (an admin: every one), newest first; `query` narrows to one space or project. */
    async list(actor: MemberSummary, query: InvitationsQuery = {}): Promise<{ items: InvitationOut[] }> {
      const now = clock.now();
      const rows = await repo.list(db, actor.id, { all: actor.role === "admin", ...query, limit: 200 });
      return {
        items: rows.map((i) => ({
          id: i.id,
          email: i.email,
          phone: i.phone,
          role: i.role,
          spaceId: i.space_id,
          spaceName: i.space_name,
          projectId: i.project_id,
          projectName: i.project_name,
          inviterName: i.inviter_name,
          status: statusOf(i, now),
          expiresAt: new Date(i.expires_at).toISOString(),
          createdAt: new Date(i.created_at).toISOString(),
        })),
      };
    },

    /** Withdraws an invitation not used yet (its inviter or an admin; anyone else: 404). */
    async revoke(actor: MemberSummary, id: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const i = await repo.lockById(tx, id);
        if (!i || (i.invited_by !== actor.id && actor.role !== "admin")) throw notFound("Invitation");
        if (i.accepted_at) throw invitationInvalid();
        if (!i.revoked_at) await repo.revoke(tx, id, clock.now());
      });
    },

    /** What `/signup?invitation=` shows; a used, withdrawn or expired link is 422 invitation_invalid. */
    async preview(token: string): Promise<InvitationPreview> {
      const i = await repo.findOpenByHash(db, hashLinkToken(token), clock.now());
      if (!i) throw invitationInvalid();
      return {
        inviterName: i.inviter_name,
        email: i.email,
        role: i.role,
        spaceId: i.space_id,
        spaceName: i.space_name,
        projectId: i.project_id,
        projectName: i.project_name,
        expiresAt: new Date(i.expires_at).toISOString(),
      };
    },

    /**
     * Within the sign-up's transaction: uses the invitation once (a second use, or a race lost, is 422 and the
     * account is not created), sets the role, the operator's space, the project, and confirms the address when it
     * is the one invited. Returns the member as changed, and whether the address is confirmed.
     */
    async accept(tx: DB, token: string, member: Member): Promise<{ member: Member; verified: boolean }> {
      const now = clock.now();
      const i = await repo.accept(tx, hashLinkToken(token), member.id, now);
      if (!i) throw invitationInvalid();
      let m = member;
      if (i.role !== m.role) m = await repo.setRole(tx, m.id, i.role);
      if (i.space_id && i.role === "operator") await repo.assignOperator(tx, i.space_id, m.id, i.invited_by);
      if (i.project_id) await repo.addToProject(tx, i.project_id, m.id);
      const verified = i.email !== null && i.email === m.email;
      if (verified) m = await repo.markVerified(tx, m.id, now);
      return { member: m, verified };
    },
  };
}

export type Invitations = ReturnType<typeof createInvitations>;

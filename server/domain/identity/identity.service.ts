import { createHmac, randomBytes } from "node:crypto";
import type { DB } from "../../../db/connect.js";
import { noWebhooks, type WebhookEmitter } from "../messaging/index.js";
import type { Member, Role } from "../../../db/schema.js";
import type { EventBus } from "../../events.js";
import { dbErrorCode, DomainError, notFound, translateDbError } from "../errors.js";
import type { Clock } from "../clock.js";
import * as erasure from "./erasure.repository.js";
import * as accountTokens from "./tokens.repository.js";
import * as repo from "./identity.repository.js";
import type {
  AdminMemberOut,
  AdminMembersQuery,
  ChangePasswordInput,
  DeleteAccountInput,
  LoginInput,
  SignupInput,
  TokenInput,
} from "./identity.schemas.js";
import { getDummyHash, hashPassword, verifyPassword } from "./password.js";
import { createThrottle, type ThrottleRule } from "./throttle.js";

export type MemberSummary = { id: string; email: string; name: string; role: Role };
export type Viewer = MemberSummary & { sessionId: string; sessionKind: "web" | "api"; locale: "id" | "en" | null };

export const WEB_SESSION_DAYS = 30;
export const API_TOKEN_DAYS = 365;

/**
 * Throttling, in sliding windows. Log-in failures count per (account, client address): a stranger's ten bad guesses
 * lock out only the stranger's address, and the owner still gets in from their own. Per address across accounts,
 * and a looser cap per account across every address (guesses spread over many addresses). Each attempt is reserved
 * before the password is checked or hashed, so parallel requests cannot outrun a limit.
 */
export const LOGIN_LIMITS = {
  perAccountAndIp: { max: 10, windowMs: 15 * 60_000 },
  perIp: { max: 100, windowMs: 60 * 60_000 },
  perAccount: { max: 50, windowMs: 15 * 60_000 },
  /** Sign-ups per client address (each costs a password hash). */
  signupPerIp: { max: 20, windowMs: 60 * 60_000 },
};

const INVALID_LOGIN = "Email or password is incorrect.";
const SUSPENDED = "This account is suspended.";

/** A password as typed that does not match the account's (change password, delete account): beside its field. */
function wrongPassword(path: string): DomainError {
  return new DomainError("validation_failed", "The password is incorrect.", {
    errors: [{ path, code: "wrong_password", message: "The password is incorrect." }],
    reason: "wrong_password",
  });
}

/**
 * The network always keeps an active admin: a change that would take the last one out (a demotion, a suspension)
 * is refused. Runs inside the change's transaction, after locking every active admin's row, so two admins
 * demoting or suspending each other at once cannot both pass.
 */
async function assertAnAdminRemains(trx: DB, memberId: string): Promise<void> {
  const admins = await repo.lockActiveAdmins(trx);
  if (admins.includes(memberId) && admins.length <= 1) {
    throw new DomainError("rule_violation", "At least one active admin must remain: make someone else an admin first.", {
      reason: "last_admin",
    });
  }
}

export function toMemberSummary(m: Pick<Member, "id" | "email" | "name" | "role">): MemberSummary {
  return { id: m.id, email: m.email, name: m.name, role: m.role };
}

export type IdentityDeps = { db: DB; bus: EventBus; clock: Clock; secret: string; webhooks?: WebhookEmitter };

export function createIdentityService({ db, bus, clock, secret, webhooks = noWebhooks }: IdentityDeps) {
  const hashToken = (token: string) => createHmac("sha256", secret).update(token).digest("hex");

  async function newSession(memberId: string, kind: "web" | "api", label = "") {
    const token = `${kind === "api" ? "jjt" : "jjs"}_${randomBytes(32).toString("base64url")}`;
    const days = kind === "web" ? WEB_SESSION_DAYS : API_TOKEN_DAYS;
    const now = clock.now();
    await repo
      .insertSession(db, {
      id: hashToken(token),
      member_id: memberId,
      kind,
      label,
      created_at: now,
      last_used_at: now,
      expires_at: new Date(now.getTime() + days * 86_400_000),
      })
      .catch((error: unknown) => {
        // The account was deleted between the password check and this insert: as if it never existed.
        if (dbErrorCode(error) === "23503") throw new DomainError("unauthenticated", INVALID_LOGIN);
        throw error;
      });
    return token;
  }

  const throttle = createThrottle({ db, clock });

  /** Sets a role; taking the last active admin's role away is refused (under the admins' row locks). */
  async function changeRole(memberId: string, role: Role) {
    const m = await db.transaction().execute(async (trx) => {
      if (role !== "admin") await assertAnAdminRemains(trx, memberId);
      return repo.updateRole(trx, memberId, role);
    });
    if (!m) throw notFound("Member");
    return m;
  }

  /** Reserves one attempt in every bucket, or throws `rate_limited` with the wait (nothing stays reserved). */
  async function reserveOrThrow(rules: ThrottleRule[]) {
    const result = await throttle.reserveAll(rules);
    if (!result.ok) throw new DomainError("rate_limited", "Too many attempts. Try again later.", { reason: "too_many_attempts", retryAfter: result.retryAfter });
    return result.reservations;
  }

  /**
   * Checks a password as typed against the account of `email`, under the log-in limits: the attempt is reserved in
   * the (account, address), address and account buckets before the password is hashed. A wrong one (or an unknown
   * email, verified against a dummy hash at the same cost) keeps all three and answers null. A right one was no
   * guess: this address's failures on the account are forgotten, and the address and the account get the attempt
   * back (the account keeps the failures other addresses made: a stranger cannot clear them by logging in).
   */
  async function checkPassword(email: string, password: string, ip: string): Promise<Member | null> {
    const pairBucket = `login:ip-account:${ip}|${email}`;
    const [, ipReservation, accountReservation] = await reserveOrThrow([
      { bucket: pairBucket, ...LOGIN_LIMITS.perAccountAndIp },
      { bucket: `login:ip:${ip}`, ...LOGIN_LIMITS.perIp },
      { bucket: `login:account:${email}`, ...LOGIN_LIMITS.perAccount },
    ]);
    const member = await repo.findMemberByEmail(db, email);
    const ok = await verifyPassword(password, member?.password_hash ?? (await getDummyHash()));
    if (!member || !ok) return null;
    await throttle.reset(pairBucket);
    if (ipReservation) await throttle.release(ipReservation);
    if (accountReservation) await throttle.release(accountReservation);
    return member;
  }

  /**
   * Log-in: unknown email and wrong password are indistinguishable. A suspended member is told so, but only after
   * the right password (a stranger learns nothing about the account).
   */
  async function authenticate(input: LoginInput, ip: string): Promise<Member> {
    const member = await checkPassword(input.email, input.password, ip);
    if (!member) throw new DomainError("unauthenticated", INVALID_LOGIN, { reason: "invalid_login" });
    if (member.suspended_at) throw new DomainError("unauthenticated", SUSPENDED, { reason: "account_suspended" });
    return member;
  }

  /** The signed-in member's own password as typed (throttled like log-in), or a field error on `field`. */
  async function confirmOwnPassword(memberId: string, password: string, ip: string, field: string): Promise<Member> {
    const me = await repo.findMemberById(db, memberId);
    if (!me) throw notFound("Member");
    const checked = await checkPassword(me.email, password, ip);
    if (!checked || checked.id !== me.id) throw wrongPassword(field);
    return me;
  }

  return {
    /** The signed-in member's own password as typed confirms a change (throttled like log-in); wrong: a field error. */
    async confirmPassword(memberId: string, password: string, ip: string, field = "password"): Promise<void> {
      await confirmOwnPassword(memberId, password, ip, field);
    },

    /**
     * `within`: more of the sign-up, in its transaction (an email verification link, an invitation's role, space
     * and project); it may return the member as it changed them.
     */
    async signup(
      input: SignupInput,
      opts: { role?: Role; ip?: string; within?: (trx: DB, member: Member) => Promise<Member | void> } = {},
    ): Promise<MemberSummary> {
      // Every sign-up from an address counts (each costs a password hash), reserved before the hash.
      if (opts.ip) await reserveOrThrow([{ bucket: `signup:ip:${opts.ip}`, ...LOGIN_LIMITS.signupPerIp }]);
      const password_hash = await hashPassword(input.password);
      try {
        const member = await db.transaction().execute(async (trx) => {
          const m = await repo.insertMember(trx, {
            email: input.email,
            name: input.name,
            password_hash,
            role: opts.role ?? "member",
          });
          await repo.insertEmptyProfile(trx, m.id);
          await webhooks.emit(trx, "member.joined", { memberId: m.id });
          return (await opts.within?.(trx, m)) ?? m;
        });
        return toMemberSummary(member);
      } catch (error) {
        throw translateDbError(error, { "23505": { message: "An account with this email already exists.", details: { reason: "email_taken" } } });
      }
    },

    /** Web log-in: returns the session token for the cookie. */
    async login(input: LoginInput, ip: string): Promise<{ member: MemberSummary; token: string; locale: "id" | "en" | null }> {
      const member = await authenticate(input, ip);
      return { member: toMemberSummary(member), token: await newSession(member.id, "web"), locale: member.locale };
    },

    async createApiToken(input: TokenInput, ip: string): Promise<{ member: MemberSummary; token: string }> {
      const member = await authenticate(input, ip);
      return { member: toMemberSummary(member), token: await newSession(member.id, "api", input.label ?? "") };
    },

    /** A session for a member already known (sign-up, CLI); no password check. */
    startSession(memberId: string, kind: "web" | "api") {
      return newSession(memberId, kind);
    },

    /** Resolves a cookie or bearer token to the member behind it, or null. */
    async resolve(token: string | undefined | null): Promise<Viewer | null> {
      if (!token || token.length > 200) return null;
      const now = clock.now();
      const row = await repo.findLiveSession(db, hashToken(token), now);
      if (!row) return null;
      // Refresh "last used" at most every 10 minutes to keep reads cheap.
      if (now.getTime() - new Date(row.last_used_at).getTime() > 10 * 60_000) {
        await repo.touchSession(db, row.session_id, now);
      }
      return {
        id: row.id,
        email: row.email,
        name: row.name,
        role: row.role,
        locale: row.locale,
        sessionId: row.session_id,
        sessionKind: row.kind,
      };
    },

    /** Ends one session or token at once; its sockets are disconnected through the bus. */
    async revokeSession(sessionId: string): Promise<void> {
      const row = await repo.deleteSession(db, sessionId);
      if (row) bus.publish("session.revoked", { sessionIds: [row.id], memberId: row.member_id });
    },

    /** Log out everywhere: every session and API token ends, and an email change that waits is dropped. */
    async revokeAllSessions(memberId: string): Promise<void> {
      const rows = await db.transaction().execute(async (trx) => {
        await accountTokens.invalidateUnused(trx, memberId, "email_change", clock.now());
        return repo.deleteMemberSessions(trx, memberId);
      });
      if (rows.length) bus.publish("session.revoked", { sessionIds: rows.map((r) => r.id), memberId });
    },

    async getMember(id: string): Promise<MemberSummary> {
      const m = await repo.findMemberById(db, id);
      if (!m) throw notFound("Member");
      return toMemberSummary(m);
    },

    async setRole(actor: MemberSummary, memberId: string, role: Role): Promise<MemberSummary> {
      if (actor.role !== "admin") throw new DomainError("forbidden", "Only an admin can change roles.", { reason: "admin_only" });
      const m = await changeRole(memberId, role);
      bus.publish("member.updated", { memberId });
      return toMemberSummary(m);
    },

    /** Admin: the member list, searchable by name or email, newest first, keyset-paged. */
    async listForAdmin(actor: MemberSummary, query: AdminMembersQuery): Promise<{ items: AdminMemberOut[]; nextCursor: string | null }> {
      if (actor.role !== "admin") throw new DomainError("forbidden", "Only an admin can list members.", { reason: "admin_only" });
      const limit = query.limit ?? 50;
      const rows = await repo.listMembersForAdmin(db, { ...query, limit, before: decodeMemberCursor(query.cursor) });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((m) => ({
          id: m.id,
          email: m.email,
          name: m.name,
          role: m.role,
          suspended: m.suspended_at !== null,
          lastSeenAt: m.last_seen_at ? new Date(m.last_seen_at).toISOString() : null,
          createdAt: new Date(m.created_at).toISOString(),
        })),
        nextCursor:
          rows.length > limit && last
            ? Buffer.from(JSON.stringify({ c: new Date(last.created_at).toISOString(), i: last.id })).toString("base64url")
            : null,
      };
    },

    /**
     * Admin: suspend a member (they cannot log in; every session and token ends at once, and their sockets are
     * disconnected on every node) or lift the suspension.
     */
    async setSuspended(actor: MemberSummary, memberId: string, suspended: boolean): Promise<MemberSummary & { suspended: boolean }> {
      if (actor.role !== "admin") throw new DomainError("forbidden", "Only an admin can suspend members.", { reason: "admin_only" });
      if (actor.id === memberId) throw new DomainError("rule_violation", "You cannot suspend yourself.", { reason: "self_suspension" });
      const m = await db.transaction().execute(async (trx) => {
        if (suspended) await assertAnAdminRemains(trx, memberId);
        return repo.setSuspended(trx, memberId, suspended ? clock.now() : null);
      });
      if (!m) throw notFound("Member");
      if (suspended) await this.revokeAllSessions(memberId);
      bus.publish("member.updated", { memberId });
      return { ...toMemberSummary(m), suspended };
    },

    /** A trusted system action (the CLI): set a role by email. */
    async grantRole(email: string, role: Role): Promise<MemberSummary> {
      const found = await repo.findMemberByEmail(db, email.trim().toLowerCase());
      if (!found) throw notFound("Member");
      const m = await changeRole(found.id, role);
      bus.publish("member.updated", { memberId: m.id });
      return toMemberSummary(m);
    },

    /**
     * Change password: the current one confirms it (throttled like log-in). Every OTHER browser session of the
     * member ends (their sockets too); this session and the API tokens stay (log out everywhere ends those).
     */
    async changePassword(viewer: Viewer, input: ChangePasswordInput, ip: string): Promise<{ endedSessions: number }> {
      await confirmOwnPassword(viewer.id, input.currentPassword, ip, "currentPassword");
      const password_hash = await hashPassword(input.newPassword);
      const ended = await db.transaction().execute(async (trx) => {
        await repo.updatePasswordHash(trx, viewer.id, password_hash);
        // Whoever asked for a waiting email change knew the old password: the change is dropped with it.
        await accountTokens.invalidateUnused(trx, viewer.id, "email_change", clock.now());
        return repo.deleteOtherWebSessions(trx, viewer.id, viewer.sessionId);
      });
      if (ended.length) bus.publish("session.revoked", { sessionIds: ended.map((r) => r.id), memberId: viewer.id });
      return { endedSessions: ended.length };
    },

    /**
     * Deletes the account, confirmed by its password, in one transaction: bookings still to come are cancelled
     * (they go with the account's booking history, the places free at once), messages stay with no author (a former
     * member), the profile, connections, introductions, notifications and waitlist places are removed, every
     * session and API token ends. Projects: where the member is the only owner the longest-standing other member
     * becomes owner; a project with no other member is deleted (as when its last member leaves). The last active
     * admin cannot delete their account.
     */
    async deleteAccount(viewer: Viewer, input: DeleteAccountInput, ip: string): Promise<{ cancelledBookings: number; deletedProjects: number }> {
      await confirmOwnPassword(viewer.id, input.password, ip, "password");
      const now = clock.now();
      const done = await db
        .transaction()
        .execute(async (trx) => {
          const me = await erasure.lockMember(trx, viewer.id);
          if (!me) throw notFound("Member");
          if (me.role === "admin") await assertAnAdminRemains(trx, me.id);
          const projects = await erasure.lockProjectsOf(trx, me.id);
          const deletedProjects: string[] = [];
          const leftProjects: string[] = [];
          for (const p of projects) {
            if (!p.others.length) {
              await erasure.deleteProject(trx, p.id);
              deletedProjects.push(p.id);
              continue;
            }
            const heir = p.others[0]!;
            if (p.role === "owner" && !p.others.some((o) => o.role === "owner")) await erasure.promoteToOwner(trx, p.id, heir.member_id);
            leftProjects.push(p.id);
          }
          const bookings = await erasure.lockFutureBookings(trx, me.id, now);
          const sessions = await erasure.sessionIdsOf(trx, me.id);
          await erasure.deleteMember(trx, me.id);
          return { bookings, sessions, leftProjects, deletedProjects };
        })
        .catch((error: unknown) => {
          // A record another context keeps and may not lose (a foreign key without ON DELETE): refused, not a 500.
          if (dbErrorCode(error) === "23503") {
            throw new DomainError("rule_violation", "This account still has records that must be kept.", { reason: "account_has_records" });
          }
          throw error;
        });
      if (done.sessions.length) bus.publish("session.revoked", { sessionIds: done.sessions.map((r) => r.id), memberId: viewer.id, accountDeleted: true });
      for (const b of done.bookings) {
        bus.publish("booking.changed", { spaceId: b.space_id, resourceId: b.resource_id, start: b.start.toISOString(), end: b.end.toISOString(), change: "cancelled" });
      }
      for (const spaceId of new Set(done.bookings.filter((b) => b.status === "checked_in").map((b) => b.space_id))) {
        bus.publish("presence.changed", { spaceId });
      }
      for (const projectId of done.leftProjects) bus.publish("project.membership", { projectId, memberId: viewer.id, change: "removed" });
      bus.publish("member.updated", { memberId: viewer.id });
      return { cancelledBookings: done.bookings.length, deletedProjects: done.deletedProjects.length };
    },

    /** What deleting the account would do now: upcoming bookings cancelled, projects deleted (no other member). */
    deletionPreview(memberId: string): Promise<{ upcomingBookings: number; projectsDeleted: number }> {
      return erasure.previewOf(db, memberId, clock.now());
    },

    async setLocale(memberId: string, locale: "id" | "en"): Promise<void> {
      await repo.updateLocale(db, memberId, locale);
    },

    /** Whether a session is still live (sockets re-check after joining their session room). */
    isSessionLive(sessionId: string): Promise<boolean> {
      return repo.sessionExists(db, sessionId, clock.now());
    },

    /** Housekeeping: drop expired sessions and throttle buckets whose attempts all left their window. */
    async prune(tx: DB = db): Promise<void> {
      const now = clock.now();
      const expired = await repo.deleteExpiredSessions(tx, now);
      for (const row of expired) bus.publish("session.revoked", { sessionIds: [row.id], memberId: row.member_id });
      await throttle.prune(tx);
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;

function decodeMemberCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString()) as { c?: unknown; i?: unknown };
    const createdAt = new Date(String(v.c));
    // Only what a page could have carried: a real id and an instant PostgreSQL can compare (no year 0, no +275760).
    const year = createdAt.getUTCFullYear();
    if (typeof v.i === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v.i) && year >= 1970 && year <= 9999) {
      return { createdAt, id: v.i };
    }
  } catch {
    // fall through
  }
  throw new DomainError("validation_failed", "The cursor is not valid.", { reason: "invalid_cursor", errors: [{ path: "cursor", code: "invalid_cursor", message: "Not a valid cursor" }] });
}

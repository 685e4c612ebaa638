import type { DB } from "../../../db/connect.js";
import type { Profile, ProfileUpdate } from "../../../db/schema.js";
import type { Clock } from "../clock.js";
import { DomainError, isUniqueViolation, notFound } from "../errors.js";
import { textProblem } from "../validation.js";
import type { MemberSummary } from "../identity/index.js";
import type { NotificationsService } from "../notifications/index.js";
import { resolveTimes } from "../time.js";
import { meetingRoom } from "./introductions.repository.js";
import * as repo from "./network.repository.js";
import type {
  ConnectionCreate,
  ConnectionOut,
  DirectoryQuery,
  HealthOut,
  IntroductionCreate,
  IntroductionOut,
  MatchOut,
  MeetingInput,
  MeetingOut,
  MemberCard,
  MemberProfileOut,
  ProfileOut,
  ProfilePatch,
} from "./network.schemas.js";
import { normalizeTag } from "./network.schemas.js";
import { searchTerms } from "./search-terms.js";
import { photoUrl, viewableCard } from "./visibility.js";

type Viewer = Pick<MemberSummary, "id" | "role">;

function toProfile(p: Profile & { name: string }): ProfileOut {
  return {
    name: p.name,
    headline: p.headline,
    bio: p.bio,
    businessName: p.business_name,
    city: p.city,
    specialties: p.specialties,
    offers: p.offers,
    needs: p.needs,
    links: p.links,
    showPresence: p.show_presence,
    hidden: p.hidden,
  };
}

export function toCard(r: repo.CardRow): MemberCard {
  return {
    id: r.id,
    name: r.name,
    headline: r.headline,
    businessName: r.business_name,
    city: r.city,
    specialties: r.specialties,
    offers: r.offers,
    needs: r.needs,
    photoUrl: photoUrl(r.id, r.photo_version, "thumb"),
  };
}

/** A suggested meeting as the API shows it (none without a room and times). */
export function meetingOut(r: { resource_id: string | null; resource_name: string | null; space_id: string | null; space_name: string | null; timezone: string | null; meet_start: Date | null; meet_end: Date | null }): MeetingOut | null {
  if (!r.resource_id || !r.meet_start || !r.meet_end || !r.space_id) return null;
  return { resourceId: r.resource_id, resourceName: r.resource_name ?? "", spaceId: r.space_id, spaceName: r.space_name ?? "", timezone: r.timezone ?? "Asia/Jakarta", start: new Date(r.meet_start).toISOString(), end: new Date(r.meet_end).toISOString() };
}

const encodeCursor = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
/** A page cursor of the kind the query uses: (score, id) for searches, (name, id) for plain listings. */
function decodeCursor(cursor: string | undefined, kind: "score" | "name"): { score: number; id: string } | { name: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Record<string, unknown>;
    if (typeof v.id === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v.id)) {
      if (kind === "score" && typeof v.score === "number") return { score: v.score, id: v.id };
      // A name that no member could have (NUL reached PostgreSQL and answered 500) is not a cursor either.
      if (kind === "name" && typeof v.name === "string" && textProblem(v.name) === null) return { name: v.name, id: v.id };
    }
  } catch {
    // fall through
  }
  throw new DomainError("validation_failed", "That page cursor is not valid.", { reason: "invalid_cursor", errors: [{ path: "cursor", code: "invalid_cursor", message: "Not a valid cursor" }] });
}

/** Match weights: complementarity counts most, both directions most of all; then specialty, projects, presence. */
export const MATCH_WEIGHTS = { perOffer: 3, perNeed: 3, bothWays: 4, sharedSpecialty: 1, sharedProject: 1, hereToday: 2 };

export function createNetworkService({ db, clock, notifications }: { db: DB; clock: Clock; notifications: NotificationsService }) {
  const viewable = (viewer: Viewer, memberId: string) => viewableCard(db, viewer, memberId);

  /** The room and times of a suggested meeting: a room that takes bookings, times read in its space's zone. */
  async function meetingFor(input: MeetingInput) {
    const room = await meetingRoom(db, input.resourceId);
    if (!room) throw notFound("Resource");
    return { room, ...resolveTimes(room, input.start, input.end) };
  }

  return {
    async getProfile(memberId: string): Promise<ProfileOut> {
      const p = await repo.findProfile(db, memberId);
      if (!p) throw notFound("Profile");
      return toProfile(p);
    },

    async updateProfile(memberId: string, patch: ProfilePatch): Promise<ProfileOut> {
      const changes: ProfileUpdate = { updated_at: clock.now() };
      if (patch.headline !== undefined) changes.headline = patch.headline;
      if (patch.bio !== undefined) changes.bio = patch.bio;
      if (patch.businessName !== undefined) changes.business_name = patch.businessName;
      if (patch.city !== undefined) changes.city = patch.city;
      if (patch.specialties !== undefined) changes.specialties = patch.specialties;
      if (patch.offers !== undefined) changes.offers = patch.offers;
      if (patch.needs !== undefined) changes.needs = patch.needs;
      if (patch.links !== undefined) changes.links = patch.links;
      if (patch.showPresence !== undefined) changes.show_presence = patch.showPresence;
      if (patch.hidden !== undefined) changes.hidden = patch.hidden;
      const p = await db.transaction().execute(async (trx) => {
        if (patch.name !== undefined) await repo.renameMember(trx, memberId, patch.name);
        if (!(await repo.updateProfile(trx, memberId, changes))) return undefined;
        return repo.findProfile(trx, memberId);
      });
      if (!p) throw notFound("Profile");
      return toProfile(p);
    },

    /** A member's public profile; links only for yourself and accepted connections; hidden members are 404. */
    async member(viewer: Viewer, memberId: string): Promise<MemberProfileOut> {
      const row = await viewable(viewer, memberId);
      const isSelf = row.id === viewer.id;
      const link = isSelf ? undefined : await repo.liveConnectionBetween(db, viewer.id, memberId);
      return {
        ...toCard(row),
        photoUrl: photoUrl(row.id, row.profile_photo_version, "full"),
        bio: row.bio,
        links: isSelf || link?.status === "accepted" ? row.links : null,
        connection: link ? { id: link.id, status: link.status, direction: link.requester_id === viewer.id ? "outgoing" : "incoming" } : null,
        isSelf,
      };
    },

    async directory(viewer: Viewer, query: DirectoryQuery): Promise<{ items: MemberCard[]; nextCursor: string | null }> {
      const terms = query.q ? searchTerms(query.q) : undefined;
      const after = decodeCursor(query.cursor, terms ? "score" : "name");
      const [q, specialty, offer, need] = await repo.conceptsOf(db, [query.q ?? "", query.specialty ?? "", query.offer ?? "", query.need ?? ""]);
      const rows = await db.transaction().execute(async (trx) => {
        if (terms) await repo.useFuzzyThreshold(trx);
        return repo.searchDirectory(trx, {
          terms,
          specialty: query.specialty,
          offer: query.offer,
          need: query.need,
          city: query.city,
          concepts: { q, specialty, offer, need },
          hereAt: query.hereAt ? { spaceId: query.hereAt, now: clock.now() } : undefined,
          viewerId: viewer.id,
          limit: query.limit,
          after,
        });
      });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > query.limit && last ? encodeCursor(terms ? { score: last.score, id: last.id } : { name: last.name, id: last.id }) : null;
      return { items: page.map(toCard), nextCursor };
    },

    /**
     * Ranked complementary specialists with the reasons. People checked in at my space (the given one, or where
     * I am checked in now) get a boost. Never myself, never hidden members.
     */
    async matches(viewer: Viewer, opts: { limit: number; spaceId?: string }): Promise<MatchOut[]> {
      const now = clock.now();
      const spaceId = opts.spaceId ?? (await repo.currentSpaceOf(db, viewer.id, now));
      const { rows } = await repo.topMatches(db, viewer.id, spaceId, now, MATCH_WEIGHTS, opts.limit);
      return rows.map((r) => {
        // Facts, not sentences: the UI words each reason (and its plural) in the reader's language.
        const reasons: MatchOut["reasons"] = [];
        const tags = (t: string[]) => ({ data: { tags: t }, detail: t.join(", ") });
        if (r.they_offer.length) reasons.push({ kind: "offers_what_you_need", ...tags(r.they_offer) });
        if (r.they_need.length) reasons.push({ kind: "needs_what_you_offer", ...tags(r.they_need) });
        if (r.here) reasons.push({ kind: "here_today", data: {}, detail: "" });
        if (r.shared_specialties.length) reasons.push({ kind: "shared_specialty", ...tags(r.shared_specialties) });
        if (r.shared_projects) reasons.push({ kind: "shared_project", data: { count: r.shared_projects }, detail: String(r.shared_projects) });
        return { member: toCard(r), score: r.score, reasons };
      });
    },

    async tags(field: "specialties" | "offers" | "needs", prefix?: string) {
      const { rows } = await repo.tagSuggestions(db, field, prefix ? normalizeTag(prefix) : undefined);
      return rows;
    },

    async connect(viewer: Viewer, input: ConnectionCreate): Promise<ConnectionOut> {
      if (input.memberId === viewer.id) throw new DomainError("validation_failed", "You cannot connect with yourself.", { reason: "self_connection" });
      // Someone who asked me may answer-back even if they are hidden from the directory.
      const asked = await repo.liveConnectionBetween(db, viewer.id, input.memberId);
      const other = asked?.status === "pending" && asked.addressee_id === viewer.id ? await repo.findCard(db, input.memberId) : await viewable(viewer, input.memberId);
      if (!other) throw notFound("Member");
      const effects: Array<() => void> = [];
      const out = await db.transaction().execute(async (trx) => {
        const existing = await repo.liveConnectionBetween(trx, viewer.id, input.memberId);
        if (existing) {
          // They already asked me: asking back accepts.
          if (existing.status === "pending" && existing.addressee_id === viewer.id) {
            const accepted = await repo.respond(trx, existing.id, "accepted", clock.now());
            effects.push(await notifyAccepted(trx, accepted.requester_id, viewer.id, accepted.id));
            return { row: accepted, direction: "incoming" as const };
          }
          throw new DomainError("already_exists", "You are already connected or have asked already.", { reason: "already_connected" });
        }
        const row = await repo.insertConnection(trx, {
          requesterId: viewer.id,
          addresseeId: input.memberId,
          note: input.note ?? "",
          introductionId: input.introductionId ?? null,
        });
        const me = await repo.findCard(trx, viewer.id);
        if (!me) throw notFound("Member");
        effects.push(
          await notifications.notify(trx, input.memberId, {
            kind: "connection_requested",
            data: { connectionId: row.id, memberId: viewer.id, memberName: me.name, note: row.note },
          }),
        );
        return { row, direction: "outgoing" as const };
      }).catch((error: unknown) => {
        if (isUniqueViolation(error)) throw new DomainError("already_exists", "You are already connected or have asked already.", { reason: "already_connected" });
        throw error;
      });
      for (const e of effects) e();
      return {
        id: out.row.id,
        status: out.row.status,
        direction: out.direction,
        note: out.row.note,
        member: toCard(other),
        createdAt: new Date(out.row.created_at).toISOString(),
        respondedAt: out.row.responded_at ? new Date(out.row.responded_at).toISOString() : null,
      };
    },

    /** The invitee accepts or declines; anyone else gets 404. */
    async respond(viewer: Viewer, connectionId: string, answer: "accepted" | "declined"): Promise<ConnectionOut> {
      const effects: Array<() => void> = [];
      const row = await db.transaction().execute(async (trx) => {
        const c = await repo.findConnectionForUpdate(trx, connectionId);
        if (!c || (c.addressee_id !== viewer.id && c.requester_id !== viewer.id)) throw notFound("Connection");
        if (c.addressee_id !== viewer.id) throw new DomainError("forbidden", "Only the invited member can answer.", { reason: "invitee_only" });
        if (c.status !== "pending") throw new DomainError("rule_violation", "This request was already answered.", { reason: "already_answered" });
        const updated = await repo.respond(trx, c.id, answer, clock.now());
        if (answer === "accepted") effects.push(await notifyAccepted(trx, c.requester_id, viewer.id, c.id));
        return updated;
      });
      for (const e of effects) e();
      const other = await repo.cardsByIds(db, [row.requester_id]);
      if (!other[0]) throw notFound("Member");
      return {
        id: row.id,
        status: row.status,
        direction: "incoming",
        note: row.note,
        member: toCard(other[0]),
        createdAt: new Date(row.created_at).toISOString(),
        respondedAt: row.responded_at ? new Date(row.responded_at).toISOString() : null,
      };
    },

    /**
     * Whether the two have an accepted connection, read in the caller's transaction under a share lock (a removal
     * waits for that transaction to end): the one check direct rooms make before a write.
     */
    async lockAccepted(tx: DB, a: string, b: string): Promise<boolean> {
      return (await repo.lockAcceptedConnectionBetween(tx, a, b)) !== undefined;
    },

    /** Either member removes a connection or withdraws a request (the row goes; they may ask again later). */
    async removeConnection(viewer: Viewer, connectionId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const c = await repo.findConnectionForUpdate(trx, connectionId);
        if (!c || (c.addressee_id !== viewer.id && c.requester_id !== viewer.id)) throw notFound("Connection");
        await repo.deleteConnection(trx, c.id);
      });
    },

    async connections(viewer: Viewer): Promise<ConnectionOut[]> {
      const rows = await repo.listConnections(db, viewer.id);
      return rows.map((r) => ({
        id: r.connection_id,
        status: r.status,
        direction: r.requester_id === viewer.id ? "outgoing" : "incoming",
        note: r.note,
        member: toCard(r),
        createdAt: new Date(r.created_at).toISOString(),
        respondedAt: r.responded_at ? new Date(r.responded_at).toISOString() : null,
      }));
    },

    /** The network manager introduces two members; both are notified with the other's profile and a connect link. */
    async introduce(viewer: Viewer, input: IntroductionCreate): Promise<IntroductionOut> {
      if (viewer.role !== "admin") throw new DomainError("forbidden", "Only the network manager can introduce members.", { reason: "network_manager_only" });
      const [a, b] = input.memberIds;
      const cards = await repo.cardsByIds(db, [a, b]);
      const ca = cards.find((c) => c.id === a);
      const cb = cards.find((c) => c.id === b);
      if (!ca || !cb) throw notFound("Member");
      const meeting = input.meeting ? await meetingFor(input.meeting) : null;
      const effects: Array<() => void> = [];
      const intro = await db.transaction().execute(async (trx) => {
        const row = await repo.insertIntroduction(trx, { createdBy: viewer.id, a, b, note: input.note, at: clock.now(), meeting });
        for (const [to, other] of [
          [ca, cb],
          [cb, ca],
        ] as const) {
          effects.push(
            await notifications.notify(trx, to.id, {
              kind: "introduction",
              data: { introductionId: row.id, memberId: other.id, memberName: other.name, headline: other.headline, note: row.note },
            }),
          );
        }
        return row;
      });
      for (const e of effects) e();
      return {
        id: intro.id,
        note: intro.note,
        createdAt: new Date(intro.created_at).toISOString(),
        members: [toCard(ca), toCard(cb)],
        meeting: meeting && meetingOut({ ...meeting.room, resource_id: meeting.room.id, resource_name: meeting.room.name, meet_start: meeting.start, meet_end: meeting.end }),
        outcome: { connected: false, sharedProject: false, met: false, useful: 0 },
      };
    },

    async introductions(viewer: Viewer, limit = 50): Promise<IntroductionOut[]> {
      if (viewer.role !== "admin") throw new DomainError("forbidden", "Only the network manager can see introductions.", { reason: "network_manager_only" });
      const { rows } = await repo.listIntroductions(db, limit);
      const cards = await repo.cardsByIds(db, [...new Set(rows.flatMap((r) => [r.member_a, r.member_b]))]);
      const byId = new Map(cards.map((c) => [c.id, toCard(c)]));
      return rows
        .filter((r) => byId.has(r.member_a) && byId.has(r.member_b))
        .map((r) => ({
          id: r.id,
          note: r.note,
          createdAt: new Date(r.created_at).toISOString(),
          members: [byId.get(r.member_a)!, byId.get(r.member_b)!],
          meeting: meetingOut(r),
          outcome: { connected: r.connected, sharedProject: r.shared_project, met: r.met, useful: Number(r.useful) },
        }));
    },

    async health(viewer: Viewer): Promise<HealthOut> {
      if (viewer.role !== "admin") throw new DomainError("forbidden", "Only the network manager can see network health.", { reason: "network_manager_only" });
      const [c, balance, gaps] = await Promise.all([repo.healthCounts(db, clock.now()), repo.tagBalance(db), repo.conceptGaps(db, 20)]);
      return {
        members: c.members,
        activeThisWeek: c.active,
        connections: { accepted: c.accepted, pending: c.pending, thisWeek: c.this_week },
        introductions: { total: c.intros, connected: c.intros_connected, conversion: c.intros ? c.intros_connected / c.intros : 0 },
        gaps: gaps.rows.map((g) => ({
          tag: g.tag,
          members: g.members,
          concept: g.slug ? { slug: g.slug, nameId: g.name_id!, nameEn: g.name_en! } : null,
        })),
        unneededOffers: balance.rows
          .filter((r) => r.offered > 0 && r.needed === 0)
          .sort((x, y) => y.offered - x.offered)
          .map((r) => ({ tag: r.tag, members: r.offered }))
          .slice(0, 20),
        topNeeds: balance.rows.filter((r) => r.needed > 0).slice(0, 12),
      };
    },
  };

  async function notifyAccepted(trx: DB, requesterId: string, accepterId: string, connectionId: string) {
    const accepter = await repo.findCard(trx, accepterId);
    if (!accepter) throw notFound("Member");
    return notifications.notify(trx, requesterId, {
      kind: "connection_accepted",
      data: { connectionId, memberId: accepterId, memberName: accepter.name },
    });
  }
}

export type NetworkService = ReturnType<typeof createNetworkService>;

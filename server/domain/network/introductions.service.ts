// Introductions that happen (issue 16, item 5), the members' side: each of the two sees the introduction, the
// other's card (contact links only once both accepted: an accepted connection, the double opt-in), the room and
// time suggested to meet (booked in one click through the bookings API), and says afterwards whether they met and
// whether it was useful. Members opt in week by week ("introduce me this week"); the network manager sees who did,
// with suggested pairs among them from the same match scores the members see.
import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import { DomainError, notFound } from "../errors.js";
import type { MemberSummary } from "../identity/index.js";
import { localDate, weekStart } from "../time.js";
import * as repo from "./introductions.repository.js";
import type { CandidatesOut, FeedbackInput, MyIntroductionOut, MyIntroductionsOut, OptInInput } from "./introductions.schemas.js";
import { cardsByIds } from "./network.repository.js";
import type { MatchOut } from "./network.schemas.js";
import { meetingOut, toCard } from "./network.service.js";

type Viewer = Pick<MemberSummary, "id" | "role">;

/** Weeks are the network's (its manager works in one zone; each space keeps its own for bookings). */
const NETWORK_ZONE = "Asia/Jakarta";
const iso = (d: Date | string) => new Date(d).toISOString();


export function createIntroductionsService({ db, clock, matches }: { db: DB; clock: Clock; matches: (viewer: Viewer, opts: { limit: number }) => Promise<MatchOut[]> }) {
  const thisWeek = () => weekStart(localDate(clock.now(), NETWORK_ZONE));

  async function mine(viewer: Viewer, limit = 50): Promise<MyIntroductionOut[]> {
    const { rows } = await repo.mine(db, viewer.id, limit);
    const cards = new Map((await cardsByIds(db, [...new Set(rows.map((r) => r.other_id))])).map((c) => [c.id, toCard(c)]));
    return rows
      .filter((r) => cards.has(r.other_id)) // a suspended or erased other: the introduction is gone with them
      .map((r) => ({
        id: r.id,
        note: r.note,
        createdAt: iso(r.created_at),
        member: cards.get(r.other_id)!,
        connected: r.connected,
        meeting: meetingOut(r),
        feedback: r.met === null ? null : { met: r.met, useful: r.useful },
      }));
  }

  return {
    async mine(viewer: Viewer): Promise<MyIntroductionsOut> {
      const week = thisWeek();
      const [items, optedIn] = await Promise.all([mine(viewer), repo.optedIn(db, viewer.id, week)]);
      return { optIn: { week, thisWeek: optedIn }, items };
    },

    async setOptIn(viewer: Viewer, input: OptInInput) {
      const week = thisWeek();
      await repo.setOptIn(db, viewer.id, week, input.thisWeek, clock.now());
      return { week, thisWeek: input.thisWeek };
    },

    /** One of the two says whether they met and whether it was useful; saying it again replaces it. Others: 404. */
    async feedback(viewer: Viewer, id: string, input: FeedbackInput): Promise<MyIntroductionOut> {
      const pair = await repo.pairOf(db, id);
      if (!pair || (pair.member_a !== viewer.id && pair.member_b !== viewer.id)) throw notFound("Introduction");
      if (!input.met && input.useful !== undefined) {
        throw new DomainError("validation_failed", "Say whether it was useful only when you met.", {
          reason: "invalid_body", errors: [{ path: "useful", code: "useful_without_meeting", message: "Only when you met" }],
        });
      }
      await repo.saveFeedback(db, { introductionId: id, memberId: viewer.id, met: input.met, useful: input.useful ?? null, at: clock.now() });
      const found = (await mine(viewer, 500)).find((i) => i.id === id);
      if (!found) throw notFound("Introduction");
      return found;
    },

    /**
     * This week's opt-ins and suggested pairs among them: each member's matches (the scores members see), kept
     * when the other opted in too and the two were never introduced; best score first, each member in one pair.
     */
    async candidates(viewer: Viewer): Promise<CandidatesOut> {
      if (viewer.role !== "admin") throw new DomainError("forbidden", "Only the network manager can see who asked to be introduced.", { reason: "network_manager_only" });
      const week = thisWeek();
      const ids = (await repo.optInsOf(db, week)).map((r) => r.member_id);
      const cards = new Map((await cardsByIds(db, ids)).map((c) => [c.id, toCard(c)]));
      const present = ids.filter((id) => cards.has(id));
      const inWeek = new Set(present);
      const done = await repo.introducedPairs(db, present);
      const scored = new Map<string, { a: string; b: string; score: number }>();
      for (const id of present) {
        for (const m of await matches({ id, role: "member" }, { limit: 50 })) {
          if (!inWeek.has(m.member.id) || done.has(repo.pairKey(id, m.member.id))) continue;
          const key = repo.pairKey(id, m.member.id);
          if ((scored.get(key)?.score ?? -1) < m.score) scored.set(key, { a: id, b: m.member.id, score: m.score });
        }
      }
      const paired = new Set<string>();
      const pairs: CandidatesOut["pairs"] = [];
      for (const p of [...scored.values()].sort((x, y) => y.score - x.score || repo.pairKey(x.a, x.b).localeCompare(repo.pairKey(y.a, y.b)))) {
        if (paired.has(p.a) || paired.has(p.b)) continue;
        paired.add(p.a).add(p.b);
        pairs.push({ members: [cards.get(p.a)!, cards.get(p.b)!], score: p.score });
      }
      return { week, members: present.map((id) => cards.get(id)!), pairs };
    },
  };
}

export type IntroductionsService = ReturnType<typeof createIntroductionsService>;

import { expect } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { json, useTestApp, type TestApp } from "./app.js";
import { createMember, type TestMember, type TestSpace } from "./factories.js";
import { connectMember } from "./sockets.js";

// The set-up of the network files (matches, profiles and the directory, connections and introductions, health):
// a fixed "now", Monday 2027-03-01 09:45 in Jakarta (UTC+7), when the factory's spaces are open and a booking
// from 10:00 can already be checked in. Time only moves when a test moves the clock.

export const NOW = "2027-03-01T09:45:00+07:00";
export const clock = fixedClock(NOW);
export const DAY_MS = 86_400_000;

/** useTestApp() at NOW. */
export const useNetworkApp = () => useTestApp({ clock, now: NOW });

export type Card = { id: string; name: string; headline: string; businessName: string; city: string; specialties: string[]; offers: string[]; needs: string[]; photoUrl: string | null };
export type ReasonKind = "offers_what_you_need" | "needs_what_you_offer" | "here_today" | "shared_specialty" | "shared_project";
export type Match = { member: Card; score: number; reasons: Array<{ kind: ReasonKind; data: { tags?: string[]; count?: number }; detail: string }> };
export type MemberProfile = Card & {
  bio: string;
  links: string[] | null;
  connection: { id: string; status: string; direction: "outgoing" | "incoming" } | null;
  isSelf: boolean;
};
export type Connection = { id: string; status: "pending" | "accepted" | "declined"; direction: "outgoing" | "incoming"; note: string; member: Card };
export type Introduction = { id: string; note: string; members: [Card, Card]; outcome: { connected: boolean; sharedProject: boolean; met: boolean; useful: number } };
export type Page = { items: Card[]; nextCursor: string | null };
export type Health = {
  members: number;
  activeThisWeek: number;
  connections: { accepted: number; pending: number; thisWeek: number };
  introductions: { total: number; connected: number; conversion: number };
  gaps: Array<{ tag: string; members: number }>;
  unneededOffers: Array<{ tag: string; members: number }>;
  topNeeds: Array<{ tag: string; needed: number; offered: number }>;
};
export type ProfilePatch = Partial<{
  headline: string;
  bio: string;
  businessName: string;
  city: string;
  specialties: string[];
  offers: string[];
  needs: string[];
  links: string[];
  showPresence: boolean;
  hidden: boolean;
}>;

/** The network calls the tests make, against `app`; `live` opens a member's socket (disconnectAll after each test). */
export function networkApi(app: TestApp) {
  const api: TestApp["api"] = (path, init) => app.api(path, init);

  const member = (name: string) => createMember(app.db.db, app.services, { name });
  const admin = (name = "Nadia Manajer") => createMember(app.db.db, app.services, { name, role: "admin" });

  async function setProfile(who: TestMember, patch: ProfilePatch) {
    return json<ProfilePatch>(await api("/api/v1/me/profile", { method: "PATCH", token: who.token, body: patch }), 200);
  }

  async function matchesOf(who: TestMember, query = "") {
    return (await json<{ items: Match[] }>(await api(`/api/v1/me/matches${query}`, { token: who.token }), 200)).items;
  }
  const kinds = (m: Match | undefined) => (m?.reasons ?? []).map((r) => r.kind);

  const getMember = (who: TestMember, id: string) => api(`/api/v1/members/${id}`, { token: who.token });
  const profileOf = async (who: TestMember, id: string) => json<MemberProfile>(await getMember(who, id), 200);

  async function search(who: TestMember, params: Record<string, string>) {
    return json<Page>(await api(`/api/v1/members?${new URLSearchParams(params)}`, { token: who.token }), 200);
  }
  const searchIds = async (who: TestMember, params: Record<string, string>) => (await search(who, { limit: "100", ...params })).items.map((c) => c.id);

  /** Walks every page of a directory query and returns the ids in the order seen, failing on a runaway cursor. */
  async function walkPages(who: TestMember, params: Record<string, string>, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; ; pages++) {
      expect(pages, "too many pages: the cursor does not advance").toBeLessThan(100);
      const page: Page = await search(who, { ...params, limit: String(limit), ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items.map((c) => c.id));
      if (!page.nextCursor) return seen;
      expect(page.items).toHaveLength(limit);
      cursor = page.nextCursor;
    }
  }

  const connect = (who: TestMember, memberId: string, note?: string) =>
    api("/api/v1/connections", { token: who.token, body: { memberId, ...(note ? { note } : {}) } });
  const answer = (who: TestMember, connectionId: string, verb: "accept" | "decline") =>
    api(`/api/v1/connections/${connectionId}/${verb}`, { method: "POST", token: who.token });
  const connectionsOf = async (who: TestMember) =>
    (await json<{ items: Connection[] }>(await api("/api/v1/connections", { token: who.token }), 200)).items;

  /** A requests, B accepts: an accepted connection. */
  async function befriend(a: TestMember, b: TestMember) {
    const asked = await json<Connection>(await connect(a, b.id), 201);
    return json<Connection>(await answer(b, asked.id, "accept"), 200);
  }

  const introductions = async (who: TestMember) =>
    (await json<{ items: Introduction[] }>(await api("/api/v1/introductions", { token: who.token }), 200)).items;

  /**
   * Books desk `desk` of a space 10:00–12:00 and checks in (the window opens at 09:45); the clock moves on a second
   * first, so everyone checked in has a distinct "since".
   */
  async function checkInAt(who: TestMember, space: TestSpace, desk: number) {
    const booking = await json<{ id: string }>(
      await api("/api/v1/bookings", { token: who.token, body: { resourceId: space.resources[desk]!.id, start: "2027-03-01T10:00", end: "2027-03-01T12:00" } }),
      201,
    );
    clock.advance(1_000);
    await json(await api(`/api/v1/bookings/${booking.id}/check-in`, { method: "POST", token: who.token }), 200);
  }

  const presenceAt = async (who: TestMember, spaceId: string) =>
    (await json<{ items: Array<{ member: { id: string; name: string } }> }>(await api(`/api/v1/spaces/${spaceId}/presence`, { token: who.token }), 200)).items.map(
      (i) => i.member.id,
    );
  const live = (member: TestMember) => connectMember(app.url, member.token);
  return { api, member, admin, setProfile, matchesOf, kinds, getMember, profileOf, search, searchIds, walkPages, connect, answer, connectionsOf, befriend, introductions, checkInAt, presenceAt, live };
}

// The member's home: which facts answer "what now". Pure (the home loader and a unit test call the same functions):
// the data comes from the existing services, these only pick and order it.

type BookingLike = { id: string; spaceId: string; spaceName: string; start: string; end: string; projectId: string | null };
type ProfileLike = { headline: string; offers: string[]; needs: string[] };
type ConnectionLike = { status: "pending" | "accepted" | "declined"; direction: "outgoing" | "incoming" };

export type ChecklistStep = { key: "profile" | "booking" | "connection"; done: boolean; to: string };

/**
 * The first-run steps: a profile that says who you are and what you offer or need, a first booking, a first
 * connection (one accepted, or one you asked for). `null` once every step is done: the checklist goes away.
 */
export function firstRunChecklist(input: { profile: ProfileLike; everBooked: boolean; connections: ConnectionLike[] }): ChecklistStep[] | null {
  const { profile } = input;
  const steps: ChecklistStep[] = [
    { key: "profile", done: profile.headline.trim() !== "" && profile.offers.length + profile.needs.length > 0, to: "/network/profile" },
    { key: "booking", done: input.everBooked, to: "/spaces" },
    { key: "connection", done: input.connections.some((c) => c.status === "accepted" || (c.status === "pending" && c.direction === "outgoing")), to: "/network" },
  ];
  return steps.every((s) => s.done) ? null : steps;
}

/** Someone who has done none of the first steps is new here: "Welcome", not "Welcome back". */
export function isNewMember(input: { everBooked: boolean; connections: unknown[]; projects: unknown[] }): boolean {
  return !input.everBooked && input.connections.length === 0 && input.projects.length === 0;
}

/** The spaces whose "here now" the member sees: their next booking's first, then the others they book at, at most `max`. */
export function spacesOf(bookings: BookingLike[], max = 2): Array<{ id: string; name: string }> {
  const out: Array<{ id: string; name: string }> = [];
  for (const b of bookings) {
    if (out.length >= max) break;
    if (!out.some((s) => s.id === b.spaceId)) out.push({ id: b.spaceId, name: b.spaceName });
  }
  return out;
}

/** The earliest of the meetings (by start instant; the strings carry their space's offset, so compare instants). */
export function earliest<T extends { start: string }>(items: T[]): T | null {
  let best: T | null = null;
  for (const item of items) if (!best || Date.parse(item.start) < Date.parse(best.start)) best = item;
  return best;
}

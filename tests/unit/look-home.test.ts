import { describe, expect, it } from "vitest";
import { avatarColour, initialsOf, AVATAR_COLOURS } from "../../app/components/Avatar";
import { earliest, firstRunChecklist, isNewMember, spacesOf } from "../../app/lib/home";

const emptyProfile: { headline: string; offers: string[]; needs: string[] } = { headline: "", offers: [], needs: [] };

describe("the first-run checklist", () => {
  it("lists the three steps, none done, for a new member", () => {
    const steps = firstRunChecklist({ profile: emptyProfile, everBooked: false, connections: [] });
    expect(steps?.map((s) => [s.key, s.done, s.to])).toEqual([
      ["profile", false, "/network/profile"],
      ["booking", false, "/spaces"],
      ["connection", false, "/network"],
    ]);
  });

  it("a profile is filled with a headline and something offered or needed; a headline alone is not enough", () => {
    const done = (profile: typeof emptyProfile) =>
      firstRunChecklist({ profile, everBooked: false, connections: [] })!.find((s) => s.key === "profile")!.done;
    expect(done({ headline: "Fotografer", offers: [], needs: [] })).toBe(false);
    expect(done({ headline: "  ", offers: ["foto"], needs: [] })).toBe(false);
    expect(done({ headline: "Fotografer", offers: [], needs: ["kemasan"] })).toBe(true);
  });

  it("a connection counts when accepted or asked for by me; someone else's pending request does not", () => {
    const done = (c: { status: "pending" | "accepted" | "declined"; direction: "outgoing" | "incoming" }) =>
      firstRunChecklist({ profile: emptyProfile, everBooked: false, connections: [c] })!.find((s) => s.key === "connection")!.done;
    expect(done({ status: "pending", direction: "incoming" })).toBe(false);
    expect(done({ status: "declined", direction: "outgoing" })).toBe(false);
    expect(done({ status: "pending", direction: "outgoing" })).toBe(true);
    expect(done({ status: "accepted", direction: "incoming" })).toBe(true);
  });

  it("goes away once every step is done", () => {
    expect(
      firstRunChecklist({ profile: { headline: "Kopi", offers: ["kopi"], needs: [] }, everBooked: true, connections: [{ status: "accepted", direction: "incoming" }] }),
    ).toBeNull();
  });

  it("a member is new until they book, connect or join a project", () => {
    expect(isNewMember({ everBooked: false, connections: [], projects: [] })).toBe(true);
    expect(isNewMember({ everBooked: true, connections: [], projects: [] })).toBe(false);
    expect(isNewMember({ everBooked: false, connections: [{}], projects: [] })).toBe(false);
    expect(isNewMember({ everBooked: false, connections: [], projects: [{}] })).toBe(false);
  });
});

describe("home picks", () => {
  const b = (spaceId: string, start: string) => ({ id: start, spaceId, spaceName: `S${spaceId}`, start, end: start, projectId: null });

  it("the spaces to watch: the next booking's first, each once, at most two", () => {
    expect(spacesOf([b("2", "a"), b("1", "b"), b("2", "c"), b("3", "d")])).toEqual([
      { id: "2", name: "S2" },
      { id: "1", name: "S1" },
    ]);
    expect(spacesOf([])).toEqual([]);
  });

  it("the earliest meeting compares instants, not strings in different offsets", () => {
    // 09:00 in Makassar (+08) is 08:00 in Jakarta (+07): earlier, though its string sorts later.
    const jakarta = { start: "2026-12-03T08:30:00+07:00" };
    const makassar = { start: "2026-12-03T09:00:00+08:00" };
    expect(earliest([jakarta, makassar])).toBe(makassar);
    expect(earliest([])).toBeNull();
  });
});

describe("avatars", () => {
  it("initials: first and last word, upper-cased, never empty", () => {
    expect(initialsOf("Siti Rahma Lestari")).toBe("SL");
    expect(initialsOf("budi")).toBe("B");
    expect(initialsOf("  ")).toBe("?");
    expect(initialsOf("Ömer Çelik")).toBe("ÖÇ");
  });

  it("a colour per id: stable, in range, and spread over the palette", () => {
    const ids = Array.from({ length: 400 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    const colours = ids.map(avatarColour);
    expect(colours.every((c) => c >= 0 && c < AVATAR_COLOURS)).toBe(true);
    expect(avatarColour(ids[7]!)).toBe(colours[7]);
    expect(new Set(colours).size).toBe(AVATAR_COLOURS);
  });
});

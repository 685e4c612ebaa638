import { describe, expect, it } from "vitest";
import { useMigrationTest } from "../support/migrations.js";

// The 2026-12-02T0200 migration: a room's system message becomes facts (body empty, `data.kind: "meeting_booked"`
// instead of `data.type: "meeting"` beside an English body), and messages gain `mention_spans`, backfilled from the
// members each stored message already mentions. This walks back to the migration before it, writes rows as the
// old code wrote them, walks forward and reads them; then down and up again. Runs on PostgreSQL and on PGlite.

const THIS = "2026-12-02T0200_project_message_facts";

const m = useMigrationTest(THIS);
const { insert } = m;

describe(`migration ${THIS}`, () => {
  it("stores meeting messages as facts and gives old messages the spans of the members they mention", async () => {
    await m.back();

    const member = m.member;
    const sari = await member("Sari Wulandari");
    const budi = await member("Budi Santoso");
    const budiToo = await member("Budi Hartono");
    const project = await insert("projects", { name: "Kopi Kemasan", created_by: sari });
    const message = (seq: number, values: Record<string, unknown>) =>
      insert("messages", { project_id: project, seq, updated_seq: seq, author_id: sari, ...values });

    const text = "Halo @sari dan @Budi Santoso, cek ya @Sari Wulandari!";
    const m1 = await message(1, { body: text, mentions: [sari, budi] });
    const m2 = await message(2, { body: "tanpa sebutan", mentions: [] });
    const meetings = [{ bookingId: "6f1c1a52-1111-4a4a-9b9b-000000000001", resourceName: "Room 1", spaceName: "Ruang Kopi", start: "2026-12-07T14:00:00+08:00", end: "2026-12-07T15:00:00+08:00", timezone: "Asia/Makassar" }];
    const m3 = await message(3, {
      kind: "system",
      body: "Booked Room 1 at Ruang Kopi, 2026-12-07 14:00–15:00",
      data: JSON.stringify({ type: "meeting", meetings }),
    });
    // One that mentions a member who shares a first name with another mentioned one: "@Budi" alone is no one.
    const m4 = await message(4, { body: "@Budi Hartono dan @Budi Santoso, @budi", mentions: [budiToo, budi] });

    await m.forward();
    const rows = await m.db.selectFrom("messages").select(["id", "body", "data", "mention_spans"]).orderBy("seq").execute();
    type Row = { id: string; body: string; data: Record<string, unknown>; mention_spans: Array<{ memberId: string; start: number; end: number }> };
    const byId = new Map((rows as Row[]).map((r) => [r.id, r]));

    const spans = (id: string) => byId.get(id)!.mention_spans;
    const covered = (id: string, body: string) => spans(id).map((s) => [s.memberId, body.slice(s.start, s.end)]);
    // Both mentioned members, where they are written; the first name where it was the unique one among them.
    expect(covered(m1, text)).toEqual([
      [sari, "@sari"],
      [budi, "@Budi Santoso"],
      [sari, "@Sari Wulandari"],
    ]);
    expect(spans(m2)).toEqual([]);
    expect(covered(m4, "@Budi Hartono dan @Budi Santoso, @budi")).toEqual([
      [budiToo, "@Budi Hartono"],
      [budi, "@Budi Santoso"],
    ]);
    expect(byId.get(m3)).toMatchObject({ body: "", data: { kind: "meeting_booked", meetings } });
    expect(byId.get(m3)!.data).not.toHaveProperty("type");

    // Down and up again: the facts survive the round trip.
    await m.back();
    const back = await m.db.selectFrom("messages").select(["data"]).where("id", "=", m3).executeTakeFirstOrThrow();
    expect(back.data).toEqual({ type: "meeting", meetings });
    await m.forward();
    const again = await m.db.selectFrom("messages").select(["body", "data"]).where("id", "=", m3).executeTakeFirstOrThrow();
    expect(again).toEqual({ body: "", data: { kind: "meeting_booked", meetings } });
  });
});

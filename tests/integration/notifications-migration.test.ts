import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { NotificationData, type NotificationKind } from "../../server/domain/notifications/notifications.schemas.js";
import { useMigrationTest } from "../support/migrations.js";

// The 2026-12-02 migration turns old notification rows (an English title, body and link, a few ids in `data`) into
// facts. This walks the database back to the migration before it, writes rows exactly as the old code wrote them,
// walks forward again and reads the facts. Runs on PostgreSQL and on PGlite.

const THIS = "2026-12-02T0100_notification_facts";
const m = useMigrationTest(THIS);
const insert = m.insert;
const range = (start: string, end: string) => sql`tstzrange(${start}::timestamptz, ${end}::timestamptz, '[)')`;
const missing = "6f1c1a52-1111-4a4a-9b9b-000000000000";

describe(`migration ${THIS}`, () => {
  it("recovers the facts of old rows with joins, keeps unrecoverable ones as read legacy text, and drops title, body and link", async () => {
    await m.back();

    // The world the old rows point at.
    const member = m.member;
    const ani = await member("Ani Susanti");
    const budi = await member("Budi Santoso");
    const budiTwin = await member("Budi"); // another Budi: the assignment title names "Budi Santoso", not him
    await m.db.insertInto("profiles").values([{ member_id: ani }, { member_id: budi, headline: "Fotografer produk" }, { member_id: budiTwin }]).execute();
    const space = await insert("spaces", { name: "Ruang Kopi", timezone: "Asia/Makassar" });
    const d1 = await insert("resources", { space_id: space, name: "D-01", kind: "desk" });
    const d2 = await insert("resources", { space_id: space, name: "D-02", kind: "desk" });
    const room = await insert("resources", { space_id: space, name: "Room 1", kind: "room" });
    const booking = (resource: string, start: string, end: string, who = ani) =>
      insert("bookings", { resource_id: resource, space_id: space, member_id: who, during: range(start, end) });
    const b1 = await booking(d1, "2026-12-03T01:00:00Z", "2026-12-03T03:00:00Z");
    const b2 = await booking(d2, "2026-12-04T01:00:00Z", "2026-12-04T02:00:00Z");
    const b3 = await booking(d2, "2026-12-05T01:00:00Z", "2026-12-05T02:00:00Z");
    const b4 = await booking(d2, "2026-12-12T01:00:00Z", "2026-12-12T02:00:00Z");
    const b5 = await booking(room, "2026-12-07T06:00:00Z", "2026-12-07T07:00:00Z", budi);
    const b6 = await booking(room, "2026-12-14T06:00:00Z", "2026-12-14T07:00:00Z", budi);
    const closure = await insert("closures", { space_id: space, during: range("2026-12-04T00:00:00Z", "2026-12-05T00:00:00Z"), reason: "Renovasi lantai" });
    const project = await insert("projects", { name: "Kopi Kemasan", created_by: budi });
    await m.db.insertInto("project_members").values([{ project_id: project, member_id: ani }, { project_id: project, member_id: budi, role: "owner" }]).execute();
    const m1 = await insert("messages", { project_id: project, seq: 1, updated_seq: 1, author_id: budi, body: "@Ani Susanti lihat foto ini ya" });
    await insert("messages", {
      project_id: project,
      seq: 2,
      updated_seq: 2,
      kind: "system",
      author_id: budi,
      body: "Booked Room 1 at Ruang Kopi, 2026-12-07 14:00–15:00 (+1 weekly)",
      data: JSON.stringify({ type: "meeting", meetings: [b5, b6].map((bookingId) => ({ bookingId, resourceName: "Room 1", spaceName: "Ruang Kopi" })) }),
    });
    const task = await insert("tasks", { project_id: project, title: "Foto produk", position: 1, seq: 3, created_by: ani });
    const asked = await insert("connections", { requester_id: budi, addressee_id: ani, note: "Mari kolaborasi kemasan" });
    const intro = await insert("introductions", { member_a: ani, member_b: budi, note: "Ani butuh foto, Budi butuh kemasan." });

    // Rows exactly as the old services wrote them (title, body, link, a few ids).
    const old = async (kind: string, title: string, data: object, body = "", link: string | null = "/bookings") =>
      insert("notifications", { member_id: ani, kind, title, body, link, data: JSON.stringify(data) });
    const rows = {
      promoted: await old("waitlist_promoted", "You got D-01 at Ruang Kopi", { bookingId: b1, spaceId: space, resourceId: d1 }, "2026-12-03 09:00–11:00 (Asia/Makassar)"),
      closed: await old("booking_cancelled", "Ruang Kopi is closed: your booking of D-02 was cancelled", { bookingId: b2, reason: "closure", closureId: closure }, "2026-12-04 09:00 — Renovasi lantai"),
      closedGone: await old("booking_cancelled", "Ruang Kopi is closed: your booking of D-02 was cancelled", { bookingId: b2, reason: "closure", closureId: missing }, "2026-12-04 09:00 — Listrik padam"),
      byOperator: await old("booking_cancelled", "Your booking of D-02 was cancelled by an operator", { bookingIds: [b3, b4], reason: "operator" }, "2026-12-05 09:00 at Ruang Kopi"),
      outOfService: await old("booking_cancelled", "D-02 is out of service: your booking was cancelled", { bookingId: b3, reason: "resource_deactivated" }, "Ruang Kopi, …"),
      moved: await old("booking_moved", "D-02 is out of service: your booking moved to D-01", { bookingId: b1, from: d2, to: d1 }, "Ruang Kopi, …"),
      released: await old("booking_released", "Your booking was released: you did not check in", { bookingId: b2 }, "2026-12-04 09:00 at Ruang Kopi"),
      mention: await old("mention", "Budi Santoso mentioned you in Kopi Kemasan", { projectId: project, messageId: m1, seq: 1 }, "@Ani Susanti lihat foto ini ya", `/projects/${project}#m1`),
      added: await old("project_added", "Budi Santoso added you to Kopi Kemasan", { projectId: project, memberId: budi }, "", `/projects/${project}`),
      meeting: await old("project_meeting", "Kopi Kemasan: Booked Room 1 at Ruang Kopi, 2026-12-07 14:00–15:00 (+1 weekly)", { projectId: project, bookingId: b5, start: "2026-12-07T14:00:00+08:00", end: "2026-12-07T15:00:00+08:00" }, "Budi Santoso", `/projects/${project}`),
      assigned: await old("task_assigned", 'Budi Santoso assigned you "Foto produk" in Kopi Kemasan', { projectId: project, taskId: task }, "", `/projects/${project}`),
      requested: await old("connection_requested", "Budi Santoso wants to connect", { connectionId: asked, memberId: budi }, "Mari kolaborasi kemasan", "/network/connections"),
      accepted: await old("connection_accepted", "Budi Santoso accepted your connection", { connectionId: asked, memberId: budi }, "", `/members/${budi}`),
      introduced: await old("introduction", "Meet Budi Santoso — Fotografer produk", { introductionId: intro, memberId: budi }, "Ani butuh foto, Budi butuh kemasan.", `/members/${budi}?introduction=${intro}`),
      goneProject: await old("mention", "Budi Santoso mentioned you in Proyek Lama", { projectId: missing, messageId: missing, seq: 4 }, "lihat ini", `/projects/${missing}#m4`),
      unknownKind: await old("something_else", "Something happened", {}, "", null),
    };
    const readBefore = await old("booking_released", "Your booking was released: you did not check in", { bookingId: missing });
    await m.db.updateTable("notifications").set({ read_at: sql`'2026-12-01T00:00:00Z'::timestamptz` }).where("id", "=", readBefore).execute();

    await m.forward();

    const { rows: columns } = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'notifications'`.execute(m.db);
    expect(columns.map((c) => c.column_name).sort()).toEqual(["created_at", "data", "id", "kind", "member_id", "read_at"]);

    const stored = await m.db.selectFrom("notifications").select(["id", "kind", "data", "read_at"]).execute();
    const byId = new Map(stored.map((r) => [r.id as string, r as { kind: NotificationKind; data: Record<string, unknown>; read_at: Date | null }]));
    const get = (id: string) => byId.get(id)!;
    // Every recovered row holds exactly the facts its kind's contract names (no more, no fewer).
    for (const r of stored) expect(() => NotificationData[r.kind as NotificationKind].strict().parse(r.data), `${r.kind} ${JSON.stringify(r.data)}`).not.toThrow();

    const bookingFacts = (bookingId: string, resourceId: string, resourceName: string, start: string, end: string) => ({
      bookingId, spaceId: space, spaceName: "Ruang Kopi", resourceId, resourceName, timezone: "Asia/Makassar", start, end,
    });
    const f1 = bookingFacts(b1, d1, "D-01", "2026-12-03T01:00:00.000Z", "2026-12-03T03:00:00.000Z");
    const f2 = bookingFacts(b2, d2, "D-02", "2026-12-04T01:00:00.000Z", "2026-12-04T02:00:00.000Z");
    const f3 = bookingFacts(b3, d2, "D-02", "2026-12-05T01:00:00.000Z", "2026-12-05T02:00:00.000Z");
    expect(get(rows.promoted)).toMatchObject({ kind: "waitlist_promoted", data: f1, read_at: null });
    expect(get(rows.closed)).toMatchObject({ kind: "booking_cancelled", data: { ...f2, reason: "closure", count: 1, closureId: closure, closureReason: "Renovasi lantai" } });
    expect(get(rows.closedGone).data, "a removed closure's words come from the old body").toEqual({ ...f2, reason: "closure", count: 1, closureId: missing, closureReason: "Listrik padam" });
    expect(get(rows.byOperator).data, "one notice for a series counts its bookings").toEqual({ ...f3, reason: "operator", count: 2 });
    expect(get(rows.outOfService).data).toEqual({ ...f3, reason: "resource_deactivated", count: 1 });
    expect(get(rows.moved)).toMatchObject({ kind: "booking_moved", data: { ...f1, fromResourceId: d2, fromResourceName: "D-02" } });
    expect(get(rows.released).data).toEqual(f2);
    expect(get(rows.mention)).toMatchObject({
      kind: "mention",
      data: { projectId: project, projectName: "Kopi Kemasan", messageId: m1, seq: 1, authorId: budi, authorName: "Budi Santoso", snippet: "@Ani Susanti lihat foto ini ya" },
    });
    expect(get(rows.added).data).toEqual({ projectId: project, projectName: "Kopi Kemasan", actorId: budi, actorName: "Budi Santoso" });
    expect(get(rows.meeting).data, "who booked and how many weeks come from the room's system message").toEqual({
      projectId: project, projectName: "Kopi Kemasan", actorId: budi, actorName: "Budi Santoso", bookingId: b5, spaceName: "Ruang Kopi", resourceName: "Room 1",
      timezone: "Asia/Makassar", start: "2026-12-07T06:00:00.000Z", end: "2026-12-07T07:00:00.000Z", count: 2,
    });
    expect(get(rows.assigned).data, "the assigner is the member the old title named").toEqual({
      projectId: project, projectName: "Kopi Kemasan", actorId: budi, actorName: "Budi Santoso", taskId: task, taskTitle: "Foto produk",
    });
    expect(get(rows.requested).data).toEqual({ connectionId: asked, memberId: budi, memberName: "Budi Santoso", note: "Mari kolaborasi kemasan" });
    expect(get(rows.accepted).data).toEqual({ connectionId: asked, memberId: budi, memberName: "Budi Santoso" });
    expect(get(rows.introduced).data).toEqual({ introductionId: intro, memberId: budi, memberName: "Budi Santoso", headline: "Fotografer produk", note: "Ani butuh foto, Budi butuh kemasan." });

    // What cannot be recovered keeps its old text under `legacy`, read.
    expect(get(rows.goneProject)).toMatchObject({ kind: "legacy", data: { title: "Budi Santoso mentioned you in Proyek Lama", body: "lihat ini", link: `/projects/${missing}#m4` } });
    expect(get(rows.goneProject).read_at).not.toBeNull();
    expect(get(rows.unknownKind)).toMatchObject({ kind: "legacy", data: { title: "Something happened", body: "", link: null } });
    expect(new Date(get(readBefore).read_at!).toISOString(), "a row read before keeps when it was read").toBe("2026-12-01T00:00:00.000Z");
    const recovered = Object.values(rows).filter((id) => id !== rows.goneProject && id !== rows.unknownKind);
    expect(recovered.map((id) => get(id).read_at), "recovered rows keep their unread state").toEqual(recovered.map(() => null));
  });
});

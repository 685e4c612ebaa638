import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { createMember, createSpace, type TestMember } from "../support/factories.js";

// Issue 13: CSV downloads open correctly in spreadsheet programs (a UTF-8 byte order mark) and carry sensible
// numbers (no `749.9998666666667` from a booking that starts or ends on a second).

let operator: TestMember;
let member: TestMember;

const app = useTestApp();
beforeEach(async () => {
  operator = await createMember(app.db.db, app.services, { role: "operator" });
  member = await createMember(app.db.db, app.services, { name: "Dewi Ayu Lestari – Kopi Kenangan" });
});

async function booking(resourceId: string, spaceId: string, memberId: string, start: string, end: string) {
  await sql`INSERT INTO bookings (resource_id, space_id, member_id, during, status)
            VALUES (${resourceId}::uuid, ${spaceId}::uuid, ${memberId}::uuid,
                    tstzrange(${start}::timestamptz, ${end}::timestamptz, '[)'), 'confirmed')`.execute(app.db.db);
}

const BOM = [0xef, 0xbb, 0xbf];
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const utf8 = (b: Uint8Array) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(b);

describe("CSV downloads for spreadsheet programs", () => {
  it("start with the UTF-8 BOM, then the header; names with non-ASCII letters survive", async () => {
    const space = await createSpace(app.services, { operator, desks: 1 });
    await booking(space.resources[0]!.id, space.id, member.id, "2027-03-01T09:00:00+07:00", "2027-03-01T10:00:00+07:00");
    const range = "from=2027-03-01&to=2027-03-01";

    const aggregate = await bytes(await app.api(`/api/v1/spaces/${space.id}/occupancy?${range}&format=csv&section=topMembers`, { token: operator.token }));
    expect([...aggregate.slice(0, 3)]).toEqual(BOM);
    const aggregateText = utf8(aggregate.slice(3));
    expect(aggregateText.startsWith("memberId,name,bookings,minutes\r\n")).toBe(true);
    expect(aggregateText).toContain(`${member.id},Dewi Ayu Lestari – Kopi Kenangan,1,60\r\n`);

    const raw = await bytes(await app.api(`/api/v1/spaces/${space.id}/bookings.csv?${range}`, { token: operator.token }));
    expect([...raw.slice(0, 3)]).toEqual(BOM);
    const rawText = utf8(raw.slice(3));
    expect(rawText.startsWith("bookingId,localDate,")).toBe(true);
    // Exactly one BOM: not one per streamed chunk.
    expect(rawText).not.toContain("\uFEFF");
    expect(rawText).toContain("Dewi Ayu Lestari – Kopi Kenangan");
  });

  it("round minutes to a tenth and ratios to four decimals (a booking that ends on an odd second)", async () => {
    const space = await createSpace(app.services, { operator, desks: 1 });
    const desk = space.resources[0]!;
    // Open 07:00–21:00. 08:30:00.008–09:15 is 44.99986… open minutes; 10:00–22:29:59.992 counts 10:00–21:00 = 660.
    await booking(desk.id, space.id, member.id, "2027-03-01T08:30:00.008+07:00", "2027-03-01T09:15:00+07:00");
    await booking(desk.id, space.id, member.id, "2027-03-01T10:00:00+07:00", "2027-03-01T22:29:59.992+07:00");
    const range = "from=2027-03-01&to=2027-03-01";
    const o = await json<{ days: Array<{ bookedMinutes: number; openMinutes: number; utilization: number }> }>(
      await app.api(`/api/v1/spaces/${space.id}/occupancy?${range}`, { token: operator.token }),
      200,
    );
    // The JSON keeps full precision: the fractions are real.
    expect(Number.isInteger(o.days[0]!.bookedMinutes)).toBe(false);

    const res = await app.api(`/api/v1/spaces/${space.id}/occupancy?${range}&format=csv`, { token: operator.token });
    const [, row] = (await res.text()).trim().split("\r\n");
    const cells = row!.split(",");
    // Booked 704.99986… → 705; open: 2 resources (the desk and the factory's room) × 840 min; 704.99986… / 1680.
    expect(cells[2]).toBe("705");
    expect(cells[3]).toBe("1680");
    expect(cells[4]).toBe("0.4196");
    for (const c of cells) expect(c).not.toMatch(/\.\d{5,}/);
  });

  it("the rounded CSV still answers operators only", async () => {
    const space = await createSpace(app.services, { operator, desks: 1 });
    await expectProblem(await app.api(`/api/v1/spaces/${space.id}/occupancy?from=2027-03-01&to=2027-03-01&format=csv`, { token: member.token }), 403, "forbidden");
  });
});

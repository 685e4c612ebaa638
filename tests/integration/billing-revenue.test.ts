import { describe, expect, it } from "vitest";
import type { PlanCycle, SubscriptionStatus } from "../../db/schema.js";
import { fixedClock } from "../../server/domain/clock.js";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { insertInvoice } from "../support/billing.js";
import { createMember, createSpace } from "../support/factories.js";

// A space's revenue per month from real rows: subscriptions (MRR), invoices, payments (by paid date in the space's
// zone, Jakarta), void invoices, another space's money that must not count. "Today" is 2027-03-15 in Jakarta.
const clock = fixedClock("2027-03-15T03:00:00Z");
const app = useTestApp({ clock, now: "2027-03-15T03:00:00Z" });

type Month = { month: string; recurring: number; subscribers: number; invoiced: number; collected: number; withheld: number; outstanding: number; byPlan: Array<{ name: string; subscribers: number; recurring: number }> };
type Revenue = { spaceId: string; currency: string; from: string; to: string; months: Month[]; totals: { invoiced: number; collected: number; withheld: number } };

async function setUp() {
  const db = app.db.db;
  const operator = await createMember(db, app.services, { name: "Olga", role: "operator" });
  const otherOperator = await createMember(db, app.services, { name: "Oscar", role: "operator" });
  const member = await createMember(db, app.services, { name: "Mira" });
  const space = await createSpace(app.services, { operator });
  const other = await createSpace(app.services, { operator: otherOperator });
  const plan = async (name: string, price: number, cycle: PlanCycle, spaceId = space.id) =>
    (await db.insertInto("plans").values({ space_id: spaceId, name, kind: "hot_desk", price, cycle }).returning("id").executeTakeFirstOrThrow()).id;
  const hotDesk = await plan("Hot desk", 1_250_000, "month");
  const virtualOffice = await plan("Virtual office", 4_500_000, "year");
  const weekly = await plan("Weekly desk", 300_000, "week");
  const credits = await plan("10 hours", 500_000, "once");
  const elsewhere = await plan("Elsewhere desk", 9_000_000, "month", other.id);
  // One subscriber each (a member holds one live subscription per plan).
  const subscribe = async (planId: string, status: SubscriptionStatus, startedOn: string, extra: { endsOn?: string; endedAt?: string; spaceId?: string } = {}) =>
    db
      .insertInto("subscriptions")
      .values({
        plan_id: planId,
        member_id: (await createMember(db, app.services)).id,
        space_id: extra.spaceId ?? space.id,
        status,
        period_start: startedOn,
        period_end: "2027-12-31",
        started_on: startedOn,
        ends_on: extra.endsOn ?? null,
        ended_at: extra.endedAt ?? null,
      })
      .execute();
  await subscribe(hotDesk, "active", "2027-01-10");
  await subscribe(hotDesk, "cancelling", "2027-02-01", { endsOn: "2027-03-01" });
  await subscribe(virtualOffice, "active", "2026-12-01");
  await subscribe(weekly, "active", "2027-03-01");
  await subscribe(credits, "active", "2027-01-01");
  await subscribe(hotDesk, "pending_payment", "2027-03-01");
  // Ended when February began in Jakarta (17:00 UTC on 31 January).
  await subscribe(hotDesk, "ended", "2027-01-01", { endsOn: "2027-02-01", endedAt: "2027-01-31T17:00:00Z" });
  await subscribe(elsewhere, "active", "2027-01-01", { spaceId: other.id });

  const pay = (invoiceId: string, amount: number, paidAt: string, withheld = 0) =>
    db.insertInto("payments").values({ invoice_id: invoiceId, amount, withheld, method: "transfer", paid_at: paidAt }).execute();
  const a = await insertInvoice(db, { spaceId: space.id, memberId: member.id, total: 1_387_500, issuedOn: "2027-01-05" });
  // 01:00 on 1 February in Jakarta: collected in February.
  await pay(a.id, 1_387_500, "2027-01-31T18:00:00Z");
  const b = await insertInvoice(db, { spaceId: space.id, memberId: member.id, total: 11_100_000, issuedOn: "2027-02-10" });
  await pay(b.id, 10_878_000, "2027-03-02T02:00:00Z", 222_000);
  const c = await insertInvoice(db, { spaceId: space.id, memberId: member.id, total: 500_000, issuedOn: "2027-02-20" });
  await db.updateTable("invoices").set({ status: "void", voided_at: new Date("2027-03-05T02:00:00Z") }).where("id", "=", c.id).execute();
  await insertInvoice(db, { spaceId: space.id, memberId: member.id, total: 75_000, issuedOn: "2027-03-10" });
  const e = await insertInvoice(db, { spaceId: other.id, memberId: member.id, total: 9_990_000, issuedOn: "2027-02-01" });
  await pay(e.id, 5_000_000, "2027-02-02T02:00:00Z");
  return { operator, otherOperator, member, space };
}

const get = (path: string, token: string, headers?: Record<string, string>) => app.api(path, { token, headers });

describe("revenue", () => {
  it("per month: MRR at the month's end (today for this one), invoiced, collected by paid date, withheld, outstanding, by plan", async () => {
    const { operator, space } = await setUp();
    const out = await json<Revenue>(await get(`/api/v1/spaces/${space.id}/revenue?from=2027-01&to=2027-04`, operator.token), 200);
    expect(out).toMatchObject({ spaceId: space.id, currency: "IDR", from: "2027-01", to: "2027-04" });
    const rows = out.months.map(({ byPlan: _, ...m }) => m);
    expect(rows).toEqual([
      { month: "2027-01", recurring: 2_875_000, subscribers: 3, invoiced: 1_387_500, collected: 0, withheld: 0, outstanding: 1_387_500 },
      { month: "2027-02", recurring: 2_875_000, subscribers: 3, invoiced: 11_100_000, collected: 1_387_500, withheld: 0, outstanding: 11_600_000 },
      { month: "2027-03", recurring: 2_925_000, subscribers: 3, invoiced: 75_000, collected: 10_878_000, withheld: 222_000, outstanding: 75_000 },
      { month: "2027-04", recurring: 0, subscribers: 0, invoiced: 0, collected: 0, withheld: 0, outstanding: 0 },
    ]);
    expect(out.months[2]!.byPlan.map(({ name, subscribers, recurring }) => ({ name, subscribers, recurring }))).toEqual([
      { name: "Weekly desk", subscribers: 1, recurring: 1_300_000 },
      { name: "Hot desk", subscribers: 1, recurring: 1_250_000 },
      { name: "Virtual office", subscribers: 1, recurring: 375_000 },
    ]);
    expect(out.months[0]!.byPlan.map((p) => [p.name, p.subscribers, p.recurring])).toEqual([
      ["Hot desk", 2, 2_500_000],
      ["Virtual office", 1, 375_000],
    ]);
    expect(out.totals).toEqual({ invoiced: 12_562_500, collected: 12_265_500, withheld: 222_000 });
  });

  it("defaults to the last six months through this one in the space's zone", async () => {
    const { operator, space } = await setUp();
    const out = await json<Revenue>(await get(`/api/v1/spaces/${space.id}/revenue`, operator.token), 200);
    expect(out.months.map((m) => m.month)).toEqual(["2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03"]);
    expect(out.months[2]).toMatchObject({ month: "2026-12", recurring: 375_000, invoiced: 0 });
  });

  it("is for the space's operators and admins: a member → 403, another space's operator → 404; bad months → 400 in words", async () => {
    const { member, otherOperator, space } = await setUp();
    const admin = await createMember(app.db.db, app.services, { role: "admin" });
    await json(await get(`/api/v1/spaces/${space.id}/revenue?from=2027-01&to=2027-03`, admin.token), 200);
    await expectProblem(await get(`/api/v1/spaces/${space.id}/revenue`, member.token), 403, "forbidden");
    await expectProblem(await get(`/api/v1/spaces/${space.id}/revenue`, otherOperator.token), 404, "not_found");
    await expectProblem(await get(`/api/v1/spaces/00000000-0000-4000-8000-000000000000/revenue`, admin.token), 404, "not_found");
    for (const q of ["from=2027-13", "from=2027-03&to=2027-01", "from=2025-01&to=2027-01", "from=2027-01-01", "extra=1"]) {
      await expectProblem(await get(`/api/v1/spaces/${space.id}/revenue?${q}`, admin.token), 400, "validation_failed");
    }
    const words = await json<{ errors: Array<{ path: string; message: string }> }>(
      await get(`/api/v1/spaces/${space.id}/revenue?from=2025-01&to=2027-01`, admin.token, { "accept-language": "id" }),
      400,
    );
    expect(words.errors).toEqual([expect.objectContaining({ path: "to", message: "Paling banyak 24 bulan dari bulan pertama." })]);
  });
});

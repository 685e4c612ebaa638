import { beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { apiRoutes } from "../../server/http/api/routes.js";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { assignOperator, createMember, createSpace, type TestMember, type TestSpace } from "../support/factories.js";

// Issue 14, item 0: operators run the spaces assigned to them (admins run every space). An operator of space A
// meets 404 on everything of space B — its settings, resources, floor plan, closures, now view, analytics, CSV
// exports, QR codes and its members' bookings — over the API and the pages, and their writes change nothing.

// Monday 2027-03-01 07:00 in Jakarta (UTC+7). Time moves only when a test moves it.
const NOW = "2027-03-01T00:00:00Z";
const clock = fixedClock(NOW);
const app = useTestApp({ clock, now: NOW, remix: true });

let opA: TestMember;
let opB: TestMember;
let admin: TestMember;
let member: TestMember;
let A: TestSpace;
let B: TestSpace;
/** Space B's things an operator of A must not reach: a desk, a closure, a member's booking, a plan, an invoice and an event. */
let thingsOfB: { resourceId: string; closureId: string; bookingId: string; planId: string; invoiceId: string; eventId: string };

beforeEach(async () => {
  [opA, opB, admin, member] = await Promise.all([
    createMember(app.db.db, app.services, { role: "operator", name: "Ari Operator" }),
    createMember(app.db.db, app.services, { role: "operator", name: "Bela Operator" }),
    createMember(app.db.db, app.services, { role: "admin" }),
    createMember(app.db.db, app.services, { name: "Mira Member" }),
  ]);
  A = await createSpace(app.services, { operator: opA, desks: 1 });
  B = await createSpace(app.services, { operator: opB, desks: 2 });
  const closure = await json<{ id: string }>(
    await app.api(`/api/v1/spaces/${B.id}/closures`, { token: opB.token, body: { start: "2027-03-10T09:00", end: "2027-03-10T12:00", reason: "Servis AC" } }),
    201,
  );
  const booking = await json<{ id: string }>(
    await app.api("/api/v1/bookings", { token: member.token, body: { resourceId: B.resources[0]!.id, start: "2027-03-02T09:00", end: "2027-03-02T10:00" } }),
    201,
  );
  const plan = await json<{ id: string }>(
    await app.api("/api/v1/plans", { token: opB.token, body: { spaceId: B.id, name: "Hot desk bulanan", kind: "hot_desk", price: 1_250_000, interval: "month" } }),
    201,
  );
  const invoice = await json<{ id: string }>(
    await app.api(`/api/v1/spaces/${B.id}/invoices`, { token: opB.token, body: { memberId: member.id, lines: [{ description: "Sewa loker", quantity: 1, unitPrice: 150_000 }] } }),
    201,
  );
  const event = await json<{ id: string }>(
    await app.api("/api/v1/events", { token: opB.token, body: { spaceId: B.id, title: "Kopi pagi", start: "2027-03-04T09:00", end: "2027-03-04T10:00", capacity: 10, visibility: "members" } }),
    201,
  );
  thingsOfB = { resourceId: B.resources[0]!.id, closureId: closure.id, bookingId: booking.id, planId: plan.id, invoiceId: invoice.id, eventId: event.id };
});

/**
 * A valid request for every operator route of the API (the route table is the OpenAPI document's source), so a
 * 404 can only come from the space being someone else's. A new operator route fails the loop until it is listed.
 */
const VALID: Record<string, { query?: string; body?: unknown | (() => unknown) }> = {
  "patch /spaces/:id": { body: { capacity: 5 } },
  "post /spaces/:id/resources": { body: { name: "Meja Baru", kind: "desk" } },
  "put /spaces/:id/floor-plan": { body: () => ({ positions: [{ resourceId: thingsOfB.resourceId, x: 10, y: 10 }] }) },
  "patch /resources/:id": { body: { name: "Meja Lain" } },
  "post /resources/:id/deactivate": { body: { futureBookings: "cancel" } },
  "post /resources/:id/activate": { body: {} },
  "get /spaces/:id/now": {},
  "get /spaces/:id/billing": {},
  "get /spaces/:id/closures/preview": { query: "start=2027-03-02T08:00&end=2027-03-02T12:00" },
  "post /spaces/:id/closures": { body: { start: "2027-03-02T08:00", end: "2027-03-02T12:00", reason: "Listrik padam" } },
  "get /spaces/:id/closures": {},
  "patch /closures/:id": { body: { reason: "Listrik padam" } },
  "delete /closures/:id": {},
  "get /spaces/:id/occupancy": { query: "from=2027-03-01&to=2027-03-07" },
  "get /spaces/:id/bookings.csv": { query: "from=2027-03-01&to=2027-03-07" },
  "patch /plans/:id": { body: { name: "Paket lain" } },
  "delete /plans/:id": {},
  "get /spaces/:id/subscriptions": {},
  "get /spaces/:id/invoices": {},
  "post /spaces/:id/invoices": { body: () => ({ memberId: member.id, lines: [{ description: "Cetak", quantity: 2, unitPrice: 2_000 }] }) },
  "post /invoices/:id/payments": { body: { amount: 1_000, method: "cash" } },
  "post /invoices/:id/void": { body: {} },
  "get /spaces/:id/revenue": { query: "from=2027-01&to=2027-03" },
  "get /events/:id/attendees": {},
};

/** Which of B's things a route's `:id` names, by the path's first segment. */
const ID_OF: Record<string, () => string> = {
  resources: () => thingsOfB.resourceId,
  closures: () => thingsOfB.closureId,
  plans: () => thingsOfB.planId,
  invoices: () => thingsOfB.invoiceId,
  events: () => thingsOfB.eventId,
  spaces: () => B.id,
};

/** The operator routes scoped to one space (creating a space is not: any operator may, and then runs it). */
const scopedOperatorRoutes = () => apiRoutes.filter((r) => r.access === "operator" && r.path.includes(":id"));

function requestOf(r: (typeof apiRoutes)[number]) {
  const key = `${r.method} ${r.path}`;
  const valid = VALID[key];
  if (!valid) throw new Error(`${key} is an operator route: add a valid request for it to VALID`);
  const id = ID_OF[r.path.split("/")[1]!]!();
  const path = `/api/v1${r.path.replace(":id", id)}${valid.query ? `?${valid.query}` : ""}`;
  const body = typeof valid.body === "function" ? valid.body() : valid.body;
  return { key, path, init: { method: r.method.toUpperCase(), ...(body !== undefined ? { body } : {}) } };
}

/** Operator writes on a member's booking that the owner may also make (GET, cancel, move). */
const bookingRequests = () => [
  { key: "get /bookings/:id", path: `/api/v1/bookings/${thingsOfB.bookingId}`, init: { method: "GET" } },
  { key: "patch /bookings/:id", path: `/api/v1/bookings/${thingsOfB.bookingId}`, init: { method: "PATCH", body: { start: "2027-03-02T11:00", end: "2027-03-02T12:00" } } },
  { key: "delete /bookings/:id", path: `/api/v1/bookings/${thingsOfB.bookingId}`, init: { method: "DELETE" } },
  { key: "get /bookings/:id/ics", path: `/api/v1/bookings/${thingsOfB.bookingId}/ics`, init: { method: "GET" } },
  { key: "get /bookings/:id/move-options", path: `/api/v1/bookings/${thingsOfB.bookingId}/move-options`, init: { method: "GET" } },
  { key: "post /bookings/:id/check-out", path: `/api/v1/bookings/${thingsOfB.bookingId}/check-out`, init: { method: "POST", body: {} } },
];

describe("an operator of space A on space B", () => {
  it("gets 404 not_found on every operator endpoint of B and on its members' bookings, and changes nothing", async () => {
    const routes = scopedOperatorRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(VALID).length);
    const before = await app.db.rowCounts();
    const snapshot = async () => ({
      space: await app.db.db.selectFrom("spaces").selectAll().where("id", "=", B.id).executeTakeFirstOrThrow(),
      plan: await app.db.db.selectFrom("plans").selectAll().where("id", "=", thingsOfB.planId).executeTakeFirstOrThrow(),
      invoice: await app.db.db.selectFrom("invoices").select(["status", "paid", "total"]).where("id", "=", thingsOfB.invoiceId).executeTakeFirstOrThrow(),
      resources: await app.db.db.selectFrom("resources").selectAll().where("space_id", "=", B.id).orderBy("id").execute(),
      closures: await app.db.db.selectFrom("closures").select(["id", "reason"]).where("space_id", "=", B.id).execute(),
      booking: await app.db.db.selectFrom("bookings").select(["status", "resource_id"]).where("id", "=", thingsOfB.bookingId).executeTakeFirstOrThrow(),
    });
    const was = await snapshot();
    for (const req of [...routes.map(requestOf), ...bookingRequests()]) {
      const res = await app.api(req.path, { ...req.init, token: opA.token });
      expect(res.status, `${req.key}: ${await res.clone().text()}`).toBe(404);
      await expectProblem(res, 404, "not_found");
    }
    expect(await app.db.rowCounts()).toEqual(before);
    expect(await snapshot()).toEqual(was);
  });

  it("while B's own operator and any admin get every read of B", async () => {
    const reads = [...scopedOperatorRoutes().filter((r) => r.method === "get").map(requestOf), bookingRequests()[0]!];
    for (const who of [opB, admin]) {
      for (const req of reads) {
        const res = await app.api(req.path, { ...req.init, token: who.token });
        expect(res.status, `${who === admin ? "admin" : "B's operator"} ${req.key}: ${await res.clone().text()}`).toBe(200);
        await res.arrayBuffer();
      }
    }
    // Their writes go through: the admin cancels the member's booking, B's operator renames a desk.
    expect((await app.api(`/api/v1/bookings/${thingsOfB.bookingId}`, { method: "DELETE", token: admin.token })).status).toBe(204);
    await json(await app.api(`/api/v1/resources/${thingsOfB.resourceId}`, { method: "PATCH", token: opB.token, body: { name: "Meja Jendela" } }), 200);
  });

  it("cannot reach B's operator pages (404), sees only A in the console, and a page form post to B changes nothing", async () => {
    const page = (path: string, token: string, init: RequestInit = {}) =>
      fetch(`${app.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, connection: "close", ...init.headers } });
    const base = `/operator/spaces/${B.id}`;
    for (const sub of ["", "/resources", "/plan", "/closures", "/now", "/analytics", "/qr", "/billing", "/plans", "/invoices", `/invoices/${thingsOfB.invoiceId}`, "/wallets", "/revenue"]) {
      const res = await page(`${base}${sub}`, opA.token);
      expect(res.status, `${base}${sub}`).toBe(404);
      await res.text();
      const allowed = await page(`${base}${sub}`, opB.token);
      expect(allowed.status, `${base}${sub} for B's operator`).toBe(200);
      const html = await allowed.text();
      // B's revenue counts B's invoice: Rp 150.000 and 11% PPN, issued this month.
      if (sub === "/revenue") expect(html).toMatch(/Rp[\s\u00a0]166\.500/);
    }
    const names = async (token: string) => {
      const html = await (await page("/operator", token)).text();
      return [A.id, B.id].filter((id) => html.includes(`/operator/spaces/${id}`));
    };
    expect(await names(opA.token)).toEqual([A.id]);
    expect(await names(opB.token)).toEqual([B.id]);
    expect(await names(admin.token)).toEqual([A.id, B.id]);

    const before = await app.db.rowCounts();
    const post = await page(`${base}/closures`, opA.token, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "confirm", start: "2027-03-03T09:00", end: "2027-03-03T10:00", reason: "x" }).toString(),
    });
    expect(post.status).toBe(404);
    await post.text();
    expect(await app.db.rowCounts()).toEqual(before);
  });

  it("sees B as soon as an admin assigns them, and loses it when unassigned", async () => {
    const now = `/api/v1/spaces/${B.id}/now`;
    await expectProblem(await app.api(now, { token: opA.token }), 404, "not_found");
    await assignOperator(app.db.db, B.id, opA.id);
    await json(await app.api(now, { token: opA.token }), 200);
    await app.db.db.deleteFrom("space_operators").where("space_id", "=", B.id).where("member_id", "=", opA.id).execute();
    await expectProblem(await app.api(now, { token: opA.token }), 404, "not_found");
  });
});

describe("who runs a space", () => {
  type Assigned = { items: Array<{ member: { id: string; name: string }; assignedBy: { id: string } | null; assignedAt: string }> };

  it("an operator who creates a space runs it at once (same transaction); an admin's new space has no operator", async () => {
    const body = { name: "Ruang Baru", timezone: "Asia/Makassar", openingHours: [{ weekday: 1, opens: "08:00", closes: "17:00" }] };
    const mine = await json<{ id: string }>(await app.api("/api/v1/spaces", { token: opA.token, body }), 201);
    const rows = await app.db.db.selectFrom("space_operators").selectAll().where("space_id", "=", mine.id).execute();
    expect(rows).toEqual([expect.objectContaining({ member_id: opA.id, assigned_by: opA.id })]);
    await json(await app.api(`/api/v1/spaces/${mine.id}/now`, { token: opA.token }), 200);
    await expectProblem(await app.api(`/api/v1/spaces/${mine.id}/now`, { token: opB.token }), 404, "not_found");

    const admins = await json<{ id: string }>(await app.api("/api/v1/spaces", { token: admin.token, body: { ...body, name: "Ruang Admin" } }), 201);
    expect(await json<Assigned>(await app.api(`/api/v1/spaces/${admins.id}/operators`, { token: admin.token }), 200)).toEqual({ items: [], nextCursor: null });
  });

  it("an admin assigns and unassigns operators (PUT one, PUT the set, DELETE); the last may go: admins still run it", async () => {
    const ops = `/api/v1/spaces/${A.id}/operators`;
    const listed = await json<Assigned>(await app.api(ops, { token: admin.token }), 200);
    expect(listed.items.map((i) => i.member.id)).toEqual([opA.id]);

    const added = await json<Assigned>(await app.api(`${ops}/${opB.id}`, { method: "PUT", token: admin.token }), 200);
    expect(added.items.map((i) => i.member.id).sort()).toEqual([opA.id, opB.id].sort());
    expect(added.items.find((i) => i.member.id === opB.id)?.assignedBy?.id).toBe(admin.id);
    // Again: unchanged (the first assignment's record stays).
    const again = await json<Assigned>(await app.api(`${ops}/${opB.id}`, { method: "PUT", token: admin.token }), 200);
    expect(again.items).toEqual(added.items);
    await json(await app.api(`/api/v1/spaces/${A.id}/now`, { token: opB.token }), 200);

    const set = await json<Assigned>(await app.api(ops, { method: "PUT", token: admin.token, body: { memberIds: [opB.id] } }), 200);
    expect(set.items.map((i) => i.member.id)).toEqual([opB.id]);
    await expectProblem(await app.api(`/api/v1/spaces/${A.id}/now`, { token: opA.token }), 404, "not_found");

    expect((await app.api(`${ops}/${opB.id}`, { method: "DELETE", token: admin.token })).status).toBe(204);
    expect((await json<Assigned>(await app.api(ops, { token: admin.token }), 200)).items).toEqual([]);
    await expectProblem(await app.api(`${ops}/${opB.id}`, { method: "DELETE", token: admin.token }), 404, "not_found");
    // Nobody is assigned: the admin still runs the space.
    await json(await app.api(`/api/v1/spaces/${A.id}/now`, { token: admin.token }), 200);
  });

  it("refuses a member without the operator role (422 not_an_operator), bad ids and non-admins, changing nothing", async () => {
    const ops = `/api/v1/spaces/${A.id}/operators`;
    const before = await app.db.rowCounts();
    const refused = await json<{ code: string; reason: string }>(await app.api(`${ops}/${member.id}`, { method: "PUT", token: admin.token }), 422);
    expect(refused).toMatchObject({ code: "rule_violation", reason: "not_an_operator" });
    await expectProblem(await app.api(ops, { method: "PUT", token: admin.token, body: { memberIds: [opB.id, member.id] } }), 422, "rule_violation");
    await expectProblem(await app.api(ops, { method: "PUT", token: admin.token, body: { memberIds: ["nope"] } }), 400, "validation_failed");
    await expectProblem(await app.api(ops, { method: "PUT", token: admin.token, body: { memberIds: [], extra: 1 } }), 400, "validation_failed");
    await expectProblem(await app.api(`/api/v1/spaces/00000000-0000-4000-8000-000000000000/operators/${opB.id}`, { method: "PUT", token: admin.token }), 404, "not_found");
    for (const who of [opA, opB, member]) {
      await expectProblem(await app.api(ops, { token: who.token }), 403, "forbidden");
      await expectProblem(await app.api(`${ops}/${opB.id}`, { method: "PUT", token: who.token }), 403, "forbidden");
      await expectProblem(await app.api(`${ops}/${opA.id}`, { method: "DELETE", token: who.token }), 403, "forbidden");
    }
    expect(await app.db.rowCounts()).toEqual(before);
    // In the reader's language.
    const words = await app.api(`${ops}/${member.id}`, { method: "PUT", token: admin.token, headers: { "accept-language": "id" } });
    expect(((await words.json()) as { detail: string }).detail).toContain("operator");
  });
});

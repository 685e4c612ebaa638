import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryId, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { json } from "../support/app.js";
import { alice, bob, bookingApi, useBookingApp, type Booking } from "../support/bookings.js";
import { createSpace, type TestMember, type TestSpace } from "../support/factories.js";

// The day view of a space of 200 desks: every busy interval, only my own marked mine, in as many queries as
// for one desk.

/**
 * Records the SQL of every query the app executes while `recording` is on (a Kysely plugin on the app's own
 * connection): how the availability view is proven to cost the same queries for 1 or 200 resources.
 */
class QueryLog implements KyselyPlugin {
  recording = false;
  readonly executed: string[] = [];
  readonly #pending = new WeakMap<QueryId, RootOperationNode>();
  compile: (node: RootOperationNode, queryId: QueryId) => string = () => "";

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (this.recording) this.#pending.set(queryId, node);
    return node;
  }

  async transformResult({ queryId, result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const node = this.#pending.get(queryId);
    if (node) {
      this.#pending.delete(queryId);
      this.executed.push(this.compile(node, queryId));
    }
    return result;
  }

  async during<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
    this.executed.length = 0;
    this.recording = true;
    try {
      const result = await work();
      return { result, queries: [...this.executed] };
    } finally {
      this.recording = false;
    }
  }
}

const queryLog = new QueryLog();
const app = useBookingApp({ plugins: [queryLog] });
beforeAll(() => {
  queryLog.compile = (node, queryId) => app.db.db.getExecutor().compileQuery(node, queryId).sql;
});
const { api, cancel, viewer } = bookingApi(app);

type DayView = {
  resources: Array<{ id: string; kind: string; busy: Array<{ start: string; end: string; status: string; mine: boolean; bookingId?: string }> }>;
};

describe("availability at scale", () => {
  async function bookDirect(who: TestMember, resourceId: string, start: string, end: string) {
    return app.services.bookings.create(viewer(who), { resourceId, start, end });
  }

  const bookingReads = (queries: string[]) => queries.filter((q) => /from "bookings"/i.test(q));
  const resourceReads = (queries: string[]) => queries.filter((q) => /from "resources"/i.test(q));

  it("returns 200 desks with their busy intervals in a fixed number of queries, marking only my own as mine", async () => {
    const big: TestSpace = await createSpace(app.services, { desks: 200 });
    const desks = big.resources.filter((r) => r.kind === "desk");
    expect(desks).toHaveLength(200);
    const bookingIds = new Map<string, { owner: string; ids: string[] }>();
    for (const [i, r] of big.resources.entries()) {
      const owner = i % 2 === 0 ? alice : bob;
      const ids = [(await bookDirect(owner, r.id, "2027-03-02T09:00", "2027-03-02T10:00")) as Booking].map((b) => b.id);
      if (i % 10 === 0) ids.push(((await bookDirect(alice, r.id, "2027-03-02T14:00", "2027-03-02T15:00")) as Booking).id);
      bookingIds.set(r.id, { owner: owner.id, ids });
    }
    // A booking on another day and a cancelled one stay out of the day view.
    await bookDirect(alice, desks[1]!.id, "2027-03-03T09:00", "2027-03-03T10:00");
    const cancelled = (await bookDirect(alice, desks[3]!.id, "2027-03-02T16:00", "2027-03-02T17:00")) as Booking;
    expect((await cancel(alice, cancelled.id)).status).toBe(204);

    const res = await api(`/api/v1/spaces/${big.id}/availability?date=2027-03-02`, { token: alice.token });
    const day = await json<DayView>(res, 200);
    expect(day.resources).toHaveLength(201);
    expect(day.resources.filter((r) => r.kind === "desk")).toHaveLength(200);
    expect(new Set(day.resources.map((r) => r.id))).toEqual(new Set(big.resources.map((r) => r.id)));
    let total = 0;
    for (const [i, r] of big.resources.entries()) {
      const got = day.resources.find((x) => x.id === r.id)!;
      const expected = bookingIds.get(r.id)!;
      expect(got.busy, r.name).toHaveLength(i % 10 === 0 ? 2 : 1);
      total += got.busy.length;
      expect(got.busy[0]).toMatchObject({ start: "2027-03-02T09:00:00+07:00", end: "2027-03-02T10:00:00+07:00", status: "confirmed" });
      for (const [k, slot] of got.busy.entries()) {
        const mine = k === 1 || expected.owner === alice.id;
        expect(slot.mine, `${r.name} #${k}`).toBe(mine);
        if (mine) expect(slot.bookingId).toBe(expected.ids[k]);
        else expect(slot).not.toHaveProperty("bookingId");
      }
    }
    expect(total).toBe(201 + 21);

    // The same view costs the same queries for a space of one desk as for 200: one read of bookings, one of resources.
    const small = await createSpace(app.services, { desks: 1 });
    await bookDirect(bob, small.resources[0]!.id, "2027-03-02T09:00", "2027-03-02T10:00");
    const dayView = async (spaceId: string, who: TestMember) =>
      json<DayView>(await api(`/api/v1/spaces/${spaceId}/availability?date=2027-03-02`, { token: who.token }), 200);
    await dayView(small.id, alice); // warm-up: the same session resolution for both measured requests
    const one = await queryLog.during(() => dayView(small.id, alice));
    const many = await queryLog.during(() => dayView(big.id, alice));
    expect(one.result.resources).toHaveLength(2);
    expect(many.result.resources).toHaveLength(201);
    expect(bookingReads(one.queries)).toHaveLength(1);
    expect(bookingReads(many.queries)).toHaveLength(1);
    expect(resourceReads(many.queries)).toHaveLength(1);
    expect(many.queries.length).toBe(one.queries.length);

    // Bob sees the same intervals; only his own are marked mine, with their ids.
    const asBob = await dayView(big.id, bob);
    const bobsMine = asBob.resources.flatMap((r) => r.busy.filter((s) => s.mine).map((s) => ({ resourceId: r.id, bookingId: s.bookingId })));
    expect(bobsMine).toHaveLength(100);
    for (const { resourceId, bookingId } of bobsMine) {
      expect(bookingIds.get(resourceId)).toEqual({ owner: bob.id, ids: [bookingId] });
    }
    expect(asBob.resources.flatMap((r) => r.busy.filter((s) => !s.mine)).every((s) => s.bookingId === undefined)).toBe(true);
  });
});

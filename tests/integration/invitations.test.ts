import { describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { assignOperator, createMember, createSpace } from "../support/factories.js";

const NOW = "2026-12-06T09:00:00.000Z";
const clock = fixedClock(NOW);
const app = useTestApp({ clock, now: NOW });
const onPostgres = Boolean(process.env.DATABASE_URL);

type Problem = { code: string; reason?: string };
const invite = (token: string, body: Record<string, unknown>) => app.api("/api/v1/invitations", { body, token });
async function linkToken(to: string): Promise<string> {
  const row = await app.db.db.selectFrom("outbox").selectAll().where("kind", "=", "invitation").where("address", "=", to).orderBy("created_at", "desc").executeTakeFirstOrThrow();
  return (row.payload as { data: { token: string } }).data.token;
}
const signup = (email: string, invitation: string) =>
  app.api("/api/v1/auth/signup", { body: { email, password: "a long enough password", name: "Invited Person", invitation } });
async function project(ownerToken: string) {
  return json<{ id: string }>(await app.api("/api/v1/projects", { body: { name: "Kopi Bersama" }, token: ownerToken }), 201);
}

describe("invitations", () => {
  it("an admin invites an operator for a space: the mail is written, the sign-up sets role and space, confirms the address, and uses the link once", async () => {
    const admin = await createMember(app.db.db, app.services, { role: "admin" });
    const space = await createSpace(app.services);
    const created = await json<{ id: string; expiresAt: string }>(await invite(admin.token, { email: "Op@Test.Jejaring.id", role: "operator", spaceId: space.id }), 201);
    expect(new Date(created.expiresAt).getTime() - new Date(NOW).getTime()).toBe(7 * 86_400_000);
    const outbox = await app.db.db.selectFrom("outbox").selectAll().where("kind", "=", "invitation").execute();
    expect(outbox.map((r) => [r.channel, r.address, r.member_id])).toEqual([["email", "op@test.jejaring.id", null]]);
    const token = await linkToken("op@test.jejaring.id");
    const preview = await json<Record<string, unknown>>(await app.api(`/api/v1/invitations/preview?token=${token}`), 200);
    expect(preview).toMatchObject({ inviterName: admin.name, email: "op@test.jejaring.id", role: "operator" });
    const { member } = await json<{ member: { id: string; role: string } }>(await signup("op@test.jejaring.id", token), 201);
    expect(member.role).toBe("operator");
    const row = await app.db.db.selectFrom("members").select(["email_verified_at"]).where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(row.email_verified_at).not.toBeNull();
    expect(await app.db.db.selectFrom("space_operators").select("member_id").where("space_id", "=", space.id).execute()).toEqual([{ member_id: member.id }]);
    // The invited address is confirmed, so no verification link is sent.
    expect(await app.db.db.selectFrom("outbox").select("id").where("kind", "=", "email_verification").execute()).toEqual([]);
    const again = await json<Problem>(await signup("someone-else@test.jejaring.id", token), 422);
    expect([again.code, again.reason]).toEqual(["rule_violation", "invitation_invalid"]);
    expect(await app.db.db.selectFrom("members").select("id").where("email", "=", "someone-else@test.jejaring.id").execute()).toEqual([]);
    expect((await json<Problem>(await app.api(`/api/v1/invitations/preview?token=${token}`), 422)).reason).toBe("invitation_invalid");
  });

  it("a sign-up with another address gets the role but still has to confirm its address", async () => {
    const admin = await createMember(app.db.db, app.services, { role: "admin" });
    await json(await invite(admin.token, { email: "invited@test.jejaring.id" }), 201);
    const { member } = await json<{ member: { id: string; role: string } }>(await signup("other@test.jejaring.id", await linkToken("invited@test.jejaring.id")), 201);
    expect(member.role).toBe("member");
    const row = await app.db.db.selectFrom("members").select(["email_verified_at"]).where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(row.email_verified_at).toBeNull();
    expect(await app.db.db.selectFrom("outbox").select("address").where("kind", "=", "email_verification").execute()).toEqual([{ address: "other@test.jejaring.id" }]);
  });

  it("operators: member or operator for a space they run; not admin, not another space (403), not a missing space (404)", async () => {
    const op = await createMember(app.db.db, app.services, { role: "operator" });
    const mine = await createSpace(app.services);
    const theirs = await createSpace(app.services);
    await assignOperator(app.db.db, mine.id, op.id);
    expect((await invite(op.token, { email: "a@test.jejaring.id", spaceId: mine.id })).status).toBe(201);
    expect((await invite(op.token, { email: "b@test.jejaring.id", role: "operator", spaceId: mine.id })).status).toBe(201);
    for (const body of [
      { email: "c@test.jejaring.id", role: "admin", spaceId: mine.id },
      { email: "d@test.jejaring.id", spaceId: theirs.id },
      { email: "e@test.jejaring.id", role: "operator" },
    ]) {
      const p = await json<Problem>(await invite(op.token, body), 403);
      expect([p.code, p.reason]).toEqual(["forbidden", "invite_role"]);
    }
    await expectProblem(await invite(op.token, { email: "f@test.jejaring.id", spaceId: "00000000-0000-4000-8000-000000000abc" }), 404, "not_found");
  });

  it("project owners invite members into their project only; a member of it may not (403); an outsider gets 404", async () => {
    const owner = await createMember(app.db.db, app.services);
    const insider = await createMember(app.db.db, app.services);
    const outsider = await createMember(app.db.db, app.services);
    const p = await project(owner.token);
    await app.db.db.insertInto("project_members").values({ project_id: p.id, member_id: insider.id, role: "member", last_read_seq: 0 }).execute();
    expect((await invite(owner.token, { phone: "+6281234567890", projectId: p.id })).status).toBe(201);
    const wa = await app.db.db.selectFrom("outbox").selectAll().where("kind", "=", "invitation").executeTakeFirstOrThrow();
    expect([wa.channel, wa.address]).toEqual(["whatsapp", "+6281234567890"]);
    expect((await json<Problem>(await invite(owner.token, { email: "x@test.jejaring.id", projectId: p.id, role: "operator" }), 403)).reason).toBe("invite_role");
    expect((await json<Problem>(await invite(insider.token, { email: "y@test.jejaring.id", projectId: p.id }), 403)).reason).toBe("invite_role");
    await expectProblem(await invite(outsider.token, { email: "z@test.jejaring.id", projectId: p.id }), 404, "not_found");
    // A plain member with no project invites no one.
    expect((await json<Problem>(await invite(outsider.token, { email: "w@test.jejaring.id" }), 403)).reason).toBe("invite_role");
    // The invited person joins the project on sign-up.
    await json(await invite(owner.token, { email: "joiner@test.jejaring.id", projectId: p.id }), 201);
    const { member } = await json<{ member: { id: string } }>(await signup("joiner@test.jejaring.id", await linkToken("joiner@test.jejaring.id")), 201);
    const rows = await app.db.db.selectFrom("project_members").select("role").where("project_id", "=", p.id).where("member_id", "=", member.id).execute();
    expect(rows).toEqual([{ role: "member" }]);
  });

  it("bad input is 400: neither email nor phone, unknown keys, a bad phone", async () => {
    const admin = await createMember(app.db.db, app.services, { role: "admin" });
    await expectProblem(await invite(admin.token, {}), 400, "validation_failed");
    await expectProblem(await invite(admin.token, { email: "a@test.jejaring.id", extra: true }), 400, "validation_failed");
    await expectProblem(await invite(admin.token, { phone: "0812" }), 400, "validation_failed");
    await expectProblem(await app.api("/api/v1/invitations", { body: { email: "a@test.jejaring.id" } }), 401, "unauthenticated");
  });

  it("an expired invitation (fixed clock) and a withdrawn one are 422 invitation_invalid", async () => {
    const admin = await createMember(app.db.db, app.services, { role: "admin" });
    await json(await invite(admin.token, { email: "late@test.jejaring.id" }), 201);
    const late = await linkToken("late@test.jejaring.id");
    const { id } = await json<{ id: string }>(await invite(admin.token, { email: "gone@test.jejaring.id" }), 201);
    const gone = await linkToken("gone@test.jejaring.id");
    expect((await app.api(`/api/v1/invitations/${id}`, { method: "DELETE", token: admin.token })).status).toBe(204);
    expect((await json<Problem>(await signup("gone@test.jejaring.id", gone), 422)).reason).toBe("invitation_invalid");
    clock.advance(7 * 86_400_000 + 1);
    expect((await json<Problem>(await signup("late@test.jejaring.id", late), 422)).reason).toBe("invitation_invalid");
    const list = await json<{ items: Array<{ email: string; status: string }> }>(await app.api("/api/v1/invitations", { token: admin.token }), 200);
    // Both were made at the same fixed instant: compare as a set.
    expect(list.items.map((i) => [i.email, i.status]).sort()).toEqual([
      ["gone@test.jejaring.id", "revoked"],
      ["late@test.jejaring.id", "expired"],
    ]);
  });

  it("the list shows only what I sent; someone else's invitation cannot be withdrawn (404)", async () => {
    const op = await createMember(app.db.db, app.services, { role: "operator" });
    const other = await createMember(app.db.db, app.services, { role: "operator" });
    const space = await createSpace(app.services);
    await assignOperator(app.db.db, space.id, op.id);
    const { id } = await json<{ id: string }>(await invite(op.token, { email: "a@test.jejaring.id", spaceId: space.id }), 201);
    expect((await json<{ items: unknown[] }>(await app.api("/api/v1/invitations", { token: other.token }), 200)).items).toEqual([]);
    expect((await json<{ items: Array<{ id: string }> }>(await app.api("/api/v1/invitations", { token: op.token }), 200)).items.map((i) => i.id)).toEqual([id]);
    await expectProblem(await app.api(`/api/v1/invitations/${id}`, { method: "DELETE", token: other.token }), 404, "not_found");
  });

  it("the list names each invitation's space, project and inviter, and narrows to one space or one project; the preview says where the link leads", async () => {
    const op = await createMember(app.db.db, app.services, { role: "operator", name: "Opa Ruang" });
    const space = await createSpace(app.services);
    const elsewhere = await createSpace(app.services);
    await assignOperator(app.db.db, space.id, op.id);
    await assignOperator(app.db.db, elsewhere.id, op.id);
    const { name: spaceName } = await app.db.db.selectFrom("spaces").select("name").where("id", "=", space.id).executeTakeFirstOrThrow();
    const p = await project(op.token);
    const here = await json<{ id: string }>(await invite(op.token, { email: "here@test.jejaring.id", role: "operator", spaceId: space.id }), 201);
    await json(await invite(op.token, { email: "there@test.jejaring.id", spaceId: elsewhere.id }), 201);
    const team = await json<{ id: string }>(await invite(op.token, { email: "team@test.jejaring.id", projectId: p.id }), 201);
    type Item = { id: string; spaceId: string | null; spaceName: string | null; projectId: string | null; projectName: string | null; inviterName: string | null };
    const list = async (q = "") => json<{ items: Item[] }>(await app.api(`/api/v1/invitations${q}`, { token: op.token }), 200);
    const bySpace = await list(`?spaceId=${space.id}`);
    expect(bySpace.items.map((i) => [i.id, i.spaceName, i.projectName, i.inviterName])).toEqual([[here.id, spaceName, null, op.name]]);
    const byProject = await list(`?projectId=${p.id}`);
    expect(byProject.items.map((i) => [i.id, i.spaceName, i.projectName])).toEqual([[team.id, null, "Kopi Bersama"]]);
    expect((await list()).items).toHaveLength(3);
    await expectProblem(await app.api("/api/v1/invitations?spaceId=nope", { token: op.token }), 400, "validation_failed");
    await expectProblem(await app.api(`/api/v1/invitations?spaceId=${space.id}&extra=1`, { token: op.token }), 400, "validation_failed");
    const preview = await json<Record<string, unknown>>(await app.api(`/api/v1/invitations/preview?token=${await linkToken("here@test.jejaring.id")}`), 200);
    expect(preview).toMatchObject({ role: "operator", spaceId: space.id, spaceName, projectId: null, projectName: null });
    const joining = await json<Record<string, unknown>>(await app.api(`/api/v1/invitations/preview?token=${await linkToken("team@test.jejaring.id")}`), 200);
    expect(joining).toMatchObject({ role: "member", spaceId: null, projectId: p.id, projectName: "Kopi Bersama" });
  });

  it.skipIf(!onPostgres)("two sign-ups racing with one invitation: exactly one succeeds (PostgreSQL; PGlite runs one connection, so nothing races)", async () => {
    const admin = await createMember(app.db.db, app.services, { role: "admin" });
    await json(await invite(admin.token, { email: "race@test.jejaring.id", role: "operator" }), 201);
    const token = await linkToken("race@test.jejaring.id");
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => signup(`racer-${i}@test.jejaring.id`, token)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 422, 422, 422, 422, 422]);
    const operators = await app.db.db.selectFrom("members").select("email").where("email", "like", "racer-%").execute();
    expect(operators).toHaveLength(1);
  });
});

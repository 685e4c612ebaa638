import { randomUUID } from "node:crypto";
import { redirect, type AppLoadContext } from "@remix-run/node";
import { runBookingIntent, type IntentResult } from "~/lib/booking-intents.server";
import { domainError, errorsByField } from "~/lib/forms";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

/** What a form post in the room answers (progressive enhancement: the page shows it without JavaScript too). */
export type RoomResult =
  | { intent: string; ok: true; booking?: IntentResult }
  | { intent: string; ok: false; code: string; message: string; errors?: Record<string, string>; booking?: IntentResult };

const DEFAULT_ZONE = "Asia/Jakarta";

const str = (form: FormData, key: string): string | undefined => {
  const v = form.get(key);
  return typeof v === "string" ? v : undefined;
};
const num = (form: FormData, key: string): number | undefined => {
  const v = str(form, key);
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

const notFound = () => new Response("Not found", { status: 404 });

/** The project id from the URL, or a 404 (never reveal whether a project exists). */
export function projectIdFrom(context: AppLoadContext, param: string | undefined): string {
  const id = context.validate(context.schemas.projects.ProjectEvent.shape.projectId, param);
  if (!id.ok) throw notFound();
  return id.data;
}

/** Everything the room page shows: the project, the latest messages, tasks, meetings and the pickers' options. */
export async function loadRoom(request: Request, context: AppLoadContext, viewer: Viewer, projectId: string) {
  const s = context.services;
  const url = new URL(request.url);
  const project = await s.projects.get(viewer.id, projectId).catch((error: unknown) => {
    if (domainError(error)?.code === "not_found") throw notFound();
    throw error;
  });
  // Read after the project (and its lastSeq): the pages below are complete up to that seq.
  const beforeParam = context.validate(context.schemas.projects.MessagesQuery, { beforeSeq: url.searchParams.get("before") ?? undefined });
  const beforeSeq = beforeParam.ok ? beforeParam.data.beforeSeq : undefined;
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  // A search the directory refuses (a control character in it) finds nobody rather than failing the page.
  const directoryQuery = q ? context.validate(context.schemas.network.DirectoryQuery, { q, limit: 10 }) : null;
  const isOwner = project.role === "owner";
  const inProject = new Set(project.members.map((m) => m.id));

  const [page, tasks, meetings, spaces, connections, directory] = await Promise.all([
    s.projects.messages(viewer.id, projectId, { ...(beforeSeq ? { beforeSeq } : {}), limit: 50 }),
    s.projects.tasks(viewer.id, projectId),
    s.bookings.forProject(viewer, projectId),
    s.spaces.list(),
    isOwner ? s.network.connections(viewer) : Promise.resolve([]),
    isOwner && directoryQuery?.ok ? s.network.directory(viewer, directoryQuery.data) : Promise.resolve(null),
  ]);
  const rooms = await Promise.all(
    spaces.map(async (space) => ({
      spaceId: space.id,
      spaceName: space.name,
      timezone: space.timezone,
      rooms: (await s.spaces.resources(space.id, { activeOnly: true }))
        .filter((r) => r.kind !== "desk")
        .map((r) => ({ id: r.id, name: r.name, kind: r.kind, capacity: r.capacity })),
    })),
  );
  const card = (m: { id: string; name: string; headline: string }) => ({ id: m.id, name: m.name, headline: m.headline });
  const last = page.items[page.items.length - 1];

  return {
    me: { id: viewer.id, name: viewer.name },
    project,
    messages: page.items,
    hasOlder: page.hasMore,
    olderThan: beforeSeq ?? null,
    // The live room asks for everything after this on its first join.
    cursor: beforeSeq ? (last?.updatedSeq ?? beforeSeq - 1) : project.lastSeq,
    tasks,
    meetings: meetings.map((b) => ({
      id: b.id,
      resourceName: b.resourceName,
      spaceName: b.spaceName,
      start: b.start,
      end: b.end,
      timezone: b.timezone,
    })),
    rooms: rooms.filter((sp) => sp.rooms.length > 0),
    invitable: connections
      .filter((c) => c.status === "accepted" && !inProject.has(c.member.id))
      .map((c) => card(c.member)),
    search: directory ? { q, results: directory.items.filter((m) => !inProject.has(m.id)).map(card) } : q ? { q, results: [] } : null,
    /** The no-JavaScript composer's client id: a re-post of the same form stores the message once. */
    clientId: randomUUID(),
    /** The longest message the server takes (the composer and the edit form say so before posting). */
    messageMax: context.limits.maxLengths(context.schemas.projects.MessageSendInput).body!,
    /** Chat times are shown in this zone until the browser's own is known (no hydration mismatch). */
    zone: spaces[0]?.timezone ?? DEFAULT_ZONE,
  };
}

export type RoomData = Awaited<ReturnType<typeof loadRoom>>;

function invalid(intent: string, errors: Array<{ path: string; message: string }>): RoomResult {
  return { intent, ok: false, code: "validation_failed", message: errors.map((e) => e.message).join("; "), errors: errorsByField(errors) };
}

/** The room's form intents: parse with the API's schemas, call the service, answer with a result to show. */
export async function runRoomIntent(
  context: AppLoadContext,
  viewer: Viewer,
  projectId: string,
  form: FormData,
): Promise<{ result: RoomResult; status: number } | Response> {
  const p = context.services.projects;
  const S = context.schemas.projects;
  const intent = str(form, "intent") ?? "";
  const ok = (): { result: RoomResult; status: number } => ({ result: { intent, ok: true }, status: 200 });
  const bad = (errors: Array<{ path: string; message: string }>) => ({ result: invalid(intent, errors), status: 400 });
  try {
    switch (intent) {
      case "send": {
        const parsed = context.validate(S.MessageSendInput, { body: str(form, "body") ?? "", clientId: str(form, "clientId") ?? "" });
        if (!parsed.ok) return bad(parsed.errors);
        await p.send(viewer.id, projectId, parsed.data);
        return ok();
      }
      case "edit-message": {
        const parsed = context.validate(S.EditEvent, { messageId: str(form, "messageId"), body: str(form, "body") ?? "" });
        if (!parsed.ok) return bad(parsed.errors);
        await p.edit(viewer.id, parsed.data.messageId, parsed.data.body);
        return ok();
      }
      case "delete-message": {
        const parsed = context.validate(S.DeleteEvent, { messageId: str(form, "messageId") });
        if (!parsed.ok) return bad(parsed.errors);
        await p.remove(viewer.id, parsed.data.messageId);
        return ok();
      }
      case "add-member": {
        const parsed = context.validate(S.AddMemberInput, { memberId: str(form, "memberId") });
        if (!parsed.ok) return bad(parsed.errors);
        await p.addMember(viewer.id, projectId, parsed.data);
        return ok();
      }
      case "remove-member":
      case "leave": {
        const memberId = intent === "leave" ? viewer.id : str(form, "memberId");
        const parsed = context.validate(S.AddMemberInput, { memberId });
        if (!parsed.ok) return bad(parsed.errors);
        await p.removeMember(viewer.id, projectId, parsed.data.memberId);
        if (parsed.data.memberId === viewer.id) return redirect("/projects");
        return ok();
      }
      case "make-owner": {
        const parsed = context.validate(S.AddMemberInput, { memberId: str(form, "memberId"), role: "owner" });
        if (!parsed.ok) return bad(parsed.errors);
        await p.setRole(viewer.id, projectId, parsed.data.memberId, "owner");
        return ok();
      }
      case "edit-project": {
        const parsed = context.validate(S.ProjectUpdateInput, { name: str(form, "name") ?? "", description: str(form, "description") ?? "" });
        if (!parsed.ok) return bad(parsed.errors);
        await p.update(viewer.id, projectId, parsed.data);
        return ok();
      }
      case "create-task": {
        const parsed = context.validate(S.TaskCreateInput, {
          title: str(form, "title") ?? "",
          status: str(form, "status") || undefined,
          assigneeId: str(form, "assigneeId") || undefined,
        });
        if (!parsed.ok) return bad(parsed.errors);
        await p.createTask(viewer.id, projectId, parsed.data);
        return ok();
      }
      case "move-task":
      case "update-task": {
        const taskId = context.validate(S.TaskUpdateEvent.shape.taskId, str(form, "taskId"));
        if (!taskId.ok) return bad(taskId.errors);
        const changes =
          intent === "move-task"
            ? { status: str(form, "status") || undefined, position: num(form, "position") }
            : { title: str(form, "title"), assigneeId: str(form, "assigneeId") === undefined ? undefined : str(form, "assigneeId") || null };
        const parsed = context.validate(S.TaskUpdateInput, { ...changes, version: num(form, "version") });
        if (!parsed.ok) return bad(parsed.errors);
        const { version, ...rest } = parsed.data;
        await p.updateTask(viewer.id, taskId.data, version, rest);
        return ok();
      }
      case "book": {
        const booking = await runBookingIntent(context, viewer, "", form, { projectId });
        return booking.ok
          ? { result: { intent, ok: true, booking }, status: 200 }
          : { result: { intent, ok: false, code: booking.code, message: booking.message, booking }, status: booking.status };
      }
      default:
        return { result: { intent, ok: false, code: "validation_failed", message: "Unknown action." }, status: 400 };
    }
  } catch (error) {
    const e = domainError(error);
    if (!e) throw error;
    return { result: { intent, ok: false, code: e.code, message: e.message }, status: context.errors.statusOf(e.code) };
  }
}

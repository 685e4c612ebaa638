import { randomUUID } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { runBookingIntent, type IntentResult } from "~/lib/booking-intents.server";
import { runChatIntent } from "~/lib/chat-intents.server";
import { fieldsOf, type ErrorKey, type FormError } from "~/lib/forms";
import { fail, failure, parseForm } from "~/lib/forms.server";
import { orNotFound } from "~/lib/guards.server";
import { INVITATION_INTENTS, ROOM_INTENTS } from "~/lib/intents";
import { runInvitationIntent, type InvitationResult } from "~/lib/invitation-intents.server";
import { TASK_INTENTS } from "~/lib/board";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

type Done = { ok: true; booking?: Extract<IntentResult, { ok: true }>; left?: true };
/**
 * What a form post in the room answers (progressive enhancement: the page shows it without JavaScript too): the intent
 * that posted it (so the right form shows the outcome) and a success (a booking's, or that the viewer left) or the
 * one FormError.
 */
export type RoomResult = ({ intent: string } & (Done | FormError)) | InvitationResult;

const DEFAULT_ZONE = "Asia/Jakarta";

/** Everything the room page shows: the project, the latest messages, tasks, meetings and the pickers' options. */
export async function loadRoom(request: Request, context: AppLoadContext, viewer: Viewer, projectId: string) {
  const s = context.services;
  const url = new URL(request.url);
  const { maxLengths } = context.limits;
  const S = context.schemas.projects;
  const max = {
    /** The longest message the server takes (the composer and the edit form say so before posting). */
    message: maxLengths(S.MessageSendInput).body!,
    task: maxLengths(S.TaskCreateInput).title!,
    taskDescription: maxLengths(S.TaskCreateInput).description!,
    comment: maxLengths(S.TaskCommentInput).body!,
    project: maxLengths(S.ProjectUpdateInput),
    search: maxLengths(context.schemas.network.DirectoryQuery).q!,
    invite: maxLengths(context.schemas.accounts.InvitationInput),
  };
  const project = await orNotFound(s.projects.get(viewer.id, projectId));
  // Read after the project (and its lastSeq): the pages below are complete up to that seq. A page link that is not
  // one ("Load earlier messages" is a GET form) shows the latest page.
  const before = parseForm(context, S.MessagesQuery, { beforeSeq: url.searchParams.get("before") || undefined });
  const beforeSeq = before.ok ? before.data.beforeSeq : undefined;
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, max.search);
  // A search the directory refuses (a control character in it) finds nobody rather than failing the page.
  const directoryQuery = q ? parseForm(context, context.schemas.network.DirectoryQuery, { q, limit: 10 }) : null;
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
  // An owner's invitations to this project (by email, for someone not on Jejaring yet).
  const invitations = isOwner ? (await s.accounts.invitations.list(viewer, { projectId })).items : [];
  const withRooms = await Promise.all(
    spaces.map(async (space) => ({
      space,
      rooms: (await s.spaces.resources(space.id, { activeOnly: true })).flatMap((r) =>
        r.kind === "desk" ? [] : [{ id: r.id, name: r.name, kind: r.kind, capacity: r.capacity }],
      ),
    })),
  );
  // Only rooms that seat the whole team, and a first slot in each space's own zone (the service decides both).
  const meetingPlan = s.projects.meetingPlan(project.members.length, withRooms);
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
    meetingPlan,
    invitable: connections
      .filter((c) => c.status === "accepted" && !inProject.has(c.member.id))
      .map((c) => card(c.member)),
    /** Whether the owner has any connection at all (none yet is a different next step than "all already here"). */
    hasConnections: connections.some((c) => c.status === "accepted"),
    search: directory ? { q, results: directory.items.filter((m) => !inProject.has(m.id)).map(card) } : q ? { q, results: [] } : null,
    invitations,
    /** The no-JavaScript composer's client id: a re-post of the same form stores the message once. */
    clientId: randomUUID(),
    /** Each text field's maximum length, from the server's schemas. */
    max,
    /** Chat times are shown in this zone until the browser's own is known (no hydration mismatch). */
    zone: spaces[0]?.timezone ?? DEFAULT_ZONE,
  };
}

export type RoomData = Awaited<ReturnType<typeof loadRoom>>;

/** The room's form intents: parse with the API's schemas, call the service, answer with a result to show. */
export async function runRoomIntent(context: AppLoadContext, viewer: Viewer, projectId: string, form: FormData): Promise<RoomResult> {
  const p = context.services.projects;
  const S = context.schemas.projects;
  const f = fieldsOf(form);
  const intent = f.text("intent");
  const answer = (result: Done | FormError): RoomResult => ({ ...result, intent });
  /** Parse the input with the schema; if it passes, call the service with it. */
  const run = async <T extends z.ZodType>(
    schema: T,
    input: unknown,
    call: (data: z.infer<T>) => Promise<unknown>,
    keyOf?: ErrorKey,
  ): Promise<RoomResult> => {
    const parsed = parseForm(context, schema, input, keyOf);
    if (!parsed.ok) return answer(parsed);
    await call(parsed.data);
    return answer({ ok: true });
  };
  try {
    switch (intent) {
      case ROOM_INTENTS.send:
      case ROOM_INTENTS.editMessage:
      case ROOM_INTENTS.deleteMessage:
        return answer(await runChatIntent(context, viewer, projectId, intent, f));
      case ROOM_INTENTS.addMember:
        return await run(S.AddMemberInput, { memberId: f.text("memberId") }, (d) => p.addMember(viewer.id, projectId, d));
      case ROOM_INTENTS.makeOwner:
        return await run(S.AddMemberInput, { memberId: f.text("memberId"), role: "owner" }, (d) => p.setRole(viewer.id, projectId, d.memberId, "owner"));
      case ROOM_INTENTS.removeMember:
      case ROOM_INTENTS.leave: {
        // Leaving is confirmed in the form first; a post without the confirmation changes nothing.
        if (intent === ROOM_INTENTS.leave && f.text("confirm") !== "yes") {
          return answer(fail(context, "validation_failed", "", { confirm: "required" }));
        }
        const memberId = intent === ROOM_INTENTS.leave ? viewer.id : f.text("memberId");
        const result = await run(S.AddMemberInput, { memberId }, (d) => p.removeMember(viewer.id, projectId, d.memberId));
        // Removing oneself is leaving: the page is no longer the viewer's to see.
        return result.ok && memberId === viewer.id ? { ...result, left: true } : result;
      }
      case ROOM_INTENTS.editProject:
        return await run(S.ProjectUpdateInput, { name: f.text("name"), description: f.text("description") }, (d) => p.update(viewer.id, projectId, d));
      case ROOM_INTENTS.createTask: {
        const input = { title: f.text("title"), status: f.optional("status"), assigneeId: f.optional("assigneeId"), dueDate: f.optional("dueDate") };
        return await run(S.TaskCreateInput, input, (d) => p.createTask(viewer.id, projectId, d));
      }
      case ROOM_INTENTS.moveTask:
      case ROOM_INTENTS.updateTask: {
        // A move posts the card's new column and place; an edit posts the whole card (its title and assignee).
        const changes =
          intent === ROOM_INTENTS.moveTask
            ? { status: f.optional("status"), position: f.number("position") }
            : {
                title: f.text("title"),
                assigneeId: f.optional("assigneeId") ?? null,
                description: f.text("description"),
                dueDate: f.optional("dueDate") ?? null,
              };
        // The socket's schema: the task, its changes and the version they were made on (errors keyed by the field).
        const input = { taskId: f.text("taskId"), changes, version: f.int("version") };
        const lastSegment: ErrorKey = (path) => path.split(".").pop() || "_form";
        return await run(S.TaskUpdateEvent, input, (d) => p.updateTask(viewer.id, d.taskId, d.version, d.changes), lastSegment);
      }
      case TASK_INTENTS.archive: {
        const input = { taskId: f.text("taskId"), changes: { archived: f.text("archived") === "true" }, version: f.int("version") };
        return await run(S.TaskUpdateEvent, input, (d) => p.updateTask(viewer.id, d.taskId, d.version, d.changes));
      }
      case TASK_INTENTS.delete: {
        // Deleting is confirmed in the card's menu first; a post without the confirmation deletes nothing.
        if (f.text("confirm") !== "yes") return answer(fail(context, "validation_failed", "", { confirm: "required" }));
        const input = { taskId: f.text("taskId"), version: f.int("version") };
        return await run(S.TaskDeleteEvent, input, (d) => p.deleteTask(viewer.id, d.taskId, d.version));
      }
      case TASK_INTENTS.comment: {
        const input = { taskId: f.text("taskId"), body: f.text("body"), clientId: f.text("clientId") };
        return await run(S.TaskCommentEvent, input, (d) => p.commentTask(viewer.id, d.taskId, { body: d.body, clientId: d.clientId }));
      }
      case INVITATION_INTENTS.invite:
      case INVITATION_INTENTS.withdraw:
        // An owner invites by email into this project, as a member (the service checks that they own it).
        return await runInvitationIntent(context, viewer, f, { projectId, role: "member" });
      case ROOM_INTENTS.book: {
        const booking = await runBookingIntent(context, viewer, "", form, { projectId });
        return answer(booking.ok ? { ok: true, booking } : booking);
      }
      default:
        return answer(fail(context, "validation_failed", "Unknown action."));
    }
  } catch (error) {
    return answer(failure(context, error));
  }
}

import type { ProjectsService } from "../domain/projects/index.js";
import { notFound } from "../domain/errors.js";
import type { EventBus } from "../events.js";
import type { Logger } from "../logger.js";
import { clientEventSchemas as E } from "./schemas.js";
import { handle, rooms, type AppSocket, type IO } from "./shared.js";

/** Sockets of members who have the room open: presence and typing go here. */
const here = (projectId: string) => `${rooms.project(projectId)}:here`;
const HERE = /^project:(.+):here$/;
const PROJECT_ROOM = /^project:([^:]+)(?::here)?$/;

/** The project a room belongs to (its chat room or its presence room), or null. */
export function projectOfRoom(room: string): string | null {
  return PROJECT_ROOM.exec(room)?.[1] ?? null;
}

/** Who has the room open, across tabs, devices and nodes (one entry per member). */
async function onlineIn(io: IO, projectId: string): Promise<string[]> {
  // Across nodes when the adapter can reach them; this node's own sockets when it cannot (Redis away).
  const sockets = await io
    .in(here(projectId))
    .fetchSockets()
    .catch(() => io.local.in(here(projectId)).fetchSockets());
  return [...new Set(sockets.map((s) => s.data.memberId))].sort();
}

/** Tells the room who is here now; `gone` is left out even if its sockets are still leaving (other nodes). */
function announcePresence(io: IO, logger: Logger, projectId: string, gone?: string): void {
  onlineIn(io, projectId).then(
    (online) => io.to(here(projectId)).emit("presence", { projectId, online: online.filter((id) => id !== gone) }),
    (error) => logger.warn("presence lookup failed", { error: String(error) }),
  );
}

/** Project rooms: every member's sockets follow all their projects' events; `project:join` opens one room. */
export function registerProjectHandlers(io: IO, socket: AppSocket, projects: ProjectsService, logger: Logger): void {
  const memberId = socket.data.memberId;

  // Follow every project the member is in (new messages feed unread counts everywhere in the app). A recovered
  // socket came back with its stored rooms, checked just before recovery (recovery.ts); a project left since that
  // check (before this socket could be reached by the removal) is dropped here.
  projects
    .idsOf(memberId)
    .then(async (ids) => {
      await socket.join(ids.map(rooms.project));
      if (!socket.recovered) return;
      const allowed = new Set(ids);
      const stale = [...socket.rooms].filter((room) => {
        const id = projectOfRoom(room);
        return id !== null && !allowed.has(id);
      });
      for (const room of stale) await socket.leave(room);
    })
    .catch((error: unknown) => logger.error("project subscription failed", { error }));

  socket.on(
    "project:join",
    handle(logger, E["project:join"], async ({ projectId, afterSeq }) => {
      // A team project's room or a direct conversation's: the same room, the same events.
      if (!(await projects.inRoom(projectId, memberId))) throw notFound("Project");
      // Subscribe before reading the gap: whatever commits after the read reaches this socket live.
      await socket.join([rooms.project(projectId), here(projectId)]);
      try {
        const catchUp = await projects.catchUp(memberId, projectId, afterSeq);
        const online = await onlineIn(io, projectId);
        socket.to(here(projectId)).emit("presence", { projectId, online });
        return { ...catchUp, online };
      } catch (error) {
        // Removed in between: leave again, nothing was read.
        await socket.leave(rooms.project(projectId));
        await socket.leave(here(projectId));
        throw error;
      }
    }),
  );

  socket.on(
    "project:leave",
    handle(logger, E["project:leave"], async ({ projectId }) => {
      if (socket.rooms.has(here(projectId))) {
        await socket.leave(here(projectId));
        io.to(here(projectId)).volatile.emit("typing", { projectId, memberId, typing: false });
        announcePresence(io, logger, projectId);
      }
      return {};
    }),
  );

  socket.on(
    "project:read",
    handle(logger, E["project:read"], async ({ projectId, seq }) => {
      await projects.markRead(memberId, projectId, seq);
      return {};
    }),
  );

  socket.on(
    "message:send",
    handle(logger, E["message:send"], async ({ projectId, body, clientId }) => {
      const { message } = await projects.send(memberId, projectId, { body, clientId });
      return { message };
    }),
  );
  socket.on(
    "message:edit",
    handle(logger, E["message:edit"], async ({ messageId, body }) => ({ message: await projects.edit(memberId, messageId, body) })),
  );
  socket.on(
    "message:delete",
    handle(logger, E["message:delete"], async ({ messageId }) => ({ message: await projects.remove(memberId, messageId) })),
  );

  // Typing is volatile: never stored, never acked, dropped when the network is busy; only from inside the room.
  socket.on("typing", (payload: unknown) => {
    const parsed = E.typing.safeParse(payload);
    if (!parsed.success || !socket.rooms.has(here(parsed.data.projectId))) return;
    const { projectId, typing } = parsed.data;
    socket.volatile.to(here(projectId)).emit("typing", { projectId, memberId, typing });
  });

  socket.on(
    "task:create",
    handle(logger, E["task:create"], async ({ projectId, ...input }) => ({ task: await projects.createTask(memberId, projectId, input) })),
  );
  socket.on(
    "task:update",
    handle(logger, E["task:update"], async ({ taskId, changes, version }) => ({
      task: await projects.updateTask(memberId, taskId, version, changes),
    })),
  );
  socket.on(
    "task:delete",
    handle(logger, E["task:delete"], async ({ taskId, version }) => ({ task: await projects.deleteTask(memberId, taskId, version) })),
  );
  socket.on(
    "task:comment",
    handle(logger, E["task:comment"], async ({ taskId, body, clientId }) => projects.commentTask(memberId, taskId, { body, clientId })),
  );

  socket.on("disconnecting", () => {
    const open = [...socket.rooms].flatMap((room) => HERE.exec(room)?.[1] ?? []);
    if (open.length === 0) return;
    // After "disconnecting" the socket leaves its rooms; announce once it has.
    socket.once("disconnect", () =>
      open.forEach((projectId) => {
        io.to(here(projectId)).volatile.emit("typing", { projectId, memberId, typing: false });
        announcePresence(io, logger, projectId);
      }),
    );
  });
}

/** Room events from the domain → the project's room; membership changes move the member's sockets. */
export function mapProjectEvents(io: IO, bus: EventBus, logger: Logger): void {
  bus.subscribe("project.message", ({ projectId, message, change }) => {
    io.to(rooms.project(projectId)).emit(change === "new" ? "message:new" : "message:updated", { projectId, message });
  });
  bus.subscribe("project.task", ({ projectId, task }) => {
    io.to(rooms.project(projectId)).emit("task:changed", { projectId, task });
  });
  bus.subscribe("project.membership", ({ projectId, memberId, change, kind = "team" }) => {
    const sockets = io.in(rooms.member(memberId));
    if (change === "added") {
      sockets.socketsJoin(rooms.project(projectId));
    } else {
      // Dropped at once, on every node: no more messages, presence or typing from this room.
      sockets.socketsLeave([rooms.project(projectId), here(projectId)]);
      announcePresence(io, logger, projectId, memberId);
    }
    io.to(rooms.member(memberId)).emit("project:membership", { projectId, change, kind });
  });
}

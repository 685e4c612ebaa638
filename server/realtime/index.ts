import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { Config } from "../config.js";
import { DomainError, notFound } from "../domain/errors.js";
import type { EventBus } from "../events.js";
import { allowedOrigins, readCookies, requestProtocol, SESSION_COOKIE } from "../http/auth.js";
import { localeFrom } from "../http/locale.js";
import type { Logger } from "../logger.js";
import type { Services } from "../services.js";
import { mapProjectEvents, registerProjectHandlers } from "./projects.js";
import { DEFAULT_EVENT_RATE, tokenBucket, type EventRate } from "./rate-limit.js";
import { closeWithNotice } from "./close.js";
import { guardRecovery, mayRecover } from "./recovery.js";
import { clientEventSchemas as E, isClientEvent } from "./schemas.js";
import { connectionTime, DEFAULT_MAX_SOCKETS_PER_MEMBER, enforceSocketCap } from "./socket-cap.js";
import { handle, rooms, toAckError, wordAck, type IO } from "./shared.js";

export { handle, rooms, toAckError, type AppSocket, type IO } from "./shared.js";

export type RealtimeOptions = {
  httpServer: HttpServer;
  config: Config;
  services: Services;
  bus: EventBus;
  logger: Logger;
  adapter?: Parameters<IO["adapter"]>[0];
  /** Per-socket budget for client events (default 30 at once, 10 per second). */
  eventRate?: EventRate;
  /** Sockets one member may hold across every node; the oldest are closed beyond it (default 20). */
  maxSocketsPerMember?: number;
};

export function createRealtime({
  httpServer,
  config,
  services,
  bus,
  logger,
  adapter,
  eventRate = DEFAULT_EVENT_RATE,
  maxSocketsPerMember = DEFAULT_MAX_SOCKETS_PER_MEMBER,
}: RealtimeOptions): IO {
  const io: IO = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    ...(adapter ? { adapter } : {}),
    // Refuse handshakes from foreign origins before anything else happens. Non-browser clients send no Origin.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (!origin) return callback(null, true);
      const ok = allowedOrigins(config, req.headers.host, requestProtocol(config, req)).includes(origin.replace(/\/$/, ""));
      callback(ok ? null : "origin not allowed", ok);
    },
  });

  // A stored session comes back only if the database still backs it and every project room in it (recovery.ts).
  guardRecovery(io, mayRecover(services), logger);

  // Credentials: the session cookie (browser) or `auth: { token }` (scripts, apps).
  io.use(async (socket, next) => {
    try {
      const authToken = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const token =
        typeof authToken === "string" ? authToken : readCookies(socket.handshake.headers.cookie)[SESSION_COOKIE];
      const viewer = token ? await services.identity.resolve(token) : null;
      if (!viewer) return next(new Error("unauthenticated"));
      // A recovered socket carries its stored session's rooms; under other credentials it keeps none of them.
      if (socket.recovered && socket.data.sessionId !== viewer.sessionId) {
        for (const room of [...socket.rooms]) if (room !== socket.id) await socket.leave(room);
      }
      socket.data.memberId = viewer.id;
      socket.data.sessionId = viewer.sessionId;
      socket.data.name = viewer.name;
      socket.data.locale = localeFrom(socket.handshake.headers, viewer.locale);
      socket.data.connectedAt = connectionTime();
      next();
    } catch (error) {
      logger.error("socket auth failed", { error });
      next(new Error("unavailable"));
    }
  });

  io.on("connection", (socket) => {
    // Every client event spends from the socket's bucket; an empty bucket answers `rate_limited` and runs nothing.
    const bucket = tokenBucket(eventRate);
    // An event nobody handles is answered `not_found` (after spending from the bucket) instead of never.
    socket.use((packet, next) => {
      const [event] = packet;
      const given = packet[packet.length - 1];
      // Every error ack leaves in the reader's words (the handlers' and the refusals below alike).
      const ack = typeof given === "function" ? (r: unknown) => given(wordAck(r, socket.data.locale ?? "id")) : given;
      if (typeof given === "function") packet[packet.length - 1] = ack;
      const refuse = (error: DomainError) => {
        if (typeof ack === "function") ack(toAckError(error, logger));
      };
      // Leaving a room only lowers the load: never refuse it.
      if (event === "project:leave") return next();
      if (!bucket.take()) return refuse(new DomainError("rate_limited", "Too many events: slow down.", { reason: "too_many_events", retryAfter: bucket.retryAfter() }));
      if (!isClientEvent(event)) return refuse(new DomainError("not_found", "No such event.", { reason: "event" }));
      next();
    });

    // Join first, then re-check: a revocation between the handshake and the join cannot slip through. Then the
    // member's sockets are counted (this one included) and the oldest closed beyond the cap.
    void (async () => {
      await socket.join([rooms.member(socket.data.memberId), rooms.session(socket.data.sessionId)]);
      if (!(await services.identity.isSessionLive(socket.data.sessionId).catch(() => false))) {
        closeWithNotice(io, socket.id, (to) => to.emit("session:ended", { reason: "revoked" }));
        return;
      }
      await enforceSocketCap(io, socket, maxSocketsPerMember, logger);
    })().catch((error: unknown) => logger.warn("socket connection checks failed", { error: String(error) }));

    socket.on(
      "space:watch",
      handle(logger, E["space:watch"], async ({ spaceId }) => {
        if (!(await services.spaces.exists(spaceId))) throw notFound("Space");
        await socket.join(rooms.space(spaceId));
        return {};
      }),
    );
    socket.on(
      "space:unwatch",
      handle(logger, E["space:unwatch"], async ({ spaceId }) => {
        await socket.leave(rooms.space(spaceId));
        return {};
      }),
    );
    registerProjectHandlers(io, socket, services.projects, logger);
  });

  // Log-out and revocation end the session's sockets at once, on every node (rooms span nodes with an adapter).
  bus.subscribe("session.revoked", ({ sessionIds, accountDeleted }) => {
    const reason = accountDeleted ? "account_deleted" : "logged_out";
    for (const id of sessionIds) closeWithNotice(io, rooms.session(id), (to) => to.emit("session:ended", { reason }));
  });

  // Domain events → rooms. The database is the truth; these tell watchers to refresh what changed.
  bus.subscribe("booking.changed", ({ spaceId, resourceId, start, end }) => {
    io.to(rooms.space(spaceId)).emit("availability:changed", { spaceId, resourceId, start, end });
  });
  bus.subscribe("presence.changed", ({ spaceId }) => {
    services.bookings.presence(spaceId).then(
      ({ items }) =>
        io.to(rooms.space(spaceId)).emit("presence:space", { spaceId, here: items.map((i) => ({ id: i.member.id, name: i.member.name })) }),
      (error) => logger.error("presence broadcast failed", { error }),
    );
  });
  mapProjectEvents(io, bus, logger);
  bus.subscribe("notification.created", ({ memberId, notification }) => {
    io.to(rooms.member(memberId)).emit("notification", { notification });
  });

  return io;
}

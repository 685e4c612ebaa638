import type { Logger } from "../logger.js";
import { closeWithNotice } from "./close.js";
import { rooms, type AppSocket, type IO } from "./shared.js";

/** How many sockets one member may hold at once, across every node (tabs, devices, scripts). */
export const DEFAULT_MAX_SOCKETS_PER_MEMBER = 20;

/** A sortable connection time: sub-millisecond, so sockets opened in one millisecond still have an order. */
export const connectionTime = (): number => performance.timeOrigin + performance.now();

/**
 * Keeps a member at `max` sockets: when a new one makes it more, the oldest are told why (`connection:replaced`)
 * and closed. A close from the server is final for socket.io-client (it does not reconnect by itself) and the app
 * does not reopen it, so tabs never take turns pushing each other out. Counted across nodes through the adapter;
 * while Redis is away, on this node alone.
 */
export async function enforceSocketCap(io: IO, socket: AppSocket, max: number, logger: Logger): Promise<void> {
  const room = rooms.member(socket.data.memberId);
  const sockets = await io
    .in(room)
    .fetchSockets()
    .catch(() => io.local.in(room).fetchSockets());
  if (sockets.length <= max) return;
  const oldest = [...sockets]
    .sort((a, b) => (a.data.connectedAt ?? 0) - (b.data.connectedAt ?? 0) || a.id.localeCompare(b.id))
    .slice(0, sockets.length - max);
  const notice = { reason: "too_many_connections", limit: max } as const;
  for (const { id } of oldest) closeWithNotice(io, id, (to) => to.emit("connection:replaced", notice));
  logger.info("socket cap reached: closed the oldest", { memberId: socket.data.memberId, closed: oldest.length, max });
}

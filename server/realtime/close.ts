import type { IO } from "./shared.js";

type Operator = ReturnType<IO["to"]>;

/**
 * Tells the sockets of `target` (a room, or one socket's id) why, then closes them, on every node, notice first.
 *
 * The order is not free: with connection-state recovery on, even `socket.emit` goes through the adapter, and a
 * cluster adapter (Redis) delivers a broadcast only after publishing it, while it closes this node's sockets at
 * once, so a plain emit-then-close loses the notice here. This node's sockets are therefore told and closed
 * locally, in order; other nodes get the notice published before the close, and read them in that order.
 */
export function closeWithNotice(io: IO, target: string, notify: (to: Operator) => void): void {
  notify(io.local.to(target));
  io.local.in(target).disconnectSockets(true);
  notify(io.to(target));
  io.in(target).disconnectSockets(true);
}

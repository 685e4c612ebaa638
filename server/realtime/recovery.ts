import type { Session } from "socket.io-adapter";
import type { SocketData } from "../contract/realtime.js";
import type { Logger } from "../logger.js";
import type { Services } from "../services.js";
import { projectOfRoom } from "./projects.js";
import type { IO } from "./shared.js";

type Restore = (pid: string, offset: string) => Promise<Session | null>;

/**
 * Whether a stored session may be recovered: its session is still live (not logged out, revoked, expired, or
 * ended by a suspension) and its member is still in every project whose rooms it held.
 */
export function mayRecover(services: Pick<Services, "identity" | "projects">) {
  return async (session: Session): Promise<boolean> => {
    const data = session.data as Partial<SocketData> | undefined;
    if (!data?.sessionId || !data.memberId) return false;
    const held = [...new Set(session.rooms.flatMap((room) => projectOfRoom(room) ?? []))];
    const [live, ids] = await Promise.all([
      services.identity.isSessionLive(data.sessionId),
      held.length ? services.projects.idsOf(data.memberId) : Promise.resolve([]),
    ]);
    if (!live) return false;
    const allowed = new Set(ids);
    return held.every((id) => allowed.has(id));
  };
}

/**
 * Connection-state recovery restores only what the database still allows.
 *
 * socket.io builds a recovered socket from the stored session: it re-joins the stored rooms and writes the missed
 * packets to the wire while it constructs the socket, before any middleware runs and before the CONNECT packet
 * (the client buffers them and hands them out on its next connect). The missed packets come back without the
 * room they were sent to, so they cannot be sorted per room afterwards. Hence the check sits in the adapter's
 * `restoreSession`, before socket.io sees the session: a session the database no longer backs, or one that held a
 * project room its member has since left, is simply not recovered. The client then connects afresh (the auth
 * middleware decides), its rooms are derived from the database, and an open project room catches up by seq, as
 * on any connection. A check that fails (database away) also means "not recovered": never the unsafe side.
 */
export function guardRecovery(io: IO, check: (session: Session) => Promise<boolean>, logger: Logger): void {
  const adapter = io.of("/").adapter as unknown as { restoreSession: Restore };
  const restore: Restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restore(pid, offset);
    if (!session) return null;
    try {
      return (await check(session)) ? session : null;
    } catch (error) {
      logger.warn("socket recovery check failed: connecting afresh", { error: String(error) });
      return null;
    }
  };
}

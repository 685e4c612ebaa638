// The typed event maps of the realtime contract (shared/API.md), used by the server and the browser.
// Types only: nothing here runs.

export type AckError = { code: string; message: string };
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: AckError };

export type NotificationPayload = {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
};

export interface ServerToClientEvents {
  notification: (payload: { notification: NotificationPayload }) => void;
  "availability:changed": (payload: { spaceId: string; resourceId: string; start: string; end: string }) => void;
  "presence:space": (payload: { spaceId: string; here: Array<{ id: string; name: string }> }) => void;
  /** Sent just before the server disconnects a socket whose session ended (log-out, revoked token). */
  "session:ended": (payload: { reason: "logged_out" | "revoked" }) => void;
}

export interface ClientToServerEvents {
  "space:watch": (payload: { spaceId: string }, ack: (res: Ack) => void) => void;
  "space:unwatch": (payload: { spaceId: string }, ack: (res: Ack) => void) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  memberId: string;
  sessionId: string;
  name: string;
}

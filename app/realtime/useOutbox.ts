import { useCallback, useEffect, useRef, type Dispatch } from "react";
import type { AckError, MessagePayload } from "../../server/contract/realtime";
import { newClientId } from "~/lib/chat-text";
import { ACK_TIMEOUT_MS, OFFLINE, refusal, type Refusal } from "./acks";
import { readOutbox, writeOutbox } from "./outbox-store";
import { storedOutbox, TRANSIENT_SEND_ERRORS, type PendingMessage, type RoomAction } from "./room-state";
import type { AppClientSocket } from "./socket";

export type MessageResult = { ok: true } | Refusal;

/**
 * Sending and changing one's messages over the socket. A message goes into the outbox at once and leaves it when
 * the server confirms it (its ack, its broadcast or a catch-up, whichever comes first). While the room is not live
 * (the connection is down, or not up yet) it waits, and goes out by itself on the next join; an ack lost to a
 * dropped connection puts it back to waiting. A refusal leaves it failed, with a retry. Every send of one message
 * carries its client id, so the server stores it once. The outbox is kept in the tab's storage: a reload restores
 * what was not yet confirmed, and it goes out again.
 */
export function useOutbox(
  socket: AppClientSocket | null,
  projectId: string,
  me: string,
  live: boolean,
  pending: PendingMessage[],
  dispatch: Dispatch<RoomAction>,
) {
  const pendingRef = useRef(pending);
  pendingRef.current = pending;
  const liveRef = useRef(live);
  liveRef.current = live;

  // What a reload left behind comes back first (after hydration: storage is the browser's).
  useEffect(() => {
    const items = readOutbox(me, projectId);
    if (items.length) dispatch({ type: "restored", items });
  }, [me, projectId, dispatch]);

  // Keep the storage's copy equal to the outbox; not on the very first run, which would erase what is restored.
  const written = useRef(false);
  useEffect(() => {
    if (!written.current) {
      written.current = true;
      return;
    }
    writeOutbox(me, projectId, storedOutbox(pending));
  }, [me, projectId, pending]);

  const emitSend = useCallback(
    (clientId: string, body: string) => {
      if (!socket?.connected || !liveRef.current) return dispatch({ type: "waiting", clientId });
      socket.timeout(ACK_TIMEOUT_MS).emit("message:send", { projectId, body, clientId }, (err, res) => {
        if (!err && res.ok) return dispatch({ type: "message", message: res.message });
        const code = refusal(err ?? (res.ok ? null : res.error)).code;
        // Lost with the connection: it waits for the next join rather than asking for a retry.
        if (TRANSIENT_SEND_ERRORS.has(code) && !socket.connected) return dispatch({ type: "waiting", clientId });
        dispatch({ type: "failed", clientId, error: code });
      });
    },
    [socket, projectId, dispatch],
  );

  // Live again (or for the first time): everything that waited goes out, oldest first.
  useEffect(() => {
    if (!live) return;
    for (const item of pending) {
      if (item.status !== "waiting") continue;
      dispatch({ type: "retrying", clientId: item.clientId });
      emitSend(item.clientId, item.body);
    }
  }, [live, pending, emitSend, dispatch]);

  const send = useCallback(
    (body: string) => {
      const clientId = newClientId();
      const now = Boolean(socket?.connected && liveRef.current);
      dispatch({ type: "queued", clientId, body, waiting: !now });
      if (now) emitSend(clientId, body);
    },
    [socket, emitSend, dispatch],
  );

  const retry = useCallback(
    (clientId: string) => {
      const item = pendingRef.current.find((p) => p.clientId === clientId);
      if (!item) return;
      dispatch({ type: "retrying", clientId });
      emitSend(clientId, item.body);
    },
    [emitSend, dispatch],
  );

  const settle =
    (resolve: (r: MessageResult) => void) =>
    (err: Error | null, res: { ok: true; message: MessagePayload } | { ok: false; error: AckError }) => {
      if (!err && res.ok) {
        dispatch({ type: "message", message: res.message });
        resolve({ ok: true });
      } else resolve(refusal(err ?? (res.ok ? null : res.error)));
    };

  const edit = useCallback(
    (messageId: string, body: string): Promise<MessageResult> =>
      new Promise((resolve) => {
        if (!socket?.connected) return resolve(OFFLINE);
        socket.timeout(ACK_TIMEOUT_MS).emit("message:edit", { messageId, body }, settle(resolve));
      }),
    // `settle` only closes over `dispatch`.
    [socket, dispatch],
  );

  const remove = useCallback(
    (messageId: string): Promise<MessageResult> =>
      new Promise((resolve) => {
        if (!socket?.connected) return resolve(OFFLINE);
        socket.timeout(ACK_TIMEOUT_MS).emit("message:delete", { messageId }, settle(resolve));
      }),
    [socket, dispatch],
  );

  return { send, retry, edit, remove };
}

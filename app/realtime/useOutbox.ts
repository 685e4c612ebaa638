import { useCallback, useRef, type Dispatch } from "react";
import type { AckError, MessagePayload } from "../../server/contract/realtime";
import { newClientId } from "~/lib/chat-text";
import { ACK_TIMEOUT_MS, OFFLINE, refusal, type Refusal } from "./acks";
import type { PendingMessage, RoomAction } from "./room-state";
import type { AppClientSocket } from "./socket";

export type MessageResult = { ok: true } | Refusal;

/**
 * Sending and changing one's messages over the socket. A message goes into the outbox (pending) at once and leaves
 * it when the server confirms it (its ack, its broadcast or a catch-up, whichever comes first); an unanswered or
 * refused send stays there as failed, and a retry re-sends it with the same client id (stored once).
 */
export function useOutbox(socket: AppClientSocket | null, projectId: string, pending: PendingMessage[], dispatch: Dispatch<RoomAction>) {
  const pendingRef = useRef(pending);
  pendingRef.current = pending;

  const emitSend = useCallback(
    (clientId: string, body: string) => {
      if (!socket) return dispatch({ type: "failed", clientId, error: "offline" });
      socket.timeout(ACK_TIMEOUT_MS).emit("message:send", { projectId, body, clientId }, (err, res) => {
        if (!err && res.ok) return dispatch({ type: "message", message: res.message });
        dispatch({ type: "failed", clientId, error: refusal(err ?? (res.ok ? null : res.error)).code });
      });
    },
    [socket, projectId, dispatch],
  );

  const send = useCallback(
    (body: string) => {
      const clientId = newClientId();
      dispatch({ type: "queued", clientId, body });
      emitSend(clientId, body);
    },
    [emitSend, dispatch],
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

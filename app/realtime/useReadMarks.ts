import { useCallback, useEffect, useRef } from "react";
import type { AppClientSocket } from "./socket";

const READ_EVERY_MS = 400;

/**
 * Tells the server how far the room is read: at once when it is joined, when the tab becomes visible and when new
 * events arrive, then at most every few hundred milliseconds while more arrive. Only a visible tab reads; never
 * backwards.
 */
export function useReadMarks(socket: AppClientSocket | null, projectId: string, highest: number, joined: boolean) {
  const highestRef = useRef(highest);
  highestRef.current = highest;
  const sent = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const markRead = useCallback(() => {
    if (!socket?.connected || typeof document === "undefined" || document.visibilityState !== "visible") return;
    const seq = highestRef.current;
    if (seq <= sent.current) return;
    sent.current = seq;
    socket.emit("project:read", { projectId, seq }, (res) => {
      if (!res.ok) sent.current = 0;
    });
  }, [socket, projectId]);

  useEffect(() => {
    sent.current = 0;
    const onVisible = () => {
      if (document.visibilityState === "visible") markRead();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      // Leaving within the throttle's wait still reads what was seen (else the room stays unread behind us).
      if (timer.current) {
        clearTimeout(timer.current);
        markRead();
      }
      timer.current = null;
    };
  }, [markRead]);

  useEffect(() => {
    if (joined) markRead();
  }, [joined, markRead]);

  // Leading edge: what arrives is read at once (a member who looks and leaves has read it), then at most every
  // READ_EVERY_MS while more arrives; the wait's end sends the latest.
  useEffect(() => {
    if (!joined || timer.current) return;
    markRead();
    timer.current = setTimeout(() => {
      timer.current = null;
      markRead();
    }, READ_EVERY_MS);
  }, [highest, joined, markRead]);
}

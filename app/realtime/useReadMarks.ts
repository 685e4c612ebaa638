import { useCallback, useEffect, useRef } from "react";
import type { AppClientSocket } from "./socket";

const READ_EVERY_MS = 400;

/**
 * Tells the server how far the room is read: at once when it is joined or the tab becomes visible, and at most
 * every few hundred milliseconds while new events arrive. Only a visible tab reads; never backwards.
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
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [markRead]);

  useEffect(() => {
    if (joined) markRead();
  }, [joined, markRead]);

  useEffect(() => {
    if (!joined || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      markRead();
    }, READ_EVERY_MS);
  }, [highest, joined, markRead]);
}
